"""PDF summaries for the benchmark: a typical and a large fictional case, timed end to end.

The two cases are taken in through casework/actions.py like any other, once per scratch
database, and found again by their person's name (generate.EXTRA_PERSON) and birth date.
"""

from __future__ import annotations

import datetime
import gc
import io
import resource
import statistics
import time
import tracemalloc
from dataclasses import dataclass

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench import generate
from bench.common import percentile, style
from casework import actions
from casework.models import (
    Case,
    DocumentKind,
    NoteKind,
    RemedyKind,
    RemedyStatus,
    RiskKind,
    RiskStatus,
    Severity,
    User,
)

# (name, risks, remedies, documents, notes): the sizes issue 3 asks to measure.
SIZES = {
    "typical": (10, 5, 3, 10),
    "large": (100, 5, 3, 200),
}
TARGET_MS = {"typical": 300, "large": 3000}
MARKER = generate.EXTRA_CASE_MARKER + "pdf-{size}"
BIRTH_DATES = {"typical": datetime.date(1984, 5, 17), "large": datetime.date(1984, 5, 18)}

RISK_TEXT = (
    "Wanted list of the Ministry of Internal Affairs since March; the entry names art. 342 "
    "(organising actions that grossly violate public order). Lawyer asked for the file. "
)
NOTE_TEXT = (
    "Сустрэча ў офісе. Паказала новы ліст ад следчага камітэта; копія ў папцы. "
    "Спытала пра паспарт іншаземца: патрэбныя фота, доказ пражывання, заява. "
    "Łacinka: Ciapier jana čakaje adkazu ŭrada. Next step: call the lawyer on Monday, "
    "then book the appointment at the voivodeship office.\n"
)


def bench_case(size: str, by: User) -> Case:
    """The case of this size, taken in on the first run and reused after."""
    marker = MARKER.format(size=size)
    # The person's name marks the bench's own cases, the birth date tells the two apart.
    birth_date = BIRTH_DATES[size]
    case = Case.objects.filter(
        person__full_name=generate.EXTRA_PERSON, person__birth_date=birth_date
    ).first()
    if case is not None:
        return case
    risks, remedies, documents, notes = SIZES[size]
    today = timezone.localdate()
    case = actions.take_in_case(
        by=by,
        person={
            "full_name": generate.EXTRA_PERSON,
            "birth_date": birth_date,
            "city": "Kraków",
            "contact": "Signal via the office; never by phone.",
        },
        names=[
            {"text": "Алесь Кавалёў"},
            {"text": "Алесь Ковалёв"},
            {"text": "Ales Kavalioŭ"},
            {"text": "Ales Kavaliou"},
        ],
        host_country="PL",
        summary=marker,
    )
    kinds = list(RiskKind)
    for i in range(risks):
        actions.add_risk(
            case=case,
            by=by,
            fields={
                "kind": kinds[i % len(kinds)],
                "severity": list(Severity)[i % len(Severity)],
                "status": RiskStatus.CONFIRMED,
                "identified_on": today - datetime.timedelta(days=30 + i),
                "review_on": today + datetime.timedelta(days=60),
                "details": RISK_TEXT,
                "source": "Copy of the wanted list in the paper file",
            },
        )
    remedy_kinds = list(RemedyKind)
    for i in range(remedies):
        actions.add_remedy(
            case=case,
            by=by,
            fields={
                "kind": remedy_kinds[i % len(remedy_kinds)],
                "country": "PL",
                "status": RemedyStatus.APPLIED,
                "applied_on": today - datetime.timedelta(days=40),
                "decision_due_on": today + datetime.timedelta(days=20 + i),
                "authority": "Mazowiecki Urząd Wojewódzki",
                "reference_number": f"WSC-II-S.6151.{1000 + i}.2026",
                "notes": "Appointment booked; fingerprints taken.",
            },
        )
    document_kinds = list(DocumentKind)
    for i in range(documents):
        actions.add_document(
            case=case,
            by=by,
            fields={
                "kind": document_kinds[i % len(document_kinds)],
                "issuing_country": "BY",
                "number": f"MP{4000000 + i}",
                "issued_on": today - datetime.timedelta(days=3000),
                "expires_on": today + datetime.timedelta(days=40 + 200 * i),
            },
        )
    for i in range(notes):
        actions.add_note(
            case=case,
            by=by,
            fields={"kind": list(NoteKind)[i % len(NoteKind)], "text": f"{i + 1}. {NOTE_TEXT}"},
        )
    return case


@dataclass
class PdfResult:
    size: str
    times_ms: list[float]
    pages: int
    bytes: int
    python_peak_mb: float
    rss_growth_mb: float

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def target_ms(self) -> int:
        return TARGET_MS[self.size]

    @property
    def met(self) -> bool:
        return self.median <= self.target_ms


def measure(*, coordinator: User, requests: int, warmups: int) -> list[PdfResult]:
    from pypdf import PdfReader

    client = Client()
    client.force_login(coordinator)
    results = []
    for size in SIZES:
        case = bench_case(size, coordinator)
        url = reverse("docs_app:case_summary", args=[case.pk])
        runs = requests if size == "typical" else max(3, requests // 5)
        for _ in range(warmups):
            get_pdf(client, url)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = get_pdf(client, url)
            times.append((time.perf_counter() - started) * 1000)
        rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
        # Allocation tracing slows rendering down, so it gets a run of its own.
        gc.collect()
        tracemalloc.start()
        get_pdf(client, url)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        pages = len(PdfReader(io.BytesIO(response.content)).pages)
        results.append(
            PdfResult(size, times, pages, len(response.content), peak / 2**20, rss_growth / 1024)
        )
    return results


def get_pdf(client: Client, url: str):
    # What the print form sends: summary.pdf answers only a POST.
    response = client.post(url, {"include": "notes,contacts", "purpose": "Benchmark"})
    if response.status_code != 200 or response["Content-Type"] != "application/pdf":
        raise RuntimeError(f"POST {url} answered {response.status_code}, not a PDF.")
    return response


def print_table(results: list[PdfResult]) -> None:
    print()
    print(
        f"{'PDF summary':<34} {'median':>7} {'p95':>7} {'target':>7} {'pages':>5} "
        f"{'KiB':>5} {'py peak':>8} {'rss +':>6}  result"
    )
    for r in results:
        verdict = style.SUCCESS("met") if r.met else style.ERROR("MISSED")
        risks, _remedies, _documents, notes = SIZES[r.size]
        name = f"{r.size} ({risks} risks, {notes} notes)"
        print(
            f"{name:<34} {r.median:>7.1f} {percentile(r.times_ms, 95):>7.1f} "
            f"{'<=' + str(r.target_ms):>7} {r.pages:>5} {r.bytes // 1024:>5} "
            f"{r.python_peak_mb:>6.1f}MB {r.rss_growth_mb:>4.0f}MB  {verdict}"
        )
    print(
        "Times in ms per POST of summary.pdf (notes and contacts included), "
        f"{len(results[0].times_ms)} requests for the typical case and "
        f"{len(results[-1].times_ms)} for the large one. 'py peak' is the peak of Python "
        "allocations during one render (tracemalloc); 'rss +' is how far the process's "
        "resident memory high-water mark rose while rendering. A target is met when the "
        "median is within it."
    )
