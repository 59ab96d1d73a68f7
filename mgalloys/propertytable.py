"""The property metadata table: one row per property the library knows, stored or computed.

``data/properties.csv`` drives validation (plausible ranges), units (the canonical unit of each
property), DataFrame column names and the generated docs. A *computed* property (specific
strength, Ashby's performance indices) is a row like any other, with ``computed_from``: a product
of powers of stored properties, evaluated from float arrays in the inputs' canonical units; the
unit factor is worked out once with pint, never per value. Its plausible range follows from its
inputs' ranges, and on a chart against density its guide lines have the slope ``chart_slope``.

Examples:
    >>> import mgalloys as mg
    >>> mg.property_info("uts").id
    'tensile_strength'
    >>> str(mg.property_info("tc").unit)
    'W/(m*K)'
    >>> d = mg.property_info("specific_strength")
    >>> d.id, d.formula, d.computed, d.inputs
    ('specific_tensile_strength', 'UTS / ρ', True, ('tensile_strength', 'density'))
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from fractions import Fraction
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from ._data import read_table
from .errors import (
    DataError,
    IncompatibleScalesError,
    InputTypeError,
    UnknownPropertyError,
    WrongDimensionError,
    describe_input,
)
from .names import fold
from .units import check_dimensionless, format_quantity, parse_unit, quantity, unit_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

__all__ = [
    "PropertyInfo",
    "default_properties",
    "properties",
    "property_id",
    "property_info",
    "property_unit",
]


class PropertyInfo(BaseModel):
    """Metadata of one property: id, aliases, name, symbol, canonical unit, plausible range;
    for a computed property also its inputs (``computed_from``), formula and design case."""

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
    #: ``(property id, power)`` pairs of a computed property; empty for a stored one
    computed_from: tuple[tuple[str, float], ...] = ()
    formula: str = ""
    #: the unit as printed in column names, when pint's rendering does not read well
    label: str = ""
    design_case: str = ""
    #: the property this one is the reciprocal of (resistivity and conductivity)
    reciprocal_of: str = ""
    #: ``'table'``: a default column of tables and listings; ``'comparison'``: also compared by
    #: default in ``vs_reference``; empty otherwise
    default: str = ""

    @property
    def computed(self) -> bool:
        """Whether the value is computed from other properties rather than stored."""
        return bool(self.computed_from)

    @property
    def inputs(self) -> tuple[str, ...]:
        """The property ids a computed property is computed from (empty for a stored one)."""
        return tuple(p for p, _ in self.computed_from)

    @property
    def chart_slope(self) -> float | None:
        """The log-log slope of constant-value lines on a chart of the input against density,
        for an index ``y^p / ρ`` (``1/p``: 1.5 for ``σ^(2/3)/ρ``); ``None`` otherwise."""
        powers = dict(self.computed_from)
        if len(powers) != 2 or powers.get("density") != -1.0:
            return None
        return 1.0 / next(p for k, p in powers.items() if k != "density")

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
        return f"{self.id} [{self.label or unit_text(self.canonical_unit)}]"

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

    # --- computed properties ------------------------------------------------------------------
    def factor(self, unit: str | None = None) -> float:
        """Multiplier from a computed property's formula in its inputs' canonical units to
        ``unit`` (default ``unit``), via pint once.

        Raises ``WrongDimensionError`` when ``unit`` has another dimension.
        """
        return _factor(self, self.unit if unit is None else unit)

    def compute(self, arrays: Mapping[str, Any], unit: str | None = None) -> FloatArray:
        """A computed property's values from arrays of its inputs in their canonical units.

        ``arrays`` maps each input property id to a float array (or anything numpy converts);
        NaN in any input gives NaN; a negative base under a fractional power gives NaN.
        """
        if not self.computed:
            raise UnknownPropertyError(self.id, [], [p.id for p in properties(computed=True)])
        out: FloatArray | None = None
        with np.errstate(invalid="ignore", divide="ignore"):
            for prop, power in self.computed_from:
                x = np.asarray(arrays[prop], dtype=np.float64)
                term = x if power == 1.0 else (1.0 / x if power == -1.0 else np.power(x, power))
                out = term * self.factor(unit) if out is None else out * term
        return np.asarray(out, dtype=np.float64)


@cache
def _factor(info: PropertyInfo, unit: str) -> float:
    target = parse_unit(unit)
    q = quantity(1.0, "dimensionless")
    for prop, power in info.computed_from:
        q = q * quantity(1.0, property_info(prop).unit) ** power
    if q.dimensionality != target.dimensionality:
        raise WrongDimensionError(
            f"computed property {info.id!r} ({info.formula})",
            f"{q.dimensionality} (e.g. {info.unit})",
            f"{unit!r} ({target.dimensionality})",
        )
    f = float(q.to(target).magnitude)
    # pint's factor for an exact conversion can be off by an ulp (1.0000000000000002 for
    # MPa/(g/cm³) -> kN·m/kg): snap to 12 significant digits when that is within 1e-14
    snapped = float(f"{f:.12g}")
    return snapped if abs(snapped - f) <= 1e-14 * abs(f) else f


def _powers(where: str, text: str) -> tuple[tuple[str, float], ...]:
    """``'yield_strength^2/3;density^-1'`` -> ``(('yield_strength', 2/3), ('density', -1.0))``."""
    out = []
    for term in (t.strip() for t in text.split(";") if t.strip()):
        name, _, power = term.partition("^")
        try:
            out.append((name.strip(), float(Fraction(power.strip() or "1"))))
        except (ValueError, ZeroDivisionError):
            raise DataError(f"{where}: bad power in computed_from term {term!r}") from None
    return tuple(out)


def _parse_row(where: str, row: dict[str, str], stored: Mapping[str, PropertyInfo]) -> PropertyInfo:
    try:
        computed_from = _powers(where, row.get("computed_from", ""))
        fields: dict[str, Any] = {
            "id": row["id"],
            "aliases": tuple(a for a in row["aliases"].split(";") if a),
            "name": row["name"],
            "symbol": row["symbol"],
            "unit": row["unit"],
            "temperature_dependent": row["temperature_dependent"] == "yes",
            "description": row["description"],
            "computed_from": computed_from,
            **{k: row.get(k, "") for k in ("formula", "label", "design_case", "reciprocal_of", "default")},
        }
        # Every field is typed here, so the model is built without pydantic's validator: its first
        # build would scan every installed package for pydantic plugins during a first lookup.
        if not computed_from:
            return PropertyInfo.model_construct(
                **fields, dimension=row["dimension"], mg_min=float(row["mg_min"]), mg_max=float(row["mg_max"])
            )
        for prop, _ in computed_from:
            if prop not in stored:
                raise DataError(f"{where}: {row['id']} is computed from {prop!r}, not a stored property")
        lo, hi = _bounds(computed_from, stored, row["unit"])
        dimension = str(parse_unit(row["unit"]).dimensionality)
        return PropertyInfo.model_construct(**fields, dimension=dimension, mg_min=lo, mg_max=hi)
    except (KeyError, ValueError) as exc:
        raise DataError(f"{where}: bad property row: {exc}") from None


def _bounds(
    powers: tuple[tuple[str, float], ...], stored: Mapping[str, PropertyInfo], unit: str
) -> tuple[float, float]:
    """The plausible range of a computed property, from its inputs' plausible ranges."""
    lo = hi = 1.0
    for prop, power in powers:
        a, b = stored[prop].mg_min ** power, stored[prop].mg_max ** power
        lo, hi = lo * min(a, b), hi * max(a, b)
    q = quantity(1.0, "dimensionless")
    for prop, power in powers:
        q = q * quantity(1.0, stored[prop].unit) ** power
    f = float(q.to(parse_unit(unit)).magnitude)
    return float(f"{lo * f:.3g}"), float(f"{hi * f:.3g}")


def _index(infos: tuple[PropertyInfo, ...], taken: Mapping[str, PropertyInfo]) -> dict[str, PropertyInfo]:
    index: dict[str, PropertyInfo] = {}
    for info in infos:
        for key in (info.id, *info.aliases):
            if key.lower() in index or key.lower() in taken:
                raise DataError(f"data/properties.csv: name {key!r} is used twice")
            index[key.lower()] = info
    return index


@cache
def _table() -> tuple[tuple[PropertyInfo, ...], dict[str, PropertyInfo]]:
    """The stored properties and their index. The computed rows are parsed apart, on first use
    (``_computed_table``): their units need pint, and a first lookup needs none of them."""
    infos = tuple(_parse_row(w, r, {}) for w, r in read_table("properties.csv") if not r.get("computed_from"))
    index = _index(infos, {})
    for info in infos:
        if info.reciprocal_of and info.reciprocal_of not in index:
            raise DataError(f"data/properties.csv: {info.id}: unknown reciprocal_of {info.reciprocal_of!r}")
    return infos, index


@cache
def _computed_table() -> tuple[tuple[PropertyInfo, ...], dict[str, PropertyInfo]]:
    stored_infos, stored_index = _table()
    stored = {p.id: p for p in stored_infos}
    rows = [(w, r) for w, r in read_table("properties.csv") if r.get("computed_from")]
    infos = tuple(_parse_row(w, r, stored) for w, r in rows)
    return infos, _index(infos, stored_index)


def properties(*, computed: bool | None = False) -> tuple[PropertyInfo, ...]:
    """The properties the library knows: the stored ones (default), the computed ones
    (``computed=True``: specific strength, Ashby's indices...) or all, stored first
    (``computed=None``); each in table order.

    Examples:
        >>> import mgalloys as mg
        >>> [p.id for p in mg.properties(computed=True)][:2]
        ['specific_tensile_strength', 'specific_yield_strength']
    """
    if computed is None:
        return _table()[0] + _computed_table()[0]
    return _computed_table()[0] if computed else _table()[0]


def default_properties(comparison: bool = False) -> tuple[str, ...]:
    """The ids of the default columns of tables and listings (the ``default`` column of
    ``data/properties.csv``), or with ``comparison=True`` those compared by default.

    Examples:
        >>> default_properties()[:3]
        ('density', 'tensile_strength', 'yield_strength')
    """
    wanted = ("table", "comparison") if comparison else ("table",)
    return tuple(p.id for p in properties(computed=None) if p.default in wanted)


def property_info(name: str | PropertyInfo) -> PropertyInfo:
    """The metadata of a property, by id or alias, matched as names are (`mgalloys.names.fold`:
    case, full-width letters, look-alike hyphens and spaces): ``'uts'``, ``'tc'``, ``'UTS'``..."""
    if isinstance(name, PropertyInfo):
        return name
    if not isinstance(name, str):
        raise UnknownPropertyError(repr(name), (), [p.id for p in properties(computed=None)])
    key = fold(name).replace(" ", "_").replace("-", "_")
    found = _table()[1].get(key) or _computed_table()[1].get(key)
    if found is not None:
        return found
    known = [p.id for p in properties(computed=None)]
    if len(name) > 200:  # mgalloys.units.MAX_TEXT_LENGTH: no property name is that long
        raise UnknownPropertyError(name[:20] + "...", [], known)
    index = {**_table()[1], **_computed_table()[1]}
    close = difflib.get_close_matches(name.lower(), list(index), n=3, cutoff=0.6)
    ids = list(dict.fromkeys(index[c].id for c in close))
    raise UnknownPropertyError(name, ids, known)


def property_id(name: str | PropertyInfo) -> str:
    """The canonical id of a property name or alias: ``property_id('uts') == 'tensile_strength'``."""
    return property_info(name).id


def property_unit(info: PropertyInfo, unit: Any, what: str = "") -> str:
    """``unit`` (a string) after checking that it fits ``info``: its dimension, its hardness
    scale, and for a dimensionless property the strict units (an empty unit is not a percent)."""

    where = what or f"the unit {unit!r} for {info.id}"
    if not isinstance(unit, str):
        raise InputTypeError(f"{where} must be a string such as {info.unit!r}; got {describe_input(unit)}")
    try:
        q = info.coerce(quantity(1.0, unit))
    except WrongDimensionError as exc:
        raise WrongDimensionError(where, exc.expected, exc.given) from None
    if info.dimension == "dimensionless":
        check_dimensionless(q, info.unit, where, unit)
    return unit.strip()
