"""Units: one shared pint registry, the field's own units, and safe parsing and conversion.

mgalloys uses pint's *application registry* (``pint.get_application_registry()``), so quantities
made by the library and by the user's own code live in one registry and mix freely. On import the
library adds the units pint lacks to that registry:

* ``%IACS`` (``percent_IACS``): 100 %IACS = 58.0 MS/m, the conductivity of annealed copper;
* hardness scales ``HB``, ``HV``, ``HK``, ``HRB``, ``HRE``, ``HRF``: each its own dimension, so that
  converting one scale into another is refused instead of being silently wrong.

Set a custom application registry with ``pint.set_application_registry`` *before* importing
mgalloys if you want one. A quantity from any other registry is accepted at the API: it is rebuilt
in the application registry from its magnitude and unit name.

Examples:
    >>> import mgalloys as mg
    >>> mg.Q_("30 %IACS").to("MS/m")
    <Quantity(17.4, 'megasiemens / meter')>
    >>> round(mg.convert("4.3 microohm*cm", "MS/m").magnitude, 1)
    23.3
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

import pint

from .errors import IncompatibleScalesError, UnitParseError, UnitsError, WrongDimensionError

__all__ = [
    "IACS_MS_PER_M",
    "Q_",
    "Quantity",
    "Unit",
    "affine",
    "convert",
    "format_quantity",
    "parse_unit",
    "quantity",
    "unit_text",
    "ureg",
]

Quantity = pint.Quantity
Unit = pint.Unit

IACS_MS_PER_M = 58.0
"""Conductivity of the International Annealed Copper Standard, in MS/m (100 %IACS)."""

_HARDNESS_SCALES = {
    "HB": "brinell_hardness",
    "HV": "vickers_hardness",
    "HK": "knoop_hardness",
    "HRB": "rockwell_b_hardness",
    "HRE": "rockwell_e_hardness",
    "HRF": "rockwell_f_hardness",
}
_DEFINITIONS = [
    f"percent_IACS = {IACS_MS_PER_M / 100} * megasiemens / meter = %IACS = pct_IACS",
    *(f"{name} = [{name}] = {sym}" for sym, name in _HARDNESS_SCALES.items()),
]
_IACS_RE = re.compile(r"%\s*IACS\b", re.IGNORECASE)


def _iacs_preprocessor(text: str) -> str:
    # pint's tokenizer reads "%IACS" as "percent * IACS": rewrite it to the unit's name first.
    return _IACS_RE.sub("percent_IACS", text)


def _setup_registry() -> Any:
    """Return the application registry, with mgalloys' units defined in it (idempotent)."""
    app = pint.get_application_registry()  # type: ignore[no-untyped-call]
    inner = app.get()
    if type(inner).__name__ == "LazyRegistry":
        # Nobody has touched the default registry yet: build it from pint's on-disk definition
        # cache (the same defaults_en.txt, parsed ~8x faster). Falls back to a plain build.
        try:
            app.set(pint.UnitRegistry(cache_folder=":auto:"))
        except Exception:  # pragma: no cover - unwritable cache folder and the like
            app.set(pint.UnitRegistry())
        inner = app.get()
    if "percent_IACS" not in inner:
        for line in _DEFINITIONS:
            inner.define(line)
    if _iacs_preprocessor not in inner.preprocessors:
        # first: pint's own preprocessors turn '%' into 'percent' before ours would see it
        inner.preprocessors.insert(0, _iacs_preprocessor)
    return app


ureg: Any = _setup_registry()
"""The one shared pint registry: every Quantity the library takes or returns belongs to it."""

_NUMBER_RE = re.compile(
    r"^\s*(?P<num>[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)\s*(?:[x×·*]\s*10\^?(?P<exp>[-+]?\d+))?\s*(?P<unit>.*?)\s*$"
)


@lru_cache(maxsize=1024)
def parse_unit(text: str) -> Any:
    """Parse a unit string once (cached); offset units inside compound units become deltas.

    Examples:
        >>> "delta_degree_Fahrenheit" in str(parse_unit("BTU/(h*ft*degF)"))
        True
    """
    if not isinstance(text, str):
        raise UnitParseError(f"a unit must be a string such as 'MPa'; got {type(text).__name__}")
    cleaned = _iacs_preprocessor(text.strip())
    if cleaned in ("", "1"):
        return ureg.dimensionless
    try:
        return ureg.parse_units(cleaned, as_delta=True)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError) as exc:
        raise UnitParseError(f"unknown unit {text!r}: {exc}") from None
    except Exception as exc:  # pint raises several types for malformed expressions
        raise UnitParseError(f"cannot read {text!r} as a unit: {exc}") from None


def quantity(value: Any, unit: str | None = None) -> Any:
    """Build a Quantity in the shared registry from a string, a number and unit, or a Quantity.

    Accepts ``"35 ksi"``, ``"125 W/(m*K)"``, ``"250 degC"`` (offset units work here, unlike
    ``ureg.Quantity("250 degC")``), ``"30 %IACS"``, ``(12.5, "MPa")`` or a Quantity from any pint
    registry. A bare number without a unit is refused: mgalloys never guesses a unit.

    Examples:
        >>> round(quantity("35 ksi").to("MPa").magnitude, 4)
        241.3165
        >>> quantity(250, "degC") > quantity("400 degF")
        True
    """
    if isinstance(value, pint.Quantity):
        if unit is not None:
            raise UnitsError("give either a Quantity or a number with a unit, not both")
        if value._REGISTRY is ureg.get():
            return value
        # A quantity from another registry: rebuild it here from magnitude and unit name.
        return ureg.Quantity(value.magnitude, parse_unit(str(value.units)))
    if isinstance(value, str):
        if unit is not None:
            raise UnitsError(f"give the unit inside the string or separately, not both: {value!r}")
        match = _NUMBER_RE.match(value)
        if match is None:
            raise UnitParseError(
                f"cannot read {value!r} as a quantity: expected a number followed by a unit, "
                "e.g. '35 ksi', '1.81 g/cm**3', '250 degC'"
            )
        number = float(match["num"].replace(",", "."))
        if match["exp"]:
            number *= 10.0 ** int(match["exp"])
        unit_text = match["unit"]
        if not unit_text:
            raise UnitParseError(f"{value!r} has no unit: write e.g. '{value.strip()} MPa'")
        return ureg.Quantity(number, parse_unit(unit_text))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UnitsError(
            f"cannot make a quantity from {type(value).__name__} {value!r}: "
            "give a Quantity, a string such as '35 ksi', or a number and a unit"
        )
    if unit is None:
        raise UnitsError(f"{value!r} has no unit: give one, e.g. quantity({value!r}, 'MPa')")
    if math.isnan(value):
        raise UnitsError("NaN is not a value; leave a missing value out instead")
    return ureg.Quantity(value, parse_unit(unit))


Q_ = quantity
"""Build a Quantity in the shared registry: ``Q_("35 ksi")`` or ``Q_(35, "ksi")`` (``quantity``)."""


def _hardness_scale(dims: Any) -> str | None:
    for sym, name in _HARDNESS_SCALES.items():
        if f"[{name}]" in dims:
            return sym
    return None


def _is_electrical_pair(a: Any, b: Any) -> bool:
    conductivity = ureg.siemens.dimensionality / ureg.meter.dimensionality
    return {a, b} == {conductivity, 1 / conductivity}


def convert(value: Any, unit: str) -> Any:
    """Convert to ``unit``; also between electrical resistivity and conductivity (reciprocal).

    pint's ``.to()`` refuses resistivity to conductivity because the dimensions are inverse;
    this helper takes the reciprocal for that pair only. Hardness scales never convert.

    Examples:
        >>> round(convert("4.3 microohm*cm", "MS/m").magnitude, 2)
        23.26
        >>> round(convert("100 %IACS", "microohm*cm").magnitude, 4)
        1.7241
    """
    q = quantity(value)
    target = parse_unit(unit)
    src_dims, dst_dims = q.dimensionality, target.dimensionality
    if src_dims == dst_dims:
        return q.to(target)
    src_scale, dst_scale = _hardness_scale(src_dims), _hardness_scale(dst_dims)
    if src_scale or dst_scale:
        raise IncompatibleScalesError(
            f"cannot convert hardness {format_quantity(q)} to {unit!r}: hardness scales "
            "(HB, HV, HK, HRB, HRE, HRF) measure different things and are not interconvertible"
        )
    if _is_electrical_pair(src_dims, dst_dims):
        if q.magnitude == 0:
            raise UnitsError(f"cannot take the reciprocal of {format_quantity(q)}")
        return (1 / q).to(target)
    raise WrongDimensionError(f"converting {format_quantity(q)} to {unit!r}", str(dst_dims), str(src_dims))


@lru_cache(maxsize=1024)
def affine(src: str, dst: str) -> tuple[float, float]:
    """``(a, b)`` with ``x[dst] = a * x[src] + b``, from pint once (offset units included).

    Raises ``WrongDimensionError`` when the units do not convert.
    """
    s, d = parse_unit(src), parse_unit(dst)
    if s.dimensionality != d.dimensionality:
        raise WrongDimensionError(
            f"converting {src!r} to {dst!r}", str(d.dimensionality), str(s.dimensionality)
        )
    zero = float(quantity(0.0, src).to(d).magnitude)
    one = float(quantity(1.0, src).to(d).magnitude)
    a = one - zero
    # snap ulp noise of exact factors (see derived._factor)
    snapped = float(f"{a:.12g}")
    return (snapped if abs(snapped - a) <= 1e-14 * abs(a) else a), zero


# How the field writes its units (pint's compact form would print "W/K/m" for W/(m·K)).
_DISPLAY = {
    "W/(m*K)": "W/(m·K)",
    "g/cm**3": "g/cm³",
    "micrometer/(meter*kelvin)": "µm/(m·K)",
    "J/(kg*K)": "J/(kg·K)",
    "microohm*cm": "µΩ·cm",
    "degC": "°C",
    "degF": "°F",
    "lb/in**3": "lb/in³",
    "BTU/(h*ft*degF)": "BTU/(h·ft·°F)",
    "%IACS": "%IACS",
}


@lru_cache(maxsize=256)
def unit_text(unit: Any) -> str:
    """The conventional short spelling of a unit, e.g. ``'W/(m·K)'``, ``'µΩ·cm'``, ``'ksi'``."""
    for text, shown in _DISPLAY.items():
        if parse_unit(text) == unit:
            return shown
    return f"{unit:~P}"


def format_quantity(q: Any, digits: int | None = None) -> str:
    """Short human form, e.g. ``'1.81 g/cm³'``; ``digits`` rounds to significant figures.

    Examples:
        >>> format_quantity(quantity("125 W/(m*K)"))
        '125 W/(m·K)'
    """
    mag = q.magnitude
    text = f"{mag:.{digits}g}" if digits is not None else f"{mag:g}"
    return f"{text} {unit_text(q.units)}".strip()
