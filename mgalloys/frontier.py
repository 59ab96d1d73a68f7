"""The frontier: for each family and criterion, the best value known in the data and the gap.

For a family (under a reading) or any target, ``frontier`` gives, per criterion, the best
value among the records the target applies to (record, value, source, gap to the threshold); the
records closest to meeting the whole target, ranked by their summed fractional shortfall (a
record with no known criterion is not ranked); and, for the unknowns among them, the
measurement that would settle each one.

Example:
    Examples:
        >>> import mgalloys as mg
        >>> fr = mg.frontier(8)
        >>> fr.best[0].criterion.text, fr.best[0].record
        ('tensile_strength > 300 MPa', 'Mg-10Gd-3Y-0.5Zr-T6-squeeze-cast')
        >>> fr.best[0].verdict.value
        'pass'
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from ._html import escape, table, verdict_cell
from .catalog import Catalog, as_alloy, get_catalog, with_catalog
from .checking import check
from .errors import MgAlloysError
from .families import Family, family
from .inputs import as_target, reading_of
from .models import Alloy
from .targets import Criterion, Target
from .units import format_quantity
from .verdicts import CheckResult, CriterionResult, Verdict

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Best", "Frontier", "frontier"]


class Best(BaseModel):
    """The best value of one criterion among the records in scope (``record`` None: no value)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    criterion: Criterion
    record: str | None = None
    result: CriterionResult | None = None
    candidates: int = 0

    @property
    def verdict(self) -> Verdict:
        return Verdict.UNKNOWN if self.result is None else self.result.verdict

    @property
    def line(self) -> str:
        c = self.criterion
        if self.result is None or self.record is None or self.result.compared is None:
            return f"{c.text}: no value among {self.candidates} record(s) in scope"
        r = self.result
        src = ", ".join(r.sources)
        gap = "" if r.margin is None else f"gap {format_quantity(r.margin, 4)}"
        frac = (
            ""
            if r.margin_fraction is None or math.isnan(r.margin_fraction)
            else f" ({r.margin_fraction:+.1%})"
        )
        return (
            f"{c.text}: best {format_quantity(self.result.compared, 4)} by {self.record} [{src}], "
            f"{r.verdict.value}, {gap}{frac}"
        )


class Frontier(BaseModel):
    """The state of the art against one target: best values, closest records, what to measure."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    target: str
    reading: str = ""
    in_scope: int
    best: tuple[Best, ...]
    closest: tuple[CheckResult, ...]
    settle: tuple[str, ...]

    def render(self) -> str:
        """Plain text: per criterion the best value, its record, source and gap; then the ranking."""
        head = f"Frontier of {self.target}" + (f" (reading: {self.reading})" if self.reading else "")
        lines = [head, f"  records in scope: {self.in_scope}"]
        lines += [f"  {b.line}" for b in self.best] or ["  (no property criteria)"]
        if self.closest:
            lines.append("  closest to meeting the whole target (by summed shortfall):")
            for r in self.closest:
                extra = f", {len(r.missing)} unknown" if r.missing else ""
                lines.append(f"    {r.alloy}: {r.verdict.value}, shortfall {r.shortfall:.1%}{extra}")
        if self.settle:
            lines.append("  would settle an unknown: " + "; ".join(self.settle))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def _repr_html_(self) -> str:
        """Per criterion the best value known, its record, source, verdict and gap; then the
        records closest to meeting the whole target and the measurements that would settle an
        unknown."""
        rows = []
        for b in self.best:
            r = b.result
            crit = f"<code style='white-space:nowrap'>{escape(b.criterion.text)}</code>"
            if r is None or r.compared is None or b.record is None:
                none = f"no value among {b.candidates} record(s)"
                rows.append([crit, none, "", "", verdict_cell("unknown"), ""])
                continue
            gap = "" if r.margin is None else escape(format_quantity(r.margin, 4))
            if r.margin_fraction is not None and not math.isnan(r.margin_fraction):
                gap += f" ({r.margin_fraction:+.1%})"
            value = f"<span style='white-space:nowrap'>{escape(format_quantity(r.compared, 4))}</span>"
            sources = escape(", ".join(r.sources))
            rows.append([crit, value, escape(b.record), sources, verdict_cell(r.verdict.value), gap])
        reading = f", reading <code>{escape(self.reading)}</code>" if self.reading else ""
        scope = f"{self.in_scope} records in scope"
        caption = f"<b>Frontier</b> of <code>{escape(self.target)}</code>{reading}: {scope}"
        head = ["criterion", "best value", "record", "source", "verdict", "gap"]
        out = table(head, rows, caption) if rows else f"<p>{caption}: no property criteria.</p>"
        if self.closest:
            near = [
                [escape(c.alloy), verdict_cell(c.verdict.value), f"{c.shortfall:.1%}", str(len(c.missing))]
                for c in self.closest
            ]
            out += table(
                ["record", "verdict", "shortfall", "unknown criteria"],
                near,
                "Closest to meeting the whole target (by summed fractional shortfall)",
            )
        if self.settle:
            out += "<p>Would settle an unknown: " + "; ".join(escape(x) for x in self.settle) + "</p>"
        return f"<div style='max-width:70em'>{out}</div>"

    def to_frame(self) -> pd.DataFrame:
        """One row per criterion: the best record, value, unit, source, verdict and gap."""
        import pandas as pd  # deferred: pandas costs about 0.3 s to import, and a frontier needs none

        rows = []
        for b in self.best:
            r = b.result
            unit = None if r is None or r.compared is None else str(r.compared.units)
            rows.append(
                {
                    "criterion": b.criterion.text,
                    "record": b.record,
                    "value": math.nan if r is None or r.compared is None else float(r.compared.magnitude),
                    "unit": unit,
                    "source": None if r is None else ", ".join(r.sources),
                    "verdict": b.verdict.value,
                    "gap": math.nan if r is None or r.margin is None else float(r.margin.magnitude),
                    "gap_fraction": math.nan if r is None or r.margin_fraction is None else r.margin_fraction,
                }
            )
        frame: pd.DataFrame = pd.DataFrame(rows)
        return frame


def _settle(a: str, r: CriterionResult) -> str:
    c = r.criterion
    if c.is_composition:
        return f"{c.property} content of {a}"
    where = "at room temperature" if c.room_temperature else f"at {c.window_text}"
    return f"{c.property} of {a} {where}"


@with_catalog
def frontier(
    target: Family | Target | str | int | Any,
    n: int = 5,
    alloys: Iterable[str | Alloy] | None = None,
    *,
    reading: str | None = None,
    catalog: Catalog | None = None,
) -> Frontier:
    """The frontier of a family (by number, id or ``Family``) or of any target.

    ``reading`` picks a family reading; ``n`` limits the closest records; ``alloys`` replaces the
    bundled records; ``catalog`` (e.g. from `mgalloys.load`) the catalog they come from.
    """
    if reading is not None:
        if not isinstance(target, (Family, str, int)):
            raise MgAlloysError("a reading belongs to a family: give a family with reading=")
        target = family(target, reading=reading)
    t = as_target(target)
    pool = [as_alloy(a) for a in alloys] if alloys is not None else list(get_catalog().select())
    results = [check(a, t) for a in pool]
    in_scope = [r for r in results if r.scope_state == "in"]
    best = []
    for i, c in enumerate(t.criteria):
        known = [(r.alloy, r.criteria[i]) for r in in_scope if r.criteria[i].margin_fraction is not None]
        known = [(a, cr) for a, cr in known if not math.isnan(cr.margin_fraction or 0.0)]
        if not known:
            best.append(Best(criterion=c, candidates=len(in_scope)))
            continue
        a, cr = max(known, key=lambda x: x[1].margin_fraction or 0.0)
        best.append(Best(criterion=c, record=a, result=cr, candidates=len(in_scope)))
    ranked = [r for r in in_scope if any(cr.verdict is not Verdict.UNKNOWN for cr in r.criteria)]
    ranked.sort(key=lambda r: (r.verdict is not Verdict.PASS, r.shortfall, len(r.missing)))
    top = tuple(ranked[:n])
    settle = tuple(_settle(r.alloy, cr) for r in top for cr in r.criteria if cr.verdict is Verdict.UNKNOWN)
    return Frontier(
        target=str(t),
        reading=reading_of(target),
        in_scope=len(in_scope),
        best=tuple(best),
        closest=top,
        settle=settle,
    )
