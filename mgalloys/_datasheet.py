"""The rows of a record's datasheet, one home for ``mgalloys show`` and the notebook view.

Both print the same thing for a value: the range as published (``PropertyValue.shown``), the
same significant figures and unit spelling (``format_quantity``), the default marker, the test
temperature (``-`` for a property that is not measured at one) and the source's conditions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .propertytable import properties, property_info
from .units import format_quantity

if TYPE_CHECKING:  # pragma: no cover
    from .models import Alloy

#: What the ``default`` column's mark means (printed under the table in both views).
DEFAULT_MARK = "*"


def datasheet_rows(a: Alloy, units: Mapping[str, str] | None = None) -> list[dict[str, str]]:
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
            t = v.conditions.test_temperature
            at = "-" if not info.temperature_dependent else ("RT" if t is None else format_quantity(t))
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
