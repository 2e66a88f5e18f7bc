"""Accounts as admins manage them on the app's own pages (casework.views.users)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.access import policy
from casework.forms.accounts import LanguageSelect, language_choices
from casework.models import Office, Role, User


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Name or username."))
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Any role")), *Role.choices]
    )
    office = forms.ModelChoiceField(
        label=_("Office"),
        required=False,
        queryset=Office.objects.all(),
        empty_label=_("Any office"),
    )


class _RoleAndOffice(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "language" in self.fields:
            # As on the account's own page: each language named in itself, or the browser's.
            field = cast(forms.ChoiceField, self.fields["language"])
            field.widget = LanguageSelect()
            field.choices = [("", _("The browser's language")), *language_choices()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role, office = cleaned.get("role"), cleaned.get("office")
        # A missing office is the model's own check (User.clean); one given to a role that
        # works for no office would be kept silently, so it is refused here.
        if role and not policy.needs_office(role) and office is not None:
            self.add_error("office", _("Leave the office empty: this role works for no office."))
        if role:
            # Staff and superuser follow from the role (the model refuses them on any other),
            # so that an admin made a coordinator is no longer staff.
            self.instance.is_staff = self.instance.is_superuser = policy.is_admin_role(role)
        return cleaned


class NewUserForm(_RoleAndOffice):
    """Role and office first: they decide what the account may see. No password: the user
    sets it through a one-time link."""

    class Meta:
        model = User
        fields = ["role", "office", "first_name", "last_name", "username", "email", "language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _(
            "They get an e-mail saying a set-password link was made for them."
        )


class AccountForm(_RoleAndOffice):
    """An account's role and office (which may wait for a second admin), name, e-mail address
    and language. The username never changes: the audit log names accounts by it."""

    class Meta:
        model = User
        fields = ["role", "office", "first_name", "last_name", "email", "language"]
