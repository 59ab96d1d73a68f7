"""The value a criterion is judged on, and the evidence for it: one entry point, `judge`.

For a criterion on a property, `judge` collects the candidates (stored values of the accepted
kinds tested in the criterion's temperature window, and the record's curves: measured points,
values interpolated on one source's curve, a window's extreme), drops values on another hardness
scale and values failing a plausibility gate, and chooses one:

* at room temperature (or for a property that does not vary with temperature) the default-ranked
  value (the rule of ``Alloy.value``); against a relative threshold (``el > AM60B-F``) the value
  of a source that also prints every reference record's value, compared with those (one source's
  numbers side by side), else the default-ranked value against the references' defaults;
* ``at T`` the best value tested there, else interpolated on one curve;
* ``somewhere in`` a window the best tested value or curve extreme in it;
* ``throughout`` a window the least favourable value of the best-ranked curve that covers it.

Its evidence is ``measured`` (a value as published at the criterion's conditions) or
``interpolated`` (on one source's curve). Where the criterion's own value is missing, the rules
of ``data/checks/rules.csv`` may decide it from what the record holds (unless ``strict``): a
**bound** (``uts-at-least-ys``: a yield strength above a threshold puts the tensile strength above
it; ``hot-strength-at-most-rt``: a strength above room temperature is at most the room-temperature
one, with a tolerance) or an **estimate** (``density-from-composition``, with its measured band).
Such a judgement says so (evidence ``bounded`` or ``estimated``) and names its rule. The same file
holds the readings of a record's description for a scope (``scope_reading``: a temper or product
form the record does not state) and the measurement uncertainties that make a margin marginal
(applied by `mgalloys.checking`, which holds the margins).
Where nothing decides, the judgement says what the record has instead, for the unknown's reason.
Composition criteria are judged by `mgalloys.applicability`.

Examples:
    >>> import mgalloys as mg
    >>> r = mg.check("Mg97Zn1Y2-RSPM", "uts > 400 MPa").criteria[0]
    >>> r.verdict.value, r.evidence.value, r.rule
    ('pass', 'bounded', 'uts-at-least-ys')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache
from typing import Any, Literal, NamedTuple

from ._data import read_table
from .bibliography import Source, bundled_sources
from .curves import Curve, CurvePoint, Method, WindowValue
from .designations import implied_composition
from .errors import DataError
from .models import Alloy
from .plausibility import density_estimate
from .propertytable import PropertyInfo, property_info
from .targets import Criterion, Op
from .temperatures import BOUND_TOLERANCE_K, ROOM_TEMPERATURE_C, RT_CELSIUS, TEMPERATURE_TOLERANCE_K
from .units import format_quantity, frozen_quantity, parse_unit, quantity
from .values import Conditions, Kind, PropertyValue, Scale, magnitude_in, scale_to
from .vocabulary import lineage

__all__ = [
    "Evidence",
    "Judgement",
    "Rule",
    "Shared",
    "compared_end",
    "compared_magnitude",
    "judge",
    "rules",
    "scope_reading",
]


class Evidence(str, Enum):
    """What a verdict rests on, strongest first."""

    MEASURED = "measured"  #: a value as published at the criterion's conditions
    INTERPOLATED = "interpolated"  #: a value interpolated on one source's curve
    BOUNDED = "bounded"  #: decided by a rule from other values (data/checks/rules.csv)
    ESTIMATED = "estimated"  #: an estimate within its measured band (density from composition)

    def __str__(self) -> str:
        return self.value

    @property
    def rank(self) -> int:
        """0 for the strongest evidence (measured), 3 for the weakest (estimated)."""
        return list(Evidence).index(self)


# --- the rules (data/checks/rules.csv) ---------------------------------------------------------
_MECHANISMS = ("order", "temperature", "composition", "words", "uncertainty")
_WORD_FIELDS = ("temper", "product_form")


@dataclass(frozen=True)
class Rule:
    """One sourced rule of ``data/checks/rules.csv``: how it works (``mechanism``), what it applies
    to, its parameter, the evidence that sets it and the source it rests on."""

    id: str
    mechanism: str
    properties: tuple[str, ...]
    statement: str
    parameter: str
    values: tuple[float, ...]  #: the parameter's number(s): a tolerance, a band
    pattern: str
    unless: str
    term: str
    evidence: str
    source: Source
    locator: str
    note: str

    @property
    def value(self) -> float | None:
        """The parameter's first number (None when the rule has none)."""
        return self.values[0] if self.values else None


def _rule(where: str, row: Mapping[str, str]) -> Rule:
    if row["mechanism"] not in _MECHANISMS:
        raise DataError(f"{where}: unknown mechanism {row['mechanism']!r} (known: {', '.join(_MECHANISMS)})")
    props = tuple(p.strip() for p in row["properties"].split(";") if p.strip())
    for p in props:
        if p not in _WORD_FIELDS:
            property_info(p)  # an unknown property raises, naming it
    src = bundled_sources().get(row["source"])
    if src is None:
        raise DataError(f"{where}: source {row['source']!r} is not in data/sources/")
    try:
        values = tuple(float(x) for x in row["value"].split(";") if x.strip())
        for pattern in (row["pattern"], row["unless"]):
            re.compile(pattern)
    except (ValueError, re.error) as exc:
        raise DataError(f"{where}: {exc}") from None
    fields = ("statement", "parameter", "pattern", "unless", "term", "evidence", "locator", "note")
    return Rule(
        id=row["rule"], mechanism=row["mechanism"], properties=props, values=values, source=src,
        **{f: row[f] for f in fields},
    )  # fmt: skip


@cache
def rules() -> tuple[Rule, ...]:
    """The rules of ``data/checks/rules.csv``, in file order.

    Examples:
        >>> [r.id for r in rules() if r.mechanism in ("order", "temperature", "composition")]
        ['uts-at-least-ys', 'hot-strength-at-most-rt', 'density-from-composition']
    """
    return tuple(_rule(where, row) for where, row in read_table("checks/rules.csv"))


@lru_cache(maxsize=256)
def _rules_for(prop: str) -> tuple[Rule, ...]:
    return tuple(r for r in rules() if prop in r.properties and r.mechanism in _DECIDERS)


# --- judgements --------------------------------------------------------------------------------
class Judgement(NamedTuple):
    """What a criterion is judged on: the chosen value (None when there is none), the values it
    was chosen among, the words that say why (or, for no value, what the record has), and the
    evidence. A bound or estimate also gives the end it compares (``compared``, in the
    threshold's unit) and its rule; a relative threshold read from the chosen value's own source
    gives that ``threshold`` and the reference values behind it. (A named tuple: immutable, and
    built in a fraction of a frozen dataclass's time, once per criterion checked.)"""

    value: PropertyValue | None
    accepted: tuple[PropertyValue, ...]
    why: str  #: "the default-ranked value (...)", or the unknown's reason
    where: str  #: "at room temperature", "at 250 °C", "throughout 250..400 °C"
    evidence: Evidence | None = None
    rule: Rule | None = None
    compared: Any = None  #: the end a bound or estimate compares (None: ``compared_end(value)``)
    bound: str = ""  #: "at least", "at most" or "about": how ``compared`` bounds the property
    threshold: Any = None  #: a relative threshold read from the chosen value's source
    references: tuple[PropertyValue, ...] = ()  #: the reference values behind ``threshold``


#: Room-temperature judgements shared by the criteria of one pass over many targets (a scorecard),
#: by record and (property, kinds): at room temperature the value chosen, and an unknown's
#: reason, do not depend on the threshold. Keyed by ``id`` of a record the caller holds.
Shared = dict[tuple[int, str, tuple[Kind, ...]], "Judgement"]


def judge(
    a: Alloy,
    c: Criterion,
    thr: Any,
    *,
    strict: bool = False,
    references: Sequence[Alloy] = (),
    shared: Shared | None = None,
) -> Judgement:
    """The value ``a`` is judged on for the property criterion ``c`` against the threshold
    ``thr`` (a Quantity: a relative threshold is resolved by the caller, from the default values
    of ``references``, the records it names). ``strict`` keeps to measured and interpolated
    values: no rule of ``data/checks/rules.csv`` is applied. ``shared``: what earlier criteria
    of the same pass found (see ``Shared``; the records must stay alive while it is used)."""
    found = _measured_shared(a, c, thr, shared)
    if found.value is not None:
        return _paired(found, c, references) if references else found
    if strict:
        return found
    notes = []
    for rule in _rules_for(c.property):
        out = _DECIDERS[rule.mechanism](a, c, thr, rule, shared)
        if isinstance(out, Judgement):
            return out
        if out:
            notes.append(out)
    if notes:
        return Judgement(None, (), found.why + "; no rule decides it: " + "; ".join(notes), found.where)
    return found


def _measured(a: Alloy, c: Criterion, thr: Any, explain: bool = True) -> Judgement:
    """The measured or interpolated value of the criterion's own property, or the unknown (whose
    reason says what the record has instead unless ``explain`` is False: a rule that only asks
    whether there is a value)."""
    info = c.info
    # hardness scales never convert: a value on another scale is not a candidate
    units = thr._units
    # the curves a window may use, found once for the candidates and an unknown's reason
    curves = (
        []
        if c.room_temperature or not info.temperature_dependent or info.is_hardness
        else _usable_curves(a, c)
    )
    found = [(v, e) for v, e in _candidates(a, c, curves) if not info.is_hardness or _units_of(v) == units]
    where = "at room temperature" if c.room_temperature else f"at {c.window_text}"
    if c.throughout and not c.room_temperature:
        where = f"throughout {c.window_text}"
    if c.superplastic:
        where += " in a superplastic test (strain rate stated or the source's word)"
    if not found:
        reason = f"unknown: no {c.kinds_text} value of {c.property} {where}"
        return Judgement(None, (), reason + _what_else(a, c, info, curves) if explain else reason, where)
    t, to = float(thr.magnitude), scale_to(units)

    def margin_of(v: PropertyValue) -> float:
        x = compared_magnitude(v, c.op, to)
        return x - t if c.op.wants_high else t - x

    accepted = tuple([v for v, _ in found])
    i, why = _choose(accepted, c, info, margin_of, where)
    return Judgement(accepted[i], accepted, why, where, evidence=found[i][1])


def _measured_shared(
    a: Alloy, c: Criterion, thr: Any, shared: Shared | None, explain: bool = True
) -> Judgement:
    """``_measured``, looked up in ``shared`` where it does not depend on the threshold: at room
    temperature (the default-ranked value), outside superplastic tests and hardness scales (a
    shared judgement explains an unknown: the next criterion may show it)."""
    if shared is None or not c.room_temperature or c.superplastic or c.info.is_hardness:
        return _measured(a, c, thr, explain)
    key = (id(a), c.property, c.kinds)
    found = shared.get(key)
    if found is None:
        found = shared[key] = _measured(a, c, thr)
    return found


def _units_of(v: PropertyValue) -> Any:
    """The units container of ``v.quantity`` (its unit text parsed once)."""
    return parse_unit(v.unit)._units


def _paired(found: Judgement, c: Criterion, refs: Sequence[Alloy]) -> Judgement:
    """Against a relative threshold: the first accepted value (in rank order) whose source also
    prints a value of every reference record, judged against those values; else ``found``."""
    pick = max if c.relative_mode == "max" else min
    for v in found.accepted:
        same = [_same_source(r, c, v.source.key) for r in refs]
        if all(x is not None for x in same):
            values = tuple(x for x in same if x is not None)
            unit = c.info.unit
            units = parse_unit(unit)._units
            thr = quantity(pick(magnitude_in(_midpoint(x), x.unit, units) for x in values), unit)
            why = f"the value of {v.source.key}, which also prints the reference records' values"
            return Judgement(
                v, found.accepted, why, found.where, evidence=found.evidence,
                threshold=thr, references=values,
            )  # fmt: skip
    return found


def _same_source(r: Alloy, c: Criterion, key: str) -> PropertyValue | None:
    """The reference record's value from source ``key`` that the criterion accepts, or None."""
    for v in r.values(c.info, source=key):
        if v.kind in c.kinds and not v.implausible and v.conditions.is_room_temperature:
            return v
    return None


def compared_end(v: PropertyValue, op: Op) -> Any:
    """The end of a value a criterion compares: a range counts by its unfavourable end."""
    return v.low if op.wants_high else v.high


def compared_magnitude(v: PropertyValue, op: Op, to: Scale) -> float:
    """``compared_end(v, op).to(to.units).magnitude`` (a threshold's units), the same float,
    without building a Quantity."""
    return to(v.value if op.wants_high or v.value_max is None else v.value_max, v.unit)


def _candidates(a: Alloy, c: Criterion, curves: Sequence[Curve]) -> list[tuple[PropertyValue, Evidence]]:
    """The values a criterion may use, with their evidence: of its kinds, tested in its
    temperature window, in default-rank order. This is the one place where a criterion collects
    its candidates.

    For a criterion ``at T`` the measured values come first (stored values, then the points of
    the record's curves within the tolerance); only when there is none, the values interpolated
    at T on each curve that spans it (one source per curve, best-ranked curve first). Somewhere
    in a window, each curve adds its most favourable value over the window. ``throughout`` a
    window is answered by ``_throughout`` from curves alone (``curves``: ``_usable_curves``)."""
    info = c.info
    kinds, dependent, rt = c.kinds, info.temperature_dependent, c.room_temperature
    lo_k, hi_k = c.window_kelvin()
    stored = [
        (v, _MEASURED)
        for v in a.values(info)
        if v.kind in kinds
        and not v.implausible  # a value failing a plausibility gate is never used
        # c.accepts_kelvin, inline: it runs for every value of every record a scorecard checks
        and (not dependent or (rt if (k := v.conditions.kelvin) is None else lo_k <= k <= hi_k))
        and (not c.superplastic or c.accepts_test(v.conditions))
    ]
    if c.room_temperature or not info.temperature_dependent or info.is_hardness:
        return stored
    if c.throughout:
        return _throughout(a, c, curves)[0]
    lo, hi = c.temperature_min, c.temperature_max
    if lo is not None and lo == hi:  # at T: measured points, else interpolated ones
        lo_k, hi_k = c.window_kelvin()
        measured = [
            (_from_curve(cv, p.temperature, p.value, _measured_at(cv, p), [p]), _MEASURED)
            for cv in curves
            if cv.origin == "curves"  # values/ series are the stored values above
            for tk, p in zip(cv._t, cv.points, strict=True)  # both in temperature order
            if lo_k <= tk <= hi_k
        ]  # fmt: skip
        if stored or measured:
            return stored + measured
        answers = [cv.at(lo, tolerance=0.0) for cv in curves]
        return [
            (_from_curve(cv, lo, r.value, r.explanation, r.points), _level(r.method))
            for cv, r in zip(curves, answers, strict=True)
            if r.known
        ]
    pick: Literal["min", "max"] = "max" if c.op.wants_high else "min"
    found = [_from_window(cv, cv.extreme(*_window(c), pick, tolerance=BOUND_TOLERANCE_K)) for cv in curves]
    return stored + [x for x in found if x is not None]


_MEASURED = Evidence.MEASURED


def _measured_at(cv: Curve, p: CurvePoint) -> str:
    return f"measured at {p.label} by {cv._of([p])}"


def _level(method: Method) -> Evidence:
    return Evidence.MEASURED if method is Method.measured else Evidence.INTERPOLATED


def _usable_curves(a: Alloy, c: Criterion) -> list[Curve]:
    """The record's curves a criterion may use: of its kinds, superplastic tests where asked,
    and no series holding a value that fails a plausibility gate."""
    bad: dict[str, set[float]] = {}
    for v in a.values(c.info):
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
    k = v.conditions.kelvin
    return round(_rt_kelvin() if k is None else k, 6)


@cache
def _rt_kelvin() -> float:
    """The room temperature of a value that states none, in kelvin."""
    return float(quantity(RT_CELSIUS, "degC").to("kelvin").magnitude)


def _window(c: Criterion) -> tuple[Any, Any]:
    """A window's bounds for a curve, None where open: as written (a curve end within the bound
    tolerance reaches a bound, see ``extreme``); a strict ``> T`` starts above its band."""
    lo = quantity(c.window_kelvin()[0], "kelvin") if c.min_exclusive else c.temperature_min
    return lo, c.temperature_max


def _curves_say(a: Alloy, c: Criterion, curves: Sequence[Curve]) -> str:
    """Why the record's curves give no candidate, for an unknown's reason (empty if no curve)."""
    if not curves:
        return ""
    if c.throughout:
        return f"; no curve covers the whole window ({_throughout(a, c, curves)[1]})"
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


def _from_window(cv: Curve, w: WindowValue) -> tuple[PropertyValue, Evidence] | None:
    """A window's extreme as a candidate: measured where it is a point of the curve (or an end
    point reaching the window's bound within its tolerance), else interpolated."""
    if w.value is None or w.temperature is None:
        return None
    tk = float(w.temperature.to(parse_unit("kelvin")).magnitude)
    at = [p for t, p in zip(cv._t, cv.points, strict=True) if abs(float(t) - tk) <= BOUND_TOLERANCE_K + 1e-6]
    level = Evidence.MEASURED if at else Evidence.INTERPOLATED
    return _from_curve(cv, w.temperature, w.value, w.explanation, at or cv.points), level


def _throughout(
    a: Alloy, c: Criterion, curves: Sequence[Curve]
) -> tuple[list[tuple[PropertyValue, Evidence]], str]:
    """``throughout`` a window: the least favourable value of each curve that covers the whole
    window, best-ranked curve first; else no candidate and the reason."""
    pick: Literal["min", "max"] = "min" if c.op.wants_high else "max"
    answers = [(cv, cv.extreme(*_window(c), pick, tolerance=BOUND_TOLERANCE_K)) for cv in curves]
    found = [_from_window(cv, w) for cv, w in answers if w.covered]
    why = "; ".join(w.explanation for _, w in answers) or f"the record has no curve of {c.property}"
    return [x for x in found if x is not None], why


def _what_else(a: Alloy, c: Criterion, info: PropertyInfo, curves: Sequence[Curve]) -> str:
    """What the record has instead, for an unknown: its other values and curves of the property."""
    others = a.values(c.info)
    extra = ""
    if others:
        kinds = sorted({v.kind for v in others})  # str members: joined as their values
        temps = sorted({v.conditions.temperature_label for v in others})
        extra = f" (the record has {len(others)} other value(s): kinds {', '.join(kinds)}; "
        extra += f"at {', '.join(temps)})"
    if info.temperature_dependent and not c.room_temperature and not info.is_hardness:
        extra += _curves_say(a, c, curves)
    return extra


def _choose(
    accepted: Sequence[PropertyValue],
    c: Criterion,
    info: PropertyInfo,
    margin_of: Callable[[PropertyValue], float],
    where: str,
) -> tuple[int, str]:
    """The position of the value a criterion is judged on among ``accepted``, and why that one."""
    if c.room_temperature or not info.temperature_dependent:
        # already in default-rank order
        return 0, "the default-ranked value (kind, then source kind, then file order)"
    if c.throughout:  # the best-ranked curve that covers the window
        why = f"the least favourable value throughout {c.window_text} on one curve that covers it"
        return 0, why
    single = c.temperature_min == c.temperature_max
    why = f"the best value {where}" if single else f"the best value somewhere in {c.window_text}"
    return max(range(len(accepted)), key=lambda i: margin_of(accepted[i])), why


# --- the deciding rules ----------------------------------------------------------------------
_Decided = Judgement | str | None  # a judgement, or why the rule has inputs but does not decide


def _order(a: Alloy, c: Criterion, thr: Any, rule: Rule, shared: Shared | None) -> _Decided:
    """``lower <= upper`` for one test (``uts-at-least-ys``): the other property's value bounds
    this one, from below for the upper property, from above for the lower one."""
    lower, upper = rule.properties
    on_upper = c.property == upper
    other = lower if on_upper else upper
    sub = _measured_shared(a, c.on(other), thr, shared, explain=False)  # judge(strict=True), unexplained
    if sub.value is None:
        return None
    # the low end (``compared_end`` for ``>``) bounds the upper property, the high end the lower
    x = compared_magnitude(sub.value, Op.gt if on_upper else Op.lt, scale_to(thr._units))
    end = frozen_quantity(x, thr._units)
    holds = c.op.holds(x, float(thr.magnitude))
    word = "at least" if on_upper else "at most"
    said = f"{other} {sub.value.shown()} ({sub.value.kind.value}) [{sub.value.source.key}]"
    if holds != (on_upper == c.op.wants_high):
        return f"{c.property} is {word} {said}, which does not settle it ({rule.id})"
    why = f"{rule.id}: {c.property} is {word} the {said} {sub.where}"
    return Judgement(
        sub.value,
        (sub.value,),
        why,
        sub.where,
        evidence=Evidence.BOUNDED,
        rule=rule,
        compared=end,
        bound=word,
    )


def _temperature(a: Alloy, c: Criterion, thr: Any, rule: Rule, shared: Shared | None) -> _Decided:
    """``hot-strength-at-most-rt``: above room temperature a strength is at most the record's
    highest room-temperature value (of the property, or of one the order rules put above it),
    times ``1 + tolerance``. That upper bound decides a ``>`` criterion's fail and a ``<``
    criterion's pass."""
    if c.room_temperature or c.window_kelvin()[0] <= ROOM_TEMPERATURE_C[1] + 273.15:
        return None  # the window must lie wholly above room temperature
    factor = 1.0 + (rule.value or 0.0)
    best: tuple[float, PropertyValue] | None = None
    for p in _uppers(c.property):
        rt = [v for v in a.values(p, room_temperature=True) if v.kind in c.kinds and not v.implausible]
        if rt:
            to = scale_to(thr._units)
            top = max(rt, key=lambda v: compared_magnitude(v, Op.lt, to))  # its high end
            x = compared_magnitude(top, Op.lt, to) * factor
            best = (x, top) if best is None or x < best[0] else best
    if best is None:
        return None
    x, top = best
    holds = c.op.holds(x, float(thr.magnitude))
    said = f"{top.property} at room temperature {top.shown()} ({top.kind.value}) [{top.source.key}]"
    if holds == c.op.wants_high:
        most = format_quantity(_like(thr, x), 4)
        at = f"at {c.window_text} {c.property} is at most {most}"
        return f"{at}, from {said}, which does not settle it ({rule.id})"
    why = f"{rule.id}: at {c.window_text} {c.property} is at most the highest {said} times {factor:g}"
    where = f"at {c.window_text}"
    return Judgement(
        top, (top,), why, where, evidence=Evidence.BOUNDED, rule=rule,
        compared=_like(thr, x), bound="at most",
    )  # fmt: skip


@lru_cache(maxsize=256)
def _uppers(prop: str) -> tuple[PropertyInfo, ...]:
    """``prop`` and the properties the order rules put above it (a tensile strength above a
    yield strength), as ``_temperature`` reads their room-temperature values."""
    above = [r.properties[1] for r in rules() if r.mechanism == "order" and r.properties[0] == prop]
    return tuple(property_info(p) for p in [prop, *above])


def _magnesium_based(a: Alloy) -> bool:
    return a.material_class is None or "magnesium" in lineage(a.material_class)


def _in(q: Any, unit: str) -> float:
    """``q``'s magnitude in ``unit`` (a unit parsed once: converting to a unit string parses it;
    none in the unit itself, where pint returns the magnitude as it is)."""
    u = parse_unit(unit)
    return float(q.magnitude if q._units == u._units else q.to(u).magnitude)


def _estimate(
    c: Criterion, thr: Any, span: tuple[float, float], said: str, rule: Rule, v: PropertyValue
) -> _Decided:
    """An estimate ``span`` (in the property's unit) decides when all of it lies on one side of
    the threshold."""
    unit = c.info.unit
    t = _in(thr, unit)
    worst, best = span if c.op.wants_high else span[::-1]
    if c.op.holds(worst, t):
        x = worst
    elif not c.op.holds(best, t):
        x = best
    else:
        return f"{c.property} estimated {said} straddles {format_quantity(thr, 4)} ({rule.id})"
    why = f"{rule.id}: {c.property} estimated {said}"
    return Judgement(
        v, (v,), why, "at room temperature", evidence=Evidence.ESTIMATED, rule=rule,
        compared=frozen_quantity(magnitude_in(x, unit, thr._units), thr._units), bound="about",
    )  # fmt: skip


def _estimated_value(prop: str, unit: str, span: tuple[float, float], src: Any, note: str) -> PropertyValue:
    """The estimate as a value of kind ``estimate`` (a span), citing the source it comes from."""
    return PropertyValue.model_construct(
        property=prop, value=span[0], value_max=span[1], unit=unit,
        kind=Kind.estimate, source=src.source, locator=src.locator, note=note,
        conditions=Conditions.model_construct(),  # given: pydantic inspects a default factory per call
    )  # fmt: skip


def _span_text(span: tuple[float, float], unit: str) -> str:
    return f"{span[0]:.3g}-{span[1]:.3g} {unit}"


def _composition(a: Alloy, c: Criterion, thr: Any, rule: Rule, shared: Shared | None) -> _Decided:
    """``density-from-composition``: the estimate's span widened by the rule's band decides when
    all of it lies on one side of the threshold."""
    if not c.room_temperature or not _magnesium_based(a):
        return None
    found = _composition_estimate(a, c.property, rule.id, rule.value or 0.0)
    if found is None:
        return None
    span, said, v = found
    return _estimate(c, thr, span, said, rule, v)


_Estimate = tuple[tuple[float, float], str, PropertyValue]


@lru_cache(maxsize=4096)
def _composition_estimate(a: Alloy, prop: str, rule_id: str, band: float) -> _Estimate | None:
    """``_composition``'s span, its words and its value, once per record, property and rule (a
    record is immutable: the rule of mixtures over its composition cost a check of density more
    than the rest of it)."""
    rows = a.composition or implied_composition(a.grade)
    est = density_estimate(rows)
    if est is None:
        return None
    unit = property_info(prop).unit
    k = _in(quantity(1.0, "g/cm**3"), unit)
    span = (est[0] * (1 - band) * k, est[1] * (1 + band) * k)
    src = rows[0].source.key
    said = f"{_span_text(span, unit)} from the composition of {src} (band ±{band:.0%})"
    note = f"estimated from the composition of {src} by the rule of mixtures, band ±{band:.0%} ({rule_id})"
    return span, said, _estimated_value(prop, unit, span, rows[0], note)


def _like(thr: Any, x: float) -> Any:
    """``x`` in the threshold's unit."""
    return frozen_quantity(x, thr._units)


_DECIDERS: dict[str, Callable[[Alloy, Criterion, Any, Rule, Shared | None], _Decided]] = {
    "order": _order,
    "temperature": _temperature,
    "composition": _composition,
}


# --- scope readings ---------------------------------------------------------------------------
def scope_reading(a: Alloy) -> tuple[dict[str, str], tuple[Rule, ...]]:
    """The temper and product form a record's description gives where the record states none
    (the ``words`` rules of ``data/checks/rules.csv``): ``({field: term}, the rules used)``. A
    field that two rules read differently is not read.

    Examples:
        >>> import mgalloys as mg
        >>> scope_reading(mg.alloy("MA8-half-hard-sheet"))[0]
        {'temper': 'H'}
    """
    terms: dict[str, set[str]] = {}
    used: dict[str, list[Rule]] = {}
    for r in rules():
        if r.mechanism != "words" or getattr(a, r.properties[0]) is not None:
            continue
        m = re.search(r.pattern, a.description, re.I)
        if m is None or (r.unless and re.search(r.unless, a.description, re.I)):
            continue
        terms.setdefault(r.properties[0], set()).add(m.expand(r.term))
        used.setdefault(r.properties[0], []).append(r)
    read = {f: next(iter(ts)) for f, ts in terms.items() if len(ts) == 1}
    return read, tuple(r for f in read for r in used[f])


def _midpoint(v: PropertyValue) -> float:
    """The magnitude of ``v.quantity`` (a range's midpoint)."""
    return v.value if v.value_max is None else (v.value + v.value_max) / 2
