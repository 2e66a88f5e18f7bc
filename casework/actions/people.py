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
    """Store every spelling once; the full name is always one of them."""
    seen: set[str] = set()
    rows = []
    for name in [*names, {"text": person.full_name, "script": None, "kind": "other"}]:
        text = name["text"].strip()
        if not text or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        rows.append(
            PersonName(
                person=person,
                text=text,
                script=name.get("script") or guess_script(text),
                kind=name.get("kind") or "other",
            )
        )
    person.names.all().delete()
    for row in rows:
        row.save()
