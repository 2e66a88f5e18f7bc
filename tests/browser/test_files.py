"""The document vault in the browser: files added to a case from the files page (several at
once, through htmx with its progress bar), listed with their thumbnails on the case page,
previewed and downloaded; a refused file says why beside the field; the pages fit a phone and
read in Belarusian and Polish."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from casework.models import CaseFile, User
from tests.browser.checks import PHONE, assert_phone_ready
from tests.browser.steps import log_in, log_in_as
from tests.factories import attach, pdf_bytes, png_bytes

pytestmark = pytest.mark.browser


def write(tmp_path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def thumbnails_loaded(page: Page) -> int:
    return page.evaluate(
        """() => [...document.querySelectorAll(".file-thumb img")]
                .filter((img) => img.complete && img.naturalWidth > 0).length"""
    )


def test_files_are_added_listed_previewed_and_downloaded(
    page: Page, screenshot, vera_volunteer, vera_case, tmp_path
):
    log_in(page, screenshot, vera_volunteer, "files")
    page.goto(vera_case.get_absolute_url())
    page.locator("#files").get_by_role("link", name="Add files").click()
    expect(page.get_by_role("heading", name="Files", exact=True)).to_be_visible()
    screenshot("files-empty")

    # A web page named as a PDF is refused beside the field; what was typed stays.
    page.locator("#id_file").set_input_files(
        write(tmp_path, "scan.pdf", b"<!doctype html><html><body>Not a scan</body></html>")
    )
    page.get_by_label("Title").fill("Verdict in absentia")
    page.get_by_role("button", name="Add files").click()
    expect(page.locator("#id_file_error")).to_contain_text("This file is a web page")
    expect(page.get_by_label("Title")).to_have_value("Verdict in absentia")
    screenshot("files-refused")
    assert CaseFile.objects.count() == 0

    page.locator("#id_file").set_input_files(
        [
            write(tmp_path, "verdict.pdf", pdf_bytes("Verdict in absentia", pages=2)),
            write(tmp_path, "summons.png", png_bytes((300, 420), "maroon")),
        ]
    )
    page.get_by_label("Kind").select_option(label="Court decision")
    page.get_by_label("May leave the system").check()
    # The camera is offered for a phone, as an input of its own that sends with the rest.
    expect(page.locator("#id_camera")).to_have_attribute("capture", "environment")
    with page.expect_response(lambda r: r.url.endswith("/files/") and r.request.method == "POST"):
        page.get_by_role("button", name="Add files").click()
    expect(page.get_by_text("2 files were added.")).to_be_visible()
    expect(page.locator(".file-item")).to_have_count(2)
    expect(
        page.get_by_role("link", name="Verdict in absentia (1 of 2)", exact=True)
    ).to_be_visible()
    page.wait_for_function("document.querySelectorAll('.file-thumb img').length === 2")
    page.wait_for_load_state("networkidle")
    assert thumbnails_loaded(page) == 2
    screenshot("files-added")

    page.goto(vera_case.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert thumbnails_loaded(page) == 2
    expect(page.locator("#files")).to_contain_text("PDF, 2 pages")
    screenshot("case-page-files")

    page.get_by_role("link", name="Verdict in absentia (1 of 2)", exact=True).first.click()
    expect(page.get_by_role("heading", name="Verdict in absentia (1 of 2)")).to_be_visible()
    preview = page.get_by_role("img", name="First page of “Verdict in absentia (1 of 2)”")
    expect(preview).to_be_visible()
    assert preview.evaluate("(img) => img.naturalWidth") > 500
    screenshot("file-preview")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.startswith(vera_case.reference)
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("language", ["en", "be", "pl"])
def test_the_files_pages_fit_a_phone(page: Page, screenshot, vera_volunteer, vera_case, language):
    User.objects.filter(pk=vera_volunteer.pk).update(language=language)
    file = attach(vera_case, vera_volunteer, title="Рашэнне суда", may_leave=True)
    attach(
        vera_case,
        vera_volunteer,
        name="passport.png",
        content=png_bytes((420, 300)),
        title="Passport, page 2",
        kind="passport_scan",
    )
    log_in_as(page, vera_volunteer)
    page.set_viewport_size(PHONE)
    for name, url in [
        ("case-page", vera_case.get_absolute_url()),
        ("files", reverse("casework:case_files", args=[vera_case.pk])),
        ("preview", reverse("casework:case_file_preview", args=[vera_case.pk, file.pk])),
        ("details", reverse("casework:case_file_edit", args=[vera_case.pk, file.pk])),
        ("replace", reverse("casework:case_file_replace", args=[vera_case.pk, file.pk])),
        ("remove", reverse("casework:case_file_remove", args=[vera_case.pk, file.pk])),
        ("print", reverse("docs_app:summary_form", args=[vera_case.pk])),
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert assert_phone_ready(page) > 0, name
        screenshot(f"{name}-{language}-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reverse("casework:case_files", args=[vera_case.pk]))
    page.wait_for_load_state("networkidle")
    screenshot(f"files-{language}-1280")
