"""The casework domain: exiles, their cases, risks, remedies, documents and relatives.

Writes go through casework/actions.py; reads through the QuerySet methods below.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from casework.choices import (  # noqa: F401 - re-exported: casework.models.Role etc.
    SEVERITY_RANK,
    AuditAction,
    CaseStatus,
    DocumentKind,
    NameKind,
    NoteKind,
    PressureKind,
    RemedyKind,
    RemedyStatus,
    RiskKind,
    RiskStatus,
    Role,
    Script,
    Severity,
    severities_at_least,
)
from casework.fields import EncryptedTextField
from casework.names import encode_folded, fold_name, name_keys, search_key


class Office(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100)

    class Meta:
        ordering = ["country", "city", "name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VOLUNTEER)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role in (Role.VOLUNTEER, Role.COORDINATOR) and not self.office_id:
            raise ValidationError(
                {"office": _("Volunteers and coordinators belong to an office: choose one.")}
            )


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=200)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    citizenship = CountryField(_("citizenship"), default="BY")
    residence_country = CountryField(_("country of residence"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    contact = EncryptedTextField(_("contact details"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.full_name


class PersonName(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(_("name"), max_length=200)
    script = models.CharField(_("script"), max_length=10, choices=Script.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=NameKind.choices)
    # Derived from text on every save, so that Cyrillic matches case-insensitively on SQLite too.
    search_key = models.CharField(max_length=200, editable=False)
    # Derived too: the folded words that ranking compares (casework.names.encode_folded); the
    # index keys are the PersonNameKey rows, rewritten by every save.
    search_folded = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["kind", "script", "pk"]
        verbose_name = _("name spelling")
        verbose_name_plural = _("name spellings")
        # A substring search reads every key: from this index, half the size of the table.
        indexes = [models.Index(fields=["search_key", "person"], name="personname_search_key")]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs) -> None:
        self.search_key = search_key(self.text)
        folded = fold_name(self.text)
        self.search_folded = encode_folded(folded)
        if kwargs.get("update_fields") is not None and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key", "search_folded"}
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            PersonNameKey.objects.filter(name=self).delete()
            PersonNameKey.objects.bulk_create(PersonNameKey.rows_for(self, folded))


class PersonNameKey(models.Model):
    """One index key of one spelling (DESIGN.md section 7): a name search looks keys up by
    equality, never reads every name. Derived by PersonName.save() and rebuilt by the
    rebuild_name_keys command; person is repeated here so that the lookup needs no join."""

    name = models.ForeignKey(PersonName, on_delete=models.CASCADE, related_name="keys")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="personnamekey_key")]
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="personnamekey_unique")]

    def __str__(self) -> str:
        return self.key

    @staticmethod
    def rows_for(name: PersonName, folded: list | None = None) -> list[PersonNameKey]:
        """The key rows of a saved spelling, for bulk_create (which bypasses save())."""
        folded = fold_name(name.text) if folded is None else folded
        return [
            PersonNameKey(name_id=name.pk, person_id=name.person_id, key=key)
            for key in sorted(name_keys(folded))
        ]


def severity_order() -> models.Case:
    """An expression that sorts risks from critical down to low."""
    return models.Case(
        *[models.When(severity=s, then=models.Value(rank)) for s, rank in SEVERITY_RANK.items()],
        default=models.Value(0),
        output_field=models.IntegerField(),
    )


def case_visibility(user) -> models.Q | None:
    """What this user may see under DESIGN.md section 5, as a condition on a case's fields;
    None for nothing. Case.objects.visible_to applies it; the deadlines put it on the case of
    a risk, remedy or document (casework.deadlines), so that the database walks their due
    dates in order through a join instead of first listing every visible case."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.role == Role.VOLUNTEER and user.office_id:
        return models.Q(office_id=user.office_id, assigned_to=user)
    if user.role == Role.COORDINATOR and user.office_id:
        return models.Q(office_id=user.office_id)
    if user.role == Role.LEGAL_AID:
        return models.Q(shares__user=user)
    return None


# Every status but closed, as a positive condition: negated through a multi-valued relation
# (a person's cases) it would mean "has no closed case" instead.
ACTIVE_STATUSES = [CaseStatus.INTAKE, CaseStatus.OPEN, CaseStatus.ON_HOLD]


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """The only way cases are read: what this user may see under DESIGN.md section 5."""
        visibility = case_visibility(user)
        return self.none() if visibility is None else self.filter(visibility)

    def active(self) -> CaseQuerySet:
        return self.exclude(status=CaseStatus.CLOSED)

    def for_list(self) -> CaseQuerySet:
        return self.select_related("person", "office").prefetch_related("assigned_to")


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.INTAKE
    )
    assigned_to = models.ManyToManyField(
        User, verbose_name=_("assigned to"), related_name="assigned_cases", blank=True
    )
    host_country = CountryField(_("host country"))
    summary = models.TextField(_("summary"), blank=True)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.TextField(_("closure reason"), blank=True)
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="created_cases", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Incremented by every edit of the case itself: a form that carries an older
    # version is refused instead of overwriting what someone else saved.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Highest severity among risks that are not resolved (0 = none); kept by the actions
    # so that "highest risk first" sorts on an index instead of aggregating every risk.
    risk_level = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = CaseQuerySet.as_manager()

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
    def risk_level_label(self) -> str:
        for severity, rank in SEVERITY_RANK.items():
            if rank == self.risk_level:
                return severity.label
        return ""

    @property
    def risk_level_name(self) -> str:
        for severity, rank in SEVERITY_RANK.items():
            if rank == self.risk_level:
                return severity.value
        return ""


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
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="case_shares")
    shared_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    include_relatives = models.BooleanField(_("include relatives"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="unique_case_share")]

    def __str__(self) -> str:
        return f"{self.case} → {self.user}"


class RiskQuerySet(models.QuerySet):
    def current(self) -> RiskQuerySet:
        return self.exclude(status=RiskStatus.RESOLVED)

    def by_severity(self) -> RiskQuerySet:
        return self.annotate(severity_rank=severity_order()).order_by(
            "-severity_rank", "-identified_on", "-pk"
        )


class Risk(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(_("kind"), max_length=30, choices=RiskKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.SUSPECTED
    )
    identified_on = models.DateField(_("identified on"), default=timezone.localdate)
    # Indexed: the deadlines (casework/deadlines.py) walk due dates in order.
    review_on = models.DateField(_("review on"), null=True, blank=True, db_index=True)
    details = models.TextField(_("details"), blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)

    objects = RiskQuerySet.as_manager()

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
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField(_("kind"), max_length=30, choices=RemedyKind.choices)
    country = CountryField(_("country"))
    status = models.CharField(
        _("status"), max_length=12, choices=RemedyStatus.choices, default=RemedyStatus.CONSIDERING
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    decision_due_on = models.DateField(_("decision due on"), null=True, blank=True, db_index=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, db_index=True)
    authority = models.CharField(_("authority"), max_length=200, blank=True)
    reference_number = models.CharField(_("reference number"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["decision_due_on", "-applied_on", "pk"]
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        indexes = [models.Index(fields=["kind", "status"], name="remedy_kind_status")]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class IdentityDocument(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    issuing_country = CountryField(_("issuing country"))
    number = EncryptedTextField(_("number"), max_length=50, blank=True, single_line=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True, db_index=True)
    renewable_abroad = models.BooleanField(_("renewable abroad"), default=False)

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
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="relatives")
    relationship = models.CharField(_("relationship"), max_length=100)
    name = EncryptedTextField(_("name"), max_length=200, single_line=True)
    location = EncryptedTextField(_("whereabouts"), max_length=200, blank=True, single_line=True)
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("relative")
        verbose_name_plural = _("relatives")

    def __str__(self) -> str:
        return self.relationship


class PressureEvent(models.Model):
    relative = models.ForeignKey(Relative, on_delete=models.CASCADE, related_name="pressure_events")
    occurred_on = models.DateField(_("occurred on"))
    kind = models.CharField(_("kind"), max_length=20, choices=PressureKind.choices)
    details = EncryptedTextField(_("details"), blank=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("pressure event")
        verbose_name_plural = _("pressure events")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="notes")
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=10, choices=NoteKind.choices)
    text = EncryptedTextField(_("text"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """Who did what to which case, and when. Never personal data in detail."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")


class RemedyOption(models.Model):
    """The per-country knowledge base of remedies, loaded from seeds/ and edited by admins."""

    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=30, choices=RemedyKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    eligibility = models.TextField(_("eligibility"), blank=True)
    documents_needed = models.TextField(_("documents needed"), blank=True)
    source_url = models.URLField(_("source"), max_length=500)
    checked_on = models.DateField(_("checked on"))
    appeal_days = models.PositiveSmallIntegerField(
        _("days to appeal a refusal"), null=True, blank=True
    )

    class Meta:
        ordering = ["country", "kind", "title"]
        verbose_name = _("remedy option")
        verbose_name_plural = _("remedy options")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "kind", "title"], name="unique_remedy_option"
            )
        ]

    def __str__(self) -> str:
        return self.title


# --- deadlines (casework/deadlines.py derives the items; these hold what people add) -------


class CaseTaskQuerySet(models.QuerySet):
    def open(self) -> CaseTaskQuerySet:
        return self.filter(done_at__isnull=True)


class CaseTask(models.Model):
    """Something a user must do on a case by a date: a deadline nobody derives for them."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("what"), max_length=200)
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        User,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_tasks",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    objects = CaseTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        # Open tasks by due date: the deadlines' date windows read this index.
        indexes = [models.Index(fields=["done_at", "due_on"], name="casetask_open_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class DeadlineSnooze(models.Model):
    """A derived deadline put aside until a date, with the reason. Never changed: each
    snooze is a row of the case's history, and the latest that has not run out applies."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="snoozes")
    # Names the derived item, e.g. "document:12:90" (its 90-day alert), "remedy:5:decision".
    item_key = models.CharField(_("item"), max_length=60)
    until = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=500)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("snooze")
        verbose_name_plural = _("snoozes")
        indexes = [models.Index(fields=["case", "item_key", "until"], name="deadlinesnooze_lookup")]

    def __str__(self) -> str:
        return f"{self.item_key} until {self.until:%Y-%m-%d}"


class CalendarFeed(models.Model):
    """A user's secret iCalendar address. Only the SHA-256 of its token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_calendar_feed",
            )
        ]

    def __str__(self) -> str:
        return f"calendar feed {self.pk}"


# --- possible duplicates (casework/duplicates.py finds them) ------------------------------


class DuplicateNoticeQuerySet(models.QuerySet):
    def for_user(self, user) -> DuplicateNoticeQuerySet:
        """The notices of user's office if user coordinates it; none for anyone else."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.COORDINATOR and user.office_id:
            return self.filter(office_id=user.office_id)
        return self.none()

    def pending(self) -> DuplicateNoticeQuerySet:
        return self.filter(dismissed_at__isnull=True)


class DuplicateNotice(models.Model):
    """A case taken in by someone who may not see `case` may be the same person.

    Told to the coordinators of `office`, which holds `case`: whoever took in `new_case` is
    never told that `case` exists. Names no person, only the two cases.
    """

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="duplicate_notices")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="duplicate_notices")
    new_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    created_at = models.DateTimeField(_("flagged"), default=timezone.now)
    dismissed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(_("dismissed"), null=True, blank=True)

    objects = DuplicateNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("duplicate notice")
        verbose_name_plural = _("duplicate notices")
        constraints = [
            models.UniqueConstraint(fields=["case", "new_case"], name="unique_duplicate_notice")
        ]
        # An office's notices not yet dismissed, newest first: the dashboard's query.
        indexes = [
            models.Index(
                fields=["office", "dismissed_at", "-created_at"], name="duplicatenotice_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} ~ {self.new_case}"
