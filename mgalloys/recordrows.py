"""The checked rows of data folders and the records built from them.

`Loaded` holds the rows the loader (`mgalloys.loader`) read and checked, one reader per table
(`TABLES`, in load order: a value names a record, a record's values and compositions cite
sources); `Loaded.build` turns one record's rows into its `mgalloys.Alloy`. The bundled data's
index (`mgalloys.indexedrows`) feeds the same readers from the rows it holds, so that a record
answers the same from the index as from the CSV files.

Names are matched as `mgalloys.names.name_key` and `mgalloys.names.fold` read them (``az91d-f`` is
``AZ91D-F``). A user's record or value row that touches an earlier layer's record is an error
unless the layer shadows: then a record replaces the earlier one and its values, and values join
it (and, of source kind ``user``, come first). Composition, alias and equivalents rows are about a
grade: they apply to the grade's records of their own and later layers (a user's record of a
bundled grade gets the bundled composition), and to earlier layers' records only when their
layer shadows.
"""

from __future__ import annotations

import difflib
import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol

from ._data import Row, Traversable
from .bibliography import SOURCE_COLUMNS, Source, source_from_row
from .curvefiles import CURVE_COLUMNS, CURVE_REQUIRED, curves_from_rows
from .curves import Curve
from .elementterms import base_of_class, element_groups, is_composition_token, row_members
from .errors import DataError, FamilyNotFoundError
from .familytags import family_tag
from .models import Alloy
from .names import fold, name_key
from .strictcsv import cell, cell_error
from .valuerows import ValueReader, opt_float
from .values import Alias, CompositionRange, Conditions, Equivalent, PropertyValue

__all__ = [
    "EQUIVALENT_RELATIONS",
    "EQUIVALENT_SCHEMES",
    "TABLES",
    "FileCount",
    "Judged",
    "Judges",
    "Layer",
    "Loaded",
    "RecordRows",
    "TableSpec",
    "no_cycle_collection",
    "split",
]

EQUIVALENT_SCHEMES = ("GB", "ASTM", "EN", "ISO", "JIS", "GOST", "UNS", "trade_name")
EQUIVALENT_RELATIONS = ("identical", "nearest", "former_name")

#: A record's values that fail a plausibility gate (by position, with the reason) and its family
#: membership (``(family id, how)``), as the bundled data's index holds them.
Judged = tuple[dict[int, str], tuple[tuple[str, str], ...]]


class Judges(NamedTuple):
    """How a record built from rows is judged when nothing holds its `Judged` yet: the values
    (of the record ``spec`` describes, with its composition) that fail a plausibility gate, and
    its family membership (the loader's `JUDGES`)."""

    gates: Callable[[list[PropertyValue], tuple[CompositionRange, ...], dict[str, Any]], dict[int, str]]
    membership: Callable[[Alloy], tuple[tuple[str, str], ...]]


# A NamedTuple rather than a frozen dataclass: as immutable and typed, and its class is built in a
# quarter of the time on import (every cold start pays for it).
class Layer(NamedTuple):
    """One data folder to read: its root, the label its errors use, and how it joins the others.

    ``default_source_kind`` fills an empty or missing ``kind`` of a source row (a user's folder:
    ``user``); ``shadow`` lets its records replace loaded records of the same id. ``deferred``
    converts a record's values when the record is first built instead of on load: for the bundled
    data only, which the test suite checks whole, so that a first lookup converts one record's
    values, not all of them; a user's folder is checked whole on load, so its errors show at once.
    """

    root: Traversable
    label: str = "data"
    shadow: bool = False
    default_source_kind: str | None = None
    deferred: bool = False


class RecordRows(Protocol):
    """What a catalog builds its records from: the checked rows of data folders (`Loaded`), or
    the bundled data's index (`mgalloys.indexedrows`)."""

    @property
    def origin(self) -> dict[str, str]:
        """Record id -> the label of its layer (``data``: bundled)."""

    @property
    def source_origin(self) -> dict[str, str]:
        """Source key -> the label of its layer."""

    def specs(self) -> dict[str, dict[str, Any]]:
        """Record id -> its fields: at least ``grade``, ``temper`` and ``aliases``, in file order."""

    def build(self, record_id: str, spec: dict[str, Any]) -> Alloy:
        """The record's model."""

    def grade_defaults(self) -> set[str]:
        """The records a bare grade resolves to."""

    def equivalents_of(self, record_id: str, grade: str) -> list[Equivalent]:
        """The ``equivalents/`` rows that apply to the record."""

    def bibliography(self) -> Mapping[str, Source]:
        """Every source, read-only."""

    def unused_sources(self) -> set[str]:
        """Source keys that no row cites."""


# (a NamedTuple for the same reason as Layer)
class FileCount(NamedTuple):
    """What was read from one file: rows, the lines of the file, blank lines among them."""

    label: str
    layer: str
    rows: int
    lines: int
    blank: int


class Loaded:
    """The validated rows of every layer, ready for the catalog.

    A plain class, not a dataclass: it is built once per load, and its generated methods (equality,
    a repr of every row) were never used, while generating them cost every cold start a
    millisecond and a half."""

    def __init__(
        self,
        *,
        layer: Layer | None = None,
        layers: dict[str, int] | None = None,
        judges: Judges | None = None,
    ) -> None:
        self.sources: dict[str, Source] = {}
        self.records: dict[str, tuple[str, Row]] = {}
        self.values: dict[str, list[dict[str, Any]]] = {}
        self.pending: dict[str, list[tuple[str, Row]]] = {}  # converted when built
        self.checked: dict[str, int] = {}  # pending rows of layers checked on load
        self.vouched: set[str] = set()  # rows of the table being read checked column-wise
        self.compositions: dict[str, list[dict[str, Any]]] = {}
        self.aliases: dict[str, list[dict[str, Any]]] = {}
        self.equivalents: dict[str, list[tuple[int, Equivalent]]] = {}
        self.used_sources: set[str] = set()
        self.origin: dict[str, str] = {}  # record id -> label of its layer
        self.source_origin: dict[str, str] = {}  # source key -> label of its layer
        self.keys: dict[str, str] = {}  # name_key(record id) -> record id
        self.source_keys: dict[str, str] = {}  # fold(source key) -> source key
        self.files: list[FileCount] = []
        self.grade_rows: dict[tuple[str, int], str] = {}  # (grade key, layer) -> a row
        self.layers: dict[str, int] = {} if layers is None else layers  # label -> position
        self.shadows: set[int] = set()  # positions of the layers that shadow
        self.layer = layer
        self.curves: dict[str, list[tuple[str, Row]]] = {}  # checked curves/ rows
        self.judges = judges  # how a record is judged when nothing holds its Judged (the loader's)
        self.reader = ValueReader(self.source)

    @property
    def label(self) -> str:
        return self.layer.label if self.layer else "data"

    def applies(self, layer: int, record_id: str) -> bool:
        """Whether a grade's row of ``layer`` (a position) applies to the record."""
        return layer <= self.layers[self.origin[record_id]] or layer in self.shadows

    def equivalents_of(self, record_id: str, grade: str) -> list[Equivalent]:
        return [e for i, e in self.equivalents.get(name_key(grade), ()) if self.applies(i, record_id)]

    def source(self, where: str, row: Row) -> Source:
        """The source a row cites, marked as used; an unknown key names the closest known ones."""
        key = row.get("source", "")
        src = self.sources.get(key) or self.sources.get(self.source_keys.get(fold(key), ""))
        if src is None:
            close = difflib.get_close_matches(key, list(self.sources), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            label = self.label
            place = "data/sources/" if label == "data" else f"{label}/sources/ nor in data/sources/"
            raise cell_error(where, row, "source", f"source {key!r} is not in {place}{hint}")
        self.used_sources.add(src.key)
        return src

    def touches(self, where: str, row: Row, column: str, owner: str) -> None:
        """Refuse a row of this layer about ``owner``'s record or grade, from an earlier layer,
        unless the layer shadows."""
        if owner == self.label or (self.layer is not None and self.layer.shadow):
            return
        place = "the bundled data" if owner == "data" else owner
        raise cell_error(
            where,
            row,
            column,
            f"{row.get(column, '')!r} is a {column.replace('_', ' ')} of {place} "
            "(names match ignoring case, spaces, hyphens and look-alike characters); load with "
            "shadow=True to change what it says (your values then come first: source kind 'user' "
            "ranks first), or give yours another name",
        )

    # --- what the catalog takes -----------------------------------------------------------
    def specs(self) -> dict[str, dict[str, Any]]:
        """Record id -> the fields of its `mgalloys.Alloy` (checked, not yet models)."""
        grades: dict[str, list[str]] = {}
        for rid, (_, row) in self.records.items():
            grades.setdefault(name_key(row["grade"]), []).append(rid)
        for (gkey, layer), where in self.grade_rows.items():
            rids = grades.get(gkey, [])
            if not any(self.applies(layer, r) for r in rids):
                hint = (
                    ": a grade of earlier data only; add a record of it to this folder, or load with "
                    "shadow=True to add the row to the earlier records"
                    if rids
                    else ", which no record has"
                )
                raise DataError(f"{where}{hint}")
        return {rid: self.spec(rid) for rid in self.records}

    def spec(self, rid: str) -> dict[str, Any]:
        """The fields of one record's `mgalloys.Alloy` (checked, not yet a model)."""
        where, row = self.records[rid]
        grade = row["grade"]
        gkey = name_key(grade)
        return {
            "record_id": rid,
            "grade": grade,
            "temper": row.get("temper") or None,
            "product_form": row.get("product_form") or None,
            "material_class": row.get("material_class") or None,
            "process_route": row.get("process_route") or None,
            "base_element": _base(where, row),
            "families": tuple(split(row.get("families", ""))),
            "family_basis": row.get("family_basis", ""),
            "description": row.get("description", ""),
            "composition": [
                _public(c) for c in self.compositions.get(gkey, []) if self.applies(c["layer"], rid)
            ],
            "aliases": [_public(a) for a in self.aliases.get(gkey, []) if self.applies(a["layer"], rid)],
        }

    def held_values(self) -> int:
        """The value rows of the layers checked on load that the records hold."""
        return sum(self.checked.values())

    def values_of(self, record_id: str) -> list[dict[str, Any]]:
        """The record's values in file order, converted now (each row was checked on load,
        or, of a deferred layer, is checked by the tests)."""
        out: list[dict[str, Any]] = []
        for where, row in self.pending.get(record_id, ()):
            self.reader.add(out, where, row, self.records[record_id][1])
        return out + self.values[record_id]

    def series_of(self, record_id: str) -> tuple[Curve, ...]:
        """The record's curves from its ``curves/`` rows."""
        return tuple(curves_from_rows(record_id, self.curves.get(record_id, ()), self.source))

    def build(self, record_id: str, spec: dict[str, Any], judged: Judged | None = None) -> Alloy:
        """The record's model: its values, curves, plausibility gates and family membership
        (``judged``: those two as the bundled data's index holds them, else found now by
        `judges`)."""
        found = judged if judged is not None else self.judges
        if found is None:
            raise DataError(f"record {record_id!r} cannot be built: its rows were read without judges")
        return _record(spec, self.values_of(record_id), self.series_of(record_id), found)

    def grade_defaults(self) -> set[str]:
        """The records a bare grade resolves to; a grade with two of them is an error."""
        found: dict[str, str] = {}
        for rid, (where, row) in self.records.items():
            if row.get("grade_default", "").lower() != "yes":
                continue
            first = found.setdefault(name_key(row["grade"]), rid)
            if first != rid:
                raise DataError(
                    f"{cell(where, row, 'grade_default')}: grade {row['grade']!r} has several "
                    f"grade_default records: {[first, rid]}"
                )
        return set(found.values())

    def bibliography(self) -> Mapping[str, Source]:
        """Every source of every layer, read-only."""
        return MappingProxyType(self.sources)

    def unused_sources(self) -> set[str]:
        """Source keys that no value, curve, composition, alias or equivalents row cites."""
        return set(self.sources) - self.used_sources


# --- small parsers ------------------------------------------------------------------------
def _base(where: str, row: Row) -> str | None:
    """The record's base (balance) element: its ``base_element`` cell, else what its material
    class states; a cell that contradicts the class, or is no element symbol, is an error."""
    stated = row.get("base_element", "").strip()
    implied = base_of_class(row.get("material_class") or None)
    if not stated:
        return implied
    if not is_composition_token(stated) or stated in element_groups():
        raise cell_error(where, row, "base_element", f"{stated!r} is not an element symbol")
    if implied is not None and stated != implied and row.get("material_class"):
        raise cell_error(
            where,
            row,
            "base_element",
            f"{stated!r} contradicts the material class {row.get('material_class')!r}, "
            f"whose base is {implied}",
        )
    return stated


def split(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "layer"}


# --- one reader per table ------------------------------------------------------------------
def _source_row(state: Loaded, where: str, row: Row) -> None:
    default_kind = state.layer.default_source_kind if state.layer else None
    if default_kind and not row.get("kind"):
        row = {**row, "kind": default_kind}
    src = source_from_row(where, row)
    first = state.source_keys.setdefault(fold(src.key), src.key)
    if first != src.key:
        raise cell_error(
            where,
            row,
            "key",
            f"source key {src.key!r} is the key {first!r} of another source "
            "(keys match ignoring case and look-alike characters); give it another key",
        )
    old = state.sources.get(src.key)
    if old is not None and old != src:
        raise cell_error(where, row, "key", f"source key {src.key!r} is defined twice with different fields")
    state.sources[src.key] = src
    state.source_origin.setdefault(src.key, state.label)


def _record_row(state: Loaded, where: str, row: Row) -> None:
    rid = row.get("record_id", "")
    key = name_key(rid)
    if not key:
        raise cell_error(where, row, "record_id", "record without record_id")
    if not row.get("grade"):
        raise cell_error(where, row, "grade", f"record {rid!r} has no grade")
    label = state.label
    old = state.keys.get(key)
    if old is not None:
        first, same_layer = state.records[old][0], state.origin.get(old) == label
        if same_layer or not (state.layer and state.layer.shadow):
            same = (
                ""
                if old == rid
                else f" (as {old!r}: ids match ignoring case, spaces, hyphens and look-alikes)"
            )
            hint = "" if same_layer else "; load with shadow=True to replace it"
            raise cell_error(
                where, row, "record_id", f"record {rid!r} is defined twice{same} (first at {first}){hint}"
            )
        del state.records[old], state.values[old], state.pending[old], state.curves[old], state.origin[old]
        state.checked.pop(old, None)
    for fam in split(row.get("families", "")):
        try:
            family_tag(fam)
        except FamilyNotFoundError as exc:
            raise cell_error(where, row, "families", str(exc)) from None
    state.records[rid] = (where, row)
    state.keys[key] = rid
    state.values[rid] = []  # a shadowing record drops the values of the one it replaces
    state.pending[rid] = []
    state.curves[rid] = []  # a shadowing record drops the curves of the one it replaces too
    state.origin[rid] = label


def _owner(state: Loaded, where: str, row: Row, what: str = "value") -> str:
    """The id of the record a value or curve row names (matched as lookups match names)."""
    text = row.get("record_id", "")
    rid = text if text in state.records else state.keys.get(name_key(text))
    if rid is None:
        close = difflib.get_close_matches(text, list(state.records), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise cell_error(where, row, "record_id", f"{what} for unknown record {text!r}{hint}")
    state.touches(where, row, "record_id", state.origin[rid])
    return rid


def _value_row(state: Loaded, where: str, row: Row) -> None:
    """A value row, converted when its record is first built; a user's row is checked now (by
    its table's column-wise check when that vouched for it: `ValueReader.vouch`)."""
    rid = _owner(state, where, row)
    if where in state.vouched:
        pass  # its source too: the first row of its kind cited the same source, and was read
    elif state.layer is not None and state.layer.deferred:
        state.source(where, row)  # known, and counted as used, on load
    else:
        state.reader.add([], where, row, state.records[rid][1])  # an error shows on load
    if not (state.layer is not None and state.layer.deferred):
        state.checked[rid] = state.checked.get(rid, 0) + 1
    state.pending[rid].append((where, row))


def _curve_row(state: Loaded, where: str, row: Row) -> None:
    rid = _owner(state, where, row, "curve point")
    state.source(where, row)  # known, and counted as used, on load
    state.curves[rid].append((where, row))


def _grade(state: Loaded, where: str, row: Row, table: str) -> tuple[str, int]:
    """The key of the grade a composition, alias or equivalents row names, and the row's layer
    (whether it applies to a record is settled in `Loaded.specs`)."""
    key = (name_key(row.get("grade", "")), state.layers[state.label])
    state.grade_rows.setdefault(
        key, f"{cell(where, row, 'grade')}: {table} row names grade {row.get('grade')!r}"
    )
    return key


def _composition_row(state: Loaded, where: str, row: Row) -> None:
    if not row.get("grade") or not row.get("element"):
        column = "element" if row.get("grade") else "grade"
        raise cell_error(where, row, column, "a composition row needs a grade and an element")
    try:
        row_members(row["element"])  # an element, a group, a sum ('Ce+La') or an Others row
    except DataError as exc:
        raise cell_error(where, row, "element", str(exc)) from None
    lo, hi, nominal = (opt_float(where, row, c) for c in ("min", "max", "nominal"))
    if lo is not None and hi is not None and hi < lo:
        raise cell_error(where, row, "max", f"max {hi} is below min {lo}")
    for column, x in (("min", lo), ("max", hi), ("nominal", nominal)):
        if x is not None and not 0 <= x <= 100:
            raise cell_error(where, row, column, "a composition is in wt.% between 0 and 100")
    gkey, layer = _grade(state, where, row, "composition")
    state.compositions.setdefault(gkey, []).append(
        {
            "layer": layer,
            "element": row["element"],
            "min": lo,
            "max": hi,
            "nominal": nominal,
            "source": state.source(where, row),
            "locator": row.get("locator", ""),
            "note": row.get("note", ""),
        }
    )


def _alias_row(state: Loaded, where: str, row: Row) -> None:
    for column in ("grade", "alias", "scheme"):
        if not row.get(column):
            raise cell_error(where, row, column, "an alias row needs grade, alias and scheme")
    gkey, layer = _grade(state, where, row, "alias")
    state.aliases.setdefault(gkey, []).append(
        {
            "layer": layer,
            "alias": row["alias"],
            "scheme": row["scheme"],
            "source": state.source(where, row),
            "locator": row.get("locator", ""),
            "note": row.get("note", ""),
        }
    )


def _equivalent_row(state: Loaded, where: str, row: Row) -> None:
    for column in ("grade", "equivalent"):
        if not row.get(column):
            raise cell_error(where, row, column, "an equivalents row needs a grade and an equivalent")
    for column, known in (("scheme", EQUIVALENT_SCHEMES), ("relation", EQUIVALENT_RELATIONS)):
        if row.get(column, "") not in known:
            raise cell_error(
                where, row, column, f"unknown {column} {row.get(column, '')!r} (known: {', '.join(known)})"
            )
    gkey, layer = _grade(state, where, row, "equivalents")
    eq = Equivalent.model_construct(
        grade=row["grade"],
        equivalent=row["equivalent"],
        scheme=row["scheme"],
        relation=row["relation"],
        source=state.source(where, row),
        locator=row.get("locator", ""),
        note=row.get("note", ""),
    )
    state.equivalents.setdefault(gkey, []).append((layer, eq))


RowReader = Callable[[Loaded, str, Row], None]


# (a NamedTuple for the same reason as Layer)
class TableSpec(NamedTuple):
    """One table of a data folder: its sub-folder, its row reader, the columns its header must
    have and those it may have besides (any other column is an error: a misspelled ``unti``
    would otherwise leave every unit empty)."""

    folder: str
    reader: RowReader
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def known(self) -> tuple[str, ...]:
        """Every column the table may have."""
        return (*self.required, *(c for c in self.optional if c not in self.required))


_RECORD_COLUMNS = ("temper", "product_form", "grade_default", "families", "family_basis", "description",
                   "material_class", "process_route", "base_element")  # fmt: skip

#: The tables of a data folder in load order. Extend it to load a new table.
TABLES: list[TableSpec] = [
    TableSpec("sources", _source_row, ("key", "title"), SOURCE_COLUMNS),
    TableSpec(
        "records",
        _record_row,
        ("record_id", "grade"),
        _RECORD_COLUMNS,
    ),
    TableSpec(
        "values",
        _value_row,
        ("record_id", "property", "value", "unit", "kind", "test_temperature", "source"),
        ("value_max", "strain_rate", "conditions", "locator", "note", "thickness", "direction"),
    ),
    TableSpec("curves", _curve_row, CURVE_REQUIRED, CURVE_COLUMNS),
    TableSpec(
        "compositions",
        _composition_row,
        ("grade", "element", "source"),
        ("min", "max", "nominal", "locator", "note"),
    ),
    TableSpec("aliases", _alias_row, ("grade", "alias", "scheme", "source"), ("locator", "note")),
    TableSpec(
        "equivalents",
        _equivalent_row,
        ("grade", "equivalent", "scheme", "relation", "source"),
        ("locator", "note"),
    ),
]


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Build long-lived rows without the cycle collector running.

    The rows become long-lived dicts and tuples without reference cycles: the cycle collector
    would rescan them again and again while they are built (about a third of the load time of
    a 100,000-value folder, and as much again while the catalog indexes them), and finds nothing
    to free."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# --- records ---------------------------------------------------------------------------------
def _record(
    spec: dict[str, Any],
    property_values: list[dict[str, Any]],
    series: tuple[Curve, ...],
    judged: Judged | Judges,
) -> Alloy:
    """A record's model from its checked spec; ``judged``: the values that fail a plausibility gate
    and the record's family membership when already known, else the `Judges` that find them."""
    # Every field was checked while loading, so the models are constructed without a second
    # validation pass; tests re-validate every record through pydantic.
    conds: dict[tuple[Any, ...], Conditions] = {}
    values = []
    for v in property_values:
        c = v["conditions"]
        cond = conds.get(c)
        if cond is None:
            cond = conds[c] = Conditions.model_construct(
                temper=c[0],
                product_form=c[1],
                test_temperature=c[2],
                strain_rate=c[3],
                note=c[4],
                thickness_min=c[5],
                thickness_max=c[6],
                direction=c[7],
            )
        values.append(PropertyValue.model_construct(**{**v, "conditions": cond}, implausible=""))
    composition = tuple(CompositionRange.model_construct(**c) for c in spec["composition"])
    implausible = judged.gates(values, composition, spec) if isinstance(judged, Judges) else judged[0]
    for i, reason in implausible.items():
        values[i] = values[i].model_copy(update={"implausible": reason})
    built = Alloy.model_construct(
        **{
            **spec,
            "composition": composition,
            "aliases": tuple(Alias.model_construct(**a) for a in spec["aliases"]),
            "property_values": tuple(values),
            "series": series,
        }
    )
    found = judged.membership(built) if isinstance(judged, Judges) else judged[1]
    built = built.model_copy(update={"families": tuple(f for f, _ in found), "membership": found})
    return built

