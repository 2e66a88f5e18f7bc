"""What a printed case summary holds, what it leaves out, and how it looks (issue 3).

The case below has a made-up marker in every field of every section, so each test can say
exactly which section's data is in the PDF and which is nowhere in it.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from fontTools.ttLib import TTFont

from casework import actions
from casework.models import (
    AuditEvent,
    RiskKind,
)
from tests.factories import SEVERITIES, attach, fill_case
from tests.reading import all_pdf_bytes, pdf_reader, pdf_text

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf"
PURPOSE = "Asylum hearing"

# Fictional spellings of one fictional person: Belarusian Cyrillic with Ў and І, Russian
# Cyrillic, Łacinka with Ł Ś Ć Ž Š Č Ŭ, and the ASCII passport spelling.
NAMES = {
    "be-Cyrl": "Ўлада Ігнатаўна Сцяжыцкая",
    "ru-Cyrl": "Влада Игнатовна Стежицкая",
    "Latn": "Ŭłada Ihnataŭna Ściažyckaja",
    "Latn alias": "Łada Ćvirka-Ščaŭ Žuk Čabatar",
    "passport": "Vlada Sciazhytskaya",
}

# What each section shows of the case below; one list per section of the summary.
SENTINELS = {
    "person": [*NAMES.values(), "zqlang11"],
    "case": ["zqsummary21", "Уцёкла ў Літву"],
    "risks": ["zqriskdet31", "Вышук праз Інтэрпол", "zqrisksrc32"],
    "remedies": ["zqremauth41", "zqremref42", "zqremnote43"],
    "documents": ["zqdoc51"],
    "contacts": ["Ščučyn", "zqcontact62"],
    "notes": ["zqnote71", "Сустрэча ў Ашмянах"],
    "relatives": ["Łucyja Ćvirka", "zqloc81", "zqrelnote82", "zqpress83", "Вобшук у кватэры"],
}
ALWAYS = ["person", "case", "risks", "remedies", "documents"]
OPTIONAL = ["contacts", "notes", "relatives"]


def post_summary(client, case, *, include=(), purpose=PURPOSE):
    """What the print form sends: a PDF is made only from its POST."""
    url = reverse("docs_app:case_summary", args=[case.pk])
    return client.post(url, {"include": list(include), "purpose": purpose})


def squeezed(text: str) -> str:
    """Text with every run of whitespace as one space: a line break is no difference here."""
    return " ".join(text.split())


def encodings(text: str) -> list[bytes]:
    """The ways a string could be stored in a PDF: UTF-8 (and so ASCII) and UTF-16-BE."""
    return [text.encode("utf-8"), text.encode("utf-16-be")]


def page_texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in pdf_reader(content).pages]


def outline_titles(outline) -> list[str]:
    """The titles of every bookmark, nested ones too."""
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles += outline_titles(item)
        else:
            titles.append(str(item.title))
    return titles


def page_fonts(reader) -> set[tuple[str, str]]:
    """(BaseFont, name of the embedded font program) of every font any page uses."""
    fonts = set()

    def walk(resources):
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            program = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            postscript_name = TTFont(io.BytesIO(program))["name"].getDebugName(6)
            fonts.add((str(font["/BaseFont"]), postscript_name))
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                walk(xobject["/Resources"].get_object())

    for page in reader.pages:
        walk(page["/Resources"].get_object())
    return fonts


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR"
    return struct.unpack(">II", header[16:24])


@pytest.fixture
def full_case(vera_volunteer):
    """A case of vera's with something in every field of every section."""
    today = timezone.localdate()
    case = actions.take_in_case(
        by=vera_volunteer,
        person={
            "full_name": NAMES["be-Cyrl"],
            "citizenship": "BY",
            "birth_date": datetime.date(1990, 4, 2),
            "residence_country": "PL",
            "languages": "Belarusian, Polish zqlang11",
            "city": "Ščučyn",
            "contact": "Signal zqcontact62",
        },
        names=[
            {"text": NAMES["be-Cyrl"], "script": "be-Cyrl", "kind": "native"},
            {"text": NAMES["ru-Cyrl"], "script": "ru-Cyrl", "kind": "other"},
            {"text": NAMES["Latn"], "script": "Latn", "kind": "other"},
            {"text": NAMES["Latn alias"], "script": "Latn", "kind": "other"},
            {"text": NAMES["passport"], "script": "Latn", "kind": "passport"},
        ],
        host_country="PL",
        summary="Уцёкла ў Літву, then Poland. zqsummary21",
        consent_recorded_on=today,
    )
    by = vera_volunteer
    actions.add_risk(
        case=case,
        by=by,
        fields={
            "kind": "red_notice",
            "severity": "critical",
            "status": "confirmed",
            "details": "Вышук праз Інтэрпол zqriskdet31",
            "source": "zqrisksrc32 lawyer's letter",
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
            "authority": "Office for Foreigners zqremauth41",
            "reference_number": "zqremref42",
            "notes": "Interview held zqremnote43",
        },
    )
    actions.add_document(
        case=case,
        by=by,
        fields={
            "kind": "national_passport",
            "issuing_country": "BY",
            "number": "zqdoc51",
            "expires_on": today + datetime.timedelta(days=90),
        },
    )
    actions.add_note(
        case=case,
        by=by,
        fields={"kind": "contact", "text": "Сустрэча ў Ашмянах, called back zqnote71"},
    )
    relative = actions.add_relative(
        case=case,
        by=by,
        fields={
            "relationship": "sister",
            "name": "Łucyja Ćvirka",
            "location": "Žodzina zqloc81",
            "notes": "Summoned twice zqrelnote82",
        },
    )
    actions.add_pressure_event(
        case=case,
        by=by,
        relative=relative,
        fields={
            "occurred_on": today - datetime.timedelta(days=10),
            "kind": "search",
            "details": "Вобшук у кватэры zqpress83",
        },
    )
    return case


@pytest.fixture
def full_pdf(login, vera_volunteer, full_case) -> bytes:
    """vera's print of the full case with every optional section."""
    response = post_summary(login(vera_volunteer), full_case, include=OPTIONAL)
    assert response.status_code == 200
    return response.content


def fill(case, by, *, rows: int, details: bool = True) -> None:
    """`rows` records of every kind on case, risks of every kind among them."""
    kinds = list(RiskKind)

    def risk(i: int) -> dict:
        # Three lines, so that a page break falls inside some row if rows may split.
        lines = f"Seen near home zqr{i:02d}d\nBy a neighbour\nzqr{i:02d}e"
        return {
            "kind": kinds[i % len(kinds)],
            "severity": SEVERITIES[i % 4],
            "details": lines if details else "",
            "source": f"zqr{i:02d}s" if details else "",
        }

    def note(i: int) -> dict:
        return {"kind": "action", "text": f"Note {i}"}

    fill_case(case, by, rows=rows, risk=risk, note=note)


# What is in it


def test_every_field_of_every_section_is_printed_as_real_text(full_pdf):
    text = pdf_text(full_pdf)
    flat = squeezed(text)
    for section, sentinels in SENTINELS.items():
        for sentinel in sentinels:
            assert sentinel in flat, f"{section}: {sentinel!r} missing"
    # Each spelling comes out letter for letter: real text in a font that has every glyph.
    for name in NAMES.values():
        assert name in text
    assert "sister: Łucyja Ćvirka" in flat


@pytest.mark.parametrize("left_out", OPTIONAL)
def test_a_section_left_out_leaves_no_trace_in_the_pdf(login, vera_volunteer, full_case, left_out):
    included = [name for name in OPTIONAL if name != left_out]
    response = post_summary(login(vera_volunteer), full_case, include=included)
    assert response.status_code == 200
    flat = squeezed(pdf_text(response.content))
    everything = all_pdf_bytes(response.content)

    for sentinel in SENTINELS[left_out]:
        assert sentinel not in flat
        for encoded in encodings(sentinel):
            assert encoded not in everything, f"{sentinel!r} is in the PDF's bytes"
    for section in [*ALWAYS, *included]:
        for sentinel in SENTINELS[section]:
            assert sentinel in flat, f"{section}: {sentinel!r} missing"
    # The bookmarks list the sections printed, and the byte search does see them.
    headings = {"contacts": "Contact details", "notes": "Notes", "relatives": "Relatives"}
    titles = outline_titles(pdf_reader(response.content).outline)
    assert headings[left_out] not in titles
    for section in included:
        assert headings[section] in titles
        assert headings[section].encode("utf-16-be") in everything


def test_legal_aid_without_relatives_gets_the_summary_without_them(
    login, olga_coordinator, lev_lawyer, full_case
):
    actions.share_case(
        case=full_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )
    client = login(lev_lawyer)

    response = post_summary(client, full_case, include=["relatives", "notes"])

    assert response.status_code == 200
    flat = squeezed(pdf_text(response.content))
    everything = all_pdf_bytes(response.content)
    for sentinel in SENTINELS["notes"]:
        assert sentinel in flat
    for sentinel in SENTINELS["relatives"]:
        assert sentinel not in flat
        assert not any(encoded in everything for encoded in encodings(sentinel))
    event = AuditEvent.objects.filter(action="print").get()
    assert event.user == lev_lawyer
    assert event.detail == "language: en; sections: notes"
    assert event.purpose == PURPOSE


def test_legal_aid_with_relatives_shared_gets_them(login, olga_coordinator, lev_lawyer, full_case):
    actions.share_case(case=full_case, by=olga_coordinator, user=lev_lawyer, include_relatives=True)

    response = post_summary(login(lev_lawyer), full_case, include=["relatives"])

    assert response.status_code == 200
    flat = squeezed(pdf_text(response.content))
    for sentinel in SENTINELS["relatives"]:
        assert sentinel in flat
    for sentinel in SENTINELS["notes"]:
        assert sentinel not in flat
    event = AuditEvent.objects.filter(action="print").get()
    assert event.detail == "language: en; sections: relatives"
    assert event.purpose == PURPOSE


# What is around it: metadata, fonts, pages


def test_metadata_and_bookmarks_name_the_case_never_the_person(full_case, full_pdf):
    reader = pdf_reader(full_pdf)
    metadata = reader.metadata
    assert full_case.reference in metadata.title
    assert metadata.title == f"Case summary {full_case.reference}"
    assert metadata.subject == "Confidential case summary"
    assert metadata.get("/Keywords") == full_case.reference
    titles = outline_titles(reader.outline)
    assert "Risks" in titles and "Relatives" in titles  # the outline is there to be checked

    spellings = [*NAMES.values(), *SENTINELS["relatives"][:1]]
    words = {word for name in spellings for word in re.split(r"[\s-]+", name)}
    for value in [*map(str, metadata.values()), *titles]:
        for word in words:
            assert word not in value, f"{word!r} in metadata or bookmark {value!r}"
    # Neither in the file as stored, nor in any string of it (bookmarks, links, metadata):
    # the name is only ever drawn on the page.
    everything = all_pdf_bytes(full_pdf)
    for name in spellings:
        for encoded in encodings(name):
            assert encoded not in full_pdf
            assert encoded not in everything


def test_only_subsets_of_noto_sans_are_embedded(full_pdf):
    fonts = page_fonts(pdf_reader(full_pdf))

    assert fonts
    for base_font, postscript_name in fonts:
        # A font Pango fell back to for a missing glyph would show up under its own name.
        assert re.fullmatch(r"/[A-Z]{6}\+Summary-Sans(-Bold|-Italic)?", base_font), base_font
        assert postscript_name in {"NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic"}
    assert {"NotoSans-Regular", "NotoSans-Bold"} <= {name for _, name in fonts}


@pytest.fixture
def large_case(vera_volunteer):
    """60 risks with details and 80 notes: several pages."""
    case = actions.take_in_case(
        by=vera_volunteer,
        person={"full_name": "Hanna Zmitrokova", "citizenship": "BY"},
        names=[],
        host_country="PL",
        summary="Fictional large case.",
    )
    fill(case, vera_volunteer, rows=60)
    for i in range(60, 80):
        actions.add_note(
            case=case, by=vera_volunteer, fields={"kind": "other", "text": f"Note {i}"}
        )
    return case


@pytest.fixture
def large_pdf(login, vera_volunteer, large_case) -> bytes:
    response = post_summary(login(vera_volunteer), large_case, include=["notes"])
    assert response.status_code == 200
    return response.content


def test_every_page_has_the_header_and_the_footer(large_case, large_pdf):
    pages = page_texts(large_pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        flat = squeezed(text)
        assert "Test Office Warsaw" in flat
        assert "CONFIDENTIAL" in flat
        assert large_case.reference in flat
        assert re.search(
            # The time in the zone of Vera's office, named.
            r"Generated by Vera \(Volunteer\), \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d CES?T\. "
            rf"Purpose: {PURPOSE}",
            flat,
        ), flat[-200:]
        assert re.findall(r"page (\d+) of (\d+)", flat) == [(str(number), str(len(pages)))]


def test_a_long_risk_table_repeats_its_header_and_never_splits_a_row(large_pdf):
    pages = [squeezed(text) for text in page_texts(large_pdf)]
    risk_pages = [text for text in pages if re.search(r"zqr\d\dd", text)]
    assert len(risk_pages) >= 2
    for text in risk_pages:
        assert "Severity Risk Dates" in text

    kinds = list(RiskKind)
    for i in range(60):
        with_details = [n for n, text in enumerate(pages) if f"zqr{i:02d}d" in text]
        assert len(with_details) == 1, f"risk {i} on pages {with_details}"
        for rest in [f"zqr{i:02d}e", f"Source: zqr{i:02d}s"]:
            with_rest = [n for n, text in enumerate(pages) if rest in text]
            assert with_rest == with_details, f"risk {i} split across pages"
        label = str(kinds[i % len(kinds)].label)
        assert f"{label} Seen near home zqr{i:02d}d" in pages[with_details[0]]

    text = squeezed("\n".join(pages))
    for i in range(80):
        assert f"Note {i} " in text + " "


# Who printed it


def test_each_print_is_audited_once_with_its_sections_and_purpose(login, vera_volunteer, full_case):
    client = login(vera_volunteer)

    post_summary(client, full_case, include=["notes", "contacts"], purpose="For lawyer Nowak")
    events = list(AuditEvent.objects.filter(action="print"))
    assert len(events) == 1
    assert (events[0].user, events[0].case) == (vera_volunteer, full_case)
    # In printing order, whatever order the URL asked in.
    assert events[0].detail == "language: en; sections: contacts, notes"
    assert events[0].purpose == "For lawyer Nowak"

    post_summary(client, full_case, purpose="Internal review")
    events = list(AuditEvent.objects.filter(action="print").order_by("pk"))
    assert len(events) == 2
    assert events[1].detail == "language: en; sections: none"
    assert events[1].purpose == "Internal review"

    words = {word for name in NAMES.values() for word in name.split()}
    for event in AuditEvent.objects.all():
        assert not any(word in event.detail for word in words), event.detail


# The response


def test_the_response_is_an_a4_pdf_download_that_is_not_cached(login, vera_volunteer, full_case):
    response = post_summary(login(vera_volunteer), full_case, include=OPTIONAL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (f'attachment; filename="{full_case.reference}.pdf"')
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    for page in pdf_reader(response.content).pages:
        assert abs(float(page.mediabox.width) - 595) <= 1
        assert abs(float(page.mediabox.height) - 842) <= 1


# Cost


# Measured: 15 for 3 records of every kind (session, user, case, one per kind, audit);
# a query per record would show at 30. The files add 2: those offered for the annex (the
# print form is checked against them) and those listed.
SUMMARY_QUERIES = 19


@pytest.mark.parametrize("rows", [3, 30])
def test_summary_queries_do_not_grow_with_the_case(
    login, vera_volunteer, django_assert_max_num_queries, rows
):
    case = actions.take_in_case(
        by=vera_volunteer,
        person={"full_name": "Mikola Rabchanka", "citizenship": "BY"},
        names=[{"text": "Мікола Рабчанка", "script": "be-Cyrl", "kind": "native"}],
        host_country="PL",
    )
    fill(case, vera_volunteer, rows=rows, details=False)
    for number in range(rows // 10 + 1):
        attach(case, vera_volunteer, title=f"Scan {number}", may_leave=True)
    client = login(vera_volunteer)

    with django_assert_max_num_queries(SUMMARY_QUERIES):
        response = post_summary(client, case, include=OPTIONAL)

    assert response.status_code == 200
    text = squeezed(pdf_text(response.content))
    assert f"Note {rows - 1} " in text + " "
    assert f"cousin: Relative {rows - 1} " in text + " "
    assert f"Scan {rows // 10} " in text + " "


# How it looks


def test_the_first_page_renders_as_a_filled_a4_page(full_pdf, tmp_path):
    pdf_path = tmp_path / "summary.pdf"
    pdf_path.write_bytes(full_pdf)

    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "install poppler-utils for pdftoppm"
    subprocess.run(  # noqa: S603 - fixed arguments, a file of our own
        [pdftoppm, "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf_path), str(tmp_path / "p")],
        check=True,
        capture_output=True,
        timeout=60,
    )

    pngs = sorted(tmp_path.glob("p*.png"))
    assert len(pngs) == 1
    width, height = png_size(pngs[0])
    assert abs(width / height - 595 / 842) < 0.01
    # A blank A4 page at 50 dpi compresses to about 1.5 KB; text and tables make it far larger.
    assert pngs[0].stat().st_size > 10_000
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pngs[0], ARTIFACTS / "summary-page1.png")
