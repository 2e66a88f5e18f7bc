"""A case's life in the browser: intake by a volunteer, a remedy, the case list's filters and
search, an edit, and a coordinator's assignment that lets a second volunteer see the case."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.steps import case_actions, log_in, log_out

pytestmark = pytest.mark.browser

RED_NOTICE = "Interpol red notice or diffusion"


def test_volunteer_takes_in_a_case_and_a_coordinator_assigns_a_second_volunteer(
    page: Page,
    screenshot,
    browser_watch,
    make_case,
    vera_volunteer,
    viktor_volunteer,
    olga_coordinator,
):
    # Vera already holds one case: the filters and the search must leave it out.
    other = make_case(
        vera_volunteer,
        full_name="Siarhei Marozau",
        risks=[{"kind": "passport_expired", "severity": "medium"}],
    )
    reference = f"PL-{timezone.localdate().year}-0002"

    # Vera takes in Hanna.
    log_in(page, screenshot, vera_volunteer, "vera")
    expect(page.get_by_role("main")).to_contain_text(other.reference)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New case").click()
    expect(page.get_by_role("heading", name="Take in a new case")).to_be_visible()
    expect(page.locator("input[name$='-text']")).to_have_count(3)
    screenshot("new-case-empty")
    page.get_by_label("Full name").fill("Hanna Kavalionak")
    page.get_by_label("Birth date").fill("1991-05-17")
    page.get_by_label("Citizenship").select_option(label="Belarus")
    page.get_by_label("Country of residence").select_option(label="Poland")
    page.get_by_label("City").fill("Białystok")
    # The full name is the first spelling: its kind is chosen beside it, not typed again.
    expect(page.locator("#id_person-name_script-detected")).to_have_text(
        "Detected from the letters: Latin."
    )
    page.get_by_label("Kind of spelling").select_option(label="Passport")
    page.locator("#id_names-0-text").fill("Ганна Кавалёнак")
    # Belarusian without і or ў looks Russian: the line under the script says so.
    expect(page.locator("#id_names-0-script-detected")).to_contain_text("Russian Cyrillic")
    page.locator("#id_names-0-script").select_option(label="Belarusian Cyrillic")
    page.locator("#id_names-0-kind").select_option(label="Native")
    # A fourth spelling needs a row added by static/js/app.js (the CSP allows only our files).
    page.get_by_role("button", name="Add a spelling").click()
    expect(page.locator("input[name$='-text']")).to_have_count(4)
    expect(page.locator("#id_names-3-text")).to_be_focused()
    # The live duplicate check runs half a second after the last name is typed: wait for its
    # answer, as a person reads it, so that it does not race the form's submission.
    with page.expect_response(lambda response: "/cases/new/duplicates/" in response.url):
        page.locator("#id_names-3-text").fill("Анна Ковалёнок")
    page.locator("#id_names-3-script").select_option(label="Russian Cyrillic")
    page.locator("#id_names-3-kind").select_option(label="Other")
    page.get_by_label("Host country").select_option(label="Poland")
    page.get_by_label("Summary").fill("Left Belarus in 2021 after the protests.")
    page.locator("#id_risks-0-kind").select_option(label=RED_NOTICE)
    page.locator("#id_risks-0-severity").select_option(label="High")
    screenshot("new-case-filled")
    page.get_by_role("button", name="Open the case").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"{reference} · Hanna Kavalionak")
    case_url = page.url
    assert re.search(r"/cases/\d+/$", case_url)
    expect(page.get_by_role("status")).to_have_text(f"Case {reference} was opened.")
    names = page.locator("#names")
    expect(names).to_contain_text("Ганна Кавалёнак · Belarusian Cyrillic · native")
    expect(names).to_contain_text("Hanna Kavalionak · Latin · passport")
    expect(names).to_contain_text("Анна Ковалёнок · Russian Cyrillic · other")
    person = page.get_by_role("region", name="Person")
    expect(person).to_contain_text("17 May 1991")
    expect(person).to_contain_text("Białystok, Poland")
    expect(page.locator("#risks tbody tr")).to_have_count(1)
    expect(page.locator("#risks tbody tr")).to_contain_text(f"High {RED_NOTICE}")
    expect(page.locator("#remedies")).to_contain_text("No remedies tracked.")
    expect(page.locator(".case-facts div", has_text="Assigned to").locator("dd")).to_have_text(
        "Vera"
    )
    screenshot("case-opened")

    # An alien's passport.
    page.locator("#remedies").get_by_role("link", name="Add").click()
    expect(page.get_by_role("heading", name="Add a remedy")).to_be_visible()
    screenshot("remedy-form")
    page.get_by_label("Kind").select_option(label="Alien's passport")
    page.get_by_label("Country").select_option(label="Poland")
    page.get_by_label("Status").select_option(label="Preparing")
    page.get_by_label("Authority").fill("Podlaski Urząd Wojewódzki")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("The remedy was added.")
    remedy = page.locator("#remedies tbody tr")
    expect(remedy).to_have_count(1)
    expect(remedy).to_contain_text("Alien's passport")
    expect(remedy).to_contain_text("Poland")
    expect(remedy).to_contain_text("Preparing")
    expect(remedy).to_contain_text("Podlaski Urząd Wojewódzki")
    screenshot("case-with-remedy")

    # The case list: a red notice, then the name typed in Cyrillic lower case.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    results = page.locator("#results")
    expect(results).to_contain_text("2 cases match.")
    screenshot("case-list")
    page.get_by_label("Risk", exact=True).select_option(label=RED_NOTICE)
    expect(page).to_have_url(re.compile(r"[?&]risk=red_notice"))
    expect(results).to_contain_text("1 case matches.")
    expect(results.get_by_role("link", name=reference)).to_be_visible()
    expect(results).not_to_contain_text("Siarhei Marozau")
    screenshot("case-list-red-notice")
    page.get_by_role("link", name="Clear filters").click()
    expect(results).to_contain_text("2 cases match.")
    page.get_by_label("Name or reference").fill("ганна")
    page.get_by_label("Name or reference").press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=%D0%B3%D0%B0%D0%BD%D0%BD%D0%B0"))
    expect(results).to_contain_text("1 case matches.")
    expect(results).to_contain_text("Hanna Kavalionak")
    expect(results).not_to_contain_text("Siarhei Marozau")
    screenshot("case-list-search-cyrillic")

    # An edit of the summary keeps the rest of the case.
    results.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{reference} · Hanna Kavalionak")
    case_actions(page).get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name=f"Edit case {reference}")).to_be_visible()
    expect(page.get_by_label("Summary")).to_have_value("Left Belarus in 2021 after the protests.")
    screenshot("edit-case")
    page.get_by_label("Summary").fill("Red notice confirmed; alien's passport being prepared.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("The case was saved.")
    expect(page.get_by_role("region", name="Summary")).to_contain_text(
        "Red notice confirmed; alien's passport being prepared."
    )
    expect(page.get_by_role("main")).not_to_contain_text("after the protests")
    expect(names).to_contain_text("Ганна Кавалёнак · Belarusian Cyrillic · native")
    expect(names).to_contain_text("Hanna Kavalionak · Latin · passport")
    expect(page.locator("#remedies")).to_contain_text("Alien's passport")
    screenshot("case-edited")
    log_out(page, screenshot, "vera")

    # Viktor works in the same office but is not assigned: for him the case does not exist.
    log_in(page, screenshot, viktor_volunteer, "viktor")
    browser_watch.expect_status(case_url, 404)
    response = page.goto(case_url)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Kavalionak")
    screenshot("viktor-case-not-found")
    page.goto("/cases/")
    expect(page.locator("#results")).to_contain_text("0 cases match.")
    screenshot("viktor-case-list-empty")
    log_out(page, screenshot, "viktor")

    # Olga, the office's coordinator, assigns Viktor.
    log_in(page, screenshot, olga_coordinator, "olga")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    page.locator("#results").get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{reference} · Hanna Kavalionak")
    screenshot("olga-case")
    case_actions(page).get_by_role("link", name="Assign").click()
    expect(page.get_by_role("heading", name="Assign volunteers")).to_be_visible()
    expect(page.get_by_label("Vera")).to_be_checked()
    expect(page.get_by_label("Viktor")).not_to_be_checked()
    screenshot("assign")
    page.get_by_label("Viktor").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("The assignment was saved.")
    assigned = page.locator(".case-facts div", has_text="Assigned to")
    expect(assigned).to_contain_text("Vera")
    expect(assigned).to_contain_text("Viktor")
    screenshot("olga-case-assigned")
    log_out(page, screenshot, "olga")

    # Now Viktor finds the case among his own and opens it.
    log_in(page, screenshot, viktor_volunteer, "viktor")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    expect(page.locator("#results")).to_contain_text("1 case matches.")
    screenshot("viktor-case-list")
    page.locator("#results").get_by_role("link", name=reference).click()
    expect(page).to_have_url(case_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{reference} · Hanna Kavalionak")
    expect(names).to_contain_text("Ганна Кавалёнак")
    expect(page.get_by_role("region", name="Summary")).to_contain_text(
        "Red notice confirmed; alien's passport being prepared."
    )
    expect(case_actions(page).get_by_role("link", name="Edit")).to_be_visible()
    expect(case_actions(page).get_by_role("link", name="Assign")).to_have_count(0)
    screenshot("viktor-case")
