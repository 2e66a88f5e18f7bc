"""What the task worker runs for docs_app (docs_app/tasks.py enqueues it): building a bulk
export's ZIP, and deleting expired exports. Each step writes its audit events."""

from __future__ import annotations

import io
import logging
import zipfile

from django.db import transaction
from django.utils import timezone

from casework import crypto
from casework.access.policy import CaseAction, may_on_case
from casework.actions import log_event
from casework.models import AuditAction, Case
from docs_app.models import ExportStatus, SummaryExport
from docs_app.summary import effective_sections, print_detail, render_summary, summary_filename

logger = logging.getLogger(__name__)


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
                if case is None or not may_on_case(user, case, CaseAction.PRINT):
                    skipped += 1
                    continue
                sections = effective_sections(user, case, export.section_list)
                pdf = render_summary(
                    case=case,
                    user=user,
                    sections=sections,
                    purpose=export.purpose,
                    language=export.language,
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
            archive=crypto.encrypt_bytes(buffer.getvalue()),
            finished_at=timezone.now(),
        )
        for case, sections in printed:
            log_event(
                user=user,
                case=case,
                action=AuditAction.PRINT,
                detail=print_detail(sections=sections, language=export.language, export=export),
                purpose=export.purpose,
            )
    export.refresh_from_db()
    return export


def purge_expired_exports() -> int:
    """Delete every export past its time, with its archive if it was never downloaded."""
    deleted, _ = SummaryExport.objects.expired().delete()
    return deleted
