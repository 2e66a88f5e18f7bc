"""Intake, edits, status, assignment, sharing, closing and reopening of a case."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from casework.access import policy
from casework.actions.audit import log_event
from casework.actions.base import keeps_history, touch
from casework.actions.duplicates import tell_offices_of_duplicates
from casework.actions.people import person_fields, replace_names
from casework.actions.records import refresh_risk_level
from casework.models import (
    AuditAction,
    Case,
    CaseShare,
    CaseStatus,
    Note,
    NoteKind,
    Office,
    Person,
    ReferenceSequence,
    Risk,
    User,
    format_reference,
)


class EditConflict(Exception):
    """Someone else saved the case after the form was opened."""


def next_reference(*, country: str, year: int) -> str:
    sequence, _ = ReferenceSequence.objects.get_or_create(country=country, year=year)
    ReferenceSequence.objects.filter(pk=sequence.pk).update(last_number=F("last_number") + 1)
    sequence.refresh_from_db()
    return format_reference(country=country, year=year, number=sequence.last_number)


@keeps_history
@transaction.atomic
def take_in_case(
    *,
    by: User,
    person: dict[str, Any],
    names: Iterable[dict[str, Any]],
    risks: Iterable[dict[str, Any]] = (),
    host_country: str,
    summary: str = "",
    consent_recorded_on: datetime.date | None = None,
    office: Office | None = None,
    opened_on: datetime.date | None = None,
) -> Case:
    """Intake: the person, every spelling of their name and the first risks, in one step."""
    office = office or by.office
    if office is None:
        raise ValueError("Only a user with an office can take in a case.")
    opened_on = opened_on or timezone.localdate()
    new_person = Person.objects.create(**person_fields(person))
    replace_names(new_person, names)
    case = Case.objects.create(
        reference=next_reference(country=office.country.code, year=opened_on.year),
        person=new_person,
        office=office,
        host_country=host_country,
        summary=summary,
        consent_recorded_on=consent_recorded_on,
        opened_on=opened_on,
        created_by=by,
    )
    if policy.assigned_on_intake(by):
        case.assigned_to.add(by)
    for risk in risks:
        Risk.objects.create(case=case, **risk)
    refresh_risk_level(case)
    log_event(user=by, case=case, action=AuditAction.CREATE)
    # Matches among the cases by may not see are told to their offices by the task worker,
    # after this request: the intake then does the same queries whether the name matches a
    # hidden case or nobody. The database backend stores the task in this transaction.
    tell_offices_of_duplicates.enqueue(case.pk, by.pk)
    return case


@keeps_history
@transaction.atomic
def update_case(
    *,
    case: Case,
    by: User,
    expected_version: int,
    case_data: dict[str, Any],
    person_data: dict[str, Any],
    names: Iterable[dict[str, Any]],
) -> Case:
    """Save an edit of the case and its person, unless someone saved in between."""
    # Compared with what is stored: the edit form has already put the new values on `case`.
    stored = Case.objects.filter(pk=case.pk).values(*case_data).first() or {}
    changed = [name for name, value in case_data.items() if stored.get(name) != value]
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **case_data
    )
    if not updated:
        raise EditConflict
    # The conditional update above keeps two saves from both passing the version check;
    # saving the same values again through the model writes the case's new version.
    case.refresh_from_db()
    if changed:
        case.save(update_fields=changed)
    person = case.person
    person_changed = {
        name: value
        for name, value in person_fields(person_data).items()
        if getattr(person, name) != value
    }
    if person_changed:
        for name, value in person_changed.items():
            setattr(person, name, value)
        person.save()
    replace_names(person, names)
    log_event(user=by, case=case, action=AuditAction.EDIT, detail="case details")
    return case


@keeps_history
@transaction.atomic
def set_case_status(*, case: Case, by: User, status: str) -> Case:
    """Move a case between intake, open and on hold; closing has its own action."""
    if status == CaseStatus.CLOSED:
        raise ValueError("Close a case with close_case, which records the reason.")
    case.status = status
    case.updated_at = timezone.now()
    case.version += 1
    case.save(update_fields=["status", "updated_at", "version"])
    log_event(user=by, case=case, action=AuditAction.EDIT, detail=f"status {status}")
    return case


@keeps_history
@transaction.atomic
def assign_case(*, case: Case, by: User, users: Iterable[User]) -> Case:
    users = list(users)
    case.assigned_to.set(users)
    touch(case)
    names = ", ".join(sorted(user.username for user in users)) or "nobody"
    log_event(user=by, case=case, action=AuditAction.ASSIGN, detail=f"assigned to {names}")
    return case


@keeps_history
@transaction.atomic
def share_case(*, case: Case, by: User, user: User, include_relatives: bool) -> CaseShare:
    if not policy.may_receive_share(user):
        raise ValueError("Cases are shared with legal aid users only.")
    share, _ = CaseShare.objects.update_or_create(
        case=case,
        user=user,
        defaults={"shared_by": by, "include_relatives": include_relatives},
    )
    relatives = "with relatives" if include_relatives else "without relatives"
    log_event(
        user=by,
        case=case,
        action=AuditAction.SHARE,
        detail=f"shared with {user.username}, {relatives}",
    )
    return share


@keeps_history
@transaction.atomic
def unshare_case(*, share: CaseShare, by: User) -> None:
    case, username = share.case, share.user.username
    share.delete()
    log_event(user=by, case=case, action=AuditAction.UNSHARE, detail=f"unshared {username}")


@keeps_history
@transaction.atomic
def close_case(*, case: Case, by: User, reason: str) -> Case:
    case.status = CaseStatus.CLOSED
    case.closed_on = timezone.localdate()
    case.closure_reason = reason
    case.updated_at = timezone.now()
    case.version += 1
    case.save(update_fields=["status", "closed_on", "closure_reason", "updated_at", "version"])
    log_event(user=by, case=case, action=AuditAction.CLOSE)
    return case


@keeps_history
@transaction.atomic
def reopen_case(*, case: Case, by: User, reason: str) -> Case:
    case.status = CaseStatus.OPEN
    case.closed_on = None
    case.updated_at = timezone.now()
    case.version += 1
    case.save(update_fields=["status", "closed_on", "updated_at", "version"])
    log_event(user=by, case=case, action=AuditAction.REOPEN)
    Note.objects.create(case=case, author=by, kind=NoteKind.ACTION, text=reason)
    return case
