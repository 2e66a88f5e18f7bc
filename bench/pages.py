"""The busiest pages, as the coordinator of the largest bench office sees them: the case list
(first page, a deep page, filters, sorting, searches), a case's detail and the dashboard.
Each is timed over many requests through django.test.Client, with its query count."""

from __future__ import annotations

import math
import os
import re
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import generate
from bench.common import BenchError, percentile, style
from casework.fictional_names import SURNAME_ENDINGS, SURNAME_MIDDLES, SURNAME_STEMS

RESULT_COUNT = re.compile(r'id="result-count">\s*([\d,]+)')

LIST_MS, DETAIL_MS = 150, 50


@dataclass
class Scenario:
    name: str
    paths: list[str]
    target_ms: float


@dataclass
class Result:
    scenario: Scenario
    times_ms: list[float]
    cpu_ms: list[float]
    queries: list[int]
    matches: str

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 95)

    @property
    def cpu_p95(self) -> float:
        return percentile(self.cpu_ms, 95)

    @property
    def constant_queries(self) -> bool:
        return min(self.queries) == max(self.queries)

    @property
    def met(self) -> bool:
        return self.p95 <= self.scenario.target_ms and self.constant_queries


def scenarios(requests: int) -> list[Scenario]:
    case_list = reverse("casework:case_list")
    visible = generate.bench_cases_of(0)
    deep_page = min(2000, math.ceil(visible / settings.CASE_LIST_PAGE_SIZE))
    stem, middle = SURNAME_STEMS[1], SURNAME_MIDDLES[1]
    ending = SURNAME_ENDINGS[0][0]
    cyrillic = stem[1] + middle[1] + ending[1]  # a whole surname as Russian spells it
    latin = (stem[2] + middle[2]).lower()  # the beginning of a surname
    filtered = {"risk": "red_notice", "severity": "high", "status": "open"}
    details = [
        reverse("casework:case_detail", args=[pk]) for pk in generate.sample_case_ids(0, requests)
    ]
    names = [f"{case_list}?{urlencode({'q': q})}" for _pk, q in generate.name_queries(requests)]

    def listing(**params) -> list[str]:
        return [f"{case_list}?{urlencode(params)}" if params else case_list]

    return [
        Scenario("list, page 1", listing(), LIST_MS),
        Scenario("list, red notice high+ open", listing(**filtered), LIST_MS),
        Scenario(f"list, page {deep_page}", listing(page=deep_page), LIST_MS),
        Scenario(f"search q={cyrillic}", listing(q=cyrillic), LIST_MS),
        Scenario(f"search q={latin}", listing(q=latin), LIST_MS),
        Scenario("search q=a name, any spelling", names, LIST_MS),
        Scenario("list, highest risk first", listing(sort="risk"), LIST_MS),
        Scenario("list, has overdue items", listing(overdue=1), LIST_MS),
        Scenario("case detail", details, DETAIL_MS),
        Scenario("dashboard", [reverse("casework:dashboard")], LIST_MS),
    ]


def measure(requests: int, warmups: int) -> list[Result]:
    client = Client()
    client.force_login(generate.coordinator(0))
    results = []
    for scenario in scenarios(requests):
        for i in range(warmups):
            get(client, scenario.paths[i % len(scenario.paths)])
        times, cpu, queries, matches = [], [], [], ""
        for i in range(requests):
            path = scenario.paths[i % len(scenario.paths)]
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = get(client, path)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            queries.append(len(captured.captured_queries))
            if found := RESULT_COUNT.search(response.content.decode()):
                matches = found.group(1)
        results.append(Result(scenario, times, cpu, queries, matches))
    return results


def get(client: Client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise BenchError(f"GET {path} answered {response.status_code}, not 200.")
    return response


def print_table(results: list[Result]) -> None:
    print()
    print(
        f"{'page':<34} {'median':>7} {'p95':>7} {'cpu p95':>7} {'target':>7} "
        f"{'queries':>7} {'matches':>7}  result"
    )
    for r in results:
        queries = str(r.queries[0]) if r.constant_queries else f"{min(r.queries)}-{max(r.queries)}"
        verdict = style.SUCCESS("met") if r.met else style.ERROR("MISSED")
        print(
            f"{r.scenario.name:<34} {r.median:>7.1f} {r.p95:>7.1f} {r.cpu_p95:>7.1f} "
            f"{'<=' + str(r.scenario.target_ms):>7} {queries:>7} {r.matches or '-':>7}  "
            f"{verdict}"
        )
    print()
    for r in results:
        more = (
            f" (and {len(r.scenario.paths) - 1} other cases)" if len(r.scenario.paths) > 1 else ""
        )
        print(f"  {r.scenario.name}: GET {r.scenario.paths[0]}{more}")
    print(
        f"Times in ms over {len(results[0].times_ms)} requests each (after warm-ups) through "
        "django.test.Client, as the coordinator of the largest bench office. A target is met "
        "when p95 is within it and every request made the same number of queries."
    )
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load > cores:
        print(
            style.WARNING(
                f"The machine was busy (load {load:.1f} on {cores} cores): wall times are "
                "inflated; 'cpu p95' is this process's own CPU time per request."
            )
        )
    missed = [r.scenario.name for r in results if not r.met]
    if missed:
        print(style.ERROR(f"Targets missed: {', '.join(missed)}"))
    else:
        print(style.SUCCESS("All targets met."))
