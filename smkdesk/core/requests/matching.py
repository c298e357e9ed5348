"""When two searches ask for the same thing: the rules that group content requests.

Two searches are *the same request* when their words match once case, plurals,
word order and a small typo are set aside ("drone insurance", "Drone insurances",
"insurance drone", "drone insurence"). A later search *corrects* a search that
found nothing when it keeps every word of it, give or take a typo or a word cut
short ("retial case study" -> "retail case study", "drone insur" -> "drone
insurance"), and perhaps adds some. One that drops a word ("hospital case
study" -> "case study") settles for less: the content asked for is still missing.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
MAX_EDITS = 2  # typos allowed across a whole query


def words(text: str) -> tuple[str, ...]:
    """'Drone Insurances!' -> ('drone', 'insurance'): casefolded, singular, in order."""
    return tuple(singular(w) for w in _WORD.findall(text.casefold()))


def singular(word: str) -> str:
    """A light English singular: studies -> study, boxes -> box, cases -> case."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def distance(a: str, b: str, limit: int = MAX_EDITS) -> int:
    """Edit distance where swapping two neighbours is one edit (optimal string
    alignment); anything above ``limit`` is reported as ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def allowed_edits(word: str) -> int:
    """Typos a word may carry: none in short words, one up to 7 letters, then two."""
    return 0 if len(word) <= 3 else 1 if len(word) <= 7 else 2


def _pair(a: str, b: str) -> int | None:
    """Edits between two words, or None when they are not the same word."""
    if a == b:
        return 0
    d = distance(a, b, allowed_edits(min(a, b, key=len)))
    return d if d <= allowed_edits(min(a, b, key=len)) else None


def _cover(needed: tuple[str, ...], offered: tuple[str, ...], prefixes: bool) -> bool:
    """Each needed word matches its own offered word (exactly, with a typo, or,
    with ``prefixes``, as the start of a longer word), within MAX_EDITS in all."""
    left = list(offered)
    edits = 0
    for word in sorted(needed, key=len, reverse=True):
        best: tuple[int, int] | None = None
        for k, other in enumerate(left):
            if prefixes and len(word) >= 3 and other.startswith(word):
                d: int | None = 0
            else:
                d = _pair(word, other)
            if d is not None and (best is None or d < best[0]):
                best = (d, k)
        if best is None:
            return False
        edits += best[0]
        left.pop(best[1])
    return edits <= MAX_EDITS


def same_request(a: str, b: str) -> bool:
    """Do two searches ask for the same content? (Their filters are compared elsewhere.)"""
    wa, wb = words(a), words(b)
    if sorted(wa) == sorted(wb):
        return True
    if not wa or not wb:
        return False
    if "".join(wa) == "".join(wb):  # "droneinsurance" / "drone insurance"
        return True
    return len(wa) == len(wb) and _cover(wa, wb, prefixes=False)


def corrects(found: str, zero: str) -> bool:
    """Is ``found`` (a search with results) a correction of ``zero`` (one without)?"""
    if _WORD.findall(zero.casefold()) == _WORD.findall(found.casefold()):
        return False  # the same words: a filter changed, the text did not
    wz, wf = words(zero), words(found)
    if not wz or not wf:
        return False
    if "".join(wz) == "".join(wf):
        return True
    return _cover(wz, wf, prefixes=True)
