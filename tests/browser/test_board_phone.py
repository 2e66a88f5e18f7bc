"""The dashboard, the case list and the audit log on a phone and with a screen reader: they
fit from 360 px up, every action is reachable, and axe-core finds nothing serious."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from casework import actions
from casework.models import User
from tests import factories
from tests.browser.checks import NARROWEST, PHONE, assert_accessible, assert_phone_ready
from tests.browser.steps import log_in
from tests.factories import day

pytestmark = pytest.mark.browser

LONG_NAME = "Hanna-Katsiaryna Kavalionak-Tsikhanouskaya"


def fill_board(olga: User) -> None:
    case = factories.take_in(olga, full_name=LONG_NAME, risks=[factories.RED_NOTICE])
    factories.add_identity_document(case, olga, expires_on=day(20))
    actions.add_task(case=case, by=olga, title="Call the lawyer about the hearing", due_on=day(2))
    factories.ales_case(olga)
    for _ in range(3):
        actions.log_case_view(case=case, by=olga)


def check_sizes(page: Page, screenshot, name: str) -> None:
    assert_accessible(page)
    screenshot(f"{name}-1280")
    for size, label in ((PHONE, "390"), (NARROWEST, "360")):
        page.set_viewport_size(size)
        assert_phone_ready(page)
        screenshot(f"{name}-{label}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_board_pages_on_a_phone(page: Page, screenshot, olga_coordinator):
    fill_board(olga_coordinator)
    log_in(page, screenshot, olga_coordinator, "olga")
    expect(page.locator("main")).to_contain_text(LONG_NAME)
    check_sizes(page, screenshot, "dashboard")

    page.goto("/cases/")
    status = page.locator("#results-status")
    expect(status).to_have_text("2 cases found")
    check_sizes(page, screenshot, "case-list")
    page.locator("#id_q").fill("Kavalionak")
    expect(status).to_have_text("1 case found")
    expect(page.locator("#case-table tbody tr")).to_have_count(1)
    page.set_viewport_size(PHONE)
    assert_phone_ready(page)
    screenshot("case-list-searched-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/audit/")
    expect(page.locator("#audit-table")).to_contain_text("Identity document added")
    check_sizes(page, screenshot, "audit")


def test_board_pages_in_belarusian(page: Page, screenshot, olga_coordinator):
    User.objects.filter(pk=olga_coordinator.pk).update(language="be")
    fill_board(olga_coordinator)
    page.goto("/")
    page.get_by_label("Username").fill(olga_coordinator.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("main")).to_contain_text(LONG_NAME)
    for path, name in (("/", "dashboard-be"), ("/cases/", "case-list-be"), ("/audit/", "audit-be")):
        page.goto(path)
        check_sizes(page, screenshot, name)
