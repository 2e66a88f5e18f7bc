"""The dashboard: the user's cases by risk, the highest risks, deadlines and notices."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from casework import actions, deadlines
from casework.access import policy
from casework.deadlines.pages import people_of
from casework.duplicates import pending_notices_for
from casework.models import AuditAction, AuditEvent, Case, Risk

# How far back a coordinator's dashboard shows changes to the office's accounts, and how many.
ACCOUNT_NOTICE_DAYS = 14
ACCOUNT_NOTICES = 10


@login_required
def dashboard(request):
    if not policy.works_on_cases(request.user):
        # Admins see no case content: their work is users, offices and reference data.
        return redirect("admin:index")
    cases = Case.objects.visible_to(request.user).active()
    my_cases = list(cases.by_risk().for_list()[:20])
    # A case's risk level is its highest current risk, so the ten highest risks are all
    # among the ten cases of highest level: no need to sort every risk of the office.
    top_cases = cases.by_risk().values("pk")[:10]
    top_risks = list(Risk.objects.current().of_cases(top_cases).by_severity()[:10])
    stale, stale_total = deadlines.stale_cases(request.user)
    deadline_sections = deadlines.dashboard_sections(request.user)
    # The person's name beside every reference shown: one lookup for the whole page.
    people = people_of(
        request.user,
        {case.pk for case in my_cases}
        | {risk.case_id for risk in top_risks}
        | {case.pk for case in stale}
        | {item.case_id for section in deadline_sections for item in section.items},
    )
    for section in deadline_sections:
        section.people = people
    since = timezone.now() - datetime.timedelta(days=ACCOUNT_NOTICE_DAYS)
    account_notices = AuditEvent.objects.account_notices_for(request.user).filter(at__gte=since)
    # The dashboard shows case data too: one event, with the cases it lists first.
    actions.log_list_read(
        by=request.user,
        action=AuditAction.LIST,
        page="dashboard",
        references=[case.reference for case in my_cases],
    )
    return render(
        request,
        "casework/dashboard.html",
        {
            "my_cases": [(case, people.get(case.pk)) for case in my_cases],
            "open_count": cases.count(),
            "top_risks": [(risk, people.get(risk.case_id)) for risk in top_risks],
            # Deadlines (templates/casework/_deadlines.html).
            "deadline_sections": deadline_sections,
            "people": people,
            "stale_cases": [(case, people.get(case.pk)) for case in stale],
            "stale_total": stale_total,
            "stale_days": deadlines.STALE_DAYS,
            "today": timezone.localdate(),
            # Possible duplicates taken in elsewhere (templates/casework/_duplicate_notices.html).
            "duplicate_notices": pending_notices_for(request.user),
            # Changes to the office's accounts (templates/casework/_account_notices.html).
            "account_notices": list(account_notices[:ACCOUNT_NOTICES]),
            "account_notice_days": ACCOUNT_NOTICE_DAYS,
        },
    )
