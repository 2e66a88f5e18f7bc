"""The audit log's writes: one event per thing done, carrying the request's address."""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar

from casework.models import (
    AuditAction,
    AuditEvent,
    Case,
    User,
)

DETAIL_MAX_LENGTH = AuditEvent._meta.get_field("detail").max_length or 500

# The address of the request being served, set by casework.middleware.RequestAddressMiddleware,
# so that every audit event of a request carries it without each view passing it along.
REQUEST_ADDRESS: ContextVar[str | None] = ContextVar("request_address", default=None)


def log_event(
    *,
    user: User | None,
    action: str,
    case: Case | None = None,
    detail: str = "",
    purpose: str = "",
    ip: str | None = None,
    subject_id: int | None = None,
    subject_office_id: int | None = None,
    subject_new_office_id: int | None = None,
) -> AuditEvent:
    """Write one audit event. Within a request its address is the client's, as the
    middleware found it; `ip` is for events written outside one (commands, tests).

    An event about an account names it (subject_id) and its office before and after the
    change (the new one only if it differs), whose coordinators read the event.

    `detail` is stored in clear: only what the code names (records, fields, sections).
    Text a user typed for the event goes in `purpose`, which is encrypted at rest."""
    return AuditEvent.objects.create(
        user=user,
        case=case,
        action=action,
        detail=detail,
        purpose=purpose[:200],
        ip=ip or REQUEST_ADDRESS.get(),
        subject_id=subject_id,
        subject_office_id=subject_office_id,
        subject_new_office_id=(
            subject_new_office_id if subject_new_office_id != subject_office_id else None
        ),
    )


def log_case_view(*, case: Case, by: User, form: str = "", conflict: bool = False) -> None:
    """A case read: its page, or (form named) an edit form showing its data, or the page of
    an edit that came too late, showing what was saved meanwhile."""
    detail = f"form: {form}" if form else ""
    if conflict:
        detail += "; conflict"
    log_event(user=by, case=case, action=AuditAction.VIEW, detail=detail)


def log_list_read(
    *,
    by: User,
    action: str,
    page: str,
    count: int | None = None,
    references: Iterable[str] = (),
    filters: Iterable[str] = (),
) -> AuditEvent:
    """One event for a page listing cases: which page, how many results, the references shown
    and the names (never the values) of the filters used. Nothing typed, nothing personal."""
    parts = [page]
    if filters:
        parts.append("filters: " + ", ".join(sorted(filters)))
    if count is not None:
        parts.append(f"results: {count}")
    shown = list(references)
    if shown:
        parts.append("shown: " + ", ".join(shown))
    detail = "; ".join(parts)
    if len(detail) > DETAIL_MAX_LENGTH:
        detail = detail[: DETAIL_MAX_LENGTH - 1].rsplit(", ", 1)[0] + "…"
    return log_event(user=by, action=action, detail=detail)
