"""The frontier: for each family and criterion, the best value known in the data and the gap.

For a family (under a reading) or any target, ``frontier`` gives, per criterion, the best
value among the records the target applies to (record, value, source, gap to the threshold;
a measured or interpolated value: a bound or an estimate is not a value known); the records
closest to meeting the whole target, ranked by their summed fractional shortfall (a record with
no known criterion is not ranked; a verdict reached by a rule of ``data/checks/rules.csv``
counts, and says so, unless ``strict``); and, for the unknowns among them, the measurement that
would settle each one.

Across every family, ``missing_pieces`` ranks the missing pieces of data (a record's property
under a criterion's conditions, an element's content, a scope term) by how many unknown verdicts
each alone would settle, and names the documents that may print each one: the data's search logs
(``data/searches/``), then the original works the record already cites.

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

import builtins
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from ._data import Row, read_tables
from ._html import escape, table, verdict_cell
from .alloylike import as_alloy, as_alloys
from .applicability import UNKNOWN as SCOPE_UNKNOWN
from .applicability import composition_outcome, scope_outcome
from .bibliography import SourceKind
from .catalog import Catalog, alloy, get_catalog, with_catalog
from .checking import check, resolve_threshold, scorecard
from .errors import DataError, MgAlloysError
from .evidence import Evidence, judge
from .families import Family, family
from .families import families as all_families
from .inputs import as_target, family_or_none, reading_of
from .models import Alloy
from .propertytable import default_properties, property_info
from .targets import Criterion, Scope, Target
from .units import format_quantity, quantity
from .verdicts import CheckResult, CriterionResult, Verdict

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Best", "DocumentLead", "Frontier", "MissingPiece", "frontier", "missing_pieces"]


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
        ev = "" if r.evidence is None else f" ({r.evidence.value})"
        return (
            f"{c.text}: best {format_quantity(self.result.compared, 4)} by {self.record} [{src}], "
            f"{r.verdict.value}{ev}, {gap}{frac}"
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
    strict: bool = False  #: checked on measured and interpolated values only

    def render(self) -> str:
        """Plain text: per criterion the best value, its record, source and gap; then the ranking."""
        head = f"Frontier of {self.target}" + (f" (reading: {self.reading})" if self.reading else "")
        lines = [head, f"  records in scope: {self.in_scope}"]
        lines += [f"  {b.line}" for b in self.best] or ["  (no property criteria)"]
        if self.closest:
            lines.append("  closest to meeting the whole target (by summed shortfall):")
            for r in self.closest:
                extra = f", {len(r.missing)} unknown" if r.missing else ""
                ev = "" if r.evidence is None else f" ({r.evidence.value})"
                flags = f" [{r.flags}]" if r.flags else ""
                lines.append(
                    f"    {r.alloy}: {r.verdict.value}{ev}{flags}, shortfall {r.shortfall:.1%}{extra}"
                )
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
                rows.append([crit, none, "", "", verdict_cell("unknown"), "", ""])
                continue
            gap = "" if r.margin is None else escape(format_quantity(r.margin, 4))
            if r.margin_fraction is not None and not math.isnan(r.margin_fraction):
                gap += f" ({r.margin_fraction:+.1%})"
            value = f"<span style='white-space:nowrap'>{escape(format_quantity(r.compared, 4))}</span>"
            sources = escape(", ".join(r.sources))
            ev = escape("" if r.evidence is None else r.evidence.value)
            mark = ("~" if r.marginal else "") + ("!" if r.disputed else "")
            rows.append(
                [crit, value, escape(b.record), sources, verdict_cell(r.verdict.value, mark), ev, gap]
            )
        reading = f", reading <code>{escape(self.reading)}</code>" if self.reading else ""
        scope = f"{self.in_scope} records in scope"
        caption = f"<b>Frontier</b> of <code>{escape(self.target)}</code>{reading}: {scope}"
        head = ["criterion", "best value", "record", "source", "verdict", "evidence", "gap"]
        out = table(head, rows, caption) if rows else f"<p>{caption}: no property criteria.</p>"
        if self.closest:
            near = [
                [
                    escape(c.alloy),
                    verdict_cell(c.verdict.value, ("~" if c.marginal else "") + ("!" if c.disputed else "")),
                    escape("" if c.evidence is None else c.evidence.value),
                    f"{c.shortfall:.1%}",
                    str(len(c.missing)),
                ]
                for c in self.closest
            ]
            out += table(
                ["record", "verdict", "evidence", "shortfall", "unknown criteria"],
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
                    "evidence": None if r is None or r.evidence is None else r.evidence.value,
                    "marginal": False if r is None else r.marginal,
                    "disputed": None if r is None else (r.disputed or None),
                    "gap": math.nan if r is None or r.margin is None else float(r.margin.magnitude),
                    "gap_fraction": math.nan if r is None or r.margin_fraction is None else r.margin_fraction,
                }
            )
        frame: pd.DataFrame = pd.DataFrame(rows)
        return frame


def _settle(a: str, r: CriterionResult) -> str:
    """What would settle an unknown criterion, in the words of a missing piece."""
    c = r.criterion
    kind: PieceKind = "composition" if c.is_composition else "property"
    return _piece_text(kind, a, c.property, _conditions(c))


@with_catalog
def frontier(
    target: Family | Target | str | int | Any,
    n: int = 5,
    alloys: Iterable[str | Alloy] | None = None,
    *,
    reading: str | None = None,
    strict: bool = False,
    catalog: Catalog | None = None,
) -> Frontier:
    """The frontier of a family (by number, id or ``Family``) or of any target.

    ``reading`` picks a family reading; ``n`` limits the closest records; ``alloys`` replaces the
    bundled records; ``strict`` ranks on measured and interpolated values only (as in
    ``check``); ``catalog`` (e.g. from `mgalloys.load`) the catalog they come from.
    """
    if reading is not None:
        if not isinstance(target, (Family, str, int)):
            raise MgAlloysError("a reading belongs to a family: give a family with reading=")
        target = family(target, reading=reading)
    t = as_target(target)
    pool = [as_alloy(a) for a in alloys] if alloys is not None else list(get_catalog().select())
    results = [check(a, t, strict=strict) for a in pool]
    in_scope = [r for r in results if r.scope_state == "in"]
    best = []
    for i, c in enumerate(t.criteria):
        # the best value known is a measured or interpolated one: a bound is not a value
        known = [
            (r.alloy, r.criteria[i])
            for r in in_scope
            if r.criteria[i].margin_fraction is not None and r.criteria[i].evidence in _KNOWN
        ]
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
        strict=strict,
    )


_KNOWN = (Evidence.MEASURED, Evidence.INTERPOLATED)


# --- the missing pieces: what to measure first, and where it may be printed ----------------------
PieceKind = Literal["property", "composition", "scope"]

#: Source kinds that repeat other publications' values: never named as the document to read.
REPEATING_KINDS = (SourceKind.compilation, SourceKind.stockist)
#: The properties a tensile test prints together: a search for "strength" tables covers all three.
TENSILE_TEST = ("tensile_strength", "yield_strength", "elongation")
#: Search-log topics about the room-temperature values of the default properties.
RT_TOPICS = ("target_properties", "room_temperature_values", "room_temperature_properties")
#: The columns of a search log (data/README.md, ``searches/*.csv``).
SEARCH_COLUMNS = ("record_id", "topic", "searched_for", "where", "result", "searched_on")


@dataclass(frozen=True, order=True)
class _Key:
    """One missing piece: a record's property (or element content, or scope term) under conditions."""

    record: str  # first: pieces that tie in the ranking are listed record by record
    kind: PieceKind
    property: str
    conditions: str = ""
    room_temperature: bool = True


class DocumentLead(BaseModel):
    """A document that may settle a missing piece, and on what grounds it is named.

    ``basis`` is ``searched`` when a row of the data's search logs (``data/searches/``) names it:
    the piece was looked for (``document``: what was sought) in ``searched_in`` on
    ``searched_on``, and ``found`` says what was there and what was missing; ``location`` is the
    log's file and line. It is ``cited`` when the record already cites the document (``document``:
    its citation, ``source`` its key) and ``found`` says what it prints for the record: not known to
    print the piece, but a datasheet or paper that prints one value often prints more. Sources that
    repeat others' values (compilations, stockists) are never named."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    document: str
    basis: Literal["searched", "cited"]
    found: str
    searched_in: str = ""
    searched_on: str = ""
    source: str | None = None
    location: str = ""


class MissingPiece(BaseModel):
    """One missing piece of data: a record's property under conditions (``kind`` ``property``), an
    element's content (``composition``) or a term of its scope (``scope``: product form, material
    class, temper), with the unknown verdicts it alone would decide (``settles``), every unknown
    verdict that waits on it (``needed_by``), and the documents that may print it (``leads``,
    searched ones first; empty: not known)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    kind: PieceKind
    record: str
    property: str
    conditions: str = ""
    settles: tuple[CheckResult, ...] = ()
    needed_by: tuple[CheckResult, ...] = ()
    leads: tuple[DocumentLead, ...] = ()

    @builtins.property  # the field ``property`` shadows the builtin in the class body
    def text(self) -> str:
        """``tensile_strength of WE43A-T6 somewhere in 250..400 °C (typical or range)``, ``RE
        content (wt%) of X``, ``product form of X``."""
        return _piece_text(self.kind, self.record, self.property, self.conditions)

    def __str__(self) -> str:
        return f"{self.text}: settles {len(self.settles)}, needed by {len(self.needed_by)}"


def _piece_text(kind: PieceKind, record: str, prop: str, conditions: str) -> str:
    if kind == "composition":
        return f"{prop} content ({conditions}) of {record}"
    return f"{prop} of {record}" + (f" {conditions}" if conditions else "")


def _conditions(c: Criterion) -> str:
    """The conditions a value must meet to serve ``c``: its temperature window, a superplastic
    test, its kinds (``typical or range``); a composition criterion's basis (``wt%``)."""
    if c.is_composition:
        return f"{c.basis}%"
    where = ""
    if property_info(c.property).temperature_dependent:
        single = c.temperature_min == c.temperature_max
        word = "throughout" if c.throughout else "at" if single else "somewhere in"
        where = "at room temperature" if c.room_temperature else f"{word} {c.window_text}"
    if c.superplastic:
        where += " in a superplastic test"
    # the kinds always: a record whose only value is a minimum still misses a typical one
    where += f" ({' or '.join(k.value for k in c.kinds)})"
    return where.strip()


def _criterion_keys(a: Alloy, r: CriterionResult) -> list[_Key]:
    """The pieces an unknown criterion waits on: the record's own value; for a threshold that
    names records without a value (``yield_strength >= AZ91D-F``), those records' values too."""
    c = r.criterion
    if c.is_composition:
        return [_Key(a.record_id, "composition", c.property, _conditions(c))]
    own = _Key(a.record_id, "property", c.property, _conditions(c), c.room_temperature)
    if not c.relative_to or r.threshold is not None:
        return [own]
    keys = []
    at_rt = _conditions(c.model_copy(update={"temperature_min": None, "temperature_max": None}))
    for name in c.relative_to:  # the threshold is unresolved: which named records lack the value
        if resolve_threshold(c.model_copy(update={"relative_to": (name,)}))[0] is None:
            keys.append(_Key(alloy(name).record_id, "property", c.property, at_rt))
    if judge(a, c, quantity(1.0, property_info(c.property).unit)).value is None:
        keys.append(own)
    return keys


def _scope_keys(a: Alloy, scope: Scope) -> list[_Key]:
    """The terms of ``scope`` the record leaves unknown (each judged alone)."""
    keys = []
    parts = (
        ("material class", Scope(classes=scope.classes)),
        ("product form", Scope(forms=scope.forms)),
        ("temper", Scope(tempers=scope.tempers)),
    )
    for what, part in parts:
        if not part.is_empty and scope_outcome(a, part)[0] == SCOPE_UNKNOWN:
            keys.append(_Key(a.record_id, "scope", what))
    for c in scope.composition:
        if composition_outcome(a, c)[0] == SCOPE_UNKNOWN:
            keys.append(_Key(a.record_id, "composition", c.property, _conditions(c)))
    return keys


def _needs(a: Alloy, t: Target, res: CheckResult) -> frozenset[_Key]:
    """The pieces an unknown verdict waits on: empty when it is not unknown, or when no piece of
    data would decide it (a target without criteria; a scope unknown for a reason no term names).

    A verdict unknown only for its scope waits on the scope when a criterion already fails (in
    scope it fails, out of it it does not apply); otherwise on the scope and the unknown criteria.
    A criterion decided (by a value or a bound) is never waited on."""
    if res.verdict is not Verdict.UNKNOWN or not res.criteria:
        return frozenset()
    crit = [k for r in res.criteria if r.verdict is Verdict.UNKNOWN for k in _criterion_keys(a, r)]
    if res.scope_state == "in":
        return frozenset(crit)
    scope = _scope_keys(a, t.scope)
    if not scope:
        return frozenset()
    if any(r.verdict is Verdict.FAIL for r in res.criteria):
        return frozenset(scope)
    return frozenset(scope + crit)


#: One call of `missing_pieces`: the search rows naming each grade, and what each record's sources
#: print (read once per call: both depend only on the catalog and the record, which are immutable).
_Seen = tuple[dict[str, list[tuple[str, Row]]], dict[str, dict[str, dict[str, list[str]]]]]


@with_catalog
def missing_pieces(
    targets: Iterable[Family | Target | str | int] | None = None,
    alloys: Iterable[str | Alloy] | None = None,
    *,
    catalog: Catalog | None = None,
) -> tuple[MissingPiece, ...]:
    """The missing pieces of data, ranked by how many unknown verdicts each would settle.

    Every record (``alloys``, default every record of the catalog) is checked against every
    target (``targets``, default every family under its default reading). Each unknown criterion
    names the piece it waits on: the record's property under the criterion's conditions, an
    element's content, or a scope term the record leaves open. A piece *settles* a verdict when the
    verdict is unknown only because of it; ``needed_by`` counts every verdict waiting on it. Ranked
    by verdicts settled, then verdicts waiting, then record and property. Each piece names the
    documents that may print it (`DocumentLead`): the data's search logs, then the sources the
    record already cites.

    Examples:
        >>> import mgalloys as mg
        >>> mine = mg.user_alloy({"uts": "320 MPa"}, name="mine", product_form="sand casting")
        >>> piece = mg.missing_pieces([8], [mine])[0]     # uts > 300 MPa and el > 10 % for castings
        >>> piece.text, [r.target for r in piece.settles]
        ('elongation of mine at room temperature (typical or range)', ['family high-strength-casting'])
    """
    fams = list(all_families()) if targets is None else [t for t in targets]
    pool = as_alloys(alloys) if alloys is not None else list(get_catalog().select())
    waiting: dict[_Key, list[CheckResult]] = {}
    alone: dict[_Key, list[CheckResult]] = {}
    for f, column in zip(fams, _columns(fams, pool), strict=True):
        t = as_target(f)
        for a, res in zip(pool, column, strict=True):
            if res.verdict is not Verdict.UNKNOWN:
                continue
            keys = _needs(a, t, res)
            for k in keys:
                waiting.setdefault(k, []).append(res)
            if len(keys) == 1:
                alone.setdefault(next(iter(keys)), []).append(res)
    order = sorted(waiting, key=lambda k: (-len(alone.get(k, ())), -len(waiting[k]), k))
    searches = _search_rows(get_catalog())
    records = {a.record_id: a for a in pool}
    seen: _Seen = ({}, {})  # one call's reading of each grade's search rows and record's sources
    return tuple(
        MissingPiece(
            kind=k.kind,
            record=k.record,
            property=k.property,
            conditions=k.conditions,
            settles=tuple(alone.get(k, ())),
            needed_by=tuple(waiting[k]),
            leads=_leads(records.get(k.record) or alloy(k.record), k, searches, seen),
        )
        for k in order
    )


def _columns(targets: Sequence[Family | Target | str | int], pool: list[Alloy]) -> list[list[CheckResult]]:
    """Each target's results on every record of ``pool``. The families among them are checked by
    one scorecard (column-wise: a scope or a room-temperature value several families share is
    judged once per record, and every cell equals the check alone); any other target is checked
    one record at a time. A family is checked as itself, so that a result names its reading."""
    fams = {i: f for i, t in enumerate(targets) if (f := family_or_none(t)) is not None}
    sc = scorecard(pool, list(fams.values())) if fams else None
    col = {i: j for j, i in enumerate(fams)}
    k = len(fams)
    return [
        list(sc.results[col[i] :: k]) if sc is not None and i in col else [check(a, t) for a in pool]
        for i, t in enumerate(targets)
    ]


def _search_rows(cat: Catalog) -> dict[str, list[tuple[str, Row]]]:
    """The search logs (``searches/``) of the catalog's folders, by the record id each row names
    (``""``: a row about a source or a grade): the bundled data's when the catalog holds bundled
    records, and a user's folder's own."""
    rows = read_tables("searches") if "data" in cat.origin.values() else []
    if isinstance(cat.root, Path):
        rows += read_tables("searches", cat.root, label=str(cat.root))
    out: dict[str, list[tuple[str, Row]]] = {}
    for where, row in rows:
        lacking = [c for c in SEARCH_COLUMNS if c not in row]
        if lacking:
            raise DataError(f"{where}: a search log without the column(s) {', '.join(lacking)}")
        out.setdefault(row["record_id"], []).append((where, row))
    return out


def _topic_fits(topic: str, k: _Key) -> bool:
    """Whether a search log's topic is about the piece: ``<property>_vs_temperature`` (``strength``:
    the tensile test's three) for a piece above room temperature, the room-temperature topics for a
    default property at room temperature, ``composition`` for an element, else the property id."""
    if k.kind == "composition":
        return topic == "composition"
    if k.kind == "scope":
        return topic == k.property.replace(" ", "_")
    if topic.endswith("_vs_temperature"):
        base = topic.removesuffix("_vs_temperature")
        about = base == k.property or (base == "strength" and k.property in TENSILE_TEST)
        return about and not k.room_temperature
    if topic in RT_TOPICS:
        return k.room_temperature and k.property in default_properties()
    return topic == k.property


def _names_grade(text: str, grade: str) -> bool:
    """Whether ``text`` names ``grade`` as a word of its own (``EZ33A`` in "AZ92A, EZ33A, QE22A";
    not ``AZ91`` in "AZ91C", nor ``Mg`` in "Mg-La")."""
    # the substring test first: most rows do not mention the grade at all, and it costs no regex
    return grade in text and re.search(rf"(?<![\w°-]){re.escape(grade)}(?![\w-])", text) is not None


def _searched(
    a: Alloy, k: _Key, rows: Mapping[str, list[tuple[str, Row]]], seen: _Seen
) -> list[DocumentLead]:
    """Search-log rows about the piece: the record's own first, then rows of no record whose text
    names its grade (``MIL-HDBK-5H chapter 4 ... for AZ31B, AZ61A``). A row of another record of
    the grade is not about this one (another temper or form, another document)."""
    own = [(w, r) for w, r in rows.get(k.record, ()) if _topic_fits(r["topic"], k)]
    graded = seen[0].get(a.grade)
    if graded is None:  # the rows naming a grade, found once per call (hundreds of pieces share few grades)
        graded = [(w, r) for w, r in rows.get("", ()) if _names_grade(r["searched_for"], a.grade)]
        seen[0][a.grade] = graded
    named = [(w, r) for w, r in graded if _topic_fits(r["topic"], k)]
    return [
        DocumentLead(
            document=row["searched_for"],
            basis="searched",
            found=row["result"],
            searched_in=row["where"],
            searched_on=row["searched_on"],
            location=where,
        )
        for where, row in (*own, *named)
    ]


def _printed(a: Alloy) -> dict[str, dict[str, list[str]]]:
    """What each source prints for the record: source key -> property (or ``composition``) ->
    the test temperatures, in data order."""
    out: dict[str, dict[str, list[str]]] = {}
    for v in a.property_values:
        if v.derived_from is None:
            temps = out.setdefault(v.source.key, {}).setdefault(v.property, [])
            if property_info(v.property).temperature_dependent:
                temps.append(v.conditions.temperature_label)
    for cv in a.series:
        out.setdefault(cv.source.key, {}).setdefault(cv.property, []).extend(p.label for p in cv.points)
    for row in a.composition:
        out.setdefault(row.source.key, {}).setdefault("composition", []).append(row.element)
    return out


def _cited(a: Alloy, k: _Key, seen: _Seen) -> list[DocumentLead]:
    """The record's own sources that are original works (not compilations or stockists), those
    printing the piece's property (at other conditions) or composition first, then by source kind
    (a maker's datasheet first); for a property, only sources that print some property."""
    sources = {s.key: s for s in a.sources()}
    printed = seen[1].get(a.record_id)
    if printed is None:  # once per record and call: a record waits on several pieces
        printed = seen[1][a.record_id] = _printed(a)
    topic = "composition" if k.kind == "composition" else k.property
    kinds = list(SourceKind)
    keys = [key for key in printed if key in sources and sources[key].kind not in REPEATING_KINDS]
    if k.kind == "property":  # a source that gives only the composition prints no property table
        keys = [key for key in keys if set(printed[key]) != {"composition"}]
    keys.sort(key=lambda key: (topic not in printed[key], kinds.index(sources[key].kind), key))
    leads = []
    for key in keys:
        what = "; ".join(_what(prop, labels) for prop, labels in printed[key].items())
        found = f"prints for {a.record_id}: {what}"
        leads.append(DocumentLead(document=sources[key].citation, basis="cited", found=found, source=key))
    return leads


def _what(prop: str, labels: list[str]) -> str:
    """``tensile_strength at RT, 200 °C``; ``composition (Al, Zn)``; ``solidus``."""
    shown = ", ".join(dict.fromkeys(labels))
    if not shown:
        return prop
    return f"{prop} ({shown})" if prop == "composition" else f"{prop} at {shown}"


def _leads(
    a: Alloy, k: _Key, rows: Mapping[str, list[tuple[str, Row]]], seen: _Seen
) -> tuple[DocumentLead, ...]:
    return (*_searched(a, k, rows, seen), *_cited(a, k, seen))
