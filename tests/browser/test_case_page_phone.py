"""The case page with every section filled, on a phone and on a desktop, in English and in
Belarusian: nothing slides sideways, every action is reachable and tall enough to tap, and
axe-core finds nothing critical or serious."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from casework import actions
from casework.seeds import load_reference_data
from tests.browser.checks import (
    NARROWEST,
    PHONE,
    assert_accessible,
    assert_actions_reachable,
    assert_fits,
)
from tests.browser.steps import log_in, log_in_as

pytestmark = pytest.mark.browser


def fill_every_section(case, by, lawyer) -> None:
    today = timezone.localdate()
    actions.add_risk(
        case=case,
        by=by,
        fields={
            "kind": "red_notice",
            "severity": "critical",
            "status": "confirmed",
            "details": "Diffusion seen by the lawyer; a very long word follows "
            "zqverylongwordwithoutanyspacesatalltotestbreaking",
            "source": "Lawyer's letter",
            "review_on": today + datetime.timedelta(days=30),
        },
    )
    actions.add_remedy(
        case=case,
        by=by,
        fields={
            "kind": "international_protection",
            "country": "PL",
            "status": "applied",
            "applied_on": today,
            "decision_due_on": today + datetime.timedelta(days=60),
            "authority": "Office for Foreigners",
            "reference_number": "DL-II-123/2026",
            "notes": "Interview held",
        },
    )
    actions.add_document(
        case=case,
        by=by,
        fields={
            "kind": "national_passport",
            "issuing_country": "BY",
            "number": "MP1234567",
            "expires_on": today + datetime.timedelta(days=90),
        },
    )
    relative = actions.add_relative(
        case=case,
        by=by,
        fields={"relationship": "sister", "name": "Łucyja Ćvirka", "location": "Žodzina"},
    )
    actions.add_pressure_event(
        case=case,
        by=by,
        relative=relative,
        fields={"occurred_on": today, "kind": "search", "details": "Flat searched"},
    )
    actions.add_note(case=case, by=by, fields={"kind": "contact", "text": "Called back."})
    actions.add_task(
        case=case, by=by, title="Ask for the court file", due_on=today + datetime.timedelta(3)
    )
    actions.share_case(case=case, by=by, user=lawyer, include_relatives=False)


def check_case_page(page: Page, screenshot, case, lang: str) -> None:
    page.goto(case.get_absolute_url())
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator("#risks")).to_be_visible()
    assert_accessible(page)
    screenshot(f"case-{lang}-desktop")
    for name, size in (("phone", PHONE), ("narrowest", NARROWEST)):
        page.set_viewport_size(size)
        assert_fits(page)
        checked = assert_actions_reachable(page)
        # Edit, History, Print, Assign, Share, Close, and Add/Edit/Remove in each section.
        assert checked >= 20, checked
        assert_accessible(page)
        screenshot(f"case-{lang}-{name}")


def test_a_full_case_page_on_a_phone_and_a_desktop(
    page: Page, screenshot, make_case, vera_volunteer, olga_coordinator, lev_lawyer
):
    load_reference_data()
    case = make_case(vera_volunteer, full_name="Hanna Kavalionak")
    fill_every_section(case, olga_coordinator, lev_lawyer)

    log_in(page, screenshot, olga_coordinator, "olga")
    check_case_page(page, screenshot, case, "en")

    # The buttons are short on screen and named in full for a screen reader.
    risks = page.locator("#risks")
    expect(
        risks.get_by_role("link", name="Edit — Risk: Interpol red notice or diffusion")
    ).to_be_visible()
    expect(
        risks.get_by_role("link", name="Remove — Risk: Interpol red notice or diffusion")
    ).to_be_visible()
    expect(
        page.locator("#relatives").get_by_role("link", name="Edit — Relative: Łucyja Ćvirka")
    ).to_be_visible()


def test_the_case_page_on_a_phone_in_belarusian(
    page: Page, screenshot, make_case, vera_volunteer, olga_coordinator, lev_lawyer
):
    load_reference_data()
    olga_coordinator.language = "be"
    olga_coordinator.save(update_fields=["language"])
    case = make_case(vera_volunteer, full_name="Ганна Кавалёнак")
    fill_every_section(case, olga_coordinator, lev_lawyer)

    log_in_as(page, olga_coordinator)
    expect(page.locator("html")).to_have_attribute("lang", "be")
    check_case_page(page, screenshot, case, "be")
