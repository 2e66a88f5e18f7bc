"""Every write of docs_app done for a request: printing a summary, asking for a bulk export
and taking its archive. What the task worker does is in docs_app/worker.py.

Like casework.actions, each action is atomic and writes its audit events. A printed
summary is audited with its language and the sections it holds, and the purpose typed for
it in the event's encrypted `purpose`.
"""

from __future__ import annotations

import datetime
import io
import logging
import zipfile
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casework import crypto
from casework.access.policy import CaseAction, may_on_case
from casework.actions import log_event, log_file_read
from casework.models import AuditAction, Case, CaseFile, User
from docs_app.models import ExportStatus, SummaryExport
from docs_app.summary import (
    allowed_sections,
    annex_choices,
    annex_detail,
    effective_sections,
    print_detail,
    render_summary,
)
from docs_app.tasks import build_summary_export, purge_summary_exports
from docs_app.worker import purge_expired_exports

logger = logging.getLogger(__name__)


def print_case_summary(
    *,
    case: Case,
    by: User,
    sections: list[str],
    purpose: str,
    language: str,
    annex: Sequence[CaseFile] = (),
) -> bytes:
    """Render one summary in `language` and audit it, and each file of its annex as read.
    `case` must come from get_case_for_user(.., "print"), `annex` from annex_choices."""
    sections = effective_sections(by, case, sections)
    allowed = {file.pk for file in annex_choices(by, case)}
    if any(file.pk not in allowed for file in annex):
        raise ValueError("Only files that may leave, and that the user sees, go into an annex.")
    pdf = render_summary(
        case=case, user=by, sections=sections, purpose=purpose, language=language, annex=annex
    )
    detail = print_detail(sections=sections, language=language)
    if annex:
        detail = f"{detail}; {annex_detail(annex)}"[:500]
    log_event(user=by, case=case, action=AuditAction.PRINT, detail=detail, purpose=purpose)
    for file in annex:
        log_file_read(case=case, by=by, file=file, action=AuditAction.FILE_DOWNLOAD, what="annexed")
    return pdf


@transaction.atomic
def request_summary_export(
    *, by: User, case_ids: list[int], sections: list[str], purpose: str, language: str
) -> SummaryExport:
    """Queue the summaries of these cases as one ZIP, every one in `language`. The task runs
    in `manage.py db_worker`."""
    purge_expired_exports()
    now = timezone.now()
    export = SummaryExport.objects.create(
        requested_by=by,
        created_at=now,
        expires_at=now + datetime.timedelta(seconds=settings.SUMMARY_EXPORT_LIFETIME),
        case_ids=list(case_ids),
        sections=",".join(sections),
        purpose=purpose,
        language=language,
    )
    # The database backend stores the task in this transaction: it exists only if the
    # export does, and the worker cannot pick it up before the export row is committed.
    build_summary_export.enqueue(export.pk)
    purge_summary_exports.using(run_after=export.expires_at).enqueue()
    return export


@transaction.atomic
def take_export_archive(*, export: SummaryExport, by: User) -> bytes | None:
    """The ZIP, handed out once: it is deleted from the database as it is taken."""
    ready = (
        SummaryExport.objects.select_for_update()
        .filter(pk=export.pk, status=ExportStatus.READY, expires_at__gt=timezone.now())
        .first()
    )
    if ready is None or ready.archive is None:
        return None
    archive = crypto.decrypt_bytes(bytes(ready.archive))
    # Access is checked again at download: a case the user lost since the archive was built
    # (reassigned, unshared, erased), or whose summary holds a section they may no longer
    # print (relatives of a share that no longer includes them), is left out.
    asked = set(ready.section_list)
    visible = {
        case.pk: case
        for case in Case.objects.visible_to(by).filter(pk__in=ready.printed_ids)
        if may_on_case(by, case, CaseAction.PRINT) and asked <= set(allowed_sections(by, case))
    }
    kept = [case_id for case_id in ready.printed_ids if case_id in visible]
    if len(kept) < len(ready.printed_ids):
        archive = _archive_of(archive, ready.printed_ids, keep=set(kept))
    for case_id in kept:
        log_event(
            user=by,
            case=visible[case_id],
            action=AuditAction.EXPORT,
            detail=f"export {ready.pk}; language: {ready.language}",
        )
    SummaryExport.objects.filter(pk=ready.pk).update(
        status=ExportStatus.DOWNLOADED,
        archive=None,
        downloaded_at=timezone.now(),
        withheld=len(ready.printed_ids) - len(kept),
    )
    return archive


def _archive_of(archive: bytes, case_ids: list[int], *, keep: set[int]) -> bytes:
    """The ZIP again with only the members of the cases in keep. Its members are in the
    order of case_ids (docs_app.worker.build_summary_export writes them so)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as target,
    ):
        members = source.infolist()
        if len(members) != len(case_ids):
            raise ValueError("The archive does not hold one summary per printed case.")
        for case_id, member in zip(case_ids, members, strict=True):
            if case_id in keep:
                target.writestr(member, source.read(member))
    return out.getvalue()
