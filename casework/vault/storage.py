"""Where sealed files are kept: the "casefiles" storage of settings.STORAGES.

Only ciphertext reaches the storage, under a random name that tells nothing of the case, the
person, the date or the file's own name; the key to each file is in the database. Only the
storage API (save, open, exists, delete) is used, so a bucket (django-storages' S3Storage)
serves as well as the local disk.
"""

from __future__ import annotations

import io
import secrets
import tempfile
from collections.abc import Iterator
from typing import BinaryIO, cast

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages

from casework.vault.sealing import seal, unseal

# A sealed file bigger than this is spooled to FILE_UPLOAD_TEMP_DIR rather than held in memory;
# it is ciphertext by then, so the disk sees nothing readable.
SPOOL_MAX_SIZE = 1024 * 1024


def vault_storage() -> Storage:
    return storages["casefiles"]


def new_name() -> str:
    """A random name, "ab/cd/<32 hex digits>": 128 bits, spread over 65536 directories."""
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token[2:4]}/{token}"


def store(source: BinaryIO, key: str) -> str:
    """Seal source (from where it stands to its end) under key and store it; the name it has."""
    with tempfile.SpooledTemporaryFile(
        max_size=SPOOL_MAX_SIZE, dir=settings.FILE_UPLOAD_TEMP_DIR
    ) as sealed:
        # The spooled file and Django's File are binary files without being typed BinaryIO.
        seal(source, key, cast(BinaryIO, sealed))
        sealed.seek(0)
        return vault_storage().save(new_name(), File(sealed))


def store_bytes(data: bytes, key: str) -> str:
    return store(io.BytesIO(data), key)


def open_sealed(name: str, key: str) -> Iterator[bytes]:
    """The plaintext of a stored file, chunk by chunk (see sealing.unseal on SealBroken).

    The file is opened at the first chunk asked for and closed when the chunks end or the
    iterator is closed (a streaming response closes it when the client goes away).
    """
    file = vault_storage().open(name, "rb")
    try:
        yield from unseal(cast(BinaryIO, file), key)
    finally:
        file.close()


def read_bytes(name: str, key: str) -> bytes:
    return b"".join(open_sealed(name, key))


def discard(name: str) -> None:
    """Delete a stored file if it is there: after a failed transaction, or at retention."""
    storage = vault_storage()
    if storage.exists(name):
        storage.delete(name)
