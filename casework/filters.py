"""The case list's filters: every GET parameter of DESIGN.md section 6."""

from __future__ import annotations

import datetime
import re
from typing import cast

import django_filters
from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case as SqlCase
from django.db.models import (
    CharField,
    Count,
    Exists,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from casework.models import (
    Case,
    CaseStatus,
    IdentityDocument,
    Office,
    Person,
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
from casework.names.search import NameMatch, rank_people

REFERENCE_PREFIX = re.compile(r"^[A-Za-z]{2}-\d{1,4}(-\d{0,6})?$")

# A name search lists the persons scoring at least this (casework.names.search): lower than for
# duplicates, since a list shows more and ranks the best first.
LIST_MIN_SCORE = 0.8
# Up to this many cases matched by a name search are listed by id in the queries that follow.
MAX_LISTED_MATCHES = 2000

SORTS = {
    "updated": ("-updated_at", "-pk"),
    "risk": ("-risk_level", "-updated_at", "-pk"),
}


class FastSelect(forms.Select):
    """A select whose options are rendered in Python: one template render per option (some
    250 countries, 16 risks, ...) took most of the case list's rendering time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
        )


def choice_filter(label, choices, **kwargs) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(label=label, choices=choices, widget=FastSelect, **kwargs)


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or reference"), method="filter_q", max_length=200)
    # Applied in filter_queryset, after the queryset for the counts per status is kept.
    status = choice_filter(_("Status"), CaseStatus.choices, method="filter_nothing")
    risk = choice_filter(_("Risk"), RiskKind.choices, method="filter_risk")
    severity = choice_filter(_("Severity at least"), Severity.choices, method="filter_risk")
    remedy = choice_filter(_("Remedy"), RemedyKind.choices, method="filter_remedy")
    remedy_status = choice_filter(_("Remedy status"), RemedyStatus.choices, method="filter_remedy")
    host_country = choice_filter(_("Host country"), countries)
    office = django_filters.ModelChoiceFilter(
        label=_("Office"), queryset=Office.objects.all(), widget=FastSelect
    )
    assigned = choice_filter(_("Assigned"), [("me", _("To me"))], method="filter_assigned")
    doc_expiring = django_filters.NumberFilter(
        label=_("Document expires within (days)"),
        method="filter_doc_expiring",
        min_value=0,
        max_value=3650,
        widget=forms.NumberInput(attrs={"placeholder": _("days")}),
    )
    # Overdue by casework/deadlines/: an expired document, a decision, appeal, review or
    # task past its date, and not snoozed.
    overdue = choice_filter(
        _("Deadlines"), [("1", _("Has overdue items"))], method="filter_overdue"
    )
    sort = choice_filter(
        _("Sort by"),
        [("updated", _("Recently updated")), ("risk", _("Highest risk"))],
        method="filter_sort",
        empty_label=None,
    )

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        key = search_key(value)
        if not key:
            return queryset
        # The persons whose name this is, in any script or romanisation, ranked: found by
        # their name keys among the persons of the cases this user may see, and only those.
        # A name that matches only cases the user may not see then costs the very queries,
        # and finds the very nothing, that a name matching nobody does (tests/casework/
        # test_reads.py). A broad name (shared by more than
        # casework.names.search.CANDIDATES persons) may leave some of them unranked.
        persons = Person.objects.filter(pk__in=queryset.order_by().values("person_id"))
        self.name_matches[:] = rank_people(value, persons=persons, min_score=LIST_MIN_SCORE)
        # Every key is read, so the test is instr()/strpos() rather than LIKE, which on SQLite
        # decodes each Cyrillic letter to fold its case (keys are folded already): a third
        # faster. Case ids rather than person ids: SQLite then looks the few matching cases
        # up by primary key instead of testing the person of every case of the office.
        # EXISTS per name found rather than IN, which SQLite would answer by first listing
        # every person of, say, a whole office.
        visible_person = queryset.order_by().filter(person_id=OuterRef("person_id"))
        names = PersonName.objects.filter(
            GreaterThan(StrIndex("search_key", Value(key)), 0), Exists(visible_person)
        )
        # Read the matches once: the status counts and the page would otherwise each scan
        # every name. A search so broad that it matches very many stays a subquery.
        case_ids = list(names.values_list("person__cases", flat=True)[: MAX_LISTED_MATCHES + 1])
        if len(case_ids) <= MAX_LISTED_MATCHES:
            matches = Q(pk__in=[pk for pk in case_ids if pk is not None])
        else:
            matches = Q(pk__in=names.values("person__cases"))
        if self.name_matches:
            # Their case ids, so that the list and its counts look cases up by primary key.
            ranked = queryset.filter(person_id__in=[m.person_id for m in self.name_matches])
            matches |= Q(pk__in=list(ranked.order_by().values_list("pk", flat=True)))
        # A reference (or its beginning, "PL-2026") is matched as such; "pl" alone would
        # otherwise match every Polish case.
        if REFERENCE_PREFIX.match(value.strip()):
            matches |= Q(reference__istartswith=value.strip())
        return queryset.filter(matches)

    def filter_nothing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        self.name_matches: list[NameMatch] = []
        queryset = super().filter_queryset(queryset)
        if self.name_matches:
            queryset = with_name_rank(queryset, self.name_matches)
        # Every filter but the status: what the counts per status are taken from.
        self.all_statuses = queryset
        if status := self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status=status)
        return queryset

    def status_counts(self) -> dict[str, int]:
        self.qs  # noqa: B018 - runs the filters
        rows = self.all_statuses.order_by().values("status").annotate(n=Count("pk"))
        return {row["status"]: row["n"] for row in rows}

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

    def filter_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from casework.deadlines import overdue_cases

        # The queryset already holds only the cases this user may see.
        return queryset.filter(overdue_cases())

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*SORTS.get(value, SORTS["updated"]))


def with_name_rank(queryset: QuerySet, matches: list[NameMatch]) -> QuerySet:
    """The cases of the persons a name search found first, best match first, each with the
    spelling that matched; then the rest in the chosen order. Matches are few (at most
    casework.names.search.CANDIDATES), so the rank is a CASE over their person ids, and so
    are the spelling and its lang."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    rank = SqlCase(
        *[When(person_id=m.person_id, then=Value(m.score)) for m in matches],
        default=Value(0.0),
        output_field=FloatField(),
    )
    spelling = SqlCase(
        *[When(person_id=m.person_id, then=Value(m.spelling)) for m in matches],
        default=Value(""),
        output_field=CharField(),
    )
    spelling_lang = SqlCase(
        *[When(person_id=m.person_id, then=Value(m.lang)) for m in matches if m.lang],
        default=Value(""),
        output_field=CharField(),
    )
    return queryset.annotate(
        name_rank=rank, name_spelling=spelling, name_spelling_lang=spelling_lang
    ).order_by("-name_rank", *ordering)


class CountedPaginator(Paginator):
    """A paginator told its count, which the status tabs have already worked out."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count

    def page(self, number):
        # OFFSET 50,000 on the full query would read and join 50,000 rows only to skip them:
        # the page's ids come from the ordering index alone, and only those rows are read.
        # Page 1 skips nothing, and evaluating the filters once is cheaper there.
        number = self.validate_number(number)
        if number == 1:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        cases = cast(QuerySet, self.object_list)
        window = cases.values("pk")[bottom : bottom + self.per_page]
        return Page(cases.filter(pk__in=window), number, self)


def case_list_page(request) -> tuple[CaseFilter, Page, int, dict[str, int]]:
    """The filter, the page of cases and the counts that the case list shows for this request."""
    visible = Case.objects.visible_to(request.user)
    case_filter = CaseFilter(request.GET, queryset=visible.for_list(), request=request)
    cases = case_filter.qs  # an invalid parameter is shown as an error, never a 500
    status_counts = case_filter.status_counts()
    total = (
        status_counts.get(case_filter.form.cleaned_data.get("status"), 0)
        if case_filter.form.is_valid() and case_filter.form.cleaned_data.get("status")
        else sum(status_counts.values())
    )
    paginator = CountedPaginator(cases, settings.CASE_LIST_PAGE_SIZE, count=total)
    page = paginator.get_page(request.GET.get("page"))
    return case_filter, page, total, status_counts


def used_filters(case_filter: CaseFilter) -> list[str]:
    """The names of the filters a list request used, for its audit event: never their values,
    which may be a name typed."""
    if not case_filter.form.is_valid():
        return ["invalid"]
    return [
        name
        for name, value in case_filter.form.cleaned_data.items()
        if value not in (None, "") and name != "sort"
    ]
