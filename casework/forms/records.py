"""The records of a case page: risks, remedies, documents, relatives, pressure events, notes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.dates import DateField
from casework.models import (
    DocumentKind,
    IdentityDocument,
    Note,
    PressureEvent,
    Relative,
    Remedy,
    Risk,
)
from casework.validation import (
    CleanTextMixin,
    date_order,
    long_text,
    not_in_future,
)


class RiskForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["kind", "severity", "status", "identified_on", "review_on", "source", "details"]
        field_classes = {"identified_on": DateField, "review_on": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["identified_on"].validators.append(not_in_future)
        long_text(self, "details")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
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
        field_classes = {
            "applied_on": DateField,
            "decision_due_on": DateField,
            "decided_on": DateField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applied_on"].validators.append(not_in_future)
        self.fields["decided_on"].validators.append(not_in_future)
        long_text(self, "notes")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
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
        field_classes = {"issued_on": DateField, "expires_on": DateField}
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
        super().clean()
        cleaned = self.cleaned_data
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
        field_classes = {"occurred_on": DateField}

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
