"""casework/vault/cleaning.py: what the vault stores carries no metadata, scripts or hidden
files, and what it cannot clean is refused with a sentence that says what to do.

Every fixture is built here, in tmp_path: the files that go in are made with Pillow,
pillow_heif and pikepdf, with sentinels that must not come out.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pillow_heif
import pypdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from PIL import Image, PngImagePlugin, TiffImagePlugin

from casework.vault import cleaning
from casework.vault.cleaning import CleanedFile, FileRefused, clean_file

pillow_heif.register_heif_opener()

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
BODY_SERIAL_NUMBER = 0xA431
MAKE = 0x010F
MODEL = 0x0110
ORIENTATION = 0x0112

SENTINELS = (
    b"SN-SENTINEL-4711",
    b"MAKE-SENTINEL",
    b"MODEL-SENTINEL",
    b"XMP-SENTINEL",
    b"COMMENT-SENTINEL",
)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    path = tmp_path / "work"
    path.mkdir()
    return path


def clean(data: bytes, name: str, workdir: Path) -> CleanedFile:
    return clean_file(io.BytesIO(data), name=name, workdir=workdir)


def refusal(data: bytes, name: str, workdir: Path) -> FileRefused:
    """The refusal of the upload, after checking that it left nothing in workdir."""
    with pytest.raises(FileRefused) as raised:
        clean(data, name, workdir)
    assert list(workdir.iterdir()) == []
    return raised.value


# Fixtures


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "MAKE-SENTINEL"
    exif[MODEL] = "MODEL-SENTINEL"
    exif[ORIENTATION] = 6
    exif.get_ifd(EXIF_IFD)[BODY_SERIAL_NUMBER] = "SN-SENTINEL-4711"
    gps = exif.get_ifd(GPS_IFD)
    rational = TiffImagePlugin.IFDRational
    gps[1] = "N"
    gps[2] = (rational(53, 1), rational(54, 1), rational(0, 1))
    gps[3] = "E"
    gps[4] = (rational(27, 1), rational(34, 1), rational(0, 1))
    return exif


def xmp_packet(sentinel: str) -> bytes:
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator>{sentinel}</dc:creator>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def camera_jpeg() -> bytes:
    """A 40×20 photo taken sideways (EXIF orientation 6): red on the left, blue on the right,
    with a GPS position, a camera serial number, XMP and a comment."""
    buffer = io.BytesIO()
    sideways_picture().save(
        buffer,
        format="JPEG",
        exif=camera_exif(),
        xmp=xmp_packet("XMP-SENTINEL"),
        comment=b"COMMENT-SENTINEL",
    )
    return buffer.getvalue()


def plain_jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, format="JPEG")
    return buffer.getvalue()


def transparent_png() -> bytes:
    image = Image.new("RGBA", (32, 16), (10, 200, 30, 255))
    image.paste((200, 10, 30, 0), (0, 0, 16, 16))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "PNG-SENTINEL-TEXT")
    info.add_itxt("Description", "PNG-SENTINEL-ITXT")
    exif = Image.Exif()
    exif[MAKE] = "PNG-SENTINEL-EXIF"
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info, exif=exif)
    return buffer.getvalue()


def png_chunks(data: bytes) -> list[bytes]:
    chunks, offset = [], len(PngImagePlugin._MAGIC)
    while offset < len(data):
        length = int.from_bytes(data[offset : offset + 4], "big")
        chunks.append(data[offset + 4 : offset + 8])
        offset += 12 + length
    return chunks


def text_page(pdf: pikepdf.Pdf, text: str) -> pikepdf.Page:
    page = pdf.add_blank_page(page_size=(300, 300))
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(f"BT /F1 24 Tf 30 150 Td ({text}) Tj ET".encode())
    return page


def pdf_bytes(pdf: pikepdf.Pdf, **save_options: Any) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **save_options)
    return buffer.getvalue()


def simple_pdf(pages: int = 1) -> bytes:
    with pikepdf.new() as pdf:
        for number in range(pages):
            text_page(pdf, f"PAGE-{number + 1}")
        return pdf_bytes(pdf)


def javascript(code: str) -> Dictionary:
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code))


def hostile_pdf() -> bytes:
    """A page of text, and around it everything a PDF can carry that acts or hides."""
    with pikepdf.new() as pdf:
        page = text_page(pdf, "PAGE-TEXT")
        pdf.Root.OpenAction = pdf.make_indirect(javascript("app.alert('JS-SENTINEL')"))
        pdf.Root.Names = Dictionary(
            JavaScript=Dictionary(
                Names=Array([String("start"), javascript("app.alert('NAMES-JS-SENTINEL')")])
            )
        )
        pdf.attachments["x.txt"] = pikepdf.AttachedFileSpec(
            pdf, b"EMBEDDED-SENTINEL", filename="x.txt"
        )
        page.obj.AA = Dictionary(O=javascript("app.alert('PAGE-AA-SENTINEL')"))
        launch = Dictionary(
            Type=Name.Annot,
            Subtype=Name.Link,
            Rect=Array([0, 0, 50, 50]),
            A=Dictionary(S=Name.Launch, F=String("LAUNCH-SENTINEL.exe")),
        )
        web_link = Dictionary(
            Type=Name.Annot,
            Subtype=Name.Link,
            Rect=Array([50, 0, 100, 50]),
            A=Dictionary(S=Name.URI, URI=String("https://URI-SENTINEL.example/")),
        )
        page_link = Dictionary(
            Type=Name.Annot,
            Subtype=Name.Link,
            Rect=Array([100, 0, 150, 50]),
            A=Dictionary(S=Name.GoTo, D=Array([page.obj, Name.Fit])),
        )
        attachment = Dictionary(
            Type=Name.Annot,
            Subtype=Name.FileAttachment,
            Rect=Array([150, 0, 200, 50]),
            FS=pikepdf.AttachedFileSpec(pdf, b"ANNOT-FILE-SENTINEL", filename="y.txt").obj,
        )
        submit = pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Widget,
                FT=Name.Btn,
                T=String("send"),
                Rect=Array([200, 0, 250, 50]),
                P=page.obj,
                A=Dictionary(
                    S=Name.SubmitForm,
                    F=Dictionary(FS=Name.URL, F=String("https://SUBMIT-SENTINEL.example/")),
                ),
            )
        )
        page.obj.Annots = pdf.make_indirect(
            Array([launch, web_link, page_link, attachment, submit])
        )
        pdf.Root.AcroForm = Dictionary(Fields=Array([submit]))
        # A bookmark that runs a script when clicked.
        outline = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=1))
        outline.First = outline.Last = pdf.make_indirect(
            Dictionary(
                Title=String("Start"),
                Parent=outline,
                A=javascript("app.alert('OUTLINE-JS-SENTINEL')"),
            )
        )
        pdf.Root.Outlines = outline
        pdf.Root.Metadata = pdf.make_stream(
            xmp_packet("XMP-SENTINEL"), Type=Name.Metadata, Subtype=Name.XML
        )
        pdf.docinfo["/Author"] = "AUTHOR-SENTINEL"
        pdf.trailer.Hidden = pdf.make_stream(b"TRAILER-SENTINEL")
        # Uncompressed, so that the sentinels can be seen in the bytes before cleaning.
        return pdf_bytes(
            pdf,
            compress_streams=False,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
        )


PDF_SENTINELS = (
    b"JS-SENTINEL",
    b"NAMES-JS-SENTINEL",
    b"EMBEDDED-SENTINEL",
    b"PAGE-AA-SENTINEL",
    b"LAUNCH-SENTINEL",
    b"URI-SENTINEL",
    b"ANNOT-FILE-SENTINEL",
    b"SUBMIT-SENTINEL",
    b"OUTLINE-JS-SENTINEL",
    b"XMP-SENTINEL",
    b"AUTHOR-SENTINEL",
    b"TRAILER-SENTINEL",
)
PDF_ACTIVE_NAMES = (
    b"/JavaScript",
    b"/JS",
    b"/OpenAction",
    b"/EmbeddedFile",
    b"/Launch",
    b"/AA",
    b"/AcroForm",
    b"/SubmitForm",
    b"/URI",
    b"/FileAttachment",
    b"/Metadata",
)


def uncompressed(path: Path) -> bytes:
    """The cleaned PDF rewritten without compression, so that a search of its bytes also
    searches its streams."""
    with pikepdf.open(path) as pdf:
        return pdf_bytes(
            pdf,
            compress_streams=False,
            stream_decode_level=pikepdf.StreamDecodeLevel.all,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
        )


# Photos


def test_jpeg_loses_exif_gps_serial_xmp_and_comment(workdir):
    original = camera_jpeg()
    assert all(sentinel in original for sentinel in SENTINELS)

    cleaned = clean(original, "IMG_0001.JPG", workdir)

    data = cleaned.path.read_bytes()
    assert not any(sentinel in data for sentinel in SENTINELS)
    assert b"Exif" not in data
    with Image.open(cleaned.path) as image:
        assert image.format == "JPEG"
        exif = image.getexif()
        assert len(exif) == 0
        assert exif.get_ifd(GPS_IFD) == {}
        assert BODY_SERIAL_NUMBER not in exif.get_ifd(EXIF_IFD)
        assert not {"exif", "xmp", "comment", "icc_profile"} & set(image.info)
        assert_upright(image)
    assert cleaned.content_type == "image/jpeg"
    assert cleaned.extension == "jpg"
    assert cleaned.pages == 1


def test_cleaned_file_describes_its_content(workdir):
    cleaned = clean(plain_jpeg(), "photo.jpeg", workdir)

    data = cleaned.path.read_bytes()
    assert cleaned.path == workdir / "cleaned.jpg"
    assert cleaned.size == len(data)
    assert cleaned.sha256 == hashlib.sha256(data).hexdigest()
    assert sorted(path.name for path in workdir.iterdir()) == ["cleaned.jpg"]


def test_png_loses_text_and_exif_and_keeps_transparency(workdir):
    original = transparent_png()
    for sentinel in (b"PNG-SENTINEL-TEXT", b"PNG-SENTINEL-ITXT", b"PNG-SENTINEL-EXIF"):
        assert sentinel in original

    cleaned = clean(original, "screenshot.png", workdir)

    data = cleaned.path.read_bytes()
    assert b"PNG-SENTINEL" not in data
    assert set(png_chunks(data)) <= {b"IHDR", b"IDAT", b"IEND"}
    with Image.open(cleaned.path) as image:
        assert image.mode == "RGBA"
        assert getattr(image, "text", {}) == {}
        assert "exif" not in image.info
        assert image.getpixel((4, 4))[3] == 0
        assert image.getpixel((24, 4)) == (10, 200, 30, 255)
    assert (cleaned.content_type, cleaned.extension) == ("image/png", "png")


def sideways_picture() -> Image.Image:
    """40×20, red on the left and blue on the right."""
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 20, 20))
    return image


def assert_upright(image: Image.Image) -> None:
    # The left (red) half of the sideways picture is now on top.
    assert image.size == (20, 40)
    red, _green, blue = image.convert("RGB").getpixel((10, 5))
    assert red > 200 and blue < 60
    red, _green, blue = image.convert("RGB").getpixel((10, 35))
    assert blue > 200 and red < 60


def test_heic_becomes_a_jpeg_without_its_exif(workdir):
    exif = Image.Exif()
    exif[MAKE] = "HEIC-SENTINEL"
    exif[ORIENTATION] = 6
    buffer = io.BytesIO()
    sideways_picture().save(buffer, format="HEIF", exif=exif.tobytes(), quality=95)
    original = buffer.getvalue()
    assert b"HEIC-SENTINEL" in original

    cleaned = clean(original, "IMG_1234.HEIC", workdir)

    assert (cleaned.content_type, cleaned.extension) == ("image/jpeg", "jpg")
    data = cleaned.path.read_bytes()
    assert data.startswith(b"\xff\xd8\xff")
    assert b"HEIC-SENTINEL" not in data
    with Image.open(cleaned.path) as image:
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert_upright(image)


def test_sixteen_bit_grey_png_keeps_its_tones(workdir):
    buffer = io.BytesIO()
    Image.new("I;16", (8, 8), 40000).save(buffer, format="PNG")

    cleaned = clean(buffer.getvalue(), "scan.png", workdir)

    with Image.open(cleaned.path) as image:
        assert image.mode == "RGB"
        assert all(150 <= value <= 160 for value in image.getpixel((0, 0)))


def test_an_open_file_is_read_as_well(tmp_path, workdir):
    path = tmp_path / "upload.jpg"
    path.write_bytes(plain_jpeg())

    with path.open("rb") as source:
        cleaned = clean_file(source, name="upload.jpg", workdir=workdir)

    assert cleaned.content_type == "image/jpeg"


def test_a_name_without_extension_is_judged_by_content(workdir):
    assert clean(plain_jpeg(), "scan", workdir).content_type == "image/jpeg"


# PDFs


def test_pdf_loses_scripts_actions_attachments_forms_and_metadata(workdir):
    original = hostile_pdf()
    for sentinel in PDF_SENTINELS:
        assert sentinel in original, sentinel

    cleaned = clean(original, "decision.PDF", workdir)

    for data in (cleaned.path.read_bytes(), uncompressed(cleaned.path)):
        for forbidden in PDF_SENTINELS + PDF_ACTIVE_NAMES:
            assert forbidden not in data, forbidden
    with pikepdf.open(cleaned.path) as pdf:
        assert len(pdf.pages) == 1
        assert "/Info" not in pdf.trailer
        assert "/Hidden" not in pdf.trailer
        assert "/Names" not in pdf.Root
        assert "/AcroForm" not in pdf.Root
        assert len(pdf.attachments) == 0
        # The links stay (inert), but only the one within the document keeps its action;
        # the attached file and the form field are gone.
        links = list(pdf.pages[0].Annots)
        assert [link.Subtype for link in links] == [Name.Link] * 3
        assert [link.A.S for link in links if "/A" in link] == [Name.GoTo]
        (bookmark,) = [pdf.Root.Outlines.First]
        assert bookmark.Title == "Start"
        assert "/A" not in bookmark
    assert "PAGE-TEXT" in pypdf.PdfReader(cleaned.path).pages[0].extract_text()
    assert (cleaned.content_type, cleaned.extension, cleaned.pages) == (
        "application/pdf",
        "pdf",
        1,
    )
    assert cleaned.path == workdir / "cleaned.pdf"
    assert cleaned.size == len(cleaned.path.read_bytes())


def test_filled_in_form_values_stay_on_the_page(workdir):
    with pikepdf.new() as pdf:
        page = text_page(pdf, "FORM")
        font = page.obj.Resources.Font.F1
        appearance = pdf.make_stream(
            b"BT /F1 12 Tf 2 4 Td (FIELD-VALUE) Tj ET",
            Type=Name.XObject,
            Subtype=Name.Form,
            BBox=Array([0, 0, 150, 20]),
            Resources=Dictionary(Font=Dictionary(F1=font)),
        )
        field = pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Widget,
                FT=Name.Tx,
                T=String("name"),
                V=String("FIELD-VALUE"),
                Rect=Array([20, 40, 170, 60]),
                AP=Dictionary(N=appearance),
                P=page.obj,
                F=4,
            )
        )
        page.obj.Annots = Array([field])
        pdf.Root.AcroForm = Dictionary(Fields=Array([field]))
        original = pdf_bytes(pdf)

    cleaned = clean(original, "form.pdf", workdir)

    with pikepdf.open(cleaned.path) as pdf:
        assert "/AcroForm" not in pdf.Root
        assert not pdf.pages[0].get("/Annots")
    assert "FIELD-VALUE" in pypdf.PdfReader(cleaned.path).pages[0].extract_text()


def test_photos_inside_a_pdf_lose_their_exif(workdir):
    photo = camera_jpeg()
    with pikepdf.new() as pdf:
        page = pdf.add_blank_page(page_size=(400, 200))
        image = pdf.make_stream(
            photo,
            Type=Name.XObject,
            Subtype=Name.Image,
            Width=40,
            Height=20,
            ColorSpace=Name.DeviceRGB,
            BitsPerComponent=8,
            Filter=Name.DCTDecode,
        )
        page.obj.Resources = Dictionary(XObject=Dictionary(Im0=image))
        page.obj.Contents = pdf.make_stream(b"q 400 0 0 200 0 0 cm /Im0 Do Q")
        original = pdf_bytes(pdf)
    assert all(sentinel in original for sentinel in SENTINELS)

    cleaned = clean(original, "photo-scan.pdf", workdir)

    data = uncompressed(cleaned.path)
    assert not any(sentinel in data for sentinel in SENTINELS)
    with pikepdf.open(cleaned.path) as pdf:
        stream = pdf.pages[0].Resources.XObject.Im0
        jpeg = stream.read_raw_bytes()
    assert b"Exif" not in jpeg
    with Image.open(io.BytesIO(jpeg)) as picture:
        assert picture.size == (40, 20)
        assert len(picture.getexif()) == 0
        picture.load()


def test_pdf_pages_are_counted(workdir):
    assert clean(simple_pdf(pages=3), "three.pdf", workdir).pages == 3


@pytest.mark.parametrize(
    "name", ["../../etc/passwd\x00.pdf", "..\\..\\a\u202egpj.pdf", "C:\\Users\\x\\scan.pdf"]
)
def test_the_name_never_becomes_a_path(tmp_path, workdir, monkeypatch, name):
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    before = sorted(tmp_path.rglob("*"))

    cleaned = clean(simple_pdf(), name, workdir)

    assert cleaned.path.parent == workdir
    assert list(elsewhere.iterdir()) == []
    assert sorted(tmp_path.rglob("*")) == sorted([*before, cleaned.path])


# Refusals


def test_empty_file_is_refused(workdir):
    assert refusal(b"", "scan.pdf", workdir).message == cleaning.EMPTY_FILE


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<!DOCTYPE html><html><body>Decision</body></html>", "scan.pdf"),
        (b"\xef\xbb\xbf  \n<html><script>alert(1)</script></html>", "scan"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', "photo.png"),
        (b'<?xml version="1.0"?><svg/>', "photo.jpg"),
    ],
)
def test_web_pages_are_refused(workdir, data, name):
    assert refusal(data, name, workdir).message == cleaning.WEB_PAGE


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (8, 8)).save(buffer, format="GIF")
    return buffer.getvalue()


def zip_file() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "ZIP-SENTINEL")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (gif(), "photo.gif"),
        (zip_file(), "documents.zip"),
        (b"MZ\x90\x00" + b"\x00" * 60, "setup.exe"),
        (b"Just some text", "notes.txt"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", "photo.heic"),
        # A PDF header that is not at the start, as polyglots have it.
        (b"GIF89a" + simple_pdf(), "scan.pdf"),
    ],
)
def test_other_types_are_refused(workdir, data, name):
    assert refusal(data, name, workdir).message == cleaning.NOT_ACCEPTED


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (plain_jpeg(), "scan.pdf"),
        (plain_jpeg(), "x.png"),
        (simple_pdf(), "photo.jpg"),
        (simple_pdf(), "decision.exe"),
        (simple_pdf(), "decision.html"),
        (transparent_png(), "photo.heic"),
    ],
)
def test_names_that_do_not_match_the_content_are_refused(workdir, data, name):
    assert refusal(data, name, workdir).message == cleaning.NAME_MISMATCH


@pytest.mark.parametrize(
    "data",
    [
        simple_pdf() + zip_file(),
        simple_pdf() + zip_file() * 20,
        simple_pdf() + b"<html><script>alert(1)</script></html>",
    ],
)
def test_pdf_with_something_appended_is_refused(workdir, data):
    assert refusal(data, "scan.pdf", workdir).message == cleaning.HIDDEN_CONTENT


def test_pdf_with_trailing_line_ends_is_accepted(workdir):
    assert clean(simple_pdf() + b"\r\n\x00\n", "scan.pdf", workdir).pages == 1


def test_markup_inside_the_start_of_a_photo_is_refused(workdir):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="JPEG", comment=b"<script>alert(1)</script>")
    assert refusal(buffer.getvalue(), "photo.jpg", workdir).message == cleaning.HIDDEN_CONTENT


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"garbage " * 500 + b"\n%%EOF\n",
        # Cut off: no end marker at all.
        simple_pdf()[:-200],
    ],
)
def test_unparseable_pdf_is_refused(workdir, data):
    assert refusal(data, "scan.pdf", workdir).message == cleaning.UNREADABLE_PDF


def test_password_protected_pdf_is_refused(workdir):
    with pikepdf.open(io.BytesIO(simple_pdf())) as pdf:
        protected = pdf_bytes(pdf, encryption=pikepdf.Encryption(user="u", owner="o"))
    assert refusal(protected, "scan.pdf", workdir).message == cleaning.PASSWORD_PROTECTED


def test_pdf_without_pages_is_refused(workdir):
    with pikepdf.new() as pdf:
        empty = pdf_bytes(pdf)
    assert refusal(empty, "scan.pdf", workdir).message == cleaning.NO_PAGES


def test_truncated_jpeg_is_refused_even_after_weasyprint_was_imported(workdir):
    import weasyprint  # noqa: F401  (it tells Pillow to accept cut-off images)

    data = plain_jpeg((200, 200))
    assert refusal(data[: len(data) // 2], "photo.jpg", workdir).message == (
        cleaning.UNREADABLE_IMAGE
    )


def test_corrupt_heic_is_refused(workdir):
    data = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100
    assert refusal(data, "photo.heic", workdir).message == cleaning.UNREADABLE_IMAGE


def test_photo_with_too_many_pixels_is_refused(workdir, monkeypatch):
    monkeypatch.setattr(cleaning, "MAX_PIXELS", 5000)
    data = plain_jpeg((100, 100))
    assert refusal(data, "photo.jpg", workdir).message == cleaning.TOO_LARGE


@pytest.mark.parametrize("pillow_limit", [2000, 6000])
def test_decompression_bomb_is_refused(workdir, monkeypatch, pillow_limit):
    # Pillow's own limit, should it be lower than the vault's: it warns above it (6000) and
    # refuses above twice it (2000).
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", pillow_limit)
    data = plain_jpeg((100, 100))
    assert refusal(data, "photo.jpg", workdir).message == cleaning.TOO_LARGE


def test_refusals_never_show_the_name(workdir):
    name = "<b>\u202egpj.exe"
    message = str(refusal(plain_jpeg(), name, workdir).message)
    assert "gpj" not in message and "<b>" not in message
