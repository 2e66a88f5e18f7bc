"""Dates and times as people read and type them: the month by name in each language, date
fields that name their format and take it in every language, times in the office's zone with
the zone named, and the audit CSV in UTC."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import pgettext

from casework import actions
from casework.audit import AuditEventFilter
from casework.dates import DateField, validate_time_zone
from casework.forms import cases, deadlines, people, records
from casework.models import AuditEvent, Office, Risk
from casework.seeds import load_reference_data
from docs_app import forms as docs_forms
from docs_app.summary import render_summary
from tests.casework.test_bad_input import field_error, form_data, shown_value
from tests.reading import pdf_text, text_of

pytestmark = pytest.mark.usefixtures("frozen_today")

UTC = datetime.UTC
UI_LANGUAGES = [code for code, _name in settings.LANGUAGES]
DAY_FIRST = {"be", "ru", "pl"}
# 5 March 2026 as each language types it: day first with dots, or ISO (year first).
TYPED = {code: "05.03.2026" if code in DAY_FIRST else "2026-03-05" for code in UI_LANGUAGES}
EXAMPLE = {code: "31.12.2026" if code in DAY_FIRST else "2026-12-31" for code in UI_LANGUAGES}
# Typed in the wrong order, or in nobody's format: refused in every language.
MISORDERED = {
    code: ["12.31.2025" if code in DAY_FIRST else "2025-31-12", "2025-31-12", "31/12"]
    for code in UI_LANGUAGES
}


def letters(language: str) -> str:
    """The format's letters in the language's own words (ДД.ММ.ГГГГ once translated)."""
    with translation.override(language):
        pattern = "DD.MM.YYYY" if language in DAY_FIRST else "YYYY-MM-DD"
        return pgettext("date format letters", pattern)


@pytest.fixture
def in_language(client):
    def _in(language: str):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return _in


def risk_url(case) -> str:
    return reverse("casework:risks_new", args=[case.pk])


def post_risk(client, case, identified_on: str):
    data = form_data(client.get(risk_url(case)))
    data.update({"kind": "arrest_warrant", "severity": "high", "identified_on": identified_on})
    return client.post(risk_url(case), data)


# --- Typing a date -------------------------------------------------------------------------


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_a_date_typed_in_the_format_shown_is_saved_as_that_date(
    login, in_language, vera_volunteer, vera_case, language
):
    login(vera_volunteer)
    response = post_risk(in_language(language), vera_case, TYPED[language])
    assert response.status_code == 302
    assert vera_case.risks.latest("pk").identified_on == datetime.date(2026, 3, 5)


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_an_iso_date_is_taken_in_every_language(
    login, in_language, vera_volunteer, vera_case, language
):
    login(vera_volunteer)
    client = in_language(language)
    url = reverse("casework:task_create", args=[vera_case.pk])
    response = client.post(url, {"title": "Book the appointment", "due_on": "2026-07-31"})
    assert response.status_code == 302
    assert vera_case.tasks.get().due_on == datetime.date(2026, 7, 31)


@pytest.mark.parametrize(
    ("language", "typed"),
    [(code, typed) for code in UI_LANGUAGES for typed in MISORDERED[code]],
)
def test_a_misordered_date_gets_the_format_with_an_example_and_nothing_is_saved(
    login, in_language, vera_volunteer, vera_case, language, typed
):
    login(vera_volunteer)
    before = Risk.objects.count()
    response = post_risk(in_language(language), vera_case, typed)
    message = field_error(response, "identified_on")
    assert letters(language) in message
    assert EXAMPLE[language] in message
    assert shown_value(response, "identified_on") == typed
    assert Risk.objects.count() == before


def test_the_message_in_english_says_what_to_type(login, in_language, vera_volunteer, vera_case):
    login(vera_volunteer)
    response = post_risk(in_language("en"), vera_case, "12/31/2025")
    assert field_error(response, "identified_on") == (
        "Enter the date as YYYY-MM-DD, for example 2026-12-31."
    )


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_the_field_names_its_format_with_an_example(
    login, in_language, vera_volunteer, vera_case, language
):
    login(vera_volunteer)
    page = text_of(in_language(language).get(risk_url(vera_case)))
    assert f'placeholder="{letters(language)}"' in page
    with translation.override(language):
        sentence = translation.gettext("Format: %(format)s, for example %(example)s.") % {
            "format": letters(language),
            "example": EXAMPLE[language],
        }
    assert sentence in page
    assert 'type="date"' not in page


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_a_saved_date_is_shown_for_editing_in_the_languages_format(
    login, in_language, vera_volunteer, vera_case, language
):
    risk = vera_case.risks.get()
    actions.update_record(
        case=vera_case,
        record=risk,
        by=vera_volunteer,
        fields={"identified_on": datetime.date(2026, 3, 5)},
    )
    login(vera_volunteer)
    url = reverse("casework:risks_edit", args=[vera_case.pk, risk.pk])
    assert shown_value(in_language(language).get(url), "identified_on") == TYPED[language]


def test_every_date_field_of_every_form_names_its_format():
    form_classes = [
        value
        for module in (cases, deadlines, people, records, docs_forms)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, forms.BaseForm)
    ]
    fields = [
        (form_class.__name__, name, field)
        for form_class in form_classes
        for name, field in form_class.base_fields.items()
    ]
    fields += [
        ("AuditEventFilter", name, filter_.field)
        for name, filter_ in AuditEventFilter(queryset=AuditEvent.objects.none()).filters.items()
    ]
    dates = [
        (form, name, field) for form, name, field in fields if isinstance(field, forms.DateField)
    ]
    assert len(dates) > 10
    assert [(form, name) for form, name, field in dates if not isinstance(field, DateField)] == []


# --- Reading a date ------------------------------------------------------------------------

FIRST_OF_DECEMBER = {
    "ru": "1 декабря 2026",
    "en": "1 December 2026",
    "pl": "1 grudnia 2026",
    "lt": "2026 m. gruodžio 1 d.",
    "de": "1. Dezember 2026",
}


@pytest.mark.parametrize(("language", "expected"), FIRST_OF_DECEMBER.items())
def test_dates_have_the_month_by_name_in_the_language(language, expected):
    with translation.override(language):
        assert date_format(datetime.date(2026, 12, 1)) == expected


def test_belarusian_dates_have_the_month_in_the_genitive():
    with translation.override("be"):
        genitive = pgettext("alt. month", "December")
        assert date_format(datetime.date(2026, 12, 1)) == f"1 {genitive} 2026"


def test_belarusian_dates_are_in_the_official_orthography():
    # Django's own Belarusian month names are in the classical orthography (сьнежня) and give
    # March in the nominative; locale/be has the official forms (casework/dates.py lists them).
    with translation.override("be"):
        assert date_format(datetime.date(2026, 12, 1)) == "1 снежня 2026"
        assert date_format(datetime.date(2026, 9, 1)) == "1 верасня 2026"
        assert date_format(datetime.date(2026, 3, 8)) == "8 сакавіка 2026"
        assert date_format(datetime.date(2026, 5, 9)) == "9 траўня 2026"


@pytest.mark.parametrize("language", [*UI_LANGUAGES, "de"])
def test_a_time_is_written_in_24_hours_with_its_zone(language):
    moment = datetime.datetime(2026, 12, 1, 16, 5, tzinfo=UTC)
    with translation.override(language):
        assert date_format(moment, "DATETIME_FORMAT").endswith("16:05 UTC")


# --- Times in the office's zone ------------------------------------------------------------


def note_at(case, by, when: datetime.datetime):
    with time_machine.travel(when, tick=False):
        return actions.add_note(case=case, by=by, fields={"kind": "contact", "text": "Called."})


def test_a_time_is_shown_in_the_offices_zone_with_the_zone_named(
    login, make_case, vera_volunteer, vera_case, tomas_coordinator
):
    july_noon = datetime.datetime(2026, 7, 15, 12, 0, tzinfo=UTC)
    note_at(vera_case, vera_volunteer, july_noon)
    vilnius_case = make_case(tomas_coordinator, full_name="Hanna Kavaliova")
    note_at(vilnius_case, tomas_coordinator, july_noon)

    warsaw_page = text_of(login(vera_volunteer).get(vera_case.get_absolute_url()))
    assert "15 July 2026, 14:00 CEST" in warsaw_page
    assert "12:00" not in warsaw_page
    vilnius_page = text_of(login(tomas_coordinator).get(vilnius_case.get_absolute_url()))
    assert "15 July 2026, 15:00 EEST" in vilnius_page


def test_a_winter_time_names_the_winter_zone(login, vera_volunteer, vera_case):
    note_at(vera_case, vera_volunteer, datetime.datetime(2026, 1, 15, 12, 0, tzinfo=UTC))
    page = text_of(login(vera_volunteer).get(vera_case.get_absolute_url()))
    assert "15 January 2026, 13:00 CET" in page


def test_a_time_is_in_the_office_zone_in_every_language(
    login, in_language, vera_volunteer, vera_case
):
    note_at(vera_case, vera_volunteer, datetime.datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    login(vera_volunteer)
    page = text_of(in_language("pl").get(vera_case.get_absolute_url()))
    assert "1 grudnia 2026, 13:00 CET" in page


def viewed_at(login, user, case, when: datetime.datetime):
    """The case page viewed by user at `when` (UTC), which the audit log records."""
    with time_machine.travel(when.replace(tzinfo=UTC), tick=False):
        client = login(user)  # a session begun then, so that it is still on afterwards
        assert client.get(case.get_absolute_url()).status_code == 200
    return client


def test_the_audit_page_shows_the_office_zone_and_the_csv_keeps_utc(
    login, olga_coordinator, vera_case
):
    client = viewed_at(login, olga_coordinator, vera_case, datetime.datetime(2026, 7, 15, 12, 0))
    page = text_of(client.get(reverse("casework:audit_log"), {"case": vera_case.reference}))
    assert "15 July 2026, 14:00 CEST" in page
    assert "Days and times are in the time zone Europe/Warsaw" in page

    response = client.get(reverse("casework:audit_log_csv"), {"case": vera_case.reference})
    content = b"".join(response.streaming_content).decode()
    times = [row["time"] for row in csv.DictReader(io.StringIO(content))]
    assert "2026-07-15T12:00:00+00:00" in times


def test_the_audit_date_filters_are_days_in_the_shown_zone(login, olga_coordinator, vera_case):
    # 23:30 UTC on 15 July is 01:30 on 16 July in Warsaw, and the page says 16 July.
    moment = datetime.datetime(2026, 7, 15, 23, 30)
    client = viewed_at(login, olga_coordinator, vera_case, moment)
    url = reverse("casework:audit_log")
    on_16 = text_of(client.get(url, {"case": vera_case.reference, "date_from": "2026-07-16"}))
    assert "16 July 2026, 01:30 CEST" in on_16
    to_15 = text_of(client.get(url, {"case": vera_case.reference, "date_to": "2026-07-15"}))
    assert "01:30 CEST" not in to_15


def test_an_admin_without_an_office_reads_utc(login, ada_admin, olga_coordinator, vera_case):
    viewed_at(login, olga_coordinator, vera_case, datetime.datetime(2026, 7, 15, 12, 0))
    page = text_of(login(ada_admin).get(reverse("casework:audit_log")))
    assert "15 July 2026, 12:00 UTC" in page


def test_a_zone_must_be_one_of_the_iana_database():
    validate_time_zone("Europe/Vilnius")
    for name in ["Europe/Atlantis", "Poland", "Etc/GMT-2", ""]:
        with pytest.raises(ValidationError):
            validate_time_zone(name)


def test_the_seeded_offices_have_the_zones_of_their_cities(db):
    load_reference_data()
    zones = dict(Office.objects.values_list("city", "time_zone"))
    assert zones["Warsaw"] == zones["Białystok"] == "Europe/Warsaw"
    assert zones["Vilnius"] == "Europe/Vilnius"
    assert zones["Tbilisi"] == "Asia/Tbilisi"
    assert "UTC" not in zones.values()


def test_the_admin_sets_an_offices_zone_from_the_list(client, ada_admin):
    client.force_login(ada_admin)
    page = text_of(client.get(reverse("admin:casework_office_add")))
    assert '<option value="Europe/Vilnius">Europe/Vilnius</option>' in page
    assert 'value="Poland"' not in page
    fields = {"name": "Test Office Riga", "country": "LV", "city": "Riga"}
    client.post(reverse("admin:casework_office_add"), {**fields, "time_zone": "Europe/Atlantis"})
    assert not Office.objects.filter(name="Test Office Riga").exists()
    client.post(reverse("admin:casework_office_add"), {**fields, "time_zone": "Europe/Riga"})
    assert Office.objects.get(name="Test Office Riga").time_zone == "Europe/Riga"


def test_the_pdf_is_in_the_printing_users_zone_also_outside_a_request(
    vera_volunteer, vera_case, lev_lawyer
):
    # The task worker prints ZIP exports with no request to set the zone.
    july_noon = datetime.datetime(2026, 7, 15, 12, 0, tzinfo=UTC)
    note_at(vera_case, vera_volunteer, july_noon)
    printed = render_summary(
        case=vera_case,
        user=vera_volunteer,
        sections=["notes"],
        purpose="Hearing",
        language="en",
        generated_at=july_noon,
    )
    text = " ".join(pdf_text(printed).split())
    assert "Generated by Vera (Volunteer), 15 July 2026, 14:00 CEST." in text
    assert "15 July 2026, 14:00 CEST · Contact" in text
    printed = render_summary(
        case=vera_case,
        user=lev_lawyer,
        sections=[],
        purpose="Hearing",
        language="en",
        generated_at=july_noon,
    )
    assert "15 July 2026, 12:00 UTC." in " ".join(pdf_text(printed).split())
