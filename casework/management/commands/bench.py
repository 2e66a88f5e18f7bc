"""`manage.py bench`: server time and query count of the busiest pages, on 100,000 cases.

The data lives in a scratch database, never the development one: by default the SQLite file
.bench/bench.sqlite3 (git-ignored), made once and reused while it holds the same number of
cases. The command re-runs itself in a child process whose DATABASE_URL points there, so
that settings, connections and migrations all see the scratch database from the start.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import bench
from casework.search import match_people
from docs_app import bench as pdf_bench

CHILD_FLAG = "CASEWORK_BENCH_CHILD"
BENCH_DIR = Path(settings.BASE_DIR) / ".bench"
SCRATCH_SQLITE = BENCH_DIR / "bench.sqlite3"
RESULT_COUNT = re.compile(r'id="result-count">\s*([\d,]+)')

LIST_MS, DETAIL_MS = 150, 50
NAME_SEARCH_MS = 100


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


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value that p % of the values do not exceed."""
    ordered = sorted(values)
    return ordered[math.ceil(p / 100 * len(ordered)) - 1]


class Command(BaseCommand):
    help = (
        "Fill a scratch database with fictional cases (once) and print the median and 95th "
        "percentile server time and the query count of the case list, search and detail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000, help="cases to generate")
        parser.add_argument("--rebuild", action="store_true", help="make the data again")
        parser.add_argument(
            "--database-url",
            default="",
            help="bench another database, e.g. a PostgreSQL one holding nothing else "
            f"(default: sqlite:///{SCRATCH_SQLITE})",
        )
        parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
        parser.add_argument("--warmups", type=int, default=3, help="untimed requests first")

    def handle(self, *args, **options):
        if options["cases"] < 1 or options["requests"] < 1:
            raise CommandError("--cases and --requests must be at least 1.")
        if os.environ.get(CHILD_FLAG) == "1":
            self.run_in_scratch_database(**options)
        else:
            self.run_child(**options)

    # --- parent: start the child on the scratch database ------------------------------

    def run_child(self, **options) -> None:
        BENCH_DIR.mkdir(exist_ok=True)
        url = options["database_url"] or f"sqlite:///{SCRATCH_SQLITE.resolve()}"
        arguments = [
            f"--cases={options['cases']}",
            f"--requests={options['requests']}",
            f"--warmups={options['warmups']}",
            *(["--rebuild"] if options["rebuild"] else []),
        ]
        manage = Path(settings.BASE_DIR) / "manage.py"
        started = time.perf_counter()
        child = subprocess.run(  # noqa: S603 - our own manage.py with our own arguments
            [sys.executable, str(manage), "bench", *arguments],
            # The pages are measured, not the second factor: the bench users have none.
            env={**os.environ, "DATABASE_URL": url, CHILD_FLAG: "1", "REQUIRE_2FA": "0"},
            check=False,
        )
        self.stdout.write(f"Total wall time: {time.perf_counter() - started:.1f} s")
        if child.returncode:
            raise CommandError(f"The benchmark stopped (exit status {child.returncode}).")

    # --- child: fill the scratch database if needed, then measure ----------------------

    def run_in_scratch_database(self, **options) -> None:
        database = settings.DATABASES["default"]
        is_scratch = Path(str(database["NAME"])).resolve() == SCRATCH_SQLITE.resolve()
        if Path(str(database["NAME"])).resolve() == (Path(settings.BASE_DIR) / "db.sqlite3"):
            raise CommandError("Refusing to bench the development database db.sqlite3.")
        self.stdout.write(f"Database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
        marker = BENCH_DIR / f"marker-{self.database_key(database)}.json"
        wanted = {"cases": options["cases"], "generator": bench.GENERATOR_VERSION}
        if options["rebuild"] or not self.is_filled(marker, wanted):
            self.rebuild(marker, wanted, is_scratch=is_scratch)
        else:
            self.stdout.write(f"Reusing the {options['cases']} bench cases ({marker.name}).")
        results = self.measure(options["requests"], options["warmups"])
        self.print_table(results)
        self.print_name_search(options["requests"], options["warmups"])
        pdf_results = pdf_bench.measure(
            coordinator=bench.coordinator(0),
            requests=options["requests"],
            warmups=options["warmups"],
        )
        self.print_pdf_table(pdf_results)

    def database_key(self, database: dict) -> str:
        where = f"{database['ENGINE']}|{database.get('HOST')}|{database.get('PORT')}|"
        return hashlib.sha256(f"{where}{database['NAME']}".encode()).hexdigest()[:12]

    def is_filled(self, marker: Path, wanted: dict) -> bool:
        """Whether the database holds the wanted bench data (migrated to the current models)."""
        try:
            if json.loads(marker.read_text()) != wanted:
                return False
        except (OSError, ValueError):
            return False
        call_command("migrate", verbosity=0)
        return bench.bench_cases() == wanted["cases"]

    def rebuild(self, marker: Path, wanted: dict, *, is_scratch: bool) -> None:
        marker.unlink(missing_ok=True)
        if is_scratch:
            connection.close()
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{SCRATCH_SQLITE}{suffix}").unlink(missing_ok=True)
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        if not is_scratch:
            # Another database is emptied only if the bench made everything in it.
            if bench.holds_other_data():
                raise CommandError(
                    "This database holds cases or users that the benchmark did not make; "
                    "give --database-url an empty database of its own."
                )
            call_command("flush", interactive=False, verbosity=0)
        self.stdout.write(f"Generating {wanted['cases']} fictional cases…")
        bench.generate(cases=wanted["cases"], progress=self.stdout.write)
        # The planner's statistics, as a deployment has them: PostgreSQL's autovacuum would
        # gather them soon after a load like this, and on SQLite `migrate` runs ANALYZE
        # (casework.apps), which the next run's migrate would do anyway.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        marker.write_text(json.dumps(wanted))
        self.stdout.write(f"Data generated in {time.perf_counter() - started:.1f} s.")

    # --- measurement -------------------------------------------------------------------

    def scenarios(self, requests: int) -> list[Scenario]:
        case_list = reverse("casework:case_list")
        visible = bench.bench_cases_of(0)
        deep_page = min(2000, math.ceil(visible / settings.CASE_LIST_PAGE_SIZE))
        stem, middle = bench.SURNAME_STEMS[1], bench.SURNAME_MIDDLES[1]
        ending = bench.SURNAME_ENDINGS[0][0]
        cyrillic = stem[1] + middle[1] + ending[1]  # a whole surname as Russian spells it
        latin = (stem[2] + middle[2]).lower()  # the beginning of a surname
        filtered = {"risk": "red_notice", "severity": "high", "status": "open"}
        details = [
            reverse("casework:case_detail", args=[pk]) for pk in bench.sample_case_ids(0, requests)
        ]
        names = [f"{case_list}?{urlencode({'q': q})}" for _pk, q in bench.name_queries(requests)]

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

    def measure(self, requests: int, warmups: int) -> list[Result]:
        client = Client()
        client.force_login(bench.coordinator(0))
        results = []
        for scenario in self.scenarios(requests):
            for i in range(warmups):
                self.get(client, scenario.paths[i % len(scenario.paths)])
            times, cpu, queries, matches = [], [], [], ""
            for i in range(requests):
                path = scenario.paths[i % len(scenario.paths)]
                with CaptureQueriesContext(connection) as captured:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    response = self.get(client, path)
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                queries.append(len(captured.captured_queries))
                if found := RESULT_COUNT.search(response.content.decode()):
                    matches = found.group(1)
            results.append(Result(scenario, times, cpu, queries, matches))
        return results

    def get(self, client: Client, path: str):
        response = client.get(path)
        if response.status_code != 200:
            raise CommandError(f"GET {path} answered {response.status_code}, not 200.")
        return response

    def print_table(self, results: list[Result]) -> None:
        self.stdout.write("")
        self.stdout.write(
            f"{'page':<34} {'median':>7} {'p95':>7} {'cpu p95':>7} {'target':>7} "
            f"{'queries':>7} {'matches':>7}  result"
        )
        for r in results:
            queries = (
                str(r.queries[0]) if r.constant_queries else f"{min(r.queries)}-{max(r.queries)}"
            )
            verdict = self.style.SUCCESS("met") if r.met else self.style.ERROR("MISSED")
            self.stdout.write(
                f"{r.scenario.name:<34} {r.median:>7.1f} {r.p95:>7.1f} {r.cpu_p95:>7.1f} "
                f"{'<=' + str(r.scenario.target_ms):>7} {queries:>7} {r.matches or '-':>7}  "
                f"{verdict}"
            )
        self.stdout.write("")
        for r in results:
            more = (
                f" (and {len(r.scenario.paths) - 1} other cases)"
                if len(r.scenario.paths) > 1
                else ""
            )
            self.stdout.write(f"  {r.scenario.name}: GET {r.scenario.paths[0]}{more}")
        self.stdout.write(
            f"Times in ms over {len(results[0].times_ms)} requests each (after warm-ups) through "
            "django.test.Client, as the coordinator of the largest bench office. A target is met "
            "when p95 is within it and every request made the same number of queries."
        )
        load, cores = os.getloadavg()[0], os.cpu_count() or 1
        if load > cores:
            self.stdout.write(
                self.style.WARNING(
                    f"The machine was busy (load {load:.1f} on {cores} cores): wall times are "
                    "inflated; 'cpu p95' is this process's own CPU time per request."
                )
            )
        missed = [r.scenario.name for r in results if not r.met]
        if missed:
            self.stdout.write(self.style.ERROR(f"Targets missed: {', '.join(missed)}"))
        else:
            self.stdout.write(self.style.SUCCESS("All targets met."))

    def print_name_search(self, requests: int, warmups: int) -> None:
        """match_people() alone (issue 5), over every bench person and over the persons of
        the largest office, as the intake's duplicate check calls it."""
        queries = bench.name_queries(max(requests, 100))
        office_persons = bench.office_persons(0)
        self.stdout.write("")
        self.stdout.write(
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
            verdict = self.style.SUCCESS("met") if met else self.style.ERROR("MISSED")
            self.stdout.write(
                f"{label:<34} {statistics.median(times):>7.1f} {p95:>7.1f} "
                f"{'<=' + str(NAME_SEARCH_MS):>7} {max(counts):>7} "
                f"{found:>3}/{len(queries):<3}  {verdict}"
            )
        self.stdout.write(
            f"Times in ms per call over {len(queries)} names of bench persons typed in another "
            "romanisation, surname first, in capitals or lower case, or a surname alone; "
            "'found' counts the calls that returned the person named among the 20 best (a "
            "surname alone or a common name can have more namesakes than that)."
        )

    def print_pdf_table(self, results: list[pdf_bench.PdfResult]) -> None:
        self.stdout.write("")
        self.stdout.write(
            f"{'PDF summary':<34} {'median':>7} {'p95':>7} {'target':>7} {'pages':>5} "
            f"{'KiB':>5} {'py peak':>8} {'rss +':>6}  result"
        )
        for r in results:
            verdict = self.style.SUCCESS("met") if r.met else self.style.ERROR("MISSED")
            risks, _remedies, _documents, notes = pdf_bench.SIZES[r.size]
            name = f"{r.size} ({risks} risks, {notes} notes)"
            self.stdout.write(
                f"{name:<34} {r.median:>7.1f} {percentile(r.times_ms, 95):>7.1f} "
                f"{'<=' + str(r.target_ms):>7} {r.pages:>5} {r.bytes // 1024:>5} "
                f"{r.python_peak_mb:>6.1f}MB {r.rss_growth_mb:>4.0f}MB  {verdict}"
            )
        self.stdout.write(
            "Times in ms per GET of summary.pdf (notes and contacts included), "
            f"{len(results[0].times_ms)} requests for the typical case and "
            f"{len(results[-1].times_ms)} for the large one. 'py peak' is the peak of Python "
            "allocations during one render (tracemalloc); 'rss +' is how far the process's "
            "resident memory high-water mark rose while rendering. A target is met when the "
            "median is within it."
        )
