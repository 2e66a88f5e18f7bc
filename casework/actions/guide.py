"""The remedy knowledge base and tracking one of its remedies on a case."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from casework.actions.audit import log_event
from casework.actions.base import item_label, keeps_history, touch, upsert
from casework.models import (
    AuditAction,
    Case,
    Remedy,
    RemedyOption,
    User,
)

# RemedyOption's fields written in each language (casework/translation.py).
TRANSLATED_FIELDS = ("title", "summary", "eligibility", "documents_needed")


def in_each_language(fields: dict[str, Any]) -> dict[str, Any]:
    """{"title": {"en": ..., "be": ...}} as the columns {"title_en": ..., "title_be": ...};
    a plain text is the English one."""
    columns = {}
    for name, value in fields.items():
        if name not in TRANSLATED_FIELDS:
            columns[name] = value
        elif isinstance(value, dict):
            columns.update({f"{name}_{language}": text for language, text in value.items()})
        else:
            columns[f"{name}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"] = value
    return columns


def save_remedy_option(
    *, country: str, kind: str, title: str | dict[str, str], **fields: Any
) -> tuple[Any, bool]:
    """Create or update a knowledge-base entry by country, kind and English title (seeds,
    tests). Each text is {language: text} (or a plain text, the English one); languages not
    given are left as they are, so an admin's Polish text survives `load_seeds`."""
    columns = in_each_language({"title": title, **fields})
    english_title = f"title_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
    keys = {"country": country, "kind": kind, english_title: columns.pop(english_title)}
    # Saved in English: the original columns (`title`, ...) take the active language's text.
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        return upsert(RemedyOption, keys, columns)


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
