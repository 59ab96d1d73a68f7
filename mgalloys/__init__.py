"""mgalloys: a typed, unit-safe lookup library over a cited dataset of magnesium alloys.

Examples:
    >>> import mgalloys as mg
    >>> az91 = mg.alloy("AZ91D")
    >>> az91.density.to("g/cm**3").magnitude
    1.81
    >>> round(mg.Q_("100 %IACS").to("MS/m").magnitude, 9)
    58.0

The data is loaded on first use, not at import. The dataset has a version of its own:

Examples:
    >>> mg.data_version
    '0.2.0'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .catalog import Catalog, alloy, alloys, equivalents, get_catalog, load, using
from .errors import (
    AlloyNotFoundError,
    AmbiguousAlloyError,
    CitationStyleError,
    DataError,
    ExportError,
    FamilyNotFoundError,
    IncompatibleScalesError,
    InputTypeError,
    InputValueError,
    MgAlloysError,
    MissingDataError,
    ReadOnlyError,
    TemperatureError,
    TemperNotFoundError,
    UnitParseError,
    UnitsError,
    UnknownPropertyError,
    WrongDimensionError,
)
from .models import (
    Alias,
    Alloy,
    CompositionRange,
    Conditions,
    Equivalent,
    Kind,
    PropertyValue,
    Source,
    SourceKind,
)
from .plausibility import density_estimate
from .propertytable import PropertyInfo, default_properties, properties, property_id, property_info
from .roadmap import Family, Reading, families, family, industry_2019, roadmap_goals
from .targets import Criterion, Scope, Target, TargetSyntaxError, target
from .units import IACS_MS_PER_M, Q_, convert, format_quantity, quantity, ureg

# Checks, tables, screening, designations and charts load on first use (PEP 562), so that a plain
# `import mgalloys` and a first lookup stay cheap; their names are still part of the public API.
_LAZY = {
    "FAMILY_IDS": "catalog",
    "CheckResult": "checking",
    "CriterionResult": "checking",
    "Scorecard": "checking",
    "Verdict": "checking",
    "check": "checking",
    "closest": "checking",
    "scorecard": "checking",
    "user_alloy": "checking",
    "which_meet": "checking",
    "to_frame": "tables",
    "compare": "tables",
    "rank": "tables",
    "pareto": "tables",
    "vs_reference": "tables",
    "screen": "screening",
    "from_frame": "importing",
    "frontier": "state_of_art",
    "Frontier": "state_of_art",
    "ColumnNotFoundError": "screening",
    "DerivedProperty": "derived",
    "derived_info": "derived",
    "derived_properties": "derived",
    "Designation": "designations",
    "DesignationError": "designations",
    "alias_coverage": "designations",
    "Curve": "curves",
    "CurvePoint": "curves",
    "CurveValue": "curves",
    "CurveValues": "curves",
    "format_designation": "designations",
    "parse_designation": "designations",
    "export": "exporters",
    "format_citations": "citations",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from . import exporters, plot
    from .catalog import FAMILY_IDS
    from .checking import (
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
    from .citations import format_citations
    from .curves import Curve, CurvePoint, CurveValue, CurveValues
    from .derived import DerivedProperty, derived_info, derived_properties
    from .designations import (
        Designation,
        DesignationError,
        alias_coverage,
        format_designation,
        parse_designation,
    )
    from .exporters import export
    from .importing import from_frame
    from .screening import ColumnNotFoundError, screen
    from .state_of_art import Frontier, frontier
    from .tables import compare, pareto, rank, to_frame, vs_reference

    data_version: str


def __getattr__(name: str) -> Any:
    if name in ("plot", "exporters"):
        return importlib.import_module(f".{name}", __name__)
    if name == "data_version":  # read from data/VERSION on first use, like the data
        from ._data import data_version

        return data_version()
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mgalloys' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__version__ = "0.1.0"
"""The package version (also the wheel's version)."""

__all__ = [
    "FAMILY_IDS",
    "IACS_MS_PER_M",
    "Q_",
    "Alias",
    "Alloy",
    "AlloyNotFoundError",
    "AmbiguousAlloyError",
    "Catalog",
    "CheckResult",
    "CitationStyleError",
    "ColumnNotFoundError",
    "CompositionRange",
    "Conditions",
    "Criterion",
    "CriterionResult",
    "Curve",
    "CurvePoint",
    "CurveValue",
    "CurveValues",
    "DataError",
    "DerivedProperty",
    "Designation",
    "DesignationError",
    "Equivalent",
    "ExportError",
    "Family",
    "FamilyNotFoundError",
    "Frontier",
    "IncompatibleScalesError",
    "InputTypeError",
    "InputValueError",
    "Kind",
    "MgAlloysError",
    "MissingDataError",
    "PropertyInfo",
    "PropertyValue",
    "ReadOnlyError",
    "Reading",
    "Scope",
    "Scorecard",
    "Source",
    "SourceKind",
    "Target",
    "TargetSyntaxError",
    "TemperNotFoundError",
    "TemperatureError",
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
    "compare",
    "convert",
    "data_version",
    "default_properties",
    "density_estimate",
    "derived_info",
    "derived_properties",
    "equivalents",
    "export",
    "exporters",
    "families",
    "family",
    "format_citations",
    "format_designation",
    "format_quantity",
    "from_frame",
    "frontier",
    "get_catalog",
    "industry_2019",
    "load",
    "pareto",
    "parse_designation",
    "plot",
    "properties",
    "property_id",
    "property_info",
    "quantity",
    "rank",
    "roadmap_goals",
    "scorecard",
    "screen",
    "target",
    "to_frame",
    "ureg",
    "user_alloy",
    "using",
    "vs_reference",
    "which_meet",
]
