"""Writing the derived keys of spellings stored around PersonName.save(), in bulk."""

from __future__ import annotations

from django.db import transaction

from casework.models import PersonName, PersonNameKey
from casework.names.keys import derive


def write_name_keys(names: list[PersonName], *, replace: bool = True) -> tuple[int, int]:
    """Derive search_folded and the PersonNameKey rows of saved spellings in bulk, for the
    paths that bypass PersonName.save() (bench data, rebuild_name_keys). Only spellings whose
    derived values changed are written. Returns (spellings updated, keys written)."""
    existing: dict[int, set[str]] = {name.pk: set() for name in names}
    if replace:
        for name_id, key in PersonNameKey.objects.filter(name__in=names).values_list(
            "name_id", "key"
        ):
            existing[name_id].add(key)
    changed, rows = [], []
    for name in names:
        derived = derive(name.text)
        if derived.search_folded == name.search_folded and set(derived.keys) == existing[name.pk]:
            continue
        name.search_folded = derived.search_folded
        changed.append(name)
        rows += PersonNameKey.rows_for(name, derived)
    if changed:
        with transaction.atomic():
            PersonName.objects.bulk_update(changed, ["search_folded"])
            if replace:
                PersonNameKey.objects.filter(name__in=changed).delete()
            PersonNameKey.objects.bulk_create(rows)
    return len(changed), len(rows)
