"""The language of the pages: the menu on every page, the account's choice, the browser's."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

LOGIN = reverse("login")
MENU = reverse("casework:set_language")
ACCOUNT = reverse("casework:account")


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "no <html lang>"
    return match.group(1)


def test_english_when_nothing_says_otherwise(client):
    response = client.get(LOGIN)
    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("language", ["be", "ru", "pl", "lt"])
def test_before_login_the_browsers_language(client, language):
    response = client.get(LOGIN, headers={"Accept-Language": f"{language},en;q=0.5"})
    assert html_lang(response) == language
    assert response["Content-Language"] == language


def test_a_language_the_app_does_not_offer_falls_back_to_english(client):
    assert html_lang(client.get(LOGIN, headers={"Accept-Language": "fr"})) == "en"


def test_the_login_page_has_the_menu_with_each_language_named_in_itself(client):
    page = client.get(LOGIN).content.decode()
    assert f'action="{MENU}"' in page
    for code, name in [
        ("be", "Беларуская"),
        ("ru", "Русский"),
        ("en", "English"),
        ("pl", "Polski"),
        ("lt", "Lietuviškai"),
    ]:
        assert f'value="{code}" lang="{code}"' in page
        assert name in page


def test_the_menu_keeps_an_anonymous_choice_in_a_cookie(client):
    response = client.post(MENU, {"language": "pl", "next": LOGIN})
    assert response.status_code == 302
    assert response.url == LOGIN
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"
    assert html_lang(client.get(LOGIN)) == "pl"


def test_the_menu_keeps_a_logged_in_choice_on_the_account(login, vera_volunteer):
    login(vera_volunteer).post(MENU, {"language": "be", "next": "/"})
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.language == "be"
    # On another device, whose browser asks for Polish: the account's choice wins.
    elsewhere = Client()
    elsewhere.force_login(vera_volunteer)
    dashboard = elsewhere.get(reverse("casework:dashboard"), headers={"Accept-Language": "pl"})
    assert html_lang(dashboard) == "be"


@pytest.mark.parametrize("back", ["https://elsewhere.example/", "//elsewhere.example/", ""])
def test_the_menu_goes_back_only_to_a_page_of_its_own(client, back):
    response = client.post(MENU, {"language": "ru", "next": back})
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize("language", ["xx", "", "<script>", "de"])
def test_the_menu_ignores_a_language_it_does_not_offer(login, vera_volunteer, language):
    response = login(vera_volunteer).post(MENU, {"language": language, "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.language == ""


def test_the_account_page_saves_the_choice_and_the_browsers_language(login, vera_volunteer):
    client = login(vera_volunteer)
    page = client.get(ACCOUNT).content.decode()
    assert "The browser&#x27;s language" in page or "The browser's language" in page
    response = client.post(ACCOUNT, {"language": "lt"})
    assert response.status_code == 302
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.language == "lt"
    assert html_lang(client.get(ACCOUNT)) == "lt"
    client.post(ACCOUNT, {"language": ""})
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.language == ""


def test_the_account_page_refuses_a_language_it_does_not_offer(login, vera_volunteer):
    response = login(vera_volunteer).post(ACCOUNT, {"language": "xx"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice. xx is not one of the available choices." in page
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.language == ""


def test_the_menu_works_before_the_second_factor(client, settings, vera_volunteer):
    settings.REQUIRE_2FA = True
    client.force_login(vera_volunteer)
    response = client.post(MENU, {"language": "ru", "next": reverse("two_factor_setup")})
    assert response.status_code == 302
    assert response.url == reverse("two_factor_setup")
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.language == "ru"


def test_the_menu_goes_back_to_the_page_without_its_query(login, vera_volunteer):
    # A typed search stays out of the menu's form (and so out of a later POST and its logs).
    page = login(vera_volunteer).get(reverse("casework:case_list"), {"q": "Tsikhanovich"})
    assert 'name="next" value="/cases/"' in page.content.decode()


def test_the_login_page_after_the_session_stays_in_the_accounts_language(client, vera_volunteer):
    """The account's choice goes into the cookie as well: the login page that follows a
    timeout or a logout knows no account, and must not switch to the browser's language."""
    vera_volunteer.language = "be"
    vera_volunteer.save(update_fields=["language"])
    client.force_login(vera_volunteer)
    response = client.get(reverse("casework:dashboard"))
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "be"
    # Once set, it is not sent again with every page.
    assert settings.LANGUAGE_COOKIE_NAME not in client.get(reverse("casework:dashboard")).cookies
    client.post(reverse("logout"))
    assert html_lang(client.get(reverse("login"))) == "be"
