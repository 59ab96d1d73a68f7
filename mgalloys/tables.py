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
* ``pareto``: the non-dominated records of two properties (lighter *and* stronger...);
* ``vs_reference``: ratios to a reference metal, with a readable sentence.

Hardness scales never convert into one another, so hardness gets one column per scale present in
the data (``'hardness [HB]'``, ``'hardness [HV]'``...), each holding the default value on that scale;
in ``rank``, ``pareto`` and ``compare``, ``units={"hardness": "HV"}`` picks a scale.

Examples:
    >>> import mgalloys as mg
    >>> from mgalloys.tables import compare, to_frame, vs_reference
    >>> df = to_frame(units={"uts": "ksi"})
    >>> "tensile_strength [ksi]" in df.columns and "specific_tensile_strength [kN·m/kg]" in df.columns
    True
    >>> print(vs_reference("AZ91D", "6061-T6", ["density", "electrical_conductivity"]))  # doctest: +ELLIPSIS
    AZ91D-F is ... % lighter than 6061-T6, with ... % of its electrical conductivity
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from ._columns import ColumnSpec, affine, column_spec, hardness_scale, resolve_property
from .catalog import Catalog, as_alloys, get_catalog, with_catalog
from .curves import scalar_temperature
from .errors import InputValueError
from .families import REFERENCE, Family
from .inputs import family_id, unit_pairs
from .models import Alloy
from .propertytable import PropertyInfo, default_properties, properties, property_info
from .values import ROOM_TEMPERATURE_C, PropertyValue

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = [
    "META_COLUMNS",
    "Ratio",
    "ReferenceComparison",
    "compare",
    "pareto",
    "pareto_mask",
    "rank",
    "reference_metals",
    "to_frame",
    "vs_reference",
]

#: The metadata columns of a wide table, in order (``families`` is ``;``-separated).
META_COLUMNS = ("record_id", "grade", "temper", "product_form", "families")

AlloyRef = str | Alloy
Units = Mapping[str, str] | None


# --- the numbers behind every table -----------------------------------------------------------
def _mid(v: PropertyValue) -> float:
    return v.value if v.value_max is None else (v.value + v.value_max) / 2


@dataclass(frozen=True)
class _Base:
    """Default values of a list of records, in canonical units (never handed out: copied)."""

    records: tuple[Alloy, ...]
    meta: dict[str, tuple[str | None, ...]]
    values: dict[str, FloatArray]  # stored property id -> default values
    hardness: dict[str, FloatArray]  # hardness scale symbol -> default values on that scale
    row: dict[str, int]

    def take(self, idx: Sequence[int]) -> _Base:
        ix = np.asarray(idx, dtype=np.intp)
        return _Base(
            records=tuple(self.records[i] for i in idx),
            meta={k: tuple(v[i] for i in idx) for k, v in self.meta.items()},
            values={k: v[ix] for k, v in self.values.items()},
            hardness={k: v[ix] for k, v in self.hardness.items()},
            row={self.records[i].record_id: j for j, i in enumerate(idx)},
        )


def _build(records: Sequence[Alloy]) -> _Base:
    n = len(records)
    infos = properties()
    values = {p.id: np.full(n, np.nan) for p in infos if not p.is_hardness}
    hardness: dict[str, FloatArray] = {}
    for i, a in enumerate(records):
        for info in infos:
            if info.is_hardness:  # one column per scale: the first room-temperature value of each
                for v in a.values(info, room_temperature=True):
                    arr = hardness.setdefault(hardness_scale(v.unit), np.full(n, np.nan))
                    if math.isnan(arr[i]):
                        arr[i] = _mid(v)
                continue
            default = a.value(info.id)  # the documented default pick (cached per record)
            if default is not None:
                values[info.id][i] = _mid(default)
    canonical = hardness_scale(property_info("hardness").unit)
    ordered = {canonical: hardness.pop(canonical, np.full(n, np.nan))}
    ordered.update(sorted(hardness.items()))
    meta = {
        "record_id": tuple(a.record_id for a in records),
        "grade": tuple(a.grade for a in records),
        "temper": tuple(a.temper for a in records),
        "product_form": tuple(a.product_form for a in records),
        "families": tuple(";".join(a.families) for a in records),
    }
    return _Base(tuple(records), meta, values, ordered, {a.record_id: i for i, a in enumerate(records)})


@cache
def _bundled(catalog: Catalog) -> _Base:
    return _build(tuple(catalog.records.values()))


def _resolve(alloys: Iterable[AlloyRef] | None) -> tuple[Alloy, ...] | None:
    if alloys is None:
        return None
    return tuple(as_alloys(alloys))  # names, Alloys or dicts of values, as everywhere


def _base(alloys: Iterable[AlloyRef] | None, family: str | int | Family | None = None) -> _Base:
    """The numbers of the given records (default: every bundled one), optionally of one family."""
    bundled = _bundled(get_catalog())
    recs = _resolve(alloys)
    if recs is None:
        base = bundled
    elif all(
        bundled.row.get(a.record_id) is not None and bundled.records[bundled.row[a.record_id]] is a
        for a in recs
    ):
        base = bundled.take([bundled.row[a.record_id] for a in recs])
    else:
        base = _build(recs)
    if family is not None:
        fid = _family_id(family)
        base = base.take([i for i, a in enumerate(base.records) if fid in a.families])
    return base


def _family_id(key: str | int | Family) -> str:
    return family_id(key)


def _specs(units: Units) -> dict[str, ColumnSpec]:
    """Column specs for the properties whose unit the caller chose, by property id."""
    out: dict[str, ColumnSpec] = {}
    for key, unit in unit_pairs(units).items():  # units checked against their properties
        spec = column_spec(key, unit)
        out[spec.id] = spec
    return out


def _column(base: _Base, spec: ColumnSpec) -> FloatArray:
    """A fresh float array of one column (stored or derived), in the spec's unit."""
    d = spec.derived
    if d is not None:
        return d.compute(base.values, spec.unit)
    if spec.prop.is_hardness:
        scale = base.hardness.get(hardness_scale(spec.unit))
        hard: FloatArray = np.full(len(base.records), np.nan) if scale is None else scale.copy()
        return hard
    return spec.convert(base.values[spec.id])


def _numeric_columns(base: _Base, units: Units, derived: bool) -> dict[str, FloatArray]:
    chosen = _specs(units)
    data: dict[str, FloatArray] = {}
    for info in properties():
        if info.is_hardness:
            for scale, arr in base.hardness.items():
                label = info.column if scale == hardness_scale(info.unit) else f"{info.id} [{scale}]"
                data[label] = arr.copy()
            continue
        spec = chosen.get(info.id) or column_spec(info)
        data[spec.label] = _column(base, spec)
    if derived:
        for d in properties(computed=True):
            spec = chosen.get(d.id) or column_spec(d)
            data[spec.label] = _column(base, spec)
    return data


def _at_temperature(base: _Base, temperature: Any) -> _Base:
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
    return _Base(base.records, base.meta, values, empty, base.row)


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
    base = _base(alloys)
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
    return _long_columns(_bundled(catalog).records)


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


def _long_frame(base: _Base, units: Units) -> pd.DataFrame:
    bundled = _bundled(get_catalog())
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
    base: _Base, props: Sequence[str] | None, units: Units, drop_empty: bool
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
        arrays.append(_column(base, spec))
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
    base = _base(list(names))
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
def _meta_frame_data(base: _Base, idx: Any) -> dict[str, Any]:
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
    base = _base(alloys, family)
    spec = _specs(units).get(resolve_property(prop).id) or column_spec(prop)
    x = _column(base, spec)
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
            data[s.label] = _column(base, s)[order]
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
    base = _base(alloys, family)
    chosen = _specs(units)
    sx = chosen.get(resolve_property(x).id) or column_spec(x)
    sy = chosen.get(resolve_property(y).id) or column_spec(y)
    xs, ys = _column(base, sx), _column(base, sy)
    idx = np.flatnonzero(pareto_mask(xs, ys, minimize_x, maximize_y))
    idx = idx[np.lexsort((-ys[idx] if maximize_y else ys[idx], xs[idx]))]
    data = _meta_frame_data(base, idx)
    data[sx.label] = xs[idx]
    if sy.label != sx.label:
        data[sy.label] = ys[idx]
    frame: pd.DataFrame = pd.DataFrame(data, copy=False)
    return frame


# --- ratios to reference metals ---------------------------------------------------------------
class Ratio(BaseModel):
    """One property of an alloy over the same property of a reference (default values)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    property: str
    name: str
    unit: str
    value: float
    reference_value: float
    ratio: float


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


_SHORT = {
    "tensile_strength": "tensile strength",
    "yield_strength": "yield strength",
    "elongation": "elongation",
    "elastic_modulus": "stiffness (E)",
}


def _short(prop: str, name: str) -> str:
    """The property's name inside a sentence ("35 % of its electrical conductivity")."""
    if prop in _SHORT:
        return _SHORT[prop]
    return name if name.startswith(("Young", "Poisson")) else name[:1].lower() + name[1:]


class ReferenceComparison(BaseModel):
    """Ratios of an alloy's properties to a reference metal's; ``sentence`` reads them out.

    A ratio is NaN when either record lacks the value; the sentence leaves such properties out
    and names them at the end.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    alloy: str
    reference: str
    ratios: tuple[Ratio, ...]

    def ratio(self, prop: str) -> float:
        """The ratio of one property (id or alias)."""
        pid = resolve_property(prop).id
        for r in self.ratios:
            if r.property == pid:
                return r.ratio
        raise InputValueError(
            f"{pid} is not in this comparison; it has: {', '.join(r.property for r in self.ratios)}"
        )

    @property
    def sentence(self) -> str:
        """E.g. ``'AZ91D-F is 33 % lighter than 6061-T6, with 26 % of its electrical conductivity'``."""
        known = [r for r in self.ratios if not math.isnan(r.ratio)]
        unknown = [r.property for r in self.ratios if math.isnan(r.ratio)]
        dens = next((r for r in known if r.property == "density"), None)
        others = [r for r in known if r.property != "density"]
        if dens is not None:
            if dens.ratio < 1:
                head = f"{self.alloy} is {_pct(1 - dens.ratio)} lighter than {self.reference}"
            elif dens.ratio > 1:
                head = f"{self.alloy} is {_pct(dens.ratio - 1)} heavier than {self.reference}"
            else:
                head = f"{self.alloy} is as dense as {self.reference}"
            parts = [f"{_pct(r.ratio)} of its {_short(r.property, r.name)}" for r in others]
            text = head + (", with " + ", ".join(parts) if parts else "")
        elif others:
            first, rest = others[0], others[1:]
            name = _short(first.property, first.name)
            text = f"{self.alloy} has {_pct(first.ratio)} of the {name} of {self.reference}"
            text += "".join(f", {_pct(r.ratio)} of its {_short(r.property, r.name)}" for r in rest)
        else:
            text = f"{self.alloy} and {self.reference} share no known property of those asked"
        if unknown:
            text += f" (no data to compare: {', '.join(unknown)})"
        return text

    def __str__(self) -> str:
        return self.sentence

    def to_frame(self) -> pd.DataFrame:
        """One row per property: value, reference value, unit and ratio."""
        frame: pd.DataFrame = pd.DataFrame(
            [r.model_dump() for r in self.ratios],
            columns=["property", "name", "unit", "value", "reference_value", "ratio"],
        )
        renamed: pd.DataFrame = frame.rename(columns={"value": self.alloy, "reference_value": self.reference})
        return renamed


def reference_metals() -> tuple[str, ...]:
    """The record ids of the bundled reference records that are not magnesium (family
    ``reference`` in ``data/records/``): the metals magnesium alloys are compared with."""
    # magnesium itself is the base of every alloy here, not a metal it is compared with
    return tuple(a.record_id for a in get_catalog().select(family=REFERENCE) if a.grade != "Mg")


@with_catalog
def vs_reference(
    alloy: AlloyRef,
    reference: AlloyRef = "6061-T6",
    props: Iterable[str] | None = None,
    *,
    catalog: Catalog | None = None,
) -> ReferenceComparison:
    """Ratios of ``alloy``'s default values to ``reference``'s (any record; the reference metals
    are ``Al``, ``6061-T6``, ``A380-F``, ``Cu`` and ``Ag``).

    ``props`` default: the properties ``data/properties.csv`` marks as compared by default
    (``default_properties(comparison=True)``) that both records have. Temperatures
    (solidus, liquidus...) are refused: a ratio of °C means nothing.

    Examples:
        >>> r = vs_reference("AZ91D", "A380")
        >>> r.reference, r.ratio("density") < 1
        ('A380-F', True)
    """
    base = _base([alloy, reference])
    explicit = props is not None
    wanted = list(props) if props is not None else list(default_properties(comparison=True))
    a_id, r_id = base.meta["record_id"]
    ratios = []
    for p in wanted:
        prop = resolve_property(p)
        if prop.dimension == "[temperature]":
            raise InputValueError(
                f"a ratio of {prop.id} (a temperature) means nothing; use compare() to set "
                "temperatures side by side"
            )
        spec = column_spec(prop)
        vals = _column(base, spec)
        if not explicit and np.isnan(vals).any():
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = float(vals[0] / vals[1]) if vals[1] != 0 else math.nan
        label = spec.label.split("[", 1)[1][:-1]
        ratios.append(
            Ratio(
                property=prop.id,
                name=prop.name,
                unit=label,
                value=float(vals[0]),
                reference_value=float(vals[1]),
                ratio=ratio,
            )
        )
    return ReferenceComparison(alloy=str(a_id), reference=str(r_id), ratios=tuple(ratios))
