"""What the app writes to one user outside a page (e-mails, the calendar feed): in their language.

A page follows the request (the menu, the account's choice, the browser). An e-mail or a feed
has a reader but often no request of theirs: an admin's request changes someone's account, a
command or the task worker sends the digest, a calendar application fetches the feed without
a session or Accept-Language. So each is rendered in the language of the user it is for,
`User.language`, else settings.LANGUAGE_CODE (English): never the sender's. Its times and
its "today" are those of the reader's office zone (`Office.time_zone`, UTC without an office),
as on their pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone, translation

from casework.dates import user_time_zone
from casework.models import User


def language_of(user: User) -> str:
    """The language user reads what is written to them in."""
    language = user.language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user: User) -> Iterator[str]:
    """Render what is inside (subject, body, feed) in user's language and office zone; the
    request's, the command's or the worker's are back afterwards."""
    language = language_of(user)
    with translation.override(language), timezone.override(user_time_zone(user)):
        yield language
