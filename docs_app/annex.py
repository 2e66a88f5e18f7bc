"""The annex of a PDF summary: chosen case files appended after it, their pages drawn into
pages that WeasyPrint laid out with the summary's header and footer.

The summary's template ends with one empty page per page of the annex (docs_app/
case_summary.html), so that "page X of Y" counts them and every page carries who printed it,
for what and when. Here each file's page is placed into its empty page, scaled to fit between
the caption and the footer: a PDF page as it is (its text stays text), a photo as an image.
The files were cleaned when they were uploaded (casework/vault/cleaning.py): no script, form
or attachment of theirs comes along, and annotations are left behind with the page.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from django.conf import settings
from PIL import Image

from casework.models import CaseFile
from casework.vault import storage

# Where a file's page goes on an A4 page (points from the bottom left): inside the summary's
# margins (docs_app/summary.css: 16 mm at the sides, 20 mm at the top, 22 mm at the bottom),
# below the caption line at the top of the page.
MM = 72 / 25.4
A4_WIDTH, A4_HEIGHT = 210 * MM, 297 * MM
CONTENT_BOX = pikepdf.Rectangle(16 * MM, 24 * MM, A4_WIDTH - 16 * MM, A4_HEIGHT - 30 * MM)
# Photos are placed at this resolution at most (pixels per inch), so a small one stays sharp.
IMAGE_DPI = 150


@dataclass(frozen=True)
class AnnexFile:
    """A file going into the annex: the row, and where its plain content is for the render."""

    file: CaseFile
    path: Path


def annex_page_count(files: Sequence[CaseFile]) -> int:
    return sum(file.pages if file.is_pdf else 1 for file in files)


@contextmanager
def opened(files: Sequence[CaseFile]) -> Iterator[list[AnnexFile]]:
    """The files' plain content in a private temporary directory, removed afterwards."""
    with ExitStack() as stack:
        workdir = Path(
            stack.enter_context(tempfile.TemporaryDirectory(dir=settings.FILE_UPLOAD_TEMP_DIR))
        )
        opened_files = []
        for number, file in enumerate(files, start=1):
            path = workdir / f"{number}.{file.extension}"
            with path.open("wb") as out:
                for chunk in storage.open_sealed(file.storage_name, file.key):
                    out.write(chunk)
            opened_files.append(AnnexFile(file=file, path=path))
        yield opened_files


def _image_pdf(path: Path) -> pikepdf.Pdf:
    """A photo as a one-page PDF (Pillow keeps a JPEG's own bytes: no loss)."""
    buffer = io.BytesIO()
    with Image.open(path) as opened_image:
        image = opened_image if opened_image.mode in ("RGB", "L") else opened_image.convert("RGB")
        image.save(buffer, format="PDF", resolution=IMAGE_DPI)
    return pikepdf.open(io.BytesIO(buffer.getvalue()))


def _source_pages(stack: ExitStack, annex: Sequence[AnnexFile]) -> Iterator[pikepdf.Page]:
    for item in annex:
        if item.file.is_pdf:
            source = stack.enter_context(pikepdf.open(item.path))
        else:
            source = stack.enter_context(_image_pdf(item.path))
        yield from source.pages


def merge_annex(summary: bytes, annex: Sequence[AnnexFile]) -> bytes:
    """The summary with each annex page drawn into its placeholder, the summary's last
    pages (one per page of the annex files, in order)."""
    expected = annex_page_count([item.file for item in annex])
    with ExitStack() as stack:
        pdf = stack.enter_context(pikepdf.open(io.BytesIO(summary)))
        first = len(pdf.pages) - expected
        if first < 1:
            raise ValueError("The summary has fewer placeholder pages than the annex needs.")
        placed = 0
        for offset, source in enumerate(_source_pages(stack, annex)):
            if offset >= expected:
                raise ValueError("An annex file has more pages than its row says.")
            target = pdf.pages[first + offset]
            form = pdf.copy_foreign(source.as_form_xobject())
            target.add_overlay(form, CONTENT_BOX)
            placed += 1
        if placed != expected:
            raise ValueError("An annex file has fewer pages than its row says.")
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
