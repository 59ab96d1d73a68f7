"""mgalloys: a typed, unit-safe lookup library over a cited dataset of magnesium alloys.

>>> import mgalloys as mg
>>> az91 = mg.alloy("AZ91D")
>>> az91.density.to("g/cm**3").magnitude
1.81
>>> mg.Q_("100 %IACS").to("MS/m").magnitude
58.0

The data is loaded on first use, not at import.
"""

from __future__ import annotations

from .catalog import FAMILY_IDS, alloy, alloys, get_catalog
from .errors import (
    AlloyNotFoundError,
    AmbiguousAlloyError,
    DataError,
    IncompatibleScalesError,
    MgAlloysError,
    TemperNotFoundError,
    UnitParseError,
    UnitsError,
    UnknownPropertyError,
    WrongDimensionError,
)
from .models import Alias, Alloy, CompositionRange, Conditions, Kind, PropertyValue, Source, SourceKind
from .properties import PropertyInfo, properties, property_id, property_info
from .units import IACS_MS_PER_M, Q_, convert, format_quantity, quantity, ureg

__version__ = "0.1.0"

__all__ = [
    "FAMILY_IDS",
    "IACS_MS_PER_M",
    "Q_",
    "Alias",
    "Alloy",
    "AlloyNotFoundError",
    "AmbiguousAlloyError",
    "CompositionRange",
    "Conditions",
    "DataError",
    "IncompatibleScalesError",
    "Kind",
    "MgAlloysError",
    "PropertyInfo",
    "PropertyValue",
    "Source",
    "SourceKind",
    "TemperNotFoundError",
    "UnitParseError",
    "UnitsError",
    "UnknownPropertyError",
    "WrongDimensionError",
    "__version__",
    "alloy",
    "alloys",
    "convert",
    "format_quantity",
    "get_catalog",
    "properties",
    "property_id",
    "property_info",
    "quantity",
    "ureg",
]
