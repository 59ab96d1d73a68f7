"""Element contents as criteria: ``Li >= 5 wt%``, ``Gd > 0 wt%``, ``RE > 5 wt%``, ``Al < 1 at%``.

A record's content of an element, or of a group term of ``data/elements/`` (``RE`` all rare
earths, ``LRE`` light, ``HRE`` heavy, ``MM`` mischmetal), is an interval worked out per
composition source, each source on its own:

* a row with ``min`` and ``max`` gives ``[min, max]``; only ``max`` (an impurity limit)
  ``[0, max]``; only ``min`` ``[min, 100]``; only ``nominal`` the point; a row without an amount
  says the element is there, in an unknown amount;
* the **base** element (the balance: Mg for magnesium alloys, unalloyed Mg and a composite's
  matrix, Al for 6061 and A380, ...; `base_element`) is 100 less everything else. A row of the
  base without an amount is the source printing it as the balance ("Magnesium: Balance", or an
  alloy named ``Mg-10Gd-3Y-0.5Zr``, Mg first): the source then gives the whole composition;
* an element a source does not list is 0 only where the source gives the whole composition: it
  prints its base as the balance. A source with ``Others`` limits bounds it by them (``Others``
  the total, ``Others each`` the limit of each), and a printed minimum of the base by what that
  leaves. Otherwise the element is **unknown** for that source, and the reason says so
  ("axispanel-gost-14957-76 lists only Li: Al unknown");
* a total row counts each element once: ``RE`` (a source's "rare earths") stands for the rare
  earths other than Y, which has a row of its own (``row_excludes`` in ``data/elements/terms.csv``);
  ``MM`` for mischmetal, ``Ce+La`` for the elements named. Elements the source lists that the
  total stands for are part of it (WE43A: Nd 2.0-2.5 inside RE 2.4-4.4), and the rest of the
  total is the elements it stands for that are not listed. A source that names its rare earths
  (``MM``, ``Ce+La``) has no other rare earth;
* a group sums its members over those rows: WE43A's ``RE`` is Y 3.7..4.3 plus the rare-earth
  total 2.4..4.4, 6.1..8.7 wt%; its ``LRE`` is Nd 2.0..2.5 plus up to the rest of the total.

A criterion passes when it holds over the whole interval, fails when it holds nowhere in it, and
is unknown when the interval straddles the threshold. Sources that settle a criterion decide it,
sources that contradict each other make it unknown (``mgalloys.applicability``). A record whose
sources print no composition is read from its designation (``implied_composition``). An at.%
content is the exact range of at.% over the wt.% ranges (atomic masses from ``periodictable``;
the base the balance; a total's atomic mass anywhere between its members'); a source that does
not give the whole composition has no at.% content.

Examples:
    >>> import mgalloys as mg
    >>> "MA18" in [a.record_id for a in mg.which_meet("Li >= 10 wt%")]
    True
    >>> mg.check("WE43A-T6", "RE > 5 wt%").criteria[0].reason
    'RE 6.1..8.7 wt% > 5 wt% (asm-heat-treaters-guide-we43; Y 3.7..4.3 wt% + its RE total 2.4..4.4 wt%)'
    >>> mg.check("MA21", "Al <= 0 wt%").criteria[0].reason
    'unknown: axispanel-gost-14957-76 lists only Li (no others limit, no balance): Al unknown'
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from . import elements
from .designations import implied_composition
from .elementterms import (
    OTHERS,
    OTHERS_EACH,
    base_of_class,
    element_groups,
    is_element_symbol,
    members,
    row_members,
)
from .errors import InputValueError, MgAlloysError
from .values import CompositionRange

if TYPE_CHECKING:  # pragma: no cover
    from .models import Alloy

__all__ = [
    "Content",
    "Reading",
    "SourceTable",
    "atomic_mass",
    "base_element",
    "content",
    "interval",
    "parse_composition",
    "parse_content",
    "rare_earth_content",
    "record_composition",
    "record_content",
    "source_tables",
]

_CONTENT = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(wt\.?\s*%|at\.?\s*%|mass\s*%|%)\s*$")
_ELEMENTS_IN_TABLE = 118  # how many elements an "others each" limit can stand for at most


@dataclass(frozen=True)
class Content:
    """An element's (or group's) content in a record: ``low``..``high`` in ``basis`` (``wt`` or
    ``at``), from ``sources``; ``note`` says how it was read when not straight from one row."""

    low: float
    high: float
    basis: str
    sources: tuple[str, ...]
    note: str = ""

    @property
    def text(self) -> str:
        return _span(self.low, self.high, self.basis)


@dataclass(frozen=True)
class Reading:
    """A token's content in a record: per source the known contents, and why the others cannot say."""

    known: tuple[Content, ...] = ()
    unknown: tuple[str, ...] = ()


def _span(low: float, high: float, basis: str) -> str:
    unit = "wt%" if basis == "wt" else "at%"
    if math.isclose(low, high, abs_tol=1e-9):
        return f"{low:.4g} {unit}"
    return f"{low:.4g}..{high:.4g} {unit}"


@cache
def atomic_mass(symbol: str) -> float:
    """Standard atomic mass of an element (g/mol) from ``periodictable`` (see ``mgalloys.elements``)."""
    mass = elements.atomic_mass(symbol)
    if mass is None:
        raise MgAlloysError(f"{symbol!r} is not an element symbol")
    return mass


def parse_content(text: str) -> tuple[float, str]:
    """``"5 wt%"`` -> ``(5.0, "wt")``; ``at%``/``at.%`` give ``"at"``; ``mass%`` and ``%`` mean wt.%."""
    m = _CONTENT.match(text)
    if m is None:
        raise MgAlloysError(f"cannot read the content {text!r}; write e.g. '5 wt%' or '2 at%'")
    value = float(m[1])
    if not 0.0 <= value <= 100.0:
        raise MgAlloysError(f"a content must be between 0 and 100 %, got {text!r}")
    return value, "at" if m[2].lower().startswith("at") else "wt"


# --- a user's composition as text ------------------------------------------------------------
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([A-Z][a-z]?)")
_UNIT = re.compile(r"\(?\s*(wt|at|mass)\s*\.?\s*%\s*\)?\s*$", re.I)
_ACCEPTED = (
    "a designation-like string such as 'Mg-9Al-1Zn' or 'Mg-10Gd-3Y-0.5Zr at%' (wt% unless at% is written)"
)


def parse_composition(text: str) -> tuple[str, dict[str, float], str]:
    """``"Mg-10Gd-3Y-0.5Zr"`` -> ``("Mg", {"Gd": 10.0, "Y": 3.0, "Zr": 0.5}, "wt")``: the base
    element (the balance) first, then each content and element; ``at%`` at the end gives at.%.

    Examples:
        >>> parse_composition("Mg-9Al-1Zn")
        ('Mg', {'Al': 9.0, 'Zn': 1.0}, 'wt')
        >>> parse_composition("Mg-4.5Al-2.5Ca (at%)")[2]
        'at'
    """
    unit = _UNIT.search(text)
    basis = "at" if unit and unit[1].lower() == "at" else "wt"
    body = text[: unit.start()] if unit else text
    head, *parts = [p.strip() for p in body.strip().split("-")]
    if not parts or not is_element_symbol(head):
        hint = " (a designation names no contents: write its composition)" if "-" not in text else ""
        raise InputValueError(f"cannot read the composition {text!r}{hint}: give {_ACCEPTED}")
    out: dict[str, float] = {}
    for part in parts:
        m = _PART.fullmatch(part)
        if m is None or not is_element_symbol(m[2]):
            raise InputValueError(f"cannot read {part!r} in the composition {text!r}: give {_ACCEPTED}")
        if m[2] in out or m[2] == head:
            raise InputValueError(f"{m[2]} appears twice in the composition {text!r}")
        out[m[2]] = float(m[1])
    if sum(out.values()) >= 100.0:
        raise InputValueError(
            f"the contents of {text!r} add up to 100 % or more: the base {head} is the balance"
        )
    return head, out, basis


# --- one source's composition ----------------------------------------------------------------
@dataclass(frozen=True)
class _Total:
    """A total row: what it stands for, its interval, and the listed elements inside it."""

    name: str
    covers: frozenset[str]
    low: float
    high: float
    inside: tuple[str, ...]
    named: bool  # the source names its elements (MM, Ce+La): no other rare earth


@dataclass(frozen=True)
class SourceTable:
    """One source's composition of a record, read: listed elements, totals, limits of the others,
    and the base (balance) element."""

    key: str
    base: str | None
    listed: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    present: frozenset[str] = frozenset()  # listed without an amount
    totals: tuple[_Total, ...] = ()
    others_total: float | None = None
    others_each: float | None = None
    base_row: tuple[float, float] | None = None  # the base's own printed amount
    balance: bool = False  # the base printed as the balance: the whole composition

    @property
    def whole(self) -> bool:
        """Whether the source bounds every element it does not list."""
        return (
            self.balance
            or self.others_total is not None
            or self.others_each is not None
            or (self.base_row is not None and self.base_row[0] > 0)
        )

    def names(self) -> str:
        listed = [*self.listed, *(t.name for t in self.totals)]
        return ", ".join(listed) or "no element"


def interval(r: CompositionRange) -> tuple[float, float]:
    """A row's content: ``[min, max]``, an impurity limit ``[0, max]``, a nominal point; an amount
    not printed ``[0, 100]``."""
    if r.min is not None or r.max is not None:
        return (r.min or 0.0, 100.0 if r.max is None else r.max)
    if r.nominal is not None:
        return r.nominal, r.nominal
    return 0.0, 100.0


def _has_amount(r: CompositionRange) -> bool:
    return r.min is not None or r.max is not None or r.nominal is not None


def _table(key: str, rows: Sequence[CompositionRange], base: str | None) -> SourceTable:
    listed: dict[str, tuple[float, float]] = {}
    present: set[str] = set()
    totals: list[tuple[str, frozenset[str], tuple[float, float]]] = []
    others: dict[str, float] = {}
    base_row, balance = None, False
    for r in rows:
        if r.element in (OTHERS, OTHERS_EACH):
            others[r.element] = interval(r)[1]
        elif r.element == base:
            base_row, balance = (interval(r), False) if _has_amount(r) else (None, True)
        elif is_element_symbol(r.element):
            listed[r.element] = interval(r)
            if not _has_amount(r):
                present.add(r.element)
        else:
            covers = row_members(r.element)
            assert covers is not None
            totals.append((r.element, covers, interval(r)))
    built = tuple(
        _Total(
            name=name,
            covers=covers,
            low=lo,
            high=hi,
            inside=tuple(e for e in listed if e in covers),
            named=name not in ("RE",),
        )
        for name, covers, (lo, hi) in totals
    )
    return SourceTable(
        key=key,
        base=base,
        listed=listed,
        present=frozenset(present),
        totals=built,
        others_total=others.get(OTHERS),
        others_each=others.get(OTHERS_EACH),
        base_row=base_row,
        balance=balance,
    )


def source_tables(composition: Iterable[CompositionRange], base: str | None) -> tuple[SourceTable, ...]:
    """The composition read per source, in the order the sources first appear."""
    by_key: dict[str, list[CompositionRange]] = {}
    for r in composition:
        by_key.setdefault(r.source.key, []).append(r)
    return tuple(_table(k, rows, base) for k, rows in by_key.items())


# --- wt.% contents -----------------------------------------------------------------------------
def _listed_sum(t: SourceTable) -> tuple[float, float]:
    """Low and high sums of everything the source lists except the base, each total once."""
    inside = {e for tot in t.totals for e in tot.inside}
    lo = sum(v[0] for e, v in t.listed.items() if e not in inside)
    hi = sum(v[1] for e, v in t.listed.items() if e not in inside)
    for tot in t.totals:
        lo += max(tot.low, sum(t.listed[e][0] for e in tot.inside))
        hi += tot.high
    return lo, hi


def _unlisted_bound(t: SourceTable, n: int, by_base: bool = True) -> tuple[float, str] | None:
    """The most ``n`` elements the source does not list can add up to, and why; ``None`` when
    the source cannot say (no others limit, no balance, no minimum of its base)."""
    found: list[tuple[float, str]] = []
    if t.others_total is not None:
        found.append((t.others_total, f"at most its others total of {t.others_total:g} wt%"))
    if t.others_each is not None:
        found.append((n * t.others_each, f"at most {t.others_each:g} wt% each (its others limit)"))
    if by_base and t.base_row is not None and t.base_row[0] > 0:
        rest = max(0.0, 100.0 - t.base_row[0] - _listed_sum(t)[0])
        found.append(
            (rest, f"at most the {rest:.3g} wt% its {t.base} of at least {t.base_row[0]:g} wt% leaves")
        )
    if found:
        return min(found)
    if t.balance:
        return 0.0, f"0 ({t.key} gives {t.base} as the balance)"
    return None


def _unknown(t: SourceTable, token: str) -> str:
    return f"{t.key} lists only {t.names()} (no others limit, no balance): {token} unknown"


def _balance(t: SourceTable) -> tuple[float, float, str] | str:
    """The base element: 100 less everything else, within its own printed amount."""
    lo_sum, hi_sum = _listed_sum(t)
    bound = _unlisted_bound(t, _ELEMENTS_IN_TABLE - len(t.listed) - 1, by_base=False)
    if t.base_row is not None:
        lo, hi = t.base_row
        if bound is not None:
            lo, hi = max(lo, 100.0 - hi_sum - bound[0]), min(hi, 100.0 - lo_sum)
        return lo, hi, ""
    if bound is None:
        return f"{t.key} gives no balance and lists only {t.names()}: {t.base} unknown"
    lo, hi = max(0.0, 100.0 - hi_sum - bound[0]), max(0.0, 100.0 - lo_sum)
    return lo, hi, f"{t.base} the balance: 100 less {_span(lo_sum, hi_sum, 'wt')} listed, others {bound[1]}"


def _from_totals(t: SourceTable, wanted: frozenset[str]) -> tuple[float, float, list[str]]:
    """What the totals of ``t`` add to ``wanted``: low, high and one part of the note each."""
    lo = hi = 0.0
    parts: list[str] = []
    for tot in t.totals:
        subs = [t.listed[e] for e in tot.inside]
        rest = tot.covers - set(tot.inside)
        if tot.covers <= wanted:
            lo += max(tot.low, sum(s[0] for s in subs))
            hi += tot.high
            parts.append(f"its {tot.name} total {_span(tot.low, tot.high, 'wt')}")
            continue
        mine = [e for e in tot.inside if e in wanted]
        if not mine and not rest & wanted:
            continue
        rest_lo = max(0.0, tot.low - sum(s[1] for s in subs))
        rest_hi = max(0.0, tot.high - sum(s[0] for s in subs))
        lo += sum(t.listed[e][0] for e in mine) + (rest_lo if rest and rest <= wanted else 0.0)
        hi += min(tot.high, sum(t.listed[e][1] for e in mine) + (rest_hi if rest & wanted else 0.0))
        parts += [f"{e} {_span(*t.listed[e], 'wt')} in its {tot.name} total" for e in mine]
        if rest & wanted:
            parts.append(f"up to {rest_hi:.3g} wt% more of its {tot.name} total")
    return lo, hi, parts


def _wt(t: SourceTable, token: str) -> tuple[float, float, str] | str:
    """``(low, high, note)`` of ``token`` in one source, or why the source cannot say."""
    if token == t.base:
        return _balance(t)
    wanted = members(token)
    lo, hi, parts = _from_totals(t, wanted)
    from_totals = bool(parts)
    inside = {e for tot in t.totals for e in tot.inside}
    mine = [e for e in t.listed if e in wanted and e not in inside]
    lo += sum(t.listed[e][0] for e in mine)
    hi += sum(t.listed[e][1] for e in mine)
    parts = [f"{e} {_span(*t.listed[e], 'wt')}" for e in mine] + parts
    covered = set(t.listed).union(*(tot.covers for tot in t.totals))
    rare = element_groups().get("RE", frozenset())
    named = [tot.name for tot in t.totals if tot.named]
    unlisted = wanted - covered - {t.base}
    if named and unlisted & rare:
        unlisted -= rare
        if not parts and not unlisted:
            return 0.0, 0.0, f"{token} not listed: 0 ({t.key} names its rare earths: {', '.join(named)})"
    if unlisted:
        what = ", ".join(sorted(unlisted)) if len(unlisted) <= 3 else f"the other {token}"
        bound = _unlisted_bound(t, len(unlisted))
        if bound is None and lo <= 0:
            return _unknown(t, token)
        if bound is None:  # what is listed sets the low end; the high end is what the rest leaves
            rest = sum(v[0] for e, v in t.listed.items() if e not in wanted and e not in inside)
            rest += sum(tot.low for tot in t.totals if not tot.covers & wanted)
            hi, bound = max(hi, 100.0 - rest), (0.0, f"unknown ({t.key} gives no others limit, no balance)")
        hi += bound[0]
        parts.append(f"{what} not listed, {bound[1]}")
    plain = len(parts) == 1 and not from_totals and len(mine) == 1
    return lo, min(hi, 100.0), "" if plain else " + ".join(parts)


# --- at.% contents -------------------------------------------------------------------------------
_Part = tuple[float, float, float, float, bool]  # wt low, wt high, 1/mass low, 1/mass high, counted


def _ratio(choice: Sequence[tuple[float, float, bool]], vb: float, base_in: bool) -> float:
    """at.% of the counted parts (and of the base, when counted) at one choice of contents."""
    rest = 100.0 - sum(w for w, _, _ in choice)
    num = sum(w * v for w, v, inn in choice if inn) + (rest * vb if base_in else 0.0)
    den = sum(w * v for w, v, _ in choice) + rest * vb
    return 100.0 * num / den if den > 0 else 0.0


def _extreme(parts: Sequence[_Part], vb: float, base_in: bool, sign: float) -> float:
    """Largest (``sign`` 1) or smallest (-1) at.% over the box of contents and masses.

    at.% is a ratio of two sums linear in each part's content (the base taking up the rest), so
    Dinkelbach's iteration finds it: for the current ratio ``lam`` each part takes the corner that
    best serves ``num - lam * den``; the ratio there is the next ``lam``, until it no longer moves.
    """
    choice = [(lo, vlo, inn) for lo, _, vlo, _, inn in parts]
    lam = _ratio(choice, vb, base_in) / 100.0
    for _ in range(100):
        choice = []
        for lo, hi, vlo, vhi, inn in parts:
            corners = [(w, v) for w in (lo, hi) for v in (vlo, vhi)]
            w, v = max(
                corners,
                key=lambda c: (
                    sign * c[0] * ((c[1] if inn else 0.0) - (vb if base_in else 0.0) - lam * (c[1] - vb))
                ),
            )
            choice.append((w, v, inn))
        new = _ratio(choice, vb, base_in) / 100.0
        if abs(new - lam) <= 1e-13:
            break
        lam = new
    return 100.0 * lam


def _at(t: SourceTable, token: str) -> tuple[float, float, str] | str:
    """``(low, high, note)`` of ``token`` in at.% in one source, or why the source cannot say."""
    if t.base is None:
        return f"{t.key}: the record's base element is not known, so no at.%"
    if not t.whole or t.present:
        return f"at.% needs every content; {t.key} lists only {t.names()}" + (
            f" ({', '.join(sorted(t.present))} without an amount)"
            if t.present
            else " (no others limit, no balance)"
        )
    wanted = members(token)
    parts: list[_Part] = []
    inside = {e for tot in t.totals for e in tot.inside}
    for e, (lo, hi) in t.listed.items():
        if e not in inside:
            v = 1.0 / atomic_mass(e)
            parts.append((lo, hi, v, v, e in wanted))
    for tot in t.totals:
        if tot.covers & wanted and not tot.covers <= wanted:
            return f"{t.key}'s {tot.name} total does not say how much of it is {token}: at.% unknown"
        masses = [atomic_mass(e) for e in tot.covers]
        low = max(tot.low, sum(t.listed[e][0] for e in tot.inside))
        parts.append((low, tot.high, 1.0 / max(masses), 1.0 / min(masses), tot.covers <= wanted))
    covered = set(t.listed).union(*(tot.covers for tot in t.totals))
    unlisted = wanted - covered - {t.base}
    if any(tot.named for tot in t.totals):
        unlisted -= element_groups().get("RE", frozenset())
    note = ""
    if unlisted:
        bound = _unlisted_bound(t, len(unlisted))
        if bound is None:  # pragma: no cover - a whole source bounds them
            return _unknown(t, token)
        masses = [atomic_mass(e) for e in unlisted]
        parts.append((0.0, bound[0], 1.0 / max(masses), 1.0 / min(masses), True))
    if t.others_total or t.others_each:
        note = "the other elements, within the others limits, left out"
    if sum(p[1] for p in parts) > 100.0 + 1e-9:
        return f"{t.key}'s ranges add up to more than 100 wt%: at.% unknown"
    vb = 1.0 / atomic_mass(t.base)
    base_in = token == t.base
    return _extreme(parts, vb, base_in, -1.0), _extreme(parts, vb, base_in, 1.0), note


# --- records ------------------------------------------------------------------------------------
def base_element(record: Alloy) -> str | None:
    """The record's base (balance) element: its own ``base_element`` (``data/records/``), else the
    one its material class states (`base_of_class`)."""
    return record.base_element or base_of_class(record.material_class)


def record_composition(record: Alloy) -> tuple[tuple[CompositionRange, ...], str]:
    """The printed composition; else, for a magnesium alloy or a composite's matrix ("AZ91/SiCp"),
    what its designation states, with the words that say so."""
    if record.composition:
        return record.composition, ""
    if record.material_class == "magnesium matrix composite":
        name, whose = record.grade.split("/")[0].strip(), " of the matrix"
    elif record.material_class in (None, "magnesium alloy"):
        name, whose = record.grade, ""
    else:
        return (), ""
    return implied_composition(name), f"implied by the designation {name}{whose}: "


def content(
    composition: Iterable[CompositionRange], token: str, basis: str = "wt", base: str | None = "Mg"
) -> Reading:
    """The content of ``token`` (element or group) in ``composition``, per source."""
    known: list[Content] = []
    unknown: list[str] = []
    for t in source_tables(composition, base):
        got = _wt(t, token) if basis == "wt" else _at(t, token)
        if isinstance(got, str):
            unknown.append(got)
        else:
            known.append(Content(got[0], got[1], basis, (t.key,), got[2]))
    return Reading(tuple(known), tuple(unknown))


def record_content(record: Alloy, token: str, basis: str = "wt") -> Reading:
    """The content of ``token`` (an element or a group: ``Li``, ``RE``, ``LRE``, ``HRE``) in a
    record, per source, from its printed composition or else its designation.

    Examples:
        >>> import mgalloys as mg
        >>> [c.text for c in record_content(mg.alloy("WE43A-T6"), "Y").known]
        ['3.7..4.3 wt%']
        >>> record_content(mg.alloy("AE44"), "LRE").known[0].text
        '4 wt%'
    """
    readings = _readings_of(record)
    key = (token, basis)
    if key not in readings:
        rows, _ = record_composition(record)
        readings[key] = content(rows, token, basis, base_element(record))
    return readings[key]


#: The contents read of each record, by the record's identity, dropped with the record: a record
#: is immutable, and a scorecard asks each for its Li, RE, LRE and HRE under several families
#: (reading the source tables again took a third of its time). Keyed by identity, not equality:
#: an equal copy of a record is read once more rather than compared with the original field by
#: field on every lookup.
_READINGS: dict[int, tuple[weakref.ref[Alloy], dict[tuple[str, str], Reading]]] = {}


def _readings_of(record: Alloy) -> dict[tuple[str, str], Reading]:
    entry = _READINGS.get(id(record))
    if entry is None or entry[0]() is not record:
        entry = _READINGS[id(record)] = (weakref.ref(record, _forget(id(record))), {})
    return entry[1]


def _forget(key: int) -> Callable[[weakref.ref[Alloy]], None]:
    """Drops a record's readings when the record is gone (unless its identity was reused)."""

    def forget(ref: weakref.ref[Alloy]) -> None:
        entry = _READINGS.get(key)
        if entry is not None and entry[0] is ref:
            del _READINGS[key]

    return forget


def rare_earth_content(record: Alloy) -> dict[str, Reading]:
    """A record's rare earths, all (``RE``, Y included), light (``LRE``) and heavy (``HRE``, Y
    included), each counted once per source: what a family asking for light or heavy rare earths
    reads.

    Examples:
        >>> import mgalloys as mg
        >>> re = rare_earth_content(mg.alloy("AE44"))
        >>> [(g, r.known[0].text) for g, r in re.items()]
        [('RE', '4 wt%'), ('LRE', '4 wt%'), ('HRE', '0 wt%')]
    """
    return {group: record_content(record, group) for group in ("RE", "LRE", "HRE")}
