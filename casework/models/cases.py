"""Cases: one exile's file at one office, and who it is shared with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_stubs_ext import StrOrPromise

from casework.access import policy
from casework.choices import CaseStatus, severity_at
from casework.fields import EncryptedTextField
from casework.models.accounts import Office, User
from casework.models.history import keep_history
from casework.models.people import Person

if TYPE_CHECKING:
    from casework.access.policy import Viewer


def format_reference(*, country: str, year: int, number: int) -> str:
    """A case's readable reference: office country, year, sequence (PL-2026-0007)."""
    return f"{country}-{year}-{number:04d}"


# A whole reference as people type it (any case, the sequence's zeros optional).
TYPED_REFERENCE = r"[A-Za-z]{2}-\d{4}-\d{1,6}"


# Every status but closed, as a positive condition: negated through a multi-valued relation
# (a person's cases) it would mean "has no closed case" instead.
ACTIVE_STATUSES = [CaseStatus.INTAKE, CaseStatus.OPEN, CaseStatus.ON_HOLD]
# The condition itself, for queries that reach cases through a relation (the deadlines).
ACTIVE_CASE = models.Q(status__in=ACTIVE_STATUSES)


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user: Viewer) -> CaseQuerySet:
        """The only way cases are read: what this user may see under DESIGN.md section 5."""
        visibility = policy.case_visibility(user)
        return self.none() if visibility is None else self.filter(visibility)

    def active(self) -> CaseQuerySet:
        """Cases not closed: what the dashboard counts and the deadlines look at."""
        return self.filter(ACTIVE_CASE)

    def for_list(self) -> CaseQuerySet:
        return self.select_related("person", "office").prefetch_related("assigned_to")

    def by_risk(self) -> CaseQuerySet:
        """Highest risk level first, then the most recently updated (an index's order)."""
        return self.order_by("-risk_level", "-updated_at", "-pk")

    def ids_among(self, ids: set[int]) -> set[int]:
        """Which of these case ids are in this queryset (one query)."""
        return set(self.filter(pk__in=ids).order_by().values_list("pk", flat=True))


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.INTAKE
    )
    assigned_to = models.ManyToManyField(
        User, verbose_name=_("assigned to"), related_name="assigned_cases", blank=True
    )
    host_country = CountryField(_("host country"))
    summary = EncryptedTextField(_("summary"), blank=True)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = EncryptedTextField(_("closure reason"), blank=True)
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="created_cases",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, db_index=True)
    # Incremented by every edit of the case itself: a form that carries an older
    # version is refused instead of overwriting what someone else saved.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Highest severity among risks that are not resolved (0 = none); kept by the actions
    # so that "highest risk first" sorts on an index instead of aggregating every risk.
    risk_level = models.PositiveSmallIntegerField(_("risk level"), default=0, editable=False)

    objects = CaseQuerySet.as_manager()
    # updated_at, version and risk_level are derived, and written by queryset updates.
    history = keep_history(excluded_fields=["updated_at", "version", "risk_level"])

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # The list's order within an office, pk included so that a deep page is read
            # from the index alone (see CountedPaginator) and needs no sort.
            models.Index(fields=["office", "-updated_at", "-id"], name="case_office_updated"),
            # Counts per status for an office, from the index alone.
            models.Index(fields=["office", "status"], name="case_office_status"),
            # "Highest risk first" within an office: the dashboard and the list sorted by risk.
            models.Index(
                fields=["office", "-risk_level", "-updated_at", "-id"], name="case_office_risk"
            ),
            models.Index(fields=["status"], name="case_status"),
            models.Index(fields=["host_country"], name="case_host_country"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("casework:case_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def risk_level_label(self) -> StrOrPromise:
        severity = severity_at(self.risk_level)
        return "" if severity is None else severity.label

    @property
    def risk_level_name(self) -> str:
        severity = severity_at(self.risk_level)
        return "" if severity is None else severity.value


class ReferenceSequence(models.Model):
    """Last number handed out per country and year, for readable references like PL-2026-0007."""

    country = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="unique_reference_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.country}-{self.year}: {self.last_number}"


class CaseShare(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="shares"
    )
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="case_shares"
    )
    shared_by = models.ForeignKey(
        User, verbose_name=_("shared by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    include_relatives = models.BooleanField(_("include relatives"), default=False)

    history = keep_history()

    class Meta:
        verbose_name = _("case share")
        verbose_name_plural = _("case shares")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="unique_case_share")]

    def __str__(self) -> str:
        return f"{self.case} → {self.user}"
