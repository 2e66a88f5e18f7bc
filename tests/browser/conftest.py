"""Debian's Chromium, driven by Playwright, against pytest-django's live server.

Every page a test visits is saved as a numbered full-page screenshot under
test-artifacts/screenshots/<test name>/, and every browser-side problem (a console error or
warning such as a Content-Security-Policy violation, a JavaScript error, a failed request,
an HTTP error the test did not expect, a request to another origin) fails the test.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, sync_playwright

from tests.browser.checks import assert_accessible
from tests.browser.steps import screenshot_dir

# Playwright's sync API keeps an event loop running in the test's thread, and Django refuses
# ORM calls from a thread with a running loop unless told it is safe. It is: the loop is
# Playwright's, and Django itself runs synchronously in the live server's thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On SQLite its threads share the test's one in-memory connection (Django's
    connections_override), so two requests writing at once (a page's thumbnails, each
    audited) would collide: "database table is locked". A file database, as deployed, waits
    instead. Connections stay threaded (keep-alive works); only the application is serial.
    """

    def set_app(self, application):
        lock = threading.Lock()

        def serial(environ, start_response):
            with lock:
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()

        super().set_app(serial)


LiveServerThread.server_class = OneRequestAtATime

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPORTS = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so that a fixture can tell the test failed."""
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is missing: {CHROMIUM} does not exist or is not executable. "
            "The browser tests need Debian's Chromium: run `make test` (it installs it), "
            "or `apt-get install -y chromium` as root.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class BrowserWatch:
    """Collects what went wrong in the browser, as a person reading the console would see it."""

    def __init__(self, origin: str):
        self.origin = origin
        self.problems: list[str] = []
        # Pages the test opens on purpose although they answer an error, e.g. a 404.
        self.expected: dict[str, int] = {}
        # URLs answered with an attachment: their navigation ends in a download.
        self.downloads: set[str] = set()

    def expect_status(self, url: str, status: int) -> None:
        self.expected[url] = status

    def _expected(self, url: str, status: int | None = None) -> bool:
        return url in self.expected and status in (None, self.expected[url])

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type not in ("error", "warning"):
            return
        url = message.location.get("url", "")
        # Chromium logs every error response as "Failed to load resource"; the response
        # handler below judges those, so an expected 404 page is not reported twice.
        if "Failed to load resource" in message.text and self._expected(url):
            return
        self.problems.append(f"console {message.type}: {message.text} ({url})")

    def on_page_error(self, error: Exception) -> None:
        self.problems.append(f"JavaScript error: {error}")

    def on_request(self, request: Request) -> None:
        url = request.url
        if urlsplit(url).scheme in ("data", "blob", "about"):
            return
        if not url.startswith(self.origin + "/"):
            self.problems.append(f"request to another origin: {request.method} {url}")

    def on_request_failed(self, request: Request) -> None:
        # Leaving a page cancels the htmx requests still under way: nothing is lost.
        if request.resource_type in ("xhr", "fetch") and request.failure == "net::ERR_ABORTED":
            return
        # The browser's own favicon request is cancelled when the page navigates on at once.
        if request.failure == "net::ERR_ABORTED" and request.url.endswith("/favicon.svg"):
            return
        # An icon the browser stops fetching (the admin's, drawn from CSS while axe-core or
        # the next navigation moves on) is no error; one that is missing answers 404 above.
        if request.failure == "net::ERR_ABORTED" and request.resource_type == "image":
            return
        # A response sent as a download (a PDF, a ZIP) ends its navigation this way.
        if request.failure == "net::ERR_ABORTED" and request.url in self.downloads:
            return
        self.problems.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def on_response(self, response: Response) -> None:
        if response.headers.get("content-disposition", "").startswith("attachment"):
            self.downloads.add(response.url)
        if response.status >= 400 and not self._expected(response.url, response.status):
            self.problems.append(
                f"HTTP {response.status}: {response.request.method} {response.url}"
            )

    def take_problems(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems


@pytest.fixture
def browser_watch(live_server) -> BrowserWatch:
    return BrowserWatch(live_server.url)


def _watched_page(request, browser, live_server, browser_watch, **options) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="UTC", **options
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", browser_watch.on_console)
    page.on("pageerror", browser_watch.on_page_error)
    page.on("request", browser_watch.on_request)
    page.on("requestfailed", browser_watch.on_request_failed)
    page.on("response", browser_watch.on_response)
    yield page
    reports = request.node.stash.get(REPORTS, {})
    failed = "call" in reports and reports["call"].failed
    if failed:
        directory = screenshot_dir(request.node)
        directory.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=directory / "failure.png", full_page=True)
    context.close()
    problems = browser_watch.take_problems()
    if problems and not failed:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(request, browser, live_server, browser_watch) -> Iterator[Page]:
    """A fresh browser profile (no cookies) on the live server, watched for problems."""
    yield from _watched_page(
        request, browser, live_server, browser_watch, viewport={"width": 1280, "height": 900}
    )


@pytest.fixture
def screenshot(request, page, browser_watch):
    """screenshot("login") saves NN-login.png of the whole page, checks the browser reported
    no problem while the page loaded, and runs axe-core over it (no critical or serious
    violation): every page state a browser test shows is checked for accessibility."""
    directory = screenshot_dir(request.node)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    count = 0

    def take(name: str) -> Path:
        nonlocal count
        count += 1
        page.wait_for_load_state("load")
        path = directory / f"{count:02d}-{name}.png"
        page.screenshot(path=path, full_page=True)
        problems = browser_watch.take_problems()
        assert not problems, f"on {page.url} ({path.name}):\n" + "\n".join(problems)
        assert_accessible(page)
        # axe-core's own probes try inline styles, which the admin pages' CSP blocks (as it
        # should): not the page's problem.
        browser_watch.problems = [
            problem
            for problem in browser_watch.problems
            if "Applying inline style violates" not in problem
        ]
        return path

    return take
