"""mgalloys: a typed, unit-safe lookup library over a cited dataset of magnesium alloys.

>>> import mgalloys as mg
>>> az91 = mg.alloy("AZ91D")
>>> az91.density.to("g/cm**3").magnitude
1.81
>>> round(mg.Q_("100 %IACS").to("MS/m").magnitude, 9)
58.0

The data is loaded on first use, not at import.
"""

from __future__ import annotations

from . import plot
from .catalog import FAMILY_IDS, alloy, alloys, get_catalog
from .check import (
    CheckResult,
    CriterionResult,
    Scorecard,
    Verdict,
    check,
    closest,
    scorecard,
    user_alloy,
    which_meet,
)
from .designations import Designation, DesignationError, alias_coverage, format_designation, parse_designation
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
from .families import Family, FamilyNotFoundError, families, family, industry_2019, roadmap_goals
from .models import Alias, Alloy, CompositionRange, Conditions, Kind, PropertyValue, Source, SourceKind
from .properties import PropertyInfo, properties, property_id, property_info
from .targets import Criterion, Target, TargetSyntaxError, target
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
    "CheckResult",
    "CompositionRange",
    "Conditions",
    "Criterion",
    "CriterionResult",
    "DataError",
    "Designation",
    "DesignationError",
    "Family",
    "FamilyNotFoundError",
    "IncompatibleScalesError",
    "Kind",
    "MgAlloysError",
    "PropertyInfo",
    "PropertyValue",
    "Scorecard",
    "Source",
    "SourceKind",
    "Target",
    "TargetSyntaxError",
    "TemperNotFoundError",
    "UnitParseError",
    "UnitsError",
    "UnknownPropertyError",
    "Verdict",
    "WrongDimensionError",
    "__version__",
    "alias_coverage",
    "alloy",
    "alloys",
    "check",
    "closest",
    "convert",
    "families",
    "family",
    "format_designation",
    "format_quantity",
    "get_catalog",
    "industry_2019",
    "parse_designation",
    "plot",
    "properties",
    "property_id",
    "property_info",
    "quantity",
    "roadmap_goals",
    "scorecard",
    "target",
    "ureg",
    "user_alloy",
    "which_meet",
]
