"""Query strings stay out of the application's own request logs: ?q= holds a typed name."""

from __future__ import annotations

import logging

import pytest
from django.core.servers.basehttp import WSGIRequestHandler

from casework.log_filters import strip_query_strings

NAME = "Ціханоўская"


@pytest.fixture
def captured(caplog):
    """caplog, also for django.server, which does not propagate to the root logger."""
    server = logging.getLogger("django.server")
    server.addHandler(caplog.handler)
    with caplog.at_level(logging.INFO):
        yield caplog
    server.removeHandler(caplog.handler)


def runserver_logs(request_line: str, status: str) -> None:
    """What runserver's request handler logs after answering a request."""
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.request = None
    handler.client_address = ("127.0.0.1", 50000)
    handler.log_message('"%s" %s %s', request_line, status, "512")


def test_runserver_logs_the_path_without_the_query_string(captured):
    runserver_logs(f"GET /cases/?q={NAME}&status=open HTTP/1.1", "200")
    runserver_logs(f"GET /cases/?q={NAME} HTTP/1.1", "404")

    messages = [record.getMessage() for record in captured.records]
    assert messages == ['"GET /cases/ HTTP/1.1" 200 512', '"GET /cases/ HTTP/1.1" 404 512']
    assert NAME not in captured.text


def test_a_failed_request_is_logged_without_its_query_string(captured, client, vera_volunteer):
    client.force_login(vera_volunteer)
    response = client.get(f"/cases/999999/?q={NAME}")
    assert response.status_code == 404

    records = [r for r in captured.records if r.name == "django.request"]
    assert [r.getMessage() for r in records] == ["Not Found: /cases/999999/"]
    assert NAME not in captured.text


def test_any_record_reaching_the_console_loses_its_query_strings(capsys):
    logger = logging.getLogger("casework.test")
    console = logging.getLogger().handlers[0]
    record = logger.makeRecord(
        "casework.test", logging.WARNING, __file__, 1, "Slow page %s", (f"/cases/?q={NAME}",), None
    )
    assert console.filter(record)
    assert record.getMessage() == "Slow page /cases/"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f'"GET /cases/?q={NAME} HTTP/1.1" 200', '"GET /cases/ HTTP/1.1" 200'),
        (
            "https://casework.example.org/cases/?q=x&page=2 done",
            "https://casework.example.org/cases/ done",
        ),
        ("/accounts/login/?next=/cases/%3Fq%3Dx", "/accounts/login/"),
        ("No query here: /cases/12/", "No query here: /cases/12/"),
    ],
)
def test_strip_query_strings(text, kept):
    assert strip_query_strings(text) == kept
