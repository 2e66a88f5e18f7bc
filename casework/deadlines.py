"""What is due on the cases a user may see: the one place where deadlines are derived.

Five sources give items: identity documents expiring, remedy decisions due, the appeal window
after a refusal, risk reviews, and the tasks people add. Each source is a query filtered in SQL
by a window of due dates, and the sources are read together as one UNION query ordered by due
date, so a page costs the same few queries however many cases the user may see. The
dashboard, the case page, the calendar feed, the e-mail digest and the case list's `overdue`
filter all read their items here.

An item is named by a key, e.g. "document:12:90" (the 90-day alert of document 12) or
"remedy:5:appeal", which a DeadlineSnooze names to put the item aside until a date. A
document's key changes at each alert, so a snoozed alert comes back at the next one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
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
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.access.policy import case_visibility
from casework.models import (
    ACTIVE_CASE,
    Case,
    CaseTask,
    DeadlineSnooze,
    DocumentKind,
    IdentityDocument,
    Remedy,
    RemedyKind,
    RemedyOption,
    RemedyStatus,
    Risk,
    RiskKind,
)

# Days before a document expires at which it is brought up, by whether it can be renewed
# abroad: a Belarusian passport cannot (decree of 4 September 2023), and replacing it with
# a host country's alien's passport takes months, so its alerts come earlier.
ALERTS: dict[bool, tuple[int, ...]] = {True: (180, 90, 30), False: (365, 180, 90)}

# The cases whose deadlines count: all but closed ones.

DOCUMENT, DECISION, APPEAL, REVIEW, TASK = "document", "decision", "appeal", "review", "task"

# No dashboard list grows longer than this; the rest is counted, up to COUNT_CAP.
SECTION_CAP = 50
COUNT_CAP = 1000
# Cases with no change for this long are listed as needing attention.
STALE_DAYS = 60
# Remedies that are still waiting for a decision.
UNDECIDED = [
    RemedyStatus.CONSIDERING,
    RemedyStatus.PREPARING,
    RemedyStatus.APPLIED,
    RemedyStatus.PENDING,
    RemedyStatus.APPEALED,
]

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
    def snoozable(self) -> bool:
        # A task is done or not; the derived items are what cannot be made to go away.
        return self.kind != TASK

    def days_left(self, today: datetime.date | None = None) -> int:
        return (self.due_on - (today or timezone.localdate())).days


@dataclass
class Section:
    slug: str
    title: Promise
    items: list[Deadline]
    total: int
    # Where the whole list is, when there is more than is shown.
    more_url: str = ""

    @property
    def counted(self) -> int:
        return min(self.total, COUNT_CAP)

    @property
    def more(self) -> int:
        return self.counted - len(self.items)

    @property
    def over_cap(self) -> bool:
        """More items than were counted: shown as "1000+"."""
        return self.total > COUNT_CAP


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
    through.children = [
        _through(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
        for child in condition.children
    ]
    return through


class Deadlines:
    """The deadlines of a set of cases, given as a condition on a case's fields (from
    casework.access.policy.case_visibility, so that only cases the user may see are read),
    None for none.

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

    # --- the sources ------------------------------------------------------------------

    def _finish(self, queryset: QuerySet, **columns: Any) -> QuerySet:
        snoozed = DeadlineSnooze.objects.filter(
            case_id=OuterRef("d_case"), item_key=OuterRef("d_key"), until__gt=self.today
        ).order_by("-until")
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
                d_subject=F("title"),
                d_extra=Value("", output_field=CharField()),
                d_key=_key("task", Value("")),
            )
        ]

    # --- reading them -----------------------------------------------------------------

    def parts(
        self,
        start: datetime.date | None,
        end: datetime.date | None,
        *,
        kinds: tuple[str, ...] = (DOCUMENT, DECISION, APPEAL, REVIEW, TASK),
        include_snoozed: bool = False,
    ) -> list[QuerySet]:
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

    def section(
        self, slug: str, title: Promise, start, end, more_url: str = "", **options
    ) -> Section:
        items = self.items(start, end, limit=SECTION_CAP + 1, **options)
        total = len(items)
        if total > SECTION_CAP:
            items = items[:SECTION_CAP]
            total = self.count(start, end, cap=COUNT_CAP, **options)
        return Section(slug=slug, title=title, items=items, total=total, more_url=more_url)


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


def dashboard_sections(user, today: datetime.date | None = None) -> list[Section]:
    deadlines = for_user(user, today)
    day = deadlines.today
    case_list = reverse("casework:case_list")

    def later(days: int) -> datetime.date:
        return day + datetime.timedelta(days=days)

    return [
        deadlines.section(
            "overdue", _("Overdue"), None, later(-1), more_url=f"{case_list}?overdue=1"
        ),
        deadlines.section("week", _("Due in the next 7 days"), day, later(7)),
        deadlines.section("month", _("Due in 8 to 30 days"), later(8), later(30)),
        # Only documents are brought up this early: their alerts start at 180 or 365 days.
        deadlines.section(
            "early",
            _("Documents expiring later (early alerts)"),
            later(31),
            None,
            kinds=(DOCUMENT,),
            more_url=f"{case_list}?doc_expiring={max(ALERTS[False])}",
        ),
    ]


def stale_cases(user, now: datetime.datetime | None = None) -> tuple[list[Case], int]:
    """Active cases with no change for STALE_DAYS, longest untouched first, and how many."""
    since = (now or timezone.now()) - datetime.timedelta(days=STALE_DAYS)
    cases = (
        Case.objects.visible_to(user)
        .active()
        .filter(updated_at__lt=since)
        .order_by("updated_at", "pk")
        .only("pk", "reference", "updated_at", "status")
    )
    shown = list(cases[: SECTION_CAP + 1])
    if len(shown) <= SECTION_CAP:
        return shown, len(shown)
    return shown[:SECTION_CAP], cases.count()


def describe_key(key: str) -> str:
    """Words for an item key whose item is no longer due (e.g. in the snooze history)."""
    prefix, _sep, rest = key.partition(":")
    number, _sep, suffix = rest.partition(":")
    if prefix == "document":
        if suffix == "expired":
            return gettext("Identity document %(number)s expired") % {"number": number}
        return gettext("Identity document %(number)s expires (%(days)s-day alert)") % {
            "number": number,
            "days": suffix,
        }
    if prefix == "remedy" and suffix == "appeal":
        return gettext("Appeal of the refusal of remedy %(number)s") % {"number": number}
    if prefix == "remedy":
        return gettext("Decision on remedy %(number)s") % {"number": number}
    if prefix == "risk":
        return gettext("Review of risk %(number)s") % {"number": number}
    return key


def case_page(case: Case) -> dict[str, Any]:
    """What the case page's deadline section shows: items, tasks, snoozes and their history."""
    items = for_case(case)
    labels = {item.key: item.what for item in items}
    snoozes = list(case.snoozes.select_related("by"))
    for snooze in snoozes:
        snooze.label = labels.get(snooze.item_key) or describe_key(snooze.item_key)
    return {
        "case_deadlines": items,
        # Open tasks first (done_at is NULL), then the done ones.
        "case_tasks": case.tasks.select_related("assignee", "done_by", "created_by").order_by(
            F("done_at").asc(nulls_first=True), "due_on", "pk"
        ),
        "case_snoozes": snoozes,
        "today": timezone.localdate(),
    }


def overdue_cases(today: datetime.date | None = None) -> Q:
    """A filter of cases that have an overdue item (not snoozed), for the case list; apply it
    to cases that went through visible_to."""
    found = Deadlines(ACTIVE_CASE, today)
    return found.case_ids(None, found.today - datetime.timedelta(days=1))
