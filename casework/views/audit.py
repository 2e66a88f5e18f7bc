"""The audit log: coordinators read their office's, admins all of it. Nothing here edits it."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from casework.access import policy
from casework.actions import log_event
from casework.audit import AuditEventFilter, describe, fold_views
from casework.models import AuditAction, AuditEvent, AuditEventQuerySet, Case

PAGE_SIZE = 50

CSV_HEADER = ["time", "user", "case", "action", "ip", "detail", "purpose", "text"]

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _filtered(request, events: AuditEventQuerySet) -> AuditEventFilter:
    return AuditEventFilter(request.GET, queryset=events.for_log())


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def audit_log(request):
    if not policy.may_read_audit_log(request.user):
        raise Http404
    events = AuditEvent.objects.readable_by(request.user)
    event_filter = _filtered(request, events)
    page = None
    linked_cases: set[int] = set()
    if event_filter.is_valid():
        page = Paginator(event_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        # A reference links to its case only for a reader who may open that case (never an
        # admin), decided by the one rule for reading cases, in one query for the page.
        case_ids = {event.case_id for event in page.object_list if event.case_id}
        if case_ids:
            linked_cases = Case.objects.visible_to(request.user).ids_among(case_ids)
    return render(
        request,
        "casework/audit_log.html",
        {
            "filter": event_filter,
            "page": page,
            # Consecutive views of a case by one user folded into one row, unless views are
            # what the reader asked for.
            "rows": (
                fold_views(page.object_list, fold=request.GET.get("action") != AuditAction.VIEW)
                if page is not None
                else []
            ),
            "linked_cases": linked_cases,
            "show_purposes": policy.reads_typed_purposes(request.user),
            "query": _query_without_page(request),
        },
    )


@login_required
@require_GET
def audit_log_csv(request):
    if not policy.may_read_audit_log(request.user):
        raise Http404
    events = AuditEvent.objects.readable_by(request.user)
    event_filter = _filtered(request, events)
    if not event_filter.is_valid():
        # A hand-made or stale URL: show what to correct, export nothing.
        return render(
            request,
            "casework/audit_log.html",
            {"filter": event_filter, "page": None, "query": _query_without_page(request)},
            status=400,
        )
    matching = event_filter.qs
    # The rows exported are those that exist now: not the export's own event, nor any
    # written while the file streams, so that the count logged is the count sent.
    snapshot = matching.order_by().aggregate(rows=Count("pk"), last=Max("pk"))
    rows = matching.filter(pk__lte=snapshot["last"]) if snapshot["last"] else matching.none()
    log_event(
        user=request.user,
        action=AuditAction.EXPORT,
        detail=f"audit log csv: {snapshot['rows']} rows",
    )
    response = StreamingHttpResponse(
        _csv_lines(
            rows.iterator(chunk_size=2000), purposes=policy.reads_typed_purposes(request.user)
        ),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"audit-log-{timezone.now().date():%Y-%m-%d}.csv"
    response["Content-Disposition"] = cast(
        str, content_disposition_header(as_attachment=True, filename=filename)
    )
    return response


class _Line:
    """A file-like object whose write() hands back the line csv.writer gives it."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(events: Iterable[AuditEvent], *, purposes: bool) -> Iterator[str]:
    """The CSV's lines; the typed purposes only for a reader who may see them."""
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_HEADER)
    for event in events:
        yield writer.writerow(
            [
                _cell(value)
                for value in (
                    event.at.astimezone(datetime.UTC).isoformat(timespec="seconds"),
                    event.user.username if event.user else "",
                    event.case.reference if event.case else "",
                    event.action,
                    event.ip,
                    event.detail,
                    event.purpose if purposes else "",
                    describe(event),
                )
            ]
        )


def _cell(value: str | None) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text
