"""Login throttling on top of django-axes: several limits at once, and no typed usernames kept.

django-axes counts failed logins for each group of AXES_LOCKOUT_PARAMETERS and locks when the
largest count reaches one AXES_FAILURE_LIMIT. One limit does not fit every group: an office
behind one address makes more honest mistakes between all its people than one person does, so
settings.LOGIN_THROTTLES gives each group its own limit. The handler below reports failures in
units of AXES_FAILURE_LIMIT, so that axes locks when any group reaches its own limit:

- a username from one address (a forgotten password),
- one address over many usernames (password spraying),
- one username from many addresses (guessing one account from a botnet).

The username axes stores and counts is the account's when one exists; a name that is no
account is stored as a keyed hash of it. A failed login's username field often holds a
password typed in the wrong field, or the name of someone the attacker looks for: neither may
be readable in the admin, yet the same unknown name must still count as one username.
"""

from __future__ import annotations

import hashlib
import hmac

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

UNKNOWN_PREFIX = "unknown-"


def throttled_username(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the username if it is an account's, else a keyed hash of it."""
    from casework.models import User

    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials is not None:
        typed = credentials.get(field)
    else:
        data = getattr(request, "POST", None)
        typed = data.get(field) if data is not None else None
    typed = str(typed or "")
    if User.objects.filter(username=typed).exists():
        return typed
    digest = hmac.new(
        settings.SECRET_KEY.encode(), b"axes-username\0" + typed.encode(), hashlib.sha256
    ).hexdigest()
    return UNKNOWN_PREFIX + digest[:16]


def is_unknown_username(username: str | None) -> bool:
    return (username or "").startswith(UNKNOWN_PREFIX)


class ThrottlingHandler(AxesDatabaseHandler):
    """AXES_HANDLER: each group of AXES_LOCKOUT_PARAMETERS against its own limit."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        unit = settings.AXES_FAILURE_LIMIT
        limits = [limit for _params, limit in settings.LOGIN_THROTTLES]
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        # A group at its own limit counts as AXES_FAILURE_LIMIT failures: axes then locks.
        return max(
            (count * unit // limit for count, limit in zip(counts, limits, strict=True)),
            default=0,
        )

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a successful login (AXES_RESET_ON_SUCCESS): forget that user's own failures
        from that address, and only those. axes would forget every group's, so that whoever
        holds one account could clear the count of their spraying from the address by logging
        in between rounds, or a guessed account's count by logging in as its owner."""
        username = get_client_username(request, credentials)
        attempts = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        )
        count, _ = attempts.delete()
        return count
