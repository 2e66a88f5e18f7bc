"""The person and the spellings of their name, at intake and on the edit page."""

from __future__ import annotations

from typing import cast

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
            "full_name": _("As the person writes it day to day. Add other spellings below."),
            "contact": _("Phones, messenger handles, e-mail. Shown only to those on the case."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].validators += [not_in_future, not_before_1900]
        long_text(self, "contact", max_length=2000)

    def clean_full_name(self) -> str:
        return validate_name_text(self.cleaned_data["full_name"])


class NameForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PersonName
        fields = ["text", "script", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The script can be told from the letters (only be/ru Cyrillic may need saying).
        self.fields["script"].required = False
        cast(forms.ChoiceField, self.fields["script"]).choices = [
            ("", _("Detect from the letters")),
            *Script.choices,
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = NameKind.choices
        self.fields["kind"].initial = NameKind.OTHER
        # A blank extra row is optional; it only counts once a spelling is typed in it.
        self.fields["text"].required = not self.empty_permitted

    def has_changed(self) -> bool:
        return bool(self.data.get(self.add_prefix("text"), "").strip()) or not self.empty_permitted

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
