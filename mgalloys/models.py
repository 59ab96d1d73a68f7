"""Typed, immutable models: sources, property values with their meaning, and alloy records.

All models are frozen pydantic v2 models; they round-trip through JSON and publish a JSON schema.

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
import copy
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    WithJsonSchema,
)

from ._html import alloy_html
from .errors import UnitsError
from .propertytable import PropertyInfo, property_info
from .units import format_quantity, freeze, quantity, to_unit

if TYPE_CHECKING:  # pragma: no cover - curves.py imports this module
    from .curves import Curve

__all__ = [
    "Alias",
    "Alloy",
    "CompositionRange",
    "Conditions",
    "Equivalent",
    "Kind",
    "PropertyValue",
    "QuantityField",
    "Source",
    "SourceKind",
]


#: The band of stated test temperatures that count as room temperature, in °C.
ROOM_TEMPERATURE_C = (15.0, 30.0)
#: Where a value at "room temperature" is placed when a number is needed (a curve's ``RT``
#: point, the temperature of a room-temperature Lorenz number), in °C.
RT_CELSIUS = 20.0


def _validate_quantity(value: Any) -> Any:
    # stored read-only: nothing a caller receives can change a model (or the bundled data)
    try:
        if isinstance(value, Mapping):
            return freeze(quantity(value["magnitude"], value["units"]))
        return freeze(quantity(value))
    except UnitsError as exc:  # pydantic reports ValueError as a validation error
        raise ValueError(str(exc)) from None


def _serialize_quantity(value: Any) -> str:
    return f"{value.magnitude!r} {value.units}"


#: A pint Quantity as a pydantic field: validates strings ("250 degC") and Quantities,
#: serializes to a string that parses back.
QuantityField = Annotated[
    Any,
    PlainValidator(_validate_quantity),
    PlainSerializer(_serialize_quantity, return_type=str),
    WithJsonSchema({"type": "string", "description": "a number and a unit, e.g. '250 degC'"}),
]


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


class SourceKind(str, Enum):
    """What kind of publication a source is (judged from who publishes it, not from its heading)."""

    standard = "standard"
    handbook = "handbook"
    producer_datasheet = "producer_datasheet"  #: a maker's own datasheet for its own material
    paper = "paper"
    book = "book"
    thesis = "thesis"
    report = "report"
    stockist = "stockist"  #: a distributor or stockist reselling material
    fabricator = "fabricator"  #: a die caster, foundry, machine shop or parts maker
    compilation = "compilation"  #: a web compilation (AZoM, MakeItFrom, MatWeb-like)
    user = "user"  #: values the user supplied


#: An ISO 8601 date of publication as sources give it: year, year-month or year-month-day (or empty).
ISO_DATE = r"^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$"


class Source(BaseModel):
    """A bibliography entry; the optional text fields follow CSL-JSON (what Zotero and pandoc read).

    Examples:
        >>> s = Source(key="ma-2005", kind="paper", title="Development of IMR-41", authors="Ma, Y.",
        ...     container_title="Materials Science Forum", volume="488-489", pages="265-268", year=2005)
        >>> s.citation
        'Ma, Y. (2005). Development of IMR-41. Materials Science Forum 488-489, 265-268'
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    key: str
    kind: SourceKind
    title: str
    authors: str = ""
    container_title: str = Field(
        "", description="the journal, the proceedings, or the book a chapter is in"
    )
    publisher: str = ""
    year: int | None = None
    date: str = Field(
        "",
        description="ISO 8601 date of publication, more precise than year: 2021, 2021-03 or 2021-03-15",
        pattern=ISO_DATE,
    )
    volume: str = ""
    issue: str = ""
    pages: str = Field("", description="a page or a page range, e.g. '265-268'")
    edition: str = ""
    number: str = Field("", description="a standard's, report's or datasheet's number")
    url: str = ""
    doi: str = ""
    isbn: str = ""
    note: str = ""
    terms: str = Field("", description="terms of use as far as known, e.g. 'CC BY 4.0'")

    @property
    def citation(self) -> str:
        """One-line citation: authors or publisher, date (the year, or the full date when known),
        title, where it appeared (journal, volume, issue and pages; the book a chapter is in;
        edition), publisher, number, ISBN, where to find it."""
        who = self.authors or self.publisher
        when = self.date if len(self.date) > 4 else (self.year or self.date)
        text = " ".join(p for p in (who, f"({when})" if when else "(n.d.)") if p)
        text += f". {self.title}" if self.title else ""
        isbn = f"ISBN {self.isbn}" if self.isbn else ""
        for piece in (self._appeared_in(), self.publisher if self.authors else "", self.number, isbn):
            if piece:
                text += f". {piece}"
        where = f"https://doi.org/{self.doi}" if self.doi else self.url
        return f"{text}. {where}".rstrip(". ") if where else text

    def _appeared_in(self) -> str:
        """``Journal 12(3), 265-270``; ``In: Book, 2nd ed., pp. 4-9``; empty when nothing is known."""
        issue = f"({self.issue})" if self.issue else ""
        volume = f"{self.volume}{issue}" if self.volume else issue
        if self.container_title and self.kind in (SourceKind.paper,):
            head = " ".join(p for p in (self.container_title, volume) if p)
            return ", ".join(p for p in (head, self.pages) if p)
        pages = f"pp. {self.pages}" if self.pages else ""
        edition = f"{_ordinal(self.edition)} ed." if self.edition else ""
        vol = f"vol. {volume}" if volume else ""
        where = f"In: {self.container_title}" if self.container_title else ""
        return ", ".join(p for p in (where, vol, edition, pages) if p)


def _ordinal(text: str) -> str:
    """``'2'`` -> ``'2nd'``; any other text as it is (``'2nd'``, ``'Revised'``)."""
    if not text.isdecimal():
        return text
    n = int(text)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


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

    def covers_thickness(self, thickness: Any) -> bool:
        """True when a stated thickness range includes ``thickness`` (a length); False when the
        value states no thickness (unknown) or another one."""
        if self.thickness_min is None or self.thickness_max is None:
            return False
        t = quantity(thickness).to("mm").magnitude
        lo, hi = self.thickness_min.to("mm").magnitude, self.thickness_max.to("mm").magnitude
        return bool(lo - 1e-9 <= t <= hi + 1e-9)

    @property
    def is_room_temperature(self) -> bool:
        """True for ``None`` or a stated test temperature between 15 and 30 °C."""
        if self.test_temperature is None:
            return True
        lo, hi = ROOM_TEMPERATURE_C
        return bool(lo <= self.test_temperature.to("degC").magnitude <= hi)


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

    @cached_property
    def _quantity(self) -> Any:
        mid = self.value if self.value_max is None else (self.value + self.value_max) / 2
        return freeze(quantity(mid, self.unit))

    @builtins.property
    def quantity(self) -> Any:
        """The value as a Quantity (a fresh copy: changing it changes nothing else); for a
        ``range`` the midpoint (see ``low``, ``high``)."""
        return copy.copy(self._quantity)

    @builtins.property
    def low(self) -> Any:
        return quantity(self.value, self.unit)

    @builtins.property
    def high(self) -> Any:
        return quantity(self.value if self.value_max is None else self.value_max, self.unit)

    def __repr__(self) -> str:
        return f"<PropertyValue {self.property} {self.describe()}>"

    def shown(self, unit: Any = None, digits: int | None = 4) -> str:
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
        temp = (
            "RT"
            if self.conditions.test_temperature is None
            else format_quantity(self.conditions.test_temperature)
        )
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
_KIND_RANK = {
    Kind.typical: 0,
    Kind.range: 1,
    Kind.minimum: 2,
    Kind.s_basis: 3,
    Kind.b_basis: 4,
    Kind.a_basis: 5,
    Kind.maximum: 6,
    Kind.estimate: 7,
}
_SOURCE_RANK = {
    SourceKind.user: 0,
    SourceKind.producer_datasheet: 1,
    SourceKind.standard: 2,
    SourceKind.handbook: 3,
    SourceKind.paper: 4,
    SourceKind.book: 5,
    SourceKind.report: 6,
    SourceKind.thesis: 7,
    SourceKind.stockist: 8,
    SourceKind.fabricator: 9,
    SourceKind.compilation: 10,
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
        _KIND_RANK[v.kind],
        coarse,
        _SOURCE_RANK[v.source.kind],
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


class Alloy(BaseModel):
    """One alloy record: a grade in one temper and product form, with its sourced values.

    Examples:
        >>> import mgalloys as mg
        >>> az91 = mg.alloy("AZ91D")
        >>> az91.record_id, az91.temper
        ('AZ91D-F', 'F')
        >>> az91.density.to("g/cm**3").magnitude
        1.81
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    record_id: str
    grade: str
    temper: str | None = None
    product_form: str | None = None
    material_class: str | None = None
    process_route: str | None = None
    families: tuple[str, ...] = ()
    family_basis: str = ""
    membership: tuple[tuple[str, str], ...] = ()
    description: str = ""
    composition: tuple[CompositionRange, ...] = ()
    aliases: tuple[Alias, ...] = ()
    property_values: tuple[PropertyValue, ...] = ()

    _by_property: dict[str, tuple[PropertyValue, ...]] = PrivateAttr(default_factory=dict)
    _defaults: dict[str, PropertyValue | None] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        grouped: dict[str, list[PropertyValue]] = {}
        for v in self.property_values:
            grouped.setdefault(v.property, []).append(v)
        self._by_property = {k: tuple(sorted(vs, key=default_rank)) for k, vs in grouped.items()}

    def __eq__(self, other: object) -> bool:
        # Fields only: the private lookup caches differ between equal records.
        if not isinstance(other, Alloy):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in type(self).model_fields)

    def __hash__(self) -> int:
        return hash(self.record_id)

    @property
    def name(self) -> str:
        return self.record_id

    def __str__(self) -> str:
        return self.record_id

    def __repr__(self) -> str:
        form = f", {self.product_form}" if self.product_form else ""
        return f"<Alloy {self.record_id} ({self.grade}{form}): {len(self.property_values)} values>"

    def _repr_html_(self) -> str:
        return alloy_html(self)

    # --- values ---------------------------------------------------------------------------
    def values(
        self,
        prop: str | PropertyInfo | None = None,
        *,
        kind: Kind | str | Iterable[Kind | str] | None = None,
        source: str | None = None,
        temperature: Any = None,
        room_temperature: bool | None = None,
        thickness: Any = None,
        direction: str | None = None,
    ) -> tuple[PropertyValue, ...]:
        """Every sourced value (of one property, if given), default pick first.

        Filters: ``kind`` (one or several), ``source`` (a key), ``temperature`` (a test
        temperature, matched within 1 K), ``room_temperature`` (True/False), ``thickness`` (a
        length such as ``"3 mm"``: values whose stated thickness range includes it) and
        ``direction`` (``"L"``, ``"LT"``, ``"ST"``). Values that state no thickness or direction
        do not match those filters: for them it is unknown.
        """
        if prop is None:
            found: Iterable[PropertyValue] = sorted(self.property_values, key=default_rank)
        elif (info := property_info(prop)).computed:
            found = self._computed(info, temperature, room_temperature)
        else:
            found = self._by_property.get(info.id, ())
        if kind is not None:
            from .inputs import as_kinds

            kinds = set(as_kinds(kind))
            found = [v for v in found if v.kind in kinds]
        if source is not None:
            found = [v for v in found if v.source.key == source]
        if room_temperature is not None:
            found = [v for v in found if v.conditions.is_room_temperature == room_temperature]
        if temperature is not None:
            target = quantity(temperature).to("kelvin").magnitude
            found = [
                v
                for v in found
                if v.conditions.test_temperature is not None
                and abs(v.conditions.test_temperature.to("kelvin").magnitude - target) <= 1.0
            ]
        if thickness is not None:
            found = [v for v in found if v.conditions.covers_thickness(thickness)]
        if direction is not None:
            found = [v for v in found if v.conditions.direction == direction.strip().upper()]
        return tuple(found)

    def _computed(
        self, info: PropertyInfo, temperature: Any, room_temperature: bool | None
    ) -> tuple[PropertyValue, ...]:
        """A computed property from the default values of its inputs (at ``temperature`` if given)."""
        filters: dict[str, Any] = {}
        if temperature is not None:
            filters["temperature"] = temperature
        if room_temperature is not None and not (room_temperature and temperature is None):
            filters["room_temperature"] = room_temperature
        picks = [self.value(p, **filters) for p in info.inputs]
        if any(v is None for v in picks):
            return ()
        return (computed_value(info, [v for v in picks if v is not None]),)

    def value(self, prop: str | PropertyInfo, **filters: Any) -> PropertyValue | None:
        """The default value of a property (see ``default_rank``), or ``None`` if unknown.

        Without a ``temperature`` filter only room-temperature values are considered; a value
        that fails a plausibility gate (``implausible`` set) is never returned.
        """
        if not filters and isinstance(prop, str) and prop in self._defaults:
            return self._defaults[prop]  # the unfiltered default is asked for most: cache it
        info = property_info(prop)
        cache_key = prop if not filters and isinstance(prop, str) else None
        if "temperature" not in filters and "room_temperature" not in filters and info.temperature_dependent:
            filters["room_temperature"] = True
        # a value that fails a plausibility gate is listed by values() but is never the default
        found = [v for v in self.values(info, **filters) if not v.implausible]
        result = found[0] if found else None
        if cache_key is not None:
            self._defaults[cache_key] = result
        return result

    def get(self, prop: str | PropertyInfo, unit: str | None = None, **filters: Any) -> Any:
        """The default value as a Quantity (in ``unit`` if given), or ``None`` if unknown."""
        v = self.value(prop, **filters)
        if v is None:
            return None
        return v.quantity if unit is None else to_unit(v.quantity, unit, f"{self.record_id} {v.property}")

    # --- across temperature (the work is in mgalloys.curves) -------------------------------
    def curves(self, prop: str | PropertyInfo | None = None) -> tuple[Curve, ...]:
        """Every curve across temperature (of one property, if given), default pick first."""
        from .curves import curves_of  # curves.py imports this module

        return curves_of(self, prop)

    def curve(
        self, prop: str | PropertyInfo, *, source: str | None = None, kind: Kind | str | None = None
    ) -> Curve | None:
        """The default curve of a property (of one source or kind, if given), or ``None``.

        Examples:
            >>> import mgalloys as mg
            >>> mg.alloy("AZ91D").curve("thermal_expansion") is None
            True
        """
        from .curves import curves_of  # curves.py imports this module

        found = curves_of(self, prop, source=source, kind=kind)
        return found[0] if found else None

    def at(
        self,
        prop: str | PropertyInfo,
        temperature: Any,
        *,
        source: str | None = None,
        kind: Kind | str | None = None,
        extrapolate: bool = False,
        tolerance: float | None = None,
    ) -> Any:
        """The value of a property at a temperature, from one source's curve, with its source.

        One temperature (``'250 degC'``, a scalar Quantity) gives a
        ``CurveValue`` (``value`` None when unknown, ``method``,
        ``source``, ``explanation``): from the first curve, default pick first, whose data
        covers it. An array Quantity or a sequence gives a ``CurveValues``
        from the default curve alone (NaN where it does not reach). Linear inside a curve's
        points; beyond them unknown (within ``tolerance``, default 5 K, the end point counts)
        unless ``extrapolate=True``. See ``mgalloys.curves``.

        Examples:
            >>> import mgalloys as mg
            >>> mg.alloy("AZ91D").at("thermal_expansion", "250 degC").known
            False
        """
        from .curves import TEMPERATURE_TOLERANCE_K, value_at  # curves.py imports this module

        tol = TEMPERATURE_TOLERANCE_K if tolerance is None else tolerance
        return value_at(
            self, prop, temperature, source=source, kind=kind, extrapolate=extrapolate, tolerance=tol
        )

    def sources(self) -> tuple[Source, ...]:
        """Every source this record cites, in first-use order."""
        seen: dict[str, Source] = {}
        for v in self.property_values:
            seen.setdefault(v.source.key, v.source)
        for c in self.composition:
            seen.setdefault(c.source.key, c.source)
        return tuple(seen.values())

    def citations(self, style: str = "text") -> str:
        """The sources this record cites (``sources``) as ``bibtex``, ``csl-json`` or ``text``.

        Examples:
            >>> import mgalloys as mg
            >>> mg.alloy("AZ91D").citations("bibtex").count("@") == len(mg.alloy("AZ91D").sources())
            True
        """
        from .citations import format_citations

        return format_citations(self.sources(), style)

    # --- the properties, as attributes (default value, or None when unknown) ---------------
    @property
    def density(self) -> Any:
        return self.get("density")

    @property
    def tensile_strength(self) -> Any:
        return self.get("tensile_strength")

    @property
    def yield_strength(self) -> Any:
        return self.get("yield_strength")

    @property
    def compressive_yield_strength(self) -> Any:
        return self.get("compressive_yield_strength")

    @property
    def shear_strength(self) -> Any:
        return self.get("shear_strength")

    @property
    def fatigue_strength(self) -> Any:
        return self.get("fatigue_strength")

    @property
    def elongation(self) -> Any:
        return self.get("elongation")

    @property
    def elastic_modulus(self) -> Any:
        return self.get("elastic_modulus")

    @property
    def shear_modulus(self) -> Any:
        return self.get("shear_modulus")

    @property
    def poisson_ratio(self) -> Any:
        return self.get("poisson_ratio")

    @property
    def hardness(self) -> Any:
        return self.get("hardness")

    @property
    def thermal_conductivity(self) -> Any:
        return self.get("thermal_conductivity")

    @property
    def electrical_conductivity(self) -> Any:
        return self.get("electrical_conductivity")

    @property
    def electrical_resistivity(self) -> Any:
        return self.get("electrical_resistivity")

    @property
    def thermal_expansion(self) -> Any:
        return self.get("thermal_expansion")

    @property
    def specific_heat(self) -> Any:
        return self.get("specific_heat")

    @property
    def solidus(self) -> Any:
        return self.get("solidus")

    @property
    def liquidus(self) -> Any:
        return self.get("liquidus")

    @property
    def max_service_temperature(self) -> Any:
        return self.get("max_service_temperature")
