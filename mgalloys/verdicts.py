"""What a check returns: verdicts, the result of each criterion with the value behind it, a
record's result against a target, and the scorecard of records against families.

Results are frozen models that round-trip through JSON; each says what it applies to, why, and on
what evidence (the value, its kind, conditions and source). ``explain()`` and ``render()`` give
the plain text the command line prints; ``_repr_html_`` the notebook view.

Examples:
    >>> import mgalloys as mg
    >>> res = mg.check("AZ91D", 8)
    >>> res.verdict.value, res.criteria[0].value.source.key
    ('fail', 'meridian-lightweight-alloys')
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from ._html import COMPACT, STICKY, escape, table, verdict_cell
from .bibliography import Source
from .catalog import as_alloy
from .citations import format_citations
from .errors import AlloyNotFoundError, FamilyNotFoundError, MgAlloysError
from .families import Family, families
from .inputs import as_family
from .models import Alloy
from .propertytable import property_info
from .targets import Criterion
from .units import format_quantity
from .values import PropertyValue, QuantityField

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["CheckResult", "CriterionResult", "Scorecard", "Verdict"]


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
    reference_values: tuple[PropertyValue, ...] = ()  #: the values behind a relative threshold
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
            for v in r.reference_values:
                seen.setdefault(v.source.key, v.source)
        return tuple(seen.values())

    def citations(self, style: str = "text") -> str:
        """``sources`` as ``bibtex``, ``csl-json`` or ``text``.

        Examples:
            >>> import mgalloys as mg
            >>> print(mg.check("AZ91D", mg.family(8)).citations("text"))  # doctest: +ELLIPSIS
            [meridian-lightweight-alloys] Meridian Lightweight Technologies (n.d.). Lightweight Alloys...
        """
        return format_citations(self.sources(), style)

    def _repr_html_(self) -> str:
        rows = []
        for c in self.criteria:
            rows.append(
                [
                    escape(c.criterion.text),
                    verdict_cell(c.verdict.value),
                    "" if c.compared is None else escape(format_quantity(c.compared, 4)),
                    "" if c.margin_fraction is None else f"{c.margin_fraction:+.1%}",
                    "" if c.value is None else escape(f"{c.value.kind.value}, {c.value.source.key}"),
                    escape(c.reason),
                ]
            )
        caption = (
            f"<b>{escape(self.alloy)}</b> against {escape(self.target)}: {verdict_cell(self.verdict.value)}"
        )
        return table(["criterion", "verdict", "value", "margin", "value used", "why"], rows, caption)

    def to_frame(self, units: Mapping[str, str] | None = None) -> pd.DataFrame:
        """One row per criterion; ``units`` maps property ids or aliases to display units."""
        import pandas as pd  # deferred: pandas costs about 0.3 s to import, and a check needs none

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
                    "test_temperature": None if r.value is None else r.value.conditions.temperature_label,
                    "source": None if r.value is None else r.value.source.key,
                    "reason": r.reason,
                }
            )
        frame: pd.DataFrame = pd.DataFrame(rows)
        return frame


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
                rid = as_alloy(rid).record_id
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
        import pandas as pd  # deferred: pandas costs about 0.3 s to import, and a scorecard needs none

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
        nums = {f.id: f.number for f in families()}
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
        """Records by families, a column per family headed by its number (its id in the header's
        tooltip and in the key under the table), verdicts coloured; then each family's counts."""
        numbers = {f.id: f.number for f in families()}
        head = "".join(
            f"<th title='{escape(f)}' style='{STICKY}'>#{numbers.get(f, '?')}</th>" for f in self.families
        )
        rows = []
        for i, rec in enumerate(self.records):
            cells = "".join(
                f"<td>{verdict_cell(res.verdict.value, '*' if member else '')}</td>"
                for res, member in zip(self._row(i), self._member_row(i), strict=True)
            )
            rows.append(f"<tr><td>{escape(rec)}</td>{cells}</tr>")
        counts = self.counts()
        reads = dict(zip(self.families, self.readings, strict=False))
        key = "; ".join(
            f"#{numbers.get(f, '?')} <code>{escape(f)}</code>"
            + (f" ({escape(reads[f])})" if reads.get(f) else "")
            + f": {counts[f]['pass']} pass, {counts[f]['fail']} fail, {counts[f]['unknown']} unknown"
            for f in self.families
        )
        return (
            f"<div style='max-height:40em;overflow:auto'><table style='{COMPACT}'>"
            f"<caption style='text-align:left'>Scorecard: {len(self.records)} records against "
            f"{len(self.families)} families (* = a member of the family)</caption>"
            f"<thead><tr><th style='{STICKY}'>record</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>"
            f"<p style='max-width:60em'>Families (reading): {key}.<br/>unknown = a needed value is missing "
            "(never counted as fail); n/a = not applicable, outside the target's scope.</p>"
        )


def _short(v: Verdict) -> str:
    return "n/a" if v is Verdict.NOT_APPLICABLE else v.value
