"""Previews are PNGs the server made from the cleaned file: a browser shows them without ever
opening the document itself.

A PDF's first page is rendered with PDFium; a photo is scaled down. Both are drawn into new
images and saved as PNG without metadata.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from typing import Final

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image

from casework.vault.cleaning import CleanedFile

THUMBNAIL_BOX: Final = (240, 240)
PREVIEW_BOX: Final = (1200, 1600)

# PDFium is not thread-safe: one rendering at a time in a process.
_pdfium_lock = threading.Lock()


@dataclass(frozen=True)
class Previews:
    thumbnail: bytes  # PNG, fits in THUMBNAIL_BOX
    preview: bytes  # PNG, fits in PREVIEW_BOX


def make_previews(cleaned: CleanedFile) -> Previews:
    is_pdf = cleaned.content_type == "application/pdf"
    picture = _first_page(cleaned) if is_pdf else _photo(cleaned)
    try:
        picture.thumbnail(PREVIEW_BOX, Image.Resampling.LANCZOS)
        preview = _png(picture)
        picture.thumbnail(THUMBNAIL_BOX, Image.Resampling.LANCZOS)
        thumbnail = _png(picture)
    finally:
        picture.close()
    return Previews(thumbnail=thumbnail, preview=preview)


def _first_page(cleaned: CleanedFile) -> Image.Image:
    """The first page, rendered at the scale that fills the preview box."""
    with _pdfium_lock:
        document = pdfium.PdfDocument(str(cleaned.path))
        try:
            page = document[0]
            try:
                scale = _scale(*page.get_size())
                bitmap = page.render(scale=scale)
                try:
                    # A conversion copies the pixels out of PDFium's buffer, freed below.
                    return bitmap.to_pil().convert("RGB")
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            document.close()


def _scale(width: float, height: float) -> float:
    """The scale at which a page of width × height points fills the preview box, yet keeps
    its short side at least a pixel wide (a page may be a thin strip, or have no size)."""
    width, height = max(width, 1.0), max(height, 1.0)
    fill = min(PREVIEW_BOX[0] / width, PREVIEW_BOX[1] / height)
    return max(fill, 1 / min(width, height))


def _photo(cleaned: CleanedFile) -> Image.Image:
    with Image.open(cleaned.path, formats=["JPEG", "PNG"]) as photo:
        # A JPEG is decoded at the smallest scale (1/2, 1/4, 1/8) still larger than the
        # preview, which bounds memory for a large photo.
        photo.draft("RGB", PREVIEW_BOX)
        mode = "RGBA" if photo.has_transparency_data else "RGB"
        return photo.convert(mode)


def _png(picture: Image.Image) -> bytes:
    # Drawn into a new image: the converted one still carries the source's info dict, which
    # the PNG encoder would partly write (an ICC profile, for one).
    fresh = Image.new(picture.mode, picture.size)
    fresh.paste(picture)
    buffer = io.BytesIO()
    fresh.save(buffer, format="PNG")
    return buffer.getvalue()
