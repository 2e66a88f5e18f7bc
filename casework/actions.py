"""Every write to the casework domain. Views, commands and tests call these; nothing else saves.

Each action is atomic and writes its audit event. Audit details name records by kind and id,
never by the personal data they hold.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from casework.duplicates import hidden_duplicates
from casework.models import (
    SEVERITY_RANK,
    AuditAction,
    AuditEvent,
    CalendarFeed,
    Case,
    CaseShare,
    CaseStatus,
    CaseTask,
    DeadlineSnooze,
    DuplicateNotice,
    Note,
    NoteKind,
    Office,
    Person,
    PersonName,
    ReferenceSequence,
    Remedy,
    RemedyOption,
    Risk,
    Role,
    User,
)
from casework.names import guess_script


class EditConflict(Exception):
    """Someone else saved the case after the form was opened."""


# The address of the request being served, set by casework.middleware.RequestAddressMiddleware,
# so that every audit event of a request carries it without each view passing it along.
REQUEST_ADDRESS: ContextVar[str | None] = ContextVar("request_address", default=None)


def log_event(
    *,
    user: User | None,
    action: str,
    case: Case | None = None,
    detail: str = "",
    ip: str | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        user=user, case=case, action=action, detail=detail, ip=ip or REQUEST_ADDRESS.get()
    )


def log_case_view(*, case: Case, by: User) -> None:
    log_event(user=by, case=case, action=AuditAction.VIEW)


def next_reference(*, country: str, year: int) -> str:
    sequence, _ = ReferenceSequence.objects.get_or_create(country=country, year=year)
    ReferenceSequence.objects.filter(pk=sequence.pk).update(last_number=F("last_number") + 1)
    sequence.refresh_from_db()
    return f"{country}-{year}-{sequence.last_number:04d}"


def _person_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = (
        "full_name",
        "birth_date",
        "citizenship",
        "residence_country",
        "city",
        "contact",
        "languages",
    )
    return {name: data[name] for name in fields if name in data}


def _replace_names(person: Person, names: Iterable[dict[str, Any]]) -> None:
    """Store every spelling once; the full name is always one of them."""
    seen: set[str] = set()
    rows = []
    for name in [*names, {"text": person.full_name, "script": None, "kind": "other"}]:
        text = name["text"].strip()
        if not text or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        rows.append(
            PersonName(
                person=person,
                text=text,
                script=name.get("script") or guess_script(text),
                kind=name.get("kind") or "other",
            )
        )
    person.names.all().delete()
    for row in rows:
        row.save()


@transaction.atomic
def take_in_case(
    *,
    by: User,
    person: dict[str, Any],
    names: Iterable[dict[str, Any]],
    risks: Iterable[dict[str, Any]] = (),
    host_country: str,
    summary: str = "",
    consent_recorded_on: datetime.date | None = None,
    office: Office | None = None,
    opened_on: datetime.date | None = None,
) -> Case:
    """Intake: the person, every spelling of their name and the first risks, in one step."""
    office = office or by.office
    if office is None:
        raise ValueError("Only a user with an office can take in a case.")
    opened_on = opened_on or timezone.localdate()
    new_person = Person.objects.create(**_person_fields(person))
    _replace_names(new_person, names)
    case = Case.objects.create(
        reference=next_reference(country=office.country.code, year=opened_on.year),
        person=new_person,
        office=office,
        host_country=host_country,
        summary=summary,
        consent_recorded_on=consent_recorded_on,
        opened_on=opened_on,
        created_by=by,
    )
    if by.role == Role.VOLUNTEER:
        case.assigned_to.add(by)
    for risk in risks:
        Risk.objects.create(case=case, **risk)
    refresh_risk_level(case)
    log_event(user=by, case=case, action=AuditAction.CREATE)
    flag_possible_duplicates(case=case, by=by)
    return case


@transaction.atomic
def update_case(
    *,
    case: Case,
    by: User,
    expected_version: int,
    case_data: dict[str, Any],
    person_data: dict[str, Any],
    names: Iterable[dict[str, Any]],
) -> Case:
    """Save an edit of the case and its person, unless someone saved in between."""
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **case_data
    )
    if not updated:
        raise EditConflict
    person = case.person
    for name, value in _person_fields(person_data).items():
        setattr(person, name, value)
    person.save()
    _replace_names(person, names)
    case.refresh_from_db()
    log_event(user=by, case=case, action=AuditAction.EDIT, detail="case details")
    return case


@transaction.atomic
def set_case_status(*, case: Case, by: User, status: str) -> Case:
    """Move a case between intake, open and on hold; closing has its own action."""
    if status == CaseStatus.CLOSED:
        raise ValueError("Close a case with close_case, which records the reason.")
    case.status = status
    case.updated_at = timezone.now()
    case.version += 1
    case.save(update_fields=["status", "updated_at", "version"])
    log_event(user=by, case=case, action=AuditAction.EDIT, detail=f"status {status}")
    return case


def refresh_risk_level(case: Case) -> None:
    severities = case.risks.current().values_list("severity", flat=True)
    level = max((SEVERITY_RANK[s] for s in severities), default=0)
    Case.objects.filter(pk=case.pk).update(risk_level=level)
    case.risk_level = level


def _touch(case: Case) -> None:
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(updated_at=now)
    case.updated_at = now


def _item_label(item: models.Model) -> str:
    return f"{item._meta.object_name} {item.pk}"


@transaction.atomic
def add_item(
    *, case: Case, by: User, model: type[models.Model], data: dict[str, Any], **parent: Any
) -> models.Model:
    """Add a risk, remedy, document, relative, pressure event or note to a case."""
    # Documents hang on the person and pressure events on a relative (passed as parent);
    # everything else belongs to the case itself.
    if any(field.name == "case" for field in model._meta.fields):
        parent["case"] = case
    item = model(**parent, **data)
    item.full_clean(exclude=list(parent))
    item.save()
    _after_item_change(case=case, by=by, item=item, verb="added")
    return item


@transaction.atomic
def update_item(*, case: Case, by: User, item: models.Model, data: dict[str, Any]) -> models.Model:
    for name, value in data.items():
        setattr(item, name, value)
    item.save()
    _after_item_change(case=case, by=by, item=item, verb="changed")
    return item


@transaction.atomic
def remove_item(*, case: Case, by: User, item: models.Model) -> None:
    label = _item_label(item)
    item.delete()
    _after_item_change(case=case, by=by, item=item, verb="removed", label=label)


def _after_item_change(
    *, case: Case, by: User, item: models.Model, verb: str, label: str | None = None
) -> None:
    if isinstance(item, Risk):
        refresh_risk_level(case)
    _touch(case)
    log_event(
        user=by, case=case, action=AuditAction.EDIT, detail=f"{label or _item_label(item)} {verb}"
    )


@transaction.atomic
def assign_case(*, case: Case, by: User, users: Iterable[User]) -> Case:
    users = list(users)
    case.assigned_to.set(users)
    _touch(case)
    names = ", ".join(sorted(user.username for user in users)) or "nobody"
    log_event(user=by, case=case, action=AuditAction.ASSIGN, detail=f"assigned to {names}")
    return case


@transaction.atomic
def share_case(*, case: Case, by: User, user: User, include_relatives: bool) -> CaseShare:
    if user.role != Role.LEGAL_AID:
        raise ValueError("Cases are shared with legal aid users only.")
    share, _ = CaseShare.objects.update_or_create(
        case=case,
        user=user,
        defaults={"shared_by": by, "include_relatives": include_relatives},
    )
    relatives = "with relatives" if include_relatives else "without relatives"
    log_event(
        user=by,
        case=case,
        action=AuditAction.SHARE,
        detail=f"shared with {user.username}, {relatives}",
    )
    return share


@transaction.atomic
def unshare_case(*, share: CaseShare, by: User) -> None:
    case, username = share.case, share.user.username
    share.delete()
    log_event(user=by, case=case, action=AuditAction.UNSHARE, detail=f"unshared {username}")


@transaction.atomic
def close_case(*, case: Case, by: User, reason: str) -> Case:
    case.status = CaseStatus.CLOSED
    case.closed_on = timezone.localdate()
    case.closure_reason = reason
    case.updated_at = timezone.now()
    case.version += 1
    case.save(update_fields=["status", "closed_on", "closure_reason", "updated_at", "version"])
    log_event(user=by, case=case, action=AuditAction.CLOSE)
    return case


@transaction.atomic
def reopen_case(*, case: Case, by: User, reason: str) -> Case:
    case.status = CaseStatus.OPEN
    case.closed_on = None
    case.updated_at = timezone.now()
    case.version += 1
    case.save(update_fields=["status", "closed_on", "updated_at", "version"])
    log_event(user=by, case=case, action=AuditAction.REOPEN)
    Note.objects.create(case=case, author=by, kind=NoteKind.ACTION, text=reason)
    return case


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
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def save_office(*, name: str, country: str, city: str) -> tuple[Office, bool]:
    """Create or update an office by name; True if anything changed."""
    return _upsert(Office, {"name": name}, {"country": country, "city": city})


def save_remedy_option(*, country: str, kind: str, title: str, **fields: Any) -> tuple[Any, bool]:
    return _upsert(RemedyOption, {"country": country, "kind": kind, "title": title}, fields)


def _upsert(model: type[models.Model], keys: dict, values: dict) -> tuple[Any, bool]:
    instance = model.objects.filter(**keys).first()
    if instance is None:
        instance = model(**keys, **values)
        instance.full_clean()
        instance.save()
        return instance, True
    changed = {k: v for k, v in values.items() if str(getattr(instance, k)) != str(v)}
    if changed:
        for name, value in changed.items():
            setattr(instance, name, value)
        instance.full_clean()
        instance.save()
    return instance, bool(changed)


# --- second factor --------------------------------------------------------------------


def start_second_factor(*, user: User):
    """The user's TOTP device waiting to be confirmed, made on the first visit to enrolment."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def confirm_second_factor(*, user: User, device) -> list[str]:
    """Confirm the TOTP device and issue recovery codes, which are shown once."""
    from django.conf import settings
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
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


# --- remedy guide -----------------------------------------------------------------------


@transaction.atomic
def track_remedy_option(*, case: Case, by: User, option: RemedyOption) -> tuple[Remedy, bool]:
    """Start tracking the remedy a knowledge-base entry describes; True if it is new.

    A remedy of the same kind and country already on the case is returned instead of a
    second one, so that a double click or two people at once add it only once.
    """
    from django.utils.translation import gettext

    if option.country != case.host_country:
        raise ValueError("Only options of the case's host country apply to it.")
    # Locking the case row serialises two requests for the same case on PostgreSQL; SQLite
    # transactions are IMMEDIATE (config/settings.py), which takes the write lock first.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    existing = case.remedies.filter(kind=option.kind, country=option.country).first()
    if existing is not None:
        return existing, False
    notes = gettext("From the remedy guide: %(title)s\nSource: %(url)s (checked on %(date)s)") % {
        "title": option.title,
        "url": option.source_url,
        "date": option.checked_on.isoformat(),
    }
    remedy = Remedy(case=case, kind=option.kind, country=option.country, notes=notes)
    remedy.full_clean()
    remedy.save()
    _touch(case)
    log_event(
        user=by,
        case=case,
        action=AuditAction.EDIT,
        detail=f"{_item_label(remedy)} added from RemedyOption {option.pk}",
    )
    return remedy, True


# --- deadlines: tasks, snoozes, calendar feeds (casework/deadlines.py derives the items) -


@transaction.atomic
def add_task(
    *,
    case: Case,
    by: User,
    title: str,
    due_on: datetime.date,
    assignee: User | None = None,
) -> CaseTask:
    task = CaseTask(case=case, title=title, due_on=due_on, assignee=assignee, created_by=by)
    task.full_clean()
    task.save()
    _touch(case)
    log_event(user=by, case=case, action=AuditAction.EDIT, detail=f"{_item_label(task)} added")
    return task


@transaction.atomic
def complete_task(*, task: CaseTask, by: User) -> CaseTask:
    """Mark a task done; a task already done keeps who did it and when."""
    if task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = by
        task.save(update_fields=["done_at", "done_by"])
        _touch(task.case)
        log_event(
            user=by, case=task.case, action=AuditAction.EDIT, detail=f"{_item_label(task)} done"
        )
    return task


@transaction.atomic
def snooze_item(
    *, case: Case, by: User, item_key: str, until: datetime.date, reason: str
) -> DeadlineSnooze:
    """Put a derived deadline of case aside until a date. The reason stays on the case page
    and out of the audit detail, which names only the item."""
    snooze = DeadlineSnooze(case=case, item_key=item_key, until=until, reason=reason, by=by)
    snooze.full_clean()
    snooze.save()
    _touch(case)
    log_event(
        user=by,
        case=case,
        action=AuditAction.EDIT,
        detail=f"snoozed {item_key} until {until.isoformat()}",
    )
    return snooze


def calendar_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_calendar_feed(*, user: User) -> tuple[CalendarFeed, str]:
    """A new secret calendar address for user, replacing any they had. Returns the feed and
    its token, which is not stored (only its hash) and so can be shown only now."""
    revoke_calendar_feed(user=user)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=calendar_token_hash(token))
    log_event(user=user, action=AuditAction.CREATE, detail=f"calendar feed {feed.pk} created")
    return feed, token


@transaction.atomic
def revoke_calendar_feed(*, user: User) -> int:
    """Revoke user's calendar address, if any; how many were revoked."""
    feeds = list(CalendarFeed.objects.select_for_update().filter(user=user, revoked_at=None))
    for feed in feeds:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        log_event(user=user, action=AuditAction.EDIT, detail=f"calendar feed {feed.pk} revoked")
    return len(feeds)


def log_calendar_feed_read(*, feed: CalendarFeed, items: int) -> None:
    # A calendar application fetches the feed without a session: the read is the user's.
    log_event(
        user=feed.user,
        action=AuditAction.VIEW,
        detail=f"calendar feed {feed.pk} read, {items} items",
    )


def log_deadline_digest(*, user: User, items: int) -> None:
    log_event(user=user, action=AuditAction.VIEW, detail=f"deadline digest e-mailed, {items} items")


# --- possible duplicates --------------------------------------------------------------------


@transaction.atomic
def flag_possible_duplicates(*, case: Case, by: User) -> list[DuplicateNotice]:
    """Tell the coordinators holding a possible duplicate of case that by may not see.

    One notice per matching case, audited on that case; by is told nothing (see
    casework/duplicates.py), and the notice names the two cases, never the person.
    """
    notices = []
    for other, score in hidden_duplicates(case=case, by=by):
        notices.append(
            DuplicateNotice.objects.create(
                office_id=other.office_id, case=other, new_case=case, score=score
            )
        )
        log_event(
            user=by,
            case=other,
            action=AuditAction.DUPLICATE_FLAGGED,
            detail=f"possible duplicate: new case {case.reference}",
        )
    return notices


@transaction.atomic
def dismiss_duplicate_notice(*, notice: DuplicateNotice, by: User) -> DuplicateNotice:
    notice.dismissed_by = by
    notice.dismissed_at = timezone.now()
    notice.save(update_fields=["dismissed_by", "dismissed_at"])
    log_event(
        user=by,
        case=notice.case,
        action=AuditAction.DUPLICATE_DISMISSED,
        detail=f"DuplicateNotice {notice.pk} dismissed (new case {notice.new_case.reference})",
    )
    return notice
