"""casework.vault.sealing: files encrypted in authenticated chunks under a key of their own."""

from __future__ import annotations

import hashlib
import io
import tracemalloc

import pytest

from casework.crypto import FieldDecryptionError
from casework.vault.sealing import (
    CHUNK_SIZE,
    HEADER_SIZE,
    TAG_SIZE,
    SealBroken,
    new_key,
    seal,
    seal_bytes,
    unseal,
    unseal_bytes,
)

SENTINEL = b"Ivanova, Minsk, Partizansky 12 -- "
SEGMENT = CHUNK_SIZE + TAG_SIZE


def plaintext(size: int) -> bytes:
    """size bytes of the sentinel over and over, so every 16-byte window of it is known."""
    return (SENTINEL * (size // len(SENTINEL) + 1))[:size]


def segments(blob: bytes) -> list[bytes]:
    body = blob[HEADER_SIZE:]
    return [body[start : start + SEGMENT] for start in range(0, len(body), SEGMENT)]


def join(blob: bytes, parts: list[bytes]) -> bytes:
    return blob[:HEADER_SIZE] + b"".join(parts)


class ShortReads(io.RawIOBase):
    """A source that returns at most 1000 bytes a read, as a pipe or a socket may."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self.data.read(min(size, 1000) if size >= 0 else 1000)


@pytest.mark.parametrize(
    "size", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 17]
)
def test_round_trip(size):
    key = new_key()
    data = plaintext(size)
    source, dest = io.BytesIO(data), io.BytesIO()

    written = seal(source, key, dest)

    blob = dest.getvalue()
    assert written == len(blob)
    chunks = max(1, -(-size // CHUNK_SIZE))
    assert len(blob) == HEADER_SIZE + size + chunks * TAG_SIZE
    yielded = list(unseal(io.BytesIO(blob), key))
    assert len(yielded) == chunks
    assert all(len(chunk) <= CHUNK_SIZE for chunk in yielded)
    assert b"".join(yielded) == data
    assert unseal_bytes(seal_bytes(data, key), key) == data


def test_short_reads_seal_the_same_full_chunks():
    key = new_key()
    data = plaintext(2 * CHUNK_SIZE + 5)
    dest = io.BytesIO()
    seal(ShortReads(data), key, dest)  # type: ignore[arg-type]
    assert [len(part) for part in segments(dest.getvalue())] == [SEGMENT, SEGMENT, 5 + TAG_SIZE]
    assert unseal_bytes(dest.getvalue(), key) == data


def test_new_keys_are_32_random_bytes():
    keys = {new_key() for _ in range(10)}
    assert len(keys) == 10
    assert all(len(key) == 44 for key in keys)


def test_ciphertext_holds_no_window_of_the_plaintext():
    data = plaintext(3 * CHUNK_SIZE + 17)
    blob = seal_bytes(data, new_key())
    windows = {data[start : start + 16] for start in range(len(SENTINEL))}
    assert not [window for window in windows if window in blob]


def test_same_plaintext_under_two_keys_differs():
    data = plaintext(CHUNK_SIZE + 1)
    first, second = seal_bytes(data, new_key()), seal_bytes(data, new_key())
    assert first[:8] == second[:8] == b"CWV1" + CHUNK_SIZE.to_bytes(4, "big")
    assert first[8:] != second[8:]


def test_blobs_sealed_under_one_key_share_no_keystream():
    # A file, its preview and its thumbnail share their data key. Were the same counter nonce
    # used under the same AES-GCM key, the XOR of two ciphertexts would be that of the
    # plaintexts (and the tags could be forged).
    key = new_key()
    first_plain, second_plain = plaintext(1000), bytes(1000)
    first, second = seal_bytes(first_plain, key), seal_bytes(second_plain, key)
    assert first[HEADER_SIZE:] != seal_bytes(first_plain, key)[HEADER_SIZE:]
    xored = bytes(a ^ b for a, b in zip(first[HEADER_SIZE:], second[HEADER_SIZE:], strict=True))
    assert xored[:1000] != first_plain
    assert unseal_bytes(first, key) == first_plain
    assert unseal_bytes(second, key) == second_plain


def test_wrong_key_is_refused_before_any_chunk():
    blob = seal_bytes(plaintext(3 * CHUNK_SIZE), new_key())
    chunks = unseal(io.BytesIO(blob), new_key())
    with pytest.raises(SealBroken, match="cannot be decrypted") as refused:
        next(chunks)
    assert isinstance(refused.value, FieldDecryptionError)
    assert SENTINEL[:8].decode() not in str(refused.value)


@pytest.mark.parametrize("key", ["", "not a key", "c2hvcnQ=", "é"])
def test_a_key_that_is_not_a_data_key_cannot_decrypt(key):
    blob = seal_bytes(b"data", new_key())
    with pytest.raises(SealBroken, match="cannot be decrypted"):
        unseal_bytes(blob, key)
    with pytest.raises(ValueError):
        seal_bytes(b"data", key)


def test_every_byte_flipped_of_a_small_file_is_detected():
    key = new_key()
    blob = seal_bytes(plaintext(100), key)
    for position in range(len(blob)):
        damaged = bytearray(blob)
        damaged[position] ^= 0x01
        with pytest.raises(SealBroken):
            unseal_bytes(bytes(damaged), key)


def test_a_byte_flipped_anywhere_in_a_large_file_is_detected():
    key = new_key()
    blob = seal_bytes(plaintext(3 * CHUNK_SIZE + 17), key)
    # The header, and in each chunk its first, middle and last byte and the first of its tag.
    positions = set(range(HEADER_SIZE))
    start = HEADER_SIZE
    for part in segments(blob):
        positions |= {start, start + len(part) // 2, start + len(part) - TAG_SIZE}
        positions.add(start + len(part) - 1)
        start += len(part)
    positions |= set(range(HEADER_SIZE, len(blob), 4099))
    for position in sorted(positions):
        damaged = bytearray(blob)
        damaged[position] ^= 0x80
        with pytest.raises(SealBroken):
            unseal_bytes(bytes(damaged), key)


@pytest.mark.parametrize("size", [3 * CHUNK_SIZE + 17, 2 * CHUNK_SIZE])
def test_the_last_chunk_cut_away_is_detected(size):
    key = new_key()
    blob = seal_bytes(plaintext(size), key)
    cut = join(blob, segments(blob)[:-1])
    chunks = unseal(io.BytesIO(cut), key)
    with pytest.raises(SealBroken):
        list(chunks)


@pytest.mark.parametrize(
    "length",
    [0, 3, HEADER_SIZE - 1, HEADER_SIZE, HEADER_SIZE + TAG_SIZE - 1, HEADER_SIZE + 1000],
)
def test_a_file_cut_anywhere_is_detected(length):
    key = new_key()
    blob = seal_bytes(plaintext(CHUNK_SIZE + 10), key)
    with pytest.raises(SealBroken):
        unseal_bytes(blob[:length], key)


def test_an_empty_file_without_its_chunk_is_detected():
    key = new_key()
    blob = seal_bytes(b"", key)
    assert unseal_bytes(blob, key) == b""
    with pytest.raises(SealBroken):
        unseal_bytes(blob[:HEADER_SIZE], key)


def test_swapped_chunks_are_detected():
    key = new_key()
    blob = seal_bytes(plaintext(3 * CHUNK_SIZE + 17), key)
    parts = segments(blob)
    parts[0], parts[1] = parts[1], parts[0]
    with pytest.raises(SealBroken):
        unseal_bytes(join(blob, parts), key)


@pytest.mark.parametrize("size", [3 * CHUNK_SIZE + 17, 2 * CHUNK_SIZE, 0])
def test_an_appended_chunk_is_detected(size):
    key = new_key()
    blob = seal_bytes(plaintext(size), key)
    parts = segments(blob)
    with pytest.raises(SealBroken):
        unseal_bytes(join(blob, [*parts, parts[0]]), key)
    # A chunk sealed as the last of another file under the same key does not extend it either.
    longer = segments(seal_bytes(plaintext(size + CHUNK_SIZE), key))
    with pytest.raises(SealBroken):
        unseal_bytes(join(blob, [*parts, longer[-1]]), key)


@pytest.mark.parametrize(
    "header", [b"CWV2" + CHUNK_SIZE.to_bytes(4, "big"), b"CWV1" + bytes(4), b"CWV1\xff\xff\xff\xff"]
)
def test_a_bad_header_is_refused(header):
    key = new_key()
    blob = seal_bytes(plaintext(10), key)
    with pytest.raises(SealBroken, match="cannot be decrypted"):
        unseal_bytes(header + blob[8:], key)


def test_memory_stays_bounded_for_a_20_mb_stream(tmp_path):
    pattern = plaintext(1000)
    plain, sealed = tmp_path / "plain", tmp_path / "sealed"
    expected = hashlib.sha256()
    with plain.open("wb") as file:
        for _ in range(20_000):
            file.write(pattern)
            expected.update(pattern)
    key = new_key()
    unsealed = hashlib.sha256()

    tracemalloc.start()
    try:
        with plain.open("rb") as source, sealed.open("wb") as dest:
            seal(source, key, dest)
        with sealed.open("rb") as source:
            for chunk in unseal(source, key):
                unsealed.update(chunk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert unsealed.digest() == expected.digest()
    assert sealed.stat().st_size > 20_000_000
    assert peak < 2 * 1024 * 1024
