"""Accounts: the offices (people's embassies) and the users who work in them."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from casework.access import policy
from casework.choices import Role
from casework.dates import validate_time_zone


class Office(models.Model):
    name = models.CharField(pgettext_lazy("office", "name"), max_length=200, unique=True)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100)
    # UTC until an admin sets the zone: a time labelled UTC is never wrong, whereas a guessed
    # Europe/Warsaw would be an hour off, unseen, for an office in Vilnius or Riga.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_(
            "The office's people see every time in this zone, with its name, e.g. Europe/Warsaw."
        ),
    )

    class Meta:
        ordering = ["country", "city", "name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name


class UserManager(DjangoUserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        """`manage.py createsuperuser` makes an administrator: only they are superusers."""
        extra.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra)


# django-otp's devices (casework.models.two_factor) relate to users from untyped code.
class User(AbstractUser):  # type: ignore[django-manager-missing]
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VOLUNTEER)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # Blank: the browser's language (Accept-Language), else English.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if policy.needs_office(self.role) and not self.office_id:
            raise ValidationError(
                {"office": _("Volunteers and coordinators belong to an office: choose one.")}
            )
        if (self.is_staff or self.is_superuser) and not policy.is_admin_role(self.role):
            raise ValidationError(
                {"role": _("Only administrators reach the administration: choose the role.")}
            )


def digest_recipients() -> models.QuerySet[User]:
    """The users the daily deadline digest goes to: those with deadlines to be told about
    (casework.access.policy.deadline_readers) who have an e-mail address, in a fixed order.

    A function rather than a method of User.objects: a custom manager on User would change
    its migration state, which records Django's UserManager.
    """
    return User.objects.filter(policy.deadline_readers()).exclude(email="").order_by("pk")


class AccountChangeRequestQuerySet(models.QuerySet):
    def pending(self) -> AccountChangeRequestQuerySet:
        return self.filter(decided_at__isnull=True)


class AccountChangeRequest(models.Model):
    """A role, office or reactivation an admin asked to give an account (the account as it
    will be: role, office, active), which takes effect only once a second admin approves it
    (ADMIN_FOUR_EYES; who may decide: casework.access.policy)."""

    user = models.ForeignKey(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # None while pending; False when declined or replaced by a newer request.
    approved = models.BooleanField(_("approved"), null=True)

    objects = AccountChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("account change request")
        verbose_name_plural = _("account change requests")

    def __str__(self) -> str:
        return f"{self._meta.object_name} {self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.decided_at is None
