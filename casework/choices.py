"""The fixed vocabularies of the casework domain (DESIGN.md section 4)."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    VOLUNTEER = "volunteer", pgettext_lazy("role", "Volunteer")
    COORDINATOR = "coordinator", pgettext_lazy("role", "Coordinator")
    LEGAL_AID = "legal_aid", pgettext_lazy("role", "Legal aid")
    ADMIN = "admin", pgettext_lazy("role", "Administrator")


class Script(models.TextChoices):
    BELARUSIAN_CYRILLIC = "be-Cyrl", pgettext_lazy("script", "Belarusian Cyrillic")
    RUSSIAN_CYRILLIC = "ru-Cyrl", pgettext_lazy("script", "Russian Cyrillic")
    LATIN = "Latn", pgettext_lazy("script", "Latin")


# The HTML lang a spelling in each script carries, for screen readers and fonts: a Cyrillic
# script names its language. A Latin spelling gets none: a passport romanisation or Łacinka
# is not in a language the script tells, and "la" would be Latin, the language.
SCRIPT_LANGS: dict[str, str] = {Script.BELARUSIAN_CYRILLIC: "be", Script.RUSSIAN_CYRILLIC: "ru"}


def script_lang(script: str) -> str:
    """The lang of a spelling in script: "be", "ru", or "" (no tag)."""
    return SCRIPT_LANGS.get(script, "")


class NameKind(models.TextChoices):
    NATIVE = "native", pgettext_lazy("name kind", "Native")
    PASSPORT = "passport", pgettext_lazy("name kind", "Passport")
    OTHER = "other", pgettext_lazy("name kind", "Other")


class CaseStatus(models.TextChoices):
    INTAKE = "intake", pgettext_lazy("case status", "Intake")
    OPEN = "open", pgettext_lazy("case status", "Open")
    ON_HOLD = "on_hold", pgettext_lazy("case status", "On hold")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


class Severity(models.TextChoices):
    LOW = "low", pgettext_lazy("severity", "Low")
    MEDIUM = "medium", pgettext_lazy("severity", "Medium")
    HIGH = "high", pgettext_lazy("severity", "High")
    CRITICAL = "critical", pgettext_lazy("severity", "Critical")


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
    RED_NOTICE = "red_notice", pgettext_lazy("risk kind", "Interpol red notice or diffusion")
    ARREST_WARRANT = "arrest_warrant", pgettext_lazy("risk kind", "Arrest warrant")
    CRIMINAL_CASE = "criminal_case", pgettext_lazy("risk kind", "Criminal case")
    IN_ABSENTIA_TRIAL = "in_absentia_trial", pgettext_lazy("risk kind", "Trial in absentia")
    EXTREMIST_LISTING = "extremist_listing", pgettext_lazy("risk kind", "Listed as 'extremist'")
    PASSPORT_EXPIRED = "passport_expired", pgettext_lazy("risk kind", "Passport expired")
    PASSPORT_INVALIDATED = (
        "passport_invalidated",
        pgettext_lazy("risk kind", "Passport invalidated"),
    )
    CITIZENSHIP_DEPRIVATION = (
        "citizenship_deprivation",
        pgettext_lazy("risk kind", "Deprivation of citizenship"),
    )
    RELATIVES_PRESSURED = "relatives_pressured", pgettext_lazy("risk kind", "Relatives pressured")
    THREATS_RECEIVED = "threats_received", pgettext_lazy("risk kind", "Threats received")
    SURVEILLANCE = "surveillance", pgettext_lazy("risk kind", "Surveillance")
    EXTRADITION_REQUEST = "extradition_request", pgettext_lazy("risk kind", "Extradition request")
    DEPORTATION_RISK = "deportation_risk", pgettext_lazy("risk kind", "Deportation risk")
    RESIDENCE_EXPIRING = (
        "residence_expiring",
        pgettext_lazy("risk kind", "Residence permit expiring"),
    )
    PROPERTY_SEIZED = "property_seized", pgettext_lazy("risk kind", "Property seized")
    OTHER = "other", pgettext_lazy("risk kind", "Other")


class RiskStatus(models.TextChoices):
    SUSPECTED = "suspected", pgettext_lazy("risk status", "Suspected")
    CONFIRMED = "confirmed", pgettext_lazy("risk status", "Confirmed")
    MITIGATED = "mitigated", pgettext_lazy("risk status", "Mitigated")
    RESOLVED = "resolved", pgettext_lazy("risk status", "Resolved")


class RemedyKind(models.TextChoices):
    ALIEN_PASSPORT = "alien_passport", pgettext_lazy("remedy kind", "Alien's passport")
    HUMANITARIAN_VISA = "humanitarian_visa", pgettext_lazy("remedy kind", "Humanitarian visa")
    TEMPORARY_RESIDENCE = "temporary_residence", pgettext_lazy("remedy kind", "Temporary residence")
    PERMANENT_RESIDENCE = "permanent_residence", pgettext_lazy("remedy kind", "Permanent residence")
    INTERNATIONAL_PROTECTION = (
        "international_protection",
        pgettext_lazy("remedy kind", "International protection (asylum)"),
    )
    SUBSIDIARY_PROTECTION = (
        "subsidiary_protection",
        pgettext_lazy("remedy kind", "Subsidiary protection"),
    )
    CCF_REQUEST = "ccf_request", pgettext_lazy("remedy kind", "Request to Interpol's CCF")
    NON_EXTRADITION = "non_extradition", pgettext_lazy("remedy kind", "Protection from extradition")
    EXPIRED_PASSPORT_RECOGNITION = (
        "expired_passport_recognition",
        pgettext_lazy("remedy kind", "Recognition of an expired passport"),
    )
    WORK_PERMIT = "work_permit", pgettext_lazy("remedy kind", "Work permit")
    LEGAL_REPRESENTATION = (
        "legal_representation",
        pgettext_lazy("remedy kind", "Legal representation"),
    )
    OTHER = "other", pgettext_lazy("remedy kind", "Other")


class RemedyStatus(models.TextChoices):
    CONSIDERING = "considering", pgettext_lazy("remedy status", "Considering")
    PREPARING = "preparing", pgettext_lazy("remedy status", "Preparing")
    APPLIED = "applied", pgettext_lazy("remedy status", "Applied")
    PENDING = "pending", pgettext_lazy("remedy status", "Pending")
    GRANTED = "granted", pgettext_lazy("remedy status", "Granted")
    REFUSED = "refused", pgettext_lazy("remedy status", "Refused")
    APPEALED = "appealed", pgettext_lazy("remedy status", "Appealed")
    WITHDRAWN = "withdrawn", pgettext_lazy("remedy status", "Withdrawn")


class DocumentKind(models.TextChoices):
    NATIONAL_PASSPORT = "national_passport", pgettext_lazy("document kind", "National passport")
    ALIEN_PASSPORT = "alien_passport", pgettext_lazy("document kind", "Alien's passport")
    RESIDENCE_PERMIT = "residence_permit", pgettext_lazy("document kind", "Residence permit")
    VISA = "visa", pgettext_lazy("document kind", "Visa")
    TRAVEL_DOCUMENT = "travel_document", pgettext_lazy("document kind", "Travel document")
    OTHER = "other", pgettext_lazy("document kind", "Other")


class FileKind(models.TextChoices):
    """What a file attached to a case is (casework.models.files.CaseFile)."""

    PASSPORT_SCAN = "passport_scan", pgettext_lazy("file kind", "Passport scan")
    IDENTITY_DOCUMENT = "identity_document", pgettext_lazy("file kind", "Identity document")
    COURT_DECISION = "court_decision", pgettext_lazy("file kind", "Court decision")
    SUMMONS = "summons", pgettext_lazy("file kind", "Summons")
    INTERPOL_DOCUMENT = "interpol_document", pgettext_lazy("file kind", "Interpol document")
    CCF_CORRESPONDENCE = (
        "ccf_correspondence",
        pgettext_lazy("file kind", "Correspondence with the CCF"),
    )
    RESIDENCE_DECISION = "residence_decision", pgettext_lazy("file kind", "Residence decision")
    CONSENT_FORM = "consent_form", pgettext_lazy("file kind", "Consent form")
    PHOTO = "photo", pgettext_lazy("file kind", "Photo")
    OTHER = "other", pgettext_lazy("file kind", "Other")


class PressureKind(models.TextChoices):
    VISIT = "visit", pgettext_lazy("pressure event kind", "Visit")
    SUMMONS = "summons", pgettext_lazy("pressure event kind", "Summons")
    INTERROGATION = "interrogation", pgettext_lazy("pressure event kind", "Interrogation")
    DETENTION = "detention", pgettext_lazy("pressure event kind", "Detention")
    SEARCH = "search", pgettext_lazy("pressure event kind", "Search")
    DISMISSAL = "dismissal", pgettext_lazy("pressure event kind", "Dismissal from work")
    THREAT = "threat", pgettext_lazy("pressure event kind", "Threat")
    OTHER = "other", pgettext_lazy("pressure event kind", "Other")


class NoteKind(models.TextChoices):
    CONTACT = "contact", pgettext_lazy("note kind", "Contact")
    ACTION = "action", pgettext_lazy("note kind", "Action")
    LEGAL = "legal", pgettext_lazy("note kind", "Legal")
    OTHER = "other", pgettext_lazy("note kind", "Other")


class AuditAction(models.TextChoices):
    VIEW = "view", pgettext_lazy("audit action", "View")
    CREATE = "create", pgettext_lazy("audit action", "Create")
    EDIT = "edit", pgettext_lazy("audit action", "Edit")
    PRINT = "print", pgettext_lazy("audit action", "Print")
    EXPORT = "export", pgettext_lazy("audit action", "Export")
    SHARE = "share", pgettext_lazy("audit action", "Share")
    UNSHARE = "unshare", pgettext_lazy("audit action", "Unshare")
    ASSIGN = "assign", pgettext_lazy("audit action", "Assign")
    CLOSE = "close", pgettext_lazy("audit action", "Close")
    REOPEN = "reopen", pgettext_lazy("audit action", "Reopen")
    LOGIN = "login", pgettext_lazy("audit action", "Login")
    LOGOUT = "logout", pgettext_lazy("audit action", "Logout")
    LOGIN_FAILED = "login_failed", pgettext_lazy("audit action", "Failed login")
    LOCKOUT = "lockout", pgettext_lazy("audit action", "Lockout")
    TWO_FACTOR_RESET = "2fa_reset", pgettext_lazy("audit action", "Second factor reset")
    DUPLICATE_FLAGGED = "duplicate", pgettext_lazy("audit action", "Possible duplicate flagged")
    DUPLICATE_DISMISSED = (
        "duplicate_dismissed",
        pgettext_lazy("audit action", "Possible duplicate dismissed"),
    )
    ACCOUNT_CHANGE = "account_change", pgettext_lazy("audit action", "Account change")
    REFERENCE_CHANGE = "reference_change", pgettext_lazy("audit action", "Reference data change")
    RESTORE = "restore", pgettext_lazy("audit action", "Restore")
    # Reads of lists rather than of one case: the case list and its searches, the intake's
    # duplicate check (SEARCH), the dashboard (LIST). The audit page hides them unless asked.
    SEARCH = "search", pgettext_lazy("audit action", "Search")
    LIST = "list", pgettext_lazy("audit action", "List viewed")
    # The document vault: every file stored, read (whole or as a preview) and removed.
    FILE_UPLOAD = "file_upload", pgettext_lazy("audit action", "File uploaded")
    FILE_DOWNLOAD = "file_download", pgettext_lazy("audit action", "File downloaded")
    FILE_PREVIEW = "file_preview", pgettext_lazy("audit action", "File previewed")
    FILE_REMOVE = "file_remove", pgettext_lazy("audit action", "File removed")
