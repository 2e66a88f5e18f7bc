"""The person of a case and every spelling of their name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from casework.models import (
    Person,
    PersonName,
)
from casework.names import guess_script


def person_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = (
        "full_name",
        "birth_date",
        "citizenship",
        "residence_country",
        "city",
        "contact",
        "languages",
    )
    return {name: data[name] for name in fields if name in data}


def replace_names(person: Person, names: Iterable[dict[str, Any]]) -> None:
    """Store every spelling once; the full name is always one of them. A spelling kept as
    it was is left alone, so that the names' history shows only what changed."""
    seen: set[str] = set()
    wanted = []
    for name in [*names, {"text": person.full_name, "script": None, "kind": "other"}]:
        text = name["text"].strip()
        if not text or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        wanted.append((text, name.get("script") or guess_script(text), name.get("kind") or "other"))
    existing = {row.text: row for row in person.names.all()}
    for text, script, kind in wanted:
        row = existing.pop(text, None)
        if row is None:
            PersonName(person=person, text=text, script=script, kind=kind).save()
        elif (row.script, row.kind) != (script, kind):
            row.script, row.kind = script, kind
            row.save()
    # One by one rather than a queryset's delete, so that each leaves its last version.
    for row in existing.values():
        row.delete()
