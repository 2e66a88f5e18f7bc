"""What coordinators do to a case of their office: assign, share, close, reopen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework import actions
from casework.access.lookups import get_case_for_user
from casework.access.policy import CaseAction
from casework.forms import AssignForm, ReasonForm, ShareForm


@login_required
def case_assign(request, pk):
    case = get_case_for_user(request.user, pk, CaseAction.MANAGE)
    form = AssignForm(
        request.POST or None,
        office=case.office,
        initial={"volunteers": list(case.assigned_to.all())},
    )
    if request.method == "POST" and form.is_valid():
        actions.assign_case(case=case, by=request.user, users=form.cleaned_data["volunteers"])
        messages.success(request, _("The assignment was saved."))
        return redirect(case)
    actions.log_case_view(case=case, by=request.user, form="assign")
    return render(request, "casework/case_assign.html", {"case": case, "form": form})


@login_required
def case_share(request, pk):
    case = get_case_for_user(request.user, pk, CaseAction.MANAGE)
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.share_case(case=case, by=request.user, **form.cleaned_data)
        messages.success(request, _("The case was shared."))
        return redirect(case)
    shares = case.shares.select_related("user")
    actions.log_case_view(case=case, by=request.user, form="share")
    return render(
        request, "casework/case_share.html", {"case": case, "form": form, "shares": shares}
    )


@require_POST
@login_required
def case_unshare(request, pk, share_pk):
    case = get_case_for_user(request.user, pk, CaseAction.MANAGE)
    share = get_object_or_404(case.shares.select_related("user"), pk=share_pk)
    actions.unshare_case(share=share, by=request.user)
    messages.success(request, _("The case is no longer shared with that user."))
    return redirect(case)


@login_required
def case_close(request, pk):
    return _change_status(request, pk, closing=True)


@login_required
def case_reopen(request, pk):
    return _change_status(request, pk, closing=False)


def _change_status(request, pk, *, closing: bool):
    case = get_case_for_user(request.user, pk, CaseAction.MANAGE)
    if case.is_closed == closing:
        raise Http404
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = actions.close_case if closing else actions.reopen_case
        action(case=case, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("The case was closed.") if closing else _("The case was reopened.")
        )
        return redirect(case)
    actions.log_case_view(case=case, by=request.user, form="close" if closing else "reopen")
    return render(
        request, "casework/case_status.html", {"case": case, "form": form, "closing": closing}
    )
