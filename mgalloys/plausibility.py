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
* **Wiedemann-Franz**: a source's room-temperature thermal and electrical conductivity imply a
  Lorenz number within ``LORENZ_BAND`` (both fail when they do not).

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
from collections.abc import Iterable, Sequence

from . import elements
from .values import RT_CELSIUS, CompositionRange, Kind, PropertyValue

__all__ = [
    "CONDUCTIVITY_TOLERANCE",
    "DENSITY_TOLERANCE",
    "LITHIUM_DENSITY_TOLERANCE",
    "LORENZ_BAND",
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
#: Lorenz numbers (W·Ω/K²) accepted for metals at room temperature; the Sommerfeld value is
#: 2.44e-8 and measured Mg alloys span about 2.2e-8 to 2.6e-8; the band leaves room for the
#: phonon part in dilute alloys. validation and the data tests use this band too.
LORENZ_BAND = (2.0e-8, 3.2e-8)
_ROOM_K = RT_CELSIUS + 273.15
# "RE" (total rare earths) is a mix of lanthanides: its density spans that of La to Lu.
_RE_SPAN = ("La", "Lu")
_IGNORED = {"Others", "Mg"}


def _element_density(symbol: str) -> float | None:
    return elements.density(symbol)


def _contents(composition: Iterable[CompositionRange]) -> dict[str, dict[str, float]]:
    """Per source, element -> wt.% (the nominal, else the middle of min..max)."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for c in composition:
        if c.element in _IGNORED:
            continue
        if c.nominal is not None:
            x = c.nominal
        elif c.min is not None and c.max is not None:
            x = (c.min + c.max) / 2
        else:
            continue  # an impurity maximum alone says nothing about the content
        out[c.source.key][c.element] = x
    return out


def _estimate(contents: dict[str, float]) -> tuple[float, float] | None:
    lo_vol = hi_vol = 0.0  # specific volumes in cm³/g, for the densest and lightest reading
    total = sum(contents.values())
    if total >= 100.0:
        return None
    for element, wt in contents.items():
        if element == "RE":
            ds = [d for d in map(_element_density, _RE_SPAN) if d is not None]
        else:
            d = _element_density(element)
            ds = [d] if d is not None else []
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
    lithium = any(c.get("Li", 0.0) >= 1.0 for c in _contents(composition).values())
    return LITHIUM_DENSITY_TOLERANCE if lithium else DENSITY_TOLERANCE


def density_estimate(composition: Iterable[CompositionRange]) -> tuple[float, float] | None:
    """Density in g/cm³ estimated from a magnesium alloy's composition, as a (low, high) span.

    Rule of mixtures on specific volumes (1/ρ = Σ wᵢ/ρᵢ), magnesium the balance, element
    densities from ``periodictable``; nominal contents, else the middle of the specified range;
    total rare earths (``RE``) span the densities of La to Lu. Each source's composition gives
    an estimate and the span covers them all. ``None`` when no composition gives contents.
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


def _lorenz_gate(values: Sequence[PropertyValue]) -> dict[int, str]:
    by_key: dict[tuple[object, ...], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, v in enumerate(values):
        if v.conditions.is_room_temperature and v.property in (
            "thermal_conductivity",
            "electrical_conductivity",
        ):
            by_key[_condition_key(v)][v.property].append(i)
    out: dict[int, str] = {}
    lo, hi = LORENZ_BAND
    for g in by_key.values():
        for t in g.get("thermal_conductivity", []):
            for e in g.get("electrical_conductivity", []):
                tc, ec = values[t], values[e]
                sigma = float(ec.quantity.to("S/m").magnitude)
                lorenz = float(tc.quantity.to("W/(m*K)").magnitude) / (sigma * _ROOM_K)
                if not lo <= lorenz <= hi:
                    reason = (
                        f"the source's thermal conductivity {tc.published} and electrical conductivity "
                        f"{ec.published} imply a Lorenz number of {lorenz:.2g} W·Ω/K², outside "
                        f"{lo:.1e}-{hi:.1e} (Wiedemann-Franz)"
                    )
                    out.setdefault(t, reason)
                    out.setdefault(e, reason)
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
    found += [_strength_gate(values), _conductivity_gate(values), _lorenz_gate(values)]
    for failures in found:
        for i, reason in failures.items():
            out.setdefault(i, reason)
    return out
