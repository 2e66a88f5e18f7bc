from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render

from casework.filters import CaseFilter
from casework.models import Case, CaseStatus


class CountedPaginator(Paginator):
    """A paginator told its count, which the status tabs have already worked out."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


@login_required
def case_list(request):
    visible = Case.objects.visible_to(request.user)
    case_filter = CaseFilter(request.GET, queryset=visible.for_list(), request=request)
    cases = case_filter.qs  # an invalid parameter is shown as an error, never a 500
    status_counts = status_facets(case_filter)
    total = (
        status_counts.get(case_filter.form.cleaned_data.get("status"), 0)
        if case_filter.form.is_valid() and case_filter.form.cleaned_data.get("status")
        else sum(status_counts.values())
    )
    paginator = CountedPaginator(cases, settings.CASE_LIST_PAGE_SIZE, count=total)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    by_status = query.copy()
    by_status.pop("status", None)
    template = (
        "casework/_case_results.html"
        if request.headers.get("HX-Request")
        else "casework/case_list.html"
    )
    return render(
        request,
        template,
        {
            "filter": case_filter,
            "page": page,
            "total": total,
            "status_counts": [
                (value, label, status_counts.get(value, 0), _with(by_status, status=value))
                for value, label in CaseStatus.choices
            ],
            "all_statuses": by_status.urlencode(),
            "query": query.urlencode(),
        },
    )


def status_facets(case_filter: CaseFilter) -> dict[str, int]:
    """Counts per status for the current filters except the status itself."""
    data = case_filter.data.copy()
    data.pop("status", None)
    data.pop("sort", None)
    unfiltered = CaseFilter(data, queryset=case_filter.queryset, request=case_filter.request)
    rows = unfiltered.qs.order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def _with(query, **values) -> str:
    query = query.copy()
    for name, value in values.items():
        query[name] = value
    return query.urlencode()
