"""Production settings: they refuse to start with development secrets or without the second
factor (issue 4), and harden cookies and transport."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import DEV_FIELD_ENCRYPTION_KEY, DEV_SECRET_KEY

GOOD = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "FIELD_ENCRYPTION_KEYS": "A" * 43 + "=",
    "ALLOWED_HOSTS": "example.org",
    "REQUIRE_2FA": "1",
}


def run_in_production(*args: str, **env: str) -> subprocess.CompletedProcess:
    """python *args in this checkout, in a fresh interpreter, with GOOD and then env as its
    production environment."""
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for this whole process, and
    # check --deploy rightly warns about it: a production environment does not have it.
    environment = {
        k: v for k, v in os.environ.items() if k not in GOOD and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(  # noqa: S603 - this project's own code in a fresh interpreter
        [sys.executable, *args],
        cwd=Path(__file__).resolve().parents[2],
        env={**environment, **GOOD, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def manage_check(**env) -> subprocess.CompletedProcess:
    return run_in_production("manage.py", "check", "--deploy", "--fail-level", "WARNING", **env)


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


def test_production_refuses_to_start_without_two_factor():
    # Not only the deployment check: any command.
    result = run_in_production("manage.py", "check", REQUIRE_2FA="0")
    assert result.returncode != 0
    assert "REQUIRE_2FA=0 is for the local demo only" in result.stderr


def test_production_settings_harden_cookies_and_transport():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.SECURE_SSL_REDIRECT)"
    )
    result = run_in_production("-c", f"import django; django.setup(); {code}")
    assert result.returncode == 0, result.stderr
    hsts, session_secure, csrf_secure, httponly, samesite, redirect = result.stdout.split()
    assert int(hsts) >= 365 * 24 * 60 * 60
    assert (session_secure, csrf_secure, httponly) == ("True", "True", "True")
    assert samesite in ("Lax", "Strict")
    assert redirect == "True"


def without_debug(**env: str) -> subprocess.CompletedProcess:
    """manage.py check in a fresh interpreter whose environment does not set DEBUG at all."""
    environment = {k: v for k, v in os.environ.items() if k not in GOOD}
    good = {k: v for k, v in GOOD.items() if k != "DEBUG"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    return subprocess.run(  # noqa: S603 - this project's own code in a fresh interpreter
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env={**environment, **good, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_debug_is_off_unless_set():
    result = without_debug()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_without_debug_set_the_development_secret_is_refused():
    result = without_debug(SECRET_KEY=DEV_SECRET_KEY)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
    ],
)
def test_production_refuses_an_email_backend_that_sends_nothing(backend):
    # Not only the deployment check: migrate, runserver and every other command check it.
    for result in (
        manage_check(EMAIL_BACKEND=backend),
        run_in_production("manage.py", "check", EMAIL_BACKEND=backend),
    ):
        assert result.returncode != 0
        assert "casework.E002" in result.stderr
        assert backend in result.stderr


def test_production_sends_mail_by_smtp_unless_told_otherwise():
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    result = run_in_production("-c", f"import django; django.setup(); {code}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


def test_the_console_backend_is_fine_in_development(settings):
    from casework.checks import check_email_backend

    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert check_email_backend(None) == []
    settings.DEBUG = False
    assert [error.id for error in check_email_backend(None)] == ["casework.E002"]
