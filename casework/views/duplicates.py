"""The intake's live duplicate check, and dismissing a duplicate notice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework import actions
from casework.access import policy
from casework.access.lookups import get_notice_for_user
from casework.duplicates import typed_names, visible_duplicates
from casework.models import AuditAction


@require_POST
@login_required
def intake_duplicates(request):
    """The intake page's live check: possible duplicates among the cases this user may see.

    A name that matches only cases the user may not see gets the very answer a name that
    matches nothing gets: the typed text is not echoed, and nothing else is counted or said.
    """
    if not policy.may_take_in(request.user):
        raise Http404
    texts, birth_date = typed_names(request.POST)
    duplicates = visible_duplicates(request.user, texts, birth_date)
    # The count only: the references are on the page, the names typed never in the log.
    actions.log_list_read(
        by=request.user, action=AuditAction.SEARCH, page="duplicate check", count=len(duplicates)
    )
    return render(
        request,
        "casework/_possible_duplicates.html",
        {"duplicates": duplicates, "live_update": True},
    )


@require_POST
@login_required
def duplicate_dismiss(request, notice_pk):
    notice = get_notice_for_user(request.user, notice_pk)
    if notice.dismissed_at is None:
        actions.dismiss_duplicate_notice(notice=notice, by=request.user)
        messages.success(
            request,
            _("The notice about case %(reference)s was dismissed.")
            % {"reference": notice.case.reference},
        )
    return redirect("casework:dashboard")
