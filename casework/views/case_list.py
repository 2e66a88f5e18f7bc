from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from casework.filters import CaseFilter
from casework.models import Case, CaseStatus


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
        window = self.object_list.values("pk")[bottom : bottom + self.per_page]
        return self._get_page(self.object_list.filter(pk__in=window), number, self)


def list_page(request):
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


@login_required
def case_list(request):
    case_filter, page, total, status_counts = list_page(request)
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


def _with(query, **values) -> str:
    query = query.copy()
    for name, value in values.items():
        query[name] = value
    return query.urlencode()
