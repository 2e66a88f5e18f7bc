"""Second-factor devices whose secrets a copy of the database does not give away.

django-otp's own TOTPDevice keeps its key in hex and StaticToken its recovery codes as they
are: whoever holds a copy of the database could make a user's codes. Here the TOTP key is
encrypted under FIELD_ENCRYPTION_KEYS and a recovery code is stored as a keyed hash. Both are
django-otp devices, so django_otp.devices_for_user, verify_token and login find them.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice as OtpTOTPDevice
from django_otp.plugins.otp_totp.models import default_key, key_validator

from casework.fields import EncryptedTextField


class AuthenticatorDevice(TimestampMixin, ThrottlingMixin, Device):
    """A TOTP authenticator app, as django-otp's TOTPDevice but with the key encrypted."""

    key = EncryptedTextField(validators=[key_validator], default=default_key, editable=False)
    step: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(default=30)
    t0: models.BigIntegerField[int, int] = models.BigIntegerField(default=0)
    digits: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(
        choices=[(6, 6), (8, 8)], default=6
    )
    tolerance: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(
        default=1
    )
    drift: models.SmallIntegerField[int, int] = models.SmallIntegerField(default=0)
    last_t: models.BigIntegerField[int, int] = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "authenticator device"

    # django-otp's TOTP logic, taken as it is: it reads only the fields above. Borrowing the
    # functions keeps the checks (drift, replay of a used code, throttling) its own.
    bin_key = OtpTOTPDevice.bin_key
    verify_token = OtpTOTPDevice.verify_token
    get_throttle_factor = OtpTOTPDevice.get_throttle_factor
    config_url = OtpTOTPDevice.config_url
    _read_str_from_settings = OtpTOTPDevice._read_str_from_settings


def recovery_code_hashes(code: str) -> list[str]:
    """The stored forms of a recovery code: HMAC-SHA256 under SECRET_KEY, then under each
    of SECRET_KEY_FALLBACKS, so that rotating SECRET_KEY does not void the codes at once.

    Keyed, because the codes are short: a plain hash of one is guessed offline."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    message = f"casework.recovery-code:{code}".encode()
    return [hmac.new(secret.encode(), message, hashlib.sha256).hexdigest() for secret in secrets]


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """One user's recovery codes, each good once."""

    class Meta(Device.Meta):
        verbose_name = "recovery code device"

    @staticmethod
    def random_code() -> str:
        return StaticToken.random_token()

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token: object) -> bool:
        verify_allowed, _ = self.verify_is_allowed()
        if not verify_allowed:
            return False
        match = self.codes.filter(code_hash__in=recovery_code_hashes(str(token))).first()
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return f"Recovery code {self.pk}"
