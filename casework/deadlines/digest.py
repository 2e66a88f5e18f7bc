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
from casework.deadlines.queries import for_user
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
    """(subject, body, number of items) of user's digest, or None when nothing is due."""
    found = for_user(user, today)
    items = found.items(
        None, today + datetime.timedelta(days=DIGEST_DAYS), limit=DIGEST_MAX_ITEMS + 1
    )
    if not items:
        return None
    more = ""
    if len(items) > DIGEST_MAX_ITEMS:
        items = items[:DIGEST_MAX_ITEMS]
        more = _("More is due: see the dashboard.")
    overdue = [item for item in items if item.due_on < today]
    upcoming = [item for item in items if item.due_on >= today]
    subject = _("Deadlines: %(overdue)s overdue, %(upcoming)s due within %(days)s days") % {
        "overdue": len(overdue),
        "upcoming": len(upcoming),
        "days": DIGEST_DAYS,
    }
    lines = [
        _("Deadlines on the cases you work on, %(day)s.") % {"day": date_format(today)},
        _("Case references only: open a case in the application to see who it is about."),
        "",
    ]
    for title, group in ((_("Overdue"), overdue), (_("Due within 7 days"), upcoming)):
        if not group:
            continue
        lines += [title, "-" * len(title)]
        for item in group:
            lines.append(
                f"{date_format(item.due_on)}  {item.reference}  {item.what}\n"
                f"    {settings.SITE_URL}{item.case_url}"
            )
        lines.append("")
    if more:
        lines += [more, ""]
    lines.append(
        _("You receive this because your account has an e-mail address: %(url)s")
        % {"url": settings.SITE_URL + "/"}
    )
    return subject, "\n".join(lines), len(items)


def send_deadline_digest(today: datetime.date | None = None) -> DigestResult:
    today = today or timezone.localdate()
    result = DigestResult()
    with get_connection() as connection:
        for user in digest_recipients():
            digest = digest_for(user, today)
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
    return ngettext(
        "Sent %(sent)d digest (%(items)d items); %(skipped)d users had nothing due.",
        "Sent %(sent)d digests (%(items)d items); %(skipped)d users had nothing due.",
        result.sent,
    ) % {"sent": result.sent, "items": result.items, "skipped": result.skipped}
