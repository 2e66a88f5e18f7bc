"""Possible duplicates appear on the intake page while the names are typed (htmx, no inline
script: the page fixture fails the test on any Content-Security-Policy violation)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import log_in

pytestmark = pytest.mark.browser


def test_volunteer_sees_a_possible_duplicate_while_typing(
    page: Page, screenshot, make_case, vera_volunteer, tomas_coordinator
):
    mine = make_case(
        vera_volunteer,
        full_name="Святлана Ціханоўская",
        names=[{"text": "Светлана Тихановская", "script": "ru-Cyrl", "kind": "other"}],
        birth_date="1982-09-11",
    )
    # The same person in another office: vera must not learn of it.
    theirs = make_case(
        tomas_coordinator,
        full_name="Sviatlana Tsikhanouskaya",
        birth_date="1982-09-11",
        host_country="LT",
    )

    log_in(page, screenshot, vera_volunteer, "vera")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New case").click()
    expect(page.get_by_role("heading", name="Take in a new case")).to_be_visible()
    duplicates = page.locator("#possible-duplicates")
    expect(duplicates).not_to_contain_text(mine.reference)

    with page.expect_response(re.compile(r"/cases/new/duplicates/$")):
        page.get_by_label("Full name").press_sequentially("Sviatlana Tsikhanouskaya", delay=20)
    expect(duplicates.get_by_role("heading", name="Possible duplicates")).to_be_visible()
    link = duplicates.get_by_role("link", name=re.compile(re.escape(mine.reference)))
    expect(link).to_have_attribute("href", mine.get_absolute_url())
    expect(duplicates).to_contain_text("born on 11 September 1982")
    expect(duplicates).not_to_contain_text(theirs.reference)
    screenshot("possible-duplicate")

    # A spelling added in another row is checked too, and a birth date is sent along.
    page.get_by_label("Birth date").fill("1982-09-11")
    page.locator("#id_names-0-text").fill("Тихановская Светлана")
    expect(duplicates).to_contain_text(mine.reference)
    expect(duplicates).not_to_contain_text(theirs.reference)
    # What was typed stays in the form.
    expect(page.get_by_label("Full name")).to_have_value("Sviatlana Tsikhanouskaya")
    screenshot("possible-duplicate-with-birth-date")

    # Names cleared: the list empties. A row added by static/js/app.js is checked as well.
    page.get_by_label("Full name").fill("")
    page.locator("#id_names-0-text").fill("")
    expect(duplicates).not_to_contain_text(mine.reference)
    page.get_by_role("button", name="Add a spelling").click()
    page.locator("#id_names-3-text").press_sequentially("Cichanoŭskaja", delay=20)
    expect(duplicates).to_contain_text(mine.reference)
    expect(duplicates).not_to_contain_text(theirs.reference)


def test_coordinator_of_the_holding_office_is_told_and_dismisses(
    page: Page, screenshot, make_case, vera_volunteer, tomas_coordinator
):
    theirs = make_case(tomas_coordinator, full_name="Sviatlana Tsikhanouskaya", host_country="LT")
    new = make_case(vera_volunteer, full_name="Светлана Тихановская")

    log_in(page, screenshot, tomas_coordinator, "tomas")
    notices = page.get_by_role("region", name="Possible duplicates taken in elsewhere")
    expect(notices).to_contain_text(
        f"Possible duplicate of case {theirs.reference} taken in by Test Office Warsaw: "
        f"case {new.reference}"
    )
    expect(notices).not_to_contain_text("Tsikhanouskaya")
    expect(notices.get_by_role("link", name=theirs.reference)).to_have_attribute(
        "href", theirs.get_absolute_url()
    )
    notices.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_role("status")).to_have_text(
        f"The notice about case {theirs.reference} was dismissed."
    )
    expect(page.get_by_role("region", name="Possible duplicates taken in elsewhere")).to_have_count(
        0
    )
    screenshot("notice-dismissed")
