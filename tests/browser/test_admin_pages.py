"""The account pages at desktop and phone sizes, and the Django admin's remaining pages:
they fit, their actions are reachable, and axe-core finds no critical or serious violation,
in English and in Belarusian."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from playwright.sync_api import Page, expect

from casework import actions
from casework.models import Office, RemedyOption
from casework.seeds import load_reference_data
from tests.browser.checks import PHONE, assert_accessible, assert_phone_ready
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def admin_log_in(page: Page, user) -> None:
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()


@pytest.mark.parametrize("language", ["en", "be"])
def test_account_pages_fit_and_are_accessible(
    page: Page, screenshot, ada_admin, vera_volunteer, language
):
    actions.choose_language(user=ada_admin, language=language)
    AccessAttempt.objects.create(
        username=vera_volunteer.username, ip_address="10.0.0.1", failures_since_start=5
    )
    admin_log_in(page, ada_admin)
    for size, viewport in [("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)]:
        page.set_viewport_size(viewport)
        page.goto("/accounts/users/")
        expect(page.locator("#result-count")).to_be_visible()
        screenshot(f"{size}-list")
        assert_accessible(page)
        if size == "phone":
            assert_phone_ready(page)
        page.goto(f"/accounts/users/{vera_volunteer.pk}/")
        expect(page.locator("h1")).to_have_text("Vera")
        screenshot(f"{size}-user")
        assert_accessible(page)
        if size == "phone":
            assert assert_phone_ready(page) >= 4
        page.goto("/accounts/users/new/")
        screenshot(f"{size}-create")
        assert_accessible(page)
        if size == "phone":
            assert_phone_ready(page)
    # Bad input: kept, with the message, still accessible.
    page.locator("#id_username").fill("nina")
    page.locator("form.user-form button[type=submit]").click()
    expect(page.locator("#id_username")).to_have_value("nina")
    screenshot("phone-create-errors")
    assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "be"])
def test_admin_pages_are_accessible(page: Page, screenshot, browser_watch, ada_admin, language):
    load_reference_data()
    actions.choose_language(user=ada_admin, language=language)
    admin_log_in(page, ada_admin)
    option = RemedyOption.objects.order_by("pk").first()
    office = Office.objects.order_by("pk").first()
    pages = {
        "index": "/admin/",
        "remedy-options": "/admin/casework/remedyoption/",
        "remedy-option": f"/admin/casework/remedyoption/{option.pk}/change/",
        "offices": "/admin/casework/office/",
        "office": f"/admin/casework/office/{office.pk}/change/",
        "audit": "/admin/casework/auditevent/",
        "users": "/admin/casework/user/?q=a",
        "user": f"/admin/casework/user/{ada_admin.pk}/change/",
        "attempts": "/admin/axes/accessattempt/",
        "change-requests": "/admin/casework/accountchangerequest/",
    }
    failures = []
    for name, url in pages.items():
        page.goto(url)
        screenshot(name)
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{name}: {error}")
        # axe-core's own probes on the admin's forms try inline styles, which the page's CSP
        # blocks (as it should); anything else the browser reports still fails the test.
        problems = [
            problem
            for problem in browser_watch.take_problems()
            if "Applying inline style violates" not in problem
            and "Couldn't load preload assets" not in problem
        ]
        assert problems == [], f"{name}: {problems}"
    assert not failures, "\n".join(failures)
