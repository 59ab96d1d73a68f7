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
  ``Alloy.value``); at a temperature, the best value tested there. Against a relative threshold
  (``el > AM60B-F``) a source that prints both the record's and the reference records' values is
  compared with itself. The result counts the other values and how many of them would change the
  verdict, and names the first that would (``disputed``).
* Where a criterion's own value is missing, the rules of ``data/checks/rules.csv`` may decide it
  (a bound or an estimate, see ``mgalloys.evidence``); every criterion and result names its
  evidence (measured, interpolated, bounded or estimated). ``strict=True`` turns the rules off.
* A target without a property criterion (families 1 and 11) gives **no target**, a verdict of
  its own, never unknown.

Examples:
    >>> import mgalloys as mg
    >>> res = mg.check("AZ91D", mg.family("high-strength-casting"))
    >>> res.verdict.value
    'fail'
    >>> res.criteria[0].criterion.property, res.criteria[0].verdict.value
    ('tensile_strength', 'fail')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

import pint
from pydantic import BaseModel

from .alloylike import as_alloy, as_alloys
from .applicability import IN, OUT, UNKNOWN, composition_outcome, scope_outcome
from .catalog import Catalog, alloy, get_catalog, with_catalog
from .errors import AlloyNotFoundError, MgAlloysError
from .evidence import Evidence, Judgement, Rule, Shared, compared_magnitude, judge, rules, scope_reading
from .families import Family, by_family
from .families import families as all_families
from .inputs import as_count, as_family, as_target, family_id, reading_of, same_scales
from .models import Alloy
from .propertytable import property_info
from .targets import Criterion, Scope, Target
from .temperatures import TEMPERATURE_TOLERANCE_K
from .units import format_quantity, freeze, frozen_quantity, parse_unit, quantity, ureg
from .values import Kind, PropertyValue, as_kinds, magnitude_in, scale_to
from .verdicts import CheckResult, CriterionResult, Scorecard, Verdict

__all__ = [
    "CheckResult",
    "CriterionResult",
    "Scorecard",
    "Verdict",
    "alloys",
    "check",
    "closest",
    "marginal_reason",
    "resolve_threshold",
    "scorecard",
    "which_meet",
]


# --- evaluation -----------------------------------------------------------------------------
def resolve_threshold(c: Criterion) -> tuple[Any, dict[str, PropertyValue], str]:
    """The criterion's threshold as a Quantity, the values it came from by record id (for a
    relative threshold such as ``max(AZ91D-F, AM60B-F)``: the named records' default values in
    the catalog in use), and a problem (empty when fine; the Quantity is then ``None``)."""
    thr, found, problem, _ = _resolve(c)
    return thr, dict(found), problem


_Resolved = tuple[Any, Mapping[str, PropertyValue], str, tuple[Alloy, ...]]
#: Relative thresholds resolved per catalog (they are looked up in the catalog in use; a record
#: answers the same in any context, a catalog's lookups the same for its life).
_RESOLVED: WeakKeyDictionary[Catalog, dict[tuple[Any, ...], _Resolved]] = WeakKeyDictionary()


def _resolve(c: Criterion) -> _Resolved:
    """``resolve_threshold`` and the reference records themselves, a relative threshold resolved
    once per catalog (a read-only Quantity in the property's unit)."""
    if c.threshold is not None:
        return c.frozen_threshold, {}, "", ()
    key = (c.property, c.relative_to, c.relative_mode, c.kinds, c.room_temperature)
    cache = _RESOLVED.setdefault(get_catalog(), {})
    if key not in cache:
        cache[key] = _relative(c)
    return cache[key]


def _relative(c: Criterion) -> _Resolved:
    unit = property_info(c.property).unit
    found: dict[str, PropertyValue] = {}
    refs = []
    for name in c.relative_to:
        try:
            ref = alloy(name)
        except AlloyNotFoundError as exc:
            if type(exc) is not AlloyNotFoundError:  # a known grade in another temper says so itself
                raise
            hint = f"the threshold of {c.text!r} is neither a quantity such as '300 MPa' nor a record"
            raise AlloyNotFoundError(exc.name, exc.suggestions, hint) from None
        v = ref.value(c.property, kind=c.kinds) if c.room_temperature else None
        if v is None:
            problem = f"reference record {ref.record_id} has no {c.property} value"
            return None, MappingProxyType({}), problem, ()
        found[ref.record_id] = v
        refs.append(ref)
    pick = max if c.relative_mode == "max" else min
    u = parse_unit(unit)  # parsed once: converting to a unit string parses it every time
    mag = pick(float(v.quantity.to(u).magnitude) for v in found.values())
    return frozen_quantity(mag, u._units), MappingProxyType(found), "", tuple(refs)


def _fraction(margin: float, threshold: float) -> float | None:
    """The margin as a fraction of the threshold's size; None for a zero threshold (no fraction
    of zero: "Al <= 0 wt%" has a margin but no percentage)."""
    return margin / abs(threshold) if threshold else None


def _evaluate_composition(a: Alloy, c: Criterion) -> CriterionResult:
    state, x, why = composition_outcome(a, c)
    verdict = Verdict(state)
    if x is None or c.threshold is None:
        return _result(criterion=c, verdict=verdict, threshold=c.threshold, reason=why)
    end = x.low if c.op.wants_high else x.high
    compared = quantity(end, "percent")
    margin = compared - c.threshold if c.op.wants_high else c.threshold - compared
    t = float(c.threshold.magnitude)
    frac = _fraction(float(margin.magnitude), t)
    # a composition the designation implies is read from the name, not printed by a source
    evidence = (
        None if verdict is Verdict.UNKNOWN else Evidence.MEASURED if a.composition else Evidence.ESTIMATED
    )
    return _result(
        criterion=c,
        verdict=verdict,
        compared=freeze(compared),
        threshold=c.threshold,
        margin=freeze(margin),
        margin_fraction=frac,
        reason=why,
        sources=x.sources,
        evidence=evidence,
    )


def _result(**fields: Any) -> CriterionResult:
    """A criterion's result from values this module has checked, its Quantities read-only as the
    validator makes them (validating each result again costs a check more than the rest of it)."""
    return _construct(CriterionResult, **fields)


_Model = TypeVar("_Model", bound=BaseModel)


def _construct(cls: type[_Model], **fields: Any) -> _Model:
    """``cls.model_construct(**fields)`` for a model without aliases, extra fields, private
    attributes or a post-init (the results of this module), from values already checked: the
    same instance, its defaults taken from a table made once. pydantic's generic loop over the
    fields looks up each field's aliases and default again, and cost a check a quarter of its
    time; ``tests/test_fastpaths.py`` holds the two equal."""
    m = cls.__new__(cls)
    values = dict(_defaults(cls))
    values.update(fields)  # in field order still: an update keeps each key where it was
    object.__setattr__(m, "__dict__", values)
    object.__setattr__(m, "__pydantic_fields_set__", set(fields))
    object.__setattr__(m, "__pydantic_extra__", None)
    object.__setattr__(m, "__pydantic_private__", None)
    return m


@cache
def _defaults(cls: type[BaseModel]) -> dict[str, Any]:
    """Every field of ``cls`` in order, with its default (``...`` for a required field)."""
    fields = cls.model_fields.items()
    return {n: ... if f.is_required() else f.get_default(call_default_factory=True) for n, f in fields}


def _evaluate(a: Alloy, c: Criterion, strict: bool = False, shared: Shared | None = None) -> CriterionResult:
    if c.is_composition:
        return _evaluate_composition(a, c)
    default_thr, found, problem, ref_alloys = _resolve(c)
    if default_thr is None:
        return _result(criterion=c, verdict=Verdict.UNKNOWN, reason=problem)
    j = judge(a, c, default_thr, strict=strict, references=ref_alloys, shared=shared)
    thr = default_thr if j.threshold is None else freeze(j.threshold)  # default_thr is read-only
    refs = j.references or tuple(found.values())
    ref_ids = tuple(found)
    chosen = j.value
    if chosen is None:
        return _result(
            criterion=c, verdict=Verdict.UNKNOWN, threshold=thr, reference_records=ref_ids,
            reference_values=refs, reason=j.why,
        )  # fmt: skip
    # magnitudes in the threshold's unit, the very floats pint's .to() gives; Quantities at the edge
    t, units = float(thr.magnitude), thr._units
    to = scale_to(units)
    x = compared_magnitude(chosen, c.op, to) if j.compared is None else _magnitude(j.compared, units)
    ok = c.op.holds(x, t)
    m = x - t if c.op.wants_high else t - x
    same = j.compared is None and chosen.value_max is None and chosen.read_only._units == units
    compared = chosen.read_only if same else frozen_quantity(x, units)
    measured = j.evidence in (Evidence.MEASURED, Evidence.INTERPOLATED)
    alternatives = [v for v in j.accepted if v is not chosen] if measured else []
    disagree = [v for v in alternatives if c.op.holds(compared_magnitude(v, c.op, to), t) != ok]
    why_marginal = _margin_reason(m, _difference_units(units), chosen, t, units)
    return _result(
        criterion=c,
        verdict=Verdict.PASS if ok else Verdict.FAIL,
        value=chosen,
        compared=compared,
        threshold=thr,
        reference_records=ref_ids,
        reference_values=refs,
        # pint subtraction gives a difference (delta_degC for a °C threshold), never an absolute °C
        margin=frozen_quantity(m, _difference_units(units)),
        margin_fraction=_fraction(m, t),
        reason=_reason(a, c, j, compared, thr, ok, ref_ids),
        alternatives=len(alternatives),
        alternatives_disagreeing=len(disagree),
        marginal=bool(why_marginal),
        marginal_reason=why_marginal,
        disputed=_dispute(c, j, disagree, compared, thr, default_thr, found, ok) if measured else "",
        sources=(chosen.source.key,),
        evidence=j.evidence,
        rule="" if j.rule is None else j.rule.id,
    )


def _magnitude(q: Any, units: Any) -> float:
    """``q.to(units).magnitude``, without a conversion when ``q`` is in ``units`` already."""
    return float(q.magnitude if q._units == units else q.to(units).magnitude)


@lru_cache(maxsize=64)
def _difference_units(units: Any) -> Any:
    """The units of a difference of two quantities in ``units``, as pint subtracts them
    (``delta_degC`` for ``degC``; the units themselves where there is no offset)."""
    one = ureg.get().Quantity(1.0, units)
    return (one - one)._units


def _same_test(v: PropertyValue, w: PropertyValue) -> bool:
    """Two values of one test temperature (within the 5 K of a criterion ``at T``): in a window,
    a value at another temperature is another test, not another source's view of the same one."""
    tv, tw = v.conditions.kelvin, w.conditions.kelvin
    if tv is None or tw is None:
        return v.conditions.is_room_temperature and w.conditions.is_room_temperature
    return abs(tv - tw) <= TEMPERATURE_TOLERANCE_K


def _word(ok: bool) -> str:
    return "pass" if ok else "fail"


def _dispute(
    c: Criterion,
    j: Judgement,
    disagree: Sequence[PropertyValue],
    compared: Any,
    thr: Any,
    default_thr: Any,
    found: Mapping[str, PropertyValue],
    ok: bool,
) -> str:
    """Names the first other accepted value of the same kind that would flip the verdict (one of
    ``disagree``, in rank order), and for a threshold read from one source, the references'
    default values if they would: both values and their sources. Empty when no such value exists."""
    chosen = j.value
    assert chosen is not None
    other = next((v for v in disagree if v.kind is chosen.kind and _same_test(v, chosen)), None)
    flips = bool(j.references) and c.op.holds(float(compared.magnitude), float(default_thr.magnitude)) != ok
    if other is None and not flips:
        return ""
    mine = f"{format_quantity(compared, 4)} [{chosen.source.key}]"
    if other is not None:
        x = compared_magnitude(other, c.op, scale_to(thr._units))
        end = format_quantity(frozen_quantity(x, thr._units), 4)
        return f"{mine} gives {_word(ok)}; {end} [{other.source.key}] would give {_word(not ok)}"
    used = ", ".join(f"{v.shown()} [{v.source.key}]" for v in j.references)
    defaults = ", ".join(f"{rid} {v.shown()} [{v.source.key}]" for rid, v in found.items())
    return (
        f"{mine} against the same source's reference values ({used}) gives {_word(ok)}; "
        f"against the references' default values ({defaults}) it would give {_word(not ok)}"
    )


def _reason(
    a: Alloy,
    c: Criterion,
    j: Judgement,
    compared: Any,
    thr: Any,
    ok: bool,
    refs: tuple[str, ...],
) -> str:
    """The sentence a verdict gives: the comparison, the value used and why, how it was obtained."""
    chosen = j.value
    assert chosen is not None
    ref_text = f" (threshold from {', '.join(refs)})" if refs else ""
    if j.references:
        ref_text = f" (threshold from {', '.join(refs)}, as {chosen.source.key} prints them)"
    op = c.op.value if ok else "not " + c.op.value
    shown = f"{format_quantity(compared, 4)} {op} {format_quantity(thr, 4)}"
    if j.rule is not None:  # a bound or an estimate: the property lies on one side of ``compared``
        return f"{c.property} {j.bound} {shown}{ref_text}: {j.evidence} by the rule {j.why}"
    end = ""
    if chosen.kind is Kind.range:
        end = f"; the range {chosen.published} counts by its {'low' if c.op.wants_high else 'high'} end"
    reason = f"{shown}{ref_text}: used {j.why}, {chosen.kind.value} from {chosen.source.key}{end}"
    # built from a curve (only off room temperature): say how
    if not c.room_temperature and all(chosen is not v for v in a.values(c.info)):
        reason += f"; {chosen.note}"
    return reason


# --- margins: whether one is marginal ----------------------------------------------------------
@lru_cache(maxsize=4096)
def _printed_precision(text: str) -> Any:
    """Half a unit of the last printed digit of ``text`` ("17 MS/m" -> 0.5 MS/m), or None
    (cached: one parse per printed text; the Quantity returned is only read)."""
    m = re.match(r"^\s*[-+]?\d+(?:\.(\d+))?(?:[eE][-+]?\d+)?\s*(.*)$", text)
    if m is None or not m[2].strip() or "deg" in m[2]:
        return None
    try:
        return quantity(0.5 * 10.0 ** -len(m[1] or ""), m[2].strip())
    except MgAlloysError:
        return None


def marginal_reason(margin: Any, value: PropertyValue, thr: Any) -> str:
    """Why the margin is marginal (empty when it is not): smaller than the precision the source
    or the threshold printed, or inside the property's measurement uncertainty (the
    ``uncertainty`` rules of ``data/checks/rules.csv``)."""
    return _margin_reason(float(margin.magnitude), margin._units, value, float(thr.magnitude), thr._units)


def _margin_reason(m: float, margin_units: Any, value: PropertyValue, t: float, units: Any) -> str:
    """``marginal_reason`` on magnitudes: a margin ``m`` in ``margin_units`` against a threshold
    ``t`` in ``units`` (units containers), without building a Quantity."""
    if margin_units is not units and margin_units != units:  # in the threshold's unit, or a difference
        try:
            m = float(ureg.Quantity(m, margin_units).to(units).magnitude)
        except pint.DimensionalityError:  # a margin in delta_degC against a threshold in degC
            return ""
    m = abs(m)
    printed = (_precision(value.published, units), _threshold_precision(t, units))
    for p, whose in zip(printed, ("the source", "the threshold"), strict=True):
        if p is not None and m < p[0]:
            return f"the margin is smaller than the precision {whose} printed (±{format_quantity(p[1], 2)})"
    for share, rule_id in _uncertainties(value.property):
        if m < share * abs(magnitude_in(float(value.read_only.magnitude), value.unit, units)):
            return (
                f"the margin is inside the measurement uncertainty of {value.property} "
                f"(±{share:.1%}, {rule_id})"
            )
    return ""


@lru_cache(maxsize=4096)
def _precision(text: str, units: Any) -> tuple[float, Any] | None:
    """The printed precision of ``text`` in ``units`` and as printed, where it has their dimension."""
    p = _printed_precision(text)
    if p is None or p.dimensionality != ureg.get().Unit(units).dimensionality:
        return None
    return float(p.to(units).magnitude), p


@lru_cache(maxsize=1024)
def _threshold_precision(t: float, units: Any) -> tuple[float, Any] | None:
    """The precision of a threshold as printed (cached: formatting a unit is slow)."""
    return _precision(f"{t:.10g} {ureg.get().Unit(units):~}", units)


@lru_cache(maxsize=256)
def _uncertainties(prop: str) -> tuple[tuple[float, str], ...]:
    """The measurement uncertainties of ``prop`` (share of the value, rule id), in file order."""
    found = [r for r in rules() if r.mechanism == "uncertainty" and prop in r.properties and r.value]
    return tuple((r.value, r.id) for r in found if r.value is not None)


def _combine(results: Sequence[CriterionResult]) -> Verdict:
    """No criterion: no target; any fail: fail; all pass: pass; otherwise unknown."""
    if not results:
        return Verdict.NO_TARGET
    if any(r.verdict is Verdict.FAIL for r in results):
        return Verdict.FAIL
    if all(r.verdict is Verdict.PASS for r in results):
        return Verdict.PASS
    return Verdict.UNKNOWN


_ScopeOutcome = tuple[str, str, tuple[str, ...]]


def _scope(a: Alloy, scope: Scope, strict: bool) -> _ScopeOutcome:
    """The scope's state and reason; where it is unknown for want of a temper or product form,
    the ones the record's description gives (``scope_reading``), unless ``strict``."""
    state, why = scope_outcome(a, scope)
    if state != UNKNOWN or strict or not (scope.forms or scope.tempers):
        return state, why, ()
    read, used, b = _as_described(a)
    if not read:
        return state, why, ()
    state2, why2 = scope_outcome(b, scope)
    if state2 == UNKNOWN:
        return state, why, ()
    words = ", ".join(f"{f.replace('_', ' ')} {v}" for f, v in read.items())
    rule_ids = tuple(r.id for r in used)
    return state2, f"{why2} ({words} read from the record's description: {', '.join(rule_ids)})", rule_ids


@lru_cache(maxsize=4096)
def _as_described(a: Alloy) -> tuple[Mapping[str, str], tuple[Rule, ...], Alloy]:
    """``scope_reading(a)`` and the record with what its description gives: one copy per record
    (records are immutable), so that what is read of the copy (its composition) is read once."""
    read, used = scope_reading(a)
    return MappingProxyType(read), used, a.model_copy(update=read) if read else a


@with_catalog
def check(
    alloy: str | Alloy | Mapping[str, Any],
    target: Target | Family | str | int | Mapping[str, Any],
    *,
    kinds: Iterable[Kind | str] | None = None,
    strict: bool = False,
    catalog: Catalog | None = None,
) -> CheckResult:
    """Check an alloy (a name, an ``Alloy``, or a dict of values) against a target.

    ``target`` is a ``Target``, a ``Family``, a family id or number, target text such
    as ``"uts > 300 MPa and el > 10 %"``, or a dict. ``kinds`` overrides the value kinds every
    criterion accepts (``["minimum"]`` checks specification minimums). ``strict=True`` judges on
    measured and interpolated values only: no rule of ``data/checks/rules.csv`` (bounds,
    estimates, readings of a record's description) is applied.

    Examples:
        >>> import mgalloys as mg
        >>> mg.check({"uts": "46 ksi", "el": "12 %", "product_form": "die casting"}, 8).verdict.value
        'pass'
        >>> mg.check("6061-T6", 8).verdict.value   # a reference metal is an anchor, not a candidate
        'not applicable'
        >>> mg.check({"uts": "310 MPa"}, "uts > 300 MPa and el > 10 %").missing
        ('elongation',)
        >>> mg.check("Mg97Zn1Y2-RSPM", 4).evidence.value   # its yield strength bounds its tensile one
        'bounded'
        >>> mg.check("Mg97Zn1Y2-RSPM", 4, strict=True).verdict.value
        'unknown'
    """
    a = as_alloy(alloy)
    t = as_target(target)
    if isinstance(alloy, Mapping):
        same_scales(a, t)  # as screen() refuses a column on another hardness scale
    crits = t.criteria
    if kinds is not None:
        ks = as_kinds(kinds)
        crits = tuple(c.model_copy(update={"kinds": ks}) for c in crits)
    return _check(a, t, crits, reading_of(target), strict)


def _check(
    a: Alloy,
    t: Target,
    crits: Sequence[Criterion],
    reading: str,
    strict: bool,
    *,
    scope: _ScopeOutcome | None = None,
    shared: Shared | None = None,
) -> CheckResult:
    """``check`` of a record against a target and its criteria (``t.criteria``, or those of
    other kinds), once the inputs are read: the one path of a check and of every scorecard cell
    (which passes the outcome of its scope, found once for every family of the same scope, and
    what the criteria before it ``shared``)."""
    state, why, scope_rules = _scope(a, t.scope, strict) if scope is None else scope
    if state == OUT:
        return _construct(
            CheckResult,
            alloy=a.record_id,
            target=str(t),
            verdict=Verdict.NOT_APPLICABLE,
            criteria=(),
            reading=reading,
            scope_reason=f"not applicable: {why}",
            scope_state=state,
            scope_rules=scope_rules,
        )
    results = tuple(_evaluate(a, c, strict, shared) for c in crits)
    verdict = _combine(results)
    if state != IN and verdict is not Verdict.NO_TARGET:  # an unknown scope never gives a silent pass or fail
        verdict = Verdict.UNKNOWN
        why = f"unknown: {why}"
    return _construct(
        CheckResult,
        alloy=a.record_id,
        target=str(t),
        verdict=verdict,
        criteria=results,
        reading=reading,
        scope_reason=why,
        scope_state=state,
        scope_rules=scope_rules,
    )


def alloys(
    *,
    family: str | int | Any = None,
    grade: str | None = None,
    has: str | Iterable[str] | None = None,
    where: str | None = None,
    catalog: Catalog | None = None,
) -> tuple[Alloy, ...]:
    """Bundled alloy records (or ``catalog``'s), optionally of one family, of one grade, with
    values of ``has``, or meeting the target text ``where`` (``"Gd > 0 wt%"``,
    ``"RE > 5 wt% and uts > 250 MPa"``).

    ``family`` is a family's number, id or name (as ``mgalloys.family`` takes it), or
    ``'reference'`` for the reference metals.

    Examples:
        >>> import mgalloys as mg
        >>> all(r.grade == "AZ31B" for r in mg.alloys(grade="AZ31B"))
        True
        >>> "EV31A-T6" in [r.record_id for r in mg.alloys(where="Gd > 0 wt%")]
        True
    """
    tag = None if family is None else family_id(family)  # a family's number, id or name, or 'reference'
    recs = (catalog or get_catalog()).select(family=tag, grade=grade, has=has)
    return recs if where is None else which_meet(where, recs, catalog=catalog)


@with_catalog
def which_meet(
    target: Target | Family | str | int | Mapping[str, Any],
    alloys: Iterable[str | Alloy] | None = None,
    *,
    strict: bool = False,
    catalog: Catalog | None = None,
) -> tuple[Alloy, ...]:
    """The bundled records (or the given ones) that pass ``target`` (``strict``: on measured
    and interpolated values only, as in ``check``).

    Examples:
        >>> import mgalloys as mg
        >>> all(a.thermal_conductivity.magnitude > 125 for a in mg.which_meet("tc > 125 W/(m*K)"))
        True
    """
    t = as_target(target)
    pool = as_alloys(alloys) if alloys is not None else list(get_catalog().select())
    return tuple(a for a in pool if check(a, t, strict=strict).verdict is Verdict.PASS)


@with_catalog
def closest(
    target: Target | Family | str | int | Mapping[str, Any],
    n: int = 5,
    alloys: Iterable[str | Alloy] | None = None,
    *,
    strict: bool = False,
    catalog: Catalog | None = None,
) -> tuple[CheckResult, ...]:
    """The ``n`` records nearest to meeting ``target``: passes first, then by the summed
    fractional shortfall of the failing criteria, then by the number of unknown ones. Records the
    target does not apply to, and records with no known criterion, are not ranked. ``strict``
    as in ``check``."""
    n = as_count(n, "closest(n=...)")
    t = as_target(target)
    pool = as_alloys(alloys) if alloys is not None else list(get_catalog().select())
    results = [check(a, t, strict=strict) for a in pool]
    results = [
        r
        for r in results
        if r.verdict is not Verdict.NOT_APPLICABLE
        and (not r.criteria or any(c.verdict is not Verdict.UNKNOWN for c in r.criteria))
    ]
    results.sort(key=lambda r: (r.verdict is not Verdict.PASS, r.shortfall, len(r.missing)))
    return tuple(results[:n])


@with_catalog
def scorecard(
    alloys: Iterable[str | Alloy] | None = None,
    families: Iterable[str | int | Family] | None = None,
    *,
    strict: bool = False,
    catalog: Catalog | None = None,
) -> Scorecard:
    """Every bundled record (or the given ones) against every family (or the given ones);
    ``strict`` as in ``check`` (measured and interpolated values only).

    Examples:
        >>> import mgalloys as mg
        >>> sc = mg.scorecard(["AZ91D", "AE44"])
        >>> sc.verdict("AZ91D-F", "high-strength-casting").value
        'fail'
    """
    if isinstance(families, (str, int, Family)):
        families = [families]
    fams = [as_family(f) for f in families] if families is not None else list(all_families())
    pool = as_alloys(alloys) if alloys is not None else by_family(get_catalog().select())
    # column by column: each family's target read once, then checked on every record; a scope
    # several families share is judged once per record, and so is a room-temperature value
    scopes: dict[Scope, list[_ScopeOutcome]] = {}
    shared: Shared = {}  # keyed by id() of the records in ``pool``, alive throughout
    columns = []
    for f in fams:
        t = f.target
        if t.scope not in scopes:
            scopes[t.scope] = [_scope(a, t.scope, strict) for a in pool]
        checks = zip(pool, scopes[t.scope], strict=True)
        columns.append(
            [_check(a, t, t.criteria, f.reading, strict, scope=s, shared=shared) for a, s in checks]
        )
    results = tuple(column[i] for i in range(len(pool)) for column in columns)
    member = tuple(f.id in a.families for a in pool for f in fams)
    return _construct(
        Scorecard,
        readings=tuple(f.reading for f in fams),
        member=member,
        families=tuple(f.id for f in fams),
        records=tuple(a.record_id for a in pool),
        results=results,
        strict=strict,
    )
