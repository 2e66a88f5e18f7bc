"""Logging filters: what the application's own logs must not hold."""

from __future__ import annotations

import logging
import re

# A path followed by a query string: "/cases/?q=Ціханоўская&page=2" keeps "/cases/".
QUERY_STRING = re.compile(r"""(/[^\s?"'<>]*)\?[^\s"'<>]*""")


def strip_query_strings(text: str) -> str:
    return QUERY_STRING.sub(r"\1", text)


class StripQueryStrings(logging.Filter):
    """Takes query strings out of every record: they hold what was searched for (a person's
    name in ?q=), and django.server logs each request line whole. The record keeps its
    level and logger; only its message loses the queries."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        stripped = strip_query_strings(message)
        if stripped != message:
            record.msg, record.args = stripped, None
        return True
