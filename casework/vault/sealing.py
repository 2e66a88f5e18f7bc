"""Files encrypted with a key of their own, in chunks (decision record 14).

Each file has a random 256-bit data key, kept in the database in an EncryptedTextField, so the
field keys wrap it and `rotate_field_keys` rotates it without rewriting the file. The bytes are
sealed with AES-256-GCM in the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár):

    header   = b"CWV1" + chunk size (4 bytes, big-endian) + salt (16 random bytes)
    chunk i  = AES-GCM(HKDF-SHA256(data key, salt),
                       nonce = i (11 bytes, big-endian) + last flag (1 byte),
                       plaintext of up to chunk size bytes, associated data = header)

Every chunk but the last holds exactly chunk size bytes; the last carries the flag 1, and an
empty file is one last chunk of no bytes. The counter in the nonce detects reordering, the flag
detects truncation and extension, the tag detects any other change. The salt gives every seal
a key of its own even when one data key seals several blobs (a file, its preview and its
thumbnail): a counter nonce repeated under one AES-GCM key would give both plaintexts away.
One chunk is in memory at a time.
"""

from __future__ import annotations

import base64
import binascii
import io
import secrets
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casework.crypto import FieldDecryptionError

CHUNK_SIZE = 64 * 1024
MAGIC = b"CWV1"
SALT_SIZE = 16
HEADER_SIZE = len(MAGIC) + 4 + SALT_SIZE
TAG_SIZE = 16
KEY_SIZE = 32
_HKDF_INFO = b"casework vault CWV1 chunk key"
# Bounds the memory a forged header could make unseal() ask for; the header is authenticated
# as associated data, so any other value than the one sealed with fails at the first chunk.
MAX_CHUNK_SIZE = 1024 * 1024
_COUNTER_SIZE = 11

_CANNOT_DECRYPT = "The file cannot be decrypted: "


class SealBroken(FieldDecryptionError):
    """A sealed file that cannot be decrypted: wrong key, damaged, truncated or reordered.

    The message says which, never what the file holds.
    """


def new_key() -> str:
    """A fresh data key: 32 random bytes as URL-safe base64 text, for an EncryptedTextField."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_SIZE)).decode("ascii")


def seal(source: BinaryIO, key: str, dest: BinaryIO) -> int:
    """Encrypt source, read from where it stands to its end, into dest; the bytes written."""
    data_key = _data_key(key)
    salt = secrets.token_bytes(SALT_SIZE)
    header = MAGIC + CHUNK_SIZE.to_bytes(4, "big") + salt
    aead = _aead(data_key, salt)
    dest.write(header)
    written = len(header)
    counter = 0
    chunk = _read_exactly(source, CHUNK_SIZE)
    while True:
        # Read one chunk ahead: only the end of the source tells which chunk is the last.
        following = _read_exactly(source, CHUNK_SIZE) if len(chunk) == CHUNK_SIZE else b""
        last = not following
        sealed = aead.encrypt(_nonce(counter, last), chunk, header)
        dest.write(sealed)
        written += len(sealed)
        if last:
            return written
        chunk = following
        counter += 1


def unseal(source: BinaryIO, key: str) -> Iterator[bytes]:
    """The plaintext of a sealed file, chunk by chunk, each verified before it is yielded.

    SealBroken may come after some chunks were yielded (a file cut short is only seen at its
    end): a caller that streams them must treat it as a failed download, not a shorter file.
    """
    try:
        data_key = _data_key(key)
    except ValueError:
        raise SealBroken(_CANNOT_DECRYPT + "its key is not a data key.") from None
    header = _read_exactly(source, HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(MAGIC):
        raise SealBroken(_CANNOT_DECRYPT + "it is not a sealed file.")
    chunk_size = int.from_bytes(header[len(MAGIC) : len(MAGIC) + 4], "big")
    if not 0 < chunk_size <= MAX_CHUNK_SIZE:
        raise SealBroken(_CANNOT_DECRYPT + "its header is damaged.")
    aead = _aead(data_key, header[-SALT_SIZE:])
    segment_size = chunk_size + TAG_SIZE
    counter = 0
    segment = _read_exactly(source, segment_size)
    while True:
        # A chunk is the last if the file ends after it; a flag that disagrees fails the tag.
        following = _read_exactly(source, segment_size) if len(segment) == segment_size else b""
        last = not following
        try:
            chunk = aead.decrypt(_nonce(counter, last), segment, header)
        except InvalidTag:
            raise SealBroken(
                _CANNOT_DECRYPT + "wrong key, or the file was damaged, cut short or reordered."
            ) from None
        yield chunk
        if last:
            return
        segment = following
        counter += 1


def seal_bytes(data: bytes, key: str) -> bytes:
    """data sealed in memory, for small blobs such as previews."""
    dest = io.BytesIO()
    seal(io.BytesIO(data), key, dest)
    return dest.getvalue()


def unseal_bytes(blob: bytes, key: str) -> bytes:
    return b"".join(unseal(io.BytesIO(blob), key))


def _data_key(key: str) -> bytes:
    """The 32 bytes of a data key; ValueError if key is not what new_key() makes."""
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError("A data key is 32 bytes of URL-safe base64 (new_key()).") from None
    if len(raw) != KEY_SIZE:
        raise ValueError("A data key is 32 bytes of URL-safe base64 (new_key()).")
    return raw


def _aead(data_key: bytes, salt: bytes) -> AESGCM:
    """The cipher of one seal: the data key and the seal's salt through HKDF-SHA256."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=salt, info=_HKDF_INFO)
    return AESGCM(hkdf.derive(data_key))


def _nonce(counter: int, last: bool) -> bytes:
    # 2**88 chunks will never be reached; to_bytes would raise OverflowError before a repeat.
    return counter.to_bytes(_COUNTER_SIZE, "big") + (b"\x01" if last else b"\x00")


def _read_exactly(source: BinaryIO, size: int) -> bytes:
    """size bytes, or fewer only at the end: a pipe or socket may return less per read."""
    data = source.read(size)
    if len(data) == size or not data:
        return data
    parts = [data]
    missing = size - len(data)
    while missing:
        part = source.read(missing)
        if not part:
            break
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)
