"""Checking alloys against targets and families: verdicts, margins and the value behind them.

Rules (see docs/concepts.md):

* Missing data gives **unknown** and names the missing property; it never gives fail.
* A target passes when every criterion passes; it fails when any criterion fails; otherwise it
  is unknown.
* A criterion accepts by default typical values and published ranges (``kinds`` changes that,
  e.g. ``kinds=["minimum"]`` for specification minimums). A range counts by its unfavourable end
  (its low end for ``>``), so a range never passes on its better half.
* Room-temperature criteria use room-temperature values only. A criterion ``at 250 degC`` uses
  a value measured within 5 K (stored, or a point of the record's curves), else one
  interpolated on one source's curve, and its reason says which; ``throughout`` a window, the
  least favourable value of one curve that covers it (unknown where none does); ``somewhere
  in`` a window, the best tested value or curve extreme in it (see ``candidates``).
* Among several accepted values the default-ranked one is used (the same rule as
  ``Alloy.value``); at a temperature, the best value tested there. The result counts the other
  values and how many of them would change the verdict.

Examples:
    >>> import mgalloys as mg
    >>> res = mg.check("AZ91D", mg.family("high-strength-casting"))
    >>> res.verdict.value
    'fail'
    >>> res.criteria[0].criterion.property, res.criteria[0].verdict.value
    ('tensile_strength', 'fail')
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from . import roadmap
from ._html import check_html, scorecard_html
from .applicability import IN, OUT, composition_outcome, scope_outcome
from .catalog import Catalog, with_catalog
from .catalog import alloy as _lookup
from .catalog import alloys as _all_alloys
from .curves import RT_CELSIUS, Curve, CurvePoint, WindowValue, _from_values, curves_of
from .errors import AlloyNotFoundError, FamilyNotFoundError, MgAlloysError
from .inputs import as_alloy as _as_alloy
from .inputs import as_alloys, as_count, as_family, as_kind, as_kinds, as_target, same_scales, user_values
from .models import (
    Alloy,
    CompositionRange,
    Conditions,
    Kind,
    PropertyValue,
    QuantityField,
    Source,
    SourceKind,
)
from .propertytable import PropertyInfo, property_info
from .roadmap import Family, by_family
from .targets import _BOUND_TOLERANCE_K, _TOLERANCE_K, Criterion, Op, Target
from .units import format_quantity, quantity

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "CheckResult",
    "CriterionResult",
    "Scorecard",
    "Verdict",
    "as_target",
    "check",
    "closest",
    "resolve_threshold",
    "scorecard",
    "user_alloy",
    "which_meet",
]


class Verdict(str, Enum):
    """The outcome of a check."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not applicable"

    def __str__(self) -> str:
        return self.value


class CriterionResult(BaseModel):
    """The outcome of one criterion, with the value it used and why."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    criterion: Criterion
    verdict: Verdict
    value: PropertyValue | None = None
    compared: QuantityField | None = None
    threshold: QuantityField | None = None
    reference_records: tuple[str, ...] = ()
    margin: QuantityField | None = None
    margin_fraction: float | None = None
    reason: str
    alternatives: int = 0
    alternatives_disagreeing: int = 0
    marginal: bool = False
    sources: tuple[str, ...] = ()


class CheckResult(BaseModel):
    """The outcome of checking one alloy record against one target.

    ``explain()`` says, per criterion, which value was used (kind, conditions, source), the
    threshold, and the margin as a quantity and a fraction.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    alloy: str
    target: str
    verdict: Verdict
    criteria: tuple[CriterionResult, ...]
    reading: str = ""
    scope_reason: str = ""
    scope_state: str = "in"

    @property
    def missing(self) -> tuple[str, ...]:
        """Properties whose missing value made a criterion unknown."""
        return tuple(r.criterion.property for r in self.criteria if r.verdict is Verdict.UNKNOWN)

    @property
    def shortfall(self) -> float:
        """Sum of the fractional shortfalls of the failing criteria (0 when none fails)."""
        return sum(-(r.margin_fraction or 0.0) for r in self.criteria if r.verdict is Verdict.FAIL)

    def explain(self) -> str:
        lines = [f"{self.alloy} against {self.target}: {self.verdict.value.upper()}"]
        if self.reading:
            lines.append(f"  reading: {self.reading}")
        if self.scope_reason:
            lines.append(f"  scope: {self.scope_reason}")
        if self.verdict is Verdict.NOT_APPLICABLE:
            return "\n".join(lines)
        if not self.criteria:
            lines.append("  (no property criteria: the source sets no numeric target)")
        for r in self.criteria:
            lines.append(f"  [{r.verdict.value}] {r.criterion.text}")
            lines.append(f"      {r.reason}")
            if r.value is not None:
                lines.append(f"      value: {r.value.describe()}")
                lines.append(f"      source: {r.value.source.citation}")
            if r.margin is not None and r.margin_fraction is not None:
                lines.append(f"      margin: {format_quantity(r.margin, 4)} ({r.margin_fraction:+.1%})")
            if r.marginal:
                lines.append("      marginal: the margin is smaller than the precision the source printed")
            if r.alternatives:
                lines.append(
                    f"      {r.alternatives} other accepted value(s); "
                    f"{r.alternatives_disagreeing} would give another verdict"
                )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain()

    def __repr__(self) -> str:
        return f"<CheckResult {self.alloy} against {self.target}: {self.verdict.value}>"

    def sources(self) -> tuple[Source, ...]:
        """The sources of exactly the values this check used: the value each criterion compared,
        and the reference records' values behind a relative threshold."""
        seen: dict[str, Source] = {}
        for r in self.criteria:
            if r.value is not None:
                seen.setdefault(r.value.source.key, r.value.source)
            for name in r.reference_records:
                v = _lookup(name).value(r.criterion.property, kind=r.criterion.kinds)
                if v is not None:
                    seen.setdefault(v.source.key, v.source)
        return tuple(seen.values())

    def citations(self, style: str = "text") -> str:
        """``sources`` as ``bibtex``, ``csl-json`` or ``text``.

        Examples:
            >>> import mgalloys as mg
            >>> print(mg.check("AZ91D", mg.family(8)).citations("text"))  # doctest: +ELLIPSIS
            [meridian-lightweight-alloys] Meridian Lightweight Technologies (n.d.). Lightweight Alloys...
        """
        from .citations import format_citations

        return format_citations(self.sources(), style)

    def _repr_html_(self) -> str:
        return check_html(self)

    def to_frame(self, units: Mapping[str, str] | None = None) -> pd.DataFrame:
        """One row per criterion; ``units`` maps property ids or aliases to display units."""
        import pandas as pd

        wanted = {property_info(k).id: v for k, v in (units or {}).items()}
        rows = []
        for r in self.criteria:
            pid = r.criterion.property
            unit = "percent" if r.criterion.is_composition else wanted.get(pid, property_info(pid).unit)

            def mag(q: Any, unit: str = unit) -> float:
                return math.nan if q is None else float(q.to(unit).magnitude)

            rows.append(
                {
                    "alloy": self.alloy,
                    "criterion": r.criterion.text,
                    "property": pid,
                    "op": r.criterion.op.value,
                    "threshold": mag(r.threshold),
                    "value": mag(r.compared),
                    "margin": math.nan if r.margin is None else float(r.margin.to(unit).magnitude),
                    "unit": unit,
                    "margin_fraction": math.nan if r.margin_fraction is None else r.margin_fraction,
                    "verdict": r.verdict.value,
                    "reading": self.reading,
                    "kind": None if r.value is None else r.value.kind.value,
                    "test_temperature": _temp_text(r.value),
                    "source": None if r.value is None else r.value.source.key,
                    "reason": r.reason,
                }
            )
        frame: pd.DataFrame = pd.DataFrame(rows)
        return frame


def _temp_text(v: PropertyValue | None) -> str | None:
    if v is None:
        return None
    t = v.conditions.test_temperature
    return "RT" if t is None else format_quantity(t)


# --- user alloys ----------------------------------------------------------------------------
_USER = Source(key="user", kind=SourceKind.user, title="values supplied by the user")


_DESCRIPTIVE = ("material_class", "product_form", "process_route", "temper", "composition")


def user_alloy(
    values: Mapping[str, Any],
    name: str = "user alloy",
    *,
    kind: Kind | str = Kind.typical,
    material_class: str = "magnesium alloy",
    product_form: str | None = None,
    process_route: str | None = None,
    temper: str | None = None,
    composition: Mapping[str, str | float] | None = None,
) -> Alloy:
    """An ``Alloy`` from ``{"uts": "310 MPa", "el": (12, "%")}``, for checks and tables.

    Values are room-temperature values of ``kind`` (default typical); a wrong dimension raises
    ``WrongDimensionError`` naming the property. The alloy is a magnesium alloy
    unless ``material_class`` says otherwise; ``product_form``, ``process_route`` (terms of
    ``vocabulary``), ``temper`` and ``composition`` (``{"Li": "8 wt%", "Al": 1}``,
    numbers in wt.%, at.% converted with the other elements at their given contents and Mg the
    balance) let a target's scope apply to it; the same keys may sit in ``values``.

    Examples:
        >>> import mgalloys as mg
        >>> a = mg.user_alloy({"uts": "320 MPa", "el": "11 %"}, product_form="sand casting")
        >>> mg.check(a, 8).verdict.value
        'pass'
    """
    from .vocabulary import term

    values = dict(values)
    described: dict[str, Any] = {
        "material_class": material_class,
        "product_form": product_form,
        "process_route": process_route,
        "temper": temper,
        "composition": composition,
    }
    for key in _DESCRIPTIVE:
        if key in values:
            described[key] = values.pop(key)
    for key in ("material_class", "product_form", "process_route"):
        if described[key] is not None:
            described[key] = term(str(described[key])).term
    pvs = []
    for key, q in user_values(values).items():  # duplicates, bare numbers, odd units refused
        info = property_info(key)
        unit = info.unit if not info.is_hardness else str(q.units)
        pvs.append(
            PropertyValue(
                property=info.id,
                value=info.to_canonical(q) if not info.is_hardness else float(q.magnitude),
                unit=unit,
                kind=as_kind(kind),
                source=_USER,
                published=format_quantity(q),
            )
        )
    comp = _user_composition(described.pop("composition") or {})
    return Alloy(record_id=name, grade=name, property_values=tuple(pvs), composition=comp, **described)


def _user_composition(spec: Mapping[str, str | float]) -> tuple[CompositionRange, ...]:
    from .composition import atomic_mass, parse_content

    parsed = {}
    for el, raw in spec.items():
        atomic_mass(el)  # an element symbol, or the library's error
        parsed[el] = (float(raw), "wt") if isinstance(raw, (int, float)) else parse_content(str(raw))
    wt = {el: v for el, (v, b) in parsed.items() if b == "wt"}
    at = {el: v for el, (v, b) in parsed.items() if b == "at"}
    if at:  # moles per 100 atoms -> mass, Mg the balance of the atoms not given
        mass_at = {el: v * atomic_mass(el) for el, v in at.items()}
        if wt:
            raise MgAlloysError("give a composition in wt% or in at%, not both")
        mg_at = max(0.0, 100.0 - sum(at.values()))
        total = sum(mass_at.values()) + mg_at * atomic_mass("Mg")
        wt = {el: 100.0 * m / total for el, m in mass_at.items()}
    note = "given by the user"
    return tuple(CompositionRange(element=el, nominal=v, source=_USER, note=note) for el, v in wt.items())


# --- evaluation -----------------------------------------------------------------------------
def resolve_threshold(c: Criterion) -> tuple[Any, tuple[str, ...], str]:
    """The criterion's threshold as a Quantity, the records it came from (for a relative
    threshold such as ``max(AZ91D-F, AM60B-F)``: their default values), and a problem (empty when
    fine; the Quantity is then ``None``)."""
    if c.threshold is not None:
        return c.threshold, (), ""
    vals = []
    for name in c.relative_to:
        ref = _lookup(name)
        v = ref.value(c.property, kind=c.kinds) if c.room_temperature else None
        if v is None:
            return None, c.relative_to, f"reference record {ref.record_id} has no {c.property} value"
        vals.append((v.quantity.to(property_info(c.property).unit).magnitude, ref.record_id))
    mag, _ = max(vals) if c.relative_mode == "max" else min(vals)
    return quantity(float(mag), property_info(c.property).unit), tuple(r for _, r in vals), ""


def _compared(v: PropertyValue, op: Op) -> Any:
    return v.low if op.wants_high else v.high  # a range counts by its unfavourable end


def candidates(a: Alloy, c: Criterion) -> list[PropertyValue]:
    """The values a criterion may use: of its kinds, tested in its temperature window, in
    default-rank order. This is the one place where a criterion collects its candidates.

    For a criterion ``at T`` the measured values come first (stored values, then the points of
    the record's curves within the tolerance); only when there is none, the values interpolated
    at T on each curve that spans it (one source per curve, best-ranked curve first). Somewhere
    in a window, each curve adds its most favourable value over the window. ``throughout`` a
    window is answered by ``_throughout`` from curves alone."""
    info = property_info(c.property)
    stored = [
        v
        for v in a.values(c.property)
        if v.kind in c.kinds
        and not v.implausible  # a value failing a plausibility gate is never used
        and c.accepts_temperature(v.conditions.test_temperature, info.temperature_dependent)
        and c.accepts_test(v.conditions)
    ]
    if c.room_temperature or not info.temperature_dependent or info.is_hardness:
        return stored
    if c.throughout:
        return _throughout(a, c)[0]
    curves = _usable_curves(a, c)
    lo, hi = c.temperature_min, c.temperature_max
    if lo is not None and lo == hi:  # at T: measured points, else interpolated ones
        lo_k, hi_k = c.window_kelvin()
        measured = [
            _from_curve(cv, p.temperature, p.value, f"measured at {p.label} by {cv._of([p])}", [p])
            for cv in curves
            if cv.origin == "curves"  # values/ series are the stored values above
            for tk, p in zip(cv._t, cv.points, strict=True)  # both in temperature order
            if lo_k <= tk <= hi_k
        ]
        if stored or measured:
            return stored + measured
        answers = [cv.at(lo, tolerance=0.0) for cv in curves]
        return [
            _from_curve(cv, lo, r.value, r.explanation, r.points)
            for cv, r in zip(curves, answers, strict=True)
            if r.known
        ]
    pick: Literal["min", "max"] = "max" if c.op.wants_high else "min"
    found = [_from_window(cv, cv.extreme(*_window(c), pick, tolerance=_BOUND_TOLERANCE_K)) for cv in curves]
    return stored + [v for v in found if v is not None]


def _usable_curves(a: Alloy, c: Criterion) -> list[Curve]:
    """The record's curves a criterion may use: of its kinds, superplastic tests where asked,
    and no series holding a value that fails a plausibility gate."""
    bad: dict[str, set[float]] = {}
    for v in a.values(c.property):
        if v.implausible:
            bad.setdefault(v.source.key, set()).add(_kelvin_of(v))
    out = []
    for cv in _curves(a, c):
        if c.superplastic and not c.accepts_test(Conditions(strain_rate=cv.strain_rate, note=cv.conditions)):
            continue
        if cv.source.key in bad and any(round(float(t), 6) in bad[cv.source.key] for t in cv._t):
            continue
        out.append(cv)
    return out


def _curves(a: Alloy, c: Criterion) -> tuple[Curve, ...]:
    """The bundled curves of a record; a user's record gets the series its own values form."""
    found = curves_of(a, c.property, kind=c.kinds)
    if found or _is_bundled(a):
        return found
    return tuple(cv for cv in _from_values(a) if cv.property == c.property and cv.kind in c.kinds)


def _is_bundled(a: Alloy) -> bool:
    from .catalog import get_catalog

    cat = get_catalog()
    return a.record_id in cat.record_ids and cat.record(a.record_id) is a


def _kelvin_of(v: PropertyValue) -> float:
    t = v.conditions.test_temperature
    return round(float((t if t is not None else quantity(RT_CELSIUS, "degC")).to("kelvin").magnitude), 6)


def _window(c: Criterion) -> tuple[Any, Any]:
    """A window's bounds for a curve, None where open: as written (a curve end within the bound
    tolerance reaches a bound, see ``extreme``); a strict ``> T`` starts above its band."""
    lo = quantity(c.window_kelvin()[0], "kelvin") if c.min_exclusive else c.temperature_min
    return lo, c.temperature_max


def _curves_say(a: Alloy, c: Criterion) -> str:
    """Why the record's curves give no candidate, for an unknown's reason (empty if no curve)."""
    curves = _usable_curves(a, c)
    if not curves:
        return ""
    if c.throughout:
        return f"; no curve covers the whole window ({_throughout(a, c)[1]})"
    lo = c.temperature_min
    if lo is not None and lo == c.temperature_max:
        whys = [cv.at(lo, tolerance=_TOLERANCE_K).explanation for cv in curves]
        # a check never extrapolates: drop the hint meant for Alloy.at callers
        return "; " + "; ".join(w.replace("; pass extrapolate=True to extrapolate", "") for w in whys)
    windows = [cv.extreme(*_window(c), "max", tolerance=_BOUND_TOLERANCE_K) for cv in curves]
    return "; " + "; ".join(w.explanation for w in windows)


def _from_curve(
    cv: Curve, temperature: Any, value: Any, how: str, points: Sequence[CurvePoint]
) -> PropertyValue:
    """A candidate built from a curve's answer; ``note`` says how it was obtained."""
    locs = list(dict.fromkeys(p.locator for p in points if p.locator))
    return PropertyValue(
        property=cv.property,
        value=float(value.to(cv.unit).magnitude),
        unit=cv.unit,
        kind=cv.kind,
        conditions=Conditions(test_temperature=temperature, strain_rate=cv.strain_rate, note=cv.conditions),
        source=cv.source,
        locator="; ".join(locs),
        note=how,
        published=points[0].published if len(points) == 1 else "",  # not printed: interpolated
    )


def _from_window(cv: Curve, w: WindowValue) -> PropertyValue | None:
    if w.value is None or w.temperature is None:
        return None
    tk = float(w.temperature.to("kelvin").magnitude)
    at = [p for p in cv.points if abs(float(p.temperature.to("kelvin").magnitude) - tk) < 1e-6]
    return _from_curve(cv, w.temperature, w.value, w.explanation, at or cv.points)


def _throughout(a: Alloy, c: Criterion) -> tuple[list[PropertyValue], str]:
    """``throughout`` a window: the least favourable value of each curve that covers the whole
    window, best-ranked curve first; else no candidate and the reason."""
    pick: Literal["min", "max"] = "min" if c.op.wants_high else "max"
    curves = _usable_curves(a, c)
    answers = [(cv, cv.extreme(*_window(c), pick, tolerance=_BOUND_TOLERANCE_K)) for cv in curves]
    found = [_from_window(cv, w) for cv, w in answers if w.covered]
    why = "; ".join(w.explanation for _, w in answers) or f"the record has no curve of {c.property}"
    return [v for v in found if v is not None], why


def _printed_precision(text: str) -> Any:
    """Half a unit of the last printed digit of ``text`` ("17 MS/m" -> 0.5 MS/m), or None."""
    m = re.match(r"^\s*[-+]?\d+(?:\.(\d+))?(?:[eE][-+]?\d+)?\s*(.*)$", text)
    if m is None or not m[2].strip() or "deg" in m[2]:
        return None
    try:
        return quantity(0.5 * 10.0 ** -len(m[1] or ""), m[2].strip())
    except MgAlloysError:
        return None


def _is_marginal(margin: Any, value: PropertyValue, thr: Any) -> bool:
    mag = float(thr.magnitude)
    text = f"{mag:.10g}"
    precisions = [_printed_precision(value.published), _printed_precision(f"{text} {thr.units:~}")]
    for p in precisions:
        if p is None:
            continue
        try:
            if abs(float(margin.to(thr.units).magnitude)) < float(p.to(thr.units).magnitude):
                return True
        except Exception:
            continue
    return False


def _evaluate_composition(a: Alloy, c: Criterion) -> CriterionResult:
    state, x, why = composition_outcome(a, c)
    verdict = Verdict(state)
    if x is None or c.threshold is None:
        return CriterionResult(criterion=c, verdict=verdict, threshold=c.threshold, reason=why)
    end = x.low if c.op.wants_high else x.high
    compared = quantity(end, "percent")
    margin = compared - c.threshold if c.op.wants_high else c.threshold - compared
    t = float(c.threshold.magnitude)
    frac = float(margin.magnitude) / abs(t) if t else math.nan
    return CriterionResult(
        criterion=c,
        verdict=verdict,
        compared=compared,
        threshold=c.threshold,
        margin=margin,
        margin_fraction=frac,
        reason=why,
        sources=x.sources,
    )


def _evaluate(a: Alloy, c: Criterion) -> CriterionResult:
    if c.is_composition:
        return _evaluate_composition(a, c)
    info = property_info(c.property)
    thr, refs, problem = resolve_threshold(c)
    if thr is None:
        return CriterionResult(criterion=c, verdict=Verdict.UNKNOWN, reference_records=refs, reason=problem)
    # hardness scales never convert: a value on another scale is not a candidate
    accepted = [v for v in candidates(a, c) if not info.is_hardness or v.quantity.units == thr.units]
    where = "at room temperature" if c.room_temperature else f"at {c.window_text}"
    if c.throughout and not c.room_temperature:
        where = f"throughout {c.window_text}"
    if c.superplastic:
        where += " in a superplastic test (strain rate stated or the source's word)"
    if not accepted:
        reason = f"unknown: no {'/'.join(k.value for k in c.kinds)} value of {c.property} {where}"
        return CriterionResult(
            criterion=c,
            verdict=Verdict.UNKNOWN,
            threshold=thr,
            reference_records=refs,
            reason=reason + _what_else(a, c, info),
        )
    unit = thr.units

    def margin_of(v: PropertyValue) -> float:
        x = float(_compared(v, c.op).to(unit).magnitude)
        t = float(thr.magnitude)
        return x - t if c.op.wants_high else t - x

    chosen, why = _choose(accepted, c, info, margin_of, where)
    compared = _compared(chosen, c.op).to(unit)
    ok = c.op.holds(float(compared.magnitude), float(thr.magnitude))
    verdict = Verdict.PASS if ok else Verdict.FAIL
    m = margin_of(chosen)
    frac = m / abs(float(thr.magnitude)) if thr.magnitude else math.nan
    # pint subtraction gives a difference (delta_degC for a °C threshold), never an absolute °C
    margin = compared - thr if c.op.wants_high else thr - compared
    alternatives = [v for v in accepted if v is not chosen]
    disagree = sum(
        1
        for v in alternatives
        if c.op.holds(float(_compared(v, c.op).to(unit).magnitude), float(thr.magnitude)) != ok
    )
    end = ""
    if chosen.kind is Kind.range:
        end = f"; the range {chosen.published} counts by its {'low' if c.op.wants_high else 'high'} end"
    ref_text = f" (threshold from {', '.join(refs)})" if refs else ""
    reason = (
        f"{format_quantity(compared, 4)} {c.op.value if ok else 'not ' + c.op.value} "
        f"{format_quantity(thr, 4)}{ref_text}: used {why}, {chosen.kind.value} from {chosen.source.key}{end}"
    )
    if all(chosen is not v for v in a.values(c.property)):  # built from a curve: say how
        reason += f"; {chosen.note}"
    return CriterionResult(
        criterion=c,
        verdict=verdict,
        value=chosen,
        compared=compared,
        threshold=thr,
        reference_records=refs,
        margin=margin,
        margin_fraction=frac,
        reason=reason,
        alternatives=len(alternatives),
        alternatives_disagreeing=disagree,
        marginal=_is_marginal(margin, chosen, thr),
        sources=(chosen.source.key,),
    )


def _what_else(a: Alloy, c: Criterion, info: PropertyInfo) -> str:
    """What the record has instead, for an unknown: its other values and curves of the property."""
    others = a.values(c.property)
    extra = ""
    if others:
        kinds = sorted({v.kind.value for v in others})
        temps = sorted({_temp_text(v) or "" for v in others})
        extra = f" (the record has {len(others)} other value(s): kinds {', '.join(kinds)}; "
        extra += f"at {', '.join(temps)})"
    if info.temperature_dependent and not c.room_temperature and not info.is_hardness:
        extra += _curves_say(a, c)
    return extra


def _choose(
    accepted: Sequence[PropertyValue],
    c: Criterion,
    info: PropertyInfo,
    margin_of: Callable[[PropertyValue], float],
    where: str,
) -> tuple[PropertyValue, str]:
    """The value a criterion is judged on, and why that one."""
    if c.room_temperature or not info.temperature_dependent:
        # already in default-rank order
        return accepted[0], "the default-ranked value (kind, then source kind, then file order)"
    if c.throughout:  # the best-ranked curve that covers the window
        why = f"the least favourable value throughout {c.window_text} on one curve that covers it"
        return accepted[0], why
    single = c.temperature_min == c.temperature_max
    why = f"the best value {where}" if single else f"the best value somewhere in {c.window_text}"
    return max(accepted, key=margin_of), why


def _combine(results: Sequence[CriterionResult]) -> Verdict:
    """All pass: pass; any fail: fail; otherwise unknown."""
    if not results:
        return Verdict.UNKNOWN
    if any(r.verdict is Verdict.FAIL for r in results):
        return Verdict.FAIL
    if all(r.verdict is Verdict.PASS for r in results):
        return Verdict.PASS
    return Verdict.UNKNOWN


@with_catalog
def check(
    alloy: str | Alloy | Mapping[str, Any],
    target: Target | Family | str | int | Mapping[str, Any],
    *,
    kinds: Iterable[Kind | str] | None = None,
    catalog: Catalog | None = None,
) -> CheckResult:
    """Check an alloy (a name, an ``Alloy``, or a dict of values) against a target.

    ``target`` is a ``Target``, a ``Family``, a family id or number, target text such
    as ``"uts > 300 MPa and el > 10 %"``, or a dict. ``kinds`` overrides the value kinds every
    criterion accepts (``["minimum"]`` checks specification minimums).

    Examples:
        >>> import mgalloys as mg
        >>> mg.check({"uts": "46 ksi", "el": "12 %", "product_form": "die casting"}, 8).verdict.value
        'pass'
        >>> mg.check("6061-T6", 8).verdict.value   # a reference metal is an anchor, not a candidate
        'not applicable'
        >>> mg.check({"uts": "310 MPa"}, "uts > 300 MPa and el > 10 %").missing
        ('elongation',)
    """
    a = _as_alloy(alloy)
    t = as_target(target)
    if isinstance(alloy, Mapping):
        same_scales(a, t)  # as screen() refuses a column on another hardness scale
    reading = _reading_of(target)
    state, why = scope_outcome(a, t.scope)
    if state == OUT:
        return CheckResult(
            alloy=a.record_id,
            target=str(t),
            verdict=Verdict.NOT_APPLICABLE,
            criteria=(),
            reading=reading,
            scope_reason=f"not applicable: {why}",
            scope_state=state,
        )
    crits = t.criteria
    if kinds is not None:
        ks = as_kinds(kinds)
        crits = tuple(c.model_copy(update={"kinds": ks}) for c in crits)
    results = tuple(_evaluate(a, c) for c in crits)
    verdict = _combine(results)
    if state != IN:  # an unknown scope never gives a silent pass or fail
        verdict = Verdict.UNKNOWN
        why = f"unknown: {why}"
    return CheckResult(
        alloy=a.record_id,
        target=str(t),
        verdict=verdict,
        criteria=results,
        reading=reading,
        scope_reason=why,
        scope_state=state,
    )


def _reading_of(t: object) -> str:
    if isinstance(t, Family):
        return t.reading
    if isinstance(t, (int, str)) and not isinstance(t, bool):
        try:
            return as_family(t).reading
        except MgAlloysError:
            return ""  # a target, not a family
    return ""


@with_catalog
def which_meet(
    target: Target | Family | str | int | Mapping[str, Any],
    alloys: Iterable[str | Alloy] | None = None,
    *,
    catalog: Catalog | None = None,
) -> tuple[Alloy, ...]:
    """The bundled records (or the given ones) that pass ``target``.

    Examples:
        >>> import mgalloys as mg
        >>> all(a.thermal_conductivity.magnitude > 125 for a in mg.which_meet("tc > 125 W/(m*K)"))
        True
    """
    t = as_target(target)
    pool = as_alloys(alloys) if alloys is not None else list(_all_alloys())
    return tuple(a for a in pool if check(a, t).verdict is Verdict.PASS)


@with_catalog
def closest(
    target: Target | Family | str | int | Mapping[str, Any],
    n: int = 5,
    alloys: Iterable[str | Alloy] | None = None,
    *,
    catalog: Catalog | None = None,
) -> tuple[CheckResult, ...]:
    """The ``n`` records nearest to meeting ``target``: passes first, then by the summed
    fractional shortfall of the failing criteria, then by the number of unknown ones. Records the
    target does not apply to, and records with no known criterion, are not ranked."""
    n = as_count(n, "closest(n=...)")
    t = as_target(target)
    pool = as_alloys(alloys) if alloys is not None else list(_all_alloys())
    results = [check(a, t) for a in pool]
    results = [
        r
        for r in results
        if r.verdict is not Verdict.NOT_APPLICABLE
        and (not r.criteria or any(c.verdict is not Verdict.UNKNOWN for c in r.criteria))
    ]
    results.sort(key=lambda r: (r.verdict is not Verdict.PASS, r.shortfall, len(r.missing)))
    return tuple(results[:n])


class Scorecard(BaseModel):
    """Every record checked against every family: ``verdicts[record][family id]``; ``readings``
    names the reading each family was checked under (``to_frame().attrs["readings"]`` too)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    families: tuple[str, ...]
    records: tuple[str, ...]
    results: tuple[CheckResult, ...]
    member: tuple[bool, ...] = ()
    readings: tuple[str, ...] = ()

    # ``results`` and ``member`` are stored flat, record by record (one JSON list each): these two
    # give them back as the rows they are, so no caller does the index arithmetic
    def _row(self, i: int) -> tuple[CheckResult, ...]:
        """The results of the ``i``-th record, one per family in ``families`` order."""
        k = len(self.families)
        return self.results[i * k : (i + 1) * k]

    def _member_row(self, i: int) -> tuple[bool, ...]:
        """Whether the ``i``-th record is claimed for each family (all False without claims)."""
        k = len(self.families)
        return self.member[i * k : (i + 1) * k] if self.member else (False,) * k

    def verdict(self, record: str | Alloy, family_id: str | int | Family) -> Verdict:
        """The verdict of one record (id or name) against one family (id, number or name)."""
        i, j = self._position(record, family_id)
        return self._row(i)[j].verdict

    def _position(self, record: str | Alloy, family_id: str | int | Family) -> tuple[int, int]:
        rid = record.record_id if isinstance(record, Alloy) else record
        if rid not in self.records:
            with contextlib.suppress(MgAlloysError):  # a grade or alias of a record in the card
                rid = _as_alloy(rid).record_id
        if rid not in self.records:
            n = len(self.records)
            raise AlloyNotFoundError(str(record), (), f"not among this scorecard's {n} records")
        fid = as_family(family_id).id
        if fid not in self.families:
            cols = ", ".join(self.families)
            raise FamilyNotFoundError(f"family {fid!r} is not in this scorecard (its families: {cols})")
        return self.records.index(rid), self.families.index(fid)

    def to_frame(self) -> pd.DataFrame:
        """Records as rows, family ids as columns, verdict strings as cells."""
        import pandas as pd

        data = [[r.verdict.value for r in self._row(i)] for i in range(len(self.records))]
        frame: pd.DataFrame = pd.DataFrame(
            data, index=pd.Index(self.records, name="record"), columns=list(self.families)
        )
        frame.attrs["readings"] = dict(zip(self.families, self.readings, strict=False))
        return frame

    def counts(self) -> dict[str, dict[str, int]]:
        """Per family: how many records pass, fail, or are unknown."""
        out: dict[str, dict[str, int]] = {f: {v.value: 0 for v in Verdict} for f in self.families}
        for i in range(len(self.records)):
            for fam, r in zip(self.families, self._row(i), strict=True):
                out[fam][r.verdict.value] += 1
        return out

    def is_member(self, record: str, family_id: str) -> bool:
        """Whether the data claims the record for the family (membership is separate from passing)."""
        i, j = self._position(record, family_id)
        return self._member_row(i)[j]

    def render(self, only_known: bool = False) -> str:
        """A plain-text table; ``only_known`` drops records with no pass or fail at all.

        A ``*`` marks the families the data claims the record for.
        """
        nums = {f.id: f.number for f in roadmap.families()}
        width = max([len(r) for r in self.records] + [6])
        head = f"{'record':<{width}}" + "".join(f" {'#' + str(nums.get(f, '?')):>7} " for f in self.families)
        lines = [head, "-" * len(head)]
        for i, rec in enumerate(self.records):
            row = self._row(i)
            if only_known and all(r.verdict is Verdict.UNKNOWN for r in row):
                continue
            marks = self._member_row(i)
            cells = (f" {_short(r.verdict):>7}{'*' if m else ' '}" for r, m in zip(row, marks, strict=True))
            lines.append(f"{rec:<{width}}" + "".join(cells))
        lines.append("")
        reads = dict(zip(self.families, self.readings, strict=False))
        lines.append(
            "families (reading): "
            + "; ".join(f"#{nums.get(f, '?')} {f} ({reads.get(f, '')})" for f in self.families)
        )
        lines.append(
            "unknown = a needed value is missing (never counted as fail); "
            "n/a = not applicable, outside the target's scope; * = a member of the family"
        )
        counts = self.counts()
        lines.append(
            "passing: " + ", ".join(f"#{nums.get(f, '?')} {counts[f]['pass']}" for f in self.families)
        )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        c = {v.value: sum(n[v.value] for n in self.counts().values()) for v in Verdict}
        return (
            f"<Scorecard {len(self.records)} records x {len(self.families)} families: "
            f"{c['pass']} pass, {c['fail']} fail, {c['unknown']} unknown>"
        )

    def _repr_html_(self) -> str:
        return scorecard_html(self, {f.id: f.number for f in roadmap.families()})


def _short(v: Verdict) -> str:
    return "n/a" if v is Verdict.NOT_APPLICABLE else v.value


@with_catalog
def scorecard(
    alloys: Iterable[str | Alloy] | None = None,
    families: Iterable[str | int | Family] | None = None,
    *,
    catalog: Catalog | None = None,
) -> Scorecard:
    """Every bundled record (or the given ones) against every family (or the given ones).

    Examples:
        >>> import mgalloys as mg
        >>> sc = mg.scorecard(["AZ91D", "AE44"])
        >>> sc.verdict("AZ91D-F", "high-strength-casting").value
        'fail'
    """
    if isinstance(families, (str, int, Family)):
        families = [families]
    fams = [as_family(f) for f in families] if families is not None else list(roadmap.families())
    pool = as_alloys(alloys) if alloys is not None else by_family(_all_alloys())
    results = tuple(check(a, f) for a in pool for f in fams)
    member = tuple(f.id in a.families for a in pool for f in fams)
    return Scorecard(
        readings=tuple(f.reading for f in fams),
        member=member,
        families=tuple(f.id for f in fams),
        records=tuple(a.record_id for a in pool),
        results=results,
    )
