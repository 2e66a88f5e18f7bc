"""Tasks, snoozes and calendar feeds (casework.deadlines derives the items)."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from casework.actions.audit import log_event
from casework.actions.base import item_label, keeps_history, touch
from casework.models import (
    AuditAction,
    CalendarFeed,
    Case,
    CaseTask,
    DeadlineSnooze,
    User,
)

# --- deadlines: tasks, snoozes, calendar feeds (casework/deadlines/ derives the items) --


@keeps_history
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
    touch(case)
    log_event(user=by, case=case, action=AuditAction.EDIT, detail=f"{item_label(task)} added")
    return task


@keeps_history
@transaction.atomic
def complete_task(*, task: CaseTask, by: User) -> CaseTask:
    """Mark a task done; a task already done keeps who did it and when."""
    if task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = by
        task.save(update_fields=["done_at", "done_by"])
        touch(task.case)
        log_event(
            user=by, case=task.case, action=AuditAction.EDIT, detail=f"{item_label(task)} done"
        )
    return task


@keeps_history
@transaction.atomic
def snooze_item(
    *, case: Case, by: User, item_key: str, until: datetime.date, reason: str
) -> DeadlineSnooze:
    """Put a derived deadline of case aside until a date. The reason stays on the case page
    and out of the audit detail, which names only the item."""
    snooze = DeadlineSnooze(case=case, item_key=item_key, until=until, reason=reason, by=by)
    snooze.full_clean()
    snooze.save()
    touch(case)
    log_event(
        user=by,
        case=case,
        action=AuditAction.EDIT,
        detail=f"snoozed {item_key} until {until.isoformat()}",
    )
    return snooze


@keeps_history
@transaction.atomic
def end_snooze(*, snooze: DeadlineSnooze, by: User) -> int:
    """Bring a snoozed item back today: every snooze of it still in force ends (each keeps
    its earlier version in the history). How many ended."""
    today = timezone.localdate()
    ending = list(
        DeadlineSnooze.objects.select_for_update()
        .filter(case_id=snooze.case_id, item_key=snooze.item_key)
        .in_force_on(today)
    )
    for each in ending:
        each.until = today
        each.save(update_fields=["until"])
    if ending:
        touch(snooze.case)
        log_event(
            user=by,
            case=snooze.case,
            action=AuditAction.EDIT,
            detail=f"snooze of {snooze.item_key} ended",
        )
    return len(ending)


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
    feeds = list(CalendarFeed.objects.select_for_update().active().owned_by(user))
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
