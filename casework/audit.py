"""The audit log page's filters. Whose events a user may read is decided by the policy
(casework.access.policy.audit_event_scope) and applied by AuditEvent.objects.readable_by.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from casework.dates import DateFilter
from casework.filters import FastSelect, choice_filter
from casework.models import TYPED_REFERENCE, AuditAction, AuditEvent, User

# Reads of lists (the case list and its searches, the duplicate check, the dashboard): many per
# hour and per person, so the log hides them unless asked, or unless they are the action asked.
LIST_READS = (AuditAction.SEARCH, AuditAction.LIST)

# A whole reference as the intake writes it: office country, year, sequence (PL-2026-0007).
REFERENCE = RegexValidator(
    rf"^{TYPED_REFERENCE}\Z",
    _("Enter a whole case reference, such as PL-2026-0007."),
)


class UsernameChoiceField(django_filters.fields.ModelChoiceField):
    # The page names people in full; the username beside it tells apart two of one name.
    def label_from_instance(self, obj: User) -> str:
        full_name = obj.get_full_name()
        return f"{full_name} ({obj.username})" if full_name else obj.username


class UserFilter(django_filters.ModelChoiceFilter):
    field_class = UsernameChoiceField


class AuditLogForm(forms.Form):
    def clean(self):
        super().clean()
        cleaned_data = self.cleaned_data
        start, end = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to",
                _("This date is before the “from” date; choose a date on or after it."),
            )
        return cleaned_data


class AuditEventFilter(django_filters.FilterSet):
    """Filters over the events a user may read; pass that scope as the queryset."""

    user = UserFilter(label=_("User"), queryset=User.objects.none(), widget=FastSelect)
    case = django_filters.CharFilter(
        label=_("Case reference"),
        field_name="case__reference",
        lookup_expr="iexact",
        validators=[REFERENCE],
        widget=forms.TextInput(attrs={"placeholder": "PL-2026-0007", "autocomplete": "off"}),
    )
    action = choice_filter(_("Action"), AuditAction.choices)
    # Days in the zone the page shows its times in (the reader's office's).
    date_from = DateFilter(label=_("From"), method="filter_date_from")
    date_to = DateFilter(label=_("To (inclusive)"), method="filter_date_to")
    # Applied in filter_queryset: hiding is what no value asks for.
    reads = choice_filter(
        _("Lists and searches"),
        [("show", _("Shown"))],
        method="filter_nothing",
        empty_label=_("Hidden"),
    )

    class Meta:
        form = AuditLogForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people who appear in the events the reader may see, in one query.
        self.filters["user"].queryset = User.objects.filter(
            pk__in=self.queryset.order_by().values("user_id")
        ).order_by("username")

    def filter_nothing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("reads") != "show" and data.get("action") not in LIST_READS:
            queryset = queryset.exclude(action__in=LIST_READS)
        return queryset

    # Bounds on the indexed time itself rather than a date function of it; time.max rather
    # than the next midnight, which does not exist after 31 December 9999.
    def filter_date_from(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        start = instant(value, datetime.time.min)
        return queryset if start is None else queryset.filter(at__gte=start)

    def filter_date_to(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        end = instant(value, datetime.time.max)
        return queryset if end is None else queryset.filter(at__lte=end)


def instant(day: datetime.date, time_of_day: datetime.time) -> datetime.datetime | None:
    """That time of day in the zone the page shows, in UTC; None when it is beyond the years
    a datetime holds (1 January of year 1 in a zone east of UTC), so no event is beyond it."""
    local = datetime.datetime.combine(day, time_of_day, timezone.get_current_timezone())
    try:
        return local.astimezone(datetime.UTC)
    except OverflowError:
        return None


# The audit log in words. Events store "<Model> <pk> <verb>" (casework.actions.base.item_label),
# which reads like a database: each kind and verb gets its own whole sentence, so that every
# language can inflect the record's name. Details not matched keep their stored text.
RECORD_DETAIL = re.compile(r"^(?P<model>[A-Za-z]+) (?P<pk>\d+) (?P<verb>[a-z]+)\b")

RECORD_WORDS: dict[tuple[str, str], Promise] = {
    ("Risk", "added"): _("Risk added"),
    ("Risk", "changed"): _("Risk changed"),
    ("Risk", "removed"): _("Risk removed"),
    ("Risk", "restored"): _("Risk restored"),
    ("Remedy", "added"): _("Remedy added"),
    ("Remedy", "changed"): _("Remedy changed"),
    ("Remedy", "removed"): _("Remedy removed"),
    ("Remedy", "restored"): _("Remedy restored"),
    ("IdentityDocument", "added"): _("Identity document added"),
    ("IdentityDocument", "changed"): _("Identity document changed"),
    ("IdentityDocument", "removed"): _("Identity document removed"),
    ("IdentityDocument", "restored"): _("Identity document restored"),
    ("Relative", "added"): _("Relative added"),
    ("Relative", "changed"): _("Relative changed"),
    ("Relative", "removed"): _("Relative removed"),
    ("Relative", "restored"): _("Relative restored"),
    ("PressureEvent", "added"): _("Pressure event added"),
    ("PressureEvent", "changed"): _("Pressure event changed"),
    ("PressureEvent", "removed"): _("Pressure event removed"),
    ("PressureEvent", "restored"): _("Pressure event restored"),
    ("Note", "added"): _("Note added"),
    ("Note", "changed"): _("Note changed"),
    ("Note", "removed"): _("Note removed"),
    ("Note", "restored"): _("Note restored"),
    ("CaseTask", "added"): _("Task added"),
    ("CaseTask", "done"): _("Task done"),
    ("CaseFile", "added"): _("File added"),
    ("CaseFile", "changed"): _("File details changed"),
    ("CaseFile", "removed"): _("File removed"),
    ("CaseFile", "restored"): _("File restored"),
    ("CaseFile", "downloaded"): _("File downloaded"),
    ("CaseFile", "previewed"): _("File previewed"),
    ("CaseFile", "thumbnail"): _("File thumbnail shown"),
    ("CaseFile", "annexed"): _("File printed in the annex of a summary"),
}


def describe(event: AuditEvent) -> str:
    """The event's detail in words of the reader's language, or its stored text."""
    if event.action == AuditAction.VIEW and not event.detail:
        return str(_("Case viewed"))
    if event.action == AuditAction.CREATE and event.case_id and not event.detail:
        # The intake writes the case's first event without a detail.
        return str(_("Case taken in"))
    match = RECORD_DETAIL.match(event.detail or "")
    if match:
        words = RECORD_WORDS.get((match["model"], match["verb"]))
        if words is not None:
            return str(words)
    return event.detail or ""


@dataclass
class LogRow:
    """One row of the log page: an event, or a run of consecutive views folded into one."""

    event: AuditEvent
    text: str
    # The views folded into this row, when it stands for more than one.
    folded: list[AuditEvent] = field(default_factory=list)


def foldable(event: AuditEvent) -> bool:
    """A read that comes in runs: a case page viewed, or the thumbnails that a case page or
    its files page shows (one event per file)."""
    if event.action == AuditAction.VIEW:
        return True
    return event.action == AuditAction.FILE_PREVIEW and event.detail.endswith(" thumbnail")


def fold_views(events: Iterable[AuditEvent], *, fold: bool = True) -> list[LogRow]:
    """Rows of the page, consecutive views of the same case by the same user on one day
    folded into one: a caseworker opening a case twelve times in an hour is one line, not twelve."""
    rows: list[LogRow] = []
    for event in events:
        last = rows[-1] if rows else None
        if (
            fold
            and last is not None
            and foldable(event)
            and foldable(last.event)
            and last.event.action == event.action
            and last.event.user_id == event.user_id
            and last.event.case_id == event.case_id
            # A row per day at least, so that a day's reads stay visible at a glance.
            and timezone.localdate(last.event.at) == timezone.localdate(event.at)
        ):
            if not last.folded:
                last.folded.append(last.event)
            last.folded.append(event)
            continue
        rows.append(LogRow(event=event, text=describe(event)))
    return rows
