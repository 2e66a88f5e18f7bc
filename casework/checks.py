"""System checks of the production configuration (those of the keys are in casework.crypto)."""

from __future__ import annotations

from pathlib import Path

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


@checks.register(checks.Tags.security)
def check_private_files_dir(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The case files' directory is never one a web server or collectstatic serves."""
    private = Path(settings.PRIVATE_FILES_DIR).resolve()
    served = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    served += [
        Path(str(entry[1] if isinstance(entry, tuple) else entry))
        for entry in settings.STATICFILES_DIRS
    ]
    if settings.MEDIA_ROOT:
        served.append(Path(settings.MEDIA_ROOT))
    clashes = [
        str(path)
        for path in served
        if private == path.resolve()
        or path.resolve() in private.parents
        or private in path.resolve().parents
    ]
    if not clashes:
        return []
    return [
        checks.Error(
            f"PRIVATE_FILES_DIR ({private}) is inside, or holds, a directory that is served "
            f"({', '.join(clashes)}).",
            hint="Set PRIVATE_FILES_DIR to a directory of its own, outside static/, "
            "STATIC_ROOT and MEDIA_ROOT, which no web server serves.",
            id="casework.E003",
        )
    ]
