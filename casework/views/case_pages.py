"""Intake, the case page and the case edit page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casework import actions, deadlines
from casework.access import policy
from casework.access.lookups import get_case_for_user
from casework.access.policy import CaseAction, May
from casework.choices import RiskStatus
from casework.duplicates import check_fields, typed_names, visible_duplicates
from casework.forms import (
    CaseEditForm,
    IntakeForm,
    IntakePersonForm,
    IntakeRiskFormSet,
    NameFormSet,
    PersonForm,
)
from casework.guide import suggest_remedies
from casework.models import AuditAction, AuditEvent, Case, full_name_lang


@login_required
def case_create(request):
    if not policy.may_take_in(request.user):
        raise Http404
    person_form = IntakePersonForm(request.POST or None, prefix="person")
    # Most people an office takes in live in its country: that is where the remedies apply.
    case_form = IntakeForm(
        request.POST or None, prefix="case", initial={"host_country": request.user.office.country}
    )
    names = NameFormSet(request.POST or None, prefix="names")
    risks = IntakeRiskFormSet(request.POST or None, prefix="risks")
    forms_ok = all([f.is_valid() for f in (person_form, case_form, names, risks)])
    if request.method == "POST" and forms_ok:
        case = actions.take_in_case(
            by=request.user,
            person=person_form.cleaned_data,
            names=[person_form.first_spelling(), *names.names()],
            risks=risks.risks(),
            **case_form.cleaned_data,
        )
        messages.success(
            request, _("Case %(reference)s was opened.") % {"reference": case.reference}
        )
        return redirect(case)
    duplicates = []
    if request.method == "POST":
        messages.error(request, _("The case was not saved: correct the fields marked below."))
        # Without JavaScript there is no live check: the page sent back shows the matches.
        duplicates = visible_duplicates(request.user, *typed_names(request.POST))
        actions.log_list_read(
            by=request.user,
            action=AuditAction.SEARCH,
            page="duplicate check",
            count=len(duplicates),
        )
    return render(
        request,
        "casework/case_create.html",
        {
            "person_form": person_form,
            "case_form": case_form,
            "names": names,
            "risks": risks,
            "duplicates": duplicates,
            "duplicate_check_fields": ",".join(check_fields()),
        },
    )


# How many changes "Recent activity" lists on the case page.
RECENT_ACTIVITY = 5


@login_required
def case_detail(request, pk):
    case = get_case_for_user(request.user, pk, CaseAction.VIEW)
    # Lists, read once: the header, the sections menu's counts, the tables and the guide.
    risks = list(case.risks.by_severity())
    remedies = list(case.remedies.all())
    documents = list(case.person.documents.all())
    names = list(case.person.names.all())
    may = May(request.user, case)
    assert may.case is not None
    context: dict[str, Any] = {
        "may": may,
        "case": case,
        "names": names,
        "full_name_lang": full_name_lang(case.person, names),
        "risks": risks,
        "remedies": remedies,
        "documents": documents,
        "notes": case.notes.select_related("author"),
        "assigned": case.assigned_to.all(),
        "files": list(case.files.shown(with_relatives=may.case.relatives)),
        # Reads the lists above (which the template then reuses): one query more, for the
        # options.
        "remedy_guide": suggest_remedies(case, risks=risks, documents=documents, remedies=remedies),
    }
    context.update(deadlines.case_page(case))
    context["top_risk"] = next((r for r in risks if r.status != RiskStatus.RESOLVED), None)
    context["next_deadline"] = next(
        (item for item in context["case_deadlines"] if not item.snoozed_until), None
    )
    if may.case.relatives:
        context["relatives"] = case.relatives.prefetch_related("pressure_events")
    if may.case.manage:
        context["shares"] = case.shares.select_related("user")
        # The last changes only; every view and every change is on the history page.
        context["history"] = AuditEvent.objects.of_case(case).changes()[:RECENT_ACTIVITY]
    actions.log_case_view(case=case, by=request.user)
    return render(request, "casework/case_detail.html", context)


@login_required
def case_edit(request, pk):
    case = get_case_for_user(request.user, pk, CaseAction.EDIT)
    data = request.POST or None
    conflict = None
    case_form = CaseEditForm(data, instance=case, prefix="case")
    person_form = PersonForm(data, instance=case.person, prefix="person")
    names = NameFormSet(
        data,
        prefix="names",
        initial=[
            {"text": n.text, "script": n.script, "kind": n.kind} for n in case.person.names.all()
        ],
    )
    if request.method == "POST":
        if all([f.is_valid() for f in (case_form, person_form, names)]):
            try:
                actions.update_case(
                    case=case,
                    by=request.user,
                    expected_version=case_form.cleaned_data["version"],
                    case_data=case_form.case_data(),
                    person_data=person_form.cleaned_data,
                    names=names.names(),
                )
            except actions.EditConflict:
                # Show what was saved meanwhile beside what this user typed; saving again
                # (now against the current version) is a choice made knowing both.
                case = get_case_for_user(request.user, pk, CaseAction.EDIT)
                conflict = saved_version(case)
                data = request.POST.copy()
                data[case_form.add_prefix("version")] = case.version
                case_form = CaseEditForm(data, instance=case, prefix="case")
                person_form = PersonForm(data, instance=case.person, prefix="person")
                messages.error(
                    request,
                    _(
                        "Someone else saved this case while you were editing it, so your "
                        "changes were not saved. What they saved is shown above your text: "
                        "compare, then save again to replace it with what is in the form."
                    ),
                )
            else:
                messages.success(request, _("The case was saved."))
                return redirect(case)
        else:
            messages.error(request, _("The case was not saved: correct the fields marked below."))
    # The form shows the case's data, as does the page of an edit that came too late.
    actions.log_case_view(case=case, by=request.user, form="case", conflict=conflict is not None)
    return render(
        request,
        "casework/case_edit.html",
        {
            "case": case,
            "case_form": case_form,
            "person_form": person_form,
            "names": names,
            "conflict": conflict,
        },
    )


def saved_version(case: Case) -> list[tuple[str, str]]:
    """The case's fields as saved now, to show beside a form that came too late."""
    return [
        (_("Status"), case.get_status_display()),
        (_("Host country"), case.host_country.name),
        (_("Opened on"), date_format(case.opened_on)),
        (
            _("Consent recorded on"),
            date_format(case.consent_recorded_on) if case.consent_recorded_on else "—",
        ),
        (_("Summary"), case.summary),
        (_("Full name"), case.person.full_name),
        (_("Birth date"), date_format(case.person.birth_date) if case.person.birth_date else "—"),
        (_("Contact details"), case.person.contact),
        (_("Name spellings"), ", ".join(name.text for name in case.person.names.all())),
    ]
