"""Printing in the browser: legal aid downloads a case summary, a coordinator the ZIP of a page."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from casework import actions
from tests.browser.steps import case_actions, log_in, log_out, screenshot_dir
from tests.factories import take_in
from tests.reading import pdf_text

pytestmark = pytest.mark.browser


def save_first_page(pdf: bytes, directory: Path, name: str) -> Path:
    """The PDF's first page as PNG beside the screenshots, for a person to look at."""
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - poppler's pdftoppm on a file this test wrote
        [
            "/usr/bin/pdftoppm",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-singlefile",
            source,
            directory / name,
        ],
        check=True,
    )
    return directory / f"{name}.png"


def test_legal_aid_prints_a_summary_without_the_relatives_not_shared(
    request, page: Page, screenshot, vera_volunteer, olga_coordinator, lev_lawyer
):
    case = take_in(
        vera_volunteer,
        full_name="Hanna Kavalionak",
        names=[{"text": "Ганна Кавалёнак", "script": "be-Cyrl", "kind": "native"}],
        risks=[{"kind": "red_notice", "severity": "high", "status": "confirmed"}],
    )
    actions.add_note(
        case=case,
        by=vera_volunteer,
        fields={"kind": "legal", "text": "Hearing at the Voivodeship office on Monday."},
    )
    actions.add_relative(
        case=case,
        by=vera_volunteer,
        fields={"relationship": "brother", "name": "Ihar Kavalionak", "location": "Homiel"},
    )
    actions.share_case(case=case, by=olga_coordinator, user=lev_lawyer, include_relatives=False)

    log_in(page, screenshot, lev_lawyer, "lev")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    page.locator("#results").get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    screenshot("case")
    case_actions(page).get_by_role("link", name="Print summary").click()
    expect(page.get_by_role("heading", name="Print a case summary")).to_be_visible()
    expect(page.get_by_label("Notes")).not_to_be_checked()
    expect(page.get_by_label("Contact details")).not_to_be_checked()
    expect(page.get_by_label("Relatives")).to_have_count(0)  # not his to see
    screenshot("summary-form")

    # No purpose: the form says what is missing and keeps the choice made.
    page.get_by_label("Notes").check()
    page.get_by_role("button", name="Download PDF").click()
    message = "Say what the summary is for and who will receive it."
    # Beside the field, and as a link to it in the summary above the form.
    expect(page.get_by_text(message, exact=True)).to_be_visible()
    expect(page.locator(".error-summary").get_by_role("link", name=message)).to_have_attribute(
        "href", "#id_purpose"
    )
    expect(page.get_by_label("Notes")).to_be_checked()
    screenshot("summary-form-error")

    page.get_by_label("Purpose and recipient").fill("Asylum hearing, lawyer Łukasz Nowak")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{case.reference}.pdf"
    pdf = Path(download.path()).read_bytes()
    text = pdf_text(pdf)
    assert "Ганна Кавалёнак" in text
    assert "Hearing at the Voivodeship office on Monday." in text
    assert "Asylum hearing, lawyer Łukasz Nowak" in text
    assert "Ihar Kavalionak" not in text
    png = save_first_page(pdf, screenshot_dir(request.node), "summary-page-1")
    assert png.stat().st_size > 10_000
    log_out(page, screenshot, "lev")


def test_coordinator_downloads_the_summaries_of_a_page_as_zip(
    request, page: Page, screenshot, vera_volunteer, olga_coordinator
):
    open_cases = [take_in(vera_volunteer, full_name=name) for name in ("Ales Bialou", "Maryia Lis")]
    for case in open_cases:
        actions.set_case_status(case=case, by=olga_coordinator, status="open")
    intake = take_in(vera_volunteer, full_name="Pavel Intake")

    log_in(page, screenshot, olga_coordinator, "olga")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    page.get_by_label("Status", exact=True).select_option(label="Open")
    results = page.locator("#results")
    expect(results).to_contain_text("2 cases match.")
    screenshot("list-open")
    results.get_by_role("link", name="Summaries of this page (ZIP)").click()
    expect(page.get_by_role("heading", name="Download the summaries of this page")).to_be_visible()
    expect(page.locator("#export-cases")).not_to_contain_text(intake.reference)
    for case in open_cases:
        expect(page.locator("#export-cases")).to_contain_text(case.reference)
    screenshot("export-form")
    page.get_by_label("Purpose and recipient").fill("Quarterly review with the lawyer")
    page.get_by_role("button", name="Make the ZIP").click()
    expect(page.get_by_role("heading", name="Case summaries as ZIP")).to_be_visible()
    expect(page.locator("#export-progress")).to_contain_text("0 of 2 summaries made.")
    screenshot("export-queued")

    # The worker that `make run` starts beside the server; the page polls until it is done.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    expect(page.locator("#export-progress")).to_contain_text("2 of 2 summaries made.")
    expect(page.get_by_role("button", name="Download the ZIP")).to_be_visible()
    screenshot("export-ready")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the ZIP").click()
    download = download_info.value
    assert re.fullmatch(r"case-summaries-\d{4}-\d\d-\d\d-\d{4}\.zip", download.suggested_filename)
    with zipfile.ZipFile(Path(download.path())) as archive:
        assert sorted(archive.namelist()) == sorted(f"{c.reference}.pdf" for c in open_cases)
        first = archive.read(f"{open_cases[0].reference}.pdf")
    assert "Quarterly review with the lawyer" in pdf_text(first)
    save_first_page(first, screenshot_dir(request.node), "zip-summary-page-1")

    page.reload()
    expect(page.locator("#export-progress")).to_contain_text(
        "Downloaded. The ZIP has been deleted from the server."
    )
    screenshot("export-downloaded")

    # The office's audit log shows who printed and who took the summaries out.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    log = page.get_by_role("main")
    for case in open_cases:
        expect(log).to_contain_text(case.reference)
    expect(log).to_contain_text("Export")
    expect(log).to_contain_text("Print")
    screenshot("audit-log")
