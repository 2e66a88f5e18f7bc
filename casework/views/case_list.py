"""The case list: filters, search and pages over the cases the user may see."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from casework import actions
from casework.access import policy
from casework.filters import case_list_page, used_filters
from casework.models import AuditAction, CaseStatus


@login_required
def case_list(request):
    if not policy.works_on_cases(request.user):
        raise Http404
    case_filter, page, total, status_counts = case_list_page(request)
    log_search(request, "case list", case_filter, page, total)
    query = request.GET.copy()
    query.pop("page", None)
    by_status = query.copy()
    by_status.pop("status", None)
    live_update = bool(request.headers.get("HX-Request"))
    template = "casework/_case_results.html" if live_update else "casework/case_list.html"
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
            # The live search also refreshes the count read out to screen readers.
            "live_update": live_update,
        },
    )


def _with(query, **values) -> str:
    query = query.copy()
    for name, value in values.items():
        query[name] = value
    return query.urlencode()


def log_search(request, page_name: str, case_filter, cases, total: int) -> None:
    """Every list and search is a read: one event, naming the filters used (never their
    values, which may be a name typed) and the cases shown."""
    actions.log_list_read(
        by=request.user,
        action=AuditAction.SEARCH,
        page=page_name,
        count=total,
        references=[case.reference for case in cases],
        filters=used_filters(case_filter),
    )
