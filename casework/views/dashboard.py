from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from casework.models import Case, Risk


@login_required
def dashboard(request):
    cases = Case.objects.visible_to(request.user).active()
    my_cases = cases.for_list().order_by("-risk_level", "-updated_at", "-pk")[:20]
    top_risks = (
        Risk.objects.current().filter(case__in=cases).select_related("case").by_severity()[:10]
    )
    return render(
        request,
        "casework/dashboard.html",
        {"my_cases": my_cases, "open_count": cases.count(), "top_risks": top_risks},
    )
