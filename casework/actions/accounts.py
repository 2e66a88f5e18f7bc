"""Users, offices, second factors and set-password links."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from casework.access import policy
from casework.actions import account_mail
from casework.actions.audit import log_event
from casework.actions.base import change_detail, item_label, keeps_history, upsert
from casework.models import (
    AccountChangeRequest,
    AuditAction,
    AuditEvent,
    AuthenticatorDevice,
    Office,
    RecoveryCode,
    RecoveryCodeDevice,
    RemedyOption,
    User,
    recovery_code_hashes,
)


@transaction.atomic
def create_user(
    *,
    username: str,
    role: str,
    office: Office | None,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """A user of one role, made at once: for seeds, the demo, commands and tests, which
    whoever runs manage.py can do anyway. Not reachable from the admin, where accounts
    are made by save_user_as_admin (audited, with four eyes for a role or an office)."""
    user = User(
        username=username,
        role=role,
        office=office,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=policy.is_admin_role(role),
        is_superuser=policy.is_admin_role(role),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def save_office(*, name: str, country: str, city: str, time_zone: str) -> tuple[Office, bool]:
    """Create or update an office by name (seeds and tests); True if anything changed."""
    return upsert(
        Office, {"name": name}, {"country": country, "city": city, "time_zone": time_zone}
    )


# --- what admins do in the Django admin (casework/admin.py), each audited ----------------

# What four eyes holds back until a second admin approves (policy.kept_until_approved).
HELD_FIELDS = ("role", "office", "is_active")


def _log_account_event(
    *,
    by: User | None,
    user: User,
    detail: str,
    office_id: int | None,
    new_office_id: int | None = None,
    action: str = AuditAction.ACCOUNT_CHANGE,
) -> None:
    """One event about an account, which its office's coordinators read (before and after
    a move: office_id and new_office_id)."""
    log_event(
        user=by,
        action=action,
        detail=detail[:500],
        subject_id=user.pk,
        subject_office_id=office_id,
        subject_new_office_id=new_office_id,
    )


@transaction.atomic
def save_user_as_admin(*, user: User, by: User, created: bool, changed: Iterable[str]) -> User:
    """Save a user as an admin typed it. A new user gets no password (they set it through a
    one-time link) and is staff only with the admin role.

    With ADMIN_FOUR_EYES, a coordinator or admin role or an office given to the account
    (on creation too), and reactivating it, wait for a second admin (request_account_change);
    the rest of the change applies at once."""
    changed = set(changed)
    if not created and user.pk == by.pk and {"role", "office"} & changed:
        raise PermissionDenied("Nobody changes their own role or office.")
    before = None if created else User.objects.select_for_update().get(pk=user.pk)
    if created:
        user.set_unusable_password()
    # Staff and superuser follow from the role: a role change clears them.
    user.is_staff = user.is_superuser = policy.is_admin_account(user)
    # What was asked is valid as a whole, even if part of it waits for approval.
    user.full_clean(exclude=["password"])
    wanted = {name: getattr(user, name) for name in HELD_FIELDS}
    kept = policy.kept_until_approved(before=before, **wanted)
    for name, value in kept.items():
        setattr(user, name, value)
    user.is_staff = user.is_superuser = policy.is_admin_account(user)
    user.save()
    if before is not None and before.is_active and not user.is_active:
        # A deactivated account is not given its pending role or office (nor reactivated)
        # by an approval that comes later.
        _drop_pending_requests(user=user, now=timezone.now())
    applied = {name for name in changed if name not in HELD_FIELDS}
    if before is not None:
        applied |= {name for name in HELD_FIELDS if getattr(before, name) != getattr(user, name)}
    old_office_id = before.office_id if before is not None else None
    if created or applied:
        _log_account_event(
            by=by,
            user=user,
            detail=change_detail(user, created=created, changed=applied),
            office_id=user.office_id if created else old_office_id,
            new_office_id=user.office_id,
        )
    if not created and applied:
        account_mail.tell_user(
            user=user,
            by=by,
            kind=account_mail.CHANGED,
            fields=applied,
            also_to=[before.email] if before is not None and before.email != user.email else [],
        )
    if kept:
        # A new account's user is not e-mailed about a request made with its creation.
        request_account_change(user=user, by=by, tell_user=not created, **wanted)
    return user


@transaction.atomic
def request_account_change(
    *,
    user: User,
    by: User,
    role: str,
    office: Office | None,
    is_active: bool = True,
    tell_user: bool = True,
) -> AccountChangeRequest:
    """Ask for user to get this role, office and active flag once a second admin approves
    (approve_account_change). A newer request replaces any still pending for the user."""
    if not policy.may_ask_access_for(by, user, viewer_gave_way_in=_gave_way_in(by=by, user=user)):
        raise PermissionDenied(
            "Nobody asks for a role or office for their own account, or for one they made a "
            "set-password link for or reset the second factor of."
        )
    now = timezone.now()
    _drop_pending_requests(user=user, now=now)
    change = AccountChangeRequest.objects.create(
        user=user,
        role=role,
        office=office,
        is_active=is_active,
        requested_by=by,
        requested_at=now,
    )
    fields = _fields_changed_by(change, user)
    _log_account_event(
        by=by,
        user=user,
        detail=(
            f"{item_label(user)} change requested: {', '.join(sorted(fields)) or 'nothing'}"
            f" ({item_label(change)})"
        ),
        office_id=user.office_id,
        new_office_id=office.pk if office else None,
    )
    if tell_user:
        account_mail.tell_user(user=user, by=by, kind=account_mail.REQUESTED, fields=fields)
    return change


LINK_MADE = "set-password link made"


def _gave_way_in(*, by: User, user: User) -> bool:
    """Whether by ever made a set-password link for user or reset user's second factor."""
    return (
        AuditEvent.objects.filter(user=by, subject_id=user.pk)
        .filter(
            Q(action=AuditAction.TWO_FACTOR_RESET)
            | Q(action=AuditAction.ACCOUNT_CHANGE, detail=f"{item_label(user)} {LINK_MADE}")
        )
        .exists()
    )


def _changed_address(*, by: User, user: User) -> bool:
    """Whether by ever changed user's e-mail address (an account_change naming "email")."""
    details = AuditEvent.objects.filter(
        user=by,
        subject_id=user.pk,
        action=AuditAction.ACCOUNT_CHANGE,
        detail__startswith=f"{item_label(user)} changed: ",
    ).values_list("detail", flat=True)
    return any("email" in detail.split(": ", 1)[1].split(", ") for detail in details)


def _check_may_give_way_in(*, by: User, user: User) -> None:
    requests = AccountChangeRequest.objects.filter(user=user)
    pending = requests.pending()
    last_approved = requests.filter(approved=True).order_by("-decided_at", "-pk").first()
    asked = pending.filter(requested_by=by).exists() or (
        last_approved is not None and last_approved.requested_by_id == by.pk
    )
    if not policy.may_give_way_in(
        by,
        user,
        access_pending=pending.exists(),
        viewer_asked_access=asked,
        viewer_changed_address=_changed_address(by=by, user=user),
    ):
        raise PermissionDenied(
            "No set-password link or second-factor reset for one's own account, an admin's, "
            "an account waiting for approval, an account whose access one asked for, or one "
            "whose e-mail address one changed."
        )


def _drop_pending_requests(*, user: User, now: datetime.datetime) -> None:
    for older in AccountChangeRequest.objects.pending().filter(user=user).select_for_update():
        older.decided_at, older.approved = now, False
        older.save(update_fields=["decided_at", "approved"])


def _fields_changed_by(change: AccountChangeRequest, user: User) -> set[str]:
    """Which of role and office the request changes (compared as values, not permissions)."""
    return {name for name in HELD_FIELDS if getattr(change, name) != getattr(user, name)}


def _locked_for_decision(*, change: AccountChangeRequest, by: User) -> AccountChangeRequest:
    """The request, locked until the decision is saved, if by may decide it."""
    change = AccountChangeRequest.objects.select_for_update().get(pk=change.pk)
    gave_way_in = _gave_way_in(by=by, user=change.user)
    if not policy.may_decide_account_change(by, change, viewer_gave_way_in=gave_way_in):
        raise PermissionDenied(
            "Another admin, neither the requester nor the account, nor one who made a "
            "set-password link for it or reset its second factor, decides this request."
        )
    return change


@transaction.atomic
def approve_account_change(*, change: AccountChangeRequest, by: User) -> User:
    """A second admin approves: the account gets the role and office asked for."""
    change = _locked_for_decision(change=change, by=by)
    user = User.objects.select_for_update().get(pk=change.user_id)
    old_office_id = user.office_id
    fields = _fields_changed_by(change, user)
    for name in HELD_FIELDS:
        setattr(user, name, getattr(change, name))
    user.is_staff = user.is_superuser = policy.is_admin_account(user)
    user.full_clean(exclude=["password"])
    user.save()
    change.decided_by, change.decided_at, change.approved = by, timezone.now(), True
    change.save(update_fields=["decided_by", "decided_at", "approved"])
    _log_account_event(
        by=by,
        user=user,
        detail=(
            f"{item_label(user)} changed: {', '.join(sorted(fields)) or 'nothing'}"
            f" ({item_label(change)} approved)"
        ),
        office_id=old_office_id,
        new_office_id=user.office_id,
    )
    account_mail.tell_user(user=user, by=by, kind=account_mail.APPROVED, fields=fields)
    return user


@transaction.atomic
def decline_account_change(*, change: AccountChangeRequest, by: User) -> None:
    """A second admin declines: the account stays as it is."""
    change = _locked_for_decision(change=change, by=by)
    change.decided_by, change.decided_at, change.approved = by, timezone.now(), False
    change.save(update_fields=["decided_by", "decided_at", "approved"])
    user = change.user
    _log_account_event(
        by=by,
        user=user,
        detail=f"{item_label(user)} change declined ({item_label(change)})",
        office_id=user.office_id,
        new_office_id=change.office_id,
    )


ReferenceRecord = TypeVar("ReferenceRecord", Office, RemedyOption)


@transaction.atomic
def save_reference_data_as_admin(
    *, record: ReferenceRecord, by: User, created: bool, changed: Iterable[str]
) -> ReferenceRecord:
    """Save an office or a knowledge-base entry as an admin typed it.

    In English whatever the admin's page language: a knowledge-base entry's original columns
    (`title`, ...) take the active language's text on save, and hold the English one.
    """
    if isinstance(record, RemedyOption):
        # load_seeds no longer overwrites it (casework.seeds.load_reference_data).
        record.edited_in_admin_at = timezone.now()
    record.full_clean()
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        record.save()
    log_event(
        user=by,
        action=AuditAction.REFERENCE_CHANGE,
        detail=change_detail(record, created=created, changed=changed),
    )
    return record


@keeps_history
@transaction.atomic
def delete_as_admin(*, record: Office | User | RemedyOption, by: User) -> None:
    """Delete a user, office or remedy option; the audit event keeps its kind and id."""
    label = item_label(record)
    if isinstance(record, User):
        pk, office_id = record.pk, record.office_id
        record.delete()
        log_event(
            user=by,
            action=AuditAction.ACCOUNT_CHANGE,
            detail=f"{label} deleted",
            subject_id=pk,
            subject_office_id=office_id,
        )
        return
    record.delete()
    log_event(user=by, action=AuditAction.REFERENCE_CHANGE, detail=f"{label} deleted")


def make_set_password_link(*, user: User, by: User) -> str:
    """The path of a one-time link for user to set a password, made by an admin (audited:
    whoever holds the link can take over the account until it is used)."""
    _check_may_give_way_in(by=by, user=user)
    _log_account_event(
        by=by,
        user=user,
        detail=f"{item_label(user)} {LINK_MADE}",
        office_id=user.office_id,
    )
    account_mail.tell_user(user=user, by=by, kind=account_mail.PASSWORD_LINK)
    return set_password_path(user=user)


def set_password_by_link(*, user: User, password: str) -> User:
    """The user sets their password through a one-time link (which this spends)."""
    return _set_own_password(user=user, password=password, how="set-password link")


def change_own_password(*, user: User, password: str) -> User:
    """The user changes their own password, having typed the current one (the admin's
    "Change password" page)."""
    return _set_own_password(user=user, password=password, how="own")


@transaction.atomic
def _set_own_password(*, user: User, password: str, how: str) -> User:
    user.set_password(password)
    user.save(update_fields=["password"])
    _log_account_event(
        by=user,
        user=user,
        detail=f"{item_label(user)} changed: password ({how})",
        office_id=user.office_id,
    )
    return user


def choose_language(*, user: User, language: str) -> User:
    """The account's language for its pages and e-mails; blank for the browser's."""
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language"])
    return user


def failed_logins(*, user: User) -> int:
    """How many failed logins django-axes counts for user's username, from any address."""
    from axes.models import AccessAttempt
    from django.db.models import Sum

    attempts = AccessAttempt.objects.filter(username=user.username)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def is_locked_out(*, user: User) -> bool:
    """Whether user's own username reached its throttle limit (settings.LOGIN_THROTTLES):
    from one address, or over all of them."""
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(username=user.username)
    per_address, overall = settings.LOGIN_THROTTLES[0][1], settings.LOGIN_THROTTLES[2][1]
    return (
        attempts.filter(failures_since_start__gte=per_address).exists()
        or failed_logins(user=user) >= overall
    )


@transaction.atomic
def lift_lockout(*, user: User, by: User) -> int:
    """Forget the failed logins of user's username (django-axes' attempts), so that they may
    log in again at once; audited. An address's own count (spraying) is kept."""
    from axes.models import AccessAttempt

    count, _ = AccessAttempt.objects.filter(username=user.username).delete()
    _log_account_event(
        by=by,
        user=user,
        detail=f"{item_label(user)} lockout lifted",
        office_id=user.office_id,
    )
    return count


# --- second factor --------------------------------------------------------------------


def start_second_factor(*, user: User) -> AuthenticatorDevice:
    """The user's TOTP device waiting to be confirmed, made on the first visit to enrolment."""
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=False).first()
    return device or AuthenticatorDevice.objects.create(
        user=user, name="authenticator", confirmed=False
    )


@transaction.atomic
def confirm_second_factor(*, user: User, device: AuthenticatorDevice) -> list[str]:
    """Confirm the TOTP device and issue recovery codes, which are shown once: only their
    keyed hashes are stored."""
    from django.conf import settings

    device.confirmed = True
    device.save(update_fields=["confirmed"])
    RecoveryCodeDevice.objects.filter(user=user).delete()
    recovery = RecoveryCodeDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [RecoveryCodeDevice.random_code() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=recovery, code_hash=recovery_code_hashes(code)[0]) for code in codes
    )
    _log_account_event(
        by=user,
        user=user,
        detail=f"{item_label(user)} changed: second factor enrolled",
        office_id=user.office_id,
    )
    return codes


@transaction.atomic
def reset_second_factor(*, user: User, by: User) -> None:
    """Remove every second factor of user, who enrols again at the next login."""
    _check_may_give_way_in(by=by, user=user)
    _remove_second_factors(user)
    _log_account_event(
        by=by,
        user=user,
        action=AuditAction.TWO_FACTOR_RESET,
        detail=f"user {user.pk}",
        office_id=user.office_id,
    )
    account_mail.tell_user(user=user, by=by, kind=account_mail.SECOND_FACTOR_RESET)


def _remove_second_factors(user: User) -> None:
    from django_otp import devices_for_user

    for device in devices_for_user(user, confirmed=None):
        device.delete()


@transaction.atomic
def recover_account(*, user: User, second_factor: bool) -> str:
    """On the server's command line (manage.py recover_account), for any account, an
    administrator's included: a set-password link, and the second factor reset if asked.
    Audited with no user (the server), and told to the account's user."""
    if second_factor:
        _remove_second_factors(user)
        _log_account_event(
            by=None,
            user=user,
            action=AuditAction.TWO_FACTOR_RESET,
            detail=f"user {user.pk} (server command line)",
            office_id=user.office_id,
        )
        account_mail.tell_user(user=user, by=None, kind=account_mail.SECOND_FACTOR_RESET)
    _log_account_event(
        by=None,
        user=user,
        detail=f"{item_label(user)} {LINK_MADE} (server command line)",
        office_id=user.office_id,
    )
    account_mail.tell_user(user=user, by=None, kind=account_mail.PASSWORD_LINK)
    return set_password_path(user=user)


def set_password_path(*, user: User) -> str:
    """The path of a one-time link to set user's password, valid PASSWORD_RESET_TIMEOUT.

    The token is derived from the current password hash and last login, so it is spent as
    soon as the password is set, and a newer link does not revive an older one's use.
    """
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return reverse(
        "set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
