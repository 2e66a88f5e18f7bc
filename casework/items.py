"""The records a case page lists and edits in place: risks, remedies, documents, relatives,
pressure events and notes. One description each, so that their views are written once."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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
class ItemKind:
    slug: str
    model: type[models.Model]
    form: type[forms.ModelForm]
    # The access action needed to add, change or remove one.
    permission: CaseAction
    title: Promise
    anchor: str
    # Relatives' data also needs the right to see relatives.
    needs_relatives: bool = False

    def queryset(self, case: Case) -> models.QuerySet:
        """Records of this kind that belong to case."""
        if self.model is IdentityDocument:
            return IdentityDocument.objects.filter(person_id=case.person_id)
        if self.model is PressureEvent:
            return PressureEvent.objects.filter(relative__case=case)
        return self.model.objects.filter(case=case)

    def parent(self, case: Case, user) -> dict:
        """What a new record is attached to besides the case (actions.add_item sets that)."""
        if self.model is IdentityDocument:
            return {"person": case.person}
        if self.model is Note:
            return {"author": user}
        return {}

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
        ItemKind("risks", Risk, case_forms.RiskForm, CaseAction.EDIT, _("risk"), "risks"),
        ItemKind(
            "remedies",
            Remedy,
            case_forms.RemedyForm,
            CaseAction.EDIT_LEGAL,
            _("remedy"),
            "remedies",
        ),
        ItemKind(
            "documents",
            IdentityDocument,
            case_forms.DocumentForm,
            CaseAction.EDIT,
            _("identity document"),
            "documents",
        ),
        ItemKind(
            "relatives",
            Relative,
            case_forms.RelativeForm,
            CaseAction.EDIT,
            _("relative"),
            "relatives",
            needs_relatives=True,
        ),
        ItemKind(
            "pressure-events",
            PressureEvent,
            case_forms.PressureEventForm,
            CaseAction.EDIT,
            _("pressure event"),
            "relatives",
            needs_relatives=True,
        ),
        ItemKind("notes", Note, case_forms.NoteForm, CaseAction.EDIT_LEGAL, _("note"), "notes"),
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
        rows.append((str(field.verbose_name).capitalize(), "" if value is None else value))
    return rows
