"""The fixed vocabularies of the casework domain (DESIGN.md section 4)."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer")
    COORDINATOR = "coordinator", _("Coordinator")
    LEGAL_AID = "legal_aid", _("Legal aid")
    ADMIN = "admin", _("Administrator")


class Script(models.TextChoices):
    BELARUSIAN_CYRILLIC = "be-Cyrl", _("Belarusian Cyrillic")
    RUSSIAN_CYRILLIC = "ru-Cyrl", _("Russian Cyrillic")
    LATIN = "Latn", _("Latin")


class NameKind(models.TextChoices):
    NATIVE = "native", _("Native")
    PASSPORT = "passport", _("Passport")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    INTAKE = "intake", _("Intake")
    OPEN = "open", _("Open")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


SEVERITY_RANK: dict[str, int] = {
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}


def risk_level(severities: Iterable[str]) -> int:
    """A case's risk level: the rank of the most severe of its current (not resolved) risks,
    0 for none. Stored on the case (Case.risk_level) so that lists sort on an index."""
    return max((SEVERITY_RANK[severity] for severity in severities), default=0)


def severity_at(level: int) -> Severity | None:
    """The severity a risk level stands for; None for level 0 (no current risk)."""
    for severity, rank in SEVERITY_RANK.items():
        if rank == level:
            return Severity(severity)
    return None


def severities_at_least(minimum: str) -> list[str]:
    floor = SEVERITY_RANK[minimum]
    return [severity for severity, rank in SEVERITY_RANK.items() if rank >= floor]


class RiskKind(models.TextChoices):
    RED_NOTICE = "red_notice", _("Interpol red notice or diffusion")
    ARREST_WARRANT = "arrest_warrant", _("Arrest warrant")
    CRIMINAL_CASE = "criminal_case", _("Criminal case")
    IN_ABSENTIA_TRIAL = "in_absentia_trial", _("Trial in absentia")
    EXTREMIST_LISTING = "extremist_listing", _("Listed as 'extremist'")
    PASSPORT_EXPIRED = "passport_expired", _("Passport expired")
    PASSPORT_INVALIDATED = "passport_invalidated", _("Passport invalidated")
    CITIZENSHIP_DEPRIVATION = "citizenship_deprivation", _("Deprivation of citizenship")
    RELATIVES_PRESSURED = "relatives_pressured", _("Relatives pressured")
    THREATS_RECEIVED = "threats_received", _("Threats received")
    SURVEILLANCE = "surveillance", _("Surveillance")
    EXTRADITION_REQUEST = "extradition_request", _("Extradition request")
    DEPORTATION_RISK = "deportation_risk", _("Deportation risk")
    RESIDENCE_EXPIRING = "residence_expiring", _("Residence permit expiring")
    PROPERTY_SEIZED = "property_seized", _("Property seized")
    OTHER = "other", _("Other")


class RiskStatus(models.TextChoices):
    SUSPECTED = "suspected", _("Suspected")
    CONFIRMED = "confirmed", _("Confirmed")
    MITIGATED = "mitigated", _("Mitigated")
    RESOLVED = "resolved", _("Resolved")


class RemedyKind(models.TextChoices):
    ALIEN_PASSPORT = "alien_passport", _("Alien's passport")
    HUMANITARIAN_VISA = "humanitarian_visa", _("Humanitarian visa")
    TEMPORARY_RESIDENCE = "temporary_residence", _("Temporary residence")
    PERMANENT_RESIDENCE = "permanent_residence", _("Permanent residence")
    INTERNATIONAL_PROTECTION = "international_protection", _("International protection (asylum)")
    SUBSIDIARY_PROTECTION = "subsidiary_protection", _("Subsidiary protection")
    CCF_REQUEST = "ccf_request", _("Request to Interpol's CCF")
    NON_EXTRADITION = "non_extradition", _("Protection from extradition")
    EXPIRED_PASSPORT_RECOGNITION = (
        "expired_passport_recognition",
        _("Recognition of an expired passport"),
    )
    WORK_PERMIT = "work_permit", _("Work permit")
    LEGAL_REPRESENTATION = "legal_representation", _("Legal representation")
    OTHER = "other", _("Other")


class RemedyStatus(models.TextChoices):
    CONSIDERING = "considering", _("Considering")
    PREPARING = "preparing", _("Preparing")
    APPLIED = "applied", _("Applied")
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    APPEALED = "appealed", _("Appealed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DocumentKind(models.TextChoices):
    NATIONAL_PASSPORT = "national_passport", _("National passport")
    ALIEN_PASSPORT = "alien_passport", _("Alien's passport")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    VISA = "visa", _("Visa")
    TRAVEL_DOCUMENT = "travel_document", _("Travel document")
    OTHER = "other", _("Other")


class PressureKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    SUMMONS = "summons", _("Summons")
    INTERROGATION = "interrogation", _("Interrogation")
    DETENTION = "detention", _("Detention")
    SEARCH = "search", _("Search")
    DISMISSAL = "dismissal", _("Dismissal from work")
    THREAT = "threat", _("Threat")
    OTHER = "other", _("Other")


class NoteKind(models.TextChoices):
    CONTACT = "contact", _("Contact")
    ACTION = "action", _("Action")
    LEGAL = "legal", _("Legal")
    OTHER = "other", _("Other")


class AuditAction(models.TextChoices):
    VIEW = "view", _("View")
    CREATE = "create", _("Create")
    EDIT = "edit", _("Edit")
    PRINT = "print", _("Print")
    EXPORT = "export", _("Export")
    SHARE = "share", _("Share")
    UNSHARE = "unshare", _("Unshare")
    ASSIGN = "assign", _("Assign")
    CLOSE = "close", _("Close")
    REOPEN = "reopen", _("Reopen")
    LOGIN = "login", _("Login")
    LOGOUT = "logout", _("Logout")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKOUT = "lockout", _("Lockout")
    TWO_FACTOR_RESET = "2fa_reset", _("Second factor reset")
    DUPLICATE_FLAGGED = "duplicate", _("Possible duplicate flagged")
    DUPLICATE_DISMISSED = "duplicate_dismissed", _("Possible duplicate dismissed")
    ACCOUNT_CHANGE = "account_change", _("Account change")
    REFERENCE_CHANGE = "reference_change", _("Reference data change")
    RESTORE = "restore", _("Restore")
    # Reads of lists rather than of one case: the case list and its searches, the intake's
    # duplicate check (SEARCH), the dashboard (LIST). The audit page hides them unless asked.
    SEARCH = "search", _("Search")
    LIST = "list", _("List viewed")
