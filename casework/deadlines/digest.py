"""The daily e-mail digest of deadlines: overdue and due within 7 days, references only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casework import actions
from casework.dates import user_time_zone
from casework.deadlines.queries import Deadline, for_user
from casework.mail import in_language_of
from casework.models import User, digest_recipients

DIGEST_DAYS = 7
# A digest lists at most this many items; the dashboard has the rest.
DIGEST_MAX_ITEMS = 100


@dataclass
class DigestResult:
    sent: int = 0
    skipped: int = 0
    items: int = 0


def digest_for(user: User, today: datetime.date) -> tuple[str, str, int] | None:
    """(subject, body, number of items) of user's digest, in user's language, or None when
    nothing is due."""
    found = for_user(user, today)
    items = found.items(
        None, today + datetime.timedelta(days=DIGEST_DAYS), limit=DIGEST_MAX_ITEMS + 1
    )
    if not items:
        return None
    more = len(items) > DIGEST_MAX_ITEMS
    items = items[:DIGEST_MAX_ITEMS]
    overdue = [item for item in items if item.due_on < today]
    upcoming = [item for item in items if item.due_on >= today]
    with in_language_of(user):
        return _subject(overdue, upcoming), _body(today, overdue, upcoming, more), len(items)


def _overdue_heading(count: int) -> str:
    return ngettext(
        "You have %(count)d overdue deadline",
        "You have %(count)d overdue deadlines",
        count,
    ) % {"count": count}


def _upcoming_heading(count: int) -> str:
    # Translators: days is the digest's reach, 7.
    return ngettext(
        "You have %(count)d deadline due within %(days)d days",
        "You have %(count)d deadlines due within %(days)d days",
        count,
    ) % {"count": count, "days": DIGEST_DAYS}


def _subject(overdue: list[Deadline], upcoming: list[Deadline]) -> str:
    if overdue and upcoming:
        # Translators: days is the digest's reach, 7.
        return ngettext(
            "You have %(count)d overdue deadline, and more are due within %(days)d days",
            "You have %(count)d overdue deadlines, and more are due within %(days)d days",
            len(overdue),
        ) % {"count": len(overdue), "days": DIGEST_DAYS}
    if overdue:
        return _overdue_heading(len(overdue))
    return _upcoming_heading(len(upcoming))


def _body(
    today: datetime.date, overdue: list[Deadline], upcoming: list[Deadline], more: bool
) -> str:
    lines = [
        _("Deadlines on the cases you work on, %(day)s.") % {"day": date_format(today)},
        _("Case references only: open a case in the application to see who it is about."),
        "",
    ]
    for heading, group in (
        (_overdue_heading(len(overdue)), overdue),
        (_upcoming_heading(len(upcoming)), upcoming),
    ):
        if not group:
            continue
        lines += [heading, "-" * len(heading)]
        for item in group:
            lines.append(
                f"{date_format(item.due_on)}  {item.reference}  {item.what}\n"
                f"    {settings.SITE_URL}{item.case_url}"
            )
        lines.append("")
    if more:
        lines += [_("More is due: see the dashboard."), ""]
    lines.append(
        _("You receive this because your account has an e-mail address: %(url)s")
        % {"url": settings.SITE_URL + "/"}
    )
    return "\n".join(lines)


def send_deadline_digest(today: datetime.date | None = None) -> DigestResult:
    """One e-mail per recipient; "today" is the day in the recipient's office unless given."""
    result = DigestResult()
    with get_connection() as connection:
        for user in digest_recipients():
            with timezone.override(user_time_zone(user)):
                day = today or timezone.localdate()
            digest = digest_for(user, day)
            if digest is None:
                result.skipped += 1
                continue
            subject, body, count = digest
            EmailMessage(subject, body, to=[user.email], connection=connection).send()
            actions.log_deadline_digest(user=user, items=count)
            result.sent += 1
            result.items += count
    return result


def summary(result: DigestResult) -> str:
    """What the command prints: a sentence per count, each with its own plural forms."""
    sent = ngettext("Sent %(count)d digest.", "Sent %(count)d digests.", result.sent)
    items = ngettext(
        "The digests list %(count)d item.", "The digests list %(count)d items.", result.items
    )
    skipped = ngettext(
        "%(count)d user had nothing due.", "%(count)d users had nothing due.", result.skipped
    )
    return " ".join(
        [
            sent % {"count": result.sent},
            items % {"count": result.items},
            skipped % {"count": result.skipped},
        ]
    )
