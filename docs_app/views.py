"""The print form and the PDF case summary, and coordinators' ZIP exports of a list page."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.access import policy
from casework.access.lookups import get_case_for_user
from casework.access.policy import CaseAction
from casework.filters import case_list_page
from casework.views.case_list import log_search
from docs_app import actions
from docs_app.forms import SummaryForm, default_pdf_language, summary_query
from docs_app.models import SummaryExport
from docs_app.summary import (
    OPTIONAL_SECTIONS,
    allowed_sections,
    annex_choices,
    summary_filename,
)


@login_required
def summary_form(request, pk):
    case = get_case_for_user(request.user, pk, CaseAction.PRINT)
    # The form posts to summary.pdf: a PDF is never made from a link, a bookmark or a
    # page on another site, only from this form with its CSRF token.
    form = SummaryForm(
        offered=allowed_sections(request.user, case),
        language=default_pdf_language(request.user),
        annex_files=list(annex_choices(request.user, case)),
    )
    return render(request, "docs_app/summary_form.html", {"case": case, "form": form})


@require_POST
@login_required
def case_summary(request, pk):
    case = get_case_for_user(request.user, pk, CaseAction.PRINT)
    form = SummaryForm(
        summary_query(request.POST),
        offered=allowed_sections(request.user, case),
        language=default_pdf_language(request.user),
        annex_files=list(annex_choices(request.user, case)),
    )
    if not form.is_valid():
        # Show the form with what to correct, print nothing.
        return render(request, "docs_app/summary_form.html", {"case": case, "form": form})
    pdf = actions.print_case_summary(
        case=case,
        by=request.user,
        sections=form.cleaned_data["include"],
        purpose=form.cleaned_data["purpose"],
        language=form.cleaned_data["lang"],
        annex=form.chosen_annex(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = cast(
        str, content_disposition_header(as_attachment=True, filename=summary_filename(case))
    )
    return response


@login_required
def export_create(request):
    """Summaries of every case on the current page of the filtered case list, as one ZIP."""
    if not policy.may_export_summaries(request.user):
        raise Http404
    case_filter, page, total, _counts = case_list_page(request)
    cases = list(page.object_list)
    # A search as the case list's is, and recorded the same way.
    log_search(request, "summaries form", case_filter, cases, total)
    form = SummaryForm(
        request.POST or None,
        offered=list(OPTIONAL_SECTIONS),
        language=default_pdf_language(request.user),
    )
    if request.method == "POST" and form.is_valid() and cases:
        export = actions.request_summary_export(
            by=request.user,
            case_ids=[case.pk for case in cases],
            sections=form.cleaned_data["include"],
            purpose=form.cleaned_data["purpose"],
            language=form.cleaned_data["lang"],
        )
        return redirect(export)
    query = request.GET.copy()
    return render(
        request,
        "docs_app/export_form.html",
        {
            "form": form,
            "cases": cases,
            "page": page,
            "total": total,
            "list_query": query.urlencode(),
        },
    )


def get_export_for_user(user, pk: int) -> SummaryExport:
    export = SummaryExport.objects.visible_to(user).filter(pk=pk).first()
    if export is None or export.expires_at <= timezone.now():
        raise Http404("No such export.")
    return export


@login_required
def export_detail(request, export_pk):
    export = get_export_for_user(request.user, export_pk)
    template = (
        "docs_app/_export_progress.html"
        if request.headers.get("HX-Request")
        else "docs_app/export_detail.html"
    )
    waiting = (timezone.now() - export.created_at).total_seconds()
    return render(request, template, {"export": export, "waiting_long": waiting > 30})


@require_POST
@login_required
def export_download(request, export_pk):
    export = get_export_for_user(request.user, export_pk)
    archive = actions.take_export_archive(export=export, by=request.user)
    if archive is None:
        messages.error(request, _("This archive is no longer available. Start a new export."))
        return redirect(export)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = cast(
        str, content_disposition_header(as_attachment=True, filename=export.filename)
    )
    return response
