"""The remedy guide on the case page: start tracking a remedy the knowledge base suggests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework import actions
from casework.access.lookups import get_case_for_user
from casework.access.policy import CaseAction
from casework.models import RemedyOption


@login_required
@require_POST
def track_remedy(request, pk, option_pk):
    # Remedies are what legal aid may record on a shared case, hence EDIT_LEGAL.
    case = get_case_for_user(request.user, pk, CaseAction.EDIT_LEGAL)
    option = get_object_or_404(RemedyOption, pk=option_pk, country=case.host_country)
    remedy, created = actions.track_remedy_option(case=case, by=request.user, option=option)
    if created:
        messages.success(
            request,
            _("%(remedy)s is now tracked on this case.") % {"remedy": remedy.get_kind_display()},
        )
    else:
        messages.info(
            request,
            _("%(remedy)s was already tracked on this case: nothing was added.")
            % {"remedy": remedy.get_kind_display()},
        )
    return redirect(f"{case.get_absolute_url()}#remedies")
