"""What a case holds: risks, remedies, identity documents, relatives with the pressure
put on them, and notes."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from casework.choices import (
    SEVERITY_RANK,
    DocumentKind,
    NoteKind,
    PressureKind,
    RemedyKind,
    RemedyStatus,
    RiskKind,
    RiskStatus,
    Severity,
)
from casework.fields import EncryptedTextField
from casework.models.accounts import User
from casework.models.cases import Case
from casework.models.history import keep_history
from casework.models.people import Person


def severity_order() -> models.Case:
    """An expression that sorts risks from critical down to low."""
    return models.Case(
        *[models.When(severity=s, then=models.Value(rank)) for s, rank in SEVERITY_RANK.items()],
        default=models.Value(0),
        output_field=models.IntegerField(),
    )


class RiskQuerySet(models.QuerySet):
    def current(self) -> RiskQuerySet:
        return self.exclude(status=RiskStatus.RESOLVED)

    def of_cases(self, cases: QuerySet) -> RiskQuerySet:
        """The risks of these cases, each with its case loaded."""
        return self.filter(case__in=cases).select_related("case")

    def by_severity(self) -> RiskQuerySet:
        return self.annotate(severity_rank=severity_order()).order_by(
            "-severity_rank", "-identified_on", "-pk"
        )


class Risk(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="risks"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=RiskKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.SUSPECTED
    )
    identified_on = models.DateField(_("identified on"), default=timezone.localdate)
    # Indexed: the deadlines (casework/deadlines/) walk due dates in order.
    review_on = models.DateField(_("review on"), null=True, blank=True, db_index=True)
    details = EncryptedTextField(_("details"), blank=True)
    source = EncryptedTextField(_("source"), max_length=500, blank=True, single_line=True)

    objects = RiskQuerySet.as_manager()
    history = keep_history()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        # status and case too, so that the list's risk filter is read from the index alone.
        indexes = [
            models.Index(fields=["kind", "severity", "status", "case"], name="risk_kind_severity")
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def rank(self) -> int:
        return SEVERITY_RANK.get(self.severity, 0)


class Remedy(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="remedies"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=RemedyKind.choices)
    country = CountryField(_("country"))
    status = models.CharField(
        _("status"), max_length=12, choices=RemedyStatus.choices, default=RemedyStatus.CONSIDERING
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    decision_due_on = models.DateField(_("decision due on"), null=True, blank=True, db_index=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, db_index=True)
    authority = EncryptedTextField(_("authority"), max_length=200, blank=True, single_line=True)
    reference_number = EncryptedTextField(
        _("reference number"), max_length=100, blank=True, single_line=True
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    history = keep_history()

    class Meta:
        ordering = ["decision_due_on", "-applied_on", "pk"]
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        indexes = [models.Index(fields=["kind", "status"], name="remedy_kind_status")]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class IdentityDocument(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    issuing_country = CountryField(_("issuing country"))
    number = EncryptedTextField(_("number"), max_length=50, blank=True, single_line=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True, db_index=True)
    renewable_abroad = models.BooleanField(_("renewable abroad"), default=False)
    history = keep_history()

    class Meta:
        ordering = ["expires_on", "pk"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def days_to_expiry(self) -> int | None:
        if self.expires_on is None:
            return None
        return (self.expires_on - timezone.localdate()).days


class Relative(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="relatives"
    )
    relationship = EncryptedTextField(_("relationship"), max_length=100, single_line=True)
    name = EncryptedTextField(pgettext_lazy("person", "name"), max_length=200, single_line=True)
    location = EncryptedTextField(_("whereabouts"), max_length=200, blank=True, single_line=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    history = keep_history()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("relative")
        verbose_name_plural = _("relatives")

    def __str__(self) -> str:
        return self.relationship


class PressureEvent(models.Model):
    relative = models.ForeignKey(
        Relative,
        verbose_name=_("relative"),
        on_delete=models.CASCADE,
        related_name="pressure_events",
    )
    occurred_on = models.DateField(_("occurred on"))
    kind = models.CharField(_("kind"), max_length=20, choices=PressureKind.choices)
    details = EncryptedTextField(_("details"), blank=True)
    history = keep_history()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("pressure event")
        verbose_name_plural = _("pressure events")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Note(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        User, verbose_name=_("author"), on_delete=models.PROTECT, related_name="notes"
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=10, choices=NoteKind.choices)
    text = EncryptedTextField(_("text"))
    history = keep_history()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return str(self.get_kind_display())
