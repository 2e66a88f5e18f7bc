"""Every write of docs_app: printing a summary, and the life of a bulk export.

Like casework/actions.py, each action is atomic and writes its audit events. A printed
summary is audited with the sections it holds and the purpose typed for it.
"""

from __future__ import annotations

import datetime
import io
import logging
import zipfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casework.access import can
from casework.actions import log_event
from casework.models import AuditAction, Case, User
from docs_app.models import ExportStatus, SummaryExport
from docs_app.summary import effective_sections, render_summary, summary_filename

logger = logging.getLogger(__name__)


def print_detail(*, sections: list[str], purpose: str, export: SummaryExport | None = None) -> str:
    detail = f"sections: {', '.join(sections) or 'none'}; purpose: {purpose}"
    if export is not None:
        detail = f"export {export.pk}; {detail}"
    return detail[:500]


def print_case_summary(
    *, case: Case, by: User, sections: list[str], purpose: str, ip: str | None = None
) -> bytes:
    """Render one summary and audit it. `case` must come from get_case_for_user(.., "print")."""
    sections = effective_sections(by, case, sections)
    pdf = render_summary(case=case, user=by, sections=sections, purpose=purpose)
    log_event(
        user=by,
        case=case,
        action=AuditAction.PRINT,
        detail=print_detail(sections=sections, purpose=purpose),
        ip=ip,
    )
    return pdf


@transaction.atomic
def request_summary_export(
    *, by: User, case_ids: list[int], sections: list[str], purpose: str
) -> SummaryExport:
    """Queue the summaries of these cases as one ZIP. The task runs in `manage.py db_worker`."""
    from docs_app.tasks import build_summary_export, purge_summary_exports

    purge_expired_exports()
    now = timezone.now()
    export = SummaryExport.objects.create(
        requested_by=by,
        created_at=now,
        expires_at=now + datetime.timedelta(seconds=settings.SUMMARY_EXPORT_LIFETIME),
        case_ids=list(case_ids),
        sections=",".join(sections),
        purpose=purpose,
    )
    # The database backend stores the task in this transaction: it exists only if the
    # export does, and the worker cannot pick it up before the export row is committed.
    build_summary_export.enqueue(export.pk)
    purge_summary_exports.using(run_after=export.expires_at).enqueue()
    return export


def build_summary_export(*, export_id: int) -> SummaryExport | None:
    """Render each case of the export into one ZIP, counting progress as it goes."""
    export = (
        SummaryExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED)
        .exclude(pk__in=SummaryExport.objects.expired())
        .first()
    )
    if export is None:  # already built, or expired before the worker came to it
        return None
    SummaryExport.objects.filter(pk=export.pk).update(status=ExportStatus.BUILDING)
    user = export.requested_by
    # Access is checked again now: the requester may have lost a case since asking.
    cases = {
        case.pk: case
        for case in Case.objects.visible_to(user)
        .select_related("person", "office")
        .filter(pk__in=export.case_ids)
    }
    buffer = io.BytesIO()
    printed: list[tuple[Case, list[str]]] = []
    skipped = 0
    try:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            for case_id in export.case_ids:
                case = cases.get(case_id)
                if case is None or not can(user, case, "print"):
                    skipped += 1
                    continue
                sections = effective_sections(user, case, export.section_list)
                pdf = render_summary(
                    case=case, user=user, sections=sections, purpose=export.purpose
                )
                archive.writestr(summary_filename(case), pdf)
                printed.append((case, sections))
                SummaryExport.objects.filter(pk=export.pk).update(
                    done=len(printed), skipped=skipped
                )
    except Exception:
        logger.exception("Summary export %s failed", export.pk)
        SummaryExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, finished_at=timezone.now()
        )
        raise
    # The prints are audited once the archive exists, together with it.
    with transaction.atomic():
        SummaryExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.READY,
            done=len(printed),
            skipped=skipped,
            printed_ids=[case.pk for case, _ in printed],
            archive=buffer.getvalue(),
            finished_at=timezone.now(),
        )
        for case, sections in printed:
            log_event(
                user=user,
                case=case,
                action=AuditAction.PRINT,
                detail=print_detail(sections=sections, purpose=export.purpose, export=export),
            )
    export.refresh_from_db()
    return export


@transaction.atomic
def take_export_archive(*, export: SummaryExport, by: User, ip: str | None = None) -> bytes | None:
    """The ZIP, handed out once: it is deleted from the database as it is taken."""
    export = (
        SummaryExport.objects.select_for_update()
        .filter(pk=export.pk, status=ExportStatus.READY, expires_at__gt=timezone.now())
        .first()
    )
    if export is None or export.archive is None:
        return None
    archive = bytes(export.archive)
    for case in Case.objects.filter(pk__in=export.printed_ids):
        log_event(
            user=by, case=case, action=AuditAction.EXPORT, detail=f"export {export.pk}", ip=ip
        )
    SummaryExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.DOWNLOADED, archive=None, downloaded_at=timezone.now()
    )
    return archive


def purge_expired_exports() -> int:
    """Delete every export past its time, with its archive if it was never downloaded."""
    deleted, _ = SummaryExport.objects.expired().delete()
    return deleted
