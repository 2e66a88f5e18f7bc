"""casework.names.search.match_people() alone, as the intake's duplicate check calls it:
over every bench person and over the persons of the largest office."""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import generate
from bench.common import percentile, style
from casework.names.search import match_people

NAME_SEARCH_MS = 100


def measure_and_print(requests: int, warmups: int) -> None:
    queries = generate.name_queries(max(requests, 100))
    office_persons = generate.office_persons(0)
    print()
    print(
        f"{'name search (match_people)':<34} {'median':>7} {'p95':>7} {'target':>7} "
        f"{'queries':>7} {'found':>7}  result"
    )
    for label, persons in [("all persons", None), ("persons of one office", office_persons)]:
        for _pk, q in queries[:warmups]:
            match_people([q], persons=persons)
        times, counts, found = [], [], 0
        for pk, q in queries:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                matches = match_people([q], persons=persons)
                times.append((time.perf_counter() - started) * 1000)
            counts.append(len(captured.captured_queries))
            found += pk in {m.person_id for m in matches}
        p95 = percentile(times, 95)
        met = p95 <= NAME_SEARCH_MS and max(counts) <= 2
        verdict = style.SUCCESS("met") if met else style.ERROR("MISSED")
        print(
            f"{label:<34} {statistics.median(times):>7.1f} {p95:>7.1f} "
            f"{'<=' + str(NAME_SEARCH_MS):>7} {max(counts):>7} "
            f"{found:>3}/{len(queries):<3}  {verdict}"
        )
    print(
        f"Times in ms per call over {len(queries)} names of bench persons typed in another "
        "romanisation, surname first, in capitals or lower case, or a surname alone; "
        "'found' counts the calls that returned the person named among the 20 best (a "
        "surname alone or a common name can have more namesakes than that)."
    )
