"""casework.vault.clamav: uploads scanned by clamd over INSTREAM, refused unless clean."""

from __future__ import annotations

import io
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

from casework.vault import clamav
from casework.vault.clamav import ScanRefused, scan

# The EICAR test file, put together here so that no scanner flags this source file.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-" + b"ANTIVIRUS-TEST-" + b"FILE!$H+H*"
SIGNATURE = "Win.Test.EICAR_HDB-1"


@dataclass
class FakeClamd:
    """clamd on a Unix socket, for one connection: reads INSTREAM to its end, then answers.

    behaviour: "answer" (OK, or FOUND when the stream holds EICAR), "hang up" (close without
    a word), "reply:<text>" (that text), or "silent" (read, then never answer).
    """

    path: Path
    behaviour: str = "answer"
    received: list[bytes] = field(default_factory=list)
    connections: int = 0

    def start(self) -> None:
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(str(self.path))
        self._server.listen(1)
        self._server.settimeout(10)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve_one, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)
        self._server.close()

    def _serve_one(self) -> None:
        try:
            connection, _ = self._server.accept()
        except OSError:
            return
        self.connections += 1
        with connection:
            connection.settimeout(10)
            assert _read(connection, 10) == b"zINSTREAM\0"
            data = bytearray()
            while length := int.from_bytes(_read(connection, 4), "big"):
                data += _read(connection, length)
            self.received.append(bytes(data))
            if self.behaviour == "answer":
                found = EICAR in data
                connection.sendall(
                    f"stream: {SIGNATURE} FOUND\0".encode() if found else b"stream: OK\0"
                )
            elif self.behaviour.startswith("reply:"):
                connection.sendall(self.behaviour.removeprefix("reply:").encode() + b"\0")
            elif self.behaviour == "silent":
                self._stop.wait(10)


def _read(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        part = connection.recv(size - len(data))
        if not part:
            raise ConnectionError("client hung up")
        data += part
    return data


@pytest.fixture
def clamd(settings, tmp_path):
    """Starts a FakeClamd with the behaviour given, at the socket CLAMD_SOCKET names."""
    started: list[FakeClamd] = []

    def start(behaviour: str = "answer") -> FakeClamd:
        fake = FakeClamd(tmp_path / "clamd.sock", behaviour)
        fake.start()
        started.append(fake)
        settings.CLAMD_SOCKET = str(fake.path)
        return fake

    yield start
    for fake in started:
        fake.stop()


def upload(data: bytes) -> io.BytesIO:
    source = io.BytesIO(data)
    source.seek(123)  # wherever the caller left it
    return source


def test_a_clean_file_passes_and_is_sent_whole(clamd):
    fake = clamd()
    data = bytes(range(256)) * 1000  # more than one INSTREAM chunk
    source = upload(data)

    scan(source)

    assert fake.received == [data]
    assert source.tell() == 0


def test_an_empty_file_is_scanned_too(clamd):
    fake = clamd()
    scan(io.BytesIO(b""))
    assert fake.received == [b""]


def test_malware_is_refused_with_its_signature(clamd):
    fake = clamd()
    source = upload(b"%PDF-1.7\n" + EICAR + b"\n")

    with pytest.raises(ScanRefused) as refused:
        scan(source)

    assert refused.value.signature == SIGNATURE
    with translation.override("en"):
        assert str(refused.value.message) == (
            f"The virus scanner found malware in this file ({SIGNATURE}); it was not stored."
        )
    assert fake.received == [source.getvalue()]
    assert source.tell() == 0


def test_the_message_is_translated_when_it_is_read(clamd):
    clamd()
    with translation.override("en"), pytest.raises(ScanRefused) as refused:
        scan(io.BytesIO(EICAR))
    message = refused.value.message
    assert not isinstance(message, str)  # lazy: rendered in the reader's language
    assert SIGNATURE in str(message)


def assert_could_not_check(refused: pytest.ExceptionInfo[ScanRefused]) -> None:
    assert refused.value.signature == ""
    with translation.override("en"):
        assert str(refused.value.message).startswith(
            "The virus scanner could not check this file, so it was not stored."
        )


def test_a_scanner_not_running_refuses_the_file(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "absent.sock")
    source = upload(b"data")
    with pytest.raises(ScanRefused) as refused:
        scan(source)
    assert_could_not_check(refused)
    assert source.tell() == 0


def test_a_socket_no_one_listens_on_refuses_the_file(settings, tmp_path):
    path = tmp_path / "dead.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:
        dead.bind(str(path))  # bound, never listening: connection refused
        settings.CLAMD_SOCKET = str(path)
        with pytest.raises(ScanRefused) as refused:
            scan(upload(b"data"))
    assert_could_not_check(refused)


def test_a_scanner_that_hangs_up_refuses_the_file(clamd):
    fake = clamd("hang up")
    with pytest.raises(ScanRefused) as refused:
        scan(upload(b"data"))
    assert_could_not_check(refused)
    assert fake.received == [b"data"]


@pytest.mark.parametrize(
    "reply", ["INSTREAM size limit exceeded. ERROR", "UNKNOWN COMMAND", "stream: OK but", ""]
)
def test_a_scanner_error_refuses_the_file(clamd, reply):
    clamd(f"reply:{reply}")
    with pytest.raises(ScanRefused) as refused:
        scan(upload(b"data"))
    assert_could_not_check(refused)


def test_a_scanner_that_does_not_answer_in_time_refuses_the_file(clamd, monkeypatch):
    monkeypatch.setattr(clamav, "TIMEOUT_SECONDS", 0.2)
    clamd("silent")
    with pytest.raises(ScanRefused) as refused:
        scan(upload(b"data"))
    assert_could_not_check(refused)


def test_no_socket_configured_scans_nothing(settings, monkeypatch):
    settings.CLAMD_SOCKET = ""

    def no_connection(*args, **kwargs):
        raise AssertionError("scan() connected with CLAMD_SOCKET empty")

    monkeypatch.setattr(clamav.socket, "socket", no_connection)
    source = upload(EICAR)
    scan(source)
    assert source.tell() == 123
