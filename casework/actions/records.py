"""Risks, remedies, documents, relatives, pressure events and notes of a case."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models, transaction

from casework.actions.audit import log_event
from casework.actions.base import item_label, keeps_history, touch
from casework.choices import risk_level
from casework.models import (
    AuditAction,
    Case,
    CaseFile,
    IdentityDocument,
    Note,
    PressureEvent,
    Relative,
    Remedy,
    Risk,
    User,
)

RecordT = TypeVar("RecordT", bound=models.Model)


def refresh_risk_level(case: Case) -> None:
    level = risk_level(case.risks.current().values_list("severity", flat=True))
    Case.objects.filter(pk=case.pk).update(risk_level=level)
    case.risk_level = level


def _add(*, case: Case, by: User, record: RecordT, parent: list[str]) -> RecordT:
    # What the record hangs on (the case, the person, the relative, the author) is set by
    # the action, never typed: it is left out of validation.
    record.full_clean(exclude=parent)
    record.save()
    _after_change(case=case, by=by, record=record, verb="added")
    return record


@keeps_history
@transaction.atomic
def add_risk(*, case: Case, by: User, fields: Mapping[str, Any]) -> Risk:
    return _add(case=case, by=by, record=Risk(case=case, **fields), parent=["case"])


@keeps_history
@transaction.atomic
def add_remedy(*, case: Case, by: User, fields: Mapping[str, Any]) -> Remedy:
    return _add(case=case, by=by, record=Remedy(case=case, **fields), parent=["case"])


@keeps_history
@transaction.atomic
def add_document(*, case: Case, by: User, fields: Mapping[str, Any]) -> IdentityDocument:
    """An identity document of the case's person (documents belong to the person)."""
    document = IdentityDocument(person=case.person, **fields)
    return _add(case=case, by=by, record=document, parent=["person"])


@keeps_history
@transaction.atomic
def add_relative(*, case: Case, by: User, fields: Mapping[str, Any]) -> Relative:
    return _add(case=case, by=by, record=Relative(case=case, **fields), parent=["case"])


@keeps_history
@transaction.atomic
def add_pressure_event(
    *, case: Case, by: User, relative: Relative, fields: Mapping[str, Any]
) -> PressureEvent:
    if relative.case_id != case.pk:
        raise ValueError("The relative belongs to another case.")
    event = PressureEvent(relative=relative, **fields)
    return _add(case=case, by=by, record=event, parent=["relative"])


@keeps_history
@transaction.atomic
def add_note(*, case: Case, by: User, fields: Mapping[str, Any]) -> Note:
    """A note written by `by`."""
    note = Note(case=case, author=by, **fields)
    return _add(case=case, by=by, record=note, parent=["case", "author"])


# What each kind of record hangs on besides its own fields, for update_record's validation.
PARENT_FIELDS = {
    Risk: ["case"],
    Remedy: ["case"],
    IdentityDocument: ["person"],
    Relative: ["case"],
    PressureEvent: ["relative"],
    Note: ["case", "author"],
    CaseFile: ["case", "uploaded_by", "replaces"],
}


@keeps_history
@transaction.atomic
def update_record(*, case: Case, by: User, record: RecordT, fields: Mapping[str, Any]) -> RecordT:
    """Save a change to a record of case, validated as adding it is."""
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean(exclude=PARENT_FIELDS[type(record)])
    record.save()
    _after_change(case=case, by=by, record=record, verb="changed")
    return record


@keeps_history
@transaction.atomic
def remove_record(*, case: Case, by: User, record: models.Model) -> None:
    label = item_label(record)
    record.delete()
    _after_change(case=case, by=by, record=record, verb="removed", label=label)


def _after_change(
    *, case: Case, by: User, record: models.Model, verb: str, label: str | None = None
) -> None:
    if isinstance(record, Risk):
        refresh_risk_level(case)
    touch(case)
    log_event(
        user=by,
        case=case,
        action=AuditAction.EDIT,
        detail=f"{label or item_label(record)} {verb}",
    )
