"""The value a criterion is judged on, and the evidence for it: one entry point, `judge`.

For a criterion on a property, `judge` collects the candidates (stored values of the accepted
kinds tested in the criterion's temperature window, and the record's curves: measured points,
values interpolated on one source's curve, a window's extreme), drops values on another hardness
scale and values failing a plausibility gate, and chooses one:

* at room temperature (or for a property that does not vary with temperature) the default-ranked
  value (the rule of ``Alloy.value``);
* ``at T`` the best value tested there, else interpolated on one curve;
* ``somewhere in`` a window the best tested value or curve extreme in it;
* ``throughout`` a window the least favourable value of the best-ranked curve that covers it.

Where no candidate exists the judgement says what the record has instead (its other values and
curves), for the reason of an unknown. Composition criteria are judged by
`mgalloys.applicability`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .curves import Curve, CurvePoint, WindowValue
from .errors import MgAlloysError
from .models import Alloy
from .propertytable import PropertyInfo, property_info
from .targets import Criterion, Op
from .temperatures import BOUND_TOLERANCE_K, RT_CELSIUS, TEMPERATURE_TOLERANCE_K
from .units import quantity
from .values import Conditions, PropertyValue

__all__ = ["Judgement", "compared_end", "is_marginal", "judge"]


@dataclass(frozen=True)
class Judgement:
    """What a criterion is judged on: the chosen value (None when there is none), the values it
    was chosen among, and the words that say why (or, for no value, what the record has)."""

    value: PropertyValue | None
    accepted: tuple[PropertyValue, ...]
    why: str  #: "the default-ranked value (...)", or the unknown's reason
    where: str  #: "at room temperature", "at 250 °C", "throughout 250..400 °C"


def judge(a: Alloy, c: Criterion, thr: Any) -> Judgement:
    """The value ``a`` is judged on for the property criterion ``c`` against the threshold
    ``thr`` (a Quantity: a relative threshold is resolved by the caller)."""
    info = property_info(c.property)
    # hardness scales never convert: a value on another scale is not a candidate
    accepted = tuple(v for v in _candidates(a, c) if not info.is_hardness or v.quantity.units == thr.units)
    where = "at room temperature" if c.room_temperature else f"at {c.window_text}"
    if c.throughout and not c.room_temperature:
        where = f"throughout {c.window_text}"
    if c.superplastic:
        where += " in a superplastic test (strain rate stated or the source's word)"
    if not accepted:
        reason = f"unknown: no {'/'.join(k.value for k in c.kinds)} value of {c.property} {where}"
        return Judgement(None, (), reason + _what_else(a, c, info), where)
    unit, t = thr.units, float(thr.magnitude)

    def margin_of(v: PropertyValue) -> float:
        x = float(compared_end(v, c.op).to(unit).magnitude)
        return x - t if c.op.wants_high else t - x

    chosen, why = _choose(accepted, c, info, margin_of, where)
    return Judgement(chosen, accepted, why, where)


def compared_end(v: PropertyValue, op: Op) -> Any:
    """The end of a value a criterion compares: a range counts by its unfavourable end."""
    return v.low if op.wants_high else v.high


def _candidates(a: Alloy, c: Criterion) -> list[PropertyValue]:
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
    found = [_from_window(cv, cv.extreme(*_window(c), pick, tolerance=BOUND_TOLERANCE_K)) for cv in curves]
    return stored + [v for v in found if v is not None]


def _usable_curves(a: Alloy, c: Criterion) -> list[Curve]:
    """The record's curves a criterion may use: of its kinds, superplastic tests where asked,
    and no series holding a value that fails a plausibility gate."""
    bad: dict[str, set[float]] = {}
    for v in a.values(c.property):
        if v.implausible:
            bad.setdefault(v.source.key, set()).add(_kelvin_of(v))
    out = []
    for cv in a.curves(c.property, kind=c.kinds):
        if c.superplastic and not c.accepts_test(Conditions(strain_rate=cv.strain_rate, note=cv.conditions)):
            continue
        if cv.source.key in bad and any(round(float(t), 6) in bad[cv.source.key] for t in cv._t):
            continue
        out.append(cv)
    return out


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
        whys = [cv.at(lo, tolerance=TEMPERATURE_TOLERANCE_K).explanation for cv in curves]
        # a check never extrapolates: drop the hint meant for Alloy.at callers
        return "; " + "; ".join(w.replace("; pass extrapolate=True to extrapolate", "") for w in whys)
    windows = [cv.extreme(*_window(c), "max", tolerance=BOUND_TOLERANCE_K) for cv in curves]
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
    answers = [(cv, cv.extreme(*_window(c), pick, tolerance=BOUND_TOLERANCE_K)) for cv in curves]
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


def is_marginal(margin: Any, value: PropertyValue, thr: Any) -> bool:
    """Whether the margin is smaller than the precision the source printed (or the threshold's)."""
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


def _what_else(a: Alloy, c: Criterion, info: PropertyInfo) -> str:
    """What the record has instead, for an unknown: its other values and curves of the property."""
    others = a.values(c.property)
    extra = ""
    if others:
        kinds = sorted({v.kind.value for v in others})
        temps = sorted({v.conditions.temperature_label for v in others})
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
