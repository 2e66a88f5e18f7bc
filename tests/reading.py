"""Reading what the application shows, as a person would: pages, dates on them, and PDFs."""

from __future__ import annotations

import datetime
import html
import io
import re
import shutil
import subprocess

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

# A case's reference as the case list links it.
REFERENCE_LINK = re.compile(r'class="font-monospace" href="/cases/\d+/">([A-Z]{2}-\d{4}-\d{4})</a>')


def text_of(response) -> str:
    """The page as a reader sees it: entities such as &#x27; turned back into characters."""
    return html.unescape(response.content.decode())


def listed(client, **params) -> list[str]:
    """The references the case list shows for these GET parameters, in order."""
    response = client.get(reverse("casework:case_list"), params)
    assert response.status_code == 200
    return REFERENCE_LINK.findall(response.content.decode())


def shown(date: datetime.date) -> str:
    """A date as English pages show it: day, month, year ("22 November 2026")."""
    return f"{date.day} {date:%B} {date.year}"


def invalid_date() -> str:
    """The English message for a date typed in no form the field takes."""
    return f"Enter the date as YYYY-MM-DD, for example {timezone.localdate().year}-12-31."


# --- PDFs --------------------------------------------------------------------------------------


def pdf_reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def pdf_text(content: bytes) -> str:
    """The text of every page, as a reader's copy-and-paste would give it."""
    return "\n".join(page.extract_text() for page in pdf_reader(content).pages)


def poppler_text(content: bytes) -> str:
    """The PDF's text as poppler's pdftotext reads it (another reader than pypdf's), every
    run of whitespace one space."""
    binary = shutil.which("pdftotext")
    assert binary, "install poppler-utils for pdftotext"
    result = subprocess.run(  # noqa: S603 - fixed arguments, the PDF on standard input
        [binary, "-enc", "UTF-8", "-", "-"],
        input=content,
        check=True,
        capture_output=True,
        timeout=60,
    )
    return " ".join(result.stdout.decode().split())


def all_pdf_bytes(content: bytes) -> bytes:
    """The file as stored, every stream decompressed, and every string and name decoded.

    Page contents, fonts' ToUnicode maps, font programs and object streams are streams;
    metadata, bookmarks and link targets are strings, which WeasyPrint writes hex-encoded,
    so each string is added as UTF-8 and as UTF-16-BE. Text that is nowhere in this is
    nowhere in the PDF's objects. Page text is drawn as glyph ids: search it in pdf_text().
    """
    reader = pdf_reader(content)
    numbers = {(num, gen) for gen, entries in reader.xref.items() for num in entries}
    numbers |= {(num, 0) for num in reader.xref_objStm}
    parts = [content]

    def walk(obj) -> None:
        if isinstance(obj, IndirectObject):
            return  # every indirect object is visited from the cross-reference table
        if isinstance(obj, TextStringObject | ByteStringObject):
            parts.append(bytes(obj.original_bytes))
            text = str(obj) if isinstance(obj, TextStringObject) else ""
            parts.extend([text.encode("utf-8"), text.encode("utf-16-be")])
        elif isinstance(obj, NameObject):
            parts.append(str(obj).encode("utf-8"))
        elif isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                walk(NameObject(key))
                walk(value)
            if isinstance(obj, StreamObject):
                parts.append(obj.get_data())
        elif isinstance(obj, ArrayObject):
            for value in obj:
                walk(value)

    walk(reader.trailer)
    for num, gen in sorted(numbers):
        walk(IndirectObject(num, gen, reader).get_object())
    return b"\n".join(parts)
