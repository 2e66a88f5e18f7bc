"""The case list's filters: every GET parameter of DESIGN.md section 6."""

from __future__ import annotations

import datetime
import re

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from casework.models import (
    CaseStatus,
    IdentityDocument,
    Office,
    PersonName,
    Remedy,
    RemedyKind,
    RemedyStatus,
    Risk,
    RiskKind,
    Severity,
    severities_at_least,
)
from casework.names import search_key

REFERENCE_PREFIX = re.compile(r"^[A-Za-z]{2}-\d{1,4}(-\d{0,6})?$")

SORTS = {
    "updated": ("-updated_at", "-pk"),
    "risk": ("-risk_level", "-updated_at", "-pk"),
}


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or reference"), method="filter_q", max_length=200)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices)
    risk = django_filters.ChoiceFilter(
        label=_("Risk"), choices=RiskKind.choices, method="filter_risk"
    )
    severity = django_filters.ChoiceFilter(
        label=_("Severity at least"), choices=Severity.choices, method="filter_risk"
    )
    remedy = django_filters.ChoiceFilter(
        label=_("Remedy"), choices=RemedyKind.choices, method="filter_remedy"
    )
    remedy_status = django_filters.ChoiceFilter(
        label=_("Remedy status"), choices=RemedyStatus.choices, method="filter_remedy"
    )
    host_country = django_filters.ChoiceFilter(label=_("Host country"), choices=countries)
    office = django_filters.ModelChoiceFilter(label=_("Office"), queryset=Office.objects.all())
    assigned = django_filters.ChoiceFilter(
        label=_("Assigned"), choices=[("me", _("To me"))], method="filter_assigned"
    )
    doc_expiring = django_filters.NumberFilter(
        label=_("Document expires within (days)"),
        method="filter_doc_expiring",
        min_value=0,
        max_value=3650,
        widget=forms.NumberInput(attrs={"placeholder": _("days")}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("updated", _("Recently updated")), ("risk", _("Highest risk"))],
        method="filter_sort",
        empty_label=None,
    )

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        key = search_key(value)
        if not key:
            return queryset
        matches = Q(
            person_id__in=PersonName.objects.filter(search_key__contains=key).values("person_id")
        )
        # A reference (or its beginning, "PL-2026") is matched as such; "pl" alone would
        # otherwise match every Polish case.
        if REFERENCE_PREFIX.match(value.strip()):
            matches |= Q(reference__istartswith=value.strip())
        return queryset.filter(matches)

    def filter_risk(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Kind and minimum severity apply to the same risk: "a high red notice", not
        # "a red notice, and some other high risk". Resolved risks no longer count.
        if name == "severity" and self.form.cleaned_data.get("risk"):
            return queryset
        risks = Risk.objects.current()
        if kind := self.form.cleaned_data.get("risk"):
            risks = risks.filter(kind=kind)
        if minimum := self.form.cleaned_data.get("severity"):
            risks = risks.filter(severity__in=severities_at_least(minimum))
        return queryset.filter(pk__in=risks.values("case_id"))

    def filter_remedy(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Kind and status apply to the same remedy: "an alien's passport that was refused".
        if name == "remedy_status" and self.form.cleaned_data.get("remedy"):
            return queryset
        remedies = Remedy.objects.all()
        if kind := self.form.cleaned_data.get("remedy"):
            remedies = remedies.filter(kind=kind)
        if status := self.form.cleaned_data.get("remedy_status"):
            remedies = remedies.filter(status=status)
        return queryset.filter(pk__in=remedies.values("case_id"))

    def filter_assigned(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(assigned_to=self.request.user)

    def filter_doc_expiring(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if value is None:
            return queryset
        limit = timezone.localdate() + datetime.timedelta(days=int(value))
        documents = IdentityDocument.objects.filter(expires_on__lte=limit)
        return queryset.filter(person_id__in=documents.values("person_id"))

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*SORTS.get(value, SORTS["updated"]))
