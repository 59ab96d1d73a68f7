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

from typing import Any

import lazy_loader

from ._data import data_version as _data_version

# Every public name is written once, in __init__.pyi (what type checkers read); lazy_loader reads
# that stub and loads each name from its module on first use, so that `import mgalloys` and a first
# lookup stay cheap (checks, tables, screening and charts import pandas and more).
_load, _, _names = lazy_loader.attach_stub(__name__, __file__)
__all__ = [*_names, "__version__", "data_version"]

__version__ = "0.2.0"
"""The library's version: its one source (the wheel's version is read from here; CITATION.cff and
the latest release in CHANGELOG.md are held to it by tests/test_packaging.py)."""


def __getattr__(name: str) -> Any:
    if name == "data_version":  # read from data/VERSION on first use, like the data
        return _data_version()
    value = _load(name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
