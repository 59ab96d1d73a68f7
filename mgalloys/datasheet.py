"""The rows of a record's datasheet, one home for ``mgalloys show`` and the notebook view.

Both print the same thing for a value: the range as published (``PropertyValue.shown``), the
same significant figures and unit spelling (``format_quantity``), the default marker, the test
temperature (``-`` for a property that is not measured at one) and the source's conditions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from .propertytable import properties, property_info
from .values import PropertyValue

__all__ = ["DEFAULT_MARK", "Datasheet", "datasheet_rows"]


class Datasheet(Protocol):
    """What a datasheet is made of: a record's values, and its default and ranked values of a
    property (an `mgalloys.Alloy` is one)."""

    @property
    def property_values(self) -> Sequence[PropertyValue]: ...

    def value(self, prop: str) -> PropertyValue | None: ...

    def values(self, prop: str) -> Sequence[PropertyValue]: ...

#: What the ``default`` column's mark means (printed under the table in both views).
DEFAULT_MARK = "*"


def datasheet_rows(a: Datasheet, units: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """Every value of ``a``, grouped by property in the property table's order, default first.

    ``units`` maps property ids to display units (``{"tensile_strength": "ksi"}``).
    """
    order = {p.id: i for i, p in enumerate(properties())}
    units = units or {}
    rows = []
    for prop in sorted({v.property for v in a.property_values}, key=order.__getitem__):
        info = property_info(prop)
        default = a.value(prop)
        for v in a.values(prop):
            at = v.conditions.temperature_label if info.temperature_dependent else "-"
            rows.append(
                {
                    "property": prop,
                    "value": v.shown(units.get(prop)),
                    "kind": v.kind.value
                    + (" (derived)" if v.derived_from else "")
                    + (f"; implausible, never the default: {v.implausible}" if v.implausible else ""),
                    "at": at,
                    "default": DEFAULT_MARK if v is default else "",
                    "conditions": v.conditions.note,
                    "source": v.source.key,
                    "where": v.locator,
                }
            )
    return rows
