"""The benchmark: server time and query count of the busiest pages, the name search and the
PDF summaries, measured on 100,000 fictional cases in a scratch database.

Not part of the application: setuptools does not ship this package and the tests do not
import it. Run it with `make bench` or `python -m bench --help` from the repository root.

    __main__.py      the command line (`python -m bench`)
    run.py           the scratch database: made once, reused, measured in a child process
    generate.py      the fictional bulk data, and how the measurements find it again
    pages.py         the case list, search, case detail and dashboard pages
    name_search.py   casework.names.search.match_people() alone
    summaries.py     the PDF case summaries
    common.py        what they share: percentile, the colours, BenchError
"""
