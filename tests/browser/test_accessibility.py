"""axe-core over the pages no other browser test looks at, in English and in Belarusian, at a
desktop's width and a phone's: the login page (and its error), the 404 page, an invalid
set-password link, the second factor's pages, the account page, the case's history, the print
form, the calendar feed page, every form of a case (and one sent back with errors). Each page
fits the phone, its actions are reachable and tall enough, and axe-core finds nothing critical
or serious."""

from __future__ import annotations

import pytest
from django.conf import settings as project_settings
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from casework import actions
from casework.models import AuthenticatorDevice, Note, Relative, Remedy, Risk
from casework.seeds import load_reference_data
from tests.browser.checks import PHONE, assert_accessible, assert_phone_ready
from tests.browser.steps import log_in_as
from tests.browser.test_case_page_phone import fill_every_section
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = ["en", "be"]


def check(page: Page, screenshot, name: str) -> None:
    """The page as it is now, at a desktop's width and then a phone's."""
    page.set_viewport_size(DESKTOP)
    assert_accessible(page)
    screenshot(f"{name}-1280")
    page.set_viewport_size(PHONE)
    assert_phone_ready(page)
    screenshot(f"{name}-390")
    page.set_viewport_size(DESKTOP)


def in_language(page: Page, live_server, language: str) -> None:
    page.context.add_cookies(
        [{"name": project_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_without_a_session(page: Page, screenshot, browser_watch, live_server, language):
    in_language(page, live_server, language)
    page.goto(reverse("login"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    check(page, screenshot, "login")

    page.locator("#id_username").fill("nobody")
    page.locator("#id_password").fill("not the password")
    page.locator("form[data-login] button[type=submit]").click()
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_be_visible()
    check(page, screenshot, "login-refused")

    browser_watch.expect_status(f"{live_server.url}/no-such-page/", 404)
    page.goto("/no-such-page/")
    check(page, screenshot, "not-found")

    page.goto(reverse("set_password", kwargs={"uidb64": "MQ", "token": "invalid"}))
    check(page, screenshot, "set-password-invalid")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_second_factor_pages(
    page: Page, screenshot, settings, live_server, vera_volunteer, language
):
    settings.REQUIRE_2FA = True
    in_language(page, live_server, language)
    page.goto(reverse("login"))
    page.locator("#id_username").fill(vera_volunteer.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form[data-login] button[type=submit]").click()
    expect(page.locator("#two-factor-qr")).to_be_visible()
    check(page, screenshot, "two-factor-setup")

    device = AuthenticatorDevice.objects.get(user=vera_volunteer)
    page.locator("input[name=token]").fill(f"{totp(device.bin_key):06d}")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    check(page, screenshot, "two-factor-codes")

    page.locator("main a.btn").first.click()
    page.locator("form[data-logout] button").click()
    page.locator("#id_username").fill(vera_volunteer.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form[data-login] button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('two_factor_verify')}?next=/")
    check(page, screenshot, "two-factor-verify")
    page.locator("input[name=token]").fill("000000")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    check(page, screenshot, "two-factor-verify-refused")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_of_a_case_and_an_account(
    page: Page, screenshot, make_case, vera_volunteer, olga_coordinator, lev_lawyer, language
):
    load_reference_data()
    actions.choose_language(user=olga_coordinator, language=language)
    case = make_case(vera_volunteer, full_name="Hanna Kavalionak")
    fill_every_section(case, olga_coordinator, lev_lawyer)
    risk = Risk.objects.get(case=case)
    remedy = Remedy.objects.get(case=case)
    relative = Relative.objects.get(case=case)
    note = Note.objects.get(case=case)
    log_in_as(page, olga_coordinator)
    expect(page.locator("html")).to_have_attribute("lang", language)

    pk = {"pk": case.pk}
    pages = {
        "account": reverse("casework:account"),
        "calendar-feed": reverse("casework:calendar_feed"),
        "history": reverse("casework:case_history", kwargs=pk),
        "print-form": reverse("docs_app:summary_form", kwargs=pk),
        "case-edit": reverse("casework:case_edit", kwargs=pk),
        "assign": reverse("casework:case_assign", kwargs=pk),
        "share": reverse("casework:case_share", kwargs=pk),
        "close": reverse("casework:case_close", kwargs=pk),
        "task": reverse("casework:task_create", kwargs=pk),
        "snooze": reverse("casework:deadline_snooze", kwargs=pk),
        "risk-new": reverse("casework:risks_new", kwargs=pk),
        "risk-edit": reverse("casework:risks_edit", kwargs={**pk, "item_pk": risk.pk}),
        "risk-remove": reverse("casework:risks_delete", kwargs={**pk, "item_pk": risk.pk}),
        "remedy-edit": reverse("casework:remedies_edit", kwargs={**pk, "item_pk": remedy.pk}),
        "document-new": reverse("casework:documents_new", kwargs=pk),
        "relative-edit": reverse("casework:relatives_edit", kwargs={**pk, "item_pk": relative.pk}),
        "pressure-event-new": reverse(
            "casework:pressure_event_create", kwargs={**pk, "relative_pk": relative.pk}
        ),
        "note-edit": reverse("casework:notes_edit", kwargs={**pk, "item_pk": note.pk}),
    }
    for name, url in pages.items():
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        check(page, screenshot, name)

    # A form sent back: its errors summarised and beside each field.
    page.goto(reverse("casework:risks_new", kwargs=pk))
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".error-summary [data-error-summary]")).to_be_focused()
    check(page, screenshot, "risk-new-sent-back")
