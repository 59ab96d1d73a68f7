"""Material data out: cards and files for simulation tools, with the source of every number.

``export`` writes one or many records as

* ``abaqus`` (also ``calculix``): ``*MATERIAL`` cards (``*DENSITY``, ``*ELASTIC``,
  ``*CONDUCTIVITY``, ``*SPECIFIC HEAT``, ``*EXPANSION``);
* ``lsdyna``: ``*MAT_ELASTIC`` and ``*MAT_THERMAL_ISOTROPIC``;
* ``matml``: MatML 3.1 as Ansys Engineering Data imports it;
* ``csv`` and ``json``: one row per value with its provenance;

in the unit system ``SI`` (m, kg, s), ``mm-t-s`` (mm, t, s: N, MPa) or ``US`` (in, lbf, s). Each
file states its unit system, the kind of the values, the warning that typical values are not
design allowables, and the source and locator of every number. Values are never invented: a card
that needs a value the record lacks raises ``MissingDataError`` naming record and
property, unless ``partial=True``, which leaves the card out and says so in the file. Solver
decks (Abaqus, LS-DYNA) are strict by default; a MatML document is a material library and is
partial by default (Engineering Data asks for a missing property when a model needs it), so
``partial=False`` makes it strict.

Examples:
    >>> import mgalloys as mg
    >>> card = mg.export("AZ91D", to="abaqus", units="mm-t-s")
    >>> print(card[card.index("*MATERIAL"):])  # doctest: +ELLIPSIS
    *MATERIAL, NAME=AZ91D-F
    *DENSITY
    1.81e-09
    *ELASTIC
    45000.0, 0.35
    *CONDUCTIVITY
    45.19
    ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..bibliography import Source
from ..catalog import Catalog, alloy, get_catalog, with_catalog
from ..citations import csl_items
from ..errors import ExportError
from ..families import Family
from ..models import Alloy
from ..propertytable import properties
from ..values import Kind
from . import abaqus, lsdyna, matml, tabular
from ._core import (
    UNIT_SYSTEMS,
    Card,
    Material,
    UnitSystem,
    collect,
    header_lines,
    parse_kinds,
    source_lines,
    unit_system,
    writable,
)

__all__ = ["FORMATS", "UNIT_SYSTEMS", "UnitSystem", "export", "exported_sources", "unit_system"]

_CardWriter = Callable[[Sequence[tuple[Material, list[Card]]], Sequence[str], Sequence[str]], str]
_CARD_FORMATS: dict[str, tuple[tuple[Card, ...], _CardWriter]] = {
    "abaqus": (abaqus.CARDS, abaqus.write),
    "lsdyna": (lsdyna.CARDS, lsdyna.write),
    "matml": (matml.CARDS, matml.write),
}
_TABLES = {"abaqus", "matml"}  # formats that take per-temperature tables (curves)
#: Format names ``export`` accepts (and their aliases).
FORMATS = {
    "abaqus": "abaqus",
    "calculix": "abaqus",
    "ccx": "abaqus",
    "inp": "abaqus",
    "lsdyna": "lsdyna",
    "ls-dyna": "lsdyna",
    "dyna": "lsdyna",
    "matml": "matml",
    "ansys": "matml",
    "xml": "matml",
    "csv": "csv",
    "json": "json",
}


def _format(to: str) -> str:
    key = FORMATS.get(str(to).strip().lower().replace("_", "-"))
    if key is None:
        known = ", ".join(sorted(set(FORMATS.values())))
        raise ExportError(f"unknown export format {to!r}; known: {known} (aliases: {', '.join(FORMATS)})")
    return key


def _records(records: Any) -> list[Alloy]:
    """Names, Alloy objects, a Family (its members), a Catalog, or an iterable of these."""
    if isinstance(records, (str, Alloy, Family)):
        records = [records]
    out: list[Alloy] = []
    for r in records.records.values() if isinstance(records, Catalog) else records:
        if isinstance(r, Alloy):
            out.append(r)
        elif isinstance(r, str):
            out.append(alloy(r))
        elif isinstance(r, Family):
            out += get_catalog().select(family=r.id)
        else:
            raise ExportError(f"cannot export {type(r).__name__}: give names, Alloy objects or a family")
    if not out:
        raise ExportError("nothing to export: no records given")
    return list(dict.fromkeys(out))  # each record once, in the order given


def _prepare(
    records: Any, fmt: str, system: UnitSystem, kinds: tuple[Kind, ...], partial: bool | None
) -> list[tuple[Material, list[Card]]]:
    if partial is None:
        partial = fmt == "matml"  # a library document holds what is known; a deck must be complete
    if fmt in _CARD_FORMATS:
        cards = _CARD_FORMATS[fmt][0]
        props = list(dict.fromkeys(p for c in cards for p in c.needs))
        out = []
        for rec in _records(records):
            mat = collect(rec, props, system, kinds, tables=fmt in _TABLES)
            out.append((mat, writable(mat, cards, fmt, partial)))
        return out
    every = [p.id for p in properties()]
    return [(collect(rec, every, system, kinds), []) for rec in _records(records)]


@with_catalog
def export(
    records: Any,
    to: str = "abaqus",
    units: str | UnitSystem = "SI",
    *,
    kind: Kind | str | Iterable[Kind | str] | None = None,
    partial: bool | None = None,
    path: str | Path | None = None,
    catalog: Catalog | None = None,
) -> str:
    """Write records for a simulation tool; returns the text (also written to ``path`` if given).

    Args:
        records: a name, an ``Alloy``, a ``Family`` (its members),
            the catalog, or an iterable of names and Alloy objects.
        to: ``abaqus`` (= ``calculix``), ``lsdyna``, ``matml``, ``csv`` or ``json``.
        units: ``SI``, ``mm-t-s`` or ``US``.
        kind: the value kinds to use (default ``typical``); allowables only when asked, e.g.
            ``kind="b_basis"``. A ``range`` is refused: it has no single value for a card.
        partial: leave out the cards a record lacks values for (and say so in the file)
            instead of raising ``MissingDataError``. Default: strict for
            ``abaqus`` and ``lsdyna``, partial for ``matml``.
        path: a file to write.
        catalog: the catalog names are looked up in (default: the one in use, e.g. a user
            catalog from `mgalloys.load`).

    Examples:
        >>> import mgalloys as mg
        >>> "*MAT_ELASTIC" in mg.export(["AZ91D", "AM60B"], to="lsdyna", units="SI")
        True
    """
    fmt = _format(to)
    system = unit_system(units)
    kinds = parse_kinds(kind)
    prepared = _prepare(records, fmt, system, kinds, partial)
    mats = [m for m, _ in prepared]
    head = header_lines(system, kinds, __version__)
    if fmt == "csv":
        text = tabular.write_csv(mats, head)
    elif fmt == "json":
        text = tabular.write_json(mats, head, csl_items([s for m in mats for s in m.sources()]))
    else:
        text = _CARD_FORMATS[fmt][1](prepared, head, source_lines(mats))
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def exported_sources(
    records: Any,
    to: str = "abaqus",
    *,
    kind: Kind | str | Iterable[Kind | str] | None = None,
    partial: bool | None = None,
) -> tuple[Source, ...]:
    """The sources of exactly the numbers ``export`` writes with these arguments.

    Examples:
        >>> import mgalloys as mg
        >>> print(*(s.key for s in mg.exporters.exported_sources("AZ91D", to="lsdyna")))
        meridian-lightweight-alloys grmolding-diecasting mmta-2019-az91d-die-cast-thickness
    """
    prepared = _prepare(records, _format(to), UNIT_SYSTEMS["SI"], parse_kinds(kind), partial)
    seen: dict[str, Source] = {}
    for mat, cards in prepared:
        needed = {p for c in cards for p in c.needs} if _format(to) in _CARD_FORMATS else None
        for n in mat.used():
            if needed is None or n.property in needed:
                seen.setdefault(n.origin.source.key, n.origin.source)
    return tuple(seen.values())
