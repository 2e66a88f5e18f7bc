"""Issue 6 in the browser: a volunteer sees a passport that expires in 20 days on the
dashboard, opens the case, and starts tracking the alien's passport the remedy guide suggests.

The page fixture fails the test on any console error, Content-Security-Policy violation or
request to another origin: the guide's source links must not load anything."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from casework import actions
from casework.models import RemedyOption
from casework.seeds import load_reference_data
from tests.browser.steps import log_in
from tests.reading import shown

pytestmark = pytest.mark.browser


def test_volunteer_tracks_the_suggested_alien_passport_of_an_expiring_passport(
    page: Page, screenshot, make_case, vera_volunteer
):
    load_reference_data()
    option = RemedyOption.objects.get(country="PL", kind="alien_passport")
    case = make_case(vera_volunteer, full_name="Siarhei Marozau", host_country="PL")
    expires_on = timezone.localdate() + datetime.timedelta(days=20)
    # A Belarusian passport: it cannot be renewed at a consulate since September 2023.
    actions.add_document(
        case=case,
        by=vera_volunteer,
        fields={
            "kind": "national_passport",
            "issuing_country": "BY",
            "expires_on": expires_on,
            "renewable_abroad": False,
        },
    )

    # The dashboard: the passport among the deadlines of the next 30 days.
    log_in(page, screenshot, vera_volunteer, "vera")
    deadlines = page.get_by_role("region", name="Deadlines")
    item = deadlines.get_by_role("listitem").filter(has_text=case.reference)
    expect(item).to_have_count(1)
    expect(item).to_contain_text("National passport expires")
    expect(item).to_contain_text(shown(expires_on))
    expect(item.locator("time")).to_have_attribute("datetime", expires_on.isoformat())
    # The dashboard names the person beside the reference (the feed and e-mails never do).
    expect(item).to_contain_text("Siarhei Marozau")
    screenshot("dashboard-deadline")

    # The case page: the guide suggests Poland's travel document for foreigners.
    item.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{case.reference} · Siarhei Marozau")
    guide = page.get_by_role("region", name="Remedy guide")
    card = guide.get_by_role("article", name=option.title)
    expect(card).to_be_visible()
    reason = f"Suggested for: national passport expires on {shown(expires_on)}"
    expect(card).to_contain_text(reason)
    expect(card).to_contain_text(option.eligibility[:50])
    # One line per suggestion: its details open on demand.
    card.get_by_text("Details", exact=True).click()
    expect(card.get_by_role("listitem")).to_have_count(len(option.documents_needed.splitlines()))
    source = card.get_by_role("link", name="bip.lubuskie.uw.gov.pl")
    expect(source).to_have_attribute("href", option.source_url)
    expect(source).to_have_attribute("rel", "noopener noreferrer")
    expect(card).to_contain_text(f"checked on {shown(option.checked_on)}")
    # Only Polish options: not Lithuania's foreigner's passport.
    expect(guide).not_to_contain_text("užsieniečio pasas")
    expect(page.locator("#remedies")).to_contain_text("No remedies tracked.")
    screenshot("case-remedy-guide")

    card.get_by_role("button", name="Start tracking").click()

    expect(page).to_have_url(re.compile(rf"{case.get_absolute_url()}#remedies$"))
    expect(page.get_by_role("status")).to_have_text("Alien's passport is now tracked on this case.")
    remedies = page.locator("#remedies tbody tr")
    expect(remedies).to_have_count(1)
    expect(remedies).to_contain_text("Alien's passport")
    expect(remedies).to_contain_text("Poland")
    expect(remedies).to_contain_text("Considering")
    expect(remedies).to_contain_text(option.title)
    expect(card).to_contain_text("Tracked: Considering")
    expect(card.get_by_role("button", name="Start tracking")).to_have_count(0)
    screenshot("case-remedy-tracked")
    assert case.remedies.count() == 1
