"""Intake on a phone: the full name is the first spelling, the script its letters are taken for
is said under it as it is typed, a possible duplicate is counted aloud, and a form sent back
puts the focus on the summary of what to correct, whose links lead to each field."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.checks import NARROWEST, PHONE, assert_fits, assert_phone_ready
from tests.browser.steps import log_in

pytestmark = pytest.mark.browser


def test_intake_on_a_phone(page: Page, screenshot, vera_volunteer):
    factories.take_in(vera_volunteer, full_name="Алесь Ціхановіч", birth_date="1990-03-01")
    page.set_viewport_size(PHONE)
    log_in(page, screenshot, vera_volunteer, "intake")
    page.goto(reverse("casework:case_create"))
    expect(page.get_by_role("heading", name="Take in a new case")).to_be_visible()
    # The office's country is already chosen; the full name's kind is Native.
    expect(page.get_by_label("Host country")).to_have_value("PL")
    expect(page.locator("#id_person-name_kind")).to_have_value("native")
    assert_phone_ready(page)
    screenshot("intake-390")

    # The script is said as the name is typed, and no longer once one is chosen.
    detected = page.locator("#id_person-name_script-detected")
    with page.expect_response(lambda response: "/cases/new/duplicates/" in response.url):
        page.get_by_label("Full name").fill("Алесь Ціхановіч")
    expect(detected).to_have_text("Detected from the letters: Belarusian Cyrillic (і or ў).")
    # The live check found the case: the count is in the status a screen reader reads.
    expect(page.locator("#duplicate-status")).to_have_text(
        '1 case may be the same person: see "Possible duplicates" below the name.'
    )
    expect(page.locator(".possible-duplicate")).to_have_count(1)
    page.locator("#id_names-0-text").fill("Ales Tsikhanovich")
    expect(page.locator("#id_names-0-script-detected")).to_have_text(
        "Detected from the letters: Latin."
    )
    page.locator("#id_names-0-script").select_option(label="Latin")
    expect(page.locator("#id_names-0-script-detected")).to_have_text("")
    # What "Script" and "Kind" mean, on demand.
    page.get_by_text("What “Script” and “Kind” mean").click()
    expect(page.locator("#name-kind-help")).to_be_visible()
    assert_phone_ready(page)
    screenshot("intake-typed-390")

    # Sent back: the focus is on the summary, whose link leads to the field.
    page.get_by_label("Host country").select_option("")
    page.get_by_role("button", name="Open the case").click()
    summary = page.get_by_role("heading", name="There is one thing to correct before saving.")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Full name")).to_have_value("Алесь Ціхановіч")
    expect(page.locator("#id_names-0-text")).to_have_value("Ales Tsikhanovich")
    assert_phone_ready(page)
    screenshot("intake-sent-back-390")
    page.locator(".error-summary").get_by_role("link").click()
    expect(page.get_by_label("Host country")).to_be_focused()

    page.set_viewport_size(NARROWEST)
    assert_fits(page)
    screenshot("intake-sent-back-360")
