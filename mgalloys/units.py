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
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar, cast, overload

import pint
from numpy.typing import NDArray

from .errors import (
    IncompatibleScalesError,
    ReadOnlyError,
    TemperatureError,
    UnitParseError,
    UnitsError,
    WrongDimensionError,
)

__all__ = [
    "IACS_MS_PER_M",
    "MAX_TEXT_LENGTH",
    "Q_",
    "Quantity",
    "Unit",
    "absolute_temperature",
    "affine",
    "check_dimensionless",
    "convert",
    "format_quantity",
    "freeze",
    "frozen_quantity",
    "is_temperature_difference",
    "parse_unit",
    "quantity",
    "to_unit",
    "unit_text",
    "ureg",
]

Quantity = pint.Quantity
"""pint's Quantity class: ``Quantity[float]`` is a quantity with one number, the type of every
value the library returns (``Quantity[NDArray[np.float64]]`` holds an array, e.g. a curve's)."""
Unit = pint.Unit

#: The magnitude of a quantity given back as it came (a number or an array).
_M = TypeVar("_M", float, NDArray[Any])

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


# pint's ApplicationRegistry forwards every attribute to the registry it wraps (untyped): Any here
ureg: Any = _setup_registry()
"""The one shared pint registry (pint's application registry): every Quantity the library takes
or returns belongs to it."""

#: The longest quantity or unit text read (longer text is refused before any parsing, so that
#: no input can make the parser slow).
MAX_TEXT_LENGTH = 200


def too_long(text: str, what: str) -> str | None:
    """A message when ``text`` is longer than any name or quantity the library reads (checked
    first, so that no input can make a lookup slow); ``None`` otherwise."""
    if len(text) <= MAX_TEXT_LENGTH:
        return None
    return f"{what} of {len(text)} characters ({text[:20]!r}...) is too long (at most {MAX_TEXT_LENGTH})"


_NUMBER_RE = re.compile(
    r"(?P<num>[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)"
    r"(?:\s*[x×·*]\s*10\s*(?:\^|\*\*)\s*(?P<exp>[-+]?\d+))?\s*(?P<unit>.*)",
    re.DOTALL,
)
# "46,000", "1,234,567.5": a comma followed by exactly three digits is a thousands separator or
# a decimal comma; refused either way
_THOUSANDS_RE = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?![\d,])")

# Table spellings (docs: concepts, "Units"): a unit symbol followed by a signed integer is a power
# ("cm3", "m-1", "K-1"); "√m" is "m**0.5".
_POWER_RE = re.compile(r"(?<=[A-Za-zµμΩ°])([-−]?\d+)(?![\d.])")
_SQRT_RE = re.compile(r"√\s*\(?\s*([A-Za-zµμΩ]+)\s*\)?")
_BEFORE_SQRT = re.compile(r"(?<=\S)[\s·⋅*]*√")
_MULTIPLIED = {"kip", "kip_per_square_inch"}  # already 1000 lbf: "kksi" is a typo, never a unit
_ACCEPTED_SPELLINGS = (
    "write units as pint does ('MPa', 'W/(m*K)', 'g/cm**3', 'MPa*m**0.5', 'degC', '%IACS') "
    "or as tables print them ('W·m-1·K-1', 'g/cm3', 'MPa·m^0.5', 'µΩ·cm')"
)


def _table_spelling(text: str) -> str:
    text = _SQRT_RE.sub(r"\1**0.5", _BEFORE_SQRT.sub("*√", text))
    return _POWER_RE.sub(lambda m: "**" + m[1].replace("−", "-"), text)


def _refuse_odd_units(text: str, parsed: Unit) -> None:
    registry = ureg.get()
    for name, power in parsed._units.items():
        if name == "millikelvin":
            raise UnitParseError(
                f"{text!r}: pint reads 'mK' as millikelvin; for watts per metre-kelvin write "
                "'W/(m*K)' or 'W·m-1·K-1'"
            )
        if name == "percent" and power != 1:
            raise UnitParseError(
                f"{text!r} is percent to the power {power:g}, which no property is measured in; "
                "write a single '%'"
            )
        for prefix, base, _suffix in registry.parse_unit_name(name):
            if prefix and base in _MULTIPLIED:
                raise UnitParseError(
                    f"{text!r}: a prefix on {base.replace('_', ' ')} (already 1000 lbf) is not a unit; "
                    "write 'ksi' (or 'kpsi')"
                )


@lru_cache(maxsize=1024)
def parse_unit(text: str) -> Unit:
    """Parse a unit string once (cached); offset units inside compound units become deltas.

    Besides pint's own syntax, the spellings tables print are read: a middle dot for a product
    and a signed integer after a symbol for a power (``'W·m-1·K-1'``, ``'g/cm3'``), ``'MPa·m^0.5'``
    and ``'MPa√m'``. Refused with an error that says why: ``'W/mK'`` (pint reads ``mK`` as
    millikelvin), percent to a power (``'%%'``), a prefix on ``ksi`` (``'kksi'``), text longer than
    ``MAX_TEXT_LENGTH``.

    Examples:
        >>> "delta_degree_Fahrenheit" in str(parse_unit("BTU/(h*ft*degF)"))
        True
        >>> parse_unit("W·m-1·K-1") == parse_unit("W/(m*K)")
        True
    """
    if not isinstance(text, str):
        raise UnitParseError(f"a unit must be a string such as 'MPa'; got {type(text).__name__}")
    if len(text) > MAX_TEXT_LENGTH:
        raise UnitParseError(f"a unit of {len(text)} characters is too long (at most {MAX_TEXT_LENGTH})")
    cleaned = _iacs_preprocessor(text.strip())
    if cleaned in ("", "1"):
        dimensionless: Unit = ureg.dimensionless
        return dimensionless
    try:
        parsed: Unit = ureg.parse_units(_table_spelling(cleaned), as_delta=True)
    except pint.errors.UndefinedUnitError as exc:
        names = ", ".join(repr(n) for n in getattr(exc, "unit_names", ()) or ())
        what = f" ({names} is not a unit pint knows)" if names else ""
        raise UnitParseError(f"unknown unit {text!r}{what}; {_ACCEPTED_SPELLINGS}") from None
    except Exception:  # pint raises several types for malformed expressions: never show them
        raise UnitParseError(f"cannot read {text!r} as a unit; {_ACCEPTED_SPELLINGS}") from None
    _refuse_odd_units(text, parsed)
    return parsed


def _number(text: str, num: str, exp: str | None) -> float:
    """The number of a quantity text, refusing thousands separators and non-finite values."""
    sep = _THOUSANDS_RE.match(text.strip())
    if sep:
        plain = sep[0].replace(",", "")
        raise UnitParseError(
            f"{text!r}: a comma followed by three digits may be a thousands separator "
            f"({plain}) or a decimal comma; write the number without separators, e.g. {plain!r}"
        )
    number = float(num.replace(",", "."))
    if exp:
        number *= float(f"1e{exp}")  # float() of a huge exponent is inf or 0, never an error
    if not math.isfinite(number):
        raise UnitParseError(f"{text!r} is not a finite number; values must be finite")
    return number


def _make(magnitude: float, unit: Unit) -> Quantity[float]:
    """A quantity of the shared registry (pint types its registry's constructor loosely)."""
    q: Quantity[float] = ureg.Quantity(magnitude, unit)
    return q


@overload
def quantity(value: str | float, unit: str | None = None) -> Quantity[float]: ...
@overload
def quantity(value: Quantity[_M], unit: None = None) -> Quantity[_M]: ...
def quantity(value: object, unit: str | None = None) -> Quantity[Any]:
    """Build a Quantity in the shared registry from a string, a number and unit, or a Quantity.

    Returns a ``pint.Quantity`` of the shared registry (``Quantity[float]`` for a string or a
    number; a Quantity keeps its magnitude's type).

    Accepts ``"35 ksi"``, ``"125 W/(m*K)"``, ``"250 degC"`` (offset units work here, unlike
    ``ureg.Quantity("250 degC")``), ``"30 %IACS"``, ``"1.2 x 10^3 MPa"``, ``(12.5, "MPa")`` or a
    Quantity from any pint registry. Refused, with an error that says why: a bare number
    without a unit (mgalloys never guesses a unit), NaN and infinite or overflowing values,
    thousands separators (``"46,000 psi"``: a comma followed by exactly three digits may be a
    decimal comma; any other single comma is a decimal comma, ``"1,81 g/cm3"``), and text longer
    than ``MAX_TEXT_LENGTH`` characters.

    Examples:
        >>> round(quantity("35 ksi").to("MPa").magnitude, 4)
        241.3165
        >>> quantity(250, "degC") > quantity("400 degF")
        True
    """
    if isinstance(value, pint.Quantity):
        if unit is not None:
            raise UnitsError("give either a Quantity or a number with a unit, not both")
        mag = value.magnitude
        if isinstance(mag, (int, float)) and not _finite(mag):
            raise UnitsError(f"{value!r} is not finite; values must be finite numbers")
        if value._REGISTRY is ureg.get():
            return value
        # A quantity from another registry: rebuild it here from magnitude and unit name.
        rebuilt: Quantity[Any] = ureg.Quantity(mag, parse_unit(str(value.units)))
        return rebuilt
    if isinstance(value, str):
        if unit is not None:
            raise UnitsError(f"give the unit inside the string or separately, not both: {value!r}")
        if len(value) > MAX_TEXT_LENGTH:
            raise UnitParseError(
                f"a quantity of {len(value)} characters is too long (at most {MAX_TEXT_LENGTH}): "
                "write e.g. '35 ksi'"
            )
        text = value.strip()
        match = _NUMBER_RE.fullmatch(text)
        if match is None:
            raise UnitParseError(
                f"cannot read {value!r} as a quantity: expected a number followed by a unit, "
                "e.g. '35 ksi', '1.81 g/cm**3', '250 degC'"
            )
        number = _number(value, match["num"], match["exp"])
        if not match["unit"]:
            raise UnitParseError(f"{value!r} has no unit: write e.g. '{text} MPa'")
        return _make(number, parse_unit(match["unit"]))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UnitsError(
            f"cannot make a quantity from {type(value).__name__} {value!r}: "
            "give a Quantity, a string such as '35 ksi', or a number and a unit"
        )
    if unit is None:
        raise UnitsError(f"{value!r} has no unit: give one, e.g. quantity({value!r}, 'MPa')")
    if not _finite(value):
        if isinstance(value, float) and math.isnan(value):
            raise UnitsError("NaN is not a value; leave a missing value out instead")
        raise UnitsError(f"{value!r} is not a finite number; values must be finite")
    return _make(value, parse_unit(unit))


def _finite(x: Any) -> bool:
    try:
        return math.isfinite(x)
    except OverflowError:  # an int too large for a float
        return False


#: Build a Quantity: ``Q_("35 ksi")``, ``Q_(35, "ksi")``; see ``quantity``.
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


# --- temperatures and temperature differences ---------------------------------------------------
def is_temperature_difference(unit: Any) -> bool:
    """Whether a unit (text or a pint Unit) is a temperature difference (``delta_degC``)."""
    units = parse_unit(unit) if isinstance(unit, str) else unit
    return any(name.startswith("delta_") for name in units._units)


@lru_cache(maxsize=64)
def _has_offset(units: Any) -> bool:
    """Whether a temperature unit has an offset from zero kelvin (``degC``, ``degF``)."""
    return float(ureg.Quantity(0.0, units).to("kelvin").magnitude) != 0.0


_PLAIN_TEMPERATURE = {"delta_degree_Celsius": "degC", "delta_degree_Fahrenheit": "degF"}


@lru_cache(maxsize=64)
def _to_kelvin(units: Any) -> tuple[float, float, bool] | None:
    """``(a, b, is a difference)`` with ``kelvin = a * x + b`` for a temperature unit, keyed by
    a quantity's units container (cheap to hash); ``None`` for another dimension."""
    unit = ureg.get().Unit(units)
    if unit.dimensionality != ureg.kelvin.dimensionality:
        return None
    if is_temperature_difference(unit):
        return 1.0, 0.0, True
    a, b = affine(str(unit), "kelvin")
    return a, b, False


def absolute_temperature(q: Quantity[_M], what: str = "the temperature") -> Quantity[_M]:
    """``q`` when it is a temperature at or above absolute zero (a number or an array).

    A temperature difference (``'250 delta_degC'``) where a temperature is meant raises
    ``mgalloys.TemperatureError`` saying what to write (``'250 degC'``); so does a temperature
    below absolute zero. Another dimension raises ``mgalloys.WrongDimensionError``.

    Examples:
        >>> absolute_temperature(quantity("250 degC")).magnitude
        250.0
    """
    to_kelvin = _to_kelvin(q._units)
    if to_kelvin is None:
        raise WrongDimensionError(what, "[temperature] (e.g. 250 degC, 523 K)", str(q.dimensionality))
    a, b, difference = to_kelvin
    if difference:
        shown = _shown(q)
        plain = _PLAIN_TEMPERATURE.get(str(q.units), "K")
        m = q.magnitude if getattr(q.magnitude, "ndim", 0) == 0 else 250.0
        raise TemperatureError(
            f"{what} is {shown}, a temperature difference; a temperature is meant here: write e.g. "
            f"'{m:g} {plain}' or '{m:g} K', not delta units"
        )
    mag: Any = q.magnitude  # a number or an array
    lowest = a * (float(mag.min()) if getattr(mag, "ndim", 0) else float(mag)) + b
    if lowest < -1e-9:  # -273.15 degC is 0 K up to float noise
        raise TemperatureError(f"{what} ({_shown(q)}) is below absolute zero (0 K = -273.15 °C)")
    return q


def _shown(q: Quantity[Any]) -> str:
    """A temperature as an error message shows it (formatted only when an error is raised)."""
    return f"{q:~P}" if getattr(q.magnitude, "ndim", 0) == 0 else f"in {q.units:~P}"


def _temperature_pair(q: Quantity[Any], target: Unit, unit: str) -> None:
    """Refuse converting a temperature into a difference or back (degC <-> delta_degC), and a
    temperature below absolute zero; kelvin is both, and converts either way."""
    source_delta, target_delta = is_temperature_difference(q.units), is_temperature_difference(target)
    if source_delta != target_delta and (_has_offset(q.units) or _has_offset(target)):
        what = "a temperature difference" if source_delta else "a temperature"
        other = "a temperature" if source_delta else "a temperature difference"
        fits = "delta_degF or K" if source_delta else "degF or K"
        raise TemperatureError(
            f"{format_quantity(q)} is {what} and {unit!r} {other}; one does not convert into the "
            f"other: convert it to {fits}"
        )
    if not source_delta:
        absolute_temperature(q)


@overload
def convert(value: str | Quantity[float], unit: str) -> Quantity[float]: ...
@overload
def convert(value: Quantity[_M], unit: str) -> Quantity[_M]: ...
def convert(value: str | Quantity[Any], unit: str) -> Quantity[Any]:
    """Convert to ``unit``; also between electrical resistivity and conductivity (reciprocal).

    ``value`` is a quantity text (``"35 ksi"``) or a Quantity; returns a ``pint.Quantity`` in
    ``unit`` (``Quantity[float]`` for a text or a Quantity of one number).

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
        if src_dims == ureg.kelvin.dimensionality:
            _temperature_pair(q, target, unit)
        return _finite_result(q, unit, lambda: q.to(target))
    src_scale, dst_scale = _hardness_scale(src_dims), _hardness_scale(dst_dims)
    if src_scale or dst_scale:
        raise IncompatibleScalesError(
            f"cannot convert hardness {format_quantity(q)} to {unit!r}: hardness scales "
            "(HB, HV, HK, HRB, HRE, HRF) measure different things and are not interconvertible"
        )
    if _is_electrical_pair(src_dims, dst_dims):
        if q.magnitude == 0:
            raise UnitsError(f"cannot take the reciprocal of {format_quantity(q)}")
        return _finite_result(q, unit, lambda: (1 / q).to(target))
    raise WrongDimensionError(f"converting {format_quantity(q)} to {unit!r}", str(dst_dims), str(src_dims))


def _finite_result(q: Quantity[Any], unit: str, work: Callable[[], Quantity[Any]]) -> Quantity[Any]:
    try:
        out: Quantity[Any] | None = work()
    except (OverflowError, ZeroDivisionError):
        out = None
    if out is None or not _finite(out.magnitude):
        raise UnitsError(f"{format_quantity(q)} in {unit!r} is too large or too small for a float")
    return out


def to_unit(q: Quantity[_M], unit: str, what: str = "the value") -> Quantity[_M]:
    """``q`` converted to ``unit``, or the library's error naming ``what`` (never pint's).

    Unlike ``convert`` there is no reciprocal: a conductivity is never shown as a resistivity.
    """
    target = parse_unit(unit)
    if _hardness_scale(q.dimensionality) or _hardness_scale(target.dimensionality):
        if q.units != target:
            raise IncompatibleScalesError(
                f"{what} is {format_quantity(q)}: hardness scales never convert (asked for {unit!r})"
            )
        return q
    if q.dimensionality != target.dimensionality:
        raise WrongDimensionError(f"{what} in {unit!r}", str(q.dimensionality), str(target.dimensionality))
    out: Quantity[_M] = _finite_result(q, unit, lambda: q.to(target))
    return out


# --- read-only quantities ------------------------------------------------------------------------
_FROZEN: dict[int, type] = {}


def _frozen_class() -> type:
    base = ureg.get().Quantity
    cls = _FROZEN.get(id(base))
    if cls is None:

        def refuse(self: Any, *args: Any, **kwargs: Any) -> None:
            raise ReadOnlyError(
                f"{format_quantity(self)} belongs to the library's data and cannot be changed in "
                "place; q.to(unit) gives a converted copy"
            )

        def new(cls: type, value: Any, units: Any = None) -> Any:
            # Results of arithmetic, .to(), copies: ordinary (mutable) quantities of the registry.
            return base(value, units)

        methods: dict[str, Any] = {name: refuse for name in dir(base) if name.startswith("ito")}
        cls = type("ReadOnlyQuantity", (base,), {"__new__": new, **methods, "__slots__": ()})
        _FROZEN[id(base)] = cls
    return cls


def thawed(q: Quantity[_M]) -> Quantity[_M]:
    """An ordinary (mutable) copy of a quantity, e.g. of a read-only one from ``freeze``: built
    from its magnitude and units container directly, several times cheaper than ``copy.copy``
    (which a property read pays on every call). A float magnitude is set up directly, as
    ``frozen_quantity`` does (pint's constructor checks its arguments' types at length: it was
    nine tenths of reading ``alloy.density``); ``tests/test_fastpaths.py`` holds the two equal."""
    mag = q._magnitude
    if type(mag) is not float:
        copied: Quantity[_M] = q._REGISTRY.Quantity(mag, q._units)
        return copied
    return cast("Quantity[_M]", _set_up(q._REGISTRY.Quantity, mag, q._units))


def frozen_quantity(magnitude: float, units: Any) -> Quantity[float]:
    """A read-only quantity of ``magnitude`` (a finite float) in ``units`` (a Quantity's units
    container): what ``freeze`` makes of ``ureg.Quantity(magnitude, units)``, set up directly.
    pint's constructor checks its arguments' types at length (a third of a check's time went to
    building its results' Quantities); ``tests/test_fastpaths.py`` holds the two equal."""
    return cast("Quantity[float]", _set_up(_frozen_class(), magnitude, units))


def _set_up(cls: type, magnitude: float, units: Any) -> Any:
    """A quantity of class ``cls`` holding ``magnitude`` and ``units`` (a units container), set up
    without pint's constructor: what ``thawed`` and ``frozen_quantity`` share."""
    q: Any = object.__new__(cls)
    q.__dict__["_magnitude"] = magnitude
    q.__dict__["_units"] = units
    return q


def freeze(q: str | Quantity[float]) -> Quantity[float]:
    """A read-only copy of a quantity for the library's models: ``ito()`` and the other
    in-place conversions raise ``mgalloys.errors.ReadOnlyError``; ``to()``, arithmetic and
    ``copy.copy`` give ordinary quantities.

    Examples:
        >>> frozen = freeze(quantity("125 W/(m*K)"))
        >>> frozen.to("W/(cm*K)").magnitude
        1.25
    """
    cls = _frozen_class()
    q = quantity(q)
    if type(q) is cls:
        return q
    return cast("Quantity[float]", q._REGISTRY.Quantity.__new__(cls, q.magnitude, q._units))


# --- dimensionless properties --------------------------------------------------------------------
#: Units a percent property (elongation) accepts: percent, or a plain fraction written with the
#: explicit unit ``"1"`` (or ``"dimensionless"``): ``(0.12, "1")`` is 12 %. An empty unit is
#: refused, so that an elongation of 12 never becomes 1200 %.
PERCENT_UNITS = ("%", "percent", "1", "dimensionless")
#: Units a plain-ratio property (Poisson's ratio) accepts: a plain number.
RATIO_UNITS = ("", "1", "dimensionless")


def check_dimensionless(q: Quantity[Any], canonical: str, what: str, unit: str | None = None) -> None:
    """Refuse meaningless dimensionless units for a percent or plain-ratio property.

    ``unit`` is the unit text as given, when there was one (an empty text is refused for a
    percent property). ``ppm``, ``%%``, ``permille`` and other dimensionless units are refused
    with ``mgalloys.WrongDimensionError``.
    """
    percent = parse_unit(canonical) == ureg.percent
    accepted = PERCENT_UNITS if percent else RATIO_UNITS
    empty = percent and unit is not None and unit.strip() == ""
    if not empty and q.units in {parse_unit(u) for u in accepted}:
        return
    shown = (
        "in '%' (or a fraction with the explicit unit '1': (0.12, '1') is 12 %)"
        if percent
        else "as a plain number"
    )
    given = f"the unit {q.units:~P} ({q.units})" if not empty else "an empty unit"
    raise WrongDimensionError(what, f"dimensionless, {shown}", given)


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
def unit_text(unit: Unit) -> str:
    """The conventional short spelling of a unit, e.g. ``'W/(m·K)'``, ``'µΩ·cm'``, ``'ksi'``."""
    for text, shown in _DISPLAY.items():
        if parse_unit(text) == unit:
            return shown
    return f"{unit:~P}"


def format_quantity(q: Quantity[Any], digits: int | None = None) -> str:
    """Short human form, e.g. ``'1.81 g/cm³'``; ``digits`` rounds to significant figures.

    Examples:
        >>> format_quantity(quantity("125 W/(m*K)"))
        '125 W/(m·K)'
    """
    mag = q.magnitude
    text = f"{mag:.{digits}g}" if digits is not None else f"{mag:g}"
    return f"{text} {_container_text(q._units)}".strip()


@lru_cache(maxsize=256)
def _container_text(units: Any) -> str:
    # keyed by the quantity's units container: building its Unit and formatting it costs pint
    # more than the rest of a formatted value
    return unit_text(ureg.get().Unit(units))
