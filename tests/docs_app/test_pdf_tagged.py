"""The PDF summary is tagged PDF/UA-1 in every language it is printed in, and in the ZIP.

A screen reader walks a tagged PDF by its structure tree (headings, tables, lists) in the
document's language, and shows its title rather than the file name.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf.generic import ArrayObject, DictionaryObject

from docs_app import worker
from docs_app.models import SummaryExport
from tests.reading import pdf_reader

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf"
PURPOSE = "Asylum hearing"


def structure_roles(node, roles: set[str] | None = None) -> set[str]:
    """Every structure type (/S) under a structure tree node."""
    roles = set() if roles is None else roles
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for child in node:
            structure_roles(child, roles)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            roles.add(str(node["/S"]))
        if "/K" in node:
            structure_roles(node["/K"], roles)
    return roles


def assert_tagged(content: bytes, *, lang: str, reference: str) -> None:
    reader = pdf_reader(content)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    roles = structure_roles(root["/StructTreeRoot"])
    # The summary's h1, h2 and tables reach the structure tree as such.
    assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= roles, roles
    with translation.override(lang):
        title = gettext("Case summary %(reference)s") % {"reference": reference}
    assert reader.metadata.title == title
    # The XMP metadata says which standard the file claims.
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


@pytest.mark.parametrize("lang", settings.PDF_LANGUAGES)
def test_every_summary_language_is_tagged_with_its_language_and_title(
    login, vera_volunteer, vera_case, lang
):
    response = login(vera_volunteer).post(
        reverse("docs_app:case_summary", args=[vera_case.pk]),
        {"purpose": PURPOSE, "lang": lang},
    )
    assert response.status_code == 200
    assert_tagged(response.content, lang=lang, reference=vera_case.reference)


def test_the_summaries_in_the_zip_are_tagged(login, olga_coordinator, vera_case):
    client = login(olga_coordinator)
    client.post(
        reverse("docs_app:export_create"), {"purpose": PURPOSE, "lang": "pl", "include": []}
    )
    export = SummaryExport.objects.get()
    worker.build_summary_export(export_id=export.pk)
    response = client.post(reverse("docs_app:export_download", args=[export.pk]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        assert names == [f"{vera_case.reference}.pdf"]
        assert_tagged(archive.read(names[0]), lang=export.language, reference=vera_case.reference)


@pytest.mark.parametrize("lang", ["be", "pl"])
def test_a_tagged_summary_still_renders(login, vera_volunteer, vera_case, lang, tmp_path):
    pdf = login(vera_volunteer).post(
        reverse("docs_app:case_summary", args=[vera_case.pk]),
        {"purpose": PURPOSE, "lang": lang},
    )
    pdf_path = tmp_path / "summary.pdf"
    pdf_path.write_bytes(pdf.content)
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "install poppler-utils for pdftoppm"
    subprocess.run(  # noqa: S603 - fixed arguments, a file of our own
        [pdftoppm, "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf_path), str(tmp_path / "p")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    [png] = sorted(tmp_path.glob("p*.png"))
    # A blank A4 page at 60 dpi is about 2 KB; text and tables make it far larger.
    assert png.stat().st_size > 10_000
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(png, ARTIFACTS / f"tagged-summary-{lang}.png")
