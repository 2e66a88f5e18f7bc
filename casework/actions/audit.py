"""The audit log's writes: one event per thing done, carrying the request's address."""

from __future__ import annotations

from contextvars import ContextVar

from casework.models import (
    AuditAction,
    AuditEvent,
    Case,
    User,
)

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


def log_case_view(*, case: Case, by: User) -> None:
    log_event(user=by, case=case, action=AuditAction.VIEW)
