"""Production settings refuse to start with development secrets (issue 4)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import DEV_FIELD_ENCRYPTION_KEY, DEV_SECRET_KEY

GOOD = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "FIELD_ENCRYPTION_KEYS": "A" * 43 + "=",
    "ALLOWED_HOSTS": "example.org",
    "REQUIRE_2FA": "1",
}


def manage_check(**env) -> subprocess.CompletedProcess:
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for this whole process, and
    # check --deploy rightly warns about it: a production environment does not have it.
    environment = {
        k: v for k, v in os.environ.items() if k not in GOOD and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parents[2],
        env={**environment, **GOOD, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_check():
    result = manage_check()
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "env, message",
    [
        ({"SECRET_KEY": DEV_SECRET_KEY}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "Set SECRET_KEY"),
        ({"FIELD_ENCRYPTION_KEYS": DEV_FIELD_ENCRYPTION_KEY}, "Set FIELD_ENCRYPTION_KEYS"),
        ({"REQUIRE_2FA": "0"}, "REQUIRE_2FA=0 is for the local demo only"),
    ],
)
def test_production_refuses_development_secrets(env, message):
    result = manage_check(**env)
    assert result.returncode != 0
    assert message in result.stderr
