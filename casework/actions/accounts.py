"""Users, offices, second factors and set-password links."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction

from casework.access import policy
from casework.actions.audit import log_event
from casework.actions.base import change_detail, item_label, upsert
from casework.models import (
    AuditAction,
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
) -> User:
    """A user of one role. Admins manage users, offices and reference data in the admin."""
    user = User(
        username=username,
        role=role,
        office=office,
        first_name=first_name,
        last_name=last_name,
        is_staff=policy.is_admin_role(role),
        is_superuser=policy.is_admin_role(role),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def save_office(*, name: str, country: str, city: str) -> tuple[Office, bool]:
    """Create or update an office by name (seeds and tests); True if anything changed."""
    return upsert(Office, {"name": name}, {"country": country, "city": city})


# --- what admins do in the Django admin (casework/admin.py), each audited ----------------


@transaction.atomic
def save_user_as_admin(*, user: User, by: User, created: bool, changed: Iterable[str]) -> User:
    """Save a user as an admin typed it. A new user gets no password (they set it through a
    one-time link) and is staff only with the admin role."""
    if not created and user.pk == by.pk and {"role", "office"} & set(changed):
        raise PermissionDenied("Nobody changes their own role or office.")
    if created:
        user.set_unusable_password()
    # Staff and superuser follow from the role: a role change clears them.
    user.is_staff = user.is_superuser = policy.is_admin_account(user)
    user.full_clean(exclude=["password"])
    user.save()
    log_event(
        user=by,
        action=AuditAction.ACCOUNT_CHANGE,
        detail=change_detail(user, created=created, changed=changed),
    )
    return user


ReferenceRecord = TypeVar("ReferenceRecord", Office, RemedyOption)


@transaction.atomic
def save_reference_data_as_admin(
    *, record: ReferenceRecord, by: User, created: bool, changed: Iterable[str]
) -> ReferenceRecord:
    """Save an office or a knowledge-base entry as an admin typed it."""
    record.full_clean()
    record.save()
    log_event(
        user=by,
        action=AuditAction.REFERENCE_CHANGE,
        detail=change_detail(record, created=created, changed=changed),
    )
    return record


@transaction.atomic
def delete_as_admin(*, record: Office | User | RemedyOption, by: User) -> None:
    """Delete a user, office or remedy option; the audit event keeps its kind and id."""
    label = item_label(record)
    action = (
        AuditAction.ACCOUNT_CHANGE if isinstance(record, User) else AuditAction.REFERENCE_CHANGE
    )
    record.delete()
    log_event(user=by, action=action, detail=f"{label} deleted")


def make_set_password_link(*, user: User, by: User) -> str:
    """The path of a one-time link for user to set a password, made by an admin (audited:
    whoever holds the link can take over the account until it is used)."""
    log_event(
        user=by,
        action=AuditAction.ACCOUNT_CHANGE,
        detail=f"{item_label(user)} set-password link made",
    )
    return set_password_path(user=user)


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
    return codes


@transaction.atomic
def reset_second_factor(*, user: User, by: User) -> None:
    """Remove every second factor of user, who enrols again at the next login."""
    from django_otp import devices_for_user

    for device in devices_for_user(user, confirmed=None):
        device.delete()
    log_event(user=by, action=AuditAction.TWO_FACTOR_RESET, detail=f"user {user.pk}")


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
