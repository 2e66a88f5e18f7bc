"""casework/vault/previews.py: previews are PNGs the server drew, within their boxes, with the
page really rendered and no metadata."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from PIL import Image, ImageStat

from casework.vault.cleaning import CleanedFile, clean_file
from casework.vault.previews import PREVIEW_BOX, THUMBNAIL_BOX, make_previews

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
METADATA_CHUNKS = {b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP", b"tIME"}


def cleaned(data: bytes, name: str, tmp_path: Path) -> CleanedFile:
    workdir = tmp_path / "work"
    workdir.mkdir()
    return clean_file(io.BytesIO(data), name=name, workdir=workdir)


def black_pages_pdf(pages: int) -> bytes:
    """A4 pages, the first covered in black but for a margin, the others white."""
    with pikepdf.new() as pdf:
        for number in range(pages):
            page = pdf.add_blank_page(page_size=(595, 842))
            if number == 0:
                page.obj.Contents = pdf.make_stream(b"0 0 0 rg 30 30 535 782 re f")
        buffer = io.BytesIO()
        pdf.save(buffer)
        return buffer.getvalue()


def png_chunks(data: bytes) -> set[bytes]:
    chunks, offset = set(), len(PNG_SIGNATURE)
    while offset < len(data):
        length = int.from_bytes(data[offset : offset + 4], "big")
        chunks.add(data[offset + 4 : offset + 8])
        offset += 12 + length
    return chunks


def opened(data: bytes) -> Image.Image:
    assert data.startswith(PNG_SIGNATURE)
    assert not png_chunks(data) & METADATA_CHUNKS
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image


def fits(image: Image.Image, box: tuple[int, int]) -> bool:
    return image.width <= box[0] and image.height <= box[1]


def test_pdf_previews_render_the_first_page(tmp_path):
    made = make_previews(cleaned(black_pages_pdf(3), "decision.pdf", tmp_path))

    preview, thumbnail = opened(made.preview), opened(made.thumbnail)
    assert fits(preview, PREVIEW_BOX) and fits(thumbnail, THUMBNAIL_BOX)
    # The page fills its box: A4 is as tall as the preview box allows.
    assert preview.height == PREVIEW_BOX[1]
    assert abs(preview.width / preview.height - 595 / 842) < 0.01
    assert thumbnail.height == THUMBNAIL_BOX[1]
    # The first page was drawn: mostly black, with its white margin.
    assert ImageStat.Stat(preview.convert("L")).mean[0] < 60
    assert preview.convert("L").getpixel((5, 5)) > 250
    assert ImageStat.Stat(thumbnail.convert("L")).mean[0] < 60


def test_tall_photo_previews_keep_the_aspect_ratio(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 2000), (250, 250, 250)).save(buffer, format="JPEG")

    made = make_previews(cleaned(buffer.getvalue(), "receipt.jpg", tmp_path))

    preview, thumbnail = opened(made.preview), opened(made.thumbnail)
    assert preview.size == (240, 1600)
    assert thumbnail.height == 240
    assert abs(thumbnail.width - 240 * 300 / 2000) <= 1
    assert preview.mode == thumbnail.mode == "RGB"


def test_png_previews_keep_transparency(tmp_path):
    buffer = io.BytesIO()
    image = Image.new("RGBA", (2400, 600), (0, 0, 0, 0))
    image.paste((0, 120, 255, 255), (0, 0, 1200, 600))
    image.save(buffer, format="PNG")

    made = make_previews(cleaned(buffer.getvalue(), "screenshot.png", tmp_path))

    preview, thumbnail = opened(made.preview), opened(made.thumbnail)
    assert preview.size == (1200, 300)
    assert thumbnail.size == (240, 60)
    assert preview.mode == "RGBA"
    assert preview.getpixel((100, 100)) == (0, 120, 255, 255)
    assert preview.getpixel((1100, 100))[3] == 0


def test_small_photo_is_not_enlarged(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (100, 50), (10, 10, 10)).save(buffer, format="JPEG")

    made = make_previews(cleaned(buffer.getvalue(), "small.jpg", tmp_path))

    assert opened(made.preview).size == (100, 50)
    assert opened(made.thumbnail).size == (100, 50)
