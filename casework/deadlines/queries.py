"""The sources read together: the Deadline type, the Deadlines of a user or a case, overdue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from casework import crypto
from casework.access.policy import case_visibility
from casework.deadlines.sources import (
    ALERTS,
    APPEAL,
    COLUMNS,
    DECISION,
    DOCUMENT,
    LEGAL_KINDS,
    REVIEW,
    TASK,
    Sources,
)
from casework.models import ACTIVE_CASE, Case, DocumentKind, RemedyKind, RiskKind

# The order of items: by due date, then case reference, then the item.
ORDER = ("d_due", "d_reference", "d_key")

DOCUMENT_LABELS = dict(DocumentKind.choices)
REMEDY_LABELS = dict(RemedyKind.choices)
RISK_LABELS = dict(RiskKind.choices)


@dataclass(frozen=True)
class Deadline:
    """One thing due on one case. Holds the case reference, never the person's name."""

    case_id: int
    reference: str
    kind: str
    object_id: int
    due_on: datetime.date
    # The document, remedy or risk kind, or the task's title.
    subject: str
    # The alert a document is at ("365", "180", "90", "30", "expired"), a remedy's country.
    extra: str
    key: str
    snoozed_until: datetime.date | None = None
    # On the case page: the DeadlineSnooze that puts it aside (who, until, why).
    snooze: Any = field(default=None, compare=False)

    @property
    def what(self) -> str:
        """What is due, in words, e.g. "National passport expires"."""
        if self.kind == DOCUMENT:
            label = DOCUMENT_LABELS.get(self.subject, self.subject)
            if self.extra == "expired":
                return gettext("%(document)s expired") % {"document": label}
            return gettext("%(document)s expires") % {"document": label}
        if self.kind == DECISION:
            return gettext("Decision due: %(remedy)s (%(country)s)") % {
                "remedy": REMEDY_LABELS.get(self.subject, self.subject),
                "country": self.extra,
            }
        if self.kind == APPEAL:
            return gettext("Last day to appeal the refusal: %(remedy)s (%(country)s)") % {
                "remedy": REMEDY_LABELS.get(self.subject, self.subject),
                "country": self.extra,
            }
        if self.kind == REVIEW:
            return gettext("Risk review: %(risk)s") % {
                "risk": RISK_LABELS.get(self.subject, self.subject)
            }
        return gettext("Task: %(title)s") % {"title": self.subject}

    @property
    def case_url(self) -> str:
        return reverse("casework:case_detail", args=[self.case_id])

    @property
    def is_legal(self) -> bool:
        """A date the law sets (a decision due, the last day to appeal): see snooze_limit."""
        return self.kind in LEGAL_KINDS

    @property
    def snooze_limit(self) -> datetime.date | None:
        """The last day a snooze of this item may run to; None for no limit but the year.

        A date the law sets comes back at least LEGAL_SNOOZE_MARGIN_DAYS before it, so that
        nobody can hide an appeal window from everyone until its last day, and in its last
        week it cannot be snoozed at all (the limit is then in the past)."""
        if not self.is_legal:
            return None
        return self.due_on - datetime.timedelta(days=LEGAL_SNOOZE_MARGIN_DAYS)

    @property
    def snoozable(self) -> bool:
        # A task is done or not; the derived items are what cannot be made to go away.
        return self.kind != TASK

    def days_left(self, today: datetime.date | None = None) -> int:
        return (self.due_on - (today or timezone.localdate())).days


# A legal deadline is back on every dashboard and in the digest (DIGEST_DAYS) for its last
# week at least: the week before it cannot be snoozed.
LEGAL_SNOOZE_MARGIN_DAYS = 7


class Deadlines(Sources):
    """The deadlines of a set of cases (see Sources): the items of every source read as one
    UNION query ordered by due date, whole, up to a limit, counted, or as a filter of cases."""

    def query(self, start, end, **options) -> QuerySet:
        parts = [part.values_list(*COLUMNS) for part in self.parts(start, end, **options)]
        return parts[0].union(*parts[1:], all=True).order_by(*ORDER)

    def items(
        self,
        start: datetime.date | None,
        end: datetime.date | None,
        *,
        limit: int | None = None,
        **options,
    ) -> list[Deadline]:
        if limit is None:
            rows = self.query(start, end, **options)
        elif connection.features.supports_slicing_ordering_in_compound:
            # PostgreSQL: each source walks its due-date index up to the limit, and only
            # those rows are merged, instead of sorting every item of the window.
            parts = [
                part.values_list(*COLUMNS).order_by(*ORDER)[:limit]
                for part in self.parts(start, end, **options)
            ]
            if len(parts) > 1:
                rows = parts[0].union(*parts[1:], all=True).order_by(*ORDER)[:limit]
            else:
                rows = parts[0]
        else:
            rows = self.query(start, end, **options)[:limit]
        return [_deadline(row) for row in rows]

    def count(self, start, end, *, cap: int | None = None, **options) -> int:
        """How many items there are, or cap + 1 when there are more than cap: counting them
        all would read every one, and past a cap the number tells nobody anything."""
        if cap is None:
            return self.query(start, end, **options).count()
        parts = [part.values_list("d_key") for part in self.parts(start, end, **options)]
        # Unordered, so that the database stops reading at the cap.
        return len(parts[0].union(*parts[1:], all=True).order_by()[: cap + 1])

    def case_ids(self, start, end, **options) -> Q:
        """A filter of cases (by pk) that have an item in the window, for the case list."""
        q = Q(pk__in=[])
        for part in self.parts(start, end, **options):
            q |= Q(pk__in=part.values("d_case"))
        return q


def _as_date(value: Any) -> datetime.date | None:
    # SQLite hands a computed date (the appeal's) back as text.
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def _deadline(row: tuple) -> Deadline:
    case_id, reference, kind, object_id, due_on, subject, extra, key, snoozed = row
    due_on, snoozed = _as_date(due_on), _as_date(snoozed)
    if kind == TASK and subject:
        subject = crypto.decrypt(subject)  # CaseTask.title, read as stored (sources.tasks)
    assert due_on is not None, "every source has a due date"
    return Deadline(
        case_id=case_id,
        reference=reference,
        kind=kind,
        object_id=object_id,
        due_on=due_on,
        subject=subject,
        extra=extra or "",
        key=key,
        snoozed_until=snoozed,
    )


def for_user(user, today: datetime.date | None = None) -> Deadlines:
    """Deadlines of the active cases this user may see."""
    visible = case_visibility(user)
    return Deadlines(None if visible is None else visible & ACTIVE_CASE, today)


def for_case(case: Case, today: datetime.date | None = None) -> list[Deadline]:
    """Everything coming up or overdue on one case (already loaded through the access
    helper), snoozed items included, for the case page: up to a year ahead."""
    deadlines = Deadlines(Q(pk=case.pk), today)
    end = deadlines.today + datetime.timedelta(days=max(ALERTS[False]))
    return deadlines.items(None, end, include_snoozed=True, limit=200)


def overdue_cases(today: datetime.date | None = None) -> Q:
    """A filter of cases that have an overdue item (not snoozed), for the case list; apply it
    to cases that went through visible_to."""
    found = Deadlines(ACTIVE_CASE, today)
    return found.case_ids(None, found.today - datetime.timedelta(days=1))
