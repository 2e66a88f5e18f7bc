"""Who may do what to a case (DESIGN.md section 5), and the one way views load a case.

Anything a user may not do answers 404, never 403: a 403 would confirm that the case exists.
"""

from __future__ import annotations

from django.http import Http404

from casework.models import Case, CaseShare, Role

# What each role may do to a case that it can see at all.
PERMISSIONS: dict[str, set[str]] = {
    "view": {Role.VOLUNTEER, Role.COORDINATOR, Role.LEGAL_AID},
    "print": {Role.VOLUNTEER, Role.COORDINATOR, Role.LEGAL_AID},
    # Case fields, risks, documents, relatives.
    "edit": {Role.VOLUNTEER, Role.COORDINATOR},
    # Notes and remedies: legal aid records its progress on shared cases.
    "edit_legal": {Role.VOLUNTEER, Role.COORDINATOR, Role.LEGAL_AID},
    # Assign, share, close, reopen.
    "manage": {Role.COORDINATOR},
    "relatives": {Role.VOLUNTEER, Role.COORDINATOR, Role.LEGAL_AID},
}


def can(user, case: Case, action: str) -> bool:
    """Whether user may do action to case. The case must come from visible_to(user)."""
    if user.role not in PERMISSIONS[action]:
        return False
    if action == "relatives" and user.role == Role.LEGAL_AID:
        return shares_relatives_with(user, case)
    return True


def shares_relatives_with(user, case: Case) -> bool:
    cached = getattr(case, "_relatives_shared", None)
    if cached is None:
        cached = CaseShare.objects.filter(case=case, user=user, include_relatives=True).exists()
        case._relatives_shared = cached
    return cached


def get_case_for_user(user, pk: int, action: str = "view") -> Case:
    """The case with this pk if user may do action to it; 404 otherwise."""
    if action not in PERMISSIONS:
        raise ValueError(f"Unknown case action {action!r}")
    case = (
        Case.objects.visible_to(user)
        .select_related("person", "office", "created_by")
        .filter(pk=pk)
        .first()
    )
    if case is None or not can(user, case, action):
        raise Http404("No such case.")
    return case
