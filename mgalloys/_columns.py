"""Column specifications shared by tables and screening: a property (stored or derived) in a unit.

A unit conversion is worked out once per (unit, property) with pint as ``x -> a * x + b`` (``b`` is
non-zero only for offset units such as degC to degF) and then applied to whole float arrays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from .derived import DerivedProperty, derived_info, derived_properties, is_derived
from .errors import IncompatibleScalesError, UnitsError, UnknownPropertyError, WrongDimensionError
from .propertytable import PropertyInfo, properties, property_info
from .units import affine, parse_unit, quantity

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

__all__ = ["ColumnSpec", "affine", "column_spec", "hardness_scale", "parse_column_name", "resolve_property"]


@cache
def hardness_scale(unit: str) -> str:
    """The short symbol of a hardness scale unit: ``'HB'``, ``'HV'``, ``'HRE'``..."""
    return f"{parse_unit(unit):~P}"


def resolve_property(name: str | PropertyInfo | DerivedProperty) -> PropertyInfo | DerivedProperty:
    """A stored property (``PropertyInfo``) or a derived one, by id or alias.

    Raises ``UnknownPropertyError`` listing both kinds of names.
    """
    if isinstance(name, (PropertyInfo, DerivedProperty)):
        return name
    if isinstance(name, str) and is_derived(name):
        return derived_info(name)
    try:
        return property_info(name)
    except UnknownPropertyError as exc:
        known = [p.id for p in properties()] + [d.id for d in derived_properties()]
        try:
            derived_info(str(name))
        except UnknownPropertyError as dexc:
            suggestions = list(exc.suggestions) + list(dexc.suggestions)
        raise UnknownPropertyError(exc.name, suggestions, known) from None


@dataclass(frozen=True)
class ColumnSpec:
    """One float column: a property in a unit, its label, and the conversion from canonical."""

    prop: PropertyInfo | DerivedProperty
    unit: str
    label: str
    a: float = 1.0
    b: float = 0.0

    @property
    def id(self) -> str:
        return self.prop.id

    @property
    def derived(self) -> DerivedProperty | None:
        return self.prop if isinstance(self.prop, DerivedProperty) else None

    def convert(self, canonical: FloatArray) -> FloatArray:
        """A fresh array in this column's unit from an array in the canonical unit."""
        if self.a == 1.0 and self.b == 0.0:
            same: FloatArray = canonical.copy()
            return same
        out: FloatArray = canonical * self.a
        if self.b:
            out += self.b
        return out


def column_spec(name: str | PropertyInfo | DerivedProperty, unit: str | None = None) -> ColumnSpec:
    """The column of a property (stored or derived) in ``unit`` (default: its canonical unit).

    Raises ``WrongDimensionError`` for a unit of another dimension and
    ``IncompatibleScalesError`` for another hardness scale.
    """
    return _column_spec(resolve_property(name), unit)


@cache
def _column_spec(prop: PropertyInfo | DerivedProperty, unit: str | None) -> ColumnSpec:
    if isinstance(prop, DerivedProperty):
        if unit is None or unit.strip() == prop.unit:
            return ColumnSpec(prop, prop.unit, prop.column)
        u = unit.strip()
        return ColumnSpec(prop, u, f"{prop.id} [{u}]", a=prop.factor(u) / prop.factor())
    if unit is None:
        return ColumnSpec(prop, prop.unit, prop.column)
    u = unit.strip()
    if prop.is_hardness:
        # a hardness "unit" picks a scale; scales never convert into one another
        try:
            prop.coerce(quantity(1.0, u))
        except WrongDimensionError as exc:
            raise IncompatibleScalesError(
                f"hardness is read on its own scales (HB, HV, HK, HRB, HRE, HRF) and never converted; "
                f"{u!r} is not one of them ({exc.given})"
            ) from None
        scale = hardness_scale(u)
        label = prop.column if scale == hardness_scale(prop.unit) else f"{prop.id} [{scale}]"
        return ColumnSpec(prop, scale, label)
    try:
        prop.coerce(quantity(1.0, u))
    except WrongDimensionError as exc:
        raise WrongDimensionError(f"the unit {u!r} for {prop.id}", exc.expected, exc.given) from None
    except UnitsError:
        raise
    if parse_unit(u) == prop.canonical_unit:
        return ColumnSpec(prop, prop.unit, f"{prop.id} [{u}]")
    a, b = affine(prop.unit, u)
    return ColumnSpec(prop, u, f"{prop.id} [{u}]", a=a, b=b)


_COLUMN = re.compile(r"^\s*([A-Za-z_][\w]*)\s*\[(.*)\]\s*$")


def parse_column_name(name: Any) -> tuple[str, str] | None:
    """``('tensile_strength', 'ksi')`` from a column named like ``'tensile_strength [ksi]'`` when
    the name is a known property (stored or derived); ``None`` otherwise."""
    if not isinstance(name, str):
        return None
    m = _COLUMN.match(name)
    if m is None:
        return None
    try:
        prop = resolve_property(m[1])
    except UnknownPropertyError:
        return None
    return prop.id, m[2].strip()
