"""The numbers behind every table: the default values of a list of records as float arrays in
canonical units, one column per stored property and per hardness scale, computed once per catalog
and copied for each table (a table never hands out these arrays).

Values are the records' **default values** (``mgalloys.Alloy.value``); a published range counts by
its midpoint, as in ``mgalloys.Alloy.get``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from ._columns import ColumnSpec, hardness_scale
from .alloylike import as_alloys
from .catalog import Catalog, get_catalog
from .families import Family
from .inputs import family_id
from .models import Alloy
from .propertytable import properties, property_info
from .values import PropertyValue

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

__all__ = ["AlloyRef", "TableData", "bundled_table_data", "table_data"]

AlloyRef = str | Alloy


def _mid(v: PropertyValue) -> float:
    return v.value if v.value_max is None else (v.value + v.value_max) / 2


@dataclass(frozen=True)
class TableData:
    """Default values of a list of records, in canonical units (never handed out: copied)."""

    records: tuple[Alloy, ...]
    meta: dict[str, tuple[str | None, ...]]
    values: dict[str, FloatArray]  # stored property id -> default values
    hardness: dict[str, FloatArray]  # hardness scale symbol -> default values on that scale
    row: dict[str, int]

    def take(self, idx: Sequence[int]) -> TableData:
        ix = np.asarray(idx, dtype=np.intp)
        return TableData(
            records=tuple(self.records[i] for i in idx),
            meta={k: tuple(v[i] for i in idx) for k, v in self.meta.items()},
            values={k: v[ix] for k, v in self.values.items()},
            hardness={k: v[ix] for k, v in self.hardness.items()},
            row={self.records[i].record_id: j for j, i in enumerate(idx)},
        )

    def column(self, spec: ColumnSpec) -> FloatArray:
        """A fresh float array of one column (stored or derived), in the spec's unit."""
        d = spec.derived
        if d is not None:
            return d.compute(self.values, spec.unit)
        if spec.prop.is_hardness:
            scale = self.hardness.get(hardness_scale(spec.unit))
            hard: FloatArray = np.full(len(self.records), np.nan) if scale is None else scale.copy()
            return hard
        return spec.convert(self.values[spec.id])


def _build(records: Sequence[Alloy]) -> TableData:
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
    return TableData(tuple(records), meta, values, ordered, {a.record_id: i for i, a in enumerate(records)})


@cache
def bundled_table_data(catalog: Catalog) -> TableData:
    """Every record of ``catalog`` (computed once per catalog)."""
    return _build(tuple(catalog.records.values()))


def _resolve(alloys: Iterable[AlloyRef] | None) -> tuple[Alloy, ...] | None:
    if alloys is None:
        return None
    return tuple(as_alloys(alloys))  # names, Alloys or dicts of values, as everywhere


def table_data(alloys: Iterable[AlloyRef] | None, family: str | int | Family | None = None) -> TableData:
    """The numbers of the given records (default: every bundled one), optionally of one family."""
    bundled = bundled_table_data(get_catalog())
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
        fid = family_id(family)
        base = base.take([i for i, a in enumerate(base.records) if fid in a.families])
    return base
