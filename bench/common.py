"""What the measurements share: the percentile they report, the colours of their verdicts,
and the error that stops the benchmark with a message instead of a traceback."""

from __future__ import annotations

import math

from django.core.management.color import color_style

# The styles a management command has: colours on a terminal, plain text otherwise.
style = color_style()


class BenchError(Exception):
    """The benchmark cannot go on; the message says why."""


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value that p % of the values do not exceed."""
    ordered = sorted(values)
    return ordered[math.ceil(p / 100 * len(ordered)) - 1]
