"""The summary's list of files and its annex: the chosen files that may leave, appended after
the summary, each page under the summary's header and footer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework import actions
from casework.models import AuditAction, AuditEvent
from tests.factories import attach, pdf_bytes, png_bytes
from tests.reading import pdf_reader

pytestmark = pytest.mark.django_db

PURPOSE = "For the CCF, lawyer A. Nowak"


def print_pdf(client, case, **data):
    return client.post(
        reverse("docs_app:case_summary", args=[case.pk]), {"purpose": PURPOSE, **data}
    )


def page_texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in pdf_reader(content).pages]


def test_the_summary_lists_the_files(login, vera_case, vera_volunteer):
    file = attach(vera_case, vera_volunteer, title="Verdict in absentia")
    response = print_pdf(login(vera_volunteer), vera_case)
    text = " ".join(page_texts(response.content))
    assert "Verdict in absentia" in text
    assert file.sha256[:16] in text
    assert "Court decision" in text


def test_the_annex_appends_the_chosen_files_with_the_footer_on_every_page(
    login, vera_case, vera_volunteer
):
    verdict = attach(
        vera_case,
        vera_volunteer,
        title="Verdict",
        content=pdf_bytes("ANNEX-VERDICT", pages=3),
        may_leave=True,
    )
    photo = attach(
        vera_case,
        vera_volunteer,
        name="passport.png",
        title="Passport page",
        content=png_bytes((400, 600)),
        kind="passport_scan",
        may_leave=True,
    )
    client = login(vera_volunteer)
    plain = print_pdf(client, vera_case)
    summary_pages = len(pdf_reader(plain.content).pages)
    response = print_pdf(client, vera_case, annex=[verdict.pk, photo.pk])
    assert response.status_code == 200
    texts = page_texts(response.content)
    assert len(texts) == summary_pages + 3 + 1
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        # Who, for what, and page X of Y on every page, the annex's too.
        assert f"page {number} of {total}" in text
        assert PURPOSE in text
        assert "Vera" in text
    annex = texts[summary_pages:]
    for page in (1, 2, 3):
        assert f"ANNEX-VERDICT {page}" in annex[page - 1]
        assert f"page {page} of 3" in annex[page - 1]
        assert "Annex 1: Court decision" in annex[page - 1]
    assert "Annex 2: Passport scan" in annex[3]
    # The photo is on its page as an image.
    images = pdf_reader(response.content).pages[-1].images
    assert len(images) == 1
    reads = AuditEvent.objects.filter(case=vera_case, action=AuditAction.FILE_DOWNLOAD)
    assert sorted(reads.values_list("detail", flat=True)) == [
        f"CaseFile {verdict.pk} annexed",
        f"CaseFile {photo.pk} annexed",
    ]
    printed = AuditEvent.objects.get(
        case=vera_case, action=AuditAction.PRINT, detail__contains="annex"
    )
    assert f"annex: CaseFile {verdict.pk}, CaseFile {photo.pk}" in printed.detail


def test_a_file_that_may_not_leave_is_never_in_the_annex(login, vera_case, vera_volunteer):
    kept = attach(vera_case, vera_volunteer, title="Kept", content=pdf_bytes("STAYS-HOME"))
    client = login(vera_volunteer)
    form = client.get(reverse("docs_app:summary_form", args=[vera_case.pk]))
    assert form.context["form"]["annex"].is_hidden
    # A hand-made request naming it is refused, and prints nothing.
    response = print_pdf(client, vera_case, annex=[kept.pk])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action=AuditAction.PRINT).exists()
    allowed = attach(vera_case, vera_volunteer, title="Allowed", may_leave=True)
    response = print_pdf(client, vera_case, annex=[kept.pk, allowed.pk])
    assert "not one of them" in response.content.decode()
    response = print_pdf(client, vera_case, annex=[allowed.pk])
    assert "STAYS-HOME" not in " ".join(page_texts(response.content))


def test_a_file_about_relatives_needs_the_relatives_section(
    login, vera_case, vera_volunteer, olga_coordinator, lev_lawyer
):
    file = attach(
        vera_case,
        vera_volunteer,
        title="Mother's summons",
        content=pdf_bytes("RELATIVE-SUMMONS"),
        may_leave=True,
        about_relatives=True,
    )
    client = login(vera_volunteer)
    response = print_pdf(client, vera_case, annex=[file.pk])
    assert "tick “Relatives” above" in response.content.decode()
    response = print_pdf(client, vera_case, annex=[file.pk], include=["relatives"])
    assert "RELATIVE-SUMMONS" in " ".join(page_texts(response.content))
    # Legal aid without relatives is neither offered it nor given it in the list.
    actions.share_case(
        case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )
    lev = login(lev_lawyer)
    form = lev.get(reverse("docs_app:summary_form", args=[vera_case.pk])).context["form"]
    assert form["annex"].is_hidden
    text = " ".join(page_texts(print_pdf(lev, vera_case).content))
    assert "Mother" not in text
