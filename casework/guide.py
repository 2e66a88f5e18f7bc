"""The remedy guide: which entries of the knowledge base (RemedyOption) help a case.

A suggestion is an option of the case's host country whose kind helps with one of the case's
current risks (RISK_REMEDIES below). Options are never taken from another country: the guide
answers "what can this person do where they are", and each country's procedures differ.

Decisions, so that a reviewer can disagree with them in one place:

- Current risks are those not resolved (suspected, confirmed and mitigated all count: a
  mitigated red notice can come back, and a suspected one is worth checking with the CCF).
- An identity document counts as a `passport_expired` risk even without a Risk row when it is
  a national passport that has expired, or that cannot be renewed abroad (`renewable_abroad`
  false, as for Belarusian passports since the decree of 4 September 2023) and expires within
  PASSPORT_WARNING_DAYS. An alien's passport takes weeks to months, so the guide should show it
  before the old passport runs out, not after.
- A humanitarian visa lets someone *enter* a country. It is suggested only when the person is
  recorded as living in another country than the host country (e.g. still in Belarus), and
  only for risks of persecution.
- A remedy the case already tracks (same kind and country, whatever its status) is shown as
  tracked, without the button: one that was refused is appealed, not started again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext

from casework.models import (
    SEVERITY_RANK,
    Case,
    DocumentKind,
    IdentityDocument,
    Remedy,
    RemedyKind,
    RemedyOption,
    Risk,
    RiskKind,
    RiskStatus,
    Severity,
)

PASSPORT_WARNING_DAYS = 180
RECHECK_AFTER_DAYS = 365

_TRAVEL_DOCUMENT: list[str] = [RemedyKind.ALIEN_PASSPORT, RemedyKind.EXPIRED_PASSPORT_RECOGNITION]
_PROTECTION = [RemedyKind.INTERNATIONAL_PROTECTION, RemedyKind.SUBSIDIARY_PROTECTION]

# Risk kind -> remedy kinds that can help with it. Why each line is what it is:
RISK_REMEDIES: dict[str, Sequence[str]] = {
    # No valid passport: a travel document from the host country, or the host country's
    # acceptance of the expired one (e.g. for renewing a residence permit).
    RiskKind.PASSPORT_EXPIRED: _TRAVEL_DOCUMENT,
    RiskKind.PASSPORT_INVALIDATED: _TRAVEL_DOCUMENT,
    # Losing citizenship is also a ground for protection, and leaves the person needing a
    # travel document of the host country.
    RiskKind.CITIZENSHIP_DEPRIVATION: [
        *_TRAVEL_DOCUMENT,
        RemedyKind.INTERNATIONAL_PROTECTION,
        RemedyKind.LEGAL_REPRESENTATION,
    ],
    # A red notice or diffusion is challenged at the CCF; a warrant or a request can lead to
    # arrest and extradition, against which protection status and a lawyer are the defence.
    RiskKind.RED_NOTICE: [
        RemedyKind.CCF_REQUEST,
        RemedyKind.NON_EXTRADITION,
        RemedyKind.INTERNATIONAL_PROTECTION,
        RemedyKind.LEGAL_REPRESENTATION,
    ],
    RiskKind.ARREST_WARRANT: [
        RemedyKind.CCF_REQUEST,
        RemedyKind.NON_EXTRADITION,
        RemedyKind.INTERNATIONAL_PROTECTION,
        RemedyKind.LEGAL_REPRESENTATION,
    ],
    RiskKind.EXTRADITION_REQUEST: [
        RemedyKind.NON_EXTRADITION,
        RemedyKind.CCF_REQUEST,
        RemedyKind.INTERNATIONAL_PROTECTION,
        RemedyKind.LEGAL_REPRESENTATION,
    ],
    # Prosecution for political reasons is persecution: protection, and a lawyer. A case or
    # a sentence in absentia is also what extradition requests are built on.
    RiskKind.CRIMINAL_CASE: [
        *_PROTECTION,
        RemedyKind.NON_EXTRADITION,
        RemedyKind.LEGAL_REPRESENTATION,
    ],
    RiskKind.IN_ABSENTIA_TRIAL: [
        *_PROTECTION,
        RemedyKind.NON_EXTRADITION,
        RemedyKind.LEGAL_REPRESENTATION,
    ],
    RiskKind.EXTREMIST_LISTING: [*_PROTECTION, RemedyKind.LEGAL_REPRESENTATION],
    # Threats, surveillance and pressure on relatives are evidence of persecution and of a
    # risk of serious harm on return.
    RiskKind.THREATS_RECEIVED: _PROTECTION,
    RiskKind.SURVEILLANCE: _PROTECTION,
    RiskKind.RELATIVES_PRESSURED: _PROTECTION,
    # Losing the right to stay: another residence title, protection, and a lawyer.
    RiskKind.DEPORTATION_RISK: [
        RemedyKind.TEMPORARY_RESIDENCE,
        RemedyKind.PERMANENT_RESIDENCE,
        *_PROTECTION,
        RemedyKind.LEGAL_REPRESENTATION,
    ],
    RiskKind.RESIDENCE_EXPIRING: [
        RemedyKind.TEMPORARY_RESIDENCE,
        RemedyKind.PERMANENT_RESIDENCE,
        RemedyKind.WORK_PERMIT,
        RemedyKind.INTERNATIONAL_PROTECTION,
    ],
    RiskKind.PROPERTY_SEIZED: [RemedyKind.LEGAL_REPRESENTATION],
    RiskKind.OTHER: [],
}

# Risks that justify leaving for the host country on a humanitarian visa.
PERSECUTION = {
    RiskKind.RED_NOTICE,
    RiskKind.ARREST_WARRANT,
    RiskKind.CRIMINAL_CASE,
    RiskKind.IN_ABSENTIA_TRIAL,
    RiskKind.EXTREMIST_LISTING,
    RiskKind.THREATS_RECEIVED,
    RiskKind.SURVEILLANCE,
    RiskKind.RELATIVES_PRESSURED,
    RiskKind.CITIZENSHIP_DEPRIVATION,
}

_KIND_ORDER = {kind: index for index, kind in enumerate(RemedyKind.values)}
# Labels looked up once: get_kind_display() rebuilds its table on every call.
RISK_LABELS = dict(RiskKind.choices)


@dataclass
class Suggestion:
    option: RemedyOption
    # Why it is suggested: the risks (or documents) it helps with, as short labels.
    reasons: list[str | Promise] = field(default_factory=list)
    # The highest severity among those reasons, to show the most urgent first, and where
    # the remedy stands in RISK_REMEDIES for that risk.
    rank: int = 0
    place: int = 0
    tracked: Remedy | None = None

    @property
    def documents_needed(self) -> list[str]:
        return [line.strip() for line in self.option.documents_needed.splitlines() if line.strip()]

    @property
    def source_host(self) -> str:
        """The site the source is on, shown beside the link so that users see where it goes."""
        return urlsplit(self.option.source_url).hostname or ""

    @property
    def needs_recheck(self) -> bool:
        """Rules for Belarusians change often: an entry not checked for a year is flagged."""
        return (timezone.localdate() - self.option.checked_on).days > RECHECK_AFTER_DAYS


@dataclass(frozen=True)
class _Need:
    remedy_kinds: tuple[str, ...]
    reason: str | Promise
    rank: int


def expiring_passports(
    documents: Iterable[IdentityDocument], today: datetime.date
) -> list[IdentityDocument]:
    """National passports that count as an expired passport (see the module's docstring)."""
    found = []
    for document in documents:
        if document.kind != DocumentKind.NATIONAL_PASSPORT or document.expires_on is None:
            continue
        days = (document.expires_on - today).days
        if days < 0 or (not document.renewable_abroad and days <= PASSPORT_WARNING_DAYS):
            found.append(document)
    return found


def _needs(case: Case, risks: Iterable[Risk], documents: Iterable[IdentityDocument]) -> list[_Need]:
    """One need per kind of current risk (at its highest severity), and one for the passport
    that expires first: a case with forty risk rows lists each reason once."""
    today = timezone.localdate()
    person = case.person
    abroad = bool(person.residence_country) and person.residence_country != case.host_country
    ranks: dict[str, int] = {}
    for risk in risks:
        if risk.status != RiskStatus.RESOLVED:
            ranks[risk.kind] = max(ranks.get(risk.kind, 0), risk.rank)
    needs = []
    for kind, rank in ranks.items():
        remedies = list(RISK_REMEDIES.get(kind, []))
        if abroad and kind in PERSECUTION:
            remedies.append(RemedyKind.HUMANITARIAN_VISA)
        needs.append(_Need(tuple(remedies), RISK_LABELS.get(kind, kind), rank))
    passports = expiring_passports(documents, today)
    if passports:
        # expiring_passports gives only documents with an expiry date.
        first_expiry = min(document.expires_on for document in passports if document.expires_on)
        day = date_format(first_expiry)
        if first_expiry < today:
            reason = gettext("national passport expired on %(date)s") % {"date": day}
        else:
            reason = gettext("national passport expires on %(date)s") % {"date": day}
        needs.append(
            _Need(
                tuple(RISK_REMEDIES[RiskKind.PASSPORT_EXPIRED]),
                reason,
                SEVERITY_RANK[Severity.HIGH],
            )
        )
    # Most severe first, so that a suggestion names its most pressing reason first.
    needs.sort(key=lambda need: -need.rank)
    return needs


def suggest_remedies(
    case: Case,
    *,
    risks: Iterable[Risk] | None = None,
    documents: Iterable[IdentityDocument] | None = None,
    remedies: Iterable[Remedy] | None = None,
) -> list[Suggestion]:
    """Options of case.host_country that help with its current risks, most urgent first.

    The case page passes the risks, documents and remedies it lists anyway, so that the guide
    costs it one query (the options) whatever the size of the case.
    """
    if risks is None:
        risks = case.risks.all()
    if documents is None:
        documents = case.person.documents.all()
    if remedies is None:
        remedies = case.remedies.all()
    needs = _needs(case, risks, documents)
    wanted = {kind for need in needs for kind in need.remedy_kinds}
    if not wanted:
        return []
    tracked = {
        (remedy.kind, remedy.country.code): remedy for remedy in remedies if remedy.kind in wanted
    }
    suggestions = []
    for option in RemedyOption.objects.filter(country=case.host_country, kind__in=wanted):
        suggestion = Suggestion(
            option=option, tracked=tracked.get((option.kind, option.country.code))
        )
        for need in needs:
            if option.kind not in need.remedy_kinds:
                continue
            suggestion.reasons.append(need.reason)
            # The most severe need decides; among equally severe ones, the remedy listed
            # first for its risk in RISK_REMEDIES (the CCF for a red notice).
            place = need.remedy_kinds.index(option.kind)
            if (need.rank, -place) > (suggestion.rank, -suggestion.place):
                suggestion.rank, suggestion.place = need.rank, place
        suggestions.append(suggestion)
    suggestions.sort(
        key=lambda s: (
            s.tracked is not None,
            -s.rank,
            s.place,
            _KIND_ORDER.get(s.option.kind, len(_KIND_ORDER)),
            s.option.title,
        )
    )
    return suggestions
