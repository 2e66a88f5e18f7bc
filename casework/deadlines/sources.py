"""The five sources of deadlines, each a query giving the same columns for a window of dates."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Case as SqlCase
from django.db.models import (
    CharField,
    DateField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from casework.models import (
    CaseTask,
    DeadlineSnooze,
    IdentityDocument,
    Remedy,
    RemedyOption,
    RemedyStatus,
    Risk,
)

# Days before a document expires at which it is brought up, by whether it can be renewed
# abroad: a Belarusian passport cannot (decree of 4 September 2023), and replacing it with
# a host country's alien's passport takes months, so its alerts come earlier.
ALERTS: dict[bool, tuple[int, ...]] = {True: (180, 90, 30), False: (365, 180, 90)}

DOCUMENT, DECISION, APPEAL, REVIEW, TASK = "document", "decision", "appeal", "review", "task"
# The items whose due date the law sets: a remedy's decision date and its appeal window. A
# snooze may not put them aside past that date (the others are reminders people set).
LEGAL_KINDS = frozenset({DECISION, APPEAL})

# Remedies that are still waiting for a decision.
UNDECIDED = [
    RemedyStatus.CONSIDERING,
    RemedyStatus.PREPARING,
    RemedyStatus.APPLIED,
    RemedyStatus.PENDING,
    RemedyStatus.APPEALED,
]

# The columns every source gives, in this order (casework.deadlines.queries reads them).
COLUMNS = (
    "d_case",
    "d_reference",
    "d_kind",
    "d_object",
    "d_due",
    "d_subject",
    "d_extra",
    "d_key",
    "d_snoozed",
)


def document_stage(today: datetime.date) -> SqlCase:
    """SQL for the alert a document has reached: the nearest alert day not yet passed."""
    whens = [When(expires_on__lt=today, then=Value("expired"))]
    for renewable, days in ALERTS.items():
        for alert in sorted(days):
            whens.append(
                When(
                    renewable_abroad=renewable,
                    expires_on__lte=today + datetime.timedelta(days=alert),
                    then=Value(str(alert)),
                )
            )
    return SqlCase(*whens, default=Value(""), output_field=CharField())


def document_stage_for(
    expires_on: datetime.date, renewable_abroad: bool, today: datetime.date
) -> str:
    """The same in Python, for one document (the key of what the case page offers)."""
    if expires_on < today:
        return "expired"
    days_left = (expires_on - today).days
    for alert in sorted(ALERTS[renewable_abroad]):
        if days_left <= alert:
            return str(alert)
    return ""


def _key(prefix: str, suffix: Any) -> Concat:
    return Concat(Value(prefix + ":"), Cast("pk", CharField()), suffix, output_field=CharField())


def _within(field: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    q = Q()
    if start is not None:
        q &= Q(**{f"{field}__gte": start})
    if end is not None:
        q &= Q(**{f"{field}__lte": end})
    return q


def _shift(day: datetime.date | None, days: int) -> datetime.date | None:
    return None if day is None else day - datetime.timedelta(days=days)


def _through(condition: Q, prefix: str) -> Q:
    """condition on a case's fields, put on the case reached through prefix ("case__")."""
    through = Q()
    through.connector, through.negated = condition.connector, condition.negated
    # A Q's children are Qs and (lookup, value) pairs.
    through.children = [
        _through(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])  # type: ignore[index]
        for child in condition.children
    ]
    return through


class Sources:
    """The sources of the deadlines of a set of cases, given as a condition on a case's fields
    (from casework.access.policy.case_visibility, so that only cases the user may see are
    read), None for none. casework.deadlines.queries.Deadlines reads them together.

    The condition is joined to each source rather than given as a list of cases: with an
    index on each due date, the database then walks the dates in order and stops at a
    section's cap, instead of first listing the tens of thousands of cases of an office.
    """

    def __init__(self, cases: Q | None, today: datetime.date | None = None):
        self.cases = cases
        self.today = today or timezone.localdate()
        self._appeal_days: dict[int, list[tuple[str, str]]] | None = None

    def _of_cases(self, prefix: str) -> Q:
        return Q(pk__in=[]) if self.cases is None else _through(self.cases, prefix)

    def _finish(self, queryset: QuerySet, **columns: Any) -> QuerySet:
        snoozed = (
            DeadlineSnooze.objects.filter(case_id=OuterRef("d_case"), item_key=OuterRef("d_key"))
            .in_force_on(self.today)
            .order_by("-until")
        )
        return queryset.annotate(**columns).annotate(
            d_snoozed=Subquery(snoozed.values("until")[:1])
        )

    def documents(self, start, end) -> list[QuerySet]:
        today = self.today
        alerted = Q()
        for renewable, days in ALERTS.items():
            latest = today + datetime.timedelta(days=max(days))
            alerted |= Q(renewable_abroad=renewable, expires_on__lte=latest)
        # A document belongs to the person: it is due on each of their visible cases.
        documents = IdentityDocument.objects.filter(
            _within("expires_on", start, end),
            alerted,
            self._of_cases("person__cases__"),
        )
        stage = document_stage(today)
        return [
            self._finish(
                documents,
                d_case=F("person__cases__id"),
                d_reference=F("person__cases__reference"),
                d_kind=Value(DOCUMENT),
                d_object=F("pk"),
                d_due=F("expires_on"),
                d_subject=F("kind"),
                d_extra=stage,
                d_key=_key("document", Concat(Value(":"), stage)),
            )
        ]

    def _case_columns(self) -> dict[str, Any]:
        return {"d_case": F("case_id"), "d_reference": F("case__reference"), "d_object": F("pk")}

    def decisions(self, start, end) -> list[QuerySet]:
        remedies = Remedy.objects.filter(
            _within("decision_due_on", start, end),
            self._of_cases("case__"),
            decision_due_on__isnull=False,
            status__in=UNDECIDED,
        )
        return [
            self._finish(
                remedies,
                **self._case_columns(),
                d_kind=Value(DECISION),
                d_due=F("decision_due_on"),
                d_subject=F("kind"),
                d_extra=Cast("country", CharField()),
                d_key=_key("remedy", Value(":decision")),
            )
        ]

    def appeal_days(self) -> dict[int, list[tuple[str, str]]]:
        """{days to appeal: [(country, remedy kind), ...]} from the knowledge base (one query).

        Where several entries of a country and kind disagree, the shortest window is used.
        """
        if self._appeal_days is None:
            rows = (
                RemedyOption.objects.filter(appeal_days__isnull=False)
                .values("country", "kind")
                .annotate(days=Min("appeal_days"))
                .order_by()
            )
            groups: dict[int, list[tuple[str, str]]] = {}
            for row in rows:
                groups.setdefault(row["days"], []).append((str(row["country"]), row["kind"]))
            self._appeal_days = groups
        return self._appeal_days

    def appeals(self, start, end) -> list[QuerySet]:
        refused = Remedy.objects.filter(
            self._of_cases("case__"), status=RemedyStatus.REFUSED, decided_on__isnull=False
        )
        known = Q(pk__in=[])
        groups: list[tuple[int, Q]] = []
        for days, pairs in sorted(self.appeal_days().items()):
            matches = Q(pk__in=[])
            for country, kind in pairs:
                matches |= Q(country=country, kind=kind)
            groups.append((days, matches))
            known |= matches
        groups.append((settings.DEFAULT_APPEAL_DAYS, ~known))
        parts = []
        for days, matches in groups:
            # The window is on decided_on (indexed, no arithmetic per row): due = decided + days.
            due = ExpressionWrapper(
                F("decided_on") + Value(datetime.timedelta(days=days)), output_field=DateField()
            )
            parts.append(
                self._finish(
                    refused.filter(
                        matches,
                        _within("decided_on", _shift(start, days), _shift(end, days)),
                    ),
                    **self._case_columns(),
                    d_kind=Value(APPEAL),
                    d_due=Cast(due, DateField()),
                    d_subject=F("kind"),
                    d_extra=Cast("country", CharField()),
                    d_key=_key("remedy", Value(":appeal")),
                )
            )
        return parts

    def reviews(self, start, end) -> list[QuerySet]:
        risks = Risk.objects.current().filter(
            _within("review_on", start, end), self._of_cases("case__"), review_on__isnull=False
        )
        return [
            self._finish(
                risks,
                **self._case_columns(),
                d_kind=Value(REVIEW),
                d_due=F("review_on"),
                d_subject=F("kind"),
                d_extra=Value("", output_field=CharField()),
                d_key=_key("risk", Value(":review")),
            )
        ]

    def tasks(self, start, end) -> list[QuerySet]:
        tasks = CaseTask.objects.open().filter(
            _within("due_on", start, end), self._of_cases("case__")
        )
        return [
            self._finish(
                tasks,
                **self._case_columns(),
                d_kind=Value(TASK),
                d_due=F("due_on"),
                # The title's ciphertext as stored: a UNION column has one type, so
                # casework.deadlines.queries decrypts it (an encrypted field).
                d_subject=ExpressionWrapper(F("title"), output_field=CharField()),
                d_extra=Value("", output_field=CharField()),
                d_key=_key("task", Value("")),
            )
        ]

    def parts(
        self,
        start: datetime.date | None,
        end: datetime.date | None,
        *,
        kinds: tuple[str, ...] = (DOCUMENT, DECISION, APPEAL, REVIEW, TASK),
        include_snoozed: bool = False,
    ) -> list[QuerySet]:
        """The querysets of the kinds asked for, unordered, each giving COLUMNS."""
        sources = {
            DOCUMENT: self.documents,
            DECISION: self.decisions,
            APPEAL: self.appeals,
            REVIEW: self.reviews,
            TASK: self.tasks,
        }
        parts = [part for kind in kinds for part in sources[kind](start, end)]
        if not include_snoozed:
            parts = [part.filter(d_snoozed__isnull=True) for part in parts]
        return [part.order_by() for part in parts]
