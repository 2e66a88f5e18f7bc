"""Possible duplicates told to the office holding the other case."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

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
