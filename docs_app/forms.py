"""The print form: which optional sections, for what purpose, and in which language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from casework.forms.accounts import LanguageSelect, language_choices
from casework.models import CaseFile, User
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

    annex = forms.TypedMultipleChoiceField(
        label=_("Annex"),
        coerce=int,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Files appended after the summary, each page under the same header and footer. "
            "Only files marked as allowed to leave the system are offered."
        ),
        error_messages={
            "invalid_choice": _("Choose only files from the list: %(value)s is not one of them.")
        },
    )

    def __init__(
        self,
        *args,
        offered: list[str] | None = None,
        language: str,
        annex_files: Sequence[CaseFile] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.annex_files = {file.pk: file for file in annex_files}
        annex = cast(forms.ChoiceField, self.fields["annex"])
        annex.choices = [(file.pk, annex_label(file)) for file in annex_files]
        if not annex_files:
            # Nothing to offer, nothing shown; a hand-made request naming a file is refused.
            annex.widget = forms.MultipleHiddenInput()
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

    def clean(self):
        cleaned = super().clean() or {}
        chosen = self.chosen_annex()
        if any(file.about_relatives for file in chosen) and "relatives" not in cleaned.get(
            "include", []
        ):
            self.add_error(
                "annex",
                _(
                    "A file about relatives goes into the annex only with the relatives: "
                    "tick “Relatives” above, or leave the file out."
                ),
            )
        return cleaned

    def chosen_annex(self) -> list[CaseFile]:
        """The files chosen for the annex, in the order they are offered."""
        chosen = set(self.cleaned_data.get("annex") or [])
        return [file for pk, file in self.annex_files.items() if pk in chosen]


def annex_label(file: CaseFile) -> str:
    if file.is_pdf:
        size = ngettext("%(count)d page", "%(count)d pages", file.pages) % {"count": file.pages}
    else:
        size = gettext("photo")
    return f"{file.get_kind_display()}: {file.title} ({size})"


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
    data.setlist("annex", query.getlist("annex"))
    for name in ("purpose", "lang"):
        if name in query:
            data[name] = query.getlist(name)[-1]
    return data
