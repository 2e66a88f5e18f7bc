"""E-mails in their reader's language (User.language, else English), whoever sends them, and
name spellings with the lang of their script.

The sentences are compared with the catalogue's translation, and that translation with the
English: a test here fails while the language's catalogue lacks the sentence."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from casework import actions, tasks
from casework.models import User
from docs_app.summary import summary_context
from tests import factories
from tests.factories import TODAY, day

NOTICE_SUBJECT = "A change to your casework account"
NOTICE_CLOSING = "If you did not expect this, tell your coordinator."
DIGEST_REFERENCES_ONLY = (
    "Case references only: open a case in the application to see who it is about."
)


def translated(language: str, message: str) -> str:
    """message in language, asserted to differ from the English (so, to be translated)."""
    with translation.override(language):
        text = gettext(message)
    assert text != message, f"{language} catalogue lacks {message!r}"
    return text


def user_in(language: str, username: str, office) -> User:
    user = actions.create_user(
        username=username,
        role="volunteer",
        office=office,
        password=None,
        email=f"{username}@example.org",
    )
    return actions.choose_language(user=user, language=language)


# --- account notices --------------------------------------------------------------------


@pytest.mark.parametrize("language", ["be", "pl"])
def test_an_account_notice_is_in_the_users_language_not_the_admins(
    client, ada_admin, warsaw, language, django_capture_on_commit_callbacks
):
    ewa = user_in(language, "ewa", warsaw)
    # The admin reads the admin in Russian.
    actions.choose_language(user=ada_admin, language="ru")
    client.force_login(ada_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("casework:user_reset_second_factor", args=[ewa.pk]))
    [message] = mail.outbox
    assert message.to == ["ewa@example.org"]
    assert message.subject == translated(language, NOTICE_SUBJECT)
    assert translated(language, NOTICE_CLOSING) in message.body
    assert NOTICE_CLOSING not in message.body


@pytest.mark.parametrize("language", ["be", "pl"])
def test_the_set_password_link_notice_is_in_the_users_language(
    ada_admin, warsaw, language, django_capture_on_commit_callbacks
):
    ewa = user_in(language, "ewa", warsaw)
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        actions.make_set_password_link(user=ewa, by=ada_admin)
    [message] = mail.outbox
    assert message.subject == translated(language, NOTICE_SUBJECT)
    assert translated(language, NOTICE_CLOSING) in message.body
    assert "one-time link to set a new password" not in message.body


def test_a_user_with_no_language_is_told_in_english(
    ada_admin, warsaw, django_capture_on_commit_callbacks
):
    ewa = user_in("", "ewa", warsaw)
    with translation.override("be"), django_capture_on_commit_callbacks(execute=True):
        actions.make_set_password_link(user=ewa, by=ada_admin)
    [message] = mail.outbox
    assert message.subject == NOTICE_SUBJECT
    assert "An administrator made a one-time link to set a new password" in message.body
    assert NOTICE_CLOSING in message.body


def test_old_and_new_address_get_a_message_each_in_the_users_language(
    ada_admin, warsaw, django_capture_on_commit_callbacks
):
    ewa = user_in("be", "ewa", warsaw)
    ewa.email = "ewa.new@example.org"
    with translation.override("pl"), django_capture_on_commit_callbacks(execute=True):
        actions.save_user_as_admin(user=ewa, by=ada_admin, created=False, changed=["email"])
    assert sorted(message.to for message in mail.outbox) == [
        ["ewa.new@example.org"],
        ["ewa@example.org"],
    ]
    for message in mail.outbox:
        assert message.subject == translated("be", NOTICE_SUBJECT)
        assert "ewa.new@example.org" not in message.body


def test_the_notices_date_follows_the_users_language(
    ada_admin, warsaw, django_capture_on_commit_callbacks
):
    ewa = user_in("pl", "ewa", warsaw)
    with factories.frozen_at(TODAY), django_capture_on_commit_callbacks(execute=True):
        actions.reset_second_factor(user=ewa, by=ada_admin)
        with translation.override("pl"):
            polish = date_format(timezone.localtime(), "DATETIME_FORMAT")
        english = date_format(timezone.localtime(), "DATETIME_FORMAT")
    assert polish != english
    assert polish in mail.outbox[0].body
    assert english not in mail.outbox[0].body


# --- the deadline digest ----------------------------------------------------------------


@pytest.fixture
def digest_users(warsaw):
    """be_user (Belarusian), pl_user (Polish) and en_user (no choice), all on one case with
    a task two days overdue and one due in three days."""
    users = {lang: user_in(lang, f"{lang or 'en'}_user", warsaw) for lang in ("be", "pl", "")}
    olga = factories.named_user("olga_coordinator", warsaw)
    case = factories.take_in(olga, full_name="Ales Tsikhanovich")
    for user in users.values():
        actions.assign_case(case=case, by=olga, users=[*case.assigned_to.all(), user])
    actions.add_task(case=case, by=olga, title="Call", due_on=day(-2))
    actions.add_task(case=case, by=olga, title="Book", due_on=day(3))
    return users


def digest_to(username: str):
    return next(m for m in mail.outbox if m.to == [f"{username}@example.org"])


@pytest.mark.usefixtures("frozen_today")
@pytest.mark.parametrize("language", ["be", "pl"])
def test_the_digest_from_the_command_is_in_each_users_language(digest_users, language):
    # The command runs with no request, in whatever language its process has.
    with translation.override("ru"):
        call_command("send_deadline_digest", stdout=StringIO())
    message = digest_to(f"{language}_user")
    assert translated(language, DIGEST_REFERENCES_ONLY) in message.body
    assert DIGEST_REFERENCES_ONLY not in message.body
    with translation.override(language):
        subject = ngettext(
            "You have %(count)d overdue deadline, and more are due within %(days)d days",
            "You have %(count)d overdue deadlines, and more are due within %(days)d days",
            1,
        ) % {"count": 1, "days": 7}
        # Month names in the language: "1 чэрвеня 2026", "1 czerwca 2026".
        today = date_format(TODAY)
    assert message.subject == subject
    assert today != date_format(TODAY)
    assert today in message.body


@pytest.mark.usefixtures("frozen_today")
def test_the_digest_of_a_user_with_no_language_is_in_english(digest_users):
    with translation.override("be"):
        tasks.send_deadline_digest.call()
    message = digest_to("en_user")
    assert message.subject == "You have 1 overdue deadline, and more are due within 7 days"
    assert DIGEST_REFERENCES_ONLY in message.body
    assert "You have 1 overdue deadline\n" in message.body
    assert "You have 1 deadline due within 7 days\n" in message.body
    assert "Deadlines on the cases you work on, 1 June 2026." in message.body


@pytest.mark.usefixtures("frozen_today")
def test_the_digests_counts_have_their_plural_forms(warsaw):
    user = user_in("", "en", warsaw)
    olga = factories.named_user("olga_coordinator", warsaw)
    case = factories.take_in(olga, full_name="Ales Tsikhanovich")
    actions.assign_case(case=case, by=olga, users=[user])
    for title in ("One", "Two"):
        actions.add_task(case=case, by=olga, title=title, due_on=day(1))
    tasks.send_deadline_digest.call()
    message = digest_to("en")
    assert message.subject == "You have 2 deadlines due within 7 days"
    assert "overdue" not in message.body


# --- name spellings: the lang of their script -------------------------------------------

LATIN = "Ales Tsikhanovich"
BELARUSIAN = "Алесь Ціхановіч"
RUSSIAN = "Олесь Тихонович"


def test_the_case_page_tags_cyrillic_spellings_and_never_latin_as_la(login, vera_case):
    page = login(vera_case.created_by).get(vera_case.get_absolute_url()).content.decode()
    assert f'<span lang="be">{BELARUSIAN}</span>' in page
    assert f'<span lang="ru">{RUSSIAN}</span>' in page
    # The Latin spelling (the full name's own) has no lang: the page's language is not its.
    assert f"<li><span>{LATIN}</span>" in page
    assert 'lang="la"' not in page


def test_the_pdf_template_tags_the_spellings_the_same_way(vera_case):
    html = render_to_string(
        "docs_app/case_summary.html",
        summary_context(
            case=vera_case,
            user=vera_case.created_by,
            sections=[],
            purpose="",
            generated_at=timezone.now(),
        ),
    )
    assert f'<td lang="be">{BELARUSIAN}</td>' in html
    assert f'<td lang="ru">{RUSSIAN}</td>' in html
    assert f"<td>{LATIN}</td>" in html
    assert f'<dd class="person-name">{LATIN}</dd>' in html
    assert 'lang="la"' not in html


def test_a_cyrillic_full_name_takes_its_spellings_lang(login, vera_volunteer):
    case = factories.take_in(vera_volunteer, full_name="Зміцер Дашкевіч")
    page = login(vera_volunteer).get(case.get_absolute_url()).content.decode()
    assert '· <span lang="be">Зміцер Дашкевіч</span></h1>' in page


def test_the_history_tags_the_spellings(login, vera_case):
    page = login(vera_case.created_by).get(reverse("casework:case_history", args=[vera_case.pk]))
    html = page.content.decode()
    assert f'<td class="after" data-label="After" lang="be">{BELARUSIAN}</td>' in html
    assert f'<td class="after" data-label="After" lang="ru">{RUSSIAN}</td>' in html
    assert f'<td class="after" data-label="After">{LATIN}</td>' in html
    assert 'lang="la"' not in html


def test_possible_duplicates_tag_the_matched_spelling(login, vera_volunteer, vera_case):
    data = factories.intake_data(full_name="Алесь Ціхановіч")
    page = login(vera_volunteer).post(reverse("casework:intake_duplicates"), data).content.decode()
    assert f'<span lang="be">{BELARUSIAN}</span>' in page


# --- language names ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["be", "ru", "pl", "lt"])
def test_language_names_come_from_djangos_catalogue(language):
    # settings.LANGUAGES are lazy: Django's own catalogue names them in each language.
    with translation.override(language):
        names = [str(name) for _code, name in settings.LANGUAGES]
    assert not {"Belarusian", "Russian", "Polish", "Lithuanian"} & set(names)


def test_the_account_page_names_each_language_in_itself(login, vera_volunteer):
    actions.choose_language(user=vera_volunteer, language="pl")
    page = login(vera_volunteer).get(reverse("casework:account")).content.decode()
    options = dict(re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', page))
    assert options["be"] == "Беларуская"
    assert options["ru"] == "Русский"
    assert options["lt"] == "Lietuviškai"
