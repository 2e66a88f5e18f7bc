"""Risks, remedies, documents, relatives, pressure events and notes of a case."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from casework.actions.audit import log_event
from casework.actions.base import item_label, touch
from casework.models import (
    SEVERITY_RANK,
    AuditAction,
    Case,
    Risk,
    User,
)


def refresh_risk_level(case: Case) -> None:
    severities = case.risks.current().values_list("severity", flat=True)
    level = max((SEVERITY_RANK[s] for s in severities), default=0)
    Case.objects.filter(pk=case.pk).update(risk_level=level)
    case.risk_level = level


@transaction.atomic
def add_item(
    *, case: Case, by: User, model: type[models.Model], data: dict[str, Any], **parent: Any
) -> models.Model:
    """Add a risk, remedy, document, relative, pressure event or note to a case."""
    # Documents hang on the person and pressure events on a relative (passed as parent);
    # everything else belongs to the case itself.
    if any(field.name == "case" for field in model._meta.fields):
        parent["case"] = case
    item = model(**parent, **data)
    item.full_clean(exclude=list(parent))
    item.save()
    _after_item_change(case=case, by=by, item=item, verb="added")
    return item


@transaction.atomic
def update_item(*, case: Case, by: User, item: models.Model, data: dict[str, Any]) -> models.Model:
    for name, value in data.items():
        setattr(item, name, value)
    item.save()
    _after_item_change(case=case, by=by, item=item, verb="changed")
    return item


@transaction.atomic
def remove_item(*, case: Case, by: User, item: models.Model) -> None:
    label = item_label(item)
    item.delete()
    _after_item_change(case=case, by=by, item=item, verb="removed", label=label)


def _after_item_change(
    *, case: Case, by: User, item: models.Model, verb: str, label: str | None = None
) -> None:
    if isinstance(item, Risk):
        refresh_risk_level(case)
    touch(case)
    log_event(
        user=by, case=case, action=AuditAction.EDIT, detail=f"{label or item_label(item)} {verb}"
    )
