"""Number formatting shared by the GUI, the CLI and the reports.

Percentages follow one rule everywhere: a whole percent ("45%"), rounded half
up, except that a share above zero never shows as "0%" ("<1%") and a share
below the whole never shows as "100%" ("99%"), so "none" and "all" stay exact.
"""

from __future__ import annotations

import math


def percent(fraction: float) -> str:
    """A share from 0 to 1 as a whole percent: 0.442 -> '44%', 0.004 -> '<1%'."""
    if math.isnan(fraction):
        return "–"
    if 0 < fraction < 0.005:
        return "<1%"
    whole = math.floor(fraction * 100 + 0.5)
    if whole >= 100 and fraction < 1:
        whole = 99
    return f"{whole}%"


def percent_of(part: float, whole: float) -> str:
    """``part`` as a percentage of ``whole`` ('0%' when the whole is zero)."""
    return percent(part / whole) if whole else "0%"
