"""Database sessions whose table holds no usable session key (DESIGN.md section 9).

The cookie carries the session key; the `django_session` row holds only a keyed hash of it
(HMAC-SHA256 under SECRET_KEY), so a copy of the table, or of a database backup, gives no
cookie anyone can log in with. Set in settings.SESSION_ENGINE.

What a session holds (the user's id and password hash's HMAC, a set-password token while
one is being used, ...) is encrypted with FIELD_ENCRYPTION_KEYS (casework/crypto.py) as well:
a row whose key were guessed still gives nothing readable. Data that no listed key decrypts
(written before the upgrade, or under a key dropped since) reads as an empty session, which
means logging in again.

A session stored under a key of SECRET_KEY_FALLBACKS is still found, and moved to its hash
under SECRET_KEY as it is read: SECRET_KEY is rotated as Django documents it, without logging
everyone out.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone
from django.utils.crypto import salted_hmac

from casework import crypto

# Session.session_key is a 40-character column: 160 bits of the HMAC.
STORED_KEY_LENGTH = 40


def stored_key(session_key: str, secret: str | bytes | None = None) -> str:
    """What the table holds for a session key (under SECRET_KEY unless told another)."""
    digest = salted_hmac("casework.sessions", session_key, secret=secret, algorithm="sha256")
    return digest.hexdigest()[:STORED_KEY_LENGTH]


def stored_keys(session_key: str) -> list[str]:
    """The hashes a session key may be stored under: SECRET_KEY's first, then the fallbacks'."""
    fallbacks = [stored_key(session_key, secret) for secret in settings.SECRET_KEY_FALLBACKS]
    return [stored_key(session_key), *fallbacks]


class SessionStore(DatabaseSessionStore):
    """django.contrib.sessions' database store, reading and writing rows by stored_key(),
    with their data encrypted."""

    def encode(self, session_dict):
        return crypto.encrypt(super().encode(session_dict))

    def decode(self, session_data):
        try:
            signed = crypto.decrypt(session_data)
        except crypto.FieldDecryptionError:
            return {}
        return super().decode(signed)

    def _get_session_from_db(self):
        if not self.session_key:
            return None
        keys = stored_keys(self.session_key)
        session = self.model.objects.filter(
            session_key__in=keys, expire_date__gt=timezone.now()
        ).first()
        if session is None:
            self._session_key = None
        elif session.session_key != keys[0]:
            # Stored under a fallback of SECRET_KEY: saved from now on under SECRET_KEY.
            self.model.objects.filter(session_key=session.session_key).update(session_key=keys[0])
        return session

    async def _aget_session_from_db(self):
        if not self.session_key:
            return None
        keys = stored_keys(self.session_key)
        session = await self.model.objects.filter(
            session_key__in=keys, expire_date__gt=timezone.now()
        ).afirst()
        if session is None:
            self._session_key = None
        elif session.session_key != keys[0]:
            await self.model.objects.filter(session_key=session.session_key).aupdate(
                session_key=keys[0]
            )
        return session

    def exists(self, session_key):
        return self.model.objects.filter(session_key__in=stored_keys(session_key)).exists()

    async def aexists(self, session_key):
        return await self.model.objects.filter(session_key__in=stored_keys(session_key)).aexists()

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
        self.model.objects.filter(session_key__in=stored_keys(session_key)).delete()

    async def adelete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        await self.model.objects.filter(session_key__in=stored_keys(session_key)).adelete()
