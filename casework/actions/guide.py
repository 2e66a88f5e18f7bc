"""The remedy knowledge base and tracking one of its remedies on a case."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from casework.actions.audit import log_event
from casework.actions.base import item_label, keeps_history, touch, upsert
from casework.models import (
    AuditAction,
    Case,
    Remedy,
    RemedyOption,
    User,
)


def save_remedy_option(*, country: str, kind: str, title: str, **fields: Any) -> tuple[Any, bool]:
    """Create or update a knowledge-base entry by country, kind and title (seeds, tests)."""
    return upsert(RemedyOption, {"country": country, "kind": kind, "title": title}, fields)


# --- remedy guide -----------------------------------------------------------------------


@keeps_history
@transaction.atomic
def track_remedy_option(*, case: Case, by: User, option: RemedyOption) -> tuple[Remedy, bool]:
    """Start tracking the remedy a knowledge-base entry describes; True if it is new.

    A remedy of the same kind and country already on the case is returned instead of a
    second one, so that a double click or two people at once add it only once.
    """
    from django.utils.translation import gettext

    if option.country != case.host_country:
        raise ValueError("Only options of the case's host country apply to it.")
    # Locking the case row serialises two requests for the same case on PostgreSQL; SQLite
    # transactions are IMMEDIATE (config/settings.py), which takes the write lock first.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    existing = case.remedies.filter(kind=option.kind, country=option.country).first()
    if existing is not None:
        return existing, False
    notes = gettext("From the remedy guide: %(title)s\nSource: %(url)s (checked on %(date)s)") % {
        "title": option.title,
        "url": option.source_url,
        "date": option.checked_on.isoformat(),
    }
    remedy = Remedy(case=case, kind=option.kind, country=option.country, notes=notes)
    remedy.full_clean()
    remedy.save()
    touch(case)
    log_event(
        user=by,
        case=case,
        action=AuditAction.EDIT,
        detail=f"{item_label(remedy)} added from RemedyOption {option.pk}",
    )
    return remedy, True
