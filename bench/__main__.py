"""`python -m bench` (what `make bench` runs): the benchmark's command line.

Run it from the repository root. It sets DJANGO_SETTINGS_MODULE=config.settings unless it is
set already, and never touches the development database (see bench/run.py).
"""

from __future__ import annotations

import argparse
import os
import sys


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Fill a scratch database with fictional cases (once) and print the median and 95th "
            "percentile server time and the query count of the case list, search and detail."
        ),
    )
    parser.add_argument("--cases", type=int, default=100_000, help="cases to generate")
    parser.add_argument("--rebuild", action="store_true", help="make the data again")
    parser.add_argument(
        "--database-url",
        default="",
        help="bench another database, e.g. a PostgreSQL one holding nothing else "
        "(default: sqlite:///.bench/bench.sqlite3 in the repository)",
    )
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmups", type=int, default=3, help="untimed requests first")
    options = parser.parse_args(argv)
    if options.cases < 1 or options.requests < 1:
        parser.error("--cases and --requests must be at least 1.")
    return options


def main(argv: list[str] | None = None) -> None:
    options = parse_arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

    from bench.common import BenchError
    from bench.run import main as run

    try:
        run(**vars(options))
    except BenchError as error:
        sys.exit(f"bench: {error}")


if __name__ == "__main__":
    main()
