"""Tables: alloy records as pandas DataFrames, comparisons, rankings, Pareto fronts, reference ratios.

Every table holds plain float columns with the unit in the column name (``'tensile_strength
[MPa]'``, ``'tensile_strength [ksi]'`` when asked for ksi), never object columns of Quantities.
Numbers are the records' **default values** (see ``mgalloys.Alloy.value``: room temperature,
typical before minimum, best source kind first); a published range counts by its midpoint, as
in ``mgalloys.Alloy.get``. Every frame returned is fresh: changing it never changes the
bundled data or a later result.

* ``to_frame``: one row per record (wide), or one row per sourced value (``long=True``);
* ``compare``: properties as rows, the named records side by side as columns;
* ``rank``: records ordered by a property or a derived property, optionally in one family;
* ``pareto``: the non-dominated records of two properties (lighter *and* stronger...).

Ratios to a reference metal, with a readable sentence, are ``mgalloys.references.vs_reference``;
the numbers behind every table are ``mgalloys.tabledata``.

Hardness scales never convert into one another, so hardness gets one column per scale present in
the data (``'hardness [HB]'``, ``'hardness [HV]'``...), each holding the default value on that scale;
in ``rank``, ``pareto`` and ``compare``, ``units={"hardness": "HV"}`` picks a scale.

Examples:
    >>> import mgalloys as mg
    >>> from mgalloys.tables import to_frame
    >>> df = to_frame(units={"uts": "ksi"})
    >>> "tensile_strength [ksi]" in df.columns and "specific_tensile_strength [kN·m/kg]" in df.columns
    True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._columns import ColumnSpec, affine, column_spec, hardness_scale, resolve_property
from .catalog import Catalog, get_catalog, with_catalog
from .errors import InputValueError
from .families import Family
from .inputs import unit_pairs
from .models import Alloy
from .propertytable import PropertyInfo, properties, property_info
from .tabledata import AlloyRef, TableData, bundled_table_data, table_data
from .temperatures import ROOM_TEMPERATURE_C, scalar_temperature

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = [
    "META_COLUMNS",
    "compare",
    "pareto",
    "pareto_mask",
    "rank",
    "to_frame",
]

#: The metadata columns of a wide table, in order (``families`` is ``;``-separated).
META_COLUMNS = ("record_id", "grade", "temper", "product_form", "families")

Units = Mapping[str, str] | None


def _specs(units: Units) -> dict[str, ColumnSpec]:
    """Column specs for the properties whose unit the caller chose, by property id."""
    out: dict[str, ColumnSpec] = {}
    for key, unit in unit_pairs(units).items():  # units checked against their properties
        spec = column_spec(key, unit)
        out[spec.id] = spec
    return out


def _numeric_columns(base: TableData, units: Units, derived: bool) -> dict[str, FloatArray]:
    chosen = _specs(units)
    data: dict[str, FloatArray] = {}
    for info in properties():
        if info.is_hardness:
            for scale, arr in base.hardness.items():
                label = info.column if scale == hardness_scale(info.unit) else f"{info.id} [{scale}]"
                data[label] = arr.copy()
            continue
        spec = chosen.get(info.id) or column_spec(info)
        data[spec.label] = base.column(spec)
    if derived:
        for d in properties(computed=True):
            spec = chosen.get(d.id) or column_spec(d)
            data[spec.label] = base.column(spec)
    return data


def _at_temperature(base: TableData, temperature: Any) -> TableData:
    """The same records with each temperature-dependent value taken from the curves at one
    temperature (NaN where unknown); hardness has no curves and is left out."""
    t = scalar_temperature(temperature)  # a bad temperature fails even where no record has curves
    n = len(base.records)
    values = {
        k: v if not property_info(k).temperature_dependent else np.full(n, np.nan)
        for k, v in base.values.items()
    }
    for i, a in enumerate(base.records):
        for prop in dict.fromkeys(c.property for c in a.curves()):
            res = a.at(prop, t)
            if res.value is not None:
                values[prop][i] = float(res.value.to(property_info(prop).unit).magnitude)
    empty = {k: np.full(n, np.nan) for k in base.hardness}
    return TableData(base.records, base.meta, values, empty, base.row)


# --- to_frame ---------------------------------------------------------------------------------
@with_catalog
def to_frame(
    alloys: Iterable[AlloyRef] | None = None,
    *,
    units: Units = None,
    long: bool = False,
    derived: bool = True,
    catalog: Catalog | None = None,
    at: Any = None,
) -> pd.DataFrame:
    """The records as a DataFrame: wide (one row per record) or long (one row per sourced value).

    ``alloys``: names or ``Alloy`` records (default: every bundled record).
    ``units`` maps property ids or aliases (derived ones too) to units: ``{"uts": "ksi"}`` gives
    the column ``'tensile_strength [ksi]'``; a unit of the wrong dimension raises
    ``WrongDimensionError``.

    Wide: the metadata columns ``META_COLUMNS``, then one float column per property (default
    values at room temperature, see the module docs), then the derived properties
    (``mgalloys.derived``) unless ``derived=False``.

    Long: one row per sourced value, every test temperature included: ``record_id, grade,
    temper, product_form, property, value, value_max, unit, kind, room_temperature,
    test_temperature [°C], strain_rate [1/s], conditions, source, source_kind, locator,
    published, derived_from, note``. ``unit`` is the unit of ``value`` on that row (the
    canonical unit, the asked unit, or the hardness scale). Derived properties are not sourced
    values and do not appear in the long form.

    ``at`` (a temperature, e.g. ``"200 degC"``): the wide table at that temperature instead of
    room temperature. Each temperature-dependent property holds the record's answer from its
    curves (``mgalloys.Alloy.at``: one source's curve, interpolated, NaN where no curve
    covers the temperature, never extrapolated); properties that are not measured at a
    temperature (solidus, liquidus, maximum service temperature) keep their default values;
    derived columns are computed from the values at ``at``.

    Examples:
        >>> import mgalloys as mg
        >>> df = to_frame(["AZ91D", "AM60B"], units={"uts": "ksi"})
        >>> list(df["record_id"])
        ['AZ91D-F', 'AM60B-F']
        >>> az91 = mg.alloy("AZ91D").get("uts", "ksi").magnitude
        >>> bool(df["tensile_strength [ksi]"].iloc[0] == az91)
        True
    """
    base = table_data(alloys)
    if at is not None:
        if long:
            raise InputValueError("to_frame(at=...) gives the wide table; the long form has all temperatures")
        base = _at_temperature(base, at)
    if long:
        return _long_frame(base, units)
    # text columns as pandas' string dtype (missing = <NA>) on pandas 2 and 3 alike
    data: dict[str, Any] = {k: pd.array(list(v), dtype="string") for k, v in base.meta.items()}
    data.update(_numeric_columns(base, units, derived))
    frame: pd.DataFrame = pd.DataFrame(data, copy=False)
    return frame


_LONG_ORDER = (
    "record_id",
    "grade",
    "temper",
    "product_form",
    "property",
    "value",
    "value_max",
    "unit",
    "kind",
    "room_temperature",
    "test_temperature [°C]",
    "strain_rate [1/s]",
    "conditions",
    "source",
    "source_kind",
    "locator",
    "published",
    "derived_from",
    "note",
)
# columns computed from the test temperature and strain rate after the rows are gathered
_LONG_COMPUTED = frozenset({"room_temperature", "test_temperature [°C]", "strain_rate [1/s]"})


@dataclass(frozen=True)
class _Long:
    columns: dict[str, Any]  # column name -> tuple of row values or float array
    props: Any  # numpy array of property ids


@cache
def _long_bundled(catalog: Catalog) -> _Long:
    return _long_columns(bundled_table_data(catalog).records)


def _long_columns(records: Sequence[Alloy]) -> _Long:
    cols: dict[str, list[Any]] = {k: [] for k in _LONG_ORDER if k not in _LONG_COMPUTED}
    t_mag: list[float] = []
    t_unit: list[str] = []
    r_mag: list[float] = []
    r_unit: list[str] = []
    for a in records:
        for v in a.property_values:
            c = v.conditions
            cols["record_id"].append(a.record_id)
            cols["grade"].append(a.grade)
            cols["temper"].append(a.temper)
            cols["product_form"].append(a.product_form)
            cols["property"].append(v.property)
            cols["value"].append(v.value)
            cols["value_max"].append(math.nan if v.value_max is None else v.value_max)
            cols["unit"].append(v.unit)
            cols["kind"].append(v.kind.value)
            cols["conditions"].append(c.note)
            cols["source"].append(v.source.key)
            cols["source_kind"].append(v.source.kind.value)
            cols["locator"].append(v.locator)
            cols["published"].append(v.published)
            cols["derived_from"].append(v.derived_from)
            cols["note"].append(v.note)
            t, r = c.test_temperature, c.strain_rate
            t_mag.append(math.nan if t is None else float(t.magnitude))
            t_unit.append("degC" if t is None else str(t.units))
            r_mag.append(math.nan if r is None else float(r.magnitude))
            r_unit.append("1/s" if r is None else str(r.units))
    out: dict[str, Any] = {k: tuple(v) for k, v in cols.items()}
    out["value"] = np.array(cols["value"], dtype=np.float64)
    out["value_max"] = np.array(cols["value_max"], dtype=np.float64)
    celsius = _converted(np.array(t_mag, dtype=np.float64), t_unit, "degC")
    with np.errstate(invalid="ignore"):
        lo, hi = ROOM_TEMPERATURE_C
        out["room_temperature"] = np.isnan(celsius) | ((celsius >= lo) & (celsius <= hi))
    out["test_temperature [°C]"] = celsius
    out["strain_rate [1/s]"] = _converted(np.array(r_mag, dtype=np.float64), r_unit, "1/s")
    return _Long(out, np.array(cols["property"], dtype=object))


def _converted(mags: FloatArray, units: list[str], dst: str) -> FloatArray:
    """Magnitudes in per-row units to ``dst``: one pint conversion per distinct unit."""
    out: FloatArray = mags.copy()
    unit_arr = np.array(units, dtype=object)
    for u in set(units):
        a, b = affine(u, dst)
        if a != 1.0 or b != 0.0:
            mask = unit_arr == u
            out[mask] = mags[mask] * a + b
    return out


def _long_frame(base: TableData, units: Units) -> pd.DataFrame:
    bundled = bundled_table_data(get_catalog())
    lg = _long_bundled(get_catalog()) if base is bundled else _long_columns(base.records)
    data: dict[str, Any] = {}
    for k in _LONG_ORDER:
        v = lg.columns[k]
        data[k] = v.copy() if isinstance(v, np.ndarray) else list(v)
    for pid, spec in _specs(units).items():
        if spec.derived is not None:
            continue  # derived properties are not in the long form
        assert isinstance(spec.prop, PropertyInfo)
        if spec.prop.is_hardness:
            continue  # per-row scales stay as they are (column_spec refused other scales)
        mask = lg.props == pid
        if not mask.any():
            continue
        for col in ("value", "value_max"):
            data[col][mask] = data[col][mask] * spec.a + spec.b
        units_col = np.array(data["unit"], dtype=object)
        units_col[mask] = spec.unit
        data["unit"] = list(units_col)
    frame: pd.DataFrame = pd.DataFrame(data, copy=False)
    return frame


# --- compare ----------------------------------------------------------------------------------
def _labels_and_arrays(
    base: TableData, props: Sequence[str] | None, units: Units, drop_empty: bool
) -> tuple[list[str], list[FloatArray]]:
    chosen = _specs(units)
    if props is None:
        cols = _numeric_columns(base, units, derived=True)
        items = [(k, v) for k, v in cols.items() if not (drop_empty and np.isnan(v).all())]
        return [k for k, _ in items], [v for _, v in items]
    labels: list[str] = []
    arrays: list[FloatArray] = []
    for p in props:
        prop = resolve_property(p)
        if isinstance(prop, PropertyInfo) and prop.is_hardness and prop.id not in chosen:
            for scale, arr in base.hardness.items():
                if scale == hardness_scale(prop.unit) or not np.isnan(arr).all():
                    labels.append(
                        prop.column if scale == hardness_scale(prop.unit) else f"hardness [{scale}]"
                    )
                    arrays.append(arr.copy())
            continue
        spec = chosen.get(prop.id) or column_spec(prop)
        labels.append(spec.label)
        arrays.append(base.column(spec))
    return labels, arrays


@with_catalog
def compare(
    names: Iterable[AlloyRef],
    props: Iterable[str] | None = None,
    units: Units = None,
    *,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """The named records side by side: **one column per record** (named by record id), **one row
    per property** (named like ``'tensile_strength [ksi]'``), default values as floats.

    ``props``: property ids or aliases, derived ones included (default: every property that at
    least one of the records has, then the derived ones). ``units`` as in ``to_frame``.

    Examples:
        >>> table = compare(["AZ91D", "AM60B", "AE44"], ["uts", "el", "density"], units={"uts": "ksi"})
        >>> table.columns.tolist(), table.index.tolist()
        (['AZ91D-F', 'AM60B-F', 'AE44-F'], ['tensile_strength [ksi]', 'elongation [%]', 'density [g/cm³]'])
    """
    base = table_data(list(names))
    labels, arrays = _labels_and_arrays(base, None if props is None else list(props), units, drop_empty=True)
    matrix = np.vstack(arrays) if arrays else np.empty((0, len(base.records)))
    table: pd.DataFrame = pd.DataFrame(
        matrix,
        index=pd.Index(labels, name="property"),
        columns=pd.Index(list(base.meta["record_id"]), name="record"),
        copy=False,
    )
    return table


# --- rank and pareto --------------------------------------------------------------------------
def _meta_frame_data(base: TableData, idx: Any) -> dict[str, Any]:
    return {k: [base.meta[k][i] for i in idx] for k in ("record_id", "grade", "temper", "product_form")}


@with_catalog
def rank(
    prop: str,
    family: str | int | Family | None = None,
    ascending: bool = False,
    *,
    alloys: Iterable[AlloyRef] | None = None,
    units: Units = None,
    n: int | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Records ordered by a property or derived property (highest first unless ``ascending``).

    ``family``: a family id, number or ``Family`` (membership as the data claims
    it), or ``'reference'``. Records without the value are left out. Ties keep data order.
    Columns: ``rank`` (1 = best), ``record_id, grade, temper, product_form``, the value column,
    and for a derived property its inputs (in canonical units).

    Examples:
        >>> rank("specific_strength", family="mg-li", n=3).columns[-3:].tolist()
        ['specific_tensile_strength [kN·m/kg]', 'tensile_strength [MPa]', 'density [g/cm³]']
    """
    base = table_data(alloys, family)
    spec = _specs(units).get(resolve_property(prop).id) or column_spec(prop)
    x = base.column(spec)
    keep = np.flatnonzero(~np.isnan(x))
    order = keep[np.argsort(x[keep] if ascending else -x[keep], kind="stable")]
    if n is not None:
        order = order[: max(n, 0)]
    data: dict[str, Any] = {"rank": np.arange(1, len(order) + 1)}
    data.update(_meta_frame_data(base, order))
    data[spec.label] = x[order]
    d = spec.derived
    if d is not None:
        for inp in d.inputs:
            s = column_spec(inp)
            data[s.label] = base.column(s)[order]
    frame: pd.DataFrame = pd.DataFrame(data, copy=False)
    return frame


def pareto_mask(x: Any, y: Any, minimize_x: bool = True, maximize_y: bool = True) -> BoolArray:
    """Which points are non-dominated (Pareto-optimal), in O(n log n) with numpy.

    A point dominates another when it is no worse in both and better in at least one; equal
    points do not dominate each other. NaN in ``x`` or ``y`` is never on the front.

    Examples:
        >>> pareto_mask([1.0, 2.0, 3.0, 1.5], [10.0, 30.0, 20.0, 5.0]).tolist()
        [True, True, False, False]
    """
    xa = np.asarray(x, dtype=np.float64)
    ya = np.asarray(y, dtype=np.float64)
    if xa.shape != ya.shape or xa.ndim != 1:
        shapes = f"{xa.shape} and {ya.shape}"
        raise InputValueError(f"pareto_mask needs two 1-d arrays of one length, got {shapes}")
    out = np.zeros(xa.shape, dtype=bool)
    ok = np.flatnonzero(~(np.isnan(xa) | np.isnan(ya)))
    if ok.size == 0:
        return out
    a = xa[ok] if minimize_x else -xa[ok]  # both minimized from here on
    b = -ya[ok] if maximize_y else ya[ok]
    order = np.lexsort((b, a))  # by a, then b
    a, b = a[order], b[order]
    m = b.size
    incl_min = np.minimum.accumulate(b)  # min of b[0..k]
    prev_min = np.empty(m)
    prev_min[0] = np.inf
    prev_min[1:] = incl_min[:-1]
    new_min = b < prev_min  # where a strictly smaller b first appears
    first = np.maximum.accumulate(np.where(new_min, np.arange(m), 0))  # where min of b[0..k] was reached
    prev_first = np.zeros(m, dtype=np.intp)
    prev_first[1:] = first[:-1]
    dominated = (prev_min < b) | ((prev_min == b) & (a[prev_first] < a))
    dominated[0] = False
    out[ok[order[~dominated]]] = True
    return out


@with_catalog
def pareto(
    x: str,
    y: str,
    minimize_x: bool = True,
    maximize_y: bool = True,
    *,
    family: str | int | Family | None = None,
    alloys: Iterable[AlloyRef] | None = None,
    units: Units = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """The non-dominated records for two properties (stored or derived), ordered by ``x``.

    By default lower ``x`` and higher ``y`` are better: ``pareto("density", "tensile_strength")``
    gives the records that no other record beats on both lightness and strength. Records missing
    either value are left out.

    Examples:
        >>> front = pareto("density", "tensile_strength")
        >>> bool(front["density [g/cm³]"].is_monotonic_increasing)
        True
    """
    base = table_data(alloys, family)
    chosen = _specs(units)
    sx = chosen.get(resolve_property(x).id) or column_spec(x)
    sy = chosen.get(resolve_property(y).id) or column_spec(y)
    xs, ys = base.column(sx), base.column(sy)
    idx = np.flatnonzero(pareto_mask(xs, ys, minimize_x, maximize_y))
    idx = idx[np.lexsort((-ys[idx] if maximize_y else ys[idx], xs[idx]))]
    data = _meta_frame_data(base, idx)
    data[sx.label] = xs[idx]
    if sy.label != sx.label:
        data[sy.label] = ys[idx]
    frame: pd.DataFrame = pd.DataFrame(data, copy=False)
    return frame
