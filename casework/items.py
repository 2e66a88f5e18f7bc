"""The records a case page lists and edits in place: risks, remedies, documents, relatives,
pressure events and notes. One description each, so that their views are written once."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from casework import actions
from casework import forms as case_forms
from casework.access.policy import CaseAction
from casework.models import (
    Case,
    IdentityDocument,
    Note,
    PressureEvent,
    Relative,
    Remedy,
    Risk,
)


@dataclass(frozen=True)
class ItemWording:
    """What the pages and messages of one kind of record say: whole sentences, so that
    each language can inflect the record's name as its grammar needs."""

    name: Promise
    add: Promise
    edit: Promise
    remove: Promise
    added: Promise
    saved: Promise
    removed: Promise


@dataclass(frozen=True)
class ItemKind:
    slug: str
    model: type[models.Model]
    form: type[forms.ModelForm]
    # The access action needed to add, change or remove one.
    permission: CaseAction
    wording: ItemWording
    anchor: str
    # The action that adds one (casework.actions.records); a pressure event also takes
    # the relative it happened to.
    add: Callable[..., models.Model]
    # Relatives' data also needs the right to see relatives.
    needs_relatives: bool = False

    def queryset(self, case: Case) -> models.QuerySet:
        """Records of this kind that belong to case."""
        if self.model is IdentityDocument:
            return IdentityDocument.objects.filter(person_id=case.person_id)
        if self.model is PressureEvent:
            return PressureEvent.objects.filter(relative__case=case)
        return self.model._default_manager.filter(case=case)

    def initial(self, case: Case) -> dict:
        """What a new record most often holds, to save typing."""
        if self.model is Remedy:
            return {"country": case.host_country}
        if self.model is IdentityDocument:
            return {"issuing_country": case.person.citizenship}
        return {}


ITEM_KINDS = {
    kind.slug: kind
    for kind in [
        ItemKind(
            slug="risks",
            model=Risk,
            form=case_forms.RiskForm,
            permission=CaseAction.EDIT,
            wording=ItemWording(
                name=_("Risk"),
                add=_("Add a risk"),
                edit=_("Edit the risk"),
                remove=_("Remove this risk?"),
                added=_("The risk was added."),
                saved=_("The risk was saved."),
                removed=_("The risk was removed."),
            ),
            anchor="risks",
            add=actions.add_risk,
        ),
        ItemKind(
            slug="remedies",
            model=Remedy,
            form=case_forms.RemedyForm,
            permission=CaseAction.EDIT_LEGAL,
            wording=ItemWording(
                name=_("Remedy"),
                add=_("Add a remedy"),
                edit=_("Edit the remedy"),
                remove=_("Remove this remedy?"),
                added=_("The remedy was added."),
                saved=_("The remedy was saved."),
                removed=_("The remedy was removed."),
            ),
            anchor="remedies",
            add=actions.add_remedy,
        ),
        ItemKind(
            slug="documents",
            model=IdentityDocument,
            form=case_forms.DocumentForm,
            permission=CaseAction.EDIT,
            wording=ItemWording(
                name=_("Identity document"),
                add=_("Add an identity document"),
                edit=_("Edit the identity document"),
                remove=_("Remove this identity document?"),
                added=_("The identity document was added."),
                saved=_("The identity document was saved."),
                removed=_("The identity document was removed."),
            ),
            anchor="documents",
            add=actions.add_document,
        ),
        ItemKind(
            slug="relatives",
            model=Relative,
            form=case_forms.RelativeForm,
            permission=CaseAction.EDIT,
            wording=ItemWording(
                name=_("Relative"),
                add=_("Add a relative"),
                edit=_("Edit the relative"),
                remove=_("Remove this relative?"),
                added=_("The relative was added."),
                saved=_("The relative was saved."),
                removed=_("The relative was removed."),
            ),
            anchor="relatives",
            add=actions.add_relative,
            needs_relatives=True,
        ),
        ItemKind(
            slug="pressure-events",
            model=PressureEvent,
            form=case_forms.PressureEventForm,
            permission=CaseAction.EDIT,
            wording=ItemWording(
                name=_("Pressure event"),
                add=_("Add a pressure event"),
                edit=_("Edit the pressure event"),
                remove=_("Remove this pressure event?"),
                added=_("The pressure event was added."),
                saved=_("The pressure event was saved."),
                removed=_("The pressure event was removed."),
            ),
            anchor="relatives",
            add=actions.add_pressure_event,
            needs_relatives=True,
        ),
        ItemKind(
            slug="notes",
            model=Note,
            form=case_forms.NoteForm,
            permission=CaseAction.EDIT_LEGAL,
            wording=ItemWording(
                name=_("Note"),
                add=_("Add a note"),
                edit=_("Edit the note"),
                remove=_("Remove this note?"),
                added=_("The note was added."),
                saved=_("The note was saved."),
                removed=_("The note was removed."),
            ),
            anchor="notes",
            add=actions.add_note,
        ),
    ]
}


def fingerprint(item: models.Model) -> str:
    """A digest of a record's saved values: an edit form carries the one it was opened with,
    so that a change saved by someone else in between is noticed instead of overwritten."""
    values = {field.attname: str(getattr(item, field.attname)) for field in item._meta.fields}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def saved_values(item: models.Model, field_names: list[str]) -> list[tuple[str, str]]:
    """The record's fields as saved now, labelled for display."""
    rows = []
    for name in field_names:
        field = item._meta.get_field(name)
        display = getattr(item, f"get_{name}_display", None)
        value = display() if display else getattr(item, name)
        if hasattr(value, "name") and not isinstance(value, str):  # a country
            value = value.name
        label = str(getattr(field, "verbose_name", name))
        rows.append((label.capitalize(), "" if value is None else value))
    return rows
