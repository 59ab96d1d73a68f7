"""Temperatures: where room temperature lies, how closely a test temperature must match, and
reading a temperature the user gives (``'250 degC'``, ``'RT'``, a Quantity or an array of them).

Examples:
    >>> from mgalloys.temperatures import scalar_temperature
    >>> scalar_temperature("RT")
    <Quantity(20.0, 'degree_Celsius')>
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias, TypeVar, overload

import numpy as np
import pint
from numpy.typing import NDArray

from .errors import UnitsError
from .units import Quantity, absolute_temperature, parse_unit, quantity, ureg

__all__ = [
    "BOUND_TOLERANCE_K",
    "ROOM_TEMPERATURE_C",
    "RT_CELSIUS",
    "TEMPERATURE_TOLERANCE_K",
    "FloatArray",
    "Temperature",
    "Temperatures",
    "quantity_array",
    "scalar_temperature",
    "temperature_of",
    "temperatures_of",
]

#: The band of stated test temperatures that count as room temperature, in °C.
ROOM_TEMPERATURE_C = (15.0, 30.0)
#: Where a value at "room temperature" is placed when a number is needed (a curve's ``RT``
#: point, the temperature of a room-temperature Lorenz number), in °C.
RT_CELSIUS = 20.0
#: A test temperature counts for "at T" within this many kelvin (a criterion ``at 250 degC``, an
#: answer at a curve's end point).
TEMPERATURE_TOLERANCE_K = 5.0
#: A window's bounds are compared within this many kelvin: it absorbs 523 K vs 250 degC and
#: whole-degree rounding.
BOUND_TOLERANCE_K = 0.5

#: An array of floats (a curve's points, the answers at several temperatures).
FloatArray: TypeAlias = NDArray[np.float64]
#: One temperature: a text such as ``'250 degC'`` or ``'RT'``, or a Quantity of one number.
Temperature: TypeAlias = "str | Quantity[float]"
#: Several temperatures: a list or tuple of them, or a Quantity holding an array.
Temperatures: TypeAlias = (
    "list[str | Quantity[float]] | tuple[str | Quantity[float], ...] | Quantity[NDArray[Any]]"
)

_KELVIN = quantity(1.0, "kelvin").dimensionality
_M = TypeVar("_M", float, NDArray[Any])


def quantity_array(values: Any, unit: str) -> Quantity[FloatArray]:
    """A read-only float array as a Quantity: nothing a caller receives can change its source."""
    arr = np.asarray(values, dtype=float)
    arr.flags.writeable = False  # nothing a caller receives can change the curve
    q: Quantity[FloatArray] = ureg.Quantity(arr, parse_unit(unit))
    return q


@overload
def temperature_of(value: str) -> Quantity[float]: ...
@overload
def temperature_of(value: Quantity[_M]) -> Quantity[_M]: ...
def temperature_of(value: str | Quantity[Any]) -> Quantity[Any]:
    """One temperature as a Quantity: ``'RT'`` (placed at 20 °C), a string or a Quantity (one
    number, or an array it keeps); never a difference (``delta_degC``), never below 0 K
    (``mgalloys.TemperatureError`` says why)."""
    if isinstance(value, str) and value.strip().upper() == "RT":
        return quantity(RT_CELSIUS, "degC")
    what = f"the temperature {value!r}" if isinstance(value, str) else "a temperature"
    return absolute_temperature(quantity(value), what)


def temperatures_of(value: Temperature | Temperatures) -> Quantity[Any]:
    """A temperature Quantity (0-d or 1-d magnitude) from a string, a Quantity or a sequence."""
    if isinstance(value, pint.Quantity):
        q = temperature_of(value)
        if isinstance(q.magnitude, float):
            return q
        if np.ndim(q.magnitude) > 1:
            raise UnitsError("give temperatures as one value or a one-dimensional array")
        if np.ndim(q.magnitude) == 1:
            return q
        return q._REGISTRY.Quantity(float(q.magnitude), q._units)
    if isinstance(value, str):
        return temperature_of(value)
    if isinstance(value, (Sequence, np.ndarray)):
        items = [temperature_of(v) for v in value]
        if not items:
            raise UnitsError("an empty sequence of temperatures")
        return quantity_array(np.array([float(v.to("kelvin").magnitude) for v in items]), "kelvin")
    raise UnitsError(
        f"a temperature must be a string such as '250 degC', a Quantity or a sequence of them, "
        f"not {type(value).__name__} {value!r}"
    )


def scalar_temperature(value: Temperature) -> Quantity[float]:
    """One temperature as a Quantity (``'RT'`` is 20 °C); a bad one raises the library's error."""
    q = temperatures_of(value)
    if np.ndim(q.magnitude) != 0:
        raise UnitsError(f"give one temperature here, not {np.size(q.magnitude)}")
    return q
