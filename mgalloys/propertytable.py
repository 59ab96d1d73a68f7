"""The property metadata table: one row per property the library knows.

``data/properties.csv`` drives validation (plausible ranges), units (the canonical unit of each
property), DataFrame column names and the generated docs.

Examples:
    >>> import mgalloys as mg
    >>> mg.property_info("uts").id
    'tensile_strength'
    >>> str(mg.property_info("tc").unit)
    'W/(m*K)'
"""

from __future__ import annotations

import difflib
from functools import cache, cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict

from ._data import read_table
from .errors import DataError, IncompatibleScalesError, UnknownPropertyError, WrongDimensionError
from .units import check_dimensionless, format_quantity, parse_unit, quantity, unit_text

__all__ = ["PropertyInfo", "properties", "property_id", "property_info"]


class PropertyInfo(BaseModel):
    """Metadata of one property: id, aliases, name, symbol, canonical unit, plausible range."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str
    aliases: tuple[str, ...] = ()
    name: str
    symbol: str
    unit: str
    dimension: str
    mg_min: float
    mg_max: float
    temperature_dependent: bool = True
    description: str = ""

    @cached_property
    def canonical_unit(self) -> Any:
        """The canonical unit as a pre-parsed pint Unit."""
        return parse_unit(self.unit)

    @property
    def is_hardness(self) -> bool:
        return self.dimension == "hardness"

    @property
    def column(self) -> str:
        """DataFrame column name: id and canonical unit as the field writes it,
        e.g. ``'tensile_strength [MPa]'``, ``'thermal_conductivity [W/(m·K)]'``."""
        return f"{self.id} [{unit_text(self.canonical_unit)}]"

    def coerce(self, value: Any) -> Any:
        """Return ``value`` as a Quantity of this property's dimension (not converted).

        Raises ``WrongDimensionError`` naming the property, the expected dimension and
        what was given.
        """
        q = quantity(value)
        if self.is_hardness:
            if not any(str(d).startswith("[") and "hardness" in str(d) for d in q.dimensionality):
                raise WrongDimensionError(
                    f"property {self.id!r}",
                    "a hardness scale (HB, HV, HK, HRB, HRE, HRF)",
                    f"{format_quantity(q)} ({q.dimensionality})",
                )
            return q
        if q.dimensionality != self.canonical_unit.dimensionality:
            raise WrongDimensionError(
                f"property {self.id!r}",
                f"{self.canonical_unit.dimensionality} (e.g. {self.unit})",
                f"{format_quantity(q)} ({q.dimensionality})",
            )
        if self.dimension == "dimensionless":  # percent is not ppm, and 12 is not 12 %
            check_dimensionless(q, self.unit, f"property {self.id!r}")
        return q

    def to_canonical(self, value: Any) -> float:
        """Magnitude of ``value`` in the canonical unit, after the dimension check."""
        q = self.coerce(value)
        if self.is_hardness:
            if q.units != self.canonical_unit:
                raise IncompatibleScalesError(
                    f"hardness {format_quantity(q)} is not on the {self.unit} scale and cannot "
                    "be converted to it"
                )
            return float(q.magnitude)
        return float(q.to(self.canonical_unit).magnitude)


def _parse_row(where: str, row: dict[str, str]) -> PropertyInfo:
    try:
        return PropertyInfo(
            id=row["id"],
            aliases=tuple(a for a in row["aliases"].split(";") if a),
            name=row["name"],
            symbol=row["symbol"],
            unit=row["unit"],
            dimension=row["dimension"],
            mg_min=float(row["mg_min"]),
            mg_max=float(row["mg_max"]),
            temperature_dependent=row["temperature_dependent"] == "yes",
            description=row["description"],
        )
    except (KeyError, ValueError) as exc:
        raise DataError(f"{where}: bad property row: {exc}") from None


@cache
def _table() -> tuple[tuple[PropertyInfo, ...], dict[str, PropertyInfo]]:
    infos = tuple(_parse_row(w, r) for w, r in read_table("properties.csv"))
    index: dict[str, PropertyInfo] = {}
    for info in infos:
        for key in (info.id, *info.aliases):
            if key.lower() in index:
                raise DataError(f"data/properties.csv: name {key!r} is used twice")
            index[key.lower()] = info
    return infos, index


def properties() -> tuple[PropertyInfo, ...]:
    """Every property the library knows, in table order."""
    return _table()[0]


def property_info(name: str | PropertyInfo) -> PropertyInfo:
    """The metadata of a property, by id or alias (case-insensitive): ``'uts'``, ``'tc'``..."""
    if isinstance(name, PropertyInfo):
        return name
    index = _table()[1]
    if not isinstance(name, str):
        raise UnknownPropertyError(repr(name), (), [p.id for p in properties()])
    try:
        return index[name.strip().lower().replace(" ", "_").replace("-", "_")]
    except KeyError:
        if len(name) > 200:  # mgalloys.units.MAX_TEXT_LENGTH: no property name is that long
            raise UnknownPropertyError(name[:20] + "...", [], [p.id for p in properties()]) from None
        close = difflib.get_close_matches(name.lower(), list(index), n=3, cutoff=0.6)
        ids = list(dict.fromkeys(index[c].id for c in close))
        raise UnknownPropertyError(name, ids, [p.id for p in properties()]) from None


def property_id(name: str | PropertyInfo) -> str:
    """The canonical id of a property name or alias: ``property_id('uts') == 'tensile_strength'``."""
    return property_info(name).id
