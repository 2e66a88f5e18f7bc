"""The person and the spellings of their name, at intake and on the edit page."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from casework.dates import DateField
from casework.models import (
    NameKind,
    Person,
    PersonName,
    Script,
)
from casework.names.text import guess_script, letter_scripts
from casework.validation import (
    CleanTextMixin,
    long_text,
    not_before_1900,
    not_in_future,
    validate_name_text,
)


class PersonForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "full_name",
            "birth_date",
            "citizenship",
            "residence_country",
            "city",
            "languages",
            "contact",
        ]
        widgets = {"contact": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"birth_date": DateField}
        help_texts = {
            "full_name": _("As the person writes it day to day."),
            "contact": _("Phones, messenger handles, e-mail. Shown only to those on the case."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].validators += [not_in_future, not_before_1900]
        long_text(self, "contact", max_length=2000)

    def clean_full_name(self) -> str:
        return validate_name_text(self.cleaned_data["full_name"])


# What "Script" and "Kind" mean: one explanation per page (templates/casework/_name_help.html),
# which each spelling's script and kind point to.
SCRIPT_HELP_ID = "name-script-help"
KIND_HELP_ID = "name-kind-help"


def script_choices() -> list[tuple[str, Any]]:
    # The script can be told from the letters (only be/ru Cyrillic may need saying).
    return [("", _("Detect from the letters")), *Script.choices]


SCRIPT_DETECTED: dict[str, Any] = {
    Script.LATIN: _("Detected from the letters: Latin."),
    Script.BELARUSIAN_CYRILLIC: _("Detected from the letters: Belarusian Cyrillic (і or ў)."),
    Script.RUSSIAN_CYRILLIC: _(
        "Detected from the letters: Russian Cyrillic. A Belarusian spelling without і or ў "
        "looks the same: choose Belarusian Cyrillic for it."
    ),
}


def script_detected(text: str, chosen: str = "") -> str:
    """What the line under a spelling says of its script when none was chosen: the script its
    letters were taken for (nothing for mixed letters, which the form refuses). static/js/app.js
    says the same while the name is typed."""
    if chosen or letter_scripts(text) not in ({"Latn"}, {"Cyrl"}):
        return ""
    return str(SCRIPT_DETECTED[guess_script(text)])


def hint_id(form: forms.BaseForm, field: str) -> str:
    """The id of the line under a field that says which script was detected."""
    return f"{form.auto_id % form.add_prefix(field)}-detected"  # type: ignore[operator]


class NameForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PersonName
        fields = ["text", "script", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["script"].required = False
        cast(forms.ChoiceField, self.fields["script"]).choices = script_choices()
        cast(forms.ChoiceField, self.fields["kind"]).choices = NameKind.choices
        self.fields["kind"].initial = NameKind.OTHER
        describe_spelling(self, "text", "script", "kind")
        # A blank extra row is optional; it only counts once a spelling is typed in it.
        self.fields["text"].required = not self.empty_permitted

    def has_changed(self) -> bool:
        return bool(self.data.get(self.add_prefix("text"), "").strip()) or not self.empty_permitted

    def script_detected(self) -> str:
        return script_detected(str(self["text"].value() or ""), str(self["script"].value() or ""))

    def script_hint_id(self) -> str:
        return hint_id(self, "script")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        text = cleaned.get("text")
        if text and "text" not in self.errors:
            try:
                validate_name_text(text, cleaned.get("script"))
            except ValidationError as error:
                self.add_error("text", error)
        return cleaned


class BaseNameFormSet(forms.BaseFormSet):
    def names(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


# Typed as its base class, whose names() the views call.
NameFormSet = cast(
    type[BaseNameFormSet],
    forms.formset_factory(
        NameForm,
        formset=BaseNameFormSet,
        extra=3,
        max_num=20,
        validate_max=True,
        # A tampered TOTAL_FORMS is refused at 20 rows, not rendered back as 1,020.
        absolute_max=20,
        can_delete=True,
    ),
)


def describe_spelling(form: forms.BaseForm, text: str, script: str, kind: str) -> None:
    """Ties a spelling's fields to what explains them: the script's to the line saying what
    was detected and to the explanation of scripts, the kind's to the explanation of kinds;
    the text's marks it for static/js/app.js, which writes that line as it is typed."""
    hint = hint_id(form, script)
    form.fields[text].widget.attrs["data-script-source"] = hint
    form.fields[script].widget.attrs["aria-describedby"] = f"{hint} {SCRIPT_HELP_ID}"
    form.fields[kind].widget.attrs["aria-describedby"] = KIND_HELP_ID


class IntakePersonForm(PersonForm):
    """The person at intake: the full name is the first spelling of the name, with its script
    and kind, so that it is not typed again among the spellings."""

    name_script = forms.ChoiceField(label=_("Script"), required=False, choices=script_choices)
    name_kind = forms.ChoiceField(
        label=_("Kind of spelling"), choices=NameKind.choices, initial=NameKind.NATIVE
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].help_text = _(
            "As the person writes it day to day. It is the first spelling of the name: add "
            "only the other spellings below."
        )
        describe_spelling(self, "full_name", "name_script", "name_kind")

    def clean(self):
        cleaned = super().clean() or {}
        text, script = cleaned.get("full_name"), cleaned.get("name_script")
        if text and script:
            try:
                validate_name_text(text, script)
            except ValidationError as error:
                self.add_error("name_script", error)
        return cleaned

    def first_spelling(self) -> dict:
        return {
            "text": self.cleaned_data["full_name"],
            "script": self.cleaned_data["name_script"] or None,
            "kind": self.cleaned_data["name_kind"],
        }

    def script_detected(self) -> str:
        return script_detected(
            str(self["full_name"].value() or ""), str(self["name_script"].value() or "")
        )

    def script_hint_id(self) -> str:
        return hint_id(self, "name_script")
