"""What several actions share: marking a case changed, naming a record in the audit log,
and saving reference data by its natural key."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from django.db import models
from django.utils import timezone

from casework.models import (
    Case,
)
from casework.models.history import acting_as

P = ParamSpec("P")
R = TypeVar("R")


def keeps_history(action: Callable[P, R]) -> Callable[P, R]:
    """Run an action as its `by`: every version of a record it writes (cascades included)
    names that user in the record's history."""

    @functools.wraps(action)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with acting_as(kwargs.get("by")):
            return action(*args, **kwargs)

    return run


def touch(case: Case) -> None:
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(updated_at=now)
    case.updated_at = now


def item_label(item: models.Model) -> str:
    return f"{item._meta.object_name} {item.pk}"


def change_detail(record: models.Model, *, created: bool, changed: Iterable[str] = ()) -> str:
    """An admin's change named in the audit log: the record and the fields it touched,
    never their values (names and e-mail addresses are personal data)."""
    if created:
        return f"{item_label(record)} created"
    fields = ", ".join(sorted(changed)) or "nothing"
    return f"{item_label(record)} changed: {fields}"[:500]


def upsert(model: type[models.Model], keys: dict, values: dict) -> tuple[Any, bool]:
    instance = model._default_manager.filter(**keys).first()
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
