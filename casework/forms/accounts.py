"""The second factor's code."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminPasswordChangeForm
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
