"""Derived (computed) properties: specific strength and stiffness, and Ashby's performance indices.

They are rows of the one property table, ``data/properties.csv``, marked by ``computed_from`` (a
product of powers of stored properties, with the unit it is reported in and the design case it
serves); ``PropertyInfo`` computes them. This module keeps the names that select
only the computed rows. The Ashby indices M are "bigger is better" for the lightest component
that meets a stiffness or strength requirement with the given loading and free variable
(M. F. Ashby, *Materials Selection in Mechanical Design*, chapter 5).

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

from .errors import UnknownPropertyError
from .propertytable import PropertyInfo, properties, property_info

__all__ = ["DerivedProperty", "derived_info", "derived_properties", "is_derived"]

#: A derived property is a computed row of the property table.
DerivedProperty = PropertyInfo


def derived_properties() -> tuple[PropertyInfo, ...]:
    """Every derived (computed) property, in table order."""
    return properties(computed=True)


def is_derived(name: str) -> bool:
    """Whether ``name`` is a derived property id or alias."""
    try:
        return isinstance(name, str) and property_info(name).computed
    except UnknownPropertyError:
        return False


def derived_info(name: str | PropertyInfo) -> PropertyInfo:
    """A derived property by id or alias (``'specific_strength'``, ``'tie_stiffness_index'``).

    Raises ``UnknownPropertyError`` listing the known derived properties.
    """
    try:
        info = property_info(name)
    except UnknownPropertyError as exc:
        raise UnknownPropertyError(str(name), exc.suggestions, [d.id for d in derived_properties()]) from None
    if not info.computed:
        raise UnknownPropertyError(str(name), [], [d.id for d in derived_properties()])
    return info
