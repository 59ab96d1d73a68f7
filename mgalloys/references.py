"""Ratios to reference metals: how an alloy's default values compare with aluminium, copper or
silver, read out as a sentence ("AZ91D-F is 33 % lighter than 6061-T6, with 26 % of its
electrical conductivity").

Examples:
    >>> from mgalloys.references import vs_reference
    >>> print(vs_reference("AZ91D", "6061-T6", ["density", "electrical_conductivity"]))  # doctest: +ELLIPSIS
    AZ91D-F is ... % lighter than 6061-T6, with ... % of its electrical conductivity
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from ._columns import column_spec, resolve_property
from .catalog import Catalog, get_catalog, with_catalog
from .errors import InputValueError
from .familytags import REFERENCE
from .propertytable import default_properties
from .tabledata import AlloyRef, table_data

__all__ = ["Ratio", "ReferenceComparison", "reference_metals", "vs_reference"]


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
    base = table_data([alloy, reference])
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
        vals = base.column(spec)
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
