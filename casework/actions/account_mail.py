"""The e-mail telling a user that someone else changed their account.

No secret and no link in it: it names what changed and when, so that a user whose account
an administrator (or whoever holds an administrator's account) changed can tell their
coordinator if they did not expect it.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casework.mail import in_language_of
from casework.models import User

logger = logging.getLogger(__name__)

# What happened, as a whole sentence with the date (and the fields, where there are any).
CHANGED = "changed"
REQUESTED = "requested"
APPROVED = "approved"
PASSWORD_LINK = "password_link"  # noqa: S105 (a kind of notice, not a password)
SECOND_FACTOR_RESET = "second_factor_reset"


def _sentence(kind: str, *, fields: str, date: str) -> str:
    sentences = {
        CHANGED: _("On %(date)s an administrator changed your account: %(fields)s."),
        REQUESTED: _(
            "On %(date)s an administrator asked to change your account: %(fields)s. The "
            "change takes effect when a second administrator approves it."
        ),
        APPROVED: _(
            "On %(date)s a second administrator approved a change to your account, which "
            "now applies: %(fields)s."
        ),
        PASSWORD_LINK: _(
            "An administrator made a one-time link to set a new password for your account on "
            "%(date)s."
        ),
        SECOND_FACTOR_RESET: _(
            "An administrator reset your account's second factor on %(date)s: a new one is "
            "set up at the next login."
        ),
    }
    return sentences[kind] % {"fields": fields, "date": date}


def field_names(fields: Iterable[str]) -> str:
    """The fields' names as users read them ("role, office"), never their values."""
    names = []
    for name in sorted(fields):
        field = User._meta.get_field(name)
        names.append(str(getattr(field, "verbose_name", name)))
    return ", ".join(names)


def tell_user(
    *,
    user: User,
    by: User | None,
    kind: str,
    fields: Iterable[str] = (),
    also_to: Iterable[str] = (),
) -> None:
    """Once the change is committed, e-mail the user (and any former address, `also_to`)
    that it was made, unless they made it themselves or have no address."""
    if by is not None and by.pk == user.pk:
        return
    fields = tuple(fields)
    addresses = sorted({address for address in (user.email, *also_to) if address})
    # One message per address, each rendered on its own in the user's language (whoever
    # made the change, in whatever language their page was): a former address is not
    # shown the new one.
    now = timezone.localtime()
    for address in addresses:
        with in_language_of(user):
            subject, body = _notice(kind, fields=fields, when=now)
        transaction.on_commit(partial(_send, subject=subject, body=body, recipients=[address]))


def _notice(kind: str, *, fields: Iterable[str], when: datetime.datetime) -> tuple[str, str]:
    """Subject and body of the notice, in the active language."""
    date = date_format(when, "DATETIME_FORMAT")
    body = "\n\n".join(
        [
            _sentence(kind, fields=field_names(fields), date=date),
            _("If you did not expect this, tell your coordinator."),
        ]
    )
    return _("A change to your casework account"), body


def _send(*, subject: str, body: str, recipients: list[str]) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError:
        # The change is made and audited; a mail server that is down must not undo it.
        logger.exception("Could not send an account change notice.")
