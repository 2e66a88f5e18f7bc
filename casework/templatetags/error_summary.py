"""The list of what to correct, shown above a form that was sent back."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

register = template.Library()


def _form_errors(form: forms.BaseForm, row: int | None) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    # Errors about the form as a whole point at its first field: that is where correcting starts.
    first_field = next(iter(form.fields), None)
    for name, messages in form.errors.items():
        field_name = first_field if name == NON_FIELD_ERRORS else name
        if field_name is None or field_name not in form.fields:
            entries.extend({"href": "", "label": "", "message": m} for m in messages)
            continue
        bound = form[field_name]
        label = "" if name == NON_FIELD_ERRORS else str(bound.label)
        if row is not None:
            label = (
                _("Row %(row)s: %(label)s") % {"row": row, "label": label}
                if label
                else _("Row %(row)s") % {"row": row}
            )
        for message in messages:
            entries.append({"href": f"#{bound.auto_id}", "label": label, "message": message})
    return entries


def collect_errors(*forms_or_formsets: Any) -> list[dict[str, Any]]:
    """One entry per message, in the order of the page, each linking to its field."""
    entries: list[dict[str, Any]] = []
    for item in forms_or_formsets:
        if item is None or not item.is_bound:
            continue
        if isinstance(item, forms.BaseFormSet):
            first_row = item.forms[0] if item.forms else None
            for message in item.non_form_errors():
                href = f"#{first_row[next(iter(first_row.fields))].auto_id}" if first_row else ""
                entries.append({"href": href, "label": "", "message": message})
            for index, form in enumerate(item.forms, start=1):
                entries.extend(_form_errors(form, index))
        else:
            entries.extend(_form_errors(item, None))
    return entries


@register.inclusion_tag("_includes/error_summary.html")
def error_summary(*forms_or_formsets: Any) -> dict[str, Any]:
    return {"errors": collect_errors(*forms_or_formsets)}
