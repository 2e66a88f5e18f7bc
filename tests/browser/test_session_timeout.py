"""The session's end in the browser, with a timeout of seconds instead of 30 minutes: the
warning comes before it, "Stay signed in" keeps the session, and a note typed past the timeout
is given back after logging in again, kept in the browser tab alone, forgotten at logout."""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from casework.models import Note
from tests import factories
from tests.browser.checks import PHONE, assert_accessible, assert_phone_ready
from tests.browser.steps import log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

NOTE = "Called the lawyer in Białystok: the hearing moved to 14 March.\nБудзе пісаць у пятніцу."
UNSENT = "JSON.parse(sessionStorage.getItem('casework:unsent'))"


def wait_for_the_end(page: Page) -> None:
    """Until the page says the session has ended, and the server's end is past as well (the
    page says it a little early)."""
    expect(page.get_by_role("heading", name="Your session has ended")).to_be_visible(timeout=12_000)
    page.wait_for_timeout(3_000)


def warning(page: Page):
    return page.get_by_role("region", name="Your session is about to end")


def test_the_warning_comes_before_the_end_and_stay_signed_in_keeps_the_session(
    page: Page, screenshot, settings, olga_coordinator
):
    settings.SESSION_COOKIE_AGE = 16
    settings.SESSION_WARNING_SECONDS = 13
    log_in(page, screenshot, olga_coordinator, "warning")
    first_end = time.monotonic() + settings.SESSION_COOKIE_AGE
    expect(warning(page)).to_be_visible(timeout=5_000)
    expect(warning(page)).to_contain_text("you will be logged out at")
    # A while after the warning came: the session's new end is well after its first one.
    page.wait_for_timeout(5_000)
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning(page)).to_be_hidden()

    # It comes back before the new end: the time it names is later than the first one.
    expect(warning(page)).to_be_visible(timeout=5_000)
    # Said aloud as well: the live region holds the same sentence.
    expect(page.locator("[data-session-announce]")).to_contain_text("unless you stay signed in")
    assert_accessible(page)
    screenshot("warning-1280")
    page.set_viewport_size(PHONE)
    assert_phone_ready(page)
    screenshot("warning-390")

    # Past the end the first page had: the session was renewed, so still signed in.
    page.wait_for_timeout(max(0, first_end + 1 - time.monotonic()) * 1000)
    page.reload()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def test_a_session_at_its_absolute_limit_cannot_be_extended(
    page: Page, screenshot, settings, olga_coordinator
):
    settings.SESSION_ABSOLUTE_LIFETIME = 30
    settings.SESSION_WARNING_SECONDS = 60
    log_in(page, screenshot, olga_coordinator, "limit")
    expect(warning(page)).to_contain_text("cannot be extended any further")
    expect(page.get_by_role("button", name="Stay signed in")).to_have_count(0)
    screenshot("limit-warning")


def test_a_note_saved_after_the_timeout_is_given_back_after_logging_in(
    page: Page, screenshot, settings, olga_coordinator
):
    settings.SESSION_COOKIE_AGE = 8
    settings.SESSION_WARNING_SECONDS = 4
    case = factories.take_in(olga_coordinator, full_name="Hanna Kavalenka")
    new_note = reverse("casework:notes_new", kwargs={"pk": case.pk})
    log_in(page, screenshot, olga_coordinator, "timeout")
    page.goto(new_note)
    page.get_by_label("Kind").select_option(label="Legal")
    page.get_by_label("Text").fill(NOTE)
    wait_for_the_end(page)
    screenshot("timeout-ended")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="kept in this browser tab")).to_be_visible()
    # The text waits in the tab, and only there; never the CSRF token or another hidden field.
    assert page.evaluate(UNSENT)["fields"] == [["kind", "legal"], ["text", NOTE]]
    assert not Note.objects.filter(case=case).exists()
    screenshot("timeout-login")
    settings.SESSION_COOKIE_AGE = 600

    page.get_by_label("Username").fill(olga_coordinator.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(new_note) + "$"))
    expect(page.get_by_label("Kind")).to_have_value("legal")
    expect(page.get_by_label("Text")).to_have_value(NOTE)
    expect(page.get_by_label("Text")).to_be_focused()
    expect(page.get_by_role("status").filter(has_text="has been put back")).to_be_visible()
    assert page.evaluate(UNSENT) is None
    screenshot("timeout-given-back")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The note was added.")).to_be_visible()
    assert Note.objects.get(case=case).text == NOTE.replace("\n", "\r\n")


def test_logging_out_in_another_tab_forgets_what_was_kept(
    page: Page, screenshot, settings, olga_coordinator
):
    settings.SESSION_COOKIE_AGE = 5
    settings.SESSION_WARNING_SECONDS = 2
    case = factories.take_in(olga_coordinator, full_name="Hanna Kavalenka")
    log_in(page, screenshot, olga_coordinator, "other-tab")
    page.goto(reverse("casework:notes_new", kwargs={"pk": case.pk}))
    page.get_by_label("Text").fill(NOTE)
    wait_for_the_end(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert ["text", NOTE] in page.evaluate(UNSENT)["fields"]

    other = page.context.new_page()
    settings.SESSION_COOKIE_AGE = 600
    log_in(other, screenshot, olga_coordinator, "other-tab-2")
    other.get_by_role("button", name="Log out").click()
    expect(other.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="kept in this browser tab")).to_be_hidden()
    assert page.evaluate(UNSENT) is None
    other.close()


def test_another_user_logging_in_in_the_tab_gets_nothing_back(
    page: Page, screenshot, settings, olga_coordinator, warsaw
):
    settings.SESSION_COOKIE_AGE = 5
    settings.SESSION_WARNING_SECONDS = 2
    case = factories.take_in(olga_coordinator, full_name="Hanna Kavalenka")
    other = factories.user("oksana", "coordinator", warsaw)
    log_in(page, screenshot, olga_coordinator, "other-user")
    new_note = reverse("casework:notes_new", kwargs={"pk": case.pk})
    page.goto(new_note)
    page.get_by_label("Text").fill(NOTE)
    wait_for_the_end(page)
    page.get_by_role("button", name="Save").click()
    settings.SESSION_COOKIE_AGE = 600
    page.get_by_label("Username").fill(other.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(new_note) + "$"))
    expect(page.get_by_label("Text")).to_have_value("")
    assert page.evaluate(UNSENT) is None


def stash(page: Page, minutes_ago: float) -> None:
    """What a form's post left in the tab, so many minutes ago."""
    page.evaluate(
        """(minutes) => sessionStorage.setItem("casework:unsent", JSON.stringify({
            at: Date.now() - minutes * 60 * 1000, user: "1", page: "/cases/1/notes/new/",
            action: "/cases/1/notes/new/", fields: [["text", "Typed."]]}))""",
        minutes_ago,
    )


def test_the_login_page_drops_an_old_stash_and_discards_on_request(page: Page, screenshot):
    kept = page.get_by_role("status").filter(has_text="kept in this browser tab")
    # Left by a post that loaded no page (a download) minutes ago: no form to fill again.
    page.goto(reverse("login"))
    stash(page, 5)
    page.reload()
    expect(kept).to_be_hidden()
    assert page.evaluate(UNSENT) is None

    # Just posted: kept, and discarded when asked.
    stash(page, 0)
    page.reload()
    expect(kept).to_be_visible()
    screenshot("login-kept")
    page.get_by_role("button", name="Discard what I typed").click()
    expect(kept).to_be_hidden()
    assert page.evaluate(UNSENT) is None
