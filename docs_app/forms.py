"""The print form: which optional sections, and for what purpose."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from casework.validation import CleanTextMixin
from docs_app.summary import OPTIONAL_SECTIONS

PURPOSE_MAX = 200


class SummaryForm(CleanTextMixin, forms.Form):
    """Which optional sections to print, and for whom: both are printed and audited."""

    include = forms.MultipleChoiceField(
        label=_("Also include"),
        choices=list(OPTIONAL_SECTIONS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave out whatever the recipient does not need."),
    )
    purpose = forms.CharField(
        label=_("Purpose and recipient"),
        max_length=PURPOSE_MAX,
        help_text=_(
            'Printed in the footer of every page and kept in the audit log, e.g. "for the '
            'asylum hearing on 3 Dec, lawyer A. Nowak".'
        ),
        error_messages={"required": _("Say what the summary is for and who will receive it.")},
    )

    def __init__(self, *args, offered: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if offered is not None:
            # Only the sections this user may print are offered. A hand-made request asking for
            # another known section is not an error: the section is just left out.
            self.fields["include"].widget.choices = [
                (name, label) for name, label in OPTIONAL_SECTIONS.items() if name in offered
            ]


def summary_query(query: QueryDict) -> QueryDict:
    """The print form's data, `include` repeated or comma-separated (DESIGN.md section 6)."""
    data = QueryDict(mutable=True)
    data.setlist(
        "include",
        [
            part.strip()
            for value in query.getlist("include")
            for part in value.split(",")
            if part.strip()
        ],
    )
    if "purpose" in query:
        data["purpose"] = query.getlist("purpose")[-1]
    return data
