"""Encryption at rest of the most sensitive fields (DESIGN.md sections 2 and 9).

The keys come from settings.FIELD_ENCRYPTION_KEYS, newest first and kept apart from
SECRET_KEY: every key decrypts, the newest encrypts, so a key is rotated by putting a new one
in front and running `manage.py rotate_field_keys`.
"""

from __future__ import annotations

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import receiver
from django.test.signals import setting_changed


class FieldDecryptionError(Exception):
    """Stored data that none of the configured keys decrypts.

    Raised rather than showing the ciphertext as if it were the data, or an empty value that
    an edit would then save over what was there.
    """


@functools.cache
def _keys() -> tuple[MultiFernet, Fernet]:
    keys = settings.FIELD_ENCRYPTION_KEYS
    if isinstance(keys, str):
        keys = [key.strip() for key in keys.split(",") if key.strip()]
    if not keys:
        raise ImproperlyConfigured("Set FIELD_ENCRYPTION_KEYS to one or more Fernet keys.")
    try:
        fernets = [Fernet(key) for key in keys]
    except ValueError as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key "
            "(32 random bytes, URL-safe base64: see README, Configuration)."
        ) from error
    return MultiFernet(fernets), fernets[0]


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs) -> None:
    if setting == "FIELD_ENCRYPTION_KEYS":
        _keys.cache_clear()


@checks.register(checks.Tags.security)
def check_keys(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Refuse to start on keys that are not Fernet keys, rather than fail at the first read."""
    try:
        _keys()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="casework.E001")]
    return []


def encrypt(text: str) -> str:
    """A Fernet token of text under the newest key."""
    return _keys()[0].encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _keys()[0].decrypt(token.encode()).decode()
    except InvalidToken:
        raise FieldDecryptionError(
            "Cannot decrypt casework data: FIELD_ENCRYPTION_KEYS does not hold the key "
            "it was encrypted with."
        ) from None


def encrypt_bytes(data: bytes) -> bytes:
    """A Fernet token of data under the newest key (export archives)."""
    return _keys()[0].encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _keys()[0].decrypt(token)
    except InvalidToken:
        raise FieldDecryptionError(
            "Cannot decrypt casework data: FIELD_ENCRYPTION_KEYS does not hold the key "
            "it was encrypted with."
        ) from None


def rotate_bytes(token: bytes) -> bytes | None:
    """The token re-encrypted under the newest key, or None if it is under that key already."""
    rotated = rotate(token.decode("ascii"))
    return None if rotated is None else rotated.encode("ascii")


def rotate(token: str) -> str | None:
    """The token re-encrypted under the newest key, or None if it is under that key already."""
    all_keys, newest = _keys()
    try:
        newest.decrypt(token.encode())
        return None
    except InvalidToken:
        pass
    try:
        return all_keys.rotate(token.encode()).decode()
    except InvalidToken:
        raise FieldDecryptionError(
            "Cannot re-encrypt casework data: FIELD_ENCRYPTION_KEYS does not hold the key "
            "it was encrypted with."
        ) from None
