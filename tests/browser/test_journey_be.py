"""A volunteer's day in Belarusian: log in, switch the pages to Belarusian with the language
menu, take in a case with the intake form as it reads in Belarusian, and print the case's
summary in Polish for a lawyer in Poland.

Every text the test looks for is taken from the catalogues under translation.override, never
written out here, and the Belarusian ones are checked to differ from the English: the test
fails while locale/be or locale/pl lacks a translation the journey reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from django_countries.fields import Country
from playwright.sync_api import Page, expect

from casework.choices import NameKind, RiskKind, Script, Severity
from casework.forms.cases import IntakeForm
from casework.forms.people import PersonForm
from casework.models import AuditEvent
from docs_app.forms import SummaryForm
from tests.browser.steps import log_in
from tests.reading import poppler_text

pytestmark = pytest.mark.browser

PURPOSE = "Rozprawa azylowa, mec. Łukasz Nowak"


class Words:
    """The texts of the pages in one language, as its catalogue gives them."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, make) -> str:
        with translation.override(self.language):
            text = str(make())
        with translation.override("en"):
            english = str(make())
        assert text != english, f"locale/{self.language} does not translate {english!r}"
        return text

    def same(self, make) -> str:
        """A text that may read as in English: country names in Belarusian, which
        django-countries does not translate."""
        with translation.override(self.language):
            return str(make())


def label(form_class, name: str):
    return lambda: form_class.base_fields[name].label


def test_a_volunteer_works_in_belarusian_and_prints_a_summary_in_polish(
    page: Page, screenshot, vera_volunteer
):
    be, pl = Words("be"), Words("pl")
    reference = f"PL-{timezone.localdate().year}-0001"

    # Vera logs in on the login page, in her browser's English, then chooses Belarusian.
    log_in(page, screenshot, vera_volunteer, "vera")
    page.get_by_role("button", name="Language").click()
    page.get_by_role("button", name="Беларуская").click()
    expect(page.locator("html")).to_have_attribute("lang", "be")
    expect(page.get_by_role("heading", name=be(lambda: gettext("Dashboard")))).to_be_visible()
    screenshot("dashboard-be")
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.language == "be"

    # The intake form, filled in as it reads in Belarusian.
    main = page.get_by_role("navigation", name=be(lambda: gettext("Main")))
    main.get_by_role("link", name=be(lambda: gettext("New case"))).click()
    intake = be(lambda: gettext("Take in a new case"))
    expect(page.get_by_role("heading", name=intake)).to_be_visible()
    page.get_by_label(be(label(PersonForm, "full_name"))).fill("Hanna Kavalionak")
    page.get_by_label(be(label(PersonForm, "citizenship"))).select_option(
        label=be.same(lambda: Country("BY").name)
    )
    page.locator("#id_names-0-text").fill("Ганна Кавалёнак")
    page.locator("#id_names-0-script").select_option(
        label=be(lambda: Script.BELARUSIAN_CYRILLIC.label)
    )
    page.locator("#id_names-0-kind").select_option(label=be(lambda: NameKind.NATIVE.label))
    page.get_by_label(be(label(IntakeForm, "host_country"))).select_option(
        label=be.same(lambda: Country("PL").name)
    )
    page.get_by_label(be(label(IntakeForm, "summary"))).fill("Выехала ў 2021 годзе.")
    page.locator("#id_risks-0-kind").select_option(label=be(lambda: RiskKind.RED_NOTICE.label))
    page.locator("#id_risks-0-severity").select_option(label=be(lambda: Severity.HIGH.label))
    screenshot("intake-be")
    page.get_by_role("button", name=be(lambda: gettext("Open the case"))).click()

    # The case page, in Belarusian.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{reference} · Hanna Kavalionak")
    opened = be(lambda: gettext("Case %(reference)s was opened.")) % {"reference": reference}
    expect(page.get_by_role("status")).to_have_text(opened)
    expect(page.locator("#risks")).to_contain_text(be(lambda: RiskKind.RED_NOTICE.label))
    screenshot("case-be")

    # The print form: the pages' language is offered first; Vera chooses Polish.
    actions = page.get_by_role("group", name=be(lambda: gettext("Case actions")))
    actions.get_by_role("link", name=be(lambda: gettext("Print summary"))).click()
    print_form = be(lambda: gettext("Print a case summary"))
    expect(page.get_by_role("heading", name=print_form)).to_be_visible()
    language = page.get_by_label(be(label(SummaryForm, "lang")))
    expect(language).to_have_value("be")
    language.select_option(label="Polski")
    page.get_by_label(be(label(SummaryForm, "purpose"))).fill(PURPOSE)
    screenshot("print-form-be")
    with page.expect_download() as download_info:
        page.get_by_role("button", name=be(lambda: gettext("Download PDF"))).click()
    download = download_info.value
    assert download.suggested_filename == f"{reference}.pdf"

    # The summary is in Polish, what Vera typed as she typed it; the pages stay Belarusian.
    text = poppler_text(Path(download.path()).read_bytes())
    assert pl(lambda: gettext("Case summary")) in text
    assert pl(lambda: gettext("Risks")) in text
    assert pl(lambda: RiskKind.RED_NOTICE.label) in text
    assert "Ганна Кавалёнак" in text
    assert "Выехала ў 2021 годзе." in text
    assert PURPOSE in text
    assert pl(lambda: pgettext("role", "Volunteer")) in text
    assert be(lambda: gettext("Risks")) not in text
    expect(page.locator("html")).to_have_attribute("lang", "be")
    event = AuditEvent.objects.get(action="print")
    assert event.user == vera_volunteer
    assert event.detail == "language: pl; sections: none"
