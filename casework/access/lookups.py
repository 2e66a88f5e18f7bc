"""The one way views load what they show by id: through the policy, or 404.

Anything a user may not reach answers 404, never 403: a 403 would confirm that it exists.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from casework.access.policy import CaseAction, may_on_case
from casework.models import Case, CaseFile, DuplicateNotice


def get_case_for_user(user: Any, pk: int, action: CaseAction = CaseAction.VIEW) -> Case:
    """The case with this pk if user may do action to it; 404 otherwise."""
    if not isinstance(action, CaseAction):
        raise TypeError(f"Not a CaseAction: {action!r}")
    case = (
        Case.objects.visible_to(user)
        .select_related("person", "office", "created_by")
        .filter(pk=pk)
        .first()
    )
    if case is None or not may_on_case(user, case, action):
        raise Http404("No such case.")
    return case


def get_file_for_user(
    user: Any, pk: int, file_pk: int, action: CaseAction = CaseAction.VIEW
) -> tuple[Case, CaseFile]:
    """The case and its file file_pk if user may do action to the case and see the file
    (files about relatives need the right to see relatives); 404 otherwise, for a file of
    another case and for a removed one."""
    case = get_case_for_user(user, pk, action)
    with_relatives = may_on_case(user, case, CaseAction.RELATIVES)
    file = case.files.shown(with_relatives=with_relatives).filter(pk=file_pk).first()
    if file is None:
        raise Http404("No such file.")
    return case, file


def get_notice_for_user(user: Any, notice_pk: int) -> DuplicateNotice:
    """A duplicate notice user may see and dismiss; 404 otherwise."""
    notice = (
        DuplicateNotice.objects.for_user(user)
        .select_related("case", "new_case")
        .filter(pk=notice_pk)
        .first()
    )
    if notice is None:
        raise Http404("No such notice.")
    return notice
