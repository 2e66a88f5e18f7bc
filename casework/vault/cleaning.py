"""What the vault stores is cleaned first: a new file built from the upload's content alone.

An upload's type is judged from its first bytes, never from its name or the browser's word, and
the name's extension must agree with it. Photos (JPEG, PNG, HEIC) are decoded and re-encoded
from their pixels, so nothing but the picture survives: no EXIF (GPS position, camera serial
number), XMP, ICC profile, comment or PNG text. PDFs keep their pages but lose what can act or
hide: scripts, actions, embedded files, forms, the document information, the XMP metadata and
the EXIF of the photos inside them.

Everything is written in the caller's private `workdir` under fixed names; the name the browser
sent is only compared with the content, and never reaches a path or a message.
"""

from __future__ import annotations

import enum
import hashlib
import pathlib
import re
import shutil
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO, Final

import pikepdf
import pillow_heif
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from pikepdf import Array, Dictionary, Name, Stream
from PIL import Image, ImageFile, ImageOps

# Phone photos: HEIC is opened through Pillow once this plugin is registered.
pillow_heif.register_heif_opener()

# A photo with more pixels than this is refused before it is decoded: 80 megapixels is more
# than any phone or scanner makes, and one decoded image then stays under about 320 MB.
MAX_PIXELS = 80_000_000

CHUNK_SIZE: Final = 64 * 1024
HEAD_SIZE: Final = 4096
TAIL_SIZE: Final = 1024
JPEG_QUALITY: Final = 90

# The fixed names in workdir: the copy of the upload, and the cleaned outputs.
UPLOAD_NAME: Final = "upload"
CLEANED_PDF: Final = "cleaned.pdf"
CLEANED_JPEG: Final = "cleaned.jpg"
CLEANED_PNG: Final = "cleaned.png"

EMPTY_FILE = _("This file is empty. Choose the file again, or save it again on your device first.")
WEB_PAGE = _(
    "This file is a web page, not a document or a photo. Open it in a browser, print it to "
    "PDF and upload the PDF."
)
NOT_ACCEPTED = _(
    "The vault can only take PDF documents and JPEG, PNG or HEIC photos. Save the document "
    "as a PDF or the photo as a JPEG and upload it again."
)
NAME_MISMATCH = _(
    "This file's content is not what its name says (for example, a photo named .pdf). Check "
    "that you chose the right file, save it again in its proper format and upload it again."
)
HIDDEN_CONTENT = _(
    "This file has other content hidden in it or attached to it. Open it, save or print it "
    "again as a new PDF or photo, and upload the new file."
)
UNREADABLE_IMAGE = _(
    "This photo could not be read: it may be damaged or incomplete. Check that it opens on "
    "your device, save it again and upload the new file."
)
TOO_LARGE = _(
    "This photo has too many pixels to be stored. Save it at a lower resolution (for example, "
    "send it from your phone as a smaller photo) and upload it again."
)
PASSWORD_PROTECTED = _(
    "This PDF is protected by a password. Remove the password (open it and save or print it "
    "as a new PDF without one) and upload it again."
)
UNREADABLE_PDF = _(
    "This PDF could not be read: it may be damaged or incomplete. Check that it opens, save "
    "or print it again as a new PDF and upload the new file."
)
NO_PAGES = _("This PDF has no pages. Check that you chose the right file and upload it again.")


class FileRefused(Exception):
    """An upload that is not stored; .message is a sentence for the user (lazy translation)."""

    def __init__(self, message: StrOrPromise) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CleanedFile:
    path: pathlib.Path
    content_type: str
    extension: str
    pages: int
    size: int
    sha256: str


def clean_file(source: BinaryIO, *, name: str, workdir: pathlib.Path) -> CleanedFile:
    """The cleaned copy of `source`, in `workdir`; FileRefused if it is not stored.

    `name` is the name the browser sent: only its extension is used, to compare with the
    content. A refusal leaves nothing in workdir.
    """
    upload = workdir / UPLOAD_NAME
    try:
        _copy(source, upload)
        kind = _identify(upload, name)
        if kind is Kind.PDF:
            return _clean_pdf(upload, workdir)
        return _clean_image(upload, kind, workdir)
    except BaseException:
        for output in (CLEANED_PDF, CLEANED_JPEG, CLEANED_PNG):
            (workdir / output).unlink(missing_ok=True)
        raise
    finally:
        # The uncleaned bytes are not kept a moment longer than needed.
        upload.unlink(missing_ok=True)


# What an upload is


class Kind(enum.Enum):
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    HEIC = "heic"


# The extensions a browser's name may have for each kind, lower-cased.
EXTENSIONS: Final = {
    Kind.PDF: frozenset({"pdf"}),
    Kind.JPEG: frozenset({"jpg", "jpeg", "jfif"}),
    Kind.PNG: frozenset({"png"}),
    Kind.HEIC: frozenset({"heic", "heif"}),
}

PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
# HEIF brands made by phones and cameras (HEVC-coded), and the generic HEIF brands. AVIF is
# refused even though Pillow can open it: no phone sends it as a photo, and the vault takes
# only the formats it names to the user.
HEIC_BRANDS: Final = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis"})
GENERIC_HEIF_BRANDS: Final = frozenset({b"mif1", b"msf1"})
AVIF_BRANDS: Final = frozenset({b"avif", b"avis"})

# A file that starts with one of these (after white space or a byte order mark) is markup.
WEB_PAGE_STARTS: Final = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<iframe",
    b"<svg",
    b"<?xml",
    b"<!--",
)
# Markup that a browser would run or show, found inside the start of a PDF or a photo: the
# file is also a web page (a polyglot).
HIDDEN_MARKUP: Final = (b"<html", b"<script", b"<iframe", b"<body", b"<svg", b"<!doctype html")
BYTE_ORDER_MARKS: Final = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _identify(upload: pathlib.Path, name: str) -> Kind:
    with upload.open("rb") as file:
        head = file.read(HEAD_SIZE)
    if not head:
        raise FileRefused(EMPTY_FILE)
    if _is_web_page(head):
        raise FileRefused(WEB_PAGE)
    kind = _kind_of(head)
    if kind is None:
        raise FileRefused(NOT_ACCEPTED)
    lowered = head.lower()
    if any(marker in lowered for marker in HIDDEN_MARKUP):
        raise FileRefused(HIDDEN_CONTENT)
    extension = _extension(name)
    if extension and extension not in EXTENSIONS[kind]:
        raise FileRefused(NAME_MISMATCH)
    if kind is Kind.PDF:
        _check_pdf_end(upload)
    return kind


def _is_web_page(head: bytes) -> bool:
    for mark in BYTE_ORDER_MARKS:
        if head.startswith(mark):
            head = head[len(mark) :]
            if mark != BYTE_ORDER_MARKS[0]:
                # UTF-16: the markup's ASCII letters are every other byte.
                head = head.replace(b"\x00", b"")
            break
    return head.lstrip().lower().startswith(WEB_PAGE_STARTS)


def _kind_of(head: bytes) -> Kind | None:
    """The kind the content's first bytes say, at offset 0 only: a PDF header further in is
    how polyglots pass as PDFs."""
    if head.startswith(b"%PDF-"):
        return Kind.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if head.startswith(PNG_SIGNATURE):
        return Kind.PNG
    if _is_heic(head):
        return Kind.HEIC
    return None


def _is_heic(head: bytes) -> bool:
    # ISO-BMFF: the first box is `ftyp`: its size, the major brand, a version, then the
    # compatible brands.
    if len(head) < 16 or head[4:8] != b"ftyp":
        return False
    box_end = min(int.from_bytes(head[:4], "big"), len(head))
    major = head[8:12]
    brands = {major} | {head[i : i + 4] for i in range(16, box_end - 3, 4)}
    if brands & HEIC_BRANDS:
        return True
    return major in GENERIC_HEIF_BRANDS and not brands & AVIF_BRANDS


def _extension(name: str) -> str:
    """The lower-cased extension of the name's last part ("" if it has none); the name may be
    a path from any system, with any characters."""
    last_part = re.split(r"[/\\]", name)[-1]
    if "." not in last_part:
        return ""
    return last_part.rsplit(".", 1)[1].strip().lower()


def _check_pdf_end(upload: pathlib.Path) -> None:
    """Refuses a PDF with data after its last %%EOF: a ZIP, an HTML page or a program appended
    to a PDF is another file that some tools would open instead."""
    size = upload.stat().st_size
    with upload.open("rb") as file:
        file.seek(max(0, size - TAIL_SIZE))
        tail = file.read()
    end = tail.rfind(b"%%EOF")
    if end == -1:
        # No end marker near the end: something long was appended, or the file was cut off.
        raise FileRefused(HIDDEN_CONTENT if _contains(upload, b"%%EOF") else UNREADABLE_PDF)
    # Only line ends and padding may follow; even a small ZIP is refused.
    if tail[end + len(b"%%EOF") :].strip(b" \t\r\n\f\x00"):
        raise FileRefused(HIDDEN_CONTENT)


def _contains(path: pathlib.Path, needle: bytes) -> bool:
    overlap = len(needle) - 1
    previous = b""
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_SIZE):
            if needle in previous + chunk:
                return True
            previous = chunk[-overlap:]
    return False


# Photos


PIL_FORMATS: Final = {Kind.JPEG: "JPEG", Kind.PNG: "PNG", Kind.HEIC: "HEIF"}


def _clean_image(upload: pathlib.Path, kind: Kind, workdir: pathlib.Path) -> CleanedFile:
    picture = _decode(upload, kind)
    try:
        # A PNG stays a PNG (it may be a screenshot with transparency); JPEG and HEIC become
        # JPEG, which every browser, WeasyPrint and Windows can open.
        if kind is Kind.PNG:
            output = workdir / CLEANED_PNG
            picture.save(output, format="PNG")
            return _described(output, "image/png", "png", pages=1)
        output = workdir / CLEANED_JPEG
        picture.save(output, format="JPEG", quality=JPEG_QUALITY)
        return _described(output, "image/jpeg", "jpg", pages=1)
    finally:
        picture.close()


_strict_lock = threading.Lock()


@contextmanager
def _strict_loading() -> Iterator[None]:
    """Pillow refusing cut-off images while a photo is decoded. WeasyPrint, once imported,
    tells Pillow to accept them everywhere (ImageFile.LOAD_TRUNCATED_IMAGES): a truncated
    upload would then be stored with a grey half."""
    with _strict_lock:
        accepted = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = accepted


def _decode(upload: pathlib.Path, kind: Kind) -> Image.Image:
    """The picture of the photo, upright, in a new image that holds nothing but its pixels."""
    # Pillow warns before it refuses a decompression bomb: both refuse the photo here. (The
    # filter is process-wide while it is set; it only turns that one warning into an error.)
    with warnings.catch_warnings(), _strict_loading():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(upload, formats=[PIL_FORMATS[kind]]) as opened:
                width, height = opened.size
                if width * height > MAX_PIXELS:
                    raise FileRefused(TOO_LARGE)
                opened.load()
                # In place, so that a large photo is not held twice.
                ImageOps.exif_transpose(opened, in_place=True)
                return _pixels_only(opened, keep_alpha=kind is Kind.PNG)
        except FileRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise FileRefused(TOO_LARGE) from error
        except Exception as error:
            # Decoders raise many kinds of errors on damaged or cut-off data (OSError,
            # SyntaxError, ValueError, struct.error, zlib.error...): all mean "not readable".
            raise FileRefused(UNREADABLE_IMAGE) from error


def _pixels_only(image: Image.Image, *, keep_alpha: bool) -> Image.Image:
    """A new image with the pixels of `image` and nothing else: a copy or a conversion would
    carry its info dict (EXIF, XMP, ICC profile, comments, PNG text) over to the saved file."""
    image = _eight_bit(image)
    if not image.has_transparency_data:
        return _drawn_into_new(image, "RGB")
    if keep_alpha:
        return _drawn_into_new(image.convert("RGBA"), "RGBA")
    # A JPEG has no transparency: what is transparent becomes white, not black.
    white = Image.new("RGBA", image.size, (255, 255, 255, 255))
    white.alpha_composite(image.convert("RGBA"))
    return _drawn_into_new(white, "RGB")


def _drawn_into_new(image: Image.Image, mode: str) -> Image.Image:
    # paste() converts to the new image's mode itself, without a third copy of the pixels.
    fresh = Image.new(mode, image.size)
    fresh.paste(image)
    return fresh


def _eight_bit(image: Image.Image) -> Image.Image:
    # A 16-bit grey PNG would come out white: Pillow's conversion clips values above 255.
    if image.mode.startswith("I"):
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    return image


# PDFs

# Actions that only move within the document are kept (a table of contents still works);
# every other action is removed, since it runs a script, opens a file or program, reaches
# the network (even a plain web link: a click would tell a tracker who read the document),
# sends a form or plays media.
KEPT_ACTIONS: Final = frozenset({"/GoTo", "/Named", "/Thread"})
# Every other action type of PDF 2.0: a dictionary of one of these types is emptied wherever
# it is, whatever refers to it.
REMOVED_ACTIONS: Final = frozenset(
    {
        "/GoToR",
        "/GoToE",
        "/GoToDp",
        "/Launch",
        "/URI",
        "/Sound",
        "/Movie",
        "/Hide",
        "/SubmitForm",
        "/ResetForm",
        "/ImportData",
        "/JavaScript",
        "/ECMAScript",
        "/SetOCGState",
        "/Rendition",
        "/Trans",
        "/GoTo3DView",
        "/RichMediaExecute",
    }
)
# The keys of a dictionary that hold an action.
ACTION_KEYS: Final = ("/A", "/PA", "/Next")
# Keys removed from every dictionary in the file: actions run on events (/AA), scripts,
# forms (where XFA and submit actions live), portfolios, XMP metadata (of the document and of
# each image or page), embedded and associated files, media, private application data, and
# thumbnails, which may show a page as it was before it was edited.
REMOVED_KEYS: Final = (
    "/AA",
    "/OpenAction",
    "/JS",
    "/AcroForm",
    "/XFA",
    "/Collection",
    "/Metadata",
    "/EF",
    "/AF",
    "/RichMediaContent",
    "/RichMediaSettings",
    "/3DD",
    "/Sound",
    "/Movie",
    "/PieceInfo",
    "/SpiderInfo",
    "/Perms",
    "/Thumb",
)
# Annotations removed from the pages: attached files, media, and form fields (flattened into
# the page first, so that what was filled in stays visible).
REMOVED_ANNOTATIONS: Final = frozenset(
    {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D", "/Widget"}
)
# The document catalog keeps only what describes the pages and how to show them.
KEPT_CATALOG_KEYS: Final = frozenset(
    {
        "/Type",
        "/Version",
        "/Extensions",
        "/Pages",
        "/PageLabels",
        "/Names",
        "/Dests",
        "/ViewerPreferences",
        "/PageLayout",
        "/PageMode",
        "/Outlines",
        "/Threads",
        "/StructTreeRoot",
        "/MarkInfo",
        "/Lang",
        "/OutputIntents",
        "/OCProperties",
    }
)
# Of the catalog's name trees only the named destinations are kept: the others hold scripts,
# embedded files, media, page templates for scripts and web capture data.
KEPT_NAME_TREES: Final = frozenset({"/Dests"})
# The trailer keeps the catalog and what qpdf manages itself. The document information
# dictionary (/Info: author, software, dates) goes, and so does the original /ID, which would
# tie the file to the copy it came from (qpdf writes a new one).
KEPT_TRAILER_KEYS: Final = frozenset({"/Root", "/Size", "/Encrypt"})
# Streams whose content goes even if something non-standard still refers to them.
EMPTIED_STREAM_TYPES: Final = frozenset({"/EmbeddedFile", "/Metadata"})


def _clean_pdf(upload: pathlib.Path, workdir: pathlib.Path) -> CleanedFile:
    output = workdir / CLEANED_PDF
    try:
        with pikepdf.open(upload) as pdf:
            _flatten_form(pdf)
            _keep_only(pdf.trailer, KEPT_TRAILER_KEYS)
            _strip_catalog(pdf.Root)
            # Every object once: this also reaches actions hidden in outlines, in annotations
            # no page shows, or behind keys no viewer is known to read.
            for obj in pdf.objects:
                _strip_object_tree(obj)
            # No encryption, and no XMP or /Info is written: fix_metadata_version would only
            # edit an XMP packet, and there is none left.
            pdf.save(output, encryption=False, linearize=False, fix_metadata_version=False)
        with pikepdf.open(output) as cleaned:
            pages = len(cleaned.pages)
    except pikepdf.PasswordError as error:
        raise FileRefused(PASSWORD_PROTECTED) from error
    except pikepdf.PdfError as error:
        # Refused on errors only: qpdf repairs small damage (a wrong cross-reference table)
        # with a warning, and such a file is kept as qpdf rewrote it.
        raise FileRefused(UNREADABLE_PDF) from error
    if pages == 0:
        raise FileRefused(NO_PAGES)
    return _described(output, "application/pdf", "pdf", pages=pages)


def _flatten_form(pdf: pikepdf.Pdf) -> None:
    """What was filled in a form becomes page content, since the form itself is removed."""
    if "/AcroForm" not in pdf.Root:
        return
    try:
        pdf.generate_appearance_streams()
        pdf.flatten_annotations("screen")
    except pikepdf.PdfError:
        # A form qpdf cannot flatten is removed with its fields; the pages remain.
        return


def _keep_only(dictionary: pikepdf.Object, kept: frozenset[str]) -> None:
    for key in list(dictionary.keys()):
        if key not in kept:
            del dictionary[key]


def _strip_catalog(root: pikepdf.Object) -> None:
    if not isinstance(root, Dictionary):
        return
    _keep_only(root, KEPT_CATALOG_KEYS)
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        _keep_only(names, KEPT_NAME_TREES)
        if not names.keys():
            del root["/Names"]


def _strip_object_tree(top: pikepdf.Object) -> None:
    """Strips an indirect object and the direct objects inside it. The indirect objects it
    refers to have their own turn in the walk over pdf.objects."""
    pending = [top]
    while pending:
        obj = pending.pop()
        if isinstance(obj, Dictionary | Stream):
            _strip_dictionary(obj)
            children = [value for _key, value in obj.items()]
        elif isinstance(obj, Array):
            children = list(obj)
        else:
            continue
        pending.extend(
            child
            for child in children
            if isinstance(child, Dictionary | Array) and not child.is_indirect
        )


def _strip_dictionary(obj: pikepdf.Object) -> None:
    for key in REMOVED_KEYS:
        if key in obj:
            del obj[key]
    for key in ACTION_KEYS:
        _strip_action_slot(obj, key)
    if _action_type(obj) in REMOVED_ACTIONS:
        _keep_only(obj, frozenset())
    annotations = obj.get("/Annots")
    if isinstance(annotations, Array):
        _strip_annotations(annotations)
    if isinstance(obj, Stream):
        _strip_stream(obj)


def _strip_stream(stream: pikepdf.Stream) -> None:
    if _name(stream.get("/Type")) in EMPTIED_STREAM_TYPES:
        # Nothing standard refers to these streams any more (the /EF and /Metadata keys are
        # gone), but a non-standard key could: their content and description go too.
        stream.write(b"")
        _keep_only(stream, frozenset({"/Length"}))
    elif _is_jpeg_image(stream):
        # A PDF made from a phone photo often holds the JPEG file as it was, EXIF and all.
        jpeg = _jpeg_without_metadata(stream.read_raw_bytes())
        if jpeg is not None:
            stream.write(jpeg, filter=Name.DCTDecode, decode_parms=_jpeg_parameters(stream))


def _is_jpeg_image(stream: pikepdf.Stream) -> bool:
    filters = stream.get("/Filter")
    if isinstance(filters, Array) and len(filters) == 1:
        filters = filters[0]
    return _name(filters) == "/DCTDecode"


def _jpeg_parameters(stream: pikepdf.Stream) -> Dictionary | None:
    # /ColorTransform, if there is one, whether given alone or in a list of one.
    parameters = stream.get("/DecodeParms")
    if isinstance(parameters, Array) and len(parameters) == 1:
        parameters = parameters[0]
    return parameters if isinstance(parameters, Dictionary) else None


def _jpeg_without_metadata(data: bytes) -> bytes | None:
    """The JPEG without its application segments and comments (EXIF with its GPS position and
    camera serial number, XMP, ICC profiles, thumbnails), up to its image data; None if it is
    not a JPEG this can read, which is then left as it is.

    Only Adobe's segment is kept: it says how the colours are coded. PDF viewers ignore the
    others, taking the colour space from the PDF.
    """
    if not data.startswith(b"\xff\xd8"):
        return None
    kept = bytearray(b"\xff\xd8")
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # a fill byte before a marker
            position += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            kept += data[position : position + 2]
            position += 2
            continue
        if marker == 0xDA:  # start of scan: the image data, kept as it is
            return bytes(kept + data[position:])
        end = position + 2 + int.from_bytes(data[position + 2 : position + 4], "big")
        if end > len(data) or end < position + 4:
            return None
        segment = data[position:end]
        is_metadata = 0xE0 <= marker <= 0xEF or marker == 0xFE
        if not is_metadata or (marker == 0xEE and segment[4:9] == b"Adobe"):
            kept += segment
        position = end
    return None


def _strip_action_slot(holder: pikepdf.Object, key: str) -> None:
    value = holder.get(key)
    if isinstance(value, Array):
        # /Next may list several actions.
        for index in reversed(range(len(value))):
            if _is_removed_action(value[index]):
                del value[index]
    elif _is_removed_action(value):
        del holder[key]


def _is_removed_action(value: object) -> bool:
    # An action is a dictionary with a name in /S (the outline items that /Next also links
    # have none); only the kept types survive.
    action_type = _action_type(value)
    return action_type is not None and action_type not in KEPT_ACTIONS


def _action_type(value: object) -> str | None:
    if not isinstance(value, Dictionary | Stream):
        return None
    return _name(value.get("/S"))


def _name(value: object) -> str | None:
    return str(value) if isinstance(value, Name) else None


def _strip_annotations(annotations: pikepdf.Array) -> None:
    for index in reversed(range(len(annotations))):
        annotation = annotations[index]
        if (
            isinstance(annotation, Dictionary)
            and _name(annotation.get("/Subtype")) in REMOVED_ANNOTATIONS
        ):
            del annotations[index]


# The result


def _described(path: pathlib.Path, content_type: str, extension: str, *, pages: int) -> CleanedFile:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
    return CleanedFile(
        path=path,
        content_type=content_type,
        extension=extension,
        pages=pages,
        size=size,
        sha256=digest.hexdigest(),
    )


def _copy(source: BinaryIO, target: pathlib.Path) -> None:
    source.seek(0)
    with target.open("wb") as copy:
        shutil.copyfileobj(source, copy, CHUNK_SIZE)
