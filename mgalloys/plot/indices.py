"""Performance indices for Ashby charts: the guide lines of constant ``M = y^p / ρ``.

On a chart of ``y`` against density, the lines of constant ``M = y^p / ρ`` have slope ``1/p`` in
log-log axes, so for ``σ^(2/3)/ρ`` (light, strong beam) they rise with slope 3/2. The named
indices are the computed rows of ``data/properties.csv`` (``INDICES``); a number is a bare slope.
No matplotlib is needed here.

Examples:
    >>> from mgalloys.plot.indices import index_slope
    >>> index_slope("sigma^(2/3)/rho"), index_slope("E^(1/3)/rho"), index_slope(2)
    (1.5, 3.0, 2.0)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from ..errors import MgAlloysError, PlotError
from ..propertytable import PropertyInfo, properties, property_info

__all__ = ["INDICES", "GuideIndex", "check_index", "guide_index", "index_slope"]


@dataclass(frozen=True)
class GuideIndex:
    """A family of guide lines: ``M = y^p / x`` is constant along lines of log-log ``slope`` 1/p.

    ``numerator`` is ``"strength"``, ``"modulus"``, a property id, or ``""`` for a bare slope;
    ``label`` is how the chart names it (``"σ^(2/3)/ρ"``).
    """

    label: str
    slope: float
    numerator: str = ""
    design: str = ""

    @property
    def power(self) -> float:
        """The exponent p of the chart's y in M = y^p / x."""
        return 1.0 / self.slope


def _table_indices() -> dict[str, GuideIndex]:
    """The guide-line indices of the computed properties of ``data/properties.csv`` of the form
    ``y^p / ρ`` with a strength or the elastic modulus as ``y`` (Ashby's indices for light
    designs), keyed ``'sigma^(2/3)/rho'``; the first row of each index names its design case."""
    out: dict[str, GuideIndex] = {}
    for info in properties(computed=True):
        slope = info.chart_slope
        if slope is None:
            continue
        y = property_info(next(p for p in info.inputs if p != "density"))
        if y.id == "elastic_modulus":
            numerator, word, symbol = "modulus", "E", "E"
        elif _is_strength(y):
            numerator, word, symbol = "strength", "sigma", "σ"
        else:
            continue
        p = Fraction(1.0 / slope).limit_denominator(12)
        exponent = "" if p == 1 else f"^({p})"
        design = info.design_case.split(":")[0].split(" (")[0]
        out.setdefault(f"{word}{exponent}/rho", GuideIndex(f"{symbol}{exponent}/ρ", slope, numerator, design))
    return out


_STRENGTH_WORDS = {"sigma", "s", "strength", "sigma_y", "sigma_f", "sigma_ts", "sigma_uts"}
_MODULUS_WORDS = {"e", "modulus"}
_MODULI = ("elastic_modulus", "shear_modulus")
_INDEX_RE = re.compile(r"^(?P<num>[a-z_][a-z0-9_]*)(?:\^\(?(?P<p>[0-9.]+(?:/[0-9.]+)?)\)?)?/(?:rho|density)$")
_SQRT_RE = re.compile(r"^(sqrt|cbrt)\((?P<num>[^)]+)\)")


def _is_strength(info: PropertyInfo) -> bool:
    return info.dimension == property_info("tensile_strength").dimension and info.id not in _MODULI


#: Ashby's indices for light designs (M. F. Ashby, *Materials Selection in Mechanical Design*,
#: ch. 5), from the computed rows of the property table: on a chart of strength or modulus
#: against density, the guide lines of each.
INDICES: dict[str, GuideIndex] = _table_indices()


def _number(text: str) -> float | None:
    try:
        return float(Fraction(text.strip()))
    except (ValueError, ZeroDivisionError):
        return None


def _index_error(given: object, why: str) -> PlotError:
    names = ", ".join(f"'{k}'" for k in INDICES)
    return PlotError(
        f"cannot use index {given!r} for guide lines: {why}. Give one of {names}, another "
        "'<property>^(p)/rho', or the log-log slope as a number (e.g. 1.5)"
    )


def guide_index(index: str | float | GuideIndex) -> GuideIndex:
    """Read an index name (``"E^(1/2)/rho"``, ``"σ^(2/3)/ρ"``, ``"sqrt(E)/rho"``) or a slope.

    Examples:
        >>> guide_index("sqrt(E)/rho").label, guide_index("uts/rho").numerator
        ('E^(1/2)/ρ', 'tensile_strength')
        >>> guide_index("3/2").slope
        1.5
    """
    if isinstance(index, GuideIndex):
        return index
    if isinstance(index, bool) or not isinstance(index, (str, int, float)):
        raise _index_error(index, f"a {type(index).__name__} is neither a name nor a number")
    if isinstance(index, str):
        number = _number(index)
        if number is None:
            return _named_index(index)
    else:
        number = float(index)
    if not math.isfinite(number) or number == 0:
        raise _index_error(index, "the slope must be a finite, non-zero number")
    return GuideIndex(f"slope {number:g}", number)


def _named_index(text: str) -> GuideIndex:
    key = text.strip().replace(" ", "").replace("σ", "sigma").replace("ρ", "rho").replace("**", "^")
    key = _SQRT_RE.sub(lambda m: f"{m['num']}^(1/{2 if m[1] == 'sqrt' else 3})", key.lower())
    for name, idx in INDICES.items():
        if key == name.lower():
            return idx
    m = _INDEX_RE.match(key)
    if m is None:
        raise _index_error(text, "it is not of the form '<numerator>^(p)/rho'")
    power = _number(m["p"]) if m["p"] else 1.0
    if power is None or power <= 0:
        raise _index_error(text, "the exponent must be a positive number such as 1/2")
    num = m["num"]
    if num in _STRENGTH_WORDS:
        numerator, symbol = "strength", "σ"
    elif num in _MODULUS_WORDS:
        numerator, symbol = "modulus", "E"
    else:
        try:
            info = property_info(num)
        except MgAlloysError:
            raise _index_error(text, f"{num!r} is neither 'sigma', 'E' nor a property name") from None
        numerator, symbol = info.id, info.symbol
    p = Fraction(power).limit_denominator(12)
    exponent = "" if p == 1 else f"^({p})"
    for idx in INDICES.values():  # the same index spelled another way keeps its table entry
        if idx.numerator == numerator and math.isclose(idx.slope, 1.0 / power):
            return idx
    return GuideIndex(f"{symbol}{exponent}/ρ", 1.0 / power, numerator)


def index_slope(index: str | float | GuideIndex) -> float:
    """The log-log slope of an index's guide lines on a chart against density."""
    return guide_index(index).slope


def check_index(idx: GuideIndex, x: PropertyInfo, y: PropertyInfo) -> None:
    if not idx.numerator:
        return  # a bare slope fits any chart
    if x.id != "density":
        raise _index_error(idx.label, f"an index over density needs density on the x axis, not {x.id}")
    fits = {
        "strength": _is_strength(y),
        "modulus": y.id in _MODULI,
    }.get(idx.numerator, y.id == idx.numerator)
    if not fits:
        wants = {"strength": "a strength (e.g. tensile_strength)", "modulus": "elastic_modulus"}.get(
            idx.numerator, idx.numerator
        )
        raise _index_error(idx.label, f"its guide lines need {wants} on the y axis, but y is {y.id}")
