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

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .applicability import IN, OUT, composition_outcome, scope_outcome
from .catalog import Catalog, alloy, as_alloy, as_alloys, get_catalog, with_catalog
from .errors import AlloyNotFoundError
from .evidence import compared_end, is_marginal, judge
from .families import Family, by_family
from .families import families as all_families
from .inputs import as_count, as_family, as_target, reading_of, same_scales
from .models import Alloy
from .propertytable import property_info
from .targets import Criterion, Target
from .units import format_quantity, quantity
from .values import Kind, PropertyValue, as_kinds
from .verdicts import CheckResult, CriterionResult, Scorecard, Verdict

__all__ = [
    "CheckResult",
    "CriterionResult",
    "Scorecard",
    "Verdict",
    "alloys",
    "check",
    "closest",
    "resolve_threshold",
    "scorecard",
    "which_meet",
]


# --- evaluation -----------------------------------------------------------------------------
def resolve_threshold(c: Criterion) -> tuple[Any, dict[str, PropertyValue], str]:
    """The criterion's threshold as a Quantity, the values it came from by record id (for a
    relative threshold such as ``max(AZ91D-F, AM60B-F)``: the named records' default values in
    the catalog in use), and a problem (empty when fine; the Quantity is then ``None``)."""
    if c.threshold is not None:
        return c.threshold, {}, ""
    unit = property_info(c.property).unit
    found: dict[str, PropertyValue] = {}
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
            return None, {}, f"reference record {ref.record_id} has no {c.property} value"
        found[ref.record_id] = v
    pick = max if c.relative_mode == "max" else min
    mag = pick(float(v.quantity.to(unit).magnitude) for v in found.values())
    return quantity(mag, unit), found, ""


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
    thr, found, problem = resolve_threshold(c)
    ref_ids, refs = tuple(found), tuple(found.values())
    if thr is None:
        return CriterionResult(criterion=c, verdict=Verdict.UNKNOWN, reason=problem)
    j = judge(a, c, thr)
    chosen = j.value
    if chosen is None:
        return CriterionResult(
            criterion=c,
            verdict=Verdict.UNKNOWN,
            threshold=thr,
            reference_records=ref_ids,
            reference_values=refs,
            reason=j.why,
        )
    t = float(thr.magnitude)
    compared = compared_end(chosen, c.op).to(thr.units)
    ok = c.op.holds(float(compared.magnitude), t)
    # pint subtraction gives a difference (delta_degC for a °C threshold), never an absolute °C
    margin = compared - thr if c.op.wants_high else thr - compared
    m = float(margin.magnitude)
    alternatives = [v for v in j.accepted if v is not chosen]
    disagree = sum(
        1 for v in alternatives if c.op.holds(float(compared_end(v, c.op).to(thr.units).magnitude), t) != ok
    )
    return CriterionResult(
        criterion=c,
        verdict=Verdict.PASS if ok else Verdict.FAIL,
        value=chosen,
        compared=compared,
        threshold=thr,
        reference_records=ref_ids,
        reference_values=refs,
        margin=margin,
        margin_fraction=m / abs(t) if t else math.nan,
        reason=_reason(a, c, chosen, compared, thr, ok, j.why, ref_ids),
        alternatives=len(alternatives),
        alternatives_disagreeing=disagree,
        marginal=is_marginal(margin, chosen, thr),
        sources=(chosen.source.key,),
    )


def _reason(
    a: Alloy,
    c: Criterion,
    chosen: PropertyValue,
    compared: Any,
    thr: Any,
    ok: bool,
    why: str,
    refs: tuple[str, ...],
) -> str:
    """The sentence a verdict gives: the comparison, the value used and why, how it was obtained."""
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
    return reason


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
    a = as_alloy(alloy)
    t = as_target(target)
    if isinstance(alloy, Mapping):
        same_scales(a, t)  # as screen() refuses a column on another hardness scale
    reading = reading_of(target)
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
    recs = (catalog or get_catalog()).select(family=family, grade=grade, has=has)
    return recs if where is None else which_meet(where, recs, catalog=catalog)


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
    pool = as_alloys(alloys) if alloys is not None else list(get_catalog().select())
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
    pool = as_alloys(alloys) if alloys is not None else list(get_catalog().select())
    results = [check(a, t) for a in pool]
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
    fams = [as_family(f) for f in families] if families is not None else list(all_families())
    pool = as_alloys(alloys) if alloys is not None else by_family(get_catalog().select())
    results = tuple(check(a, f) for a in pool for f in fams)
    member = tuple(f.id in a.families for a in pool for f in fams)
    return Scorecard(
        readings=tuple(f.reading for f in fams),
        member=member,
        families=tuple(f.id for f in fams),
        records=tuple(a.record_id for a in pool),
        results=results,
    )
