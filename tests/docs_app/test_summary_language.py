"""The PDF summary in the language chosen on the print form, whatever the pages' language.

Each expected string is looked up in the catalogue under translation.override(lang), and is
also checked to differ from the English: a test here fails while locale/pl or locale/de lacks
a translation the summary prints, rather than passing on English text.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from casework import actions, crypto
from casework.choices import (
    CaseStatus,
    RemedyKind,
    RemedyStatus,
    RiskKind,
    RiskStatus,
    Severity,
)
from casework.models import AuditEvent
from docs_app import worker
from docs_app.models import SummaryExport
from tests.reading import pdf_reader, poppler_text

PURPOSE = "Rozprawa azylowa, mec. A. Nowak"
# A December birthday: the month is written out in the language ("grudnia", "Dezember").
BIRTH_DATE = datetime.date(1990, 12, 3)
TYPED = ["Уцёкла ў Літву zqtyped1", "Urząd do Spraw Cudzoziemców zqtyped2", PURPOSE]
MONTH_NAME = {"pl": "grudnia", "de": "Dezember"}
CHOSEN = 'option value="(?P<code>[a-z]+)" selected'


def pdf_url(case) -> str:
    return reverse("docs_app:case_summary", args=[case.pk])


def form_url(case) -> str:
    return reverse("docs_app:summary_form", args=[case.pk])


def in_language(lang: str, make) -> tuple[str, str]:
    """What make() gives in lang, and in English."""
    with translation.override(lang):
        translated = str(make())
    with translation.override("en"):
        english = str(make())
    return translated, english


def same_in(lang: str) -> set[str]:
    """The msgids the catalogue of lang translates as themselves."""
    path = Path(__file__).resolve().parents[2] / "locale" / lang / "LC_MESSAGES" / "django.po"
    return {entry.msgid for entry in polib.pofile(str(path)) if entry.msgstr == entry.msgid}


def printed_words(case, pages: int) -> dict[str, object]:
    """What the summary of case says itself, each made anew in the active language."""
    return {
        "title": lambda: gettext("Case summary"),
        "person heading": lambda: gettext("Person"),
        "risks heading": lambda: gettext("Risks"),
        "remedies heading": lambda: gettext("Remedies"),
        "documents heading": lambda: gettext("Identity documents"),
        "birth date label": lambda: gettext("Birth date"),
        "case status": lambda: CaseStatus(case.status).label,
        "risk kind": lambda: RiskKind.RED_NOTICE.label,
        "severity": lambda: Severity.CRITICAL.label,
        "risk status": lambda: RiskStatus.CONFIRMED.label,
        "remedy kind": lambda: RemedyKind.INTERNATIONAL_PROTECTION.label,
        "remedy status": lambda: RemedyStatus.APPLIED.label,
        "role in the footer": lambda: pgettext("role", "Volunteer"),
        "confidential in the header": lambda: gettext("Confidential").upper(),
        "page 1 of N": lambda: gettext("page %(page)s of %(pages)s") % {"page": 1, "pages": pages},
    }


@pytest.fixture
def polish_case(vera_volunteer):
    """A case of vera's with a December date, a choice of every vocabulary the summary
    prints, and typed text in Belarusian and Polish."""
    case = actions.take_in_case(
        by=vera_volunteer,
        person={"full_name": "Ales Tsikhanovich", "citizenship": "BY", "birth_date": BIRTH_DATE},
        names=[{"text": "Алесь Ціхановіч", "script": "be-Cyrl", "kind": "native"}],
        host_country="PL",
        summary=TYPED[0],
    )
    actions.add_risk(
        case=case,
        by=vera_volunteer,
        fields={"kind": "red_notice", "severity": "critical", "status": "confirmed"},
    )
    actions.add_remedy(
        case=case,
        by=vera_volunteer,
        fields={
            "kind": "international_protection",
            "country": "PL",
            "status": "applied",
            "authority": TYPED[1],
        },
    )
    return case


def print_in(client, case, lang: str | None, **extra):
    data = {"purpose": PURPOSE, **extra}
    if lang is not None:
        data["lang"] = lang
    return client.post(pdf_url(case), data)


# --- The summary in Polish and in German ---


@pytest.mark.parametrize("lang", ["pl", "de"])
def test_the_summary_is_printed_in_the_chosen_language(login, vera_volunteer, polish_case, lang):
    # Vera's pages are in English; the lawyer's court reads the summary in its language.
    response = print_in(login(vera_volunteer), polish_case, lang)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = poppler_text(response.content)
    pages = len(pdf_reader(response.content).pages)
    for what, make in printed_words(polish_case, pages).items():
        translated, english = in_language(lang, make)
        # A word may be the same in both ("Person" in German): then the catalogue says so.
        assert translated != english or english in same_in(lang), (
            f"locale/{lang} does not translate the {what}: {english!r}"
        )
        assert translated in text, f"the {what} {translated!r} is not in the {lang} PDF"
    # Country names come from django-countries' own translations.
    country, english_country = in_language(lang, lambda: polish_case.host_country.name)
    assert country != english_country
    assert country in text
    # The date in that language's form, the month written out in it.
    with translation.override(lang):
        birth_date = date_format(BIRTH_DATE, "DATE_FORMAT")
    assert MONTH_NAME[lang] in birth_date
    assert birth_date in text
    assert date_format(BIRTH_DATE, "DATE_FORMAT") not in text  # not the English "3 Dec 1990"
    # What people typed is printed as they typed it.
    for typed in TYPED:
        assert typed in text


@pytest.mark.parametrize("lang", ["pl", "de"])
def test_the_pdf_document_declares_its_language(login, vera_volunteer, polish_case, lang):
    response = print_in(login(vera_volunteer), polish_case, lang)

    catalog = pdf_reader(response.content).trailer["/Root"]
    assert catalog["/Lang"] == lang


def test_the_filename_stays_the_reference(login, vera_volunteer, polish_case):
    response = print_in(login(vera_volunteer), polish_case, "de")

    assert response["Content-Disposition"] == f'attachment; filename="{polish_case.reference}.pdf"'


def test_the_pages_stay_in_their_language_after_a_print_in_another(
    login, vera_volunteer, polish_case
):
    client = login(vera_volunteer)
    actions.choose_language(user=vera_volunteer, language="ru")

    print_in(client, polish_case, "de")
    page = client.get(form_url(polish_case)).content.decode()

    assert '<html lang="ru"' in page


# --- The audit event ---


@pytest.mark.parametrize("lang", ["be", "ru", "en", "pl", "lt", "de"])
def test_the_print_is_audited_with_its_language(login, vera_volunteer, polish_case, lang):
    print_in(login(vera_volunteer), polish_case, lang, include=["notes"])

    event = AuditEvent.objects.get(action="print")
    assert (event.user, event.case) == (vera_volunteer, polish_case)
    assert event.detail == f"language: {lang}; sections: notes"
    assert event.purpose == PURPOSE


# --- The form's choice and its default ---


def chosen(page: str) -> list[str]:
    select = re.search(r'<select name="lang".*?</select>', page, re.S)
    assert select, "no lang select on the page"
    return re.findall(CHOSEN, select.group(0))


def test_the_form_offers_six_languages_each_named_in_itself(login, vera_volunteer, polish_case):
    page = login(vera_volunteer).get(form_url(polish_case)).content.decode()

    select = re.search(r'<select name="lang".*?</select>', page, re.S)
    assert select
    options = re.findall(r'<option value="([a-z]+)"[^>]*>([^<]+)</option>', select.group(0))
    assert options == [
        ("be", "Беларуская"),
        ("ru", "Русский"),
        ("en", "English"),
        ("pl", "Polski"),
        ("lt", "Lietuviškai"),
        ("de", "Deutsch"),
    ]


def test_the_form_offers_the_accounts_language_first(login, vera_volunteer, polish_case):
    actions.choose_language(user=vera_volunteer, language="pl")

    page = login(vera_volunteer).get(form_url(polish_case)).content.decode()

    assert chosen(page) == ["pl"]


def test_without_an_account_language_the_form_offers_the_pages_language(
    login, vera_volunteer, polish_case
):
    client = login(vera_volunteer)

    page = client.get(form_url(polish_case), headers={"Accept-Language": "lt"}).content.decode()

    assert '<html lang="lt"' in page
    assert chosen(page) == ["lt"]


def test_a_print_without_a_language_is_in_the_accounts(login, vera_volunteer, polish_case):
    actions.choose_language(user=vera_volunteer, language="pl")

    response = print_in(login(vera_volunteer), polish_case, None)

    assert response.status_code == 200
    assert pdf_reader(response.content).trailer["/Root"]["/Lang"] == "pl"
    assert AuditEvent.objects.get(action="print").detail == "language: pl; sections: none"


@pytest.mark.parametrize("lang", ["fr", "xx", "de-DE", "en\n", "<b>pl</b>", "x" * 500])
def test_an_unknown_language_gets_a_message_next_to_the_field(
    login, vera_volunteer, polish_case, lang
):
    response = print_in(login(vera_volunteer), polish_case, lang)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    error = re.search(r'<div id="id_lang_error"[^>]*>(.*?)</div>', page, re.S)
    assert error and "Choose one of the languages in the list." in error.group(1)
    assert 'value="Rozprawa azylowa, mec. A. Nowak"' in page  # what was typed is kept
    assert not AuditEvent.objects.filter(action="print").exists()


# --- A bulk export in one language ---

EXPORT = reverse("docs_app:export_create")


def test_an_export_is_printed_and_audited_in_its_language(login, olga_coordinator, polish_case):
    client = login(olga_coordinator)
    page = client.get(EXPORT).content.decode()
    assert chosen(page) == ["en"]

    response = client.post(EXPORT, {"purpose": PURPOSE, "lang": "de"})

    export = SummaryExport.objects.get()
    assert response.status_code == 302
    assert export.language == "de"
    worker.build_summary_export(export_id=export.pk)
    export.refresh_from_db()
    with zipfile.ZipFile(io.BytesIO(crypto.decrypt_bytes(bytes(export.archive)))) as archive:
        content = archive.read(f"{polish_case.reference}.pdf")
    text = poppler_text(content)
    risks, english = in_language("de", lambda: gettext("Risks"))
    assert risks != english, "locale/de does not translate 'Risks'"
    assert risks in text
    assert pdf_reader(content).trailer["/Root"]["/Lang"] == "de"
    event = AuditEvent.objects.get(action="print")
    assert event.detail == f"export {export.pk}; language: de; sections: none"

    client.post(reverse("docs_app:export_download", args=[export.pk]))
    assert AuditEvent.objects.get(action="export").detail == f"export {export.pk}; language: de"


def test_an_export_in_an_unknown_language_gets_a_message(login, olga_coordinator, polish_case):
    response = login(olga_coordinator).post(EXPORT, {"purpose": PURPOSE, "lang": "fr"})

    assert response.status_code == 200
    error = re.search(r'<div id="id_lang_error"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    assert error and "Choose one of the languages in the list." in error.group(1)
    assert not SummaryExport.objects.exists()
