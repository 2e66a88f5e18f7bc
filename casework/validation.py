"""What typed text and dates must satisfy, shared by the forms of casework/forms/."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from casework.choices import Script
from casework.names import (
    BELARUSIAN_ONLY,
    BIDI_CONTROLS,
    RUSSIAN_ONLY,
    has_control_characters,
    has_invisible_characters,
    letter_scripts,
    normalize,
)

LONG_TEXT_MAX = 10_000

# The mixin below is used only on forms: type checkers see it as one.
FormMixinBase: Any = forms.BaseForm if TYPE_CHECKING else object


class CleanTextMixin(FormMixinBase):
    """Normalises every text field and refuses characters that hide what text says.

    Single-line fields refuse invisible characters (zero-width spaces, joiners, direction
    marks); every field refuses control characters and direction overrides.
    """

    def _clean_fields(self) -> None:
        super()._clean_fields()
        for name, value in list(self.cleaned_data.items()):
            if not isinstance(value, str):
                continue
            field = self.fields[name]
            multiline = isinstance(field.widget, forms.Textarea)
            value = normalize(value)
            if has_control_characters(value, multiline=multiline) or any(
                ch in BIDI_CONTROLS for ch in value
            ):
                self.add_error(
                    name,
                    _("Remove the control or text-direction characters from this text."),
                )
            elif not multiline and has_invisible_characters(value):
                self.add_error(
                    name,
                    _(
                        "This text contains invisible characters (such as zero-width spaces); "
                        "retype it without them."
                    ),
                )
            else:
                self.cleaned_data[name] = value


def not_in_future(value: datetime.date | None) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future; enter a date up to today."))


def not_before_1900(value: datetime.date | None) -> None:
    if value and value.year < 1900:
        raise ValidationError(_("Enter a date after 1900."))


def date_order(form: forms.BaseForm, earlier: str, later: str, message: StrOrPromise) -> None:
    first, second = form.cleaned_data.get(earlier), form.cleaned_data.get(later)
    if first and second and second < first:
        form.add_error(later, message)


def long_text(form: forms.BaseForm, *names: str, max_length: int = LONG_TEXT_MAX) -> None:
    """Cap free text: model TextFields have no length limit of their own."""
    for name in names:
        field = form.fields[name]
        assert isinstance(field, forms.CharField), name
        field.max_length = max_length
        field.validators.append(forms.CharField(max_length=max_length).validators[0])
        if field.widget.attrs.get("rows") in (None, "10"):  # Django's default
            field.widget.attrs["rows"] = 3


def validate_name_text(text: str, script: str | None = None) -> str:
    scripts = letter_scripts(text)
    if not scripts:
        raise ValidationError(_("Enter a name with at least one letter."))
    if scripts - {"Latn", "Cyrl"}:
        raise ValidationError(_("Write names in Cyrillic or Latin letters."))
    if scripts == {"Latn", "Cyrl"}:
        raise ValidationError(
            _(
                "This name mixes Latin and Cyrillic letters (some look alike). "
                "Write each spelling in one script, as a separate name."
            )
        )
    if script == Script.LATIN and scripts != {"Latn"}:
        raise ValidationError(_("This spelling is in Cyrillic; choose a Cyrillic script."))
    if script in (Script.BELARUSIAN_CYRILLIC, Script.RUSSIAN_CYRILLIC) and scripts != {"Cyrl"}:
        raise ValidationError(_("This spelling is in Latin letters; choose the Latin script."))
    if script == Script.RUSSIAN_CYRILLIC and set(text) & BELARUSIAN_ONLY:
        raise ValidationError(
            _("І and Ў are Belarusian letters; choose Belarusian Cyrillic for this spelling.")
        )
    if script == Script.BELARUSIAN_CYRILLIC and set(text) & RUSSIAN_ONLY:
        raise ValidationError(
            _("И, Щ and Ъ are not Belarusian letters; choose Russian Cyrillic for this spelling.")
        )
    return text
