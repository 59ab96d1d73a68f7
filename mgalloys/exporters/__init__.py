"""Material data out: cards and files for simulation tools, with the source of every number.

``export`` writes one or many records as

* ``abaqus`` (also ``calculix``): ``*MATERIAL`` cards (``*DENSITY``, ``*ELASTIC``,
  ``*CONDUCTIVITY``, ``*SPECIFIC HEAT``, ``*EXPANSION``);
* ``lsdyna``: ``*MAT_ELASTIC`` and ``*MAT_THERMAL_ISOTROPIC``;
* ``matml``: MatML 3.1, valid against the MatML 3.1 schema (every property, curves as series);
* ``ansys``: MatML as Ansys Engineering Data imports it (its own dialect, not schema-valid);
* ``csv``: a plain table, one row per record, with value, source and provenance columns;
* ``json``: one object per value with its provenance, and the sources as CSL-JSON;

in the unit system ``SI`` (m, kg, s), ``mm-t-s`` (mm, t, s: N, MPa) or ``US`` (in, lbf, s). Each
file states its unit system, the kind of the values, the warning that typical values are not
design allowables, and the source and locator of every number. Values are never invented: a card
that needs a value the record lacks raises ``MissingDataError`` naming record and
property, unless ``partial=True``, which leaves the card out and says so in the file. Solver
decks (Abaqus, LS-DYNA) are strict by default; a MatML document is a material library and is
partial by default (Engineering Data asks for a missing property when a model needs it), so
``partial=False`` makes it strict. A record with nothing to write is never written empty: it
is left out and the file says so (strict: refused); a table keeps it as a row of empty cells.
A value that is not finite after conversion, or a Poisson's ratio outside (-1, 0.5), raises
``ExportValueError`` naming record and property. Each format is a module that registers itself
(``FORMATS``).

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

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import __version__
from ..bibliography import Source
from ..catalog import Catalog, alloy, get_catalog, with_catalog
from ..errors import ExportError
from ..families import Family
from ..models import Alloy
from ..values import Kind
from . import abaqus, ansys, lsdyna, matml, tabular  # each registers its formats
from ._core import (
    ALIASES,
    FORMATS,
    UNIT_SYSTEMS,
    Card,
    Document,
    Format,
    Material,
    UnitSystem,
    collect,
    header_lines,
    parse_kinds,
    unit_system,
    writable,
)

__all__ = ["FORMATS", "UNIT_SYSTEMS", "Format", "UnitSystem", "export", "exported_sources", "unit_system"]
_WRITERS = (abaqus, ansys, lsdyna, matml, tabular)  # imported for their registrations


def _format(to: str) -> Format:
    name = ALIASES.get(str(to).strip().lower().replace("_", "-"))
    if name is None:
        known = ", ".join(FORMATS)
        aliases = ", ".join(a for a in ALIASES if a not in FORMATS)
        raise ExportError(f"unknown export format {to!r}; known: {known} (aliases: {aliases})")
    return FORMATS[name]


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
    records: Any, fmt: Format, system: UnitSystem, kinds: tuple[Kind, ...], partial: bool | None
) -> Document:
    """The document to write: each record's numbers and cards; records with nothing to write
    left out (and named), or refused when strict."""
    partial = fmt.partial if partial is None else partial
    props = fmt.properties()
    accepted = "/".join(k.value for k in kinds)
    kept: list[tuple[Material, tuple[Card, ...]]] = []
    left_out: list[str] = []
    for rec in _records(records):
        mat = collect(rec, props, system, kinds, tables=fmt.tables)
        cards = tuple(writable(mat, fmt.cards, fmt.name, partial)) if fmt.cards is not None else ()
        if fmt.keeps_empty or (cards if fmt.cards is not None else mat.used()):
            kept.append((mat, cards))
            continue
        why = f"{rec.record_id}: no {accepted} value of any property {fmt.name} writes"
        if not partial:
            raise ExportError(
                f"{why}; values are never invented: pass partial=True (CLI: --partial) to leave it out"
            )
        left_out.append(why)
    if not kept:
        raise ExportError(f"nothing to export: {'; '.join(left_out)}")
    head = tuple(header_lines(system, kinds, __version__))
    return Document(tuple(kept), head, tuple(left_out), system, kinds)


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
        to: ``abaqus`` (= ``calculix``), ``lsdyna``, ``matml``, ``ansys``, ``csv`` or ``json``.
        units: ``SI``, ``mm-t-s`` or ``US``.
        kind: the value kinds to use (default ``typical``); allowables only when asked, e.g.
            ``kind="b_basis"``. A ``range`` is refused: it has no single value for a card.
        partial: leave out the cards a record lacks values for, and records with nothing to
            write (and say so in the file), instead of raising ``MissingDataError`` or
            ``ExportError``. Default: strict for ``abaqus`` and ``lsdyna``, partial for
            ``matml`` and ``ansys``.
        path: a file to write (UTF-8).
        catalog: the catalog names are looked up in (default: the one in use, e.g. a user
            catalog from `mgalloys.load`).

    Examples:
        >>> import mgalloys as mg
        >>> "*MAT_ELASTIC" in mg.export(["AZ91D", "AM60B"], to="lsdyna", units="SI")
        True
    """
    fmt = _format(to)
    doc = _prepare(records, fmt, unit_system(units), parse_kinds(kind), partial)
    text = fmt.write(doc)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8", newline="")  # as written: CSV's CRLF stays CRLF
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
    fmt = _format(to)
    doc = _prepare(records, fmt, UNIT_SYSTEMS["SI"], parse_kinds(kind), partial)
    seen: dict[str, Source] = {}
    for mat, cards in doc.materials:
        needed = {p for c in cards for p in c.needs} if fmt.cards is not None else None
        for n in mat.used():
            if needed is None or n.property in needed:
                seen.setdefault(n.origin.source.key, n.origin.source)
    return tuple(seen.values())
