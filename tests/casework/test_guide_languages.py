"""The remedy guide in every language: the knowledge base's text in English, Belarusian and
Russian (django-modeltranslation), shown in the reader's language with English where a field
is empty, edited in every language in the admin, and loaded so from the seeds."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from casework import actions
from casework.models import AuditAction, AuditEvent, RemedyKind, RemedyOption
from casework.seeds import SEEDS, load_reference_data

TRANSLATED = ["title", "summary", "eligibility", "documents_needed"]
REQUIRED = ["en", "be", "ru"]
LANGUAGES = ["en", "be", "ru", "pl", "lt"]


@pytest.fixture
def seeds(db):
    load_reference_data()


@pytest.fixture
def polish_passport(seeds) -> RemedyOption:
    return RemedyOption.objects.get(country="PL", kind=RemedyKind.ALIEN_PASSPORT)


@pytest.fixture
def expired_case(make_case, vera_volunteer, seeds):
    """vera's case in Poland whose Belarusian passport has expired."""
    return make_case(
        vera_volunteer,
        risks=[{"kind": "passport_expired", "severity": "high", "status": "confirmed"}],
    )


def text(option: RemedyOption, name: str, language: str) -> str:
    return getattr(option, f"{name}_{language}") or ""


def guide_page(login, user, case, language: str):
    actions.choose_language(user=user, language=language)
    response = login(user).get(case.get_absolute_url())
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()
    return response


def assert_guide_in(response, option: RemedyOption, language: str) -> None:
    """The card shows the entry's title, summary, eligibility and each document in `language`."""
    assertContains(response, html.escape(text(option, "title", language)))
    assertContains(response, html.escape(text(option, "summary", language)[:80]))
    assertContains(response, html.escape(text(option, "eligibility", language)[:80]))
    for document in text(option, "documents_needed", language).splitlines():
        assertContains(response, f"<li>{html.escape(document)}</li>", html=True)


# The case page


@pytest.mark.parametrize("language", ["be", "ru"])
def test_the_guide_is_shown_in_belarusian_and_russian(
    login, vera_volunteer, expired_case, polish_passport, language
):
    response = guide_page(login, vera_volunteer, expired_case, language)

    assert_guide_in(response, polish_passport, language)
    assertNotContains(response, html.escape(polish_passport.title_en))
    assertNotContains(response, html.escape(polish_passport.summary_en[:80]))


def test_the_belarusian_card_reads_as_written(login, vera_volunteer, expired_case, seeds):
    response = guide_page(login, vera_volunteer, expired_case, "be")

    assertContains(
        response,
        "Пашпарт замежніка (polski dokument podróży dla cudzoziemca) – асаблівая працэдура"
        " для грамадзян Беларусі",
    )
    assertContains(response, "<li>Біяметрычныя фотаздымкі</li>", html=True)


@pytest.mark.parametrize("language", ["pl", "lt"])
def test_without_a_polish_or_lithuanian_text_the_guide_is_in_english(
    login, vera_volunteer, expired_case, polish_passport, language
):
    response = guide_page(login, vera_volunteer, expired_case, language)

    assert_guide_in(response, polish_passport, "en")
    assertNotContains(response, html.escape(polish_passport.title_be))


def test_a_polish_text_once_written_is_shown_in_polish(
    login, vera_volunteer, expired_case, polish_passport
):
    polish_title = "Polski dokument podróży dla cudzoziemca – procedura szczególna"
    actions.save_remedy_option(
        country="PL",
        kind=RemedyKind.ALIEN_PASSPORT,
        title={"en": polish_passport.title_en, "pl": polish_title},
    )

    response = guide_page(login, vera_volunteer, expired_case, "pl")

    assertContains(response, polish_title)
    assertNotContains(response, html.escape(polish_passport.title_en))
    # Fields left empty in Polish are in English, each on its own.
    assertContains(response, html.escape(polish_passport.summary_en[:80]))


def test_each_empty_field_falls_back_to_english_on_its_own(login, vera_volunteer, expired_case):
    option = actions.save_remedy_option(
        country="PL",
        kind=RemedyKind.ALIEN_PASSPORT,
        title={"en": "Travel document", "be": "Праязны дакумент", "ru": "Проездной документ"},
        summary={"en": "From the voivode.", "be": "Выдае ваявода.", "ru": "Выдаёт воевода."},
        eligibility={"en": "Belarusians without a passport.", "be": ""},
        documents_needed={"en": "Photographs\nApplication"},
        source_url="https://example.org/travel-document",
        checked_on="2026-11-22",
    )[0]

    response = guide_page(login, vera_volunteer, expired_case, "be")

    assert option.pk in [s.option.pk for s in response.context["remedy_guide"]]
    assertContains(response, "Праязны дакумент")
    assertContains(response, "Выдае ваявода.")
    assertContains(response, "Belarusians without a passport.")
    assertContains(response, "<li>Photographs</li>", html=True)
    assertNotContains(response, "From the voivode.")


def test_tracking_from_a_belarusian_page_notes_the_belarusian_title(
    login, vera_volunteer, expired_case, polish_passport
):
    actions.choose_language(user=vera_volunteer, language="be")

    login(vera_volunteer).post(
        reverse("casework:track_remedy", args=[expired_case.pk, polish_passport.pk])
    )

    remedy = expired_case.remedies.get()
    assert polish_passport.title_be in remedy.notes
    assert polish_passport.source_url in remedy.notes


# The seeds


def seed_entries() -> list[dict]:
    with open(SEEDS / "remedy_options.json", encoding="utf-8") as file:
        return json.load(file)


def test_every_seeded_entry_has_english_belarusian_and_russian_text(seeds):
    entries = seed_entries()

    assert RemedyOption.objects.count() == len(entries)
    for option in RemedyOption.objects.all():
        for name in TRANSLATED:
            for language in REQUIRED:
                assert text(option, name, language).strip(), (option.title_en, name, language)
        # The same documents, one a line, in each language.
        lines = {len(text(option, "documents_needed", lang).splitlines()) for lang in REQUIRED}
        assert len(lines) == 1, option.title_en


def test_the_seed_file_gives_each_text_in_each_required_language():
    for entry in seed_entries():
        for name in TRANSLATED:
            assert set(entry[name]) >= set(REQUIRED), (entry[name], name)
            for language in REQUIRED:
                assert entry[name][language].strip(), (entry["title"]["en"], name, language)


def test_belarusian_and_russian_texts_are_in_their_own_alphabets(seeds):
    """Belarusian has no и, щ, ъ; Russian no і, ў. And the official orthography, not
    Taraškievica: no assimilated soft signs («сьвет», «зьнік», «пасьведчаньне»)."""
    taraskievica = re.compile(r"(?:[сз]ь[внлцд]|ць[вц]|ньн|дзь[вд])", re.IGNORECASE)
    for option in RemedyOption.objects.all():
        for name in TRANSLATED:
            belarusian, russian = text(option, name, "be"), text(option, name, "ru")
            assert not re.search(r"[ищъ]", belarusian, re.IGNORECASE), (option.title_en, name)
            assert not taraskievica.search(belarusian), (option.title_en, name)
            assert not re.search(r"[іў]", russian, re.IGNORECASE), (option.title_en, name)


def test_the_glossarys_official_names_are_quoted_in_each_language(seeds):
    """docs/glossary.md: a host country's legal name is quoted exactly in every language."""
    for country, official in [
        ("PL", "polski dokument podróży dla cudzoziemca"),
        ("LT", "užsieniečio pasas"),
        ("DE", "Reiseausweis für Ausländer"),
        ("CZ", "cizinecký pas"),
    ]:
        option = RemedyOption.objects.get(country=country, kind=RemedyKind.ALIEN_PASSPORT)
        for language in REQUIRED:
            written = text(option, "title", language) + text(option, "summary", language)
            assert official in written, (country, language)
    ccf = RemedyOption.objects.get(kind=RemedyKind.CCF_REQUEST)
    assert "Камісія па кантролі за файламі Інтэрпола" in ccf.title_be
    assert "Комиссия по контролю за файлами Интерпола" in ccf.title_ru
    assert "(Red Notice)" in ccf.summary_be
    assert "(Red Notice)" in ccf.summary_ru


def columns() -> list[dict]:
    names = [f"{name}_{lang}" for name in TRANSLATED for lang in LANGUAGES]
    return list(RemedyOption.objects.order_by("pk").values("pk", *TRANSLATED, *names))


def test_load_seeds_twice_changes_nothing(db):
    out = io.StringIO()
    call_command("load_seeds", stdout=out)
    first = columns()

    call_command("load_seeds", stdout=out)

    assert columns() == first
    assert "0 remedy options created or updated" in out.getvalue().splitlines()[-1]


def test_load_seeds_restores_the_seeded_languages_and_keeps_the_others(polish_passport):
    RemedyOption.objects.filter(pk=polish_passport.pk).update(
        title_be="Выпраўлена ў адмінцы", summary_pl="Napisane przez administratora."
    )

    changed = load_reference_data()

    polish_passport.refresh_from_db()
    assert changed["remedy_options"] == 1
    # As for English before: the file's text wins for what the file carries ...
    assert polish_passport.title_be.startswith("Пашпарт замежніка")
    # ... and what it does not carry (Polish) stays as the admin wrote it.
    assert polish_passport.summary_pl == "Napisane przez administratora."


def test_loading_under_another_language_writes_each_language_in_its_column(db):
    with translation.override("be"):
        load_reference_data()

    option = RemedyOption.objects.get(country="PL", kind=RemedyKind.ALIEN_PASSPORT)
    assert option.title_en.startswith("Polish travel document")
    assert option.title_be.startswith("Пашпарт замежніка")
    # The original column holds the English text, whatever language was active.
    raw = RemedyOption.objects.filter(pk=option.pk).raw_values("title", "summary").get()
    assert raw == {"title": option.title_en, "summary": option.summary_en}


# The admin


def change_url(option: RemedyOption) -> str:
    return reverse("admin:casework_remedyoption_change", args=[option.pk])


def form_data(page) -> dict:
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    return {key: "" if value is None else value for key, value in data.items()}


def test_the_admin_has_an_input_for_each_language(client, ada_admin, polish_passport):
    client.force_login(ada_admin)

    page = client.get(change_url(polish_passport))

    assert page.status_code == 200
    content = page.content.decode()
    for name in TRANSLATED:
        for language in LANGUAGES:
            assert f'name="{name}_{language}"' in content, (name, language)
        # The original field is not edited on its own: it is the English one.
        assert f'name="{name}"' not in content
    assertContains(page, html.escape(polish_passport.title_be))
    assertContains(page, html.escape(polish_passport.title_ru))
    # Nothing from another origin (modeltranslation's tabbed admin loads jQuery UI from a CDN).
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', content)


def test_the_admin_saves_each_language_and_the_audit_names_the_fields(
    client, ada_admin, polish_passport
):
    client.force_login(ada_admin)
    actions.choose_language(user=ada_admin, language="be")
    data = form_data(client.get(change_url(polish_passport)))
    written = {
        "title_en": "Polish travel document for a foreigner",
        "title_be": "Пашпарт замежніка ў Польшчы",
        "title_ru": "Паспорт иностранца в Польше",
        "title_pl": "Polski dokument podróży dla cudzoziemca",
        "title_lt": "Lenkijos kelionės dokumentas užsieniečiui",
        "eligibility_ru": "Граждане Беларуси с видом на жительство.",
    }

    response = client.post(change_url(polish_passport), {**data, **written})

    assert response.status_code == 302
    polish_passport.refresh_from_db()
    for column, value in written.items():
        assert getattr(polish_passport, column) == value
    # Saved from a Belarusian page, the original column still holds the English title.
    raw = RemedyOption.objects.filter(pk=polish_passport.pk).raw_values("title").get()
    assert raw["title"] == written["title_en"]
    event = AuditEvent.objects.get(action=AuditAction.REFERENCE_CHANGE)
    assert (event.user, event.detail) == (
        ada_admin,
        f"RemedyOption {polish_passport.pk} changed: "
        "eligibility_ru, title_be, title_en, title_lt, title_pl, title_ru",
    )


@pytest.mark.parametrize("column", ["title_en", "title_be", "title_ru", "summary_be"])
def test_the_admin_requires_english_belarusian_and_russian(
    client, ada_admin, polish_passport, column
):
    client.force_login(ada_admin)
    data = form_data(client.get(change_url(polish_passport)))

    response = client.post(change_url(polish_passport), {**data, column: ""})

    assert response.status_code == 200
    assertContains(response, "This field is required.")
    polish_passport.refresh_from_db()
    assert getattr(polish_passport, column)
    assert not AuditEvent.objects.filter(action=AuditAction.REFERENCE_CHANGE).exists()


def test_the_admin_leaves_polish_and_lithuanian_optional(client, ada_admin, polish_passport):
    client.force_login(ada_admin)
    data = form_data(client.get(change_url(polish_passport)))

    response = client.post(change_url(polish_passport), {**data, "checked_on": "2026-12-01"})

    assert response.status_code == 302
    polish_passport.refresh_from_db()
    assert not polish_passport.title_pl and not polish_passport.summary_lt


def test_the_admin_refuses_a_second_entry_with_the_same_english_title(
    client, ada_admin, polish_passport
):
    client.force_login(ada_admin)
    data = form_data(client.get(change_url(polish_passport)))

    response = client.post(reverse("admin:casework_remedyoption_add"), data)

    assert response.status_code == 200
    assertContains(response, "already exists")
    assert RemedyOption.objects.filter(country="PL", kind=RemedyKind.ALIEN_PASSPORT).count() == 1


def test_the_admin_finds_an_entry_by_its_belarusian_title(client, ada_admin, polish_passport):
    client.force_login(ada_admin)

    page = client.get(reverse("admin:casework_remedyoption_changelist"), {"q": "асаблівая"})

    assert list(page.context["cl"].result_list) == [polish_passport]


# The migration


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_the_text_written_before_into_english():
    before = [("casework", "0019_field_labels")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    table = connection.ops.quote_name(RemedyOption._meta.db_table)
    try:
        executor.migrate(before)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (country, kind, title, summary, eligibility,"  # noqa: S608
                " documents_needed, source_url, checked_on)"
                " VALUES ('PL', 'other', 'Old title', 'Old summary', '', 'Photo',"
                " 'https://example.org/old', '2026-11-22')"
            )

        MigrationExecutor(connection).migrate(latest)
        option = RemedyOption.objects.get()
        assert (option.title_en, option.summary_en, option.documents_needed_en) == (
            "Old title",
            "Old summary",
            "Photo",
        )
        assert option.title_be is None
        with translation.override("be"):
            assert option.title == "Old title"
    finally:
        MigrationExecutor(connection).migrate(latest)
