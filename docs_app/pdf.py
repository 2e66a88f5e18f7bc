"""HTML to PDF with WeasyPrint, fetching nothing but the app's own static files.

The stylesheet and the fonts it declares are parsed once per process and reused by every
render: parsing them and decoding the fonts costs more than laying out a typical summary.
"""

from __future__ import annotations

import atexit
import logging
import posixpath
import threading
from functools import cache
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)

# Documents are rendered as if they lived on this origin. The .invalid top-level domain is
# reserved (RFC 2606) and never resolves, so a URL that escaped the fetcher would still go nowhere.
ORIGIN = "https://casework.invalid"
STYLESHEET = "docs_app/summary.css"
# Only what a stylesheet legitimately loads.
STATIC_SUFFIXES = {".css", ".woff", ".woff2", ".ttf", ".otf", ".svg", ".png"}

_render_lock = threading.Lock()


def static_url(path: str) -> str:
    return f"{ORIGIN}{settings.STATIC_URL}{path}"


def static_file(url: str) -> str | None:
    """The file behind one of the app's own static URLs, or None for any other URL."""
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != ("https", "casework.invalid") or parts.query:
        return None
    prefix = settings.STATIC_URL
    if not parts.path.startswith(prefix):
        return None
    path = unquote(parts.path[len(prefix) :])
    # No way out of the static folders: no "..", no absolute path, no backslash tricks.
    if (
        "\\" in path
        or "\x00" in path
        or path.startswith("/")
        or posixpath.normpath(path) != path
        or ".." in PurePosixPath(path).parts
        or PurePosixPath(path).suffix.lower() not in STATIC_SUFFIXES
    ):
        return None
    return finders.find(path)


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves the app's static files from disk and refuses every other URL.

        Case text is escaped by the template, so typed HTML never becomes a tag; this is the
        second wall, for a template mistake: no file:, http:, data: or other-host request
        is ever opened.
        """

        def fetch(self, url, headers=None):
            path = static_file(url)
            if path is None:
                logger.warning("PDF renderer refused to fetch %.200r", url)
                raise ValueError("Only the application's own static files may be fetched.")
            with open(path, "rb") as file:
                body = file.read()
            return URLFetcherResponse(url, body)

    return StaticOnlyFetcher


@cache
def _prepared():
    """The fetcher, font configuration and stylesheet, built once per process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher_class()()
    font_config = FontConfiguration()
    stylesheet = CSS(url=static_url(STYLESHEET), url_fetcher=fetcher, font_config=font_config)
    # Let the font configuration go while the interpreter can still run its cleanup; left
    # to interpreter shutdown, it prints an ignored TypeError.
    atexit.register(_prepared.cache_clear)
    return fetcher, font_config, stylesheet


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    fetcher, font_config, stylesheet = _prepared()
    # The font configuration is shared; Pango and fontconfig are not meant to be used
    # from several threads at once (runserver is threaded, gunicorn's sync workers are not).
    with _render_lock:
        document = HTML(string=html, base_url=f"{ORIGIN}/", url_fetcher=fetcher)
        # PDF/UA-1: tagged (headings, tables, lists, reading order) for screen readers, with
        # the document's title and language (<html lang>, <title>) in its metadata.
        return document.write_pdf(
            stylesheets=[stylesheet], font_config=font_config, pdf_variant="pdf/ua-1"
        )
