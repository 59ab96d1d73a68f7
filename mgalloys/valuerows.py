"""Reading ``values/`` rows: a published number with its unit, kind and conditions into a checked
value in the property's canonical unit, the reciprocal property beside it (conductivity from
resistivity and back). Every problem is a `mgalloys.DataError` naming file, line and column.

The checked rows of a load (`mgalloys.recordrows.Loaded`) keep one `ValueReader`: its caches
(unit conversions, parsed quantities, conditions) are shared by every row, so that a folder of
100,000 values parses each distinct unit and condition once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import numpy as np

from ._data import Row
from .bibliography import Source
from .errors import DataError, MgAlloysError, UnknownPropertyError, WrongDimensionError
from .propertytable import PropertyInfo, property_info, property_unit
from .strictcsv import cell_error
from .units import absolute_temperature, affine, freeze, quantity
from .values import Kind

__all__ = ["ValueReader", "opt_float", "significant_figures", "vouched"]

_SWAP_KIND = {Kind.minimum: Kind.maximum, Kind.maximum: Kind.minimum}
_NUMBER = r"(\d+(?:\.\d*)?|\.\d+)"
_THICKNESS = re.compile(rf"^\s*{_NUMBER}\s*(?:(?:-|\u2013|to)\s*{_NUMBER})?\s*([A-Za-z]+)\s*$")
_DIRECTIONS = ("L", "LT", "ST")


@dataclass
class ValueReader:
    """Turns a record's ``values/`` rows into checked value dicts; ``source(where, row)`` returns
    the source a row cites (and counts it as used)."""

    source: Callable[[str, Row], Source]
    converters: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    quantities: dict[str, Any] = field(default_factory=dict)
    infos: dict[str, PropertyInfo] = field(default_factory=dict)
    conditions: dict[tuple[Any, ...], tuple[Any, ...]] = field(default_factory=dict)
    reciprocal_factor: float | None = None

    def vouch(self, rows: list[tuple[str, Row]], records: list[Row | None]) -> list[bool]:
        """For each row (of ``record``, None when unknown), whether `add` would take it without
        an error, decided column-wise: a row that is not vouched for may still be good (`add`
        says). See `vouched`."""
        return vouched(self, rows, records)

    def add(self, out: list[dict[str, Any]], where: str, row: Row, record: Row) -> None:
        """Append the row's value for ``record`` (a records/ row), and its reciprocal if any."""
        pv = _value(self, where, row, record)
        out.append(pv)
        reciprocal = _reciprocal(self, pv)
        if reciprocal is not None:
            out.append(reciprocal)


def opt_float(where: str, row: Row, column: str) -> float | None:
    """A row's cell as a plain, finite number, or None for an empty cell."""
    text = row.get(column, "")
    if text == "":
        return None
    try:
        x = float(text)
    except ValueError:
        raise cell_error(where, row, column, f"must be a plain number, got {text!r}") from None
    if not math.isfinite(x):
        raise cell_error(
            where,
            row,
            column,
            f"{text!r} is not a finite number; give a finite number, or leave an unknown value out",
        )
    return x


def _convert(
    state: ValueReader, where: str, row: Row, column: str, value: float, info: PropertyInfo
) -> float:
    """A row's number (``value``, of ``column``) in the property's canonical unit: the unit
    checked as the API checks it, and the result finite."""
    unit = row.get("unit", "")
    key = (unit, info.id)
    conv = state.converters.get(key)
    if conv is None and unit == info.unit:
        conv = state.converters[key] = (1.0, 0.0)  # already canonical: no unit to parse
    if conv is None:
        if not unit.strip() and info.unit != "dimensionless":
            raise cell_error(
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
            raise cell_error(where, row, "unit", f"{exc}") from None
        state.converters[key] = conv
    out = conv[0] * value + conv[1]
    if not math.isfinite(out):
        raise cell_error(
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
    raise cell_error(where, row, "kind", f"unknown kind {row.get('kind', '')!r} (known: {known})")


def _numbers(
    state: ValueReader, where: str, row: Row, info: PropertyInfo
) -> tuple[float, float | None, str, str]:
    """(value, value_max) in the property's canonical unit, that unit, and the value as published."""
    raw = opt_float(where, row, "value")
    if raw is None:
        raise cell_error(where, row, "value", "a value row needs a value (leave unknown values out)")
    raw_max = opt_float(where, row, "value_max")
    unit = row.get("unit", "")
    if info.is_hardness:
        try:
            info.coerce(quantity(raw, unit))
        except MgAlloysError as exc:
            raise cell_error(where, row, "unit", f"{exc}") from None
        value, value_max, canonical = raw, raw_max, unit
    else:
        value = _convert(state, where, row, "value", raw, info)
        value_max = None if raw_max is None else _convert(state, where, row, "value_max", raw_max, info)
        canonical = info.unit
    if value_max is not None and value_max < value:
        raise cell_error(where, row, "value_max", f"value_max {raw_max} is below value {raw}")
    if min(raw, value) < 0 and _never_negative(info):
        raise cell_error(where, row, "value", f"{info.id} {raw:g} {unit} is negative; it cannot be")
    published = f"{raw:g}" + (f"-{raw_max:g}" if raw_max is not None else "") + f" {unit}"
    return value, value_max, canonical, published


def _never_negative(info: PropertyInfo) -> bool:
    """Whether a value of the property cannot be negative (its plausible range starts at 0 or
    above, and it is no temperature on a scale with an offset): one rule for the row reader
    and the column-wise check."""
    return info.mg_min >= 0 and "deg" not in info.unit


def _info(state: ValueReader, where: str, row: Row) -> PropertyInfo:
    text = row.get("property", "")
    info = state.infos.get(text)
    if info is None:
        try:
            info = state.infos[text] = property_info(text)
            state.infos.setdefault(info.id, info)
        except UnknownPropertyError as exc:
            raise cell_error(where, row, "property", f"{exc}") from None
    return info


def _value(state: ValueReader, where: str, row: Row, rec: Row) -> dict[str, Any]:
    info = _info(state, where, row)
    if info.computed:
        raise cell_error(
            where, row, "property", f"{info.id} is computed from {', '.join(info.inputs)}; store those"
        )
    kind = _kind(where, row)
    if (kind is Kind.range) != (row.get("value_max", "") != ""):
        raise cell_error(where, row, "kind", "kind 'range' and value_max go together")
    value, value_max, canonical, published = _numbers(state, where, row, info)
    temp_text = row.get("test_temperature", "")
    if temp_text == "" and info.temperature_dependent:
        raise cell_error(
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
    conditions = state.conditions.get(key)
    if conditions is None:  # one tuple per distinct set of conditions: records share them
        conditions = state.conditions[key] = _conditions(state, where, row, key)
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


def _conditions(state: ValueReader, where: str, row: Row, key: tuple[Any, ...]) -> tuple[Any, ...]:
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
        raise cell_error(where, row, column, str(exc)) from None
    return (
        temper or None,
        form or None,
        test_temperature,
        strain_rate,
        note,
        *_thickness(state, where, row),
        _direction(where, row),
    )


def _thickness(state: ValueReader, where: str, row: Row) -> tuple[Any, Any]:
    """``'0.016-0.249 in'`` or ``'6.35 mm'`` as (thinnest, thickest) lengths."""
    text = row.get("thickness", "")
    if not text:
        return None, None
    m = _THICKNESS.match(text)
    if m is None:
        raise cell_error(
            where, row, "thickness", f"thickness {text!r} is not a number or range with a unit ('0.5-2 in')"
        )
    lo, hi, unit = m.group(1), m.group(2) or m.group(1), m.group(3)
    try:
        return _parsed(state, f"{lo} {unit}", "m"), _parsed(state, f"{hi} {unit}", "m")
    except MgAlloysError as exc:
        raise cell_error(where, row, "thickness", f"bad thickness: {exc}") from None


def _direction(where: str, row: Row) -> str:
    text = row.get("direction", "")
    if text and text.upper() not in _DIRECTIONS:
        raise cell_error(
            where, row, "direction", f"direction {text!r} is not one of {', '.join(_DIRECTIONS)} (or empty)"
        )
    return text.upper()


def significant_figures(text: str) -> int | None:
    """Significant figures of a number as printed: ``'1.80'`` has 3, ``'1.8'`` 2, ``'290'`` 3
    (trailing zeros of an integer are read as printed, i.e. significant)."""
    digits = text.strip().lstrip("+-").lower().split("e")[0].replace(".", "").lstrip("0")
    return len(digits) if digits.isdigit() else None


def _parsed(state: ValueReader, text: str, dimension_of: str) -> Any:
    q = state.quantities.get(text)
    if q is None:
        q = quantity(text)
        expected = quantity(1.0, dimension_of).dimensionality
        if q.dimensionality != expected:
            raise WrongDimensionError(f"{text!r}", str(expected), str(q.dimensionality))
        if not math.isfinite(float(q.magnitude)):
            raise DataError(f"{text!r} is not a finite quantity")
        q = state.quantities[text] = freeze(q)  # shared by many values: read-only
    return q


def _reciprocal(state: ValueReader, pv: dict[str, Any]) -> dict[str, Any] | None:
    """Conductivity from resistivity and the other way round, marked as derived."""
    other = state.infos[pv["property"]].reciprocal_of  # (cached under its id by _info)
    if not other:
        return None
    if state.reciprocal_factor is None:
        # canonical units: sigma [MS/m] = factor / rho [microohm*cm], and the other way round
        one = quantity(1.0, property_info("electrical_resistivity").unit)
        sigma = property_info("electrical_conductivity").unit
        state.reciprocal_factor = float((1 / one).to(sigma).magnitude)
    k = state.reciprocal_factor
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


# --- checking a table column-wise ----------------------------------------------------------------
#: The cells that decide every check of a row but those of its numbers: rows alike in these are
#: checked once, by `_value` on the first of them, and their numbers column-wise.
_SHAPE = ("property", "unit", "kind", "test_temperature", "strain_rate", "conditions", "thickness",
          "direction", "source")  # fmt: skip


def vouched(state: ValueReader, rows: list[tuple[str, Row]], records: list[Row | None]) -> list[bool]:
    """Whether each row converts without an error (see `ValueReader.vouch`).

    A user's folder of 100,000 values is checked whole on load; converting each row there and
    again when its record is built doubled the work. Rows alike in everything but their numbers
    (`_SHAPE`, the record's temper and form, whether a ``value_max`` is given) are checked once
    by `_value` itself; then their numbers are checked together: plain finite numbers, finite in
    the canonical unit, the maximum not below the value, not negative where it cannot be."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    if not rows:
        return []
    # the table's columns (every row has them; a required column is always there: tuples)
    shape = itemgetter(*(c for c in _SHAPE if c in rows[0][1]))
    ranged = "value_max" in rows[0][1]
    for i, ((_, row), rec) in enumerate(zip(rows, records, strict=True)):
        if rec is not None:
            key = (shape(row), ranged and row["value_max"] != "", rec.get("temper"), rec.get("product_form"))
            groups.setdefault(key, []).append(i)
    ok = [False] * len(rows)
    for members in groups.values():
        where, row = rows[members[0]]
        rec = records[members[0]]
        assert rec is not None
        try:
            _value(state, where, row, rec)
        except Exception:  # whatever it is, the row path raises it at its place in the file
            continue  # the rows are read one by one: the first bad one says what is wrong
        info = state.infos[row.get("property", "")]
        if info.is_hardness:
            continue  # a hardness is checked on its scale, value by value
        conv = state.converters[(row.get("unit", ""), info.id)]
        for i, good in zip(members, _numbers_ok(rows, members, conv, info), strict=True):
            ok[i] = good
    return ok


def _floats(cells: list[str]) -> np.ndarray | None:
    """The cells as numbers, as `opt_float` reads them (Python's float), or None if one is not."""
    with suppress(ValueError):
        return np.array(list(map(float, cells)), dtype=float)
    return None


def _numbers_ok(
    rows: list[tuple[str, Row]], members: list[int], conv: tuple[float, float], info: PropertyInfo
) -> list[bool]:
    """What `_numbers` says of each member row's value and value_max (one group: the same unit,
    property, and a value_max in all or none), True where it raises nothing."""
    raw = _floats([rows[i][1].get("value", "") for i in members])
    if raw is None:
        return [False] * len(members)  # (one by one: which cell is not a number)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is what is looked for
        value = conv[0] * raw + conv[1]
    good = np.isfinite(raw) & np.isfinite(value)
    if _never_negative(info):
        good &= (raw >= 0) & (value >= 0)
    if rows[members[0]][1].get("value_max", "") != "":
        raw_max = _floats([rows[i][1]["value_max"] for i in members])
        if raw_max is None:
            return [False] * len(members)
        with np.errstate(over="ignore", invalid="ignore"):
            value_max = conv[0] * raw_max + conv[1]
        good &= np.isfinite(raw_max) & np.isfinite(value_max) & (value_max >= value)
    return [bool(g) for g in good]
