"""Database sessions whose table holds no usable session key (DESIGN.md section 9).

The cookie carries the session key; the `django_session` row holds only a keyed hash of it
(HMAC-SHA256 under SECRET_KEY), so a copy of the table, or of a database backup, gives no
cookie anyone can log in with. Set in settings.SESSION_ENGINE.

Changing SECRET_KEY ends every session: the stored hashes no longer match any cookie.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone
from django.utils.crypto import salted_hmac

# Session.session_key is a 40-character column: 160 bits of the HMAC.
STORED_KEY_LENGTH = 40


def stored_key(session_key: str) -> str:
    """What the table holds for a session key."""
    return salted_hmac("casework.sessions", session_key, algorithm="sha256").hexdigest()[
        :STORED_KEY_LENGTH
    ]


class SessionStore(DatabaseSessionStore):
    """django.contrib.sessions' database store, reading and writing rows by stored_key()."""

    def _get_session_from_db(self):
        if not self.session_key:
            return None
        session = self.model.objects.filter(
            session_key=stored_key(self.session_key), expire_date__gt=timezone.now()
        ).first()
        if session is None:
            self._session_key = None
        return session

    async def _aget_session_from_db(self):
        if not self.session_key:
            return None
        session = await self.model.objects.filter(
            session_key=stored_key(self.session_key), expire_date__gt=timezone.now()
        ).afirst()
        if session is None:
            self._session_key = None
        return session

    def exists(self, session_key):
        return self.model.objects.filter(session_key=stored_key(session_key)).exists()

    async def aexists(self, session_key):
        return await self.model.objects.filter(session_key=stored_key(session_key)).aexists()

    def create_model_instance(self, data):
        return self.model(
            session_key=stored_key(self._get_or_create_session_key()),  # type: ignore[attr-defined]
            session_data=self.encode(data),
            expire_date=self.get_expiry_date(),
        )

    async def acreate_model_instance(self, data):
        return self.model(
            session_key=stored_key(
                await self._aget_or_create_session_key()  # type: ignore[attr-defined]
            ),
            session_data=self.encode(data),
            expire_date=await self.aget_expiry_date(),
        )

    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self.model.objects.filter(session_key=stored_key(session_key)).delete()

    async def adelete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        await self.model.objects.filter(session_key=stored_key(session_key)).adelete()
