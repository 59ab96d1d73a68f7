"""A record's datasheet as rows of text, one home for every view: ``mgalloys show``, the
notebook view (``Alloy._repr_html_``) and the site's alloy pages (``mgalloys site``, the docs).

Every view prints the same thing for a value: the range as published (``PropertyValue.shown``),
the same significant figures and unit spelling (``format_quantity``), the default marker and
the rule that chose it, the test temperature (``-`` for a property that is not measured at one)
and the source's conditions. Names, compositions, curve points and verdicts are written here too,
so that a change of wording reaches every view at once. Views only lay the rows out.

This module is a definition: it reads what a record holds and never reaches for the catalog or
the checks; the caller passes what those give (equivalents, check results), typed by the
protocols below.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from ._html import escape, link, linked_text, table
from .bibliography import Source, SourceKind
from .curves import Curve
from .propertytable import properties, property_info
from .units import format_quantity, unit_text
from .values import CompositionRange, PropertyValue, default_rank

__all__ = [
    "DATASHEET_HEAD",
    "DEFAULT_MARK",
    "DEFAULT_NOTE",
    "RANK_STEPS",
    "CheckLike",
    "CriterionLike",
    "Datasheet",
    "EquivalentLike",
    "composition_lines",
    "curve_rows",
    "datasheet_html",
    "datasheet_rows",
    "default_rule",
    "evidence_level",
    "name_rows",
    "verdict_rows",
]


class Datasheet(Protocol):
    """What a datasheet is made of: a record's values, and its default and ranked values of a
    property (an `mgalloys.Alloy` is one)."""

    @property
    def property_values(self) -> Sequence[PropertyValue]: ...

    def value(self, prop: str) -> PropertyValue | None: ...

    def values(self, prop: str, *, room_temperature: bool | None = None) -> Sequence[PropertyValue]: ...


#: What the ``default`` column's mark means (printed under the table in every view).
DEFAULT_MARK = "*"
#: The note under every datasheet table.
DEFAULT_NOTE = (
    f"{DEFAULT_MARK} = the default value (docs: concepts); '-' = not measured at a temperature; "
    "typical values are not design allowables"
)

#: What each step of ``values.default_rank`` prefers, in its order (a test holds the two in step).
RANK_STEPS = ("plausible", "measured", "kind", "precision", "source kind")

_SOURCE_WORDS = {
    SourceKind.user: "your own data",
    SourceKind.producer_datasheet: "a maker's datasheet",
    SourceKind.standard: "a standard",
    SourceKind.handbook: "a handbook",
    SourceKind.paper: "a paper",
    SourceKind.book: "a book",
    SourceKind.report: "a report",
    SourceKind.thesis: "a thesis",
    SourceKind.patent: "a patent",
    SourceKind.stockist: "a stockist",
    SourceKind.fabricator: "a fabricator",
    SourceKind.compilation: "a compilation",
}


def _pool(a: Datasheet, prop: str) -> Sequence[PropertyValue]:
    """The values the default is chosen among: room-temperature ones where the property is
    measured at a temperature (as ``Alloy.value`` does), all of them otherwise."""
    if property_info(prop).temperature_dependent:
        return a.values(prop, room_temperature=True)
    return a.values(prop)


def default_rule(a: Datasheet, prop: str) -> str:
    """Why the default value of ``prop`` is the one it is (the first step of the default-pick
    rule that sets it above the next value), or why there is none.

    Examples:
        >>> import mgalloys as mg
        >>> default_rule(mg.alloy("AZ91D"), "thermal_conductivity")
        'a paper before a fabricator (5 values)'
    """
    pool = _pool(a, prop)
    default = a.value(prop)
    if default is None:
        if pool:
            return "no default: every value fails a plausibility gate"
        return "no default: no value at room temperature"
    rivals = [v for v in pool if v is not default]
    if not rivals:
        return "the only value" + (" at room temperature" if len(a.values(prop)) > 1 else "")
    rival = rivals[0]
    counted = f" ({len(pool)} values)"
    for step, ours, theirs in zip(RANK_STEPS, default_rank(default), default_rank(rival), strict=True):
        if ours != theirs:
            return _step_words(step, default, rival) + counted
    return "first in file order among equally ranked values" + counted


def _step_words(step: str, default: PropertyValue, rival: PropertyValue) -> str:
    if step == "plausible":
        return "the others fail a plausibility gate"
    if step == "measured":
        return "measured before derived"
    if step == "kind":
        return f"{default.kind.value} before {rival.kind.value}"
    if step == "precision":
        return "a precise value before a two-figure rounding"
    return f"{_SOURCE_WORDS[default.source.kind]} before {_SOURCE_WORDS[rival.source.kind]}"


def datasheet_rows(a: Datasheet, units: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """Every value of ``a``, grouped by property in the property table's order, default first.

    ``units`` maps property ids to display units (``{"tensile_strength": "ksi"}``). ``rule`` is
    set on the first row of each property: why its default is the one marked (`default_rule`).
    """
    order = {p.id: i for i, p in enumerate(properties())}
    units = units or {}
    rows = []
    for prop in sorted({v.property for v in a.property_values}, key=order.__getitem__):
        info = property_info(prop)
        default = a.value(prop)
        rule = default_rule(a, prop)
        for i, v in enumerate(a.values(prop)):
            at = v.conditions.temperature_label if info.temperature_dependent else "-"
            rows.append(
                {
                    "property": prop,
                    "value": v.shown(units.get(prop)),
                    "kind": v.kind.value
                    + (" (derived)" if v.derived_from else "")
                    + (f"; implausible, never the default: {v.implausible}" if v.implausible else ""),
                    "at": at,
                    "default": DEFAULT_MARK if v is default else "",
                    "conditions": v.conditions.note,
                    "source": v.source.key,
                    "where": v.locator,
                    "rule": rule if i == 0 else "",
                }
            )
    return rows


#: The datasheet table's columns, in every HTML view.
DATASHEET_HEAD = ["property", "", "value", "kind", "at", "source", "where, conditions"]


def datasheet_html(
    a: Datasheet,
    sources: Mapping[str, Source],
    *,
    caption: str = "",
    rules: bool = False,
    units: Mapping[str, str] | None = None,
) -> str:
    """The datasheet as an HTML table (the notebook view's and the site's).

    ``sources`` maps the keys the rows cite to their sources (linked where they have an
    address); ``caption`` is HTML. ``rules`` adds a heading row above each property: its name,
    unit and the rule that chose its default (the site's pages).
    """
    rows: list[list[str]] = []
    heads: dict[int, str] = {}
    for r in datasheet_rows(a, units):
        if rules and r["rule"]:
            info = property_info(r["property"])
            unit = (units or {}).get(info.id) or info.label or unit_text(info.canonical_unit)
            heads[len(rows)] = (
                f"<b>{escape(info.name)}</b> ({escape(unit)}): default by rule: {escape(r['rule'])}"
            )
        src = sources[r["source"]]
        where = ", ".join(x for x in (r["where"], r["conditions"]) if x)
        rows.append(
            [
                escape(r["property"]),
                r["default"],
                f"<span style='white-space:nowrap'>{escape(r['value'])}</span>",
                escape(r["kind"]),
                f"<span style='white-space:nowrap'>{escape(r['at'])}</span>",
                link(src.url, src.key),
                linked_text(where),
            ]
        )
    return table(DATASHEET_HEAD, rows, caption, row_heads=heads)


class EquivalentLike(Protocol):
    """Another name of a grade with its source (an `mgalloys.Equivalent` is one)."""

    @property
    def equivalent(self) -> str: ...

    @property
    def scheme(self) -> str: ...

    @property
    def relation(self) -> str: ...

    @property
    def source(self) -> Source: ...

    @property
    def locator(self) -> str: ...

    @property
    def note(self) -> str: ...


def name_rows(names: Sequence[EquivalentLike]) -> list[dict[str, str]]:
    """One row per other name (``mg.equivalents``): the name, its scheme, how it relates to the
    grade (identical, nearest, former name), its source and where in it."""
    return [
        {
            "name": e.equivalent,
            "scheme": e.scheme.replace("_", " "),
            "relation": e.relation.replace("_", " "),
            "source": e.source.key,
            "where": ", ".join(x for x in (e.locator, e.note) if x),
        }
        for e in names
    ]


def _content(c: CompositionRange, base_element: str | None) -> str:
    if c.min is not None and c.max is not None:
        return f"{c.min:g}-{c.max:g}"
    if c.max is not None:
        return f"<={c.max:g}"
    if c.min is not None:
        return f">={c.min:g}"
    if c.nominal is not None:
        return f"{c.nominal:g}"
    return "balance" if c.element == base_element else "?"  # no amount: the balance, or present


def composition_lines(
    composition: Sequence[CompositionRange], base_element: str | None = None
) -> list[tuple[str, str]]:
    """One ``(source key, text)`` per source: the composition as that source specifies it, in
    wt.% (``'Al 8.3-9.7, Mn 0.15-0.5'``; ``balance`` for the record's base element named without
    an amount, ``?`` for another element named without one)."""
    by_source: dict[str, list[str]] = {}
    for c in composition:
        by_source.setdefault(c.source.key, []).append(f"{c.element} {_content(c, base_element)}")
    return [(key, ", ".join(parts)) for key, parts in by_source.items()]


def curve_rows(curve: Curve) -> list[dict[str, str]]:
    """The points of one curve: temperature and value as every view prints them, the value as
    published, how it was read (printed or read off a plot), where in the source."""
    return [
        {
            "at": p.label,
            "value": format_quantity(p.value, 4),
            "published": p.published,
            "reading": p.reading,
            "where": ", ".join(x for x in (p.locator, p.note) if x),
        }
        for p in curve.points
    ]


class _Text(Protocol):
    @property
    def text(self) -> str: ...


class CriterionLike(Protocol):
    """One criterion's outcome (an `mgalloys.CriterionResult` is one)."""

    @property
    def criterion(self) -> _Text: ...

    @property
    def verdict(self) -> object: ...

    @property
    def value(self) -> PropertyValue | None: ...

    @property
    def reason(self) -> str: ...

    @property
    def marginal(self) -> bool: ...

    @property
    def marginal_reason(self) -> str: ...

    @property
    def disputed(self) -> str: ...

    @property
    def evidence(self) -> object: ...

    @property
    def rule(self) -> str: ...


class CheckLike(Protocol):
    """A record's result against a family (an `mgalloys.CheckResult` is one)."""

    @property
    def verdict(self) -> object: ...

    @property
    def reading(self) -> str: ...

    @property
    def scope_reason(self) -> str: ...

    @property
    def criteria(self) -> Sequence[CriterionLike]: ...

    @property
    def evidence(self) -> object: ...

    @property
    def flags(self) -> str: ...


def _word(value: object) -> str:
    """An enum's value (a verdict, an evidence level) as text; empty for None."""
    return "" if value is None else str(getattr(value, "value", value))


def evidence_level(result: CheckLike | CriterionLike) -> str:
    """What a verdict rests on: ``measured``, ``interpolated``, ``bounded`` or ``estimated``;
    empty when it is undecided (the one place every view reads it from)."""
    return _word(result.evidence)


def _criterion_line(c: CriterionLike) -> str:
    head = "; ".join(x for x in (_word(c.verdict), evidence_level(c), "marginal" if c.marginal else "") if x)
    used = "no value" if c.value is None else c.value.describe()
    notes = [c.reason]
    if c.marginal and c.marginal_reason:
        notes.append(f"marginal: {c.marginal_reason}")
    if c.disputed:
        notes.append(f"disputed by sources: {c.disputed}")
    if c.rule:
        notes.append(f"rule: {c.rule}")
    return f"[{head}] {c.criterion.text}: {used}. " + "; ".join(n for n in notes if n)


def verdict_rows(results: Sequence[CheckLike]) -> list[dict[str, str]]:
    """One row per result: its verdict, reading, evidence level, flags (marginal, disputed),
    scope, and one line per criterion: its verdict and evidence, the value it was judged on
    (kind, test temperature, source) and why."""
    return [
        {
            "verdict": _word(r.verdict),
            "reading": r.reading,
            "evidence level": evidence_level(r),
            "flags": r.flags,
            "scope": r.scope_reason,
            "criteria": "\n".join(_criterion_line(c) for c in r.criteria),
        }
        for r in results
    ]
