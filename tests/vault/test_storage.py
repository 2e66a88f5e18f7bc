"""casework.vault.storage: sealed files under random names in the "casefiles" storage."""

from __future__ import annotations

import re
import stat

import pytest
from django.core.files.storage import FileSystemStorage

from casework.vault.sealing import CHUNK_SIZE, SealBroken, new_key
from casework.vault.storage import (
    discard,
    new_name,
    open_sealed,
    read_bytes,
    store,
    store_bytes,
    vault_storage,
)

SENTINEL = b"Passport MP1234567, Hrodna -- "
NAME = re.compile(r"([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{32})")


@pytest.fixture
def vault(settings, tmp_path):
    """The casefiles storage on a directory of the test's own.

    Assigning STORAGES sends setting_changed, on which Django's storages handler forgets the
    storages it made (django.test.signals.storages_changed), here and again when it is undone.
    """
    location = tmp_path / "vault"
    settings.STORAGES = {
        **settings.STORAGES,
        "casefiles": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "location": location,
                "base_url": None,
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        },
    }
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    storage = vault_storage()
    assert isinstance(storage, FileSystemStorage)
    assert storage.location == str(location)
    return location


def plaintext(size: int) -> bytes:
    return (SENTINEL * (size // len(SENTINEL) + 1))[:size]


def test_store_then_open_sealed_round_trip(vault, tmp_path):
    data = plaintext(1024 * 1024)
    original = tmp_path / "passport-ivanova.pdf"
    original.write_bytes(data)
    key = new_key()

    with original.open("rb") as source:
        name = store(source, key)

    assert b"".join(open_sealed(name, key)) == data
    assert read_bytes(name, key) == data
    raw = (vault / name).read_bytes()
    assert SENTINEL[:16] not in raw
    assert len(raw) > len(data)


def test_names_are_random_and_tell_nothing(vault, tmp_path):
    original = tmp_path / "passport-ivanova.pdf"
    original.write_bytes(plaintext(5000))
    key = new_key()

    with original.open("rb") as source:
        first = store(source, key)
    second = store_bytes(plaintext(5000), key)

    assert first != second
    for name in (first, second):
        match = NAME.fullmatch(name)
        assert match
        assert match[3].startswith(match[1] + match[2])
        for part in ("passport", "ivanova", "pdf"):
            assert part not in name
    stored = [path.name for path in vault.rglob("*")]
    assert not [name for name in stored if "ivanova" in name or name.endswith(".pdf")]


def test_new_names_differ():
    names = {new_name() for _ in range(100)}
    assert len(names) == 100
    assert all(NAME.fullmatch(name) for name in names)


def test_stored_files_are_readable_by_the_owner_only(vault):
    name = store_bytes(b"x" * 100, new_key())
    assert stat.S_IMODE((vault / name).stat().st_mode) == 0o600


def test_discard_removes_the_file(vault):
    name = store_bytes(plaintext(100), new_key())
    assert (vault / name).exists()

    discard(name)

    assert not (vault / name).exists()
    assert not vault_storage().exists(name)
    discard(name)  # gone already: nothing to do


def test_the_wrong_key_cannot_read(vault):
    name = store_bytes(plaintext(100_000), new_key())
    with pytest.raises(SealBroken):
        read_bytes(name, new_key())


def test_open_sealed_closes_the_file_when_the_reader_stops(vault, monkeypatch):
    key = new_key()
    data = plaintext(3 * CHUNK_SIZE)
    name = store_bytes(data, key)
    storage = vault_storage()
    opened = []

    def recording_open(name, mode="rb"):
        file = FileSystemStorage.open(storage, name, mode)
        opened.append(file)
        return file

    monkeypatch.setattr(storage, "open", recording_open)
    chunks = open_sealed(name, key)
    assert next(chunks) == data[:CHUNK_SIZE]
    chunks.close()
    assert len(opened) == 1
    assert opened[0].closed

    assert b"".join(open_sealed(name, key)) == data
    assert opened[1].closed
