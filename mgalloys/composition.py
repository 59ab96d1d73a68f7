"""Element contents as criteria: ``Li >= 5 wt%``, ``Gd > 0 wt%``, ``RE > 5 wt%``, ``Al < 1 at%``.

A record's content of an element (or of an element group from ``data/elements/groups.csv``:
``RE``, ``LRE``, ``HRE``) is known as an interval, worked out per composition source:

* a row with ``min`` and ``max`` gives ``[min, max]``; only ``max`` (an impurity limit) gives
  ``[0, max]``; only ``min`` gives ``[min, 100]``; only ``nominal`` gives the point ``nominal``
  (the composition a record named by its composition prints); a range wins over a nominal;
* an element a source does not list is taken as 0 for that source, except a rare earth when the
  source gives an aggregate ``RE`` row: then it is ``[0, RE max]``;
* a group sums its elements' intervals; an aggregate ``RE`` row may include separately listed
  rare earths, so a group's low end is the larger of the aggregate's low end and the sum of the
  listed elements' low ends, and its high end is the sum of all high ends;
* magnesium, when a magnesium-based record does not list it, is the balance;
* each source is judged on its own: sources that settle a criterion decide it, and sources that
  contradict each other make it unknown.

A criterion passes when it holds over the whole interval, fails when it holds nowhere in it, and is
unknown when the interval straddles the threshold (the reason says so). A record without any
composition is unknown, unless its grade is a designation (``mgalloys.applicability`` then reads
the contents the designation states, ``mgalloys.designations.implied_composition``). at.%
thresholds convert the record's wt.% with atomic masses from ``periodictable``: the other
elements at their interval midpoints and magnesium the balance.

Example:
    Examples:
        >>> import mgalloys as mg
        >>> "MA18" in [a.record_id for a in mg.which_meet("Li >= 10 wt%")]
        True
        >>> mg.check("WE43A-T6", "RE > 5 wt%").criteria[0].reason
        'RE 5.7..11.2 wt% > 5 wt% (asm-heat-treaters-guide-we43)'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import cache

from . import elements
from ._data import read_table
from .errors import DataError, MgAlloysError
from .values import CompositionRange

__all__ = ["Content", "atomic_mass", "content", "element_groups", "is_composition_token", "parse_content"]

_AGGREGATES = ("RE", "MM")  # rows that stand for several rare earths at once
_CONTENT = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(wt\.?\s*%|at\.?\s*%|mass\s*%|%)\s*$")


class Content:
    """An element's (or group's) content in a record: ``low``..``high`` in ``basis`` (``wt`` or ``at``)."""

    __slots__ = ("basis", "high", "low", "note", "sources")

    def __init__(self, low: float, high: float, basis: str, sources: tuple[str, ...], note: str) -> None:
        self.low, self.high, self.basis, self.sources, self.note = low, high, basis, sources, note

    @property
    def text(self) -> str:
        unit = "wt%" if self.basis == "wt" else "at%"
        if math.isclose(self.low, self.high):
            return f"{self.low:g} {unit}"
        return f"{self.low:g}..{self.high:g} {unit}"


@cache
def element_groups() -> dict[str, frozenset[str]]:
    """Element groups from ``data/elements/groups.csv`` (``RE``, ``LRE``, ``HRE``, ...)."""
    out: dict[str, set[str]] = {}
    for where, row in read_table("elements/groups.csv"):
        if not row.get("group") or not row.get("element"):
            raise DataError(f"{where}: a group row needs a group and an element")
        out.setdefault(row["group"], set()).add(row["element"])
    return {k: frozenset(v) for k, v in out.items()}


@cache
def atomic_mass(symbol: str) -> float:
    """Standard atomic mass of an element (g/mol) from ``periodictable`` (see ``mgalloys.elements``)."""
    mass = elements.atomic_mass(symbol)
    if mass is None:
        raise MgAlloysError(f"{symbol!r} is not an element symbol")
    return mass


def is_composition_token(token: str) -> bool:
    """Whether ``token`` names an element (``Li``) or an element group (``RE``)."""
    t = token.strip()
    if t in element_groups() or t in _AGGREGATES:
        return True
    if not re.fullmatch(r"[A-Z][a-z]?", t):
        return False
    try:
        atomic_mass(t)
    except MgAlloysError:
        return False
    return True


def parse_content(text: str) -> tuple[float, str]:
    """``"5 wt%"`` -> ``(5.0, "wt")``; ``at%``/``at.%`` give ``"at"``; ``mass%`` and ``%`` mean wt.%."""
    m = _CONTENT.match(text)
    if m is None:
        raise MgAlloysError(f"cannot read the content {text!r}; write e.g. '5 wt%' or '2 at%'")
    value = float(m[1])
    if not 0.0 <= value <= 100.0:
        raise MgAlloysError(f"a content must be between 0 and 100 %, got {text!r}")
    return value, "at" if m[2].lower().startswith("at") else "wt"


def _row_interval(r: CompositionRange) -> tuple[float, float]:
    if r.min is not None or r.max is not None:
        return (r.min or 0.0, 100.0 if r.max is None else r.max)
    if r.nominal is not None:
        return r.nominal, r.nominal
    return 0.0, 100.0


def _members(token: str) -> frozenset[str]:
    groups = element_groups()
    return groups[token] if token in groups else frozenset({token})


def _source_wt(rows: Sequence[CompositionRange], token: str, magnesium_based: bool) -> tuple[float, float]:
    by_el: dict[str, tuple[float, float]] = {}
    for r in rows:
        if r.element != "Others":
            by_el[r.element] = _row_interval(r)
    if token == "Mg" and "Mg" not in by_el and magnesium_based:
        lo = sum(v[0] for v in by_el.values())
        hi = sum(v[1] for v in by_el.values())
        return max(0.0, 100.0 - hi), max(0.0, 100.0 - lo)
    members = _members(token)
    rare = element_groups().get("RE", frozenset())
    agg = [by_el[a] for a in _AGGREGATES if a in by_el]
    listed = [by_el[e] for e in members if e in by_el]
    lo, hi = sum(v[0] for v in listed), sum(v[1] for v in listed)
    if agg and members & rare:
        whole = members >= rare or token in _AGGREGATES
        agg_lo, agg_hi = sum(v[0] for v in agg), sum(v[1] for v in agg)
        lo = max(lo, agg_lo) if whole else lo
        hi = hi + agg_hi
    return lo, min(hi, 100.0)


def _by_source(composition: Iterable[CompositionRange]) -> dict[str, list[CompositionRange]]:
    out: dict[str, list[CompositionRange]] = {}
    for r in composition:
        out.setdefault(r.source.key, []).append(r)
    return out


def _to_atomic(rows: Sequence[CompositionRange], token: str, w: float) -> float:
    """at.% of ``token`` at ``w`` wt.%, the other listed elements at their midpoints, Mg the balance."""
    members = _members(token)
    moles = 0.0
    rest = 0.0
    for r in rows:
        if r.element in members or r.element in ("Others", "Mg"):
            continue
        lo, hi = _row_interval(r)
        mid = (lo + hi) / 2
        rest += mid
        moles += mid / atomic_mass(r.element)
    if len(members) != 1:
        raise MgAlloysError(f"an at.% content of the group {token!r} needs its elements' masses; use wt%")
    (el,) = members
    mine = w / atomic_mass(el)
    mg = max(0.0, 100.0 - rest - w) / atomic_mass("Mg") if el != "Mg" else 0.0
    total = mine + moles + mg
    return 100.0 * mine / total if total else 0.0


def _unlisted_note(rows: Sequence[CompositionRange], token: str, key: str) -> str:
    """Why a content is read from rows that do not name the element: empty when they name it."""
    members = _members(token)
    if token == "Mg" or token in {r.element for r in rows} or any(r.element in members for r in rows):
        return ""
    if members & element_groups().get("RE", frozenset()) and any(r.element in _AGGREGATES for r in rows):
        return f"{token} not listed by {key}: bounded by its rare-earth total"
    return f"{token} not listed by {key}: taken as 0"


def content(
    composition: Sequence[CompositionRange], token: str, basis: str = "wt", magnesium_based: bool = True
) -> tuple[Content, ...]:
    """The content of ``token`` (element or group) per composition source; empty when unknown."""
    out = []
    rare = element_groups().get("RE", frozenset())
    for key, rows in _by_source(composition).items():
        lo, hi = _source_wt(rows, token, magnesium_based)
        note = _unlisted_note(rows, token, key)
        if basis == "at":
            if any(r.element in _AGGREGATES for r in rows) and _members(token) & rare:
                continue  # a rare-earth total has no atomic mass
            lo, hi = _to_atomic(rows, token, lo), _to_atomic(rows, token, hi)
        out.append(Content(lo, hi, basis, (key,), note))
    return tuple(out)
