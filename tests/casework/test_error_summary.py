"""A form sent back with errors lists them above it, each linking to its field."""

from __future__ import annotations

import html
import re

from django.urls import reverse

from casework.models import Case
from tests.factories import intake_data

SUMMARY = re.compile(r'<div class="alert alert-danger error-summary".*?</div>', re.S)
LINK = re.compile(r'<a class="alert-link" href="(#[^"]+)">(.*?)</a>', re.S)
HEADING = re.compile(r'<h2 id="error-summary-title" class="h5" tabindex="-1"[^>]*>(.*?)</h2>', re.S)


def summary_of(response) -> str:
    assert response.status_code == 200
    match = SUMMARY.search(response.content.decode())
    assert match, "no error summary on the page"
    return match.group(0)


def summary_links(response) -> list[tuple[str, str]]:
    return [(href, html.unescape(text)) for href, text in LINK.findall(summary_of(response))]


def heading_of(response) -> str:
    match = HEADING.search(summary_of(response))
    assert match, "the summary's heading cannot take the focus"
    return match.group(1).strip()


def test_intake_errors_are_summarised_with_links_to_each_field(login, vera_volunteer):
    data = intake_data(
        **{"person-full_name": "", "risks-0-severity": "", "names-1-text": "Anna Kovalenko\u200b"}
    )
    response = login(vera_volunteer).post(reverse("casework:case_create"), data)

    assert response.status_code == 200
    assert Case.objects.count() == 0
    links = summary_links(response)
    hrefs = [href for href, _ in links]
    assert "#id_person-full_name" in hrefs
    assert "#id_risks-0-severity" in hrefs
    assert "#id_names-1-text" in hrefs
    # Every link leads to a field that is on the page.
    page = response.content.decode()
    for href in hrefs:
        assert f'id="{href[1:]}"' in page, href
    row = dict(links)["#id_names-1-text"]
    assert row.startswith("Row 2: ")
    assert heading_of(response) == f"There are {len(links)} things to correct before saving."


def test_a_form_shown_for_the_first_time_has_no_error_summary(login, vera_volunteer):
    response = login(vera_volunteer).get(reverse("casework:case_create"))

    assert response.status_code == 200
    assert b"error-summary" not in response.content


def test_an_item_form_with_one_error_says_so_once(login, vera_volunteer, make_case):
    case = make_case(vera_volunteer)
    url = reverse("casework:risks_new", args=[case.pk])
    data = {
        "kind": "arrest_warrant",
        "severity": "",
        "status": "confirmed",
        "identified_on": "2026-01-05",
    }
    response = login(vera_volunteer).post(url, data)

    assert response.status_code == 200
    assert [href for href, _ in summary_links(response)] == ["#id_severity"]
    assert heading_of(response) == "There is one thing to correct before saving."


def test_the_summary_escapes_what_was_typed(login, vera_volunteer):
    data = intake_data(**{"names-1-text": "<script>alert(1)</script>\u200b"})
    response = login(vera_volunteer).post(reverse("casework:case_create"), data)

    assert b"<script>alert(1)" not in response.content
