"""Forms validate what people type; views hand cleaned_data to casework/actions.py."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from casework.access import policy
from casework.models import (
    Case,
    CaseStatus,
    DocumentKind,
    IdentityDocument,
    NameKind,
    Note,
    Person,
    PersonName,
    PressureEvent,
    Relative,
    Remedy,
    Risk,
    Script,
    User,
)
from casework.validation import (
    CleanTextMixin,
    DateInput,
    date_order,
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
        widgets = {"birth_date": DateInput(), "contact": forms.Textarea(attrs={"rows": 3})}
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
        self.fields["script"].choices = [("", _("Detect from the letters")), *Script.choices]
        self.fields["kind"].choices = NameKind.choices
        self.fields["kind"].initial = NameKind.OTHER
        # A blank extra row is optional; it only counts once a spelling is typed in it.
        self.fields["text"].required = not self.empty_permitted

    def has_changed(self) -> bool:
        return bool(self.data.get(self.add_prefix("text"), "").strip()) or not self.empty_permitted

    def clean(self):
        cleaned = super().clean()
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


NameFormSet = forms.formset_factory(
    NameForm,
    formset=BaseNameFormSet,
    extra=3,
    max_num=20,
    validate_max=True,
    # A tampered TOTAL_FORMS is refused at 20 rows, not rendered back as 1,020.
    absolute_max=20,
    can_delete=True,
)


class CaseFieldsMixin:
    def _setup_case_fields(self) -> None:
        long_text(self, "summary")
        self.fields["consent_recorded_on"].validators.append(not_in_future)


class IntakeForm(CaseFieldsMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Case
        fields = ["host_country", "summary", "consent_recorded_on"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "consent_recorded_on": DateInput(),
        }
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
            "opened_on": DateInput(),
            "consent_recorded_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_case_fields()
        self.fields["opened_on"].validators.append(not_in_future)
        # Closing and reopening are their own actions, with a reason.
        if self.instance.is_closed:
            del self.fields["status"]
        else:
            self.fields["status"].choices = [
                choice for choice in CaseStatus.choices if choice[0] != CaseStatus.CLOSED
            ]
        self.initial.setdefault("version", self.instance.version)

    def case_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class IntakeRiskForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["kind", "severity", "status", "identified_on", "details"]
        widgets = {"identified_on": DateInput(), "details": forms.Textarea(attrs={"rows": 2})}

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
        cleaned = super().clean()
        for name in ("kind", "severity"):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("Choose one, or empty this row if it is not needed."))
        return cleaned


class BaseRiskFormSet(forms.BaseFormSet):
    def risks(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.has_changed()]


IntakeRiskFormSet = forms.formset_factory(
    IntakeRiskForm, formset=BaseRiskFormSet, extra=2, max_num=20, validate_max=True, absolute_max=20
)


class RiskForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["kind", "severity", "status", "identified_on", "review_on", "source", "details"]
        widgets = {"identified_on": DateInput(), "review_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["identified_on"].validators.append(not_in_future)
        long_text(self, "details")

    def clean(self):
        cleaned = super().clean()
        date_order(
            self,
            "identified_on",
            "review_on",
            _("The review date is before the date the risk was identified."),
        )
        return cleaned


class RemedyForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Remedy
        fields = [
            "kind",
            "country",
            "status",
            "applied_on",
            "decision_due_on",
            "decided_on",
            "authority",
            "reference_number",
            "notes",
        ]
        widgets = {
            "applied_on": DateInput(),
            "decision_due_on": DateInput(),
            "decided_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applied_on"].validators.append(not_in_future)
        self.fields["decided_on"].validators.append(not_in_future)
        long_text(self, "notes")

    def clean(self):
        cleaned = super().clean()
        date_order(
            self, "applied_on", "decided_on", _("The decision date is before the application date.")
        )
        date_order(
            self,
            "applied_on",
            "decision_due_on",
            _("The decision due date is before the application date."),
        )
        return cleaned


class DocumentForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = IdentityDocument
        fields = [
            "kind",
            "issuing_country",
            "number",
            "issued_on",
            "expires_on",
            "renewable_abroad",
        ]
        widgets = {"issued_on": DateInput(), "expires_on": DateInput()}
        help_texts = {
            "renewable_abroad": _(
                "Belarusian passports cannot be renewed at consulates since the decree "
                "of 4 September 2023."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].validators.append(not_in_future)

    def clean(self):
        cleaned = super().clean()
        date_order(
            self, "issued_on", "expires_on", _("The expiry date is before the date of issue.")
        )
        if (
            cleaned.get("renewable_abroad")
            and cleaned.get("kind") == DocumentKind.NATIONAL_PASSPORT
            and cleaned.get("issuing_country") == "BY"
        ):
            self.add_error(
                "renewable_abroad",
                _(
                    "Belarusian passports cannot be renewed abroad since the decree of "
                    "4 September 2023; untick this box."
                ),
            )
        return cleaned


class RelativeForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Relative
        fields = ["relationship", "name", "location", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        long_text(self, "notes")


class PressureEventForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PressureEvent
        fields = ["occurred_on", "kind", "details"]
        widgets = {"occurred_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].validators.append(not_in_future)
        long_text(self, "details")


class NoteForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Note
        fields = ["kind", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        long_text(self, "text", max_length=20_000)
        self.fields["text"].widget.attrs["rows"] = 4


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # An id beyond 64 bits (a tampered form) makes SQLite raise OverflowError on the
        # "id IN (...)" query: refuse it as any other id that is not offered.
        for pk in value:
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
        return super()._check_values(value)


class AssignForm(forms.Form):
    volunteers = UserMultipleChoiceField(
        label=_("Assigned volunteers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].queryset = User.objects.filter(
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
        self.fields["user"].queryset = User.objects.filter(policy.share_recipients()).order_by(
            "first_name", "username"
        )


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


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
