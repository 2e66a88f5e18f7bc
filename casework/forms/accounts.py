"""The second factor's code."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """A code from the authenticator app, or one of the recovery codes."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text=_("The 6 digits your authenticator app shows now, or an unused recovery code."),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split()).lower()
        if not token.isascii() or not token.isalnum():
            raise forms.ValidationError(_("Type the code with digits and letters only."))
        return token


class AuditedPasswordChangeForm(AdminPasswordChangeForm):
    """The admin's own "Change password" (the current password, then the new one twice),
    saved through the action that writes the account_change event."""

    def save(self, commit: bool = True):
        from casework import actions

        return actions.change_own_password(
            user=self.user, password=self.cleaned_data["new_password1"]
        )


class LanguageSelect(forms.Select):
    """Each option carries the lang of the language it names, as the language menu does."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = value
        return option


class LanguageForm(forms.Form):
    """The account page's choice of language: one of settings.LANGUAGES, or the browser's."""

    language = forms.ChoiceField(
        label=_("Language of the pages"),
        required=False,
        widget=LanguageSelect,
        help_text=_("Leave it on the browser's language to follow the device you use."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("The browser's language")), *language_choices()]
        cast(forms.ChoiceField, self.fields["language"]).choices = choices


def language_choices(codes: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """Each language (of the pages, unless codes are given) named in itself ("Беларуская",
    "Polski"): a reader who does not know the current one still finds their own."""
    if codes is None:
        codes = [code for code, _name in settings.LANGUAGES]
    return [
        (code, translation.get_language_info(code)["name_local"].capitalize()) for code in codes
    ]
