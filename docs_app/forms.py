"""The print form: which optional sections, for what purpose, and in which language."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from casework.forms.accounts import LanguageSelect, language_choices
from casework.models import User
from casework.validation import CleanTextMixin
from docs_app.summary import OPTIONAL_SECTIONS

PURPOSE_MAX = 200


def pdf_language_choices() -> list[tuple[str, str]]:
    """Each language a summary can be printed in, named in itself ("Polski", "Deutsch")."""
    return language_choices(settings.PDF_LANGUAGES)


def default_pdf_language(user: User) -> str:
    """The language the print form offers first: the account's, else the page's."""
    for code in (getattr(user, "language", ""), translation.get_language()):
        if code in settings.PDF_LANGUAGES:
            return code
    return settings.LANGUAGE_CODE


class SummaryForm(CleanTextMixin, forms.Form):
    """Which optional sections to print, for whom and in which language: all three are
    audited, the first two printed."""

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
    lang = forms.ChoiceField(
        label=_("Language of the summary"),
        required=False,
        widget=LanguageSelect,
        help_text=_(
            "Headings, labels and dates are printed in this language, whatever the language "
            "of the pages; what was typed is printed as typed."
        ),
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
    )

    def __init__(self, *args, offered: list[str] | None = None, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_language = language
        lang = cast(forms.ChoiceField, self.fields["lang"])
        lang.choices = pdf_language_choices()
        lang.initial = language
        if offered is not None:
            # Only the sections this user may print are offered. A hand-made request asking for
            # another known section is not an error: the section is just left out.
            self.fields["include"].widget.choices = [
                (name, label) for name, label in OPTIONAL_SECTIONS.items() if name in offered
            ]

    def clean_lang(self) -> str:
        # A request without it (an older page, a script) prints in the default language.
        return self.cleaned_data["lang"] or self.default_language


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
    for name in ("purpose", "lang"):
        if name in query:
            data[name] = query.getlist(name)[-1]
    return data
