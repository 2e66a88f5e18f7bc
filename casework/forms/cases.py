"""Intake, the case edit page, and what coordinators do: assign, share, close, reopen."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from casework.access import policy
from casework.dates import DateField
from casework.models import (
    Case,
    CaseStatus,
    Risk,
    User,
)
from casework.validation import (
    CleanTextMixin,
    FormMixinBase,
    long_text,
    not_in_future,
)


class CaseFieldsMixin(FormMixinBase):
    def _setup_case_fields(self) -> None:
        long_text(self, "summary")
        self.fields["consent_recorded_on"].validators.append(not_in_future)


class IntakeForm(CaseFieldsMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Case
        fields = ["host_country", "summary", "consent_recorded_on"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"consent_recorded_on": DateField}
        help_texts = {
            "consent_recorded_on": _("The day the person agreed that their data be recorded."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_case_fields()


class CaseEditForm(CaseFieldsMixin, CleanTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Case
        fields = ["status", "host_country", "opened_on", "consent_recorded_on", "summary"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
        field_classes = {"opened_on": DateField, "consent_recorded_on": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_case_fields()
        self.fields["opened_on"].validators.append(not_in_future)
        # Closing and reopening are their own actions, with a reason.
        if self.instance.is_closed:
            del self.fields["status"]
        else:
            cast(forms.ChoiceField, self.fields["status"]).choices = [
                choice for choice in CaseStatus.choices if choice[0] != CaseStatus.CLOSED
            ]
        self.initial.setdefault("version", self.instance.version)

    def case_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class IntakeRiskForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["kind", "severity", "status", "identified_on", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"identified_on": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["identified_on"].validators.append(not_in_future)
        long_text(self, "details")

        if self.empty_permitted:
            # A blank row is optional: kind and severity are asked for once it is used.
            self.fields["kind"].required = self.fields["severity"].required = False

    def has_changed(self) -> bool:
        # A row counts once something is chosen or typed in it; status and date come with
        # defaults, so comparing them with the initial values says nothing.
        return any(self.data.get(self.add_prefix(name)) for name in ("kind", "severity", "details"))

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        for name in ("kind", "severity"):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("Choose one, or empty this row if it is not needed."))
        return cleaned


class BaseRiskFormSet(forms.BaseFormSet):
    def risks(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.has_changed()]


IntakeRiskFormSet = cast(
    type[BaseRiskFormSet],
    forms.formset_factory(
        IntakeRiskForm,
        formset=BaseRiskFormSet,
        extra=2,
        max_num=20,
        validate_max=True,
        absolute_max=20,
    ),
)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        # An id beyond 64 bits (a tampered form) makes SQLite raise OverflowError on the
        # "id IN (...)" query: refuse it as any other id that is not offered.
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                out_of_range = abs(int(pk)) >= 2**63
            except (TypeError, ValueError):
                continue
            if out_of_range:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


class AssignForm(forms.Form):
    volunteers = UserMultipleChoiceField(
        label=_("Assigned volunteers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["volunteers"]).queryset = User.objects.filter(
            policy.assignable_users(office)
        ).order_by("first_name", "username")


class ShareForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Legal aid worker"),
        queryset=User.objects.none(),
        empty_label=_("Choose a legal aid worker"),
    )
    include_relatives = forms.BooleanField(
        label=_("Include relatives"),
        required=False,
        help_text=_("Relatives' names and whereabouts are the most dangerous data in a case."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = User.objects.filter(
            policy.share_recipients()
        ).order_by("first_name", "username")


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
