"""Who made a change, for the historical tables of django-simple-history.

Every record of a case keeps its previous versions in a historical table (the model's own
field classes, so encrypted fields stay encrypted there). The actions are the write path:
they run under `acting_as(by)`, and every version written meanwhile (cascades included)
names that user. docs/adr/0010-history-with-simple-history.md says why simple-history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]

ACTING_USER: ContextVar[Any] = ContextVar("acting_user", default=None)


def acting_user(request: Any = None, **kwargs: Any) -> Any:
    """The user an action runs for; outside an action, nobody (a command or migration)."""
    return ACTING_USER.get()


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    token = ACTING_USER.set(user)
    try:
        yield
    finally:
        ACTING_USER.reset(token)


def keep_history(**kwargs: Any) -> HistoricalRecords:
    """The historical records of one model of a case."""
    return HistoricalRecords(get_user=acting_user, user_related_name="+", **kwargs)
