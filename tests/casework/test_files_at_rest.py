"""Nothing of a case file readable in a copy of the storage or of the database, and the field
keys' rotation covering the files (docs/adr/0014-files-sealed-with-their-own-key.md)."""

from __future__ import annotations

import zlib

import pytest
from django.core.management import call_command
from django.urls import reverse

from casework.models import CaseFile
from tests.casework.test_encryption import database_bytes, new_key, stored
from tests.factories import attach, pdf_bytes

TEXT = "zqvault-verdict-Hrodna-7001"
TITLE = "zqvault-title-Hrodna-7002"
NAME = "zqvault-name-7003.pdf"


def storage_bytes(settings) -> bytes:
    return b"".join(
        path.read_bytes()
        for path in sorted(settings.PRIVATE_FILES_DIR.rglob("*"))
        if path.is_file()
    )


def windows(content: bytes, size: int = 24, step: int = 97) -> list[bytes]:
    """Pieces of content from all over it: none may be found in ciphertext."""
    return [content[i : i + size] for i in range(0, max(len(content) - size, 1), step)]


def inflated(pdf: bytes) -> bytes:
    """A PDF's bytes with its Flate streams inflated, so that its text can be searched."""
    out = [pdf]
    for start in range(len(pdf)):
        if pdf.startswith(b"stream", start):
            body = pdf[start + 6 :].lstrip(b"\r\n")
            try:
                out.append(zlib.decompressobj().decompress(body))
            except zlib.error:
                continue
    return b"".join(out)


@pytest.mark.django_db(transaction=True)
def test_a_file_is_readable_only_through_the_app(
    login, vera_case, vera_volunteer, settings, tmp_path
):
    file = attach(
        vera_case, vera_volunteer, name=NAME, title=TITLE, content=pdf_bytes(TEXT, pages=2)
    )
    downloaded = b"".join(
        login(vera_volunteer)
        .get(reverse("casework:case_file", args=[vera_case.pk, file.pk]))
        .streaming_content
    )
    # What a user downloads says it...
    assert TEXT.encode() in inflated(downloaded)
    at_rest = storage_bytes(settings)
    assert len(at_rest) > file.size
    # ...and no piece of it is in the storage, nor any name or title.
    for piece in windows(downloaded):
        assert piece not in at_rest
    for secret in (TEXT.encode(), TITLE.encode(), NAME.encode(), b"%PDF", b"\x89PNG"):
        assert secret not in at_rest
    # The database holds neither the content nor the file's key, title or checksum in clear.
    database = database_bytes(tmp_path)
    for secret in (TEXT, TITLE, NAME, file.key, file.sha256):
        assert secret.encode() not in database, secret
    for piece in windows(downloaded, step=997):
        assert piece not in database


@pytest.mark.django_db
def test_rotating_the_field_keys_keeps_every_file_readable(
    login, vera_case, vera_volunteer, settings
):
    file = attach(vera_case, vera_volunteer, content=pdf_bytes("Rotated"))
    at_rest = storage_bytes(settings)
    old_token = stored(CaseFile, "key")[0]
    newest = new_key()
    settings.FIELD_ENCRYPTION_KEYS = [newest, *settings.FIELD_ENCRYPTION_KEYS]
    call_command("rotate_field_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert stored(CaseFile, "key")[0] != old_token
    # The files themselves were not rewritten: their own keys were re-wrapped.
    assert storage_bytes(settings) == at_rest
    settings.FIELD_ENCRYPTION_KEYS = [newest]
    response = login(vera_volunteer).get(
        reverse("casework:case_file", args=[vera_case.pk, file.pk])
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
