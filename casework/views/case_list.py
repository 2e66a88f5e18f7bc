"""The case list: filters, search and pages over the cases the user may see."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from casework.access import policy
from casework.filters import case_list_page
from casework.models import CaseStatus


@login_required
def case_list(request):
    if not policy.works_on_cases(request.user):
        raise Http404
    case_filter, page, total, status_counts = case_list_page(request)
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
