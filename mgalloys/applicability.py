"""Whether a target applies to a record (its scope) and how a composition criterion comes out.

Both work on the record alone (no catalog lookups), so family membership rules can use them while
the catalog is being built.

* A scope field (classes, forms, tempers, composition) holds when the record's term is one of the
  scope's terms or below it in ``mgalloys.vocabulary``; it fails when the record's term is in
  another branch; it is unknown when the record states nothing, or only a broader term.
* A composition criterion passes when the content interval (see ``mgalloys.composition``)
  lies wholly on the right side, fails when wholly on the wrong side, and is unknown when it
  straddles the threshold. Each composition source is judged alone; sources that settle it
  decide, contradicting sources give unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .composition import Content, record_composition, record_content
from .vocabulary import lineage

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    from .models import Alloy
    from .targets import Criterion, Scope

__all__ = ["composition_outcome", "scope_outcome"]

IN, OUT, UNKNOWN = "in", "out", "unknown"
PASS, FAIL = "pass", "fail"


def composition_outcome(a: Alloy, c: Criterion) -> tuple[str, Content | None, str]:
    """``(pass|fail|unknown, the content used, reason)`` of a composition criterion."""
    rows, implied = record_composition(a)
    if not rows:
        return UNKNOWN, None, "unknown: the record has no composition"
    found = record_content(a, c.property, c.basis or "wt")
    if not found.known:
        return UNKNOWN, None, "unknown: " + "; ".join(implied + why for why in found.unknown)
    return _settle(c, found.known, implied)


def _settle(c: Criterion, found: Sequence[Content], implied: str) -> tuple[str, Content, str]:
    """The verdict over the sources' contents; ``implied`` prefixes the cited source."""
    thr = float(c.threshold.magnitude) if c.threshold is not None else 0.0
    limit = f"{thr:g} {c.basis}%"
    settled: dict[str, list[Content]] = {PASS: [], FAIL: []}
    straddle = []
    for x in found:
        lo_ok, hi_ok = c.op.holds(x.low, thr), c.op.holds(x.high, thr)
        if lo_ok and hi_ok:
            settled[PASS].append(x)
        elif not lo_ok and not hi_ok:
            settled[FAIL].append(x)
        else:
            straddle.append(x)
    if settled[PASS] and settled[FAIL]:
        x = settled[PASS][0]
        y = settled[FAIL][0]
        return UNKNOWN, x, f"unknown: sources disagree ({x.sources[0]}: {x.text}; {y.sources[0]}: {y.text})"
    for verdict in (PASS, FAIL):
        if settled[verdict]:
            x = settled[verdict][0]
            word = c.op.value if verdict == PASS else f"not {c.op.value}"
            note = f"; {x.note}" if x.note else ""
            return verdict, x, f"{c.property} {x.text} {word} {limit} ({implied}{x.sources[0]}{note})"
    x = straddle[0]
    return UNKNOWN, x, f"unknown: {c.property} {x.text} ({implied}{x.sources[0]}) straddles {limit}"


def _tree_outcome(value: str | None, wanted: tuple[str, ...], what: str) -> tuple[str, str]:
    if value is None:
        return UNKNOWN, f"the record states no {what}"
    mine = lineage(value)
    if any(w in mine for w in wanted):
        return IN, f"{what} {value}"
    if any(value in lineage(w) for w in wanted):
        return UNKNOWN, f"{what} stated only as {value!r}, broader than {' or '.join(wanted)}"
    return OUT, f"{what} {value} is not {' or '.join(wanted)}"


def scope_outcome(a: Alloy, scope: Scope) -> tuple[str, str]:
    """``(in|out|unknown, reason)`` of a record against a target's scope."""
    if scope.is_empty:
        return IN, ""
    results: list[tuple[str, str]] = []
    if scope.classes:
        results.append(_tree_outcome(a.material_class, scope.classes, "material class"))
    if scope.forms:
        form = a.process_route or a.product_form
        results.append(
            _tree_outcome(form, scope.forms, "product form" if form == a.product_form else "process route")
        )
    if scope.tempers:
        t = a.temper
        if t is None:
            results.append((UNKNOWN, "the record states no temper"))
        else:
            ok = t.upper() in {x.upper() for x in scope.tempers}
            results.append(
                (IN if ok else OUT, f"temper {t}" + ("" if ok else f" is not {' or '.join(scope.tempers)}"))
            )
    for c in scope.composition:
        v, _, why = composition_outcome(a, c)
        results.append(({PASS: IN, FAIL: OUT}.get(v, UNKNOWN), why.removeprefix("unknown: ")))
    for state in (OUT, UNKNOWN):
        hits = list(dict.fromkeys(why for s, why in results if s == state))
        if hits:
            return state, "; ".join(hits)
    return IN, "; ".join(why for _, why in results)
