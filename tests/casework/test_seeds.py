"""The seeds/ data: reference data (offices, remedy knowledge base) and the fictional demo."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from casework.models import (
    AuditEvent,
    Case,
    Office,
    PersonName,
    Remedy,
    RemedyKind,
    RemedyOption,
    Risk,
    RiskKind,
    Role,
    Script,
    User,
)
from casework.seeds import DEMO_PASSWORD, load_demo_data, load_reference_data
from tests.factories import CASE_CONTENT_MODELS

DEMO_MODELS = [User, Office, *CASE_CONTENT_MODELS, AuditEvent]


def row_counts(models) -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in models}


def test_loading_reference_data_twice_changes_nothing(db):
    first = load_reference_data()
    counts = row_counts([Office, RemedyOption])

    second = load_reference_data()

    assert first["offices"] > 0
    assert first["remedy_options"] > 0
    assert second == {"offices": 0, "remedy_options": 0, "kept": []}
    assert row_counts([Office, RemedyOption]) == counts


def test_reference_data_restores_an_edited_office(db):
    load_reference_data()
    office = Office.objects.get(country="LT")
    Office.objects.filter(pk=office.pk).update(city="Kaunas")

    changed = load_reference_data()

    assert changed["offices"] == 1
    assert Office.objects.get(pk=office.pk).city == "Vilnius"


def test_offices_cover_the_host_countries(db):
    load_reference_data()

    countries = {office.country.code for office in Office.objects.all()}

    assert len(countries) >= 8
    assert {"PL", "LT", "LV", "DE", "CZ", "GE", "AT", "SE"} <= countries


def test_remedy_knowledge_base_cites_its_sources(db):
    load_reference_data()

    countries = {option.country.code for option in RemedyOption.objects.all()}
    assert {"PL", "LT", "AT", "SI", "SE"} <= countries
    for option in RemedyOption.objects.all():
        assert option.source_url.startswith(("https://", "http://")), option.title
        assert option.checked_on is not None, option.title
        assert option.summary, option.title


@pytest.mark.parametrize("country", ["PL", "LT", "AT", "SI", "SE"])
def test_alien_passport_countries_have_an_alien_passport_option(db, country):
    """Poland, Austria, Lithuania, Slovenia and Sweden issue alien's passports to
    Belarusians without a valid passport (DESIGN.md section 1)."""
    load_reference_data()

    assert RemedyOption.objects.filter(country=country, kind=RemedyKind.ALIEN_PASSPORT).exists()


@pytest.fixture
def demo(db):
    load_reference_data()
    return load_demo_data()


def test_demo_covers_every_role_risk_remedy_and_script(demo):
    # One test, because loading the demo takes seconds (a password hash per user).
    assert {user.role for user in demo} == set(Role.values)
    for user in demo:
        visible = Case.objects.visible_to(user).count()
        if user.role == Role.ADMIN:
            assert visible == 0
        else:
            assert visible > 0, user.username
        if user.role in (Role.VOLUNTEER, Role.COORDINATOR):
            assert user.office is not None, user.username
    assert demo[0].check_password(DEMO_PASSWORD)

    assert 25 <= Case.objects.count() <= 40
    assert set(Risk.objects.values_list("kind", flat=True)) == set(RiskKind.values)
    assert set(Remedy.objects.values_list("kind", flat=True)) == set(RemedyKind.values)
    assert set(PersonName.objects.values_list("script", flat=True)) == set(Script.values)


def test_loading_demo_twice_creates_nothing(demo):
    counts = row_counts(DEMO_MODELS)

    users = load_demo_data()

    assert {user.pk for user in users} == {user.pk for user in demo}
    assert row_counts(DEMO_MODELS) == counts


def test_load_demo_command_prints_the_logins(db, settings):
    """On an empty database too: the demo brings the offices it needs."""
    settings.DEBUG = True
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    printed = out.getvalue()
    assert DEMO_PASSWORD in printed
    for user in User.objects.all():
        assert user.username in printed
        assert str(user.get_role_display()) in printed
    assert f"{Case.objects.count()} cases" in printed


def test_load_demo_refuses_to_run_without_debug(db, settings):
    """Its accounts have a published password: never on a production database."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()
    assert not Case.objects.exists()
