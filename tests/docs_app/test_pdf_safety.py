"""The PDF renderer fetches nothing but the app's own static files (issue 3).

Two walls: the template escapes every typed value, so hostile text stays text; and the
fetcher refuses any URL that is not one of our static files, should a tag ever get through.
"""

from __future__ import annotations

import builtins
import io
import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import tinycss2
from django.urls import reverse
from weasyprint.urls import URLFetcher

from casework import actions
from docs_app import pdf
from docs_app.summary import css_string
from tests.factories import take_in
from tests.reading import pdf_reader, pdf_text

STYLESHEET_URL = pdf.static_url("docs_app/summary.css")
FONT_URL = pdf.static_url("vendor/noto-sans/400Regular/NotoSans_400Regular.ttf")

REFUSED_URLS = [
    "file:///etc/passwd",
    "http://127.0.0.1:9/x",
    "https://169.254.169.254/",
    "data:text/css,body{background:url(http://127.0.0.1:9/)}",
    "https://casework.invalid/static/../../etc/passwd",
    "https://casework.invalid/static/%2e%2e/%2e%2e/etc/passwd",
    "https://casework.invalid/static/docs_app/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "https://casework.invalid/static/docs_app/../docs_app/summary.css",
    "https://casework.invalid/static/docs_app/x.py",
    "https://casework.invalid/static/docs_app/summary.css.py",
    "https://example.org/static/docs_app/summary.css",
    "https://casework.invalid.example.org/static/docs_app/summary.css",
    "https://casework.invalid:8443/static/docs_app/summary.css",
    "https://user@casework.invalid/static/docs_app/summary.css",
    "http://casework.invalid/static/docs_app/summary.css",
    "https://casework.invalid/static/docs_app/summary.css?v=1",
    "https://casework.invalid/static/docs_app\\summary.css",
    "https://casework.invalid/static/docs_app%5csummary.css",
    "https://casework.invalid/static//etc/passwd",
    "https://casework.invalid/static/%2fetc/passwd.css",
    "https://casework.invalid/etc/passwd.css",
]


def squeezed(text: str) -> str:
    """text without whitespace: pypdf breaks long strings where the PDF wraps them."""
    return "".join(text.split())


# --- Spies: a TCP listener that counts connections, and a recorder of opened paths ---


@dataclass
class Listener:
    port: int
    server: socket.socket
    accepted: list = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, address = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(address)
            conn.close()

    def connections(self) -> list:
        """Every connection made so far, including any still waiting in the backlog.

        The kernel completes a TCP handshake before accept() is called, so a connection
        attempted during the render is in the backlog even if the thread has not taken it yet.
        """
        self.stop.set()
        self.server.setblocking(False)
        while True:
            try:
                conn, address = self.server.accept()
            except (BlockingIOError, OSError):
                break
            self.accepted.append(address)
            conn.close()
        return self.accepted


@pytest.fixture
def listener():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.05)
    spy = Listener(port=server.getsockname()[1], server=server)
    thread = threading.Thread(target=spy.serve, daemon=True)
    thread.start()
    yield spy
    spy.stop.set()
    thread.join(timeout=5)
    server.close()


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The paths every open(), io.open() and os.open() is asked for while the test runs."""
    paths: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def record(path) -> None:
        if isinstance(path, (str, bytes, os.PathLike)):
            paths.append(os.fsdecode(path))

    def spy_open(file, *args, **kwargs):
        record(file)
        return real_open(file, *args, **kwargs)

    def spy_os_open(path, *args, **kwargs):
        record(path)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    return paths


def test_the_spies_see_what_they_are_meant_to_see(listener, opened):
    # Without these controls, "no connection" and "no open" below could pass vacuously.
    with pytest.raises(Exception):  # noqa: B017 - the listener hangs up without answering
        URLFetcher(timeout=5).fetch(f"http://127.0.0.1:{listener.port}/control")
    assert len(listener.connections()) == 1

    fetcher, _, _ = pdf._prepared()
    fetcher.fetch(STYLESHEET_URL).close()
    assert str(Path(pdf.static_file(STYLESHEET_URL))) in opened


# --- 1. Which URLs map to a static file ---


def test_static_file_serves_the_stylesheet_and_the_font():
    stylesheet = pdf.static_file(STYLESHEET_URL)
    font = pdf.static_file(FONT_URL)
    assert stylesheet is not None and Path(stylesheet).is_file()
    assert Path(stylesheet).name == "summary.css"
    assert font is not None and Path(font).is_file()
    assert Path(font).name == "NotoSans_400Regular.ttf"


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_static_file_refuses_every_other_url(url):
    assert pdf.static_file(url) is None


# --- 2. The fetcher ---


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_the_fetcher_refuses_every_other_url(url, caplog):
    fetcher, _, _ = pdf._prepared()
    with caplog.at_level(logging.WARNING, logger="docs_app.pdf"), pytest.raises(ValueError):
        fetcher.fetch(url)
    assert any(
        record.name == "docs_app.pdf" and "refused" in record.getMessage()
        for record in caplog.records
    )


def test_the_fetcher_serves_the_stylesheet_from_disk():
    fetcher, _, _ = pdf._prepared()
    response = fetcher.fetch(STYLESHEET_URL)
    try:
        body = response.read()
    finally:
        response.close()
    assert body.startswith(b"/*")
    assert b"@font-face" in body
    assert b'font-family: "Summary Sans"' in body


# --- 3. End to end ---


def hostile_strings(port: int) -> list[str]:
    return [
        '<img src="file:///etc/passwd">',
        f'<link rel=stylesheet href="http://127.0.0.1:{port}/x">',
        f"<style>@import url(http://127.0.0.1:{port}/y);</style>",
        "url(http://169.254.169.254/)",
        "<script>alert(1)</script>",
        f'<iframe src="http://127.0.0.1:{port}/z">',
    ]


def hostile_purpose(port: int) -> str:
    return (
        f'"; }} @page {{ @top-left {{ content: url(http://127.0.0.1:{port}/p) }} }} '
        f'</style><img src="http://127.0.0.1:{port}/q">'
    )


def test_hostile_case_text_is_printed_as_text_and_fetches_nothing(
    client, vera_volunteer, listener, opened
):
    hostile = hostile_strings(listener.port)
    case = take_in(
        vera_volunteer,
        full_name="Ales Kavaliou",
        contact="\n".join(hostile),
        languages=hostile[0],
    )
    actions.add_note(
        case=case, by=vera_volunteer, fields={"kind": "contact", "text": " ".join(hostile)}
    )
    purpose = hostile_purpose(listener.port)
    assert len(purpose) <= 200
    client.force_login(vera_volunteer)

    response = client.post(
        reverse("docs_app:case_summary", args=[case.pk]),
        {"include": "contacts,notes", "purpose": purpose},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert listener.connections() == []
    assert not [path for path in opened if "/etc/passwd" in path]
    text = squeezed(pdf_text(response.content))
    for value in [*hostile, purpose]:
        assert squeezed(value) in text, value


def test_raw_html_with_tags_is_stopped_by_the_fetcher(listener, opened, caplog):
    port = listener.port
    # As if a template printed a value with |safe: only the fetcher stands in the way.
    html = f"""<!doctype html><html><head>
      <link rel="stylesheet" href="http://127.0.0.1:{port}/x">
      <link rel="attachment" href="file:///etc/passwd">
    </head><body>
      <p>Ales Kavaliou</p>
      <img src="file:///etc/passwd">
      <div style="background: url(http://127.0.0.1:{port}/bg)">x</div>
      <img src="http://169.254.169.254/latest/meta-data/">
    </body></html>"""

    with caplog.at_level(logging.WARNING, logger="docs_app.pdf"):
        content = pdf.html_to_pdf(html)

    assert content.startswith(b"%PDF-")
    assert "Ales Kavaliou" in pdf_text(content)
    assert listener.connections() == []
    assert not [path for path in opened if "/etc/passwd" in path]
    refused = " ".join(
        record.getMessage()
        for record in caplog.records
        if record.name == "docs_app.pdf" and record.levelno == logging.WARNING
    )
    assert "refused" in refused
    for url in [
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/x",
        f"http://127.0.0.1:{port}/bg",
        "http://169.254.169.254/latest/meta-data/",
    ]:
        assert url in refused, url


# --- 4. Typed text in the page header and footer ---

HOSTILE_CSS_TEXT = [
    '"',
    "\\",
    "</style>",
    '"; } @import url(x);',
    "first line\nsecond line",
    "Ўладзімір",
    "for the hearing 🙂",
    "'); } body { background: url(http://127.0.0.1:9/) } /*",
]


@pytest.mark.parametrize("text", HOSTILE_CSS_TEXT)
def test_css_string_cannot_end_early(text):
    literal = css_string(text)
    assert literal.startswith('"') and literal.endswith('"')
    inner = literal[1:-1]
    for raw in ['"', "'", "<", ">", ";", "{", "}", "(", ")", "\n", "\r", "/"]:
        assert raw not in inner, raw
    # A CSS parser reads it back as one string token holding exactly the text.
    tokens = [t for t in tinycss2.parse_component_value_list(literal) if t.type != "whitespace"]
    assert [(t.type, t.value) for t in tokens] == [("string", text)]


def test_css_string_keeps_letters_digits_and_spaces():
    assert css_string("Ўладзімір 2025 Hearing") == '"Ўладзімір 2025 Hearing"'


def test_a_hostile_purpose_is_printed_literally_in_the_footer(client, vera_volunteer, vera_case):
    purpose = 'Ўладзімір "a\\b" </style> "; } @import url(x); {y}'
    client.force_login(vera_volunteer)

    response = client.post(
        reverse("docs_app:case_summary", args=[vera_case.pk]),
        {"include": "notes", "purpose": purpose},
    )

    assert response.status_code == 200
    first_page = pdf_reader(response.content).pages[0].extract_text()
    assert squeezed(f"Purpose: {purpose}") in squeezed(first_page)
