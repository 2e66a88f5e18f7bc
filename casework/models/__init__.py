"""The casework domain's models, one module per topic; everything is importable from here.

Writes go through casework.actions; reads through the QuerySet methods of these models.
"""

from casework.choices import (
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
from casework.models.accounts import (
    AccountChangeRequest,
    AccountChangeRequestQuerySet,
    Office,
    User,
    digest_recipients,
)
from casework.models.audit import AuditEvent, AuditEventQuerySet
from casework.models.cases import (
    ACTIVE_CASE,
    ACTIVE_STATUSES,
    TYPED_REFERENCE,
    Case,
    CaseQuerySet,
    CaseShare,
    ReferenceSequence,
    format_reference,
)
from casework.models.deadlines import (
    CalendarFeed,
    CalendarFeedQuerySet,
    CaseTask,
    CaseTaskQuerySet,
    DeadlineSnooze,
    DeadlineSnoozeQuerySet,
)
from casework.models.duplicates import DuplicateNotice, DuplicateNoticeQuerySet
from casework.models.guide import RemedyOption
from casework.models.people import Person, PersonName, PersonNameKey
from casework.models.records import (
    IdentityDocument,
    Note,
    PressureEvent,
    Relative,
    Remedy,
    Risk,
    RiskQuerySet,
    severity_order,
)
from casework.models.two_factor import (
    AuthenticatorDevice,
    RecoveryCode,
    RecoveryCodeDevice,
    recovery_code_hashes,
)

__all__ = [
    "ACTIVE_CASE",
    "ACTIVE_STATUSES",
    "SEVERITY_RANK",
    "TYPED_REFERENCE",
    "AccountChangeRequest",
    "AccountChangeRequestQuerySet",
    "AuditAction",
    "AuditEvent",
    "AuditEventQuerySet",
    "AuthenticatorDevice",
    "CalendarFeed",
    "CalendarFeedQuerySet",
    "Case",
    "CaseQuerySet",
    "CaseShare",
    "CaseStatus",
    "CaseTask",
    "CaseTaskQuerySet",
    "DeadlineSnooze",
    "DeadlineSnoozeQuerySet",
    "DocumentKind",
    "DuplicateNotice",
    "DuplicateNoticeQuerySet",
    "IdentityDocument",
    "NameKind",
    "Note",
    "NoteKind",
    "Office",
    "Person",
    "PersonName",
    "PersonNameKey",
    "PressureEvent",
    "PressureKind",
    "RecoveryCode",
    "RecoveryCodeDevice",
    "ReferenceSequence",
    "Relative",
    "Remedy",
    "RemedyKind",
    "RemedyOption",
    "RemedyStatus",
    "Risk",
    "RiskKind",
    "RiskQuerySet",
    "RiskStatus",
    "Role",
    "Script",
    "Severity",
    "User",
    "digest_recipients",
    "format_reference",
    "recovery_code_hashes",
    "severities_at_least",
    "severity_order",
]
