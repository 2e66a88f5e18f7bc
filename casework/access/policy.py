"""Every permission of the application (DESIGN.md section 5), and nowhere else.

Views ask this module on their first line: through `casework.access.lookups` for a page
that takes an id, through a predicate below for one that does not. Templates ask it
through `may` (`May`, put in every template's context by `casework.context_processors`).
The queryset methods that read cases, audit events, duplicate notices and users take their
conditions from here. No other module compares roles: the test
tests/casework/test_policy.py greps for it.

What a user may not do answers 404, never 403 (docs/adr/0001-404-not-403.md).
"""

from __future__ import annotations

import enum
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db.models import Model, Q

from casework.choices import AuditAction, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from casework.models import AccountChangeRequest, Case, Office, User

    # Whoever makes a request: a user, or nobody signed in.
    Viewer: TypeAlias = User | AnonymousUser


class CaseAction(enum.StrEnum):
    """What a user may do to a case that they can see at all."""

    VIEW = "view"
    PRINT = "print"
    # The case's own fields, risks, documents, relatives, tasks and snoozes.
    EDIT = "edit"
    # Notes, remedies and files: legal aid records its progress on shared cases (and files
    # the decisions it receives, such as a CCF reply).
    EDIT_LEGAL = "edit_legal"
    # Assign, share, close, reopen.
    MANAGE = "manage"
    # Relatives' names, whereabouts and the pressure put on them.
    RELATIVES = "relatives"
    # Bring back a removed record from the case's history.
    RESTORE = "restore"


# The roles that may do each action to a case visible to them (visibility: case_visibility).
CASE_ROLES: dict[CaseAction, frozenset[str]] = {
    CaseAction.VIEW: frozenset({Role.VOLUNTEER, Role.COORDINATOR, Role.LEGAL_AID}),
    CaseAction.PRINT: frozenset({Role.VOLUNTEER, Role.COORDINATOR, Role.LEGAL_AID}),
    CaseAction.EDIT: frozenset({Role.VOLUNTEER, Role.COORDINATOR}),
    CaseAction.EDIT_LEGAL: frozenset({Role.VOLUNTEER, Role.COORDINATOR, Role.LEGAL_AID}),
    CaseAction.MANAGE: frozenset({Role.COORDINATOR}),
    # Undoing what someone removed is the office's call, as closing and sharing are.
    CaseAction.RESTORE: frozenset({Role.COORDINATOR}),
    # Legal aid only where the share includes relatives (shares_relatives_with).
    CaseAction.RELATIVES: frozenset({Role.VOLUNTEER, Role.COORDINATOR, Role.LEGAL_AID}),
}

# What changes a case's records: a closed case is read-only until a coordinator reopens it
# (MANAGE stays, so that it can be reopened; VIEW and PRINT stay, so that it can be read).
CLOSED_CASE_REFUSES = frozenset({CaseAction.EDIT, CaseAction.EDIT_LEGAL, CaseAction.RESTORE})

# The roles that work on cases; admins manage accounts and reference data, and see none.
CASE_WORK_ROLES = frozenset({Role.VOLUNTEER, Role.COORDINATOR, Role.LEGAL_AID})
# The roles of an office's own staff, who take in its cases.
OFFICE_ROLES = frozenset({Role.VOLUNTEER, Role.COORDINATOR})


def _active(user: Viewer) -> User | None:
    """The user if signed in and active; nobody else may do anything."""
    if user.is_authenticated and user.is_active:
        return user
    return None


def _in_office(viewer: Viewer) -> bool:
    user = _active(viewer)
    return user is not None and user.role in OFFICE_ROLES and bool(user.office_id)


# --- cases ---------------------------------------------------------------------------


def case_visibility(viewer: Viewer) -> Q | None:
    """The cases user may see, as a condition on a case's fields; None for none at all.

    Case.objects.visible_to applies it; the deadlines put it on the case of a risk, remedy
    or document, so that the database walks their due dates through a join.
    """
    user = _active(viewer)
    if user is None:
        return None
    if user.role == Role.VOLUNTEER and user.office_id:
        return Q(office_id=user.office_id, assigned_to=user)
    if user.role == Role.COORDINATOR and user.office_id:
        return Q(office_id=user.office_id)
    if user.role == Role.LEGAL_AID:
        return Q(shares__user=user)
    return None


def may_on_case(viewer: Viewer, case: Case, action: CaseAction) -> bool:
    """Whether user may do action to case. The case must come from visible_to(user)."""
    user = _active(viewer)
    if user is None or user.role not in CASE_ROLES[action]:
        return False
    if action in CLOSED_CASE_REFUSES and case.is_closed:
        return False
    if action is CaseAction.RELATIVES and user.role == Role.LEGAL_AID:
        return shares_relatives_with(user, case)
    return True


def shares_relatives_with(user: User, case: Case) -> bool:
    """Whether case is shared with user with its relatives (asked once per case object)."""
    cached = getattr(case, "_relatives_shared", None)
    if cached is None:
        cached = case.shares.filter(user=user, include_relatives=True).exists()
        case._relatives_shared = cached  # type: ignore[attr-defined]
    return bool(cached)


def may_change_record(viewer: Viewer, case: Case, record: Model) -> bool:
    """Whether user may change or remove a record of case, given the action its kind needs.

    Legal aid may add notes and files, but change or remove only those they added.
    """
    user = _active(viewer)
    if user is None:
        return False
    owner = LEGAL_AID_OWNS.get(record._meta.model_name or "")
    if user.role == Role.LEGAL_AID and owner is not None:
        return bool(getattr(record, owner, None) == user.pk)
    return True


# The records legal aid adds to a shared case, and the field naming who added each.
LEGAL_AID_OWNS = {"note": "author_id", "casefile": "uploaded_by_id"}


def may_take_in(viewer: Viewer) -> bool:
    """Whether user may take in a new case (for their own office)."""
    return _in_office(viewer)


def assigned_on_intake(user: User) -> bool:
    """Whether a case user takes in is assigned to them (else they see it by their office)."""
    return user.role == Role.VOLUNTEER


def works_on_cases(viewer: Viewer) -> bool:
    """Whether user's role works on cases at all: the dashboard and the case list are theirs."""
    user = _active(viewer)
    return user is not None and user.role in CASE_WORK_ROLES


def may_export_summaries(viewer: Viewer) -> bool:
    """Whether user may have the summaries of a page of cases made into one ZIP."""
    user = _active(viewer)
    return user is not None and user.role == Role.COORDINATOR and bool(user.office_id)


def export_scope(viewer: Viewer) -> Q | None:
    """The summary exports user may see and download: those they requested, and no other."""
    user = _active(viewer)
    return None if user is None else Q(requested_by=user)


# --- who may be chosen for a case ----------------------------------------------------


def assignable_users(office: Office) -> Q:
    """The users a coordinator may assign to a case of office: its active volunteers."""
    return Q(office=office, role=Role.VOLUNTEER, is_active=True)


def share_recipients() -> Q:
    """The users a case may be shared with: active legal aid workers."""
    return Q(role=Role.LEGAL_AID, is_active=True)


def may_receive_share(user: User) -> bool:
    return user.role == Role.LEGAL_AID


def task_assignees(case: Case) -> Q:
    """Who a task on case may be given to: its volunteers and its office's coordinators."""
    return Q(is_active=True) & (
        Q(assigned_cases=case) | Q(role=Role.COORDINATOR, office_id=case.office_id)
    )


def deadline_readers() -> Q:
    """The users who have deadlines to be told about (digest, calendar feed)."""
    return Q(is_active=True, role__in=CASE_WORK_ROLES)


def may_have_calendar_feed(viewer: Viewer) -> bool:
    return works_on_cases(viewer)


# --- audit log and duplicate notices ---------------------------------------------------


def may_read_audit_log(viewer: Viewer) -> bool:
    user = _active(viewer)
    return user is not None and (
        user.role == Role.ADMIN or (user.role == Role.COORDINATOR and bool(user.office_id))
    )


def reads_whole_audit_log(viewer: Viewer) -> bool:
    user = _active(viewer)
    return user is not None and user.role == Role.ADMIN


def reads_typed_purposes(viewer: Viewer) -> bool:
    """Whether the audit log shows this reader the purposes typed for prints and exports.

    A purpose may name the person ("for the hearing of ..."), so only coordinators, who may
    open every case of the events they read, see it; admins, who see no case content, never.
    """
    return may_read_audit_log(viewer) and not reads_whole_audit_log(viewer)


def audit_event_scope(viewer: Viewer) -> Q | None:
    """The audit events user may read, as a condition; None for none.

    Admins read all of it. A coordinator reads the events on the office's cases, whoever did
    them (legal aid too), and the case-less events (logins, exports, ...) of the office's
    own staff.
    """
    user = _active(viewer)
    if user is None or not may_read_audit_log(user):
        return None
    if reads_whole_audit_log(user):
        return Q()
    return (
        Q(case__office_id=user.office_id)
        | Q(case__isnull=True, user__office_id=user.office_id)
        | _account_events_of_office(user.office_id)
    )


def _account_events_of_office(office_id: int | None) -> Q:
    """The events about accounts that were or became the office's: a move shows in both."""
    return Q(subject_office_id=office_id) | Q(subject_new_office_id=office_id)


# The events about an account (its subject), which its coordinators read.
ACCOUNT_EVENT_ACTIONS = (AuditAction.ACCOUNT_CHANGE, AuditAction.TWO_FACTOR_RESET)


def account_events_office(viewer: Viewer) -> int | None:
    """The office whose coordinator reads the events about the accounts that work on its
    cases: its own staff (audit_event_scope) and, with no office of their own, the legal aid
    its cases are shared with (AuditEventQuerySet adds these); None for everyone else."""
    user = _active(viewer)
    if user is None or user.role != Role.COORDINATOR or not user.office_id:
        return None
    return user.office_id


def account_notice_scope(viewer: Viewer) -> Q | None:
    """The account changes a coordinator is told of on the dashboard: those of accounts of
    their office (audit_event_scope reads them too); None for everyone else."""
    user = _active(viewer)
    if user is None or user.role != Role.COORDINATOR or not user.office_id:
        return None
    return _account_events_of_office(user.office_id) & Q(action__in=ACCOUNT_EVENT_ACTIONS)


def duplicate_notice_scope(viewer: Viewer) -> Q | None:
    """The duplicate notices user sees and dismisses: their office's, if they coordinate it."""
    user = _active(viewer)
    if user is not None and user.role == Role.COORDINATOR and user.office_id:
        return Q(office_id=user.office_id)
    return None


# --- accounts ------------------------------------------------------------------------


def needs_office(role: str) -> bool:
    """Volunteers and coordinators belong to an office."""
    return role in OFFICE_ROLES


def is_admin_role(role: str) -> bool:
    """Only admins are Django staff and superusers: the admin site is theirs alone."""
    return role == Role.ADMIN


def is_admin_account(user: User) -> bool:
    return is_admin_role(user.role)


# Roles whose giving takes a second admin's approval (ADMIN_FOUR_EYES): a coordinator reads
# the office's cases, and an admin approves the next request.
FOUR_EYES_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


def kept_until_approved(
    *, before: User | None, role: str, office: Office | None, is_active: bool
) -> dict[str, Any]:
    """What of a role, office and active flag given to an account (before: as it is now;
    None for a new one) waits for a second admin (ADMIN_FOUR_EYES), with the value the
    account keeps meanwhile: a coordinator or admin role it did not have, an office it was
    not in (on creation too), reactivation. Empty if everything applies now, as taking a
    role, an office or the active flag away does.
    """
    from django.conf import settings

    if not settings.ADMIN_FOUR_EYES:
        return {}
    old_role = before.role if before is not None else None
    old_office = before.office if before is not None else None
    kept: dict[str, Any] = {}
    if role in FOUR_EYES_ROLES and role != old_role:
        # A new account waits as a volunteer without an office, who sees no case.
        kept["role"] = old_role or Role.VOLUNTEER
    if office is not None and office != old_office:
        kept["office"] = old_office
    if before is not None and not before.is_active and is_active:
        # Reactivating gives back every access the account had: a former coordinator's.
        kept["is_active"] = False
    return kept


def may_decide_account_change(
    viewer: Viewer, change: AccountChangeRequest, *, viewer_gave_way_in: bool
) -> bool:
    """A pending request is approved or declined by an admin who neither made it nor is
    its subject, and who never made a set-password link for its account nor reset its second
    factor (viewer_gave_way_in): one captured admin alone cannot give an account, theirs by a
    link, access to cases."""
    user = _active(viewer)
    return (
        user is not None
        and user.role == Role.ADMIN
        and change.is_pending
        and user.pk != change.requested_by_id
        and user.pk != change.user_id
        and not viewer_gave_way_in
    )


def may_ask_access_for(viewer: Viewer, account: User, *, viewer_gave_way_in: bool) -> bool:
    """Whether an admin may ask for a role or office for account: never their own, nor for an
    account they made a set-password link for or whose second factor they reset."""
    user = _active(viewer)
    return user is not None and user.pk != account.pk and not viewer_gave_way_in


def may_give_way_in(
    viewer: Viewer,
    account: User,
    *,
    access_pending: bool,
    viewer_asked_access: bool,
    viewer_changed_address: bool = False,
) -> bool:
    """Whether an admin may make a set-password link for account or reset its second factor,
    either of which lets whoever holds the link log in as the account.

    Never for their own account nor another admin's (that would let one admin become two, and
    approve their own requests): an administrator's access is recovered on the server's command
    line (manage.py recover_account). Never while the account waits for a role or office
    (access_pending), nor by the admin who asked for its access (viewer_asked_access): the
    link of an approved account is made by another admin than the one who asked. Nor by an
    admin who changed the account's e-mail address (viewer_changed_address): the notices of
    the link and the reset would go to the address that admin chose, not to the user.
    """
    user = _active(viewer)
    return (
        user is not None
        and user.role == Role.ADMIN
        and account.pk != user.pk
        and account.role != Role.ADMIN
        and not access_pending
        and not viewer_asked_access
        and not viewer_changed_address
    )


def may_use_admin_site(viewer: Viewer) -> bool:
    """Whether user manages users, offices and reference data in the Django admin, which
    lets in active staff; only admins are staff (is_admin_role)."""
    user = _active(viewer)
    return user is not None and bool(user.is_staff)


def may_manage_accounts(viewer: Viewer) -> bool:
    """Whether user reaches the account pages (casework:user_list and the rest): admins only.
    What they may do to one account is then decided by the predicates above, in the actions."""
    user = _active(viewer)
    return user is not None and user.role == Role.ADMIN


# --- templates -----------------------------------------------------------------------


class MayCase:
    """`may.case.<action>` in a template: what the user may do to the case on the page.

    An action that is not a CaseAction raises AttributeError, which the template test
    (tests/casework/test_policy.py) turns into a failure for every template that asks it.
    """

    def __init__(self, user: Viewer, case: Case):
        self._user = user
        self._case = case

    def __getattr__(self, name: str) -> bool:
        try:
            action = CaseAction(name)
        except ValueError:
            raise AttributeError(name) from None
        allowed = may_on_case(self._user, self._case, action)
        setattr(self, name, allowed)
        return allowed

    def change(self, record: Any) -> bool:
        return may_change_record(self._user, self._case, record)


class May:
    """The policy as templates ask it: `{% if may.take_in %}`, `{% if may.case.edit %}`.

    The context processor gives every template one without a case; a view that shows a
    case passes `May(user, case)` instead.
    """

    def __init__(self, user: Viewer, case: Case | None = None):
        self._user = user
        self.case = MayCase(user, case) if case is not None else None

    @cached_property
    def work_on_cases(self) -> bool:
        return works_on_cases(self._user)

    @cached_property
    def take_in(self) -> bool:
        return may_take_in(self._user)

    @cached_property
    def read_audit_log(self) -> bool:
        return may_read_audit_log(self._user)

    @cached_property
    def read_whole_audit_log(self) -> bool:
        return reads_whole_audit_log(self._user)

    @cached_property
    def export_summaries(self) -> bool:
        return may_export_summaries(self._user)

    @cached_property
    def use_admin_site(self) -> bool:
        return may_use_admin_site(self._user)

    @cached_property
    def manage_accounts(self) -> bool:
        return may_manage_accounts(self._user)
