"""What is due on the cases a user may see: the one place where deadlines are derived.

Five sources give items: identity documents expiring, remedy decisions due, the appeal window
after a refusal, risk reviews, and the tasks people add. Each source is a query filtered in SQL
by a window of due dates, and the sources are read together as one UNION query ordered by due
date, so a page costs the same few queries however many cases the user may see. The
dashboard, the case page, the calendar feed, the e-mail digest and the case list's `overdue`
filter all read their items here. Why they are derived on each read rather than stored:
docs/adr/0005-deadlines-derived-on-read.md.

An item is named by a key, e.g. "document:12:90" (the 90-day alert of document 12) or
"remedy:5:appeal", which a DeadlineSnooze names to put the item aside until a date. A
document's key changes at each alert, so a snoozed alert comes back at the next one.

- sources.py: the five sources, each a query giving the same columns (`Sources`, `ALERTS`);
- queries.py: the sources read together (`Deadline`, `Deadlines`, `for_user`, `for_case`,
  `overdue_cases`);
- pages.py: what the dashboard and the case page show (`dashboard_sections`, `stale_cases`,
  `case_page`), capped by `SECTION_CAP` and `COUNT_CAP`;
- digest.py: the daily e-mail (`send_deadline_digest`); ical.py: the iCalendar writer.

The caps are not re-exported here: pages.py reads them, so that is where to change or patch
them. digest.py and ical.py are imported by name (`from casework.deadlines import ical`).
"""

from casework.deadlines.pages import (
    STALE_DAYS,
    Section,
    case_page,
    dashboard_sections,
    describe_key,
    stale_cases,
)
from casework.deadlines.queries import Deadline, Deadlines, for_case, for_user, overdue_cases
from casework.deadlines.sources import ALERTS, document_stage_for

__all__ = [
    "ALERTS",
    "STALE_DAYS",
    "Deadline",
    "Deadlines",
    "Section",
    "case_page",
    "dashboard_sections",
    "describe_key",
    "document_stage_for",
    "for_case",
    "for_user",
    "overdue_cases",
    "stale_cases",
]
