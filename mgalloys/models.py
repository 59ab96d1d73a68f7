"""The alloy record: a grade in one temper and product form, with its sourced values, its
composition, its other names and its curves across temperature.

A record is plain data: the loader builds it from the data files (or `mgalloys.user_alloy` from
a user's values), and it answers every question from what it holds, the same in any context.

Examples:
    >>> import mgalloys as mg
    >>> az91 = mg.alloy("AZ91D")
    >>> az91.record_id, az91.temper
    ('AZ91D-F', 'F')
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any, overload

from pydantic import BaseModel, ConfigDict, Field

from ._html import escape
from .bibliography import Source
from .citations import format_citations
from .curves import Curve, CurveValue, CurveValues, all_curves, select, value_at
from .datasheet import DEFAULT_NOTE, datasheet_html
from .propertytable import PropertyInfo, property_info
from .temperatures import TEMPERATURE_TOLERANCE_K, Temperature, Temperatures
from .units import Quantity, quantity, to_unit
from .values import Alias, CompositionRange, Kind, PropertyValue, as_kinds, computed_value, default_rank

__all__ = ["Alloy"]


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
    base_element: str | None = None  # the balance element; None: read from the material class
    families: tuple[str, ...] = ()
    family_basis: str = ""
    membership: tuple[tuple[str, str], ...] = ()
    description: str = ""
    composition: tuple[CompositionRange, ...] = ()
    aliases: tuple[Alias, ...] = ()
    property_values: tuple[PropertyValue, ...] = ()
    series: tuple[Curve, ...] = Field(
        (), description="series across temperature from data/curves/ (curves() adds those its values form)"
    )

    # Caches derived from the fields, as cached properties: they live in the instance's __dict__,
    # read as fast as a field (a pydantic private attribute is looked up through __getattr__, which
    # costs a lookup of a default value more than the rest of it). Equality and dumps see fields only.
    @cached_property
    def _by_property(self) -> dict[str, tuple[PropertyValue, ...]]:
        grouped: dict[str, list[PropertyValue]] = {}
        for v in self.property_values:
            grouped.setdefault(v.property, []).append(v)
        return {k: tuple(sorted(vs, key=default_rank)) for k, vs in grouped.items()}

    @cached_property
    def _defaults(self) -> dict[str, PropertyValue | None]:
        return {}

    @cached_property
    def _curves(self) -> tuple[Curve, ...]:
        return all_curves(self.record_id, self.series, self.property_values)

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
        """The datasheet as ``mgalloys show`` prints it: the same rows, marks and conditions."""
        caption = (
            f"<b>{escape(self.record_id)}</b>: {escape(self.grade)}, temper {escape(self.temper or '-')}, "
            f"{escape(self.product_form or 'form not stated')}; families: {escape(', '.join(self.families))}"
        )
        sources = {v.source.key: v.source for v in self.property_values}
        return datasheet_html(self, sources, caption=caption) + f"<p>{escape(DEFAULT_NOTE)}</p>"

    # --- values ---------------------------------------------------------------------------
    def values(
        self,
        prop: str | PropertyInfo | None = None,
        *,
        kind: Kind | str | Iterable[Kind | str] | None = None,
        source: str | None = None,
        temperature: Temperature | None = None,
        room_temperature: bool | None = None,
        thickness: str | Quantity[float] | None = None,
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
        self, info: PropertyInfo, temperature: Temperature | None, room_temperature: bool | None
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

    def get(
        self, prop: str | PropertyInfo, unit: str | None = None, **filters: Any
    ) -> Quantity[float] | None:
        """The default value of a property as a ``pint.Quantity`` (in its canonical unit, or in
        ``unit`` if given), or ``None`` if unknown; ``filters`` as for ``value``.

        Examples:
            >>> import mgalloys as mg
            >>> mg.alloy("AZ91D").get("uts", "ksi")
            <Quantity(34.8090571, 'kip_per_square_inch')>
        """
        v = self.value(prop, **filters)
        if v is None:
            return None
        return v.quantity if unit is None else to_unit(v.quantity, unit, f"{self.record_id} {v.property}")

    # --- across temperature (the work is in mgalloys.curves) -------------------------------
    def curves(
        self,
        prop: str | PropertyInfo | None = None,
        *,
        source: str | None = None,
        kind: Kind | str | Iterable[Kind | str] | None = None,
    ) -> tuple[Curve, ...]:
        """Every curve across temperature (of one property, source or kinds, if given), default
        pick first: the ``series`` of data/curves/, and those its values at stated temperatures form."""
        return select(self._curves, prop, source=source, kind=kind)

    def curve(
        self, prop: str | PropertyInfo, *, source: str | None = None, kind: Kind | str | None = None
    ) -> Curve | None:
        """The default curve of a property (of one source or kind, if given), or ``None``.

        Examples:
            >>> import mgalloys as mg
            >>> mg.alloy("AZ91D").curve("thermal_expansion") is None
            True
        """
        found = self.curves(prop, source=source, kind=kind)
        return found[0] if found else None

    @overload
    def at(
        self,
        prop: str | PropertyInfo,
        temperature: Temperature,
        *,
        source: str | None = ...,
        kind: Kind | str | Iterable[Kind | str] | None = ...,
        extrapolate: bool = ...,
        tolerance: float = ...,
    ) -> CurveValue: ...
    @overload
    def at(
        self,
        prop: str | PropertyInfo,
        temperature: Temperatures,
        *,
        source: str | None = ...,
        kind: Kind | str | Iterable[Kind | str] | None = ...,
        extrapolate: bool = ...,
        tolerance: float = ...,
    ) -> CurveValues: ...
    def at(
        self,
        prop: str | PropertyInfo,
        temperature: Temperature | Temperatures,
        *,
        source: str | None = None,
        kind: Kind | str | Iterable[Kind | str] | None = None,
        extrapolate: bool = False,
        tolerance: float = TEMPERATURE_TOLERANCE_K,
    ) -> CurveValue | CurveValues:
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
        return value_at(
            self.curves(),
            self.record_id,
            prop,
            temperature,
            source=source,
            kind=kind,
            extrapolate=extrapolate,
            tolerance=tolerance,
        )

    def sources(self) -> tuple[Source, ...]:
        """Every source this record cites, in first-use order."""
        seen: dict[str, Source] = {}
        for v in self.property_values:
            seen.setdefault(v.source.key, v.source)
        for c in self.composition:
            seen.setdefault(c.source.key, c.source)
        for curve in self.series:
            seen.setdefault(curve.source.key, curve.source)
        return tuple(seen.values())

    def citations(self, style: str = "text") -> str:
        """The sources this record cites (``sources``) as ``bibtex``, ``csl-json`` or ``text``.

        Examples:
            >>> import mgalloys as mg
            >>> mg.alloy("AZ91D").citations("bibtex").count("@") == len(mg.alloy("AZ91D").sources())
            True
        """
        return format_citations(self.sources(), style)

    # --- the properties, as attributes (default value, or None when unknown) ---------------
    # One per default column of the property table (data/properties.csv), each typed
    # ``Quantity[float] | None`` so that a type checker sees a Quantity, and a possible None.
    @property
    def density(self) -> Quantity[float] | None:
        """The default density, ``get("density")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("density")

    @property
    def tensile_strength(self) -> Quantity[float] | None:
        """The default tensile strength, ``get("tensile_strength")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("tensile_strength")

    @property
    def yield_strength(self) -> Quantity[float] | None:
        """The default yield strength, ``get("yield_strength")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("yield_strength")

    @property
    def compressive_yield_strength(self) -> Quantity[float] | None:
        """The default compressive yield strength, ``get("compressive_yield_strength")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("compressive_yield_strength")

    @property
    def shear_strength(self) -> Quantity[float] | None:
        """The default shear strength, ``get("shear_strength")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("shear_strength")

    @property
    def fatigue_strength(self) -> Quantity[float] | None:
        """The default fatigue strength, ``get("fatigue_strength")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("fatigue_strength")

    @property
    def elongation(self) -> Quantity[float] | None:
        """The default elongation, ``get("elongation")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("elongation")

    @property
    def elastic_modulus(self) -> Quantity[float] | None:
        """The default elastic modulus, ``get("elastic_modulus")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("elastic_modulus")

    @property
    def shear_modulus(self) -> Quantity[float] | None:
        """The default shear modulus, ``get("shear_modulus")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("shear_modulus")

    @property
    def poisson_ratio(self) -> Quantity[float] | None:
        """The default poisson ratio, ``get("poisson_ratio")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("poisson_ratio")

    @property
    def hardness(self) -> Quantity[float] | None:
        """The default hardness, ``get("hardness")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("hardness")

    @property
    def thermal_conductivity(self) -> Quantity[float] | None:
        """The default thermal conductivity, ``get("thermal_conductivity")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("thermal_conductivity")

    @property
    def electrical_conductivity(self) -> Quantity[float] | None:
        """The default electrical conductivity, ``get("electrical_conductivity")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("electrical_conductivity")

    @property
    def electrical_resistivity(self) -> Quantity[float] | None:
        """The default electrical resistivity, ``get("electrical_resistivity")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("electrical_resistivity")

    @property
    def thermal_expansion(self) -> Quantity[float] | None:
        """The default thermal expansion, ``get("thermal_expansion")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("thermal_expansion")

    @property
    def specific_heat(self) -> Quantity[float] | None:
        """The default specific heat, ``get("specific_heat")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("specific_heat")

    @property
    def solidus(self) -> Quantity[float] | None:
        """The default solidus, ``get("solidus")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("solidus")

    @property
    def liquidus(self) -> Quantity[float] | None:
        """The default liquidus, ``get("liquidus")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("liquidus")

    @property
    def max_service_temperature(self) -> Quantity[float] | None:
        """The default max service temperature, ``get("max_service_temperature")``: a ``pint.Quantity``
        in the property's canonical unit, or ``None`` when unknown."""
        return self.get("max_service_temperature")
