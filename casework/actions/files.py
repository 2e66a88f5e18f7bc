"""The document vault's writes and audited reads: attach, replace, change and remove a case's
files, and record every download and preview.

A file is scanned (when ClamAV is configured), cleaned and sealed before its row is written;
if any file of an upload is refused, none is kept. What was stored for an upload that then
fails is discarded, so the storage holds nothing that no row points to.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from casework.actions.audit import log_event
from casework.actions.base import item_label, keeps_history, touch
from casework.models import SHARED_DETAILS, AuditAction, Case, CaseFile, User
from casework.vault import clamav, cleaning, previews, sealing, storage
from casework.vault.display import megabytes, shown_name


class UploadRefused(Exception):
    """An upload of which nothing was stored; the message says which file and why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Sealed:
    """One cleaned file in the storage, not yet described by a row."""

    cleaned: cleaning.CleanedFile
    key: str
    names: tuple[str, str, str]


def quota_bytes() -> int:
    return int(settings.OFFICE_FILES_QUOTA_GB * 1024**3)


def check_quota(case: Case, adding: int) -> None:
    used = CaseFile.objects.bytes_of_office(case.office)
    if used + adding > quota_bytes():
        raise UploadRefused(
            _(
                "Your office's files have reached their limit of %(quota)s GB (%(used)s MB "
                "used), so nothing was stored. Ask an admin to raise OFFICE_FILES_QUOTA_GB, "
                "or remove files that are no longer needed."
            )
            % {"quota": settings.OFFICE_FILES_QUOTA_GB, "used": megabytes(used)}
        )


def _seal(upload: UploadedFile, workdir: Path) -> Sealed:
    upload.seek(0)
    source = cast(BinaryIO, upload)
    try:
        clamav.scan(source)
        cleaned = cleaning.clean_file(source, name=upload.name or "", workdir=workdir)
    except (clamav.ScanRefused, cleaning.FileRefused) as refusal:
        raise UploadRefused(f"{shown_name(upload)}: {refusal.message}") from None
    made = previews.make_previews(cleaned)
    key = sealing.new_key()
    stored: list[str] = []
    try:
        with cleaned.path.open("rb") as content:
            stored.append(storage.store(content, key))
        stored.append(storage.store_bytes(made.preview, key))
        stored.append(storage.store_bytes(made.thumbnail, key))
    except BaseException:
        for name in stored:
            storage.discard(name)
        raise
    return Sealed(cleaned=cleaned, key=key, names=(stored[0], stored[1], stored[2]))


def _discard(sealed: Sequence[Sealed]) -> None:
    for one in sealed:
        for name in one.names:
            storage.discard(name)


def seal_uploads(case: Case, uploads: Sequence[UploadedFile]) -> list[Sealed]:
    """Every upload scanned, cleaned and stored sealed, or none (UploadRefused)."""
    check_quota(case, sum(upload.size or 0 for upload in uploads))
    sealed: list[Sealed] = []
    try:
        for upload in uploads:
            # The cleaned plain content lives only as long as it takes to seal it.
            with tempfile.TemporaryDirectory(dir=settings.FILE_UPLOAD_TEMP_DIR) as workdir:
                sealed.append(_seal(upload, Path(workdir)))
        # Cleaning changes sizes: the limit holds for what is stored.
        check_quota(case, sum(one.cleaned.size for one in sealed))
    except BaseException:
        _discard(sealed)
        raise
    return sealed


@keeps_history
def attach_files(
    *,
    case: Case,
    by: User,
    uploads: Sequence[UploadedFile],
    titles: Sequence[str],
    details: Mapping[str, Any],
    replaces: CaseFile | None = None,
) -> list[CaseFile]:
    """Files added to case, one audit event each: `titles` name them in order, `details`
    (kind, document_date, may_leave, about_relatives) is what they share. With `replaces`,
    the one upload takes the place of that file, which is removed (kept in the history)."""
    if len(titles) != len(uploads):
        raise ValueError("One title per upload.")
    sealed = seal_uploads(case, uploads)
    try:
        with transaction.atomic():
            files = [
                _add_file(case=case, by=by, sealed=one, title=title, details=details)
                for one, title in zip(sealed, titles, strict=True)
            ]
            if replaces is not None:
                for file in files:
                    file.replaces = replaces
                    file.save(update_fields=["replaces"])
                _remove(case=case, by=by, file=replaces)
            touch(case)
    except BaseException:
        _discard(sealed)
        raise
    return files


def _add_file(
    *, case: Case, by: User, sealed: Sealed, title: str, details: Mapping[str, Any]
) -> CaseFile:
    cleaned = sealed.cleaned
    file = CaseFile(
        case=case,
        uploaded_by=by,
        title=title,
        size=cleaned.size,
        sha256=cleaned.sha256,
        content_type=cleaned.content_type,
        pages=cleaned.pages,
        key=sealed.key,
        storage_name=sealed.names[0],
        preview_name=sealed.names[1],
        thumbnail_name=sealed.names[2],
        **details,
    )
    file.full_clean(exclude=["case", "uploaded_by", "replaces"])
    file.save()
    log_event(
        user=by, case=case, action=AuditAction.FILE_UPLOAD, detail=f"{item_label(file)} added"
    )
    return file


def replace_file(*, case: Case, by: User, file: CaseFile, upload: UploadedFile) -> CaseFile:
    """A corrected scan in place of file: the same kind, title, date and choices."""
    details = {name: getattr(file, name) for name in SHARED_DETAILS}
    (new,) = attach_files(
        case=case, by=by, uploads=[upload], titles=[file.title], details=details, replaces=file
    )
    return new


@keeps_history
@transaction.atomic
def remove_file(*, case: Case, by: User, file: CaseFile) -> None:
    """The file leaves the case; its version (and its sealed content) stays in the history,
    from which a coordinator may restore it."""
    _remove(case=case, by=by, file=file)
    touch(case)


def _remove(*, case: Case, by: User, file: CaseFile) -> None:
    label = item_label(file)
    file.delete()
    log_event(user=by, case=case, action=AuditAction.FILE_REMOVE, detail=f"{label} removed")


def log_file_read(*, case: Case, by: User, file: CaseFile, action: str, what: str) -> None:
    """A download (what="downloaded"), a preview ("previewed") or a thumbnail ("thumbnail")."""
    log_event(user=by, case=case, action=action, detail=f"{item_label(file)} {what}")
