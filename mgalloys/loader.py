"""Reading a data folder (the bundled ``data/`` or one of your own) into validated rows.

The loader turns the CSV tables of one or more folders into plain, checked row dicts; the
`mgalloys.catalog.Catalog` builds models from them and resolves names. Every error is a
`mgalloys.DataError` that names the file and line.

Each table is one small row reader registered in `TABLES` (in load order: a value names a
record, a record's values and compositions cite sources). A new table is one function and one
entry there; ``finish`` then turns the state into record specs.

Folders are read as *layers*: the bundled data first, then a user's folder. A user's record whose
id is already loaded is an error unless the layer shadows: then it replaces the earlier record
and its values.
"""

from __future__ import annotations

import difflib
import gc
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._data import Row, Traversable, read_tables
from .bibliography import Source, source_from_row
from .composition import base_of_class, element_groups, is_composition_token, row_members
from .curvefiles import curves_from_rows
from .curves import Curve
from .errors import DataError, MgAlloysError, UnknownPropertyError, WrongDimensionError
from .families import family_ids, membership
from .models import Alloy
from .plausibility import gates
from .propertytable import PropertyInfo, property_info
from .units import affine, freeze, quantity
from .values import Alias, CompositionRange, Conditions, Equivalent, Kind, PropertyValue

__all__ = [
    "EQUIVALENT_RELATIONS",
    "EQUIVALENT_SCHEMES",
    "TABLES",
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


@dataclass
class Loaded:
    """The validated rows of every layer, ready for the catalog."""

    sources: dict[str, Source] = field(default_factory=dict)
    records: dict[str, tuple[str, Row]] = field(default_factory=dict)
    values: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    pending: dict[str, list[tuple[str, Row]]] = field(default_factory=dict)  # of deferred layers
    curves: dict[str, list[tuple[str, Row]]] = field(default_factory=dict)  # checked curves/ rows
    compositions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    aliases: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    equivalents: dict[str, list[Equivalent]] = field(default_factory=dict)
    used_sources: set[str] = field(default_factory=set)
    origin: dict[str, str] = field(default_factory=dict)  # record id -> label of its layer
    source_origin: dict[str, str] = field(default_factory=dict)  # source key -> label of its layer
    layer: Layer | None = None
    _converters: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    _quantities: dict[str, Any] = field(default_factory=dict)
    _infos: dict[str, PropertyInfo] = field(default_factory=dict)
    _conditions: dict[tuple[Any, ...], tuple[Any, ...]] = field(default_factory=dict)
    _reciprocal_factor: float | None = None

    def source(self, where: str, key: str) -> Source:
        """The cited source, marked as used; an unknown key names the closest known ones."""
        try:
            src = self.sources[key]
        except KeyError:
            close = difflib.get_close_matches(key, list(self.sources), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            label = self.layer.label if self.layer else "data"
            place = "data/sources/" if label == "data" else f"{label}/sources/ nor in data/sources/"
            raise DataError(f"{where}: source {key!r} is not in {place}{hint}") from None
        self.used_sources.add(key)
        return src

    # --- what the catalog takes -----------------------------------------------------------
    def specs(self) -> dict[str, dict[str, Any]]:
        """Record id -> the fields of its `mgalloys.Alloy` (checked, not yet models)."""
        grades = {row["grade"] for _, row in self.records.values()}
        for table, name in ((self.compositions, "composition"), (self.aliases, "alias")):
            for grade, rows in table.items():
                if grade not in grades:
                    raise DataError(
                        f"{rows[0]['where']}: {name} row names grade {grade!r}, which no record has"
                    )
        for grade in self.equivalents:
            if grade not in grades:
                raise DataError(f"equivalent rows name grade {grade!r}, which no record has")
        specs: dict[str, dict[str, Any]] = {}
        for rid, (where, row) in self.records.items():
            grade = row["grade"]
            specs[rid] = {
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
                "composition": [_public(c) for c in self.compositions.get(grade, [])],
                "aliases": [_public(a) for a in self.aliases.get(grade, [])],
            }
        return specs

    def values_of(self, record_id: str) -> list[dict[str, Any]]:
        """The record's checked values in file order, deferred ones converted now."""
        out: list[dict[str, Any]] = []
        for where, row in self.pending.get(record_id, ()):
            _add_value(self, out, where, row)
        return out + self.values[record_id]

    def series_of(self, record_id: str) -> tuple[Curve, ...]:
        """The record's curves from its ``curves/`` rows."""
        return tuple(curves_from_rows(record_id, self.curves.get(record_id, ()), self.source))

    def build(self, record_id: str, spec: dict[str, Any]) -> Alloy:
        """The record's model: its values, curves, plausibility gates and family membership."""
        return _record(spec, self.values_of(record_id), self.series_of(record_id))

    def grade_defaults(self) -> set[str]:
        return {
            rid for rid, (_, row) in self.records.items() if row.get("grade_default", "").lower() == "yes"
        }


# --- small parsers ------------------------------------------------------------------------
def _base(where: str, row: Row) -> str | None:
    """The record's base (balance) element: its ``base_element`` cell, else what its material
    class states; a cell that contradicts the class, or is no element symbol, is an error."""
    stated = row.get("base_element", "").strip()
    implied = base_of_class(row.get("material_class") or None)
    if not stated:
        return implied
    if not is_composition_token(stated) or stated in element_groups():
        raise DataError(f"{where}: base_element {stated!r} is not an element symbol")
    if implied is not None and stated != implied and row.get("material_class"):
        raise DataError(
            f"{where}: base_element {stated!r} contradicts the material class "
            f"{row.get('material_class')!r}, whose base is {implied}"
        )
    return stated


def split(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "where"}


def opt_float(text: str, where: str, column: str) -> float | None:
    """A plain, finite number or None for an empty cell."""
    if text == "":
        return None
    try:
        x = float(text)
    except ValueError:
        raise DataError(f"{where}: column {column!r} must be a plain number, got {text!r}") from None
    if not math.isfinite(x):
        raise DataError(
            f"{where}: column {column!r} is {text!r}; give a finite number, or leave an unknown value out"
        )
    return x


# --- one reader per table ------------------------------------------------------------------
def _source_row(state: Loaded, where: str, row: Row) -> None:
    default_kind = state.layer.default_source_kind if state.layer else None
    if default_kind and not row.get("kind"):
        row = {**row, "kind": default_kind}
    src = source_from_row(where, row)
    old = state.sources.get(src.key)
    if old is not None and old != src:
        raise DataError(f"{where}: source key {src.key!r} is defined twice with different fields")
    state.sources[src.key] = src
    state.source_origin.setdefault(src.key, state.layer.label if state.layer else "data")


def _record_row(state: Loaded, where: str, row: Row) -> None:
    rid = row.get("record_id", "")
    if not rid:
        raise DataError(f"{where}: record without record_id")
    if not row.get("grade"):
        raise DataError(f"{where}: record {rid!r} has no grade")
    label = state.layer.label if state.layer else "data"
    if rid in state.records:
        first, same_layer = state.records[rid][0], state.origin.get(rid) == label
        if same_layer or not (state.layer and state.layer.shadow):
            hint = "" if same_layer else "; load with shadow=True to replace it"
            raise DataError(f"{where}: record {rid!r} is defined twice (first at {first}){hint}")
    for fam in split(row.get("families", "")):
        if fam not in (known := family_ids()):
            close = difflib.get_close_matches(fam, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise DataError(f"{where}: unknown family {fam!r}{hint} (known: {', '.join(known)})")
    state.records[rid] = (where, row)
    state.values[rid] = []  # a shadowing record drops the values and curves of the one it replaces
    state.pending[rid] = []
    state.curves[rid] = []
    state.origin[rid] = label


def _value_row(state: Loaded, where: str, row: Row) -> None:
    rid = row.get("record_id", "")
    if rid not in state.records:
        raise DataError(f"{where}: value for unknown record {rid!r}")
    if state.layer is not None and state.layer.deferred:
        state.source(where, row.get("source", ""))  # known, and counted as used, on load
        state.pending[rid].append((where, row))
    else:
        _add_value(state, state.values[rid], where, row)


def _add_value(state: Loaded, out: list[dict[str, Any]], where: str, row: Row) -> None:
    pv = _value(state, where, row, state.records[row["record_id"]][1])
    out.append(pv)
    reciprocal = _reciprocal(state, pv)
    if reciprocal is not None:
        out.append(reciprocal)


def _curve_row(state: Loaded, where: str, row: Row) -> None:
    rid = row.get("record_id", "")
    if rid not in state.records:
        raise DataError(f"{where}: curve point for unknown record {rid!r}")
    state.source(where, row.get("source", ""))  # known, and counted as used, on load
    state.curves[rid].append((where, row))


def _composition_row(state: Loaded, where: str, row: Row) -> None:
    if not row.get("grade") or not row.get("element"):
        raise DataError(f"{where}: a composition row needs a grade and an element")
    try:
        row_members(row["element"])  # an element, a group, a sum ('Ce+La') or an Others row
    except DataError as exc:
        raise DataError(f"{where}: {exc}") from None
    lo = opt_float(row.get("min", ""), where, "min")
    hi = opt_float(row.get("max", ""), where, "max")
    nominal = opt_float(row.get("nominal", ""), where, "nominal")
    if lo is not None and hi is not None and hi < lo:
        raise DataError(f"{where}: max {hi} is below min {lo}")
    if any(x is not None and not 0 <= x <= 100 for x in (lo, hi, nominal)):
        raise DataError(f"{where}: a composition is in wt.% between 0 and 100")
    state.compositions.setdefault(row["grade"], []).append(
        {
            "element": row["element"],
            "min": lo,
            "max": hi,
            "nominal": nominal,
            "source": state.source(where, row.get("source", "")),
            "locator": row.get("locator", ""),
            "note": row.get("note", ""),
            "where": where,
        }
    )


def _alias_row(state: Loaded, where: str, row: Row) -> None:
    if not row.get("grade") or not row.get("alias") or not row.get("scheme"):
        raise DataError(f"{where}: an alias row needs grade, alias and scheme")
    state.aliases.setdefault(row["grade"], []).append(
        {
            "alias": row["alias"],
            "scheme": row["scheme"],
            "source": state.source(where, row.get("source", "")),
            "locator": row.get("locator", ""),
            "note": row.get("note", ""),
            "where": where,
        }
    )


def _equivalent_row(state: Loaded, where: str, row: Row) -> None:
    if not row.get("grade") or not row.get("equivalent"):
        raise DataError(f"{where}: an equivalents row needs a grade and an equivalent")
    for column, known in (("scheme", EQUIVALENT_SCHEMES), ("relation", EQUIVALENT_RELATIONS)):
        if row.get(column, "") not in known:
            raise DataError(f"{where}: unknown {column} {row.get(column, '')!r} (known: {', '.join(known)})")
    eq = Equivalent.model_construct(
        grade=row["grade"],
        equivalent=row["equivalent"],
        scheme=row["scheme"],
        relation=row["relation"],
        source=state.source(where, row.get("source", "")),
        locator=row.get("locator", ""),
        note=row.get("note", ""),
    )
    state.equivalents.setdefault(row["grade"], []).append(eq)


RowReader = Callable[[Loaded, str, Row], None]

#: The tables of a data folder in load order: (sub-folder, row reader). Extend it to load a new table.
TABLES: list[tuple[str, RowReader]] = [
    ("sources", _source_row),
    ("records", _record_row),
    ("values", _value_row),
    ("curves", _curve_row),
    ("compositions", _composition_row),
    ("aliases", _alias_row),
    ("equivalents", _equivalent_row),
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
    for layer in layers:
        state.layer = layer
        for folder, reader in TABLES:
            seen: dict[tuple[str, ...], str] = {}
            for where, row in read_tables(folder, layer.root, layer.label):
                key = tuple(row.values())
                if key in seen and folder != "sources":  # one bibliography row may stand in several files
                    raise DataError(f"{where}: repeats the row at {seen[key]}")
                seen.setdefault(key, where)
                reader(state, where, row)
        if not layer.deferred:  # a user's folder is checked whole on load: its curves too
            for rid, rows in state.curves.items():
                curves_from_rows(rid, rows, state.source)
    state.layer = None
    return state


# --- values ----------------------------------------------------------------------------------
def _convert(state: Loaded, where: str, value: float, unit: str, info: PropertyInfo) -> float:
    key = (unit, info.id)
    conv = state._converters.get(key)
    if conv is None and unit == info.unit:
        conv = state._converters[key] = (1.0, 0.0)  # already canonical: no unit to parse
    if conv is None:
        try:
            info.coerce(quantity(1.0, unit))  # dimension check, once per unit
            conv = affine(unit, info.unit)
        except MgAlloysError as exc:
            raise DataError(f"{where}: {exc}") from None
        state._converters[key] = conv
    return conv[0] * value + conv[1]


_KINDS = {k.value: k for k in Kind}


def _kind(where: str, text: str) -> Kind:
    kind = _KINDS.get(text)
    if kind is not None:
        return kind
    raise DataError(f"{where}: unknown kind {text!r} (known: {', '.join(k.value for k in Kind)})")


def _numbers(state: Loaded, where: str, row: Row, info: PropertyInfo) -> tuple[float, float | None, str, str]:
    """(value, value_max) in the property's canonical unit, that unit, and the value as published."""
    raw = opt_float(row.get("value", ""), where, "value")
    if raw is None:
        raise DataError(f"{where}: a value row needs a value (leave unknown values out)")
    text_max = row.get("value_max", "")
    raw_max = opt_float(text_max, where, "value_max") if text_max else None
    unit = row.get("unit", "")
    if info.is_hardness:
        try:
            info.coerce(quantity(raw, unit))
        except MgAlloysError as exc:
            raise DataError(f"{where}: {exc}") from None
        value, value_max, canonical = raw, raw_max, unit
    else:
        value = _convert(state, where, raw, unit, info)
        value_max = None if raw_max is None else _convert(state, where, raw_max, unit, info)
        canonical = info.unit
    if value_max is not None and value_max < value:
        raise DataError(f"{where}: value_max {raw_max} is below value {raw}")
    if min(raw, value) < 0 and info.mg_min >= 0 and "deg" not in info.unit:
        raise DataError(f"{where}: {info.id} {raw:g} {unit} is negative; it cannot be")
    published = f"{raw:g}" + (f"-{raw_max:g}" if raw_max is not None else "") + f" {unit}"
    return value, value_max, canonical, published


def _info(state: Loaded, where: str, text: str) -> PropertyInfo:
    info = state._infos.get(text)
    if info is None:
        try:
            info = state._infos[text] = property_info(text)
        except UnknownPropertyError as exc:
            raise DataError(f"{where}: {exc}") from None
    return info


def _value(state: Loaded, where: str, row: Row, rec: Row) -> dict[str, Any]:
    info = _info(state, where, row.get("property", ""))
    if info.computed:
        raise DataError(f"{where}: {info.id} is computed from {', '.join(info.inputs)}; store those")
    kind = _kind(where, row.get("kind", ""))
    if (kind is Kind.range) != (row.get("value_max", "") != ""):
        raise DataError(f"{where}: kind 'range' and value_max go together")
    value, value_max, canonical, published = _numbers(state, where, row, info)
    temp_text = row.get("test_temperature", "")
    if temp_text == "" and info.temperature_dependent:
        raise DataError(f"{where}: {info.id} needs a test_temperature ('RT' or e.g. '250 degC')")
    rate_text = row.get("strain_rate", "")
    key = (
        rec.get("temper"),
        rec.get("product_form"),
        temp_text,
        rate_text,
        row.get("conditions", ""),
        row.get("thickness", ""),
        row.get("direction", ""),
    )
    conditions = state._conditions.get(key)
    if conditions is None:  # one tuple per distinct set of conditions: records share them
        conditions = state._conditions[key] = _conditions(state, where, key)
    return {
        "property": info.id,
        "value": value,
        "value_max": value_max,
        "unit": canonical,
        "kind": kind,
        "conditions": conditions,
        "source": state.source(where, row.get("source", "")),
        "locator": row.get("locator", ""),
        "note": row.get("note", ""),
        "published": published,
        "derived_from": None,
        "significant_figures": significant_figures(row.get("value", "")),
    }


def _conditions(state: Loaded, where: str, key: tuple[Any, ...]) -> tuple[Any, ...]:
    """(temper, product form, test temperature, strain rate, note, thinnest, thickest, direction)."""
    temper, form, temp_text, rate_text, note, thickness, direction = key
    try:
        test_temperature = None if temp_text in ("", "RT") else _parsed(state, temp_text, "kelvin")
        strain_rate = _parsed(state, rate_text, "1/s") if rate_text else None
    except MgAlloysError as exc:
        raise DataError(f"{where}: bad conditions: {exc}") from None
    return (
        temper or None,
        form or None,
        test_temperature,
        strain_rate,
        note,
        *_thickness(state, where, thickness),
        _direction(where, direction),
    )


def _thickness(state: Loaded, where: str, text: str) -> tuple[Any, Any]:
    """``'0.016-0.249 in'`` or ``'6.35 mm'`` as (thinnest, thickest) lengths."""
    if not text:
        return None, None
    m = _THICKNESS.match(text)
    if m is None:
        raise DataError(f"{where}: thickness {text!r} is not a number or range with a unit ('0.5-2 in')")
    lo, hi, unit = m.group(1), m.group(2) or m.group(1), m.group(3)
    try:
        return _parsed(state, f"{lo} {unit}", "m"), _parsed(state, f"{hi} {unit}", "m")
    except MgAlloysError as exc:
        raise DataError(f"{where}: bad thickness: {exc}") from None


def _direction(where: str, text: str) -> str:
    if text and text.upper() not in _DIRECTIONS:
        raise DataError(f"{where}: direction {text!r} is not one of {', '.join(_DIRECTIONS)} (or empty)")
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
    other = property_info(pv["property"]).reciprocal_of
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


# --- records ---------------------------------------------------------------------------------
def _record(spec: dict[str, Any], property_values: list[dict[str, Any]], series: tuple[Curve, ...]) -> Alloy:
    """A record's model from its checked spec (see `mgalloys.loader`)."""
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
    # a reference metal is not magnesium-based, and a composite's composition leaves out
    # the reinforcement: no density estimate for either
    mg_based = not ({"reference", "composites"} & set(spec["families"])) or spec["grade"] == "Mg"
    for i, reason in gates(values, composition, magnesium_balance=mg_based).items():
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
    found = membership(built)
    built = built.model_copy(update={"families": tuple(f for f, _ in found), "membership": found})
    return built
