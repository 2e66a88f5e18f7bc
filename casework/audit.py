"""The audit log page's filters. Whose events a user may read is decided by the policy
(casework.access.policy.audit_event_scope) and applied by AuditEvent.objects.readable_by.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.dates import DateFilter
from casework.filters import FastSelect, choice_filter
from casework.models import TYPED_REFERENCE, AuditAction, User

# Reads of lists (the case list and its searches, the duplicate check, the dashboard): many per
# hour and per person, so the log hides them unless asked, or unless they are the action asked.
LIST_READS = (AuditAction.SEARCH, AuditAction.LIST)

# A whole reference as the intake writes it: office country, year, sequence (PL-2026-0007).
REFERENCE = RegexValidator(
    rf"^{TYPED_REFERENCE}\Z",
    _("Enter a whole case reference, such as PL-2026-0007."),
)


class UsernameChoiceField(django_filters.fields.ModelChoiceField):
    # The log names people by username: first names repeat, usernames do not.
    def label_from_instance(self, obj: User) -> str:
        return obj.username


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
