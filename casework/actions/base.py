"""What several actions share: marking a case changed, naming a record in the audit log,
and saving reference data by its natural key."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from casework.models import (
    Case,
)


def touch(case: Case) -> None:
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(updated_at=now)
    case.updated_at = now


def item_label(item: models.Model) -> str:
    return f"{item._meta.object_name} {item.pk}"


def upsert(model: type[models.Model], keys: dict, values: dict) -> tuple[Any, bool]:
    instance = model.objects.filter(**keys).first()
    if instance is None:
        instance = model(**keys, **values)
        instance.full_clean()
        instance.save()
        return instance, True
    changed = {k: v for k, v in values.items() if str(getattr(instance, k)) != str(v)}
    if changed:
        for name, value in changed.items():
            setattr(instance, name, value)
        instance.full_clean()
        instance.save()
    return instance, bool(changed)
