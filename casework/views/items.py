"""Add, change and remove the records listed on a case page (see casework/items.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from casework import actions
from casework.access.lookups import get_case_for_user
from casework.access.policy import CaseAction, may_change_record, may_on_case
from casework.items import ITEM_KINDS, ItemKind, fingerprint, saved_values
from casework.models import Case, Relative


def _load(request, pk: int, slug: str) -> tuple[Case, ItemKind]:
    kind = ITEM_KINDS[slug]
    case = get_case_for_user(request.user, pk, kind.permission)
    if kind.needs_relatives and not may_on_case(request.user, case, CaseAction.RELATIVES):
        raise Http404
    return case, kind


def _back(case: Case, kind: ItemKind):
    return redirect(f"{case.get_absolute_url()}#{kind.anchor}")


@login_required
def item_create(request, pk, kind, relative_pk=None):
    case, kind = _load(request, pk, kind)
    # A pressure event is added to one relative of the case (the URL names it).
    parent = {}
    if relative_pk is not None:
        parent = {"relative": get_object_or_404(Relative, pk=relative_pk, case=case)}
    form = kind.form(request.POST or None, initial=kind.initial(case))
    if request.method == "POST" and form.is_valid():
        kind.add(case=case, by=request.user, fields=form.cleaned_data, **parent)
        messages.success(request, kind.wording.added)
        return _back(case, kind)
    actions.log_case_view(case=case, by=request.user, form=f"add {kind.slug}")
    return render(
        request,
        "casework/item_form.html",
        {"case": case, "kind": kind, "form": form, "parent": parent.get("relative")},
    )


@login_required
def item_edit(request, pk, kind, item_pk):
    case, kind = _load(request, pk, kind)
    item = get_object_or_404(kind.queryset(case), pk=item_pk)
    if not may_change_record(request.user, case, item):
        raise Http404
    saved = fingerprint(item)
    conflict = None
    form = kind.form(request.POST or None, instance=item)
    if request.method == "POST":
        # Forms carry the fingerprint of the record as it was shown; one that differs from
        # the record as saved now means someone else changed it in between.
        if request.POST.get("fingerprint", saved) != saved:
            conflict = saved_values(item, list(form.fields))
            messages.error(
                request,
                _(
                    "Someone else changed this record while you were editing it, so your "
                    "changes were not saved. What they saved is shown above your text: "
                    "compare, then save again to replace it with what is in the form."
                ),
            )
        elif form.is_valid():
            actions.update_record(case=case, by=request.user, record=item, fields=form.cleaned_data)
            messages.success(request, kind.wording.saved)
            return _back(case, kind)
    # The form shows the record, as does the page of an edit that came too late.
    actions.log_case_view(case=case, by=request.user, form=kind.slug, conflict=conflict is not None)
    return render(
        request,
        "casework/item_form.html",
        {
            "case": case,
            "kind": kind,
            "form": form,
            "item": item,
            "fingerprint": saved,
            "conflict": conflict,
        },
    )


@login_required
def item_delete(request, pk, kind, item_pk):
    case, kind = _load(request, pk, kind)
    item = get_object_or_404(kind.queryset(case), pk=item_pk)
    if not may_change_record(request.user, case, item):
        raise Http404
    if request.method == "POST":
        actions.remove_record(case=case, by=request.user, record=item)
        messages.success(request, kind.wording.removed)
        return _back(case, kind)
    actions.log_case_view(case=case, by=request.user, form=f"remove {kind.slug}")
    return render(
        request, "casework/item_confirm_delete.html", {"case": case, "kind": kind, "item": item}
    )
