"""Bringing back a removed record of a case from its history."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from casework.access import policy
from casework.actions.audit import log_event
from casework.actions.base import item_label, keeps_history, touch
from casework.actions.records import refresh_risk_level
from casework.models import AuditAction, Case, CaseShare, Risk, User


class RestoreRefused(Exception):
    """A removed record that cannot come back as it was; the message says why."""


@keeps_history
@transaction.atomic
def restore_record(*, case: Case, by: User, version: Any) -> models.Model:
    """Recreate a removed record of case from its last version (`version`, the removal),
    with its own id, and rebuild what is derived from it (a name's search keys are rebuilt
    by PersonName.save, the case's risk level here)."""
    model = version.instance_type
    if model._default_manager.filter(pk=version.id).exists():
        raise RestoreRefused(_("This record is there already: there is nothing to restore."))
    record = version.instance
    for field in model._meta.concrete_fields:
        if not field.is_relation:
            continue
        value = getattr(record, field.attname)
        if value is None or field.related_model._default_manager.filter(pk=value).exists():
            continue
        if field.null:
            setattr(record, field.attname, None)
        else:
            raise RestoreRefused(
                _(
                    "This record cannot come back: what it belonged to (%(parent)s) was "
                    "removed. Restore that first."
                )
                % {"parent": field.verbose_name}
            )
    if isinstance(record, CaseShare) and not policy.may_receive_share(record.user):
        raise RestoreRefused(
            _("This share cannot come back: its user may no longer receive shares.")
        )
    try:
        with transaction.atomic():
            record.save(force_insert=True)
    except IntegrityError:
        raise RestoreRefused(
            _("This record cannot come back: a newer one of the same kind took its place.")
        ) from None
    if isinstance(record, Risk):
        refresh_risk_level(case)
    touch(case)
    log_event(
        user=by, case=case, action=AuditAction.RESTORE, detail=f"{item_label(record)} restored"
    )
    return record


def log_case_history_view(*, case: Case, by: User) -> None:
    log_event(user=by, case=case, action=AuditAction.VIEW, detail="history")
