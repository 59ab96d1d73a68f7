"""Plausibility gates: checks a value must pass to be a record's default.

A value that fails a gate stays in the record (``alloy.values()`` lists it, with the reason in
``implausible``) but is never the default. The gates, each
documented in docs/concepts.md:

* **density**: within ``DENSITY_TOLERANCE`` of the estimate from the composition (rule of
  mixtures on specific volumes, element densities from ``periodictable``, magnesium the balance),
  allowing for the rounding of the printed number ("1.8" may be anything from 1.75 to 1.85);
* **tensile >= yield**: a source's tensile strength is not below its own yield strength for the
  same kind, test temperature and conditions (both values fail when it is);
* **conductivity agreement**: a source's conductivity, resistivity and %IACS figures for the same
  conditions agree within ``CONDUCTIVITY_TOLERANCE`` (all of them fail when they do not);
* **Wiedemann-Franz**: a room-temperature thermal and electrical conductivity imply a Lorenz
  number within ``LORENZ_BAND``. Judged for every pair one source prints for one condition, and
  for the pair that would be the record's defaults (whatever their sources), again after each
  failure until the defaults fit or one is unknown. Of a pair outside the band the **suspect**
  fails: the value fewer of the record's other figures corroborate (another source's figure of
  the same conductivity within ``CONDUCTIVITY_TOLERANCE``, also at up to ``NEARBY_KELVIN`` from
  room temperature, or another source's figure of the other conductivity that fits the band with
  it); both fail when neither is corroborated more. A failing electrical conductivity takes the
  resistivity it was computed from (or that was computed from it) with it.

Missing data never fails a gate: without a composition there is no density estimate.

Examples:
    >>> import mgalloys as mg
    >>> lo, hi = mg.density_estimate(mg.alloy("AZ91D").composition)
    >>> 1.80 < lo <= hi < 1.82  # AZ91D prints 1.81 g/cm³
    True
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from . import elements
from .elementterms import OTHERS, OTHERS_EACH, row_members
from .propertytable import property_info
from .temperatures import RT_CELSIUS
from .units import quantity
from .values import CompositionRange, Kind, PropertyValue, default_rank

__all__ = [
    "CONDUCTIVITY_TOLERANCE",
    "DENSITY_TOLERANCE",
    "LITHIUM_DENSITY_TOLERANCE",
    "LORENZ_BAND",
    "NEARBY_KELVIN",
    "density_estimate",
    "density_tolerance",
    "gates",
]

#: Largest relative distance of a density from the composition estimate (its nearer end).
DENSITY_TOLERANCE = 0.03
#: The same for alloys with at least 1 wt.% lithium: their measured densities lie above the rule
#: of mixtures (LA141: 1.35 g/cm³ from its maker against an estimate of 1.33; MA18: 1.48 against
#: 1.43), so the band is wider there.
LITHIUM_DENSITY_TOLERANCE = 0.05
#: Largest ratio - 1 between a source's own conductivity figures for one condition.
CONDUCTIVITY_TOLERANCE = 0.10
#: Lorenz numbers (W·Ω/K²) accepted for metals at room temperature. The Sommerfeld value is
#: π²/3·(k_B/e)² = 2.44e-8; the 34 pairs of measured thermal and electrical conductivity of
#: as-cast Mg alloys (273-473 K, 12 sources) in the sample set of Chen et al., J. Mater. Inf. 5
#: (2025) 22, doi:10.20517/jmi.2024.89, give 2.19e-8 to 2.60e-8 (median 2.39e-8). The band
#: leaves room for the phonon part of more dilute or more alloyed metals. validation and the
#: data tests use this band too.
LORENZ_BAND = (2.0e-8, 3.2e-8)
#: A conductivity printed this many kelvin from room temperature (20 °C) still corroborates a
#: room-temperature figure of the same property ("at 50 °C"): in the same sample set thermal
#: conductivity rises by 1-29 % from 303 K to 513 K, so by at most about 4 % over 30 K, well
#: inside ``CONDUCTIVITY_TOLERANCE``.
NEARBY_KELVIN = 30.0
_ROOM_K = RT_CELSIUS + 273.15
# the units the Lorenz number is computed in
_SI = {"thermal_conductivity": "W/(m*K)", "electrical_conductivity": "S/m"}
_Parts = list[tuple[frozenset[str], float]]  # (the elements a content stands for, wt.%)


def _element_density(symbol: str) -> float | None:
    return elements.density(symbol)


def _mid(c: CompositionRange) -> float | None:
    """The nominal, else the middle of min..max; ``None`` for an impurity limit or a lone minimum."""
    if c.nominal is not None:
        return c.nominal
    if c.min is not None and c.max is not None:
        return (c.min + c.max) / 2
    return None  # an impurity maximum alone says nothing about the content


def _contents(composition: Iterable[CompositionRange]) -> dict[str, _Parts]:
    """Per source, the contents in wt.% with the elements each stands for: an element itself, a
    total (``RE``, ``MM``, ``Ce+La``) what it stands for less the elements the source lists inside
    it, whose contents it holds (WE43A: Nd 2.25 inside RE 3.4 leaves 1.15 of other rare earths):
    each element counted once. The base (Mg, the balance) and the others limits are left out."""
    by_source: dict[str, list[CompositionRange]] = defaultdict(list)
    for c in composition:
        if c.element not in (OTHERS, OTHERS_EACH, "Mg"):
            by_source[c.source.key].append(c)
    out: dict[str, _Parts] = {}
    for key, rows in by_source.items():
        mids = {c.element: m for c in rows if (m := _mid(c)) is not None}
        parts: _Parts = []
        for element, mid in mids.items():
            covers = row_members(element) or frozenset()
            if len(covers) > 1:  # a total: the rest of it, beyond the elements listed inside it
                inside = [e for e in mids if e in covers]
                parts.append((covers - set(inside), max(0.0, mid - sum(mids[e] for e in inside))))
            else:
                parts.append((covers, mid))
        out[key] = [(covers, wt) for covers, wt in parts if covers]
    return out


def _estimate(parts: _Parts) -> tuple[float, float] | None:
    lo_vol = hi_vol = 0.0  # specific volumes in cm³/g, for the densest and lightest reading
    total = sum(wt for _, wt in parts)
    if total >= 100.0:
        return None
    for covers, wt in parts:
        ds = [d for d in map(_element_density, sorted(covers)) if d is not None]
        if not ds:
            return None
        lo_vol += wt / 100 / max(ds)
        hi_vol += wt / 100 / min(ds)
    mg = _element_density("Mg")
    assert mg is not None
    rest = (100.0 - total) / 100 / mg
    return 1 / (rest + hi_vol), 1 / (rest + lo_vol)


def density_tolerance(composition: Iterable[CompositionRange]) -> float:
    """The density gate's tolerance: wider for alloys with at least 1 wt.% lithium."""
    lithium = any(
        wt >= 1.0 for parts in _contents(composition).values() for covers, wt in parts if covers == {"Li"}
    )
    return LITHIUM_DENSITY_TOLERANCE if lithium else DENSITY_TOLERANCE


def density_estimate(composition: Iterable[CompositionRange]) -> tuple[float, float] | None:
    """Density in g/cm³ estimated from a magnesium alloy's composition, as a (low, high) span.

    Rule of mixtures on specific volumes (1/ρ = Σ wᵢ/ρᵢ), magnesium the balance, element
    densities from ``periodictable``; nominal contents, else the middle of the specified range;
    a total (``RE``, ``MM``, ``Ce+La``) counts once, less the elements listed inside it, and
    spans the densities of the elements it stands for. Each source's composition gives an
    estimate and the span covers them all. ``None`` when no composition gives contents.
    """
    spans = [s for s in map(_estimate, _contents(composition).values()) if s is not None]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _density_gate(
    values: Sequence[PropertyValue], span: tuple[float, float], tolerance: float
) -> dict[int, str]:
    lo, hi = span
    out: dict[int, str] = {}
    for i, v in enumerate(values):
        if v.property != "density":
            continue
        d = float(v.quantity.to("g/cm**3").magnitude)
        # a printed "1.8" stands for 1.75..1.85: the value fails only if no number that rounds
        # to it lies within the tolerance
        slack = _rounding(v)
        dev = d * (1 + slack) / lo - 1 if d < lo else d * (1 - slack) / hi - 1 if d > hi else 0.0
        if abs(dev) > tolerance and (dev < 0) == (d < lo):
            out[i] = (
                f"density {d:.3g} g/cm³ (with its rounding) is {dev:+.1%} from {lo:.3f}-{hi:.3f} g/cm³, "
                f"the estimate from the composition (rule of mixtures; tolerance {tolerance:.0%})"
            )
    return out


def _rounding(v: PropertyValue) -> float:
    """Half a unit of the last printed digit, relative to the value (0 when not known)."""
    figures = v.significant_figures
    if figures is None or v.value_max is not None:
        return 0.0
    try:
        printed = abs(float(v.published.split()[0]))
    except (ValueError, IndexError):
        return 0.0
    if printed == 0:
        return 0.0
    last_digit = 10 ** (math.floor(math.log10(printed)) - figures + 1)
    return float(0.5 * last_digit / printed)


def _condition_key(v: PropertyValue) -> tuple[object, ...]:
    t = v.conditions.test_temperature
    kelvin = _ROOM_K if t is None else round(float(t.to("kelvin").magnitude))
    c = v.conditions
    return (v.source.key, kelvin, c.note, c.direction, c.thickness_min, c.thickness_max)


def _strength_gate(values: Sequence[PropertyValue]) -> dict[int, str]:
    groups: dict[tuple[object, ...], dict[str, int]] = defaultdict(dict)
    for i, v in enumerate(values):
        if v.property in ("tensile_strength", "yield_strength"):
            groups[(_condition_key(v), v.kind)].setdefault(v.property, i)
    out: dict[int, str] = {}
    for g in groups.values():
        if len(g) < 2:
            continue
        uts, ys = values[g["tensile_strength"]], values[g["yield_strength"]]
        if uts.high.magnitude < ys.low.magnitude:
            reason = (
                f"the source's tensile strength {uts.published} is below its yield strength {ys.published}"
            )
            out[g["tensile_strength"]] = out[g["yield_strength"]] = reason
    return out


def _conductivity_gate(values: Sequence[PropertyValue]) -> dict[int, str]:
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, v in enumerate(values):
        if v.property == "electrical_conductivity" and v.kind is not Kind.range:
            groups[_condition_key(v)].append(i)
    out: dict[int, str] = {}
    for idx in groups.values():
        xs = [float(values[i].quantity.magnitude) for i in idx]
        if len(xs) > 1 and max(xs) / min(xs) - 1 > CONDUCTIVITY_TOLERANCE:
            shown = ", ".join(values[i].published for i in idx)
            reason = (
                f"the source's own conductivity figures disagree by more than "
                f"{CONDUCTIVITY_TOLERANCE:.0%}: {shown}"
            )
            for i in idx:
                out[i] = reason
            key = _condition_key(values[idx[0]])
            for i, v in enumerate(values):  # the resistivities the conductivities came from
                if v.property == "electrical_resistivity" and _condition_key(v) == key:
                    out[i] = reason
    return out


@dataclass(frozen=True)
class _Figure:
    """One conductivity value of a record in SI units (W/(m·K) or S/m), a range as its ends."""

    index: int
    prop: str
    source: str
    lo: float
    hi: float
    room: bool  # at room temperature (a pair and a default are judged there)

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2


def _figures(values: Sequence[PropertyValue], failed: Collection[int]) -> list[_Figure]:
    """The thermal and electrical conductivities at or near room temperature, in file order."""
    out = []
    for i, v in enumerate(values):
        unit = _SI.get(v.property)
        if unit is None or i in failed:
            continue
        t = v.conditions.test_temperature
        kelvin = _ROOM_K if t is None else float(t.to("kelvin").magnitude)
        if abs(kelvin - _ROOM_K) > NEARBY_KELVIN + 1e-9:
            continue
        # values are stored in the property's canonical unit: one factor converts them
        factor = _si_factor(v.property, unit)
        lo, hi = v.value * factor, (v.value if v.value_max is None else v.value_max) * factor
        if lo > 0:  # a zero conductivity has no Lorenz number: it says nothing here
            out.append(_Figure(i, v.property, v.source.key, lo, hi, v.conditions.is_room_temperature))
    return out


@cache
def _si_factor(prop: str, unit: str) -> float:
    """What a value in ``prop``'s canonical unit is multiplied by to be in ``unit``."""
    return float(quantity(1.0, property_info(prop).unit).to(unit).magnitude)


def _lorenz(k: _Figure, s: _Figure) -> tuple[float, float]:
    """The Lorenz numbers a thermal (k) and an electrical (s) conductivity span at room temperature."""
    return k.lo / (s.hi * _ROOM_K), k.hi / (s.lo * _ROOM_K)


def _fits(a: _Figure, b: _Figure) -> bool:
    """A thermal and an electrical conductivity fit the band (a range counts in its favour)."""
    k, s = (a, b) if a.prop == "thermal_conductivity" else (b, a)
    lo, hi = _lorenz(k, s)
    return lo <= LORENZ_BAND[1] and hi >= LORENZ_BAND[0]


def _agree(a: _Figure, b: _Figure) -> bool:
    """Two figures of one conductivity lie within ``CONDUCTIVITY_TOLERANCE`` of each other."""
    return max(a.lo / b.hi, b.lo / a.hi) - 1 <= CONDUCTIVITY_TOLERANCE


def _support(f: _Figure, figures: Sequence[_Figure]) -> int:
    """How many figures of other sources corroborate ``f``: the same conductivity within the
    tolerance (at room temperature or nearby), or the other conductivity at room temperature
    that fits the Lorenz band with it."""
    n = 0
    for g in figures:
        if g.source == f.source:
            continue  # a source does not corroborate itself
        if g.prop == f.prop:
            n += _agree(f, g)
        elif f.room and g.room:
            n += _fits(f, g)
    return n


def _count(n: int) -> str:
    return f"{n} other value" + ("" if n == 1 else "s")


def _judge(
    pair: tuple[_Figure, _Figure], figures: Sequence[_Figure], values: Sequence[PropertyValue]
) -> dict[int, str]:
    """The suspect of a pair outside the band: the one the record's other figures corroborate
    less; both when neither is corroborated more."""
    k, s = pair if pair[0].prop == "thermal_conductivity" else pair[::-1]
    lo, hi = LORENZ_BAND
    lorenz = k.mid / (s.mid * _ROOM_K)
    support = {k.index: _support(k, figures), s.index: _support(s, figures)}
    out: dict[int, str] = {}
    for f, other in ((k, s), (s, k)):
        if support[f.index] > support[other.index]:
            continue
        mine, theirs = values[f.index], values[other.index]
        verdict = (
            f"neither is corroborated more than the other ({_count(support[f.index])} each), so both fail"
            if support[f.index] == support[other.index]
            else f"this value is the suspect: {_count(support[f.index])} of the record "
            f"corroborate it, {support[other.index]} the {theirs.property.replace('_', ' ')}"
        )
        out[f.index] = (
            f"Wiedemann-Franz: with the {theirs.property.replace('_', ' ')} {theirs.published} "
            f"({theirs.source.key}) this {mine.property.replace('_', ' ')} implies a Lorenz number "
            f"of {lorenz:.2g} W·Ω/K², outside {lo:.1e}-{hi:.1e}; {verdict}"
        )
    return out


def _default(
    prop: str, figures: Sequence[_Figure], values: Sequence[PropertyValue], excluded: Collection[int]
) -> _Figure | None:
    """The figure that would be the property's default (``default_rank``, then file order)."""
    found = [f for f in figures if f.prop == prop and f.room and f.index not in excluded]
    return min(found, key=lambda f: (default_rank(values[f.index]), f.index), default=None)


def _same_source_pairs(
    figures: Sequence[_Figure], values: Sequence[PropertyValue]
) -> list[tuple[_Figure, _Figure]]:
    """Every thermal/electrical pair one source prints for one condition at room temperature."""
    groups: dict[tuple[object, ...], list[_Figure]] = defaultdict(list)
    for f in figures:
        if f.room:
            groups[_condition_key(values[f.index])].append(f)
    return [
        (k, s)
        for g in groups.values()
        for k in g
        if k.prop == "thermal_conductivity"
        for s in g
        if s.prop == "electrical_conductivity"
    ]


def _twins(values: Sequence[PropertyValue], flagged: dict[int, str]) -> dict[int, str]:
    """The resistivity an electrical conductivity was computed from (or computed from it)."""
    out: dict[int, str] = {}
    for i, reason in flagged.items():
        ec = values[i]
        if ec.property != "electrical_conductivity":
            continue
        for j, v in enumerate(values):
            if (
                v.property == "electrical_resistivity"
                and v.published == ec.published
                and (v.derived_from is None) != (ec.derived_from is None)
                and _condition_key(v) == _condition_key(ec)
            ):
                out.setdefault(j, reason)
    return out


def _lorenz_gate(values: Sequence[PropertyValue], failed: Collection[int] = ()) -> dict[int, str]:
    """Wiedemann-Franz on a source's own pairs and on the defaults: the suspect of a pair fails.

    ``failed`` (values that fail another gate) neither stand as defaults nor corroborate.
    """
    figures = _figures(values, failed)
    out: dict[int, str] = {}
    for pair in _same_source_pairs(figures, values):
        if not _fits(*pair):
            for i, reason in _judge(pair, figures, values).items():
                out.setdefault(i, reason)
    while True:  # each round fails at least one figure, so this ends
        k = _default("thermal_conductivity", figures, values, out)
        s = _default("electrical_conductivity", figures, values, out)
        if k is None or s is None or _fits(k, s):
            break
        for i, reason in _judge((k, s), figures, values).items():
            out.setdefault(i, reason)
    for i, reason in _twins(values, out).items():
        out.setdefault(i, reason)
    return out


def gates(
    values: Sequence[PropertyValue],
    composition: Iterable[CompositionRange] = (),
    *,
    magnesium_balance: bool = True,
) -> dict[int, str]:
    """The values (by index) that fail a gate, with the first reason found.

    ``magnesium_balance=False`` (a reference metal such as aluminium, or a composite whose
    composition leaves out the reinforcement) skips the density gate.
    """
    out: dict[int, str] = {}
    composition = tuple(composition)
    span = density_estimate(composition) if magnesium_balance else None
    found = [] if span is None else [_density_gate(values, span, density_tolerance(composition))]
    found += [_strength_gate(values), _conductivity_gate(values)]
    for failures in found:
        for i, reason in failures.items():
            out.setdefault(i, reason)
    # last: a value failing another gate neither stands as a default nor corroborates another
    for i, reason in _lorenz_gate(values, set(out)).items():
        out.setdefault(i, reason)
    return out
