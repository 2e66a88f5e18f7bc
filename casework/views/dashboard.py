from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from casework.models import Case, Risk, Role


@login_required
def dashboard(request):
    if request.user.role == Role.ADMIN:
        # Admins see no case content: their work is users, offices and reference data.
        return redirect("admin:index")
    cases = Case.objects.visible_to(request.user).active()
    by_risk = cases.order_by("-risk_level", "-updated_at", "-pk")
    my_cases = by_risk.for_list()[:20]
    # A case's risk level is its highest current risk, so the ten highest risks are all
    # among the ten cases of highest level: no need to sort every risk of the office.
    top_risks = (
        Risk.objects.current()
        .filter(case__in=by_risk.values("pk")[:10])
        .select_related("case")
        .by_severity()[:10]
    )
    return render(
        request,
        "casework/dashboard.html",
        {"my_cases": my_cases, "open_count": cases.count(), "top_risks": top_risks},
    )
