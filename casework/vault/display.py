"""How a file's name and size are shown in messages."""

from __future__ import annotations

import unicodedata

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _


def shown_name(upload: UploadedFile) -> str:
    """A file's name as the browser sent it, fit to be shown in a message: its last part,
    without control or direction characters, at most 80 characters. Never used as a path."""
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = unicodedata.normalize("NFC", name).strip() or _("(no name)")
    return name if len(name) <= 80 else name[:79] + "…"


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"
