"""Reading ``curves/`` rows (of the bundled data or a user's folder) into curves.

A curve is one source's series of one property of one record: the rows that share record,
property, source, kind, exposure, strain rate, conditions, thickness and direction (see
data/README.md, "curves"). The loader hands each record's rows here when it builds the record;
every problem is a `mgalloys.DataError` naming file and line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ._data import Row
from .bibliography import Source
from .curves import Curve, CurvePoint, kelvin_of
from .errors import DataError, MgAlloysError, WrongDimensionError
from .propertytable import PropertyInfo, property_info
from .temperatures import temperature_of
from .units import quantity
from .values import Kind

__all__ = ["CURVE_COLUMNS", "CURVE_REQUIRED", "SERIES_KEYS", "curves_from_rows", "series_key"]

#: The columns besides record, property, source and kind that tell one series from another.
SERIES_KEYS = ("exposure", "strain_rate", "conditions", "thickness", "direction")
#: The columns a ``curves/`` file must have, and those it may have besides (data/README.md).
CURVE_REQUIRED = ("record_id", "property", "temperature", "value", "unit", "kind", "source", "reading")
CURVE_COLUMNS = ("rt_value", *SERIES_KEYS, "locator", "note")


def series_key(row: Row) -> tuple[str, ...]:
    """The series a ``curves/`` row belongs to (one curve per key)."""
    return (
        row.get("property", ""),
        row.get("source", ""),
        row.get("kind", ""),
        *(row.get(k, "") for k in SERIES_KEYS),
    )


def curves_from_rows(
    record_id: str, rows: Sequence[tuple[str, Row]], source: Callable[[str, Row], Source]
) -> list[Curve]:
    """The curves of one record from its checked ``curves/`` rows (``(where, row)``, file order);
    ``source(where, row)`` returns the source a row cites."""
    groups: dict[tuple[str, ...], tuple[str, Row, PropertyInfo, list[CurvePoint]]] = {}
    for where, row in rows:
        info = curve_property(where, row)
        key = (info.id, *series_key(row)[1:])
        groups.setdefault(key, (where, row, info, []))[3].append(_point(where, row, info))
    return [
        _build(where, row, record_id, info.id, source(where, row), pts)
        for where, row, info, pts in groups.values()
    ]


def curve_property(where: str, row: Row) -> PropertyInfo:
    """The property of a ``curves/`` row: one that varies with temperature, not a hardness."""
    try:
        info = property_info(row.get("property", ""))
    except MgAlloysError as exc:
        raise DataError(f"{where}: {exc}") from None
    if info.is_hardness or not info.temperature_dependent:
        raise DataError(f"{where}: {info.id} has no curves across temperature")
    return info


def _point(where: str, row: Row, info: PropertyInfo) -> CurvePoint:
    try:
        raw = float(row.get("value", ""))
    except ValueError:
        raise DataError(f"{where}: column 'value' must be a plain number, got {row.get('value')!r}") from None
    unit, rt_text, t_text = row.get("unit", ""), row.get("rt_value", ""), row.get("temperature", "")
    try:
        if unit == "%RT":
            if not rt_text:
                raise DataError(
                    f"{where}: a %RT value needs rt_value, the room-temperature value it refers to"
                )
            value = info.coerce(quantity(rt_text)) * (raw / 100.0)
            published = f"{raw:g} %RT of {rt_text}"
        else:
            if rt_text:
                raise DataError(f"{where}: rt_value goes only with the unit %RT")
            value, published = info.coerce(quantity(raw, unit)), f"{raw:g} {unit}"
        temperature = temperature_of(t_text)
    except DataError:
        raise
    except MgAlloysError as exc:
        raise DataError(f"{where}: {exc}") from None
    reading = row.get("reading", "")
    if reading not in ("printed", "digitised"):
        raise DataError(f"{where}: reading must be 'printed' or 'digitised', got {reading!r}")
    return CurvePoint(
        temperature=temperature,
        value=value.to(info.unit),
        printed_temperature=t_text,
        published=published,
        reading=reading,
        locator=row.get("locator", ""),
        note=row.get("note", ""),
    )


def _optional(where: str, text: str, unit: str) -> Any:
    if not text:
        return None
    try:
        q = quantity(text)
        if q.dimensionality != quantity(1.0, unit).dimensionality:
            raise WrongDimensionError(repr(text), unit, str(q.dimensionality))
    except MgAlloysError as exc:
        raise DataError(f"{where}: {exc}") from None
    return q


def _build(where: str, row: Row, rid: str, prop: str, source: Source, pts: list[CurvePoint]) -> Curve:
    try:
        kind = Kind(row.get("kind", ""))
    except ValueError:
        raise DataError(
            f"{where}: unknown kind {row.get('kind')!r} (known: {', '.join(k.value for k in Kind)})"
        ) from None
    fields = {
        "record_id": rid,
        "property": prop,
        "unit": property_info(prop).unit,
        "kind": kind,
        "source": source,
        "exposure": _optional(where, row.get("exposure", ""), "hour"),
        "strain_rate": _optional(where, row.get("strain_rate", ""), "1/s"),
        **{k: row.get(k, "") for k in ("conditions", "thickness", "direction")},
        "points": tuple(sorted(pts, key=kelvin_of)),
    }
    try:
        return Curve(**fields)
    except ValueError:
        temps = [p.printed_temperature for p in pts]
        raise DataError(
            f"{where}: the series of {rid} {prop} from {source.key} has one temperature twice ({temps}); "
            "give the points a distinguishing column (conditions, exposure...)"
        ) from None
