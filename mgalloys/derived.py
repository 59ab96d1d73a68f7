"""Derived properties: specific strength and stiffness, and Ashby's performance indices.

Each derived property is a named, documented definition: a product of powers of stored
properties (``UTS / ρ``, ``E^(1/2) / ρ``...), with the unit it is reported in and the design case
it serves. It is computed vectorized from float arrays in the canonical units of its inputs
(``MPa``, ``GPa``, ``g/cm**3``); the unit factor is worked out once with pint, never per value.

=========================  ==================  =====================  ==================================
id                         formula             unit                   design case (light and ...)
=========================  ==================  =====================  ==================================
specific_tensile_strength  UTS / ρ             kN·m/kg                strong tie, on tensile strength
specific_yield_strength    σ_y / ρ             kN·m/kg                strong tie (Ashby σ_y/ρ)
specific_stiffness         E / ρ               MN·m/kg                stiff tie (Ashby E/ρ)
beam_stiffness_index       E^(1/2) / ρ         GPa^(1/2)/(g/cm³)      stiff beam in bending
panel_stiffness_index      E^(1/3) / ρ         GPa^(1/3)/(g/cm³)      stiff panel (plate) in bending
beam_strength_index        σ_y^(2/3) / ρ       MPa^(2/3)/(g/cm³)      strong beam in bending
panel_strength_index       σ_y^(1/2) / ρ       MPa^(1/2)/(g/cm³)      strong panel (plate) in bending
=========================  ==================  =====================  ==================================

The Ashby indices M are "bigger is better" for the lightest component that meets a stiffness or
strength requirement with the given loading and free variable (M. F. Ashby, *Materials Selection
in Mechanical Design*, chapter 5). ``σ_y`` is the tensile yield strength. ``g/cm³`` equals
``Mg/m³``, the density unit of Ashby's charts, so the index values read the same.

Examples:
    >>> from mgalloys.derived import derived_info
    >>> d = derived_info("specific_strength")
    >>> d.id, d.formula, d.label
    ('specific_tensile_strength', 'UTS / ρ', 'kN·m/kg')
    >>> import numpy as np
    >>> d.compute({"tensile_strength": np.array([310.0]), "density": np.array([2.70])}).round(1)
    array([114.8])
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from .errors import UnknownPropertyError, WrongDimensionError
from .propertytable import properties, property_info
from .units import parse_unit, quantity

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

__all__ = ["DERIVED", "DerivedProperty", "derived_info", "derived_properties", "is_derived"]


class DerivedProperty(BaseModel):
    """One derived property: ``factor * prod(input ** power)`` from canonical-unit inputs."""

    model_config = ConfigDict(frozen=True)

    id: str
    aliases: tuple[str, ...] = ()
    name: str
    symbol: str
    formula: str
    #: ``(property id, power)`` pairs; inputs are read in their canonical units
    powers: tuple[tuple[str, float], ...]
    #: the reporting unit, in pint syntax
    unit: str
    #: the reporting unit as printed in column names
    label: str
    design_case: str
    description: str

    @property
    def inputs(self) -> tuple[str, ...]:
        """The property ids this one is computed from."""
        return tuple(p for p, _ in self.powers)

    @property
    def column(self) -> str:
        """DataFrame column name, e.g. ``'specific_tensile_strength [kN·m/kg]'``."""
        return f"{self.id} [{self.label}]"

    @cached_property
    def canonical_quantity(self) -> Any:
        """One unit of the formula in the inputs' canonical units (a pint Quantity of magnitude 1)."""
        q = quantity(1.0, "dimensionless")
        for prop, power in self.powers:
            q = q * quantity(1.0, property_info(prop).unit) ** power
        return q

    def factor(self, unit: str | None = None) -> float:
        """Multiplier from the canonical formula to ``unit`` (default ``unit``), via pint once.

        Raises ``WrongDimensionError`` when ``unit`` has another dimension.
        """
        return _factor(self, self.unit if unit is None else unit)

    def compute(self, arrays: Mapping[str, Any], unit: str | None = None) -> FloatArray:
        """The derived values from arrays of the inputs in their canonical units.

        ``arrays`` maps each input property id to a float array (or anything numpy converts);
        NaN in any input gives NaN; a negative base under a fractional power gives NaN.
        """
        import numpy as np

        out: FloatArray | None = None
        with np.errstate(invalid="ignore", divide="ignore"):
            for prop, power in self.powers:
                x = np.asarray(arrays[prop], dtype=np.float64)
                term = x if power == 1.0 else (1.0 / x if power == -1.0 else np.power(x, power))
                out = term * self.factor(unit) if out is None else out * term
        return np.asarray(out, dtype=np.float64)

    def of(self, alloy: Any, unit: str | None = None) -> Any:
        """The derived value of one alloy record from its default values, as a Quantity, or
        ``None`` when an input is unknown.

        Examples:
            >>> import mgalloys as mg
            >>> round(derived_info("specific_stiffness").of(mg.alloy("AZ91D")).magnitude, 1)
            24.9
        """
        vals = {}
        for prop in self.inputs:
            q = alloy.get(prop)
            if q is None:
                return None
            vals[prop] = float(q.to(property_info(prop).unit).magnitude)
        return quantity(float(self.compute(vals, unit)), self.unit if unit is None else unit)


@cache
def _factor(d: DerivedProperty, unit: str) -> float:
    target = parse_unit(unit)
    q = d.canonical_quantity
    if q.dimensionality != target.dimensionality:
        raise WrongDimensionError(
            f"derived property {d.id!r} ({d.formula})",
            f"{q.dimensionality} (e.g. {d.unit})",
            f"{unit!r} ({target.dimensionality})",
        )
    f = float(q.to(target).magnitude)
    # pint's factor for an exact conversion can be off by an ulp (1.0000000000000002 for
    # MPa/(g/cm³) -> kN·m/kg): snap to 12 significant digits when that is within 1e-14
    snapped = float(f"{f:.12g}")
    return snapped if abs(snapped - f) <= 1e-14 * abs(f) else f


def _d(
    id: str,
    aliases: tuple[str, ...],
    name: str,
    symbol: str,
    formula: str,
    powers: tuple[tuple[str, float], ...],
    unit: str,
    label: str,
    design_case: str,
    description: str,
) -> DerivedProperty:
    return DerivedProperty(
        id=id,
        aliases=aliases,
        name=name,
        symbol=symbol,
        formula=formula,
        powers=powers,
        unit=unit,
        label=label,
        design_case=design_case,
        description=description,
    )


_RHO = ("density", -1.0)

#: Every derived property, in the order of the table columns.
DERIVED: tuple[DerivedProperty, ...] = (
    _d(
        "specific_tensile_strength",
        ("specific_strength", "uts_over_rho"),
        "Specific tensile strength",
        "UTS/ρ",
        "UTS / ρ",
        (("tensile_strength", 1.0), _RHO),
        "kN*m/kg",
        "kN·m/kg",
        "light, strong tie (tension member), on the ultimate tensile strength",
        "Tensile strength per unit density (strength-to-weight ratio); 1 MPa/(g/cm³) = 1 kN·m/kg.",
    ),
    _d(
        "specific_yield_strength",
        ("tie_strength_index", "ys_over_rho"),
        "Specific yield strength",
        "σ_y/ρ",
        "σ_y / ρ",
        (("yield_strength", 1.0), _RHO),
        "kN*m/kg",
        "kN·m/kg",
        "light, strong tie (tension member): Ashby index σ_y/ρ",
        "Tensile yield strength per unit density; the Ashby index of a light tie that must not yield.",
    ),
    _d(
        "specific_stiffness",
        ("tie_stiffness_index", "specific_modulus", "e_over_rho"),
        "Specific stiffness",
        "E/ρ",
        "E / ρ",
        (("elastic_modulus", 1.0), _RHO),
        "MN*m/kg",
        "MN·m/kg",
        "light, stiff tie (tension member): Ashby index E/ρ",
        "Young's modulus per unit density (specific modulus); 1 GPa/(g/cm³) = 1 MN·m/kg.",
    ),
    _d(
        "beam_stiffness_index",
        ("ashby_beam_stiffness",),
        "Stiff beam index",
        "E^½/ρ",
        "E^(1/2) / ρ",
        (("elastic_modulus", 0.5), _RHO),
        "GPa**0.5/(g/cm**3)",
        "GPa^(1/2)/(g/cm³)",
        "light, stiff beam in bending (section area free): Ashby index E^(1/2)/ρ",
        "Ashby performance index of the lightest beam of given bending stiffness.",
    ),
    _d(
        "panel_stiffness_index",
        ("ashby_panel_stiffness", "plate_stiffness_index"),
        "Stiff panel index",
        "E^⅓/ρ",
        "E^(1/3) / ρ",
        (("elastic_modulus", 1.0 / 3.0), _RHO),
        "GPa**(1/3)/(g/cm**3)",
        "GPa^(1/3)/(g/cm³)",
        "light, stiff panel (plate) in bending (thickness free): Ashby index E^(1/3)/ρ",
        "Ashby performance index of the lightest panel of given bending stiffness.",
    ),
    _d(
        "beam_strength_index",
        ("ashby_beam_strength",),
        "Strong beam index",
        "σ_y^⅔/ρ",
        "σ_y^(2/3) / ρ",
        (("yield_strength", 2.0 / 3.0), _RHO),
        "MPa**(2/3)/(g/cm**3)",
        "MPa^(2/3)/(g/cm³)",
        "light, strong beam in bending (section area free): Ashby index σ_y^(2/3)/ρ",
        "Ashby performance index of the lightest beam that carries a bending load without yielding.",
    ),
    _d(
        "panel_strength_index",
        ("ashby_panel_strength", "plate_strength_index"),
        "Strong panel index",
        "σ_y^½/ρ",
        "σ_y^(1/2) / ρ",
        (("yield_strength", 0.5), _RHO),
        "MPa**0.5/(g/cm**3)",
        "MPa^(1/2)/(g/cm³)",
        "light, strong panel (plate) in bending (thickness free): Ashby index σ_y^(1/2)/ρ",
        "Ashby performance index of the lightest panel that carries a bending load without yielding.",
    ),
)


@cache
def _index() -> dict[str, DerivedProperty]:
    out: dict[str, DerivedProperty] = {}
    stored = {p.id for p in properties()} | {a for p in properties() for a in p.aliases}
    for d in DERIVED:
        for key in (d.id, *d.aliases):
            assert key not in out and key not in stored, key
            out[key] = d
    return out


def _key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def derived_properties() -> tuple[DerivedProperty, ...]:
    """Every derived property, in table order."""
    return DERIVED


def is_derived(name: str) -> bool:
    """Whether ``name`` is a derived property id or alias."""
    return isinstance(name, str) and _key(name) in _index()


def derived_info(name: str | DerivedProperty) -> DerivedProperty:
    """A derived property by id or alias (``'specific_strength'``, ``'tie_stiffness_index'``).

    Raises ``UnknownPropertyError`` listing the known derived properties.
    """
    if isinstance(name, DerivedProperty):
        return name
    index = _index()
    if isinstance(name, str) and _key(name) in index:
        return index[_key(name)]
    close = difflib.get_close_matches(_key(str(name)), list(index), n=3, cutoff=0.6)
    ids = list(dict.fromkeys(index[c].id for c in close))
    raise UnknownPropertyError(str(name), ids, [d.id for d in DERIVED])
