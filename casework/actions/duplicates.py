"""Possible duplicates told to the office holding the other case."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from casework.actions.audit import log_event
from casework.duplicates import hidden_duplicates
from casework.models import (
    AuditAction,
    Case,
    DuplicateNotice,
    User,
)

# --- possible duplicates --------------------------------------------------------------------


@transaction.atomic
def flag_possible_duplicates(*, case: Case, by: User) -> list[DuplicateNotice]:
    """Tell the coordinators holding a possible duplicate of case that by may not see.

    One notice per matching case, audited on that case; by is told nothing (see
    casework/duplicates.py), and the notice names the two cases, never the person.
    """
    notices = []
    for other, score in hidden_duplicates(case=case, by=by):
        notices.append(
            DuplicateNotice.objects.create(
                office_id=other.office_id, case=other, new_case=case, score=score
            )
        )
        log_event(
            user=by,
            case=other,
            action=AuditAction.DUPLICATE_FLAGGED,
            detail=f"possible duplicate: new case {case.reference}",
        )
    return notices


@task()
def tell_offices_of_duplicates(case_id: int, by_id: int) -> int:
    """flag_possible_duplicates, in the task worker: take_in_case enqueues it, so that the
    intake request does the same queries whether the name matches hidden cases or nobody.
    How many notices were written."""
    case = Case.objects.select_related("person").filter(pk=case_id).first()
    by = User.objects.filter(pk=by_id).first()
    if case is None or by is None:
        return 0
    return len(flag_possible_duplicates(case=case, by=by))


@transaction.atomic
def dismiss_duplicate_notice(*, notice: DuplicateNotice, by: User) -> DuplicateNotice:
    notice.dismissed_by = by
    notice.dismissed_at = timezone.now()
    notice.save(update_fields=["dismissed_by", "dismissed_at"])
    log_event(
        user=by,
        case=notice.case,
        action=AuditAction.DUPLICATE_DISMISSED,
        detail=f"DuplicateNotice {notice.pk} dismissed (new case {notice.new_case.reference})",
    )
    return notice
