"""System checks of the production configuration (those of the keys are in casework.crypto)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

# Backends that send nothing: the console prints each message (a deadline digest, an
# account notice) into the server's log, the file backend writes it to disk in clear, locmem
# keeps it in memory and drops it.
NON_SENDING_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}


@checks.register(checks.Tags.security)
def check_email_backend(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEBUG or settings.EMAIL_BACKEND not in NON_SENDING_EMAIL_BACKENDS:
        return []
    return [
        checks.Error(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which sends nothing and, for the "
            "console and the file backend, writes every message where the server keeps it.",
            hint="Unset EMAIL_BACKEND for SMTP (EMAIL_HOST, EMAIL_PORT, ...), or name "
            "another backend that delivers mail.",
            id="casework.E002",
        )
    ]
