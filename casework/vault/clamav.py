"""Virus scanning of uploads by ClamAV's daemon, before anything is stored.

settings.CLAMD_SOCKET is the path of clamd's Unix socket (e.g. /run/clamav/clamd.ctl); empty,
nothing is scanned. A TCP address is not supported: the scanner runs on the same host.
The INSTREAM protocol is spoken here rather than through the unmaintained `clamd` package:

    b"zINSTREAM\\0", then chunks each after its length (4 bytes, big-endian), then a zero
    length; clamd answers b"stream: OK\\0" or b"stream: <signature> FOUND\\0".

Scanning fails closed: when scanning is configured, a file the scanner could not check (not
running, timed out, hung up, an error, a file over its StreamMaxLength) is refused like one it
found malware in.
"""

from __future__ import annotations

import logging
import socket
from typing import BinaryIO

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

# Long enough for clamd to scan the largest upload (CASE_FILE_MAX_MB) on a busy host.
TIMEOUT_SECONDS = 60.0
SEND_CHUNK_SIZE = 64 * 1024
# clamd's answers are one short line; more than this is not clamd.
MAX_REPLY_SIZE = 4096

_FOUND = _("The virus scanner found malware in this file (%(signature)s); it was not stored.")
_UNAVAILABLE = _(
    "The virus scanner could not check this file, so it was not stored. Try again later, "
    "or tell an administrator if this happens again."
)


def _interpolate(template: StrOrPromise, values: dict[str, str]) -> str:
    return str(template) % values


# "%" on a lazy string translates at once; this waits for the language of whoever reads it.
_interpolate_lazy = lazy(_interpolate, str)


class ScanRefused(Exception):
    """A file that is not stored: malware found (signature set), or the scan failed ("")."""

    def __init__(self, message: StrOrPromise, signature: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.signature = signature


def scan(source: BinaryIO) -> None:
    """Have clamd scan all of source; ScanRefused unless it says the file is clean.

    source is read from its start, and left at its start.
    """
    path = settings.CLAMD_SOCKET
    if not path:
        return
    source.seek(0)
    try:
        reply = _instream(path, source)
    except OSError as error:
        # Refused, absent, timed out (TimeoutError) or reset: all are OSError.
        logger.warning("ClamAV at %s could not scan an upload: %s", path, error)
        raise ScanRefused(_UNAVAILABLE) from None
    finally:
        source.seek(0)
    _judge(path, reply)


def _instream(path: str, source: BinaryIO) -> bytes:
    """clamd's answer to source sent over INSTREAM, without its terminating NUL."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(TIMEOUT_SECONDS)
        connection.connect(path)
        connection.sendall(b"zINSTREAM\0")
        while chunk := source.read(SEND_CHUNK_SIZE):
            connection.sendall(len(chunk).to_bytes(4, "big") + chunk)
        connection.sendall((0).to_bytes(4, "big"))
        return _read_reply(connection)


def _read_reply(connection: socket.socket) -> bytes:
    reply = b""
    while b"\0" not in reply and len(reply) < MAX_REPLY_SIZE:
        part = connection.recv(MAX_REPLY_SIZE)
        if not part:
            # Hung up: whatever arrived without its NUL is not an answer to trust.
            return b""
        reply += part
    return reply.partition(b"\0")[0]


def _judge(path: str, reply: bytes) -> None:
    text = reply.decode("utf-8", "replace").strip()
    if text == "stream: OK":
        return
    if text.startswith("stream: ") and text.endswith(" FOUND"):
        signature = text.removeprefix("stream: ").removesuffix(" FOUND").strip()
        logger.warning("ClamAV refused an upload: %s", signature)
        raise ScanRefused(_interpolate_lazy(_FOUND, {"signature": signature}), signature)
    logger.warning("ClamAV at %s could not scan an upload: %r", path, text[:200])
    raise ScanRefused(_UNAVAILABLE)
