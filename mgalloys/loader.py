"""Reading a data folder (the bundled ``data/`` or one of your own) into validated rows.

The loader turns the CSV tables of one or more folders into plain, checked row dicts; the
`mgalloys.catalog.Catalog` builds models from them and resolves names. Every error is a
`mgalloys.DataError` that names the file and line.

Each table is one small row reader registered in `TABLES` (in load order: a value names a
record, a record's values and compositions cite sources). A new table is one function and one
entry there; ``finish`` then turns the state into record specs.

Folders are read as *layers*: the bundled data first, then a user's folder. Record ids, grades
and source keys are matched as `mgalloys.inputs.name_key` and `mgalloys.inputs.fold` read them
(``az91d-f`` is ``AZ91D-F``). A user's record or value row that touches an earlier layer's record
is an error unless the layer shadows: then a record replaces the earlier one and its values, and
values join it (and, of source kind ``user``, come first). Composition, alias and equivalents rows
are about a grade: they apply to the grade's records of their own and later layers (a user's
record of a bundled grade gets the bundled composition), and to earlier layers' records only
when their layer shadows.

Every file is read by `mgalloys.strictcsv`, with the columns its table knows.
"""

from __future__ import annotations

import difflib
import gc
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._data import Row, Traversable, read_folder
from .errors import DataError, MgAlloysError, UnknownPropertyError, WrongDimensionError
from .inputs import fold, name_key, property_unit
from .models import Equivalent, Kind, Source, SourceKind
from .propertytable import PropertyInfo, property_info
from .roadmap import family_ids
from .strictcsv import cell
from .units import absolute_temperature, affine, freeze, quantity

__all__ = [
    "EQUIVALENT_RELATIONS",
    "EQUIVALENT_SCHEMES",
    "TABLES",
    "FileCount",
    "Layer",
    "Loaded",
    "load_layers",
]

_SWAP_KIND = {Kind.minimum: Kind.maximum, Kind.maximum: Kind.minimum}
_NUMBER = r"(\d+(?:\.\d*)?|\.\d+)"
_THICKNESS = re.compile(rf"^\s*{_NUMBER}\s*(?:(?:-|\u2013|to)\s*{_NUMBER})?\s*([A-Za-z]+)\s*$")
_DIRECTIONS = ("L", "LT", "ST")
#: Schemes and relations of ``equivalents/*.csv`` rows (data/README.md).
EQUIVALENT_SCHEMES = ("GB", "ASTM", "EN", "ISO", "JIS", "GOST", "UNS", "trade_name")
EQUIVALENT_RELATIONS = ("identical", "nearest", "former_name")


@dataclass(frozen=True)
class Layer:
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


@dataclass(frozen=True)
class FileCount:
    """What was read from one file: rows, the lines of the file, blank lines among them."""

    label: str
    layer: str
    rows: int
    lines: int
    blank: int


@dataclass
class Loaded:
    """The validated rows of every layer, ready for the catalog."""

    sources: dict[str, Source] = field(default_factory=dict)
    records: dict[str, tuple[str, Row]] = field(default_factory=dict)
    values: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    pending: dict[str, list[tuple[str, Row]]] = field(default_factory=dict)  # of deferred layers
    compositions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    aliases: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    equivalents: dict[str, list[tuple[int, Equivalent]]] = field(default_factory=dict)
    used_sources: set[str] = field(default_factory=set)
    origin: dict[str, str] = field(default_factory=dict)  # record id -> label of its layer
    source_origin: dict[str, str] = field(default_factory=dict)  # source key -> label of its layer
    keys: dict[str, str] = field(default_factory=dict)  # name_key(record id) -> record id
    source_keys: dict[str, str] = field(default_factory=dict)  # fold(source key) -> source key
    files: list[FileCount] = field(default_factory=list)
    grade_rows: dict[tuple[str, int], str] = field(default_factory=dict)  # (grade key, layer) -> a row
    layers: dict[str, int] = field(default_factory=dict)  # label -> position
    shadows: set[int] = field(default_factory=set)  # positions of the layers that shadow
    layer: Layer | None = None
    _converters: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    _quantities: dict[str, Any] = field(default_factory=dict)
    _infos: dict[str, PropertyInfo] = field(default_factory=dict)
    _conditions: dict[tuple[Any, ...], tuple[Any, ...]] = field(default_factory=dict)
    _reciprocal_factor: float | None = None

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
            raise _bad(where, row, "source", f"source {key!r} is not in {place}{hint}")
        self.used_sources.add(src.key)
        return src

    def touches(self, where: str, row: Row, column: str, owner: str) -> None:
        """Refuse a row of this layer about ``owner``'s record or grade, from an earlier layer,
        unless the layer shadows."""
        if owner == self.label or (self.layer is not None and self.layer.shadow):
            return
        place = "the bundled data" if owner == "data" else owner
        raise _bad(
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
        specs: dict[str, dict[str, Any]] = {}
        for rid, (_, row) in self.records.items():
            grade = row["grade"]
            gkey = name_key(grade)
            specs[rid] = {
                "record_id": rid,
                "grade": grade,
                "temper": row.get("temper") or None,
                "product_form": row.get("product_form") or None,
                "material_class": row.get("material_class") or None,
                "process_route": row.get("process_route") or None,
                "families": tuple(split(row.get("families", ""))),
                "family_basis": row.get("family_basis", ""),
                "description": row.get("description", ""),
                "composition": [
                    _public(c) for c in self.compositions.get(gkey, []) if self.applies(c["layer"], rid)
                ],
                "aliases": [_public(a) for a in self.aliases.get(gkey, []) if self.applies(a["layer"], rid)],
            }
        return specs

    def values_of(self, record_id: str) -> list[dict[str, Any]]:
        """The record's checked values in file order, deferred ones converted now."""
        out: list[dict[str, Any]] = []
        for where, row in self.pending.get(record_id, ()):
            _add_value(self, out, where, row, record_id)
        return out + self.values[record_id]

    def grade_defaults(self) -> set[str]:
        return {
            rid for rid, (_, row) in self.records.items() if row.get("grade_default", "").lower() == "yes"
        }


# --- small parsers ------------------------------------------------------------------------
def split(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "layer"}


def _bad(where: str, row: Row, column: str, message: str) -> DataError:
    """The error for a row's cell: ``'file:line: column N (name): message'``."""
    return DataError(f"{cell(where, row, column)}: {message}")


def opt_float(where: str, row: Row, column: str) -> float | None:
    """A row's cell as a plain, finite number, or None for an empty cell."""
    text = row.get(column, "")
    if text == "":
        return None
    try:
        x = float(text)
    except ValueError:
        raise _bad(where, row, column, f"must be a plain number, got {text!r}") from None
    if not math.isfinite(x):
        raise _bad(
            where,
            row,
            column,
            f"{text!r} is not a finite number; give a finite number, or leave an unknown value out",
        )
    return x


# --- one reader per table ------------------------------------------------------------------
def _source_row(state: Loaded, where: str, row: Row) -> None:
    default_kind = state.layer.default_source_kind if state.layer else None
    if default_kind and not row.get("kind"):
        row = {**row, "kind": default_kind}
    src = _source(where, row)
    first = state.source_keys.setdefault(fold(src.key), src.key)
    if first != src.key:
        raise _bad(
            where,
            row,
            "key",
            f"source key {src.key!r} is the key {first!r} of another source "
            "(keys match ignoring case and look-alike characters); give it another key",
        )
    old = state.sources.get(src.key)
    if old is not None and old != src:
        raise _bad(where, row, "key", f"source key {src.key!r} is defined twice with different fields")
    state.sources[src.key] = src
    state.source_origin.setdefault(src.key, state.label)


def _record_row(state: Loaded, where: str, row: Row) -> None:
    rid = row.get("record_id", "")
    key = name_key(rid)
    if not key:
        raise _bad(where, row, "record_id", "record without record_id")
    if not row.get("grade"):
        raise _bad(where, row, "grade", f"record {rid!r} has no grade")
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
            raise _bad(
                where, row, "record_id", f"record {rid!r} is defined twice{same} (first at {first}){hint}"
            )
        del state.records[old], state.values[old], state.pending[old], state.origin[old]
    for fam in split(row.get("families", "")):
        if fam not in (known := family_ids()):
            close = difflib.get_close_matches(fam, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise _bad(where, row, "families", f"unknown family {fam!r}{hint} (known: {', '.join(known)})")
    state.records[rid] = (where, row)
    state.keys[key] = rid
    state.values[rid] = []  # a shadowing record drops the values of the one it replaces
    state.pending[rid] = []
    state.origin[rid] = label


def _owner(state: Loaded, where: str, row: Row) -> str:
    """The id of the record a value row names (matched as lookups match names)."""
    text = row.get("record_id", "")
    rid = text if text in state.records else state.keys.get(name_key(text))
    if rid is None:
        close = difflib.get_close_matches(text, list(state.records), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise _bad(where, row, "record_id", f"value for unknown record {text!r}{hint}")
    state.touches(where, row, "record_id", state.origin[rid])
    return rid


def _value_row(state: Loaded, where: str, row: Row) -> None:
    rid = _owner(state, where, row)
    if state.layer is not None and state.layer.deferred:
        state.source(where, row)  # known, and counted as used, on load
        state.pending[rid].append((where, row))
    else:
        _add_value(state, state.values[rid], where, row, rid)


def _add_value(state: Loaded, out: list[dict[str, Any]], where: str, row: Row, rid: str) -> None:
    pv = _value(state, where, row, state.records[rid][1])
    out.append(pv)
    reciprocal = _reciprocal(state, pv)
    if reciprocal is not None:
        out.append(reciprocal)


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
        raise _bad(where, row, column, "a composition row needs a grade and an element")
    lo, hi, nominal = (opt_float(where, row, c) for c in ("min", "max", "nominal"))
    if lo is not None and hi is not None and hi < lo:
        raise _bad(where, row, "max", f"max {hi} is below min {lo}")
    for column, x in (("min", lo), ("max", hi), ("nominal", nominal)):
        if x is not None and not 0 <= x <= 100:
            raise _bad(where, row, column, "a composition is in wt.% between 0 and 100")
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
            raise _bad(where, row, column, "an alias row needs grade, alias and scheme")
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
            raise _bad(where, row, column, "an equivalents row needs a grade and an equivalent")
    for column, known in (("scheme", EQUIVALENT_SCHEMES), ("relation", EQUIVALENT_RELATIONS)):
        if row.get(column, "") not in known:
            raise _bad(
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


def _source(where: str, row: Row) -> Source:
    """A bibliography row as a model. Its typed fields are checked here, as a value's are, so that
    a first lookup does not build pydantic's validator for 200 sources; tests re-validate them."""
    for column in ("key", "kind", "title"):
        if not row.get(column):
            raise _bad(where, row, column, f"a source row needs a {column}")
    try:
        kind = SourceKind(row["kind"])
    except ValueError:
        known = ", ".join(k.value for k in SourceKind)
        raise _bad(where, row, "kind", f"unknown source kind {row['kind']!r} (known: {known})") from None
    year = row.get("year") or None
    if year is not None and not year.isdecimal():
        raise _bad(where, row, "year", f"year {year!r} is not a year (a whole number such as 2019)")
    fields: dict[str, Any] = {f: row[f] for f in _SOURCE_TEXT if row.get(f)}
    return Source.model_construct(**fields, kind=kind, year=None if year is None else int(year))


_SOURCE_TEXT = tuple(f for f, info in Source.model_fields.items() if info.annotation is str)

RowReader = Callable[[Loaded, str, Row], None]


@dataclass(frozen=True)
class TableSpec:
    """One table of a data folder: its sub-folder, its row reader, the columns its header must
    have and those it may have besides (any other column is an error: a misspelled ``unti``
    would otherwise leave every unit empty)."""

    folder: str
    reader: RowReader
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


_RECORD_COLUMNS = ("temper", "product_form", "grade_default", "families", "family_basis", "description",
                   "material_class", "process_route")  # fmt: skip

#: The tables of a data folder in load order. Extend it to load a new table.
TABLES: list[TableSpec] = [
    TableSpec("sources", _source_row, ("key", "title"), ("kind", "year", *_SOURCE_TEXT)),
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


def load_layers(layers: list[Layer]) -> Loaded:
    """Read and check every table of every layer, in order."""
    # The rows become long-lived dicts and tuples without reference cycles: the cycle collector
    # would rescan them again and again while they are built (about a third of the load time of
    # a 100,000-value folder), and finds nothing to free.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(layers)
    finally:
        if collecting:
            gc.enable()


def _load(layers: list[Layer]) -> Loaded:
    state = Loaded()
    for i, layer in enumerate(layers):
        state.layer = layer
        state.layers[layer.label] = i
        if layer.shadow:
            state.shadows.add(i)
        for spec in TABLES:
            known = (*spec.required, *(c for c in spec.optional if c not in spec.required))
            seen: dict[tuple[str, ...], str] = {}
            for table in read_folder(spec.folder, layer.root, layer.label, known, spec.required):
                state.files.append(
                    FileCount(table.label, layer.label, len(table.rows), table.lines, table.blank)
                )
                for where, row in table.records():
                    key = tuple(row.values())
                    if (
                        key in seen and spec.folder != "sources"
                    ):  # one bibliography row may stand in several files
                        raise DataError(
                            f"{cell(where, row, next(iter(row)))}: repeats the row at {seen[key]}"
                        )
                    seen.setdefault(key, where)
                    spec.reader(state, where, row)
    state.layer = None
    return state


# --- values ----------------------------------------------------------------------------------
def _convert(state: Loaded, where: str, row: Row, column: str, value: float, info: PropertyInfo) -> float:
    """A row's number (``value``, of ``column``) in the property's canonical unit: the unit
    checked as the API checks it, and the result finite."""
    unit = row.get("unit", "")
    key = (unit, info.id)
    conv = state._converters.get(key)
    if conv is None and unit == info.unit:
        conv = state._converters[key] = (1.0, 0.0)  # already canonical: no unit to parse
    if conv is None:
        if not unit.strip() and info.unit != "dimensionless":
            raise _bad(
                where,
                row,
                "unit",
                f"no unit; a value of {info.id} needs its unit as published "
                f"(e.g. {info.unit!r}): an empty unit is never read as {info.unit}",
            )
        try:  # dimension (and for a percentage, the strict units) as the API checks them, once per unit
            property_unit(info, unit, f"the unit {unit!r} of {info.id}")
            conv = affine(unit, info.unit)
        except MgAlloysError as exc:
            raise _bad(where, row, "unit", f"{exc}") from None
        state._converters[key] = conv
    out = conv[0] * value + conv[1]
    if not math.isfinite(out):
        raise _bad(
            where,
            row,
            column,
            f"{row[column]} {unit} is {out} in {info.unit}, too large for a float; give a finite value",
        )
    return out


_KINDS = {k.value: k for k in Kind}


def _kind(where: str, row: Row) -> Kind:
    kind = _KINDS.get(row.get("kind", ""))
    if kind is not None:
        return kind
    known = ", ".join(k.value for k in Kind)
    raise _bad(where, row, "kind", f"unknown kind {row.get('kind', '')!r} (known: {known})")


def _numbers(state: Loaded, where: str, row: Row, info: PropertyInfo) -> tuple[float, float | None, str, str]:
    """(value, value_max) in the property's canonical unit, that unit, and the value as published."""
    raw = opt_float(where, row, "value")
    if raw is None:
        raise _bad(where, row, "value", "a value row needs a value (leave unknown values out)")
    raw_max = opt_float(where, row, "value_max")
    unit = row.get("unit", "")
    if info.is_hardness:
        try:
            info.coerce(quantity(raw, unit))
        except MgAlloysError as exc:
            raise _bad(where, row, "unit", f"{exc}") from None
        value, value_max, canonical = raw, raw_max, unit
    else:
        value = _convert(state, where, row, "value", raw, info)
        value_max = None if raw_max is None else _convert(state, where, row, "value_max", raw_max, info)
        canonical = info.unit
    if value_max is not None and value_max < value:
        raise _bad(where, row, "value_max", f"value_max {raw_max} is below value {raw}")
    if min(raw, value) < 0 and info.mg_min >= 0 and "deg" not in info.unit:
        raise _bad(where, row, "value", f"{info.id} {raw:g} {unit} is negative; it cannot be")
    published = f"{raw:g}" + (f"-{raw_max:g}" if raw_max is not None else "") + f" {unit}"
    return value, value_max, canonical, published


def _info(state: Loaded, where: str, row: Row) -> PropertyInfo:
    text = row.get("property", "")
    info = state._infos.get(text)
    if info is None:
        try:
            info = state._infos[text] = property_info(text)
            state._infos.setdefault(info.id, info)
        except UnknownPropertyError as exc:
            raise _bad(where, row, "property", f"{exc}") from None
    return info


def _value(state: Loaded, where: str, row: Row, rec: Row) -> dict[str, Any]:
    info = _info(state, where, row)
    if info.computed:
        raise _bad(
            where, row, "property", f"{info.id} is computed from {', '.join(info.inputs)}; store those"
        )
    kind = _kind(where, row)
    if (kind is Kind.range) != (row.get("value_max", "") != ""):
        raise _bad(where, row, "kind", "kind 'range' and value_max go together")
    value, value_max, canonical, published = _numbers(state, where, row, info)
    temp_text = row.get("test_temperature", "")
    if temp_text == "" and info.temperature_dependent:
        raise _bad(
            where, row, "test_temperature", f"{info.id} needs a test_temperature ('RT' or e.g. '250 degC')"
        )
    key = (
        rec.get("temper"),
        rec.get("product_form"),
        temp_text,
        row.get("strain_rate", ""),
        row.get("conditions", ""),
        row.get("thickness", ""),
        row.get("direction", ""),
    )
    conditions = state._conditions.get(key)
    if conditions is None:  # one tuple per distinct set of conditions: records share them
        conditions = state._conditions[key] = _conditions(state, where, row, key)
    return {
        "property": info.id,
        "value": value,
        "value_max": value_max,
        "unit": canonical,
        "kind": kind,
        "conditions": conditions,
        "source": state.source(where, row),
        "locator": row.get("locator", ""),
        "note": row.get("note", ""),
        "published": published,
        "derived_from": None,
        "significant_figures": significant_figures(row.get("value", "")),
    }


def _conditions(state: Loaded, where: str, row: Row, key: tuple[Any, ...]) -> tuple[Any, ...]:
    """(temper, product form, test temperature, strain rate, note, thinnest, thickest, direction)."""
    temper, form, temp_text, rate_text, note, _, _ = key
    column = "test_temperature"
    try:
        test_temperature = None
        if temp_text not in ("", "RT"):
            test_temperature = absolute_temperature(
                _parsed(state, temp_text, "kelvin"), "the test temperature"
            )
        column = "strain_rate"
        strain_rate = _parsed(state, rate_text, "1/s") if rate_text else None
    except MgAlloysError as exc:
        raise _bad(where, row, column, str(exc)) from None
    return (
        temper or None,
        form or None,
        test_temperature,
        strain_rate,
        note,
        *_thickness(state, where, row),
        _direction(where, row),
    )


def _thickness(state: Loaded, where: str, row: Row) -> tuple[Any, Any]:
    """``'0.016-0.249 in'`` or ``'6.35 mm'`` as (thinnest, thickest) lengths."""
    text = row.get("thickness", "")
    if not text:
        return None, None
    m = _THICKNESS.match(text)
    if m is None:
        raise _bad(
            where, row, "thickness", f"thickness {text!r} is not a number or range with a unit ('0.5-2 in')"
        )
    lo, hi, unit = m.group(1), m.group(2) or m.group(1), m.group(3)
    try:
        return _parsed(state, f"{lo} {unit}", "m"), _parsed(state, f"{hi} {unit}", "m")
    except MgAlloysError as exc:
        raise _bad(where, row, "thickness", f"bad thickness: {exc}") from None


def _direction(where: str, row: Row) -> str:
    text = row.get("direction", "")
    if text and text.upper() not in _DIRECTIONS:
        raise _bad(
            where, row, "direction", f"direction {text!r} is not one of {', '.join(_DIRECTIONS)} (or empty)"
        )
    return text.upper()


def significant_figures(text: str) -> int | None:
    """Significant figures of a number as printed: ``'1.80'`` has 3, ``'1.8'`` 2, ``'290'`` 3
    (trailing zeros of an integer are read as printed, i.e. significant)."""
    digits = text.strip().lstrip("+-").lower().split("e")[0].replace(".", "").lstrip("0")
    return len(digits) if digits.isdigit() else None


def _parsed(state: Loaded, text: str, dimension_of: str) -> Any:
    q = state._quantities.get(text)
    if q is None:
        q = quantity(text)
        expected = quantity(1.0, dimension_of).dimensionality
        if q.dimensionality != expected:
            raise WrongDimensionError(f"{text!r}", str(expected), str(q.dimensionality))
        if not math.isfinite(float(q.magnitude)):
            raise DataError(f"{text!r} is not a finite quantity")
        q = state._quantities[text] = freeze(q)  # shared by many values: read-only
    return q


def _reciprocal(state: Loaded, pv: dict[str, Any]) -> dict[str, Any] | None:
    """Conductivity from resistivity and the other way round, marked as derived."""
    other = state._infos[pv["property"]].reciprocal_of  # (cached under its id by _info)
    if not other:
        return None
    if state._reciprocal_factor is None:
        # canonical units: sigma [MS/m] = factor / rho [microohm*cm], and the other way round
        one = quantity(1.0, property_info("electrical_resistivity").unit)
        sigma = property_info("electrical_conductivity").unit
        state._reciprocal_factor = float((1 / one).to(sigma).magnitude)
    k = state._reciprocal_factor
    lo, hi = pv["value"], pv["value_max"]
    if lo <= 0:
        return None  # a zero conductivity has no finite reciprocal; the value stands alone
    name = pv["property"].replace("_", " ")
    return {
        **pv,
        "property": other,
        "value": k / (hi if hi is not None else lo),
        "value_max": k / lo if hi is not None else None,
        "unit": property_info(other).unit,
        "kind": _SWAP_KIND.get(pv["kind"], pv["kind"]),
        "note": f"computed as the reciprocal of the {name} {pv['published']}",
        "derived_from": pv["property"],
        "significant_figures": None,
    }
