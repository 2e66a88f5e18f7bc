"""A case's history: every version of its records, and restoring a removed one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework import actions
from casework.access.lookups import get_case_for_user
from casework.access.policy import CaseAction, May
from casework.history import history_page, removed_version, sources_for


@login_required
def case_history(request, pk):
    case = get_case_for_user(request.user, pk, CaseAction.VIEW)
    page = history_page(request.user, case, request.GET.get("page"))
    actions.log_case_history_view(case=case, by=request.user)
    return render(
        request,
        "casework/case_history.html",
        {"case": case, "page": page, "may": May(request.user, case)},
    )


@require_POST
@login_required
def history_restore(request, pk, kind, history_pk):
    case = get_case_for_user(request.user, pk, CaseAction.RESTORE)
    if kind not in {source.kind for source in sources_for(request.user, case)}:
        raise Http404("No such record.")
    found = removed_version(case, kind, history_pk)
    if found is None:
        raise Http404("No such record.")
    _source, version = found
    try:
        actions.restore_record(case=case, by=request.user, version=version)
    except actions.RestoreRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The record was restored."))
    return redirect(reverse("casework:case_history", args=[case.pk]))
