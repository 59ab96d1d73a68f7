"""Sourced values and what they mean: a property value with its kind, conditions and source,
an element's content range, another name of a grade, and the rule that picks a default value.

All models are frozen pydantic v2 models; they round-trip through JSON and publish a JSON schema.
Quantities are stored read-only (`QuantityField`): nothing a caller receives can change them.

Examples:
    >>> import mgalloys as mg
    >>> v = mg.alloy("AZ91D").value("density")
    >>> v.kind.value
    'typical'
    >>> v.source.key != ""
    True
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import numpy as np
import pint
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import core_schema

from .bibliography import Source, SourceKind
from .errors import InputValueError, UnitsError, describe_input
from .propertytable import PropertyInfo, property_info
from .temperatures import ROOM_TEMPERATURE_C
from .units import Quantity, format_quantity, freeze, parse_unit, quantity, thawed, ureg

if TYPE_CHECKING:  # pragma: no cover - typing only (Python 3.10 has no typing.Self)
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from typing_extensions import Self

__all__ = [
    "COARSE_FIGURES",
    "COARSE_PROPERTIES",
    "KIND_RANK",
    "SOURCE_RANK",
    "Alias",
    "CompositionRange",
    "Conditions",
    "Equivalent",
    "Kind",
    "PropertyValue",
    "QuantityArrayField",
    "QuantityField",
    "Scale",
    "as_kind",
    "as_kinds",
    "computed_value",
    "default_rank",
    "magnitude_in",
    "scale_to",
    "uncached",
]


def _validate_quantity(value: Any) -> Quantity[float]:
    # stored read-only: nothing a caller receives can change a model (or the bundled data)
    try:
        if isinstance(value, Mapping):
            return freeze(quantity(value["magnitude"], value["units"]))
        return freeze(quantity(value))
    except UnitsError as exc:  # pydantic reports ValueError as a validation error
        raise ValueError(str(exc)) from None


def _serialize_quantity(value: Quantity[Any]) -> str:
    return f"{value.magnitude!r} {value.units}"


class _QuantitySchema:
    """How pydantic validates a Quantity field (`_validate_quantity`), serializes it (a string
    that parses back) and describes it in a JSON schema: the schema pydantic's ``PlainValidator``,
    ``PlainSerializer`` and ``WithJsonSchema`` would build together, written out so that importing
    the models does not import those helpers' module (about 2 ms of every cold start)."""

    def __init__(self, description: str) -> None:
        self.description = description

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_quantity,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _serialize_quantity, return_schema=core_schema.str_schema()
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "description": self.description}


#: A pint Quantity of one number as a pydantic field (read-only): validates strings
#: ("250 degC") and Quantities, serializes to a string that parses back.
QuantityField = Annotated[Quantity[float], _QuantitySchema("a number and a unit, e.g. '250 degC'")]
#: A pint Quantity holding an array of floats as a pydantic field (the answers of a curve at
#: several temperatures), validated and serialized as ``QuantityField`` is.
QuantityArrayField = Annotated[Quantity[NDArray[np.float64]], _QuantitySchema("numbers and a unit")]


def _factor(unit: str, units: Any) -> float | None:
    """The number pint multiplies a magnitude in ``unit`` by to express it in ``units`` (its
    result for 1); None where pint converts otherwise (an offset unit: degC to K) or not at all
    (another dimension, another hardness scale)."""
    src = parse_unit(unit)._units
    if src == units:
        return 1.0  # pint returns the magnitude itself
    try:
        zero, one = (float(ureg.Quantity(x, src).to(units).magnitude) for x in (0.0, 1.0))
    except pint.DimensionalityError:
        return None
    return one if zero == 0.0 else None


class Scale:
    """Magnitudes in unit texts (a value's ``unit``) expressed in one units container (a
    threshold's), each text's factor looked up once: ``scale(x, unit)`` is the very float
    ``quantity(x, unit).to(units).magnitude`` gives (pint converts a magnitude by one
    multiplication by a factor), without building a Quantity. A pair pint cannot convert raises
    pint's error, as ``.to()`` does."""

    __slots__ = ("_factors", "units")

    def __init__(self, units: Any) -> None:
        self.units = units
        self._factors: dict[str, float | None] = {}

    def __call__(self, x: float, unit: str) -> float:
        try:
            f = self._factors[unit]
        except KeyError:
            f = self._factors[unit] = _factor(unit, self.units)
        return x * f if f is not None else float(quantity(x, unit).to(self.units).magnitude)


@lru_cache(maxsize=64)
def scale_to(units: Any) -> Scale:
    """The ``Scale`` into ``units`` (a Quantity's units container), made once per container."""
    return Scale(units)


def magnitude_in(x: float, unit: str, units: Any) -> float:
    """``x`` (a magnitude in the unit text ``unit``) in ``units`` (a Quantity's units
    container), as ``Scale`` converts it.

    Examples:
        >>> magnitude_in(35.0, "ksi", quantity("1 MPa")._units) == quantity(35.0, "ksi").to("MPa").magnitude
        True
    """
    return scale_to(units)(x, unit)


_Model = TypeVar("_Model", bound=BaseModel)


def uncached(model: _Model, update: Mapping[str, Any] | None) -> _Model:
    """``model`` (a fresh copy) without the values of its cached properties when ``update``
    changed a field: ``model_copy`` copies the instance dict, caches included, and a cache
    derived from an updated field would be stale."""
    if update:
        for name in _cached_names(type(model)):
            model.__dict__.pop(name, None)
    return model


@lru_cache(maxsize=64)
def _cached_names(cls: type) -> tuple[str, ...]:
    return tuple(n for k in cls.__mro__ for n, x in vars(k).items() if isinstance(x, cached_property))


class Kind(str, Enum):
    """What a value means."""

    typical = "typical"  #: a typical (mean or representative) value
    minimum = "minimum"  #: a specification minimum
    maximum = "maximum"  #: a specification maximum
    range = "range"  #: a published range (``value`` .. ``value_max``)
    a_basis = "a_basis"  #: A-basis design allowable
    b_basis = "b_basis"  #: B-basis design allowable
    s_basis = "s_basis"  #: S-basis value (MIL-HDBK-5: the specification minimum printed in the handbook)
    estimate = "estimate"  #: an estimate, with its method in the note


def as_kind(kind: Any) -> Kind:
    """One ``mgalloys.Kind`` from a Kind or its value (``"minimum"``)."""

    if isinstance(kind, Kind):
        return kind
    if isinstance(kind, str):
        try:
            return Kind(kind.strip())
        except ValueError:
            pass
    known = ", ".join(k.value for k in Kind)
    raise InputValueError(f"unknown value kind {describe_input(kind)}; known: {known}")


def as_kinds(kinds: Any) -> tuple[Kind, ...]:
    """Value kinds from one kind, several (a list, tuple or set) or a comma-separated string."""
    if isinstance(kinds, str):
        parts = [p for p in kinds.split(",") if p.strip()]
        if not parts:
            raise InputValueError("no value kind given; e.g. 'typical' or 'minimum,typical'")
        return tuple(as_kind(p) for p in parts)
    if not isinstance(kinds, Iterable) or isinstance(kinds, Mapping):
        return (as_kind(kinds),)
    out = tuple(as_kind(k) for k in kinds)
    if not out:
        raise InputValueError("an empty list of value kinds accepts nothing; e.g. ['typical']")
    return out


class Conditions(BaseModel):
    """Conditions a value was measured or specified at. ``test_temperature=None`` means room
    temperature (stated by the source, or implied for a room-temperature datasheet value)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    temper: str | None = None
    product_form: str | None = None
    test_temperature: QuantityField | None = None
    strain_rate: QuantityField | None = None
    thickness_min: QuantityField | None = Field(None, description="thinnest section the value covers")
    thickness_max: QuantityField | None = Field(None, description="thickest section the value covers")
    direction: str = Field("", description="test direction: 'L', 'LT', 'ST', or '' (unknown)")
    note: str = ""

    def covers_thickness(self, thickness: str | Quantity[float]) -> bool:
        """True when a stated thickness range includes ``thickness`` (a length); False when the
        value states no thickness (unknown) or another one."""
        if self.thickness_min is None or self.thickness_max is None:
            return False
        t = quantity(thickness).to("mm").magnitude
        lo, hi = self.thickness_min.to("mm").magnitude, self.thickness_max.to("mm").magnitude
        return bool(lo - 1e-9 <= t <= hi + 1e-9)

    @cached_property
    def temperature_label(self) -> str:
        """``'RT'`` or the stated test temperature, as every view prints it."""
        t = self.test_temperature
        return "RT" if t is None else format_quantity(t)

    @cached_property
    def is_room_temperature(self) -> bool:
        """True for ``None`` or a stated test temperature between 15 and 30 °C."""
        if self.test_temperature is None:
            return True
        lo, hi = ROOM_TEMPERATURE_C
        return bool(lo <= self.test_temperature.to("degC").magnitude <= hi)

    @cached_property
    def kelvin(self) -> float | None:
        """The test temperature in kelvin (None: room temperature), converted once."""
        t = self.test_temperature
        return None if t is None else float(t.to("kelvin").magnitude)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        return uncached(super().model_copy(update=update, deep=deep), update)


class PropertyValue(BaseModel):
    """One sourced value of one property, stored in the property's canonical unit."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    property: str
    value: float
    value_max: float | None = None
    unit: str
    kind: Kind
    # a factory: a validated default instance would build Conditions' schema at import
    conditions: Conditions = Field(default_factory=Conditions.model_construct)
    source: Source
    locator: str = ""
    note: str = ""
    published: str = Field("", description="the value as the source prints it, e.g. '35 ksi'")
    derived_from: str | None = Field(
        None, description="property id this value was computed from (e.g. resistivity)"
    )
    significant_figures: int | None = Field(
        None, description="significant figures of the number as printed (None: not known)"
    )
    implausible: str = Field(
        "", description="why the value fails a plausibility gate (empty: it passes); never the default"
    )

    @cached_property
    def info(self) -> PropertyInfo:
        return property_info(self.property)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        return uncached(super().model_copy(update=update, deep=deep), update)

    @cached_property
    def _quantity(self) -> Quantity[float]:
        mid = self.value if self.value_max is None else (self.value + self.value_max) / 2
        return freeze(quantity(mid, self.unit))

    @builtins.property
    def quantity(self) -> Quantity[float]:
        """The value as a ``pint.Quantity`` in ``unit`` (a fresh copy: changing it changes nothing
        else); for a ``range`` the midpoint (see ``low``, ``high``)."""
        return thawed(self._quantity)

    @builtins.property
    def read_only(self) -> Quantity[float]:
        """``quantity`` itself, read-only and not copied: for models that hold it read-only (a
        check's result compares this value)."""
        return self._quantity

    @builtins.property
    def low(self) -> Quantity[float]:
        """The lower end as a ``pint.Quantity``: ``value`` (the value itself when it is no range)."""
        return quantity(self.value, self.unit)

    @builtins.property
    def high(self) -> Quantity[float]:
        """The upper end as a ``pint.Quantity``: ``value_max`` for a range, else ``value``."""
        return quantity(self.value if self.value_max is None else self.value_max, self.unit)

    def __repr__(self) -> str:
        return f"<PropertyValue {self.property} {self.describe()}>"

    def shown(self, unit: str | None = None, digits: int | None = 4) -> str:
        """The value as text, a range as its two published ends: ``'0.5-3 %'``, ``'240-250 MPa'``.

        One spelling for every view (the command line, notebooks, the docs): ``digits``
        significant figures, in ``unit`` (default: the canonical unit).
        """
        if self.value_max is None:  # the cached Quantity, read only: no copy needed
            q = self._quantity if unit is None else self._quantity.to(unit)
            return format_quantity(q, digits)
        low, high = (q if unit is None else q.to(unit) for q in (self.low, self.high))
        fmt = "g" if digits is None else f".{digits}g"
        return f"{low.magnitude:{fmt}}-{format_quantity(high, digits)}"

    def describe(self) -> str:
        """e.g. ``'72.7 W/(m·K) (typical, RT) [azom-az91d, Thermal Properties]'``."""
        shown = self.shown()
        temp = self.conditions.temperature_label
        where = f", {self.locator}" if self.locator else ""
        derived = f", from {self.derived_from}" if self.derived_from else ""
        flag = f" IMPLAUSIBLE: {self.implausible}" if self.implausible else ""
        return f"{shown} ({self.kind.value}, {temp}{derived}) [{self.source.key}{where}]{flag}"


class CompositionRange(BaseModel):
    """Content of one element, in wt.%, as a source specifies it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    element: str
    min: float | None = None
    max: float | None = None
    nominal: float | None = None
    source: Source
    locator: str = ""
    note: str = ""


class Alias(BaseModel):
    """Another name of a grade (UNS number, EN name, GB grade, trade name...)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    alias: str
    scheme: str
    source: Source
    locator: str = ""
    note: str = ""


class Equivalent(BaseModel):
    """A sourced claim that another designation corresponds to a bundled grade.

    ``relation`` is ``identical`` (the same composition limits under another scheme's name, or
    another name of the grade), ``nearest`` (the source calls it the equivalent or nearest grade)
    or ``former_name`` (the grade's earlier designation).
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    grade: str
    equivalent: str
    scheme: str
    relation: str
    source: Source
    locator: str = ""
    note: str = ""


# Default-pick rule (documented in docs/concepts.md): among room-temperature values, a value
# that fails a plausibility gate comes last; then measured before computed, then by kind, then a
# two-significant-figure rounding after more precise values, then by source kind (makers and
# standards before resellers, compilations last), then the order in the data files.
#: Preference among value kinds (smaller first): the default-pick rule and the curves' ranking.
KIND_RANK = {
    Kind.typical: 0,
    Kind.range: 1,
    Kind.minimum: 2,
    Kind.s_basis: 3,
    Kind.b_basis: 4,
    Kind.a_basis: 5,
    Kind.maximum: 6,
    Kind.estimate: 7,
}
#: Preference among source kinds (smaller first), after the kind of value.
SOURCE_RANK = {
    SourceKind.user: 0,
    SourceKind.producer_datasheet: 1,
    SourceKind.standard: 2,
    SourceKind.handbook: 3,
    SourceKind.paper: 4,
    SourceKind.book: 5,
    SourceKind.report: 6,
    SourceKind.thesis: 7,
    SourceKind.patent: 8,
    SourceKind.stockist: 9,
    SourceKind.fabricator: 10,
    SourceKind.compilation: 11,
}

#: A value printed with this many significant figures or fewer is a coarse rounding ...
COARSE_FIGURES = 2
#: ... for the properties whose values for all Mg alloys span only a few units of the second
#: figure (density: 1.3 to 2.1 g/cm³), so that "1.8" cannot tell alloys apart. Elsewhere two
#: figures ("51 W/(m·K)", "6 %") are how sources print measured values.
COARSE_PROPERTIES = frozenset({"density"})


def default_rank(v: PropertyValue) -> tuple[bool, bool, int, bool, int]:
    """Sort key of the default-pick rule (smaller is preferred); stable sorting keeps file order."""
    coarse = (
        v.property in COARSE_PROPERTIES
        and v.significant_figures is not None
        and v.significant_figures <= COARSE_FIGURES
    )
    return (
        bool(v.implausible),
        v.derived_from is not None,
        KIND_RANK[v.kind],
        coarse,
        SOURCE_RANK[v.source.kind],
    )


def computed_value(info: PropertyInfo, inputs: Sequence[PropertyValue]) -> PropertyValue:
    """The value of a computed property from one value of each input (in ``info.inputs`` order).

    A range among the inputs gives a range (its ends from the inputs' ends); otherwise the kind is
    ``typical`` when every input is typical, the kind of the only non-typical input when that one
    enters with a positive power (a minimum strength over a typical density is a minimum), and
    ``estimate`` for any other mix. The source and conditions are those of the first input; the
    note names every input, its kind and source.
    """
    powers = dict(info.computed_from)
    low = {v.property: v.value if powers[v.property] > 0 else v.high.magnitude for v in inputs}
    high = {v.property: v.high.magnitude if powers[v.property] > 0 else v.value for v in inputs}
    lo, hi = float(info.compute(low)), float(info.compute(high))
    others = [v for v in inputs if v.kind is not Kind.typical]
    if lo != hi:
        kind = Kind.range
    elif not others:
        kind = Kind.typical
    elif len(others) == 1 and powers[others[0].property] > 0 and others[0].kind is not Kind.range:
        kind = others[0].kind
    else:
        kind = Kind.estimate
    first = inputs[0]
    return PropertyValue(
        property=info.id,
        value=lo,
        value_max=hi if lo != hi else None,
        unit=info.unit,
        kind=kind,
        conditions=first.conditions,
        source=first.source,
        locator=first.locator,
        note=f"computed as {info.formula} from " + "; ".join(f"{v.property} {v.describe()}" for v in inputs),
        derived_from=";".join(info.inputs),
    )
