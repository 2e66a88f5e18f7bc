from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from casework.models import Case, Risk, Role


@login_required
def dashboard(request):
    if request.user.role == Role.ADMIN:
        # Admins see no case content: their work is users, offices and reference data.
        return redirect("admin:index")
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
