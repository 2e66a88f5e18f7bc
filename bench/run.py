"""Where and in what order the benchmark runs.

The data lives in a scratch database, never the development one: by default the SQLite file
.bench/bench.sqlite3 (git-ignored), made once and reused while it holds the same number of
cases. `python -m bench` re-runs itself in a child process whose DATABASE_URL points there, so
that settings, connections and migrations all see the scratch database from the start.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from bench import files, generate, name_search, pages, summaries
from bench.common import BenchError

CHILD_FLAG = "CASEWORK_BENCH_CHILD"
BENCH_DIR = Path(settings.BASE_DIR) / ".bench"
SCRATCH_SQLITE = BENCH_DIR / "bench.sqlite3"


def main(*, cases: int, rebuild: bool, database_url: str, requests: int, warmups: int) -> None:
    if os.environ.get(CHILD_FLAG) == "1":
        run_in_scratch_database(cases=cases, rebuild=rebuild, requests=requests, warmups=warmups)
    else:
        run_child(
            cases=cases,
            rebuild=rebuild,
            database_url=database_url,
            requests=requests,
            warmups=warmups,
        )


# --- parent: start the child on the scratch database ------------------------------------


def run_child(*, cases: int, rebuild: bool, database_url: str, requests: int, warmups: int):
    BENCH_DIR.mkdir(exist_ok=True)
    url = database_url or f"sqlite:///{SCRATCH_SQLITE.resolve()}"
    arguments = [
        f"--cases={cases}",
        f"--requests={requests}",
        f"--warmups={warmups}",
        *(["--rebuild"] if rebuild else []),
    ]
    started = time.perf_counter()
    child = subprocess.run(  # noqa: S603 - this package, with our own arguments
        [sys.executable, "-m", "bench", *arguments],
        # The pages are measured, not the second factor: the bench users have none.
        env={
            **os.environ,
            "DATABASE_URL": url,
            CHILD_FLAG: "1",
            "REQUIRE_2FA": "0",
            # The bench's case files stay beside its database, out of the checkout's.
            "PRIVATE_FILES_DIR": str(BENCH_DIR / "private_files"),
        },
        check=False,
    )
    print(f"Total wall time: {time.perf_counter() - started:.1f} s")
    if child.returncode:
        raise BenchError(f"The benchmark stopped (exit status {child.returncode}).")


# --- child: fill the scratch database if needed, then measure ----------------------------


def run_in_scratch_database(*, cases: int, rebuild: bool, requests: int, warmups: int) -> None:
    database = settings.DATABASES["default"]
    is_scratch = Path(str(database["NAME"])).resolve() == SCRATCH_SQLITE.resolve()
    if Path(str(database["NAME"])).resolve() == (Path(settings.BASE_DIR) / "db.sqlite3"):
        raise BenchError("Refusing to bench the development database db.sqlite3.")
    print(f"Database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
    marker = BENCH_DIR / f"marker-{database_key(database)}.json"
    wanted = {"cases": cases, "generator": generate.GENERATOR_VERSION}
    if rebuild or not is_filled(marker, wanted):
        make_data(marker, wanted, is_scratch=is_scratch)
    else:
        print(f"Reusing the {cases} bench cases ({marker.name}).")
    pages.print_table(pages.measure(requests, warmups))
    name_search.measure_and_print(requests, warmups)
    pdf_results = summaries.measure(
        coordinator=generate.coordinator(0), requests=requests, warmups=warmups
    )
    summaries.print_table(pdf_results)
    size, file_results = files.measure(coordinator=generate.coordinator(0), requests=requests)
    files.print_table(size, file_results)


def database_key(database: dict) -> str:
    where = f"{database['ENGINE']}|{database.get('HOST')}|{database.get('PORT')}|"
    return hashlib.sha256(f"{where}{database['NAME']}".encode()).hexdigest()[:12]


def is_filled(marker: Path, wanted: dict) -> bool:
    """Whether the database holds the wanted bench data (migrated to the current models)."""
    try:
        if json.loads(marker.read_text()) != wanted:
            return False
    except (OSError, ValueError):
        return False
    call_command("migrate", verbosity=0)
    return generate.bench_cases() == wanted["cases"]


def make_data(marker: Path, wanted: dict, *, is_scratch: bool) -> None:
    marker.unlink(missing_ok=True)
    if is_scratch:
        connection.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SCRATCH_SQLITE}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not is_scratch:
        # Another database is emptied only if the bench made everything in it.
        if generate.holds_other_data():
            raise BenchError(
                "This database holds cases or users that the benchmark did not make; "
                "give --database-url an empty database of its own."
            )
        call_command("flush", interactive=False, verbosity=0)
    print(f"Generating {wanted['cases']} fictional cases…")
    generate.generate(cases=wanted["cases"], progress=print)
    # The planner's statistics, as a deployment has them: PostgreSQL's autovacuum would
    # gather them soon after a load like this, and on SQLite `migrate` runs ANALYZE
    # (casework.apps), which the next run's migrate would do anyway.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    marker.write_text(json.dumps(wanted))
    print(f"Data generated in {time.perf_counter() - started:.1f} s.")
