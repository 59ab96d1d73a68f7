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
from .alloylike import as_alloy
from .bibliography import Source
from .citations import format_citations
from .errors import AlloyNotFoundError, FamilyNotFoundError, MgAlloysError
from .evidence import Evidence
from .families import Family, families
from .inputs import as_family
from .models import Alloy
from .propertytable import property_info
from .targets import Criterion
from .units import format_quantity
from .values import PropertyValue, QuantityField

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["CheckResult", "CriterionResult", "Evidence", "Scorecard", "Verdict"]


class Verdict(str, Enum):
    """The outcome of a check. ``no target``: the target has no property criterion (the paper
    sets none for families 1 and 11): nothing is missing, so it is not unknown."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not applicable"
    NO_TARGET = "no target"

    def __str__(self) -> str:
        return self.value


#: One letter per evidence level in plain-text cells.
EVIDENCE_CODES = {
    Evidence.MEASURED: "m",
    Evidence.INTERPOLATED: "i",
    Evidence.BOUNDED: "b",
    Evidence.ESTIMATED: "e",
}
#: The marks a cell carries, with what they mean (every view prints this key).
MARKS = {"~": "marginal", "!": "disputed by sources", "*": "a member of the family"}


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
    marginal_reason: str = ""  #: why ``marginal``: the printed precision or a measurement uncertainty
    disputed: str = ""  #: another accepted value that would flip the verdict: both values and sources
    sources: tuple[str, ...] = ()
    evidence: Evidence | None = None  #: what a decided criterion rests on (None: unknown)
    rule: str = ""  #: the rule of data/checks/rules.csv behind a bounded or estimated verdict


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
    scope_rules: tuple[str, ...] = ()  #: rules that read the record's temper or form for the scope

    @property
    def missing(self) -> tuple[str, ...]:
        """Properties whose missing value made a criterion unknown."""
        return tuple(r.criterion.property for r in self.criteria if r.verdict is Verdict.UNKNOWN)

    @property
    def shortfall(self) -> float:
        """Sum of the fractional shortfalls of the failing criteria (0 when none fails)."""
        return sum(-(r.margin_fraction or 0.0) for r in self.criteria if r.verdict is Verdict.FAIL)

    @property
    def decisive(self) -> tuple[CriterionResult, ...]:
        """The criteria the verdict rests on: every criterion of a pass, the failing ones of a
        fail, none otherwise."""
        if self.verdict is Verdict.PASS:
            return self.criteria
        if self.verdict is Verdict.FAIL:
            return tuple(r for r in self.criteria if r.verdict is Verdict.FAIL)
        return ()

    @property
    def evidence(self) -> Evidence | None:
        """What the verdict rests on: a pass on its weakest criterion's evidence, a fail on its
        strongest failing criterion's (one measured fail is enough); None when undecided."""
        levels = [r.evidence for r in self.decisive if r.evidence is not None]
        if not levels:
            return None
        pick = max if self.verdict is Verdict.PASS else min
        return pick(levels, key=lambda e: e.rank)

    @property
    def marginal(self) -> bool:
        """A pass with a marginal criterion, or a fail whose every failing criterion is marginal."""
        crits = self.decisive
        return bool(crits) and (any if self.verdict is Verdict.PASS else all)(r.marginal for r in crits)

    @property
    def disputed(self) -> bool:
        """Another source's value would flip the verdict: a pass with a disputed criterion, or a
        fail whose every failing criterion is disputed."""
        crits = self.decisive
        return bool(crits) and (any if self.verdict is Verdict.PASS else all)(bool(r.disputed) for r in crits)

    @property
    def flags(self) -> str:
        """``'marginal'``, ``'disputed'``, both (``'marginal; disputed'``) or empty."""
        return "; ".join(w for w, on in (("marginal", self.marginal), ("disputed", self.disputed)) if on)

    def explain(self) -> str:
        head = f"{self.alloy} against {self.target}: {self.verdict.value.upper()}"
        ev = self.evidence
        lines = [head + ("" if ev is None else f" ({ev.value})") + (f" [{self.flags}]" if self.flags else "")]
        if self.reading:
            lines.append(f"  reading: {self.reading}")
        if self.scope_reason:
            lines.append(f"  scope: {self.scope_reason}")
        if self.verdict is Verdict.NOT_APPLICABLE:
            return "\n".join(lines)
        if not self.criteria:
            lines.append("  (no property criteria: the source sets no numeric target)")
        for r in self.criteria:
            lines += _criterion_lines(r)
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
                    verdict_cell(c.verdict.value, _marks(c.marginal, bool(c.disputed))),
                    escape("" if c.evidence is None else c.evidence.value),
                    "" if c.compared is None else escape(format_quantity(c.compared, 4)),
                    "" if c.margin_fraction is None else f"{c.margin_fraction:+.1%}",
                    "" if c.value is None else escape(f"{c.value.kind.value}, {c.value.source.key}"),
                    escape("; ".join(x for x in (c.reason, c.marginal_reason, c.disputed) if x)),
                ]
            )
        ev = "" if self.evidence is None else f" ({escape(self.evidence.value)})"
        caption = (
            f"<b>{escape(self.alloy)}</b> against {escape(self.target)}: "
            f"{verdict_cell(self.verdict.value, _marks(self.marginal, self.disputed))}{ev}"
        )
        head = ["criterion", "verdict", "evidence", "value", "margin", "value used", "why"]
        return table(head, rows, caption) + f"<p>{escape(_MARK_KEY)}</p>"

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
                    "evidence": None if r.evidence is None else r.evidence.value,
                    "rule": r.rule or None,
                    "marginal": r.marginal,
                    "disputed": r.disputed or None,
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
    names the reading each family was checked under (``to_frame().attrs["readings"]`` too).
    Every view shows each cell's verdict, its evidence (m measured, i interpolated, b bounded, e
    estimated) and marks: ``~`` marginal, ``!`` disputed by sources, ``*`` a member."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    families: tuple[str, ...]
    records: tuple[str, ...]
    results: tuple[CheckResult, ...]
    member: tuple[bool, ...] = ()
    readings: tuple[str, ...] = ()
    strict: bool = False  #: checked on measured and interpolated values only

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
        return self.result(record, family_id).verdict

    def result(self, record: str | Alloy, family_id: str | int | Family) -> CheckResult:
        """The check behind one cell: its criteria, evidence, marks and reasons."""
        i, j = self._position(record, family_id)
        return self._row(i)[j]

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
        """Records as rows; per family id a column of verdict strings, then ``<id> evidence``
        (measured, interpolated, bounded, estimated; empty when undecided) and ``<id> flags``
        (``marginal``, ``disputed``, both, or empty)."""
        import pandas as pd  # deferred: pandas costs about 0.3 s to import, and a scorecard needs none

        columns = [x for f in self.families for x in (f, f"{f} evidence", f"{f} flags")]
        data = [
            [
                x
                for r in self._row(i)
                for x in (r.verdict.value, "" if r.evidence is None else r.evidence.value, r.flags)
            ]
            for i in range(len(self.records))
        ]
        frame: pd.DataFrame = pd.DataFrame(data, index=pd.Index(self.records, name="record"), columns=columns)
        frame.attrs["readings"] = dict(zip(self.families, self.readings, strict=False))
        frame.attrs["strict"] = self.strict
        return frame

    def counts(self) -> dict[str, dict[str, int]]:
        """Per family: how many records pass, fail, are unknown, not applicable or have no target."""
        out: dict[str, dict[str, int]] = {f: {v.value: 0 for v in Verdict} for f in self.families}
        for i in range(len(self.records)):
            for fam, r in zip(self.families, self._row(i), strict=True):
                out[fam][r.verdict.value] += 1
        return out

    def evidence_counts(self) -> dict[str, dict[str, int]]:
        """Per family: how many decided cells rest on each evidence level, and how many are
        marginal or disputed."""
        keys = [e.value for e in Evidence] + ["marginal", "disputed"]
        out: dict[str, dict[str, int]] = {f: dict.fromkeys(keys, 0) for f in self.families}
        for i in range(len(self.records)):
            for fam, r in zip(self.families, self._row(i), strict=True):
                if r.evidence is not None:
                    out[fam][r.evidence.value] += 1
                out[fam]["marginal"] += r.marginal
                out[fam]["disputed"] += r.disputed
        return out

    def totals(self) -> dict[str, int]:
        """Cells by verdict over the whole scorecard."""
        counts = self.counts().values()
        return {v.value: sum(n[v.value] for n in counts) for v in Verdict}

    def is_member(self, record: str, family_id: str) -> bool:
        """Whether the data claims the record for the family (membership is separate from passing)."""
        i, j = self._position(record, family_id)
        return self._member_row(i)[j]

    def rows(self, only_known: bool = False) -> list[tuple[str, tuple[str, ...]]]:
        """Each record with its cells as plain text, in ``families`` order: the verdict, its
        evidence after a slash (``pass/m``) and its marks (``~`` marginal, ``!`` disputed by
        sources, ``*`` a member). ``only_known`` drops records with no pass or fail at all."""
        out = []
        for i, rec in enumerate(self.records):
            row = self._row(i)
            if only_known and not any(r.verdict in (Verdict.PASS, Verdict.FAIL) for r in row):
                continue
            out.append((rec, tuple(_cell(r, m) for r, m in zip(row, self._member_row(i), strict=True))))
        return out

    def notes(self) -> list[str]:
        """The lines under the table: each family's reading, the key to the cells, the passing
        records per family and the totals."""
        nums = {f.id: f.number for f in families()}
        reads = dict(zip(self.families, self.readings, strict=False))
        counts = self.counts()
        return [
            "families (reading): "
            + "; ".join(f"#{nums.get(f, '?')} {f} ({reads.get(f, '')})" for f in self.families),
            _KEY + (" Checked strictly: no rule applied." if self.strict else ""),
            "passing: " + ", ".join(f"#{nums.get(f, '?')} {counts[f]['pass']}" for f in self.families),
            _totals_text(self.totals()),
        ]

    def render(self, only_known: bool = False) -> str:
        """A plain-text table (the cells of `rows`) and its `notes`; ``only_known`` drops records
        with no pass or fail at all."""
        nums = {f.id: f.number for f in families()}
        rows = self.rows(only_known)
        width = max([len(r) for r, _ in rows] + [6])
        head = f"{'record':<{width}}" + "".join(f" {'#' + str(nums.get(f, '?')):>10}" for f in self.families)
        lines = [head, "-" * len(head)]
        lines += [f"{rec:<{width}}" + "".join(f" {c:>10}" for c in cells) for rec, cells in rows]
        return "\n".join([*lines, "", *self.notes()])

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        size = f"{len(self.records)} records x {len(self.families)} families"
        return f"<Scorecard {size}: {_totals_text(self.totals())}>"

    def _repr_html_(self) -> str:
        """Records by families, a column per family headed by its number (its id in the header's
        tooltip and in the key under the table), verdicts coloured with their evidence and marks;
        then each family's counts."""
        numbers = {f.id: f.number for f in families()}
        head = "".join(
            f"<th title='{escape(f)}' style='{STICKY}'>#{numbers.get(f, '?')}</th>" for f in self.families
        )
        rows = []
        for i, rec in enumerate(self.records):
            cells = "".join(
                _html_cell(res, m) for res, m in zip(self._row(i), self._member_row(i), strict=True)
            )
            rows.append(f"<tr><td>{escape(rec)}</td>{cells}</tr>")
        counts = self.counts()
        reads = dict(zip(self.families, self.readings, strict=False))
        key = "; ".join(
            f"#{numbers.get(f, '?')} <code>{escape(f)}</code>"
            + (f" ({escape(reads[f])})" if reads.get(f) else "")
            + ": "
            + _totals_text(counts[f])
            for f in self.families
        )
        return (
            f"<div style='max-height:40em;overflow:auto'><table style='{COMPACT}'>"
            f"<caption style='text-align:left'>Scorecard: {len(self.records)} records against "
            f"{len(self.families)} families</caption>"
            f"<thead><tr><th style='{STICKY}'>record</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>"
            f"<p style='max-width:60em'>Families (reading): {key}.<br/>{escape(_KEY)}</p>"
        )


_KEY = (
    "unknown = a needed value is missing (never counted as fail); no tgt = no target (the paper sets "
    "no property target for the family); n/a = not applicable, outside the target's scope. After a "
    "verdict, its evidence: /m measured, /i interpolated, /b bounded by a rule, /e estimated; then "
    "~ = marginal, ! = disputed by sources, * = a member of the family."
)
_MARK_KEY = (
    "~ = marginal (the margin is within the printed precision or a measurement uncertainty); "
    "! = disputed by sources"
)
_SHORT = {Verdict.NOT_APPLICABLE: "n/a", Verdict.NO_TARGET: "no tgt"}


def _short(v: Verdict) -> str:
    return _SHORT.get(v, v.value)


def _marks(marginal: bool, disputed: bool, member: bool = False) -> str:
    return ("~" if marginal else "") + ("!" if disputed else "") + ("*" if member else "")


def _html_cell(r: CheckResult, member: bool) -> str:
    """A notebook cell: the verdict on its colour with evidence and marks, the evidence in the tooltip."""
    title = escape(r.evidence.value if r.evidence else "")
    mark = _evidence_mark(r) + _marks(r.marginal, r.disputed, member)
    return f"<td title='{title}'>{verdict_cell(r.verdict.value, mark)}</td>"


def _evidence_mark(r: CheckResult) -> str:
    return "" if r.evidence is None else "/" + EVIDENCE_CODES[r.evidence]


def _cell(r: CheckResult, member: bool) -> str:
    """A plain-text cell: verdict, evidence letter, marks (``pass/b~*``)."""
    return _short(r.verdict) + _evidence_mark(r) + _marks(r.marginal, r.disputed, member)


def _totals_text(c: Mapping[str, int]) -> str:
    return (
        f"{c['pass']} pass, {c['fail']} fail, {c['unknown']} unknown, {c['no target']} no target, "
        f"{c['not applicable']} not applicable"
    )


def _criterion_lines(r: CriterionResult) -> list[str]:
    """The lines ``explain`` prints for one criterion."""
    ev = "" if r.evidence is None else f" ({r.evidence.value})"
    lines = [f"  [{r.verdict.value}] {r.criterion.text}{ev}", f"      {r.reason}"]
    if r.value is not None:
        lines.append(f"      value: {r.value.describe()}")
        lines.append(f"      source: {r.value.source.citation}")
    if r.margin is not None:
        # a zero threshold has no fraction (None): the margin alone, never "+nan%"
        frac = "" if r.margin_fraction is None else f" ({r.margin_fraction:+.1%})"
        lines.append(f"      margin: {format_quantity(r.margin, 4)}{frac}")
    if r.marginal:
        lines.append(
            f"      marginal: {r.marginal_reason or 'the margin is smaller than the precision printed'}"
        )
    if r.disputed:
        lines.append(f"      disputed by sources: {r.disputed}")
    if r.alternatives:
        lines.append(
            f"      {r.alternatives} other accepted value(s); "
            f"{r.alternatives_disagreeing} would give another verdict"
        )
    return lines
