"""What every exporter shares: unit systems, the numbers an export uses, and their provenance.

An exporter never sees a bare float: it gets ``Number`` objects (the magnitude in the
export's unit system, its test temperature, and an ``Origin`` naming kind, source and
locator) grouped per record in a ``Material``. Values are picked by the library's default
rule among the kinds asked for; a value the record lacks is absent, never filled in.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from ..bibliography import Source
from ..errors import ExportError, MissingDataError
from ..models import Alloy
from ..propertytable import properties, property_info
from ..units import affine, format_quantity, parse_unit
from ..values import Kind, PropertyValue

if TYPE_CHECKING:  # pragma: no cover
    from ..curves import Curve, CurvePoint

__all__ = [
    "UNIT_SYSTEMS",
    "Card",
    "Material",
    "Number",
    "Origin",
    "UnitSystem",
    "collect",
    "unit_system",
]

#: The kinds an export accepts by default; allowables (``b_basis`` ...) only when asked.
DEFAULT_KINDS = (Kind.typical,)
_ALLOWABLE = {"a_basis", "b_basis", "s_basis", "minimum"}


@dataclass(frozen=True)
class UnitSystem:
    """A consistent unit system: the unit (pint syntax) of each kind of quantity.

    ``units`` maps a quantity name (``density``, ``stress``, ``conductivity``, ``specific_heat``,
    ``expansion``, ``temperature``, ...) to a pint unit; a property whose dimension is not listed
    keeps its canonical unit (hardness scales, elongation in %, Poisson's ratio).
    """

    id: str
    title: str
    units: tuple[tuple[str, str], ...]

    def unit_for(self, prop: str) -> str:
        """The pint unit of property ``prop`` in this system."""
        return _unit_table(self)[property_info(prop).id]

    @property
    def temperature_unit(self) -> str:
        return dict(self.units)["temperature"]

    def describe(self) -> str:
        """One line: the system and its units, as every exported file states it."""
        shown = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in self.units)
        return f"unit system {self.id} ({self.title}): {shown}"


# The derived units follow from the base units of each system (force = mass * length / time^2,
# energy = force * length), so that a solver reading the card in that system gets consistent input.
UNIT_SYSTEMS: dict[str, UnitSystem] = {
    s.id: s
    for s in (
        UnitSystem(
            "SI",
            "m, kg, s, N, Pa, J, W; temperatures in degC, temperature differences in K",
            (
                ("density", "kg/m**3"),
                ("stress", "Pa"),
                ("conductivity", "W/(m*K)"),
                ("specific_heat", "J/(kg*K)"),
                ("expansion", "1/K"),
                ("temperature", "degC"),
                ("electrical_conductivity", "S/m"),
                ("electrical_resistivity", "ohm*m"),
            ),
        ),
        UnitSystem(
            "mm-t-s",
            "mm, t (tonne), s, N, MPa, mJ, mW; temperatures in degC, temperature differences in K",
            (
                ("density", "t/mm**3"),
                ("stress", "MPa"),
                ("conductivity", "mW/(mm*K)"),
                ("specific_heat", "mJ/(t*K)"),
                ("expansion", "1/K"),
                ("temperature", "degC"),
            ),
        ),
        UnitSystem(
            "US",
            "US customary: in, lbf, s; mass in lbf*s^2/in; temperatures in degF",
            (
                ("density", "lbf*s**2/in**4"),
                ("stress", "psi"),
                ("conductivity", "lbf/(s*degF)"),
                ("specific_heat", "in**2/(s**2*degF)"),
                ("expansion", "1/degF"),
                ("temperature", "degF"),
            ),
        ),
    )
}
_SYSTEM_ALIASES = {
    "si": "SI",
    "m-kg-s": "SI",
    "mm-t-s": "mm-t-s",
    "mmts": "mm-t-s",
    "mm": "mm-t-s",
    "us": "US",
    "us-customary": "US",
    "in-lbf-s": "US",
}


def unit_system(name: str | UnitSystem) -> UnitSystem:
    """The unit system called ``name`` (``SI``, ``mm-t-s``, ``US``; case-insensitive)."""
    if isinstance(name, UnitSystem):
        return name
    key = _SYSTEM_ALIASES.get(str(name).strip().lower().replace("_", "-"))
    if key is None:
        raise ExportError(f"unknown unit system {name!r}; known: {', '.join(UNIT_SYSTEMS)}")
    return UNIT_SYSTEMS[key]


@cache
def _dimension_names() -> dict[str, str]:
    """Property id -> the quantity name of the unit systems with the same dimension."""
    probe = dict(UNIT_SYSTEMS["SI"].units)
    by_dims = {parse_unit(u).dimensionality: name for name, u in probe.items()}
    out: dict[str, str] = {}
    for info in properties():
        if info.is_hardness:
            continue
        name = by_dims.get(parse_unit(info.unit).dimensionality)
        if name is not None:
            out[info.id] = name
    return out


@cache
def _unit_table(system: UnitSystem) -> dict[str, str]:
    """Property id -> its unit in ``system``, for every property."""
    units, dims = dict(system.units), _dimension_names()
    return {p.id: units.get(dims.get(p.id, ""), p.unit) for p in properties()}


@dataclass(frozen=True)
class Origin:
    """Where an exported number comes from: a stored value, or (later) a point of a curve."""

    kind: Kind
    source: Source
    locator: str = ""
    published: str = ""  #: as the source prints it
    note: str = ""
    text: str = ""  #: one line, e.g. ``'45 GPa (typical, RT) [azom-az91d-f, Mechanical Properties table]'``

    @classmethod
    def of_value(cls, v: PropertyValue) -> Origin:
        note = "; ".join(x for x in (v.conditions.note, v.note) if x)
        return cls(v.kind, v.source, v.locator, v.published, note, v.describe())

    @classmethod
    def of_point(cls, c: Curve, p: CurvePoint) -> Origin:
        """A point of a curve; a point read off a plot says so."""
        read = "digitised from a plot" if p.reading == "digitised" else ""
        note = "; ".join(x for x in (read, c.conditions, p.note) if x)
        where = f", {p.locator}" if p.locator else ""
        text = f"{format_quantity(p.value)} ({c.kind.value}, {p.label}, curve) [{c.source.key}{where}]"
        return cls(c.kind, c.source, p.locator, p.published, note, text)


@dataclass(frozen=True)
class Number:
    """One exported number: its magnitude and unit in the export's system, and where it is from."""

    property: str
    magnitude: float
    unit: str
    origin: Origin
    temperature: float | None = None  #: in the system's temperature unit; None = room temperature

    @builtins.property
    def provenance(self) -> str:
        return self.origin.text


@dataclass(frozen=True)
class Material:
    """The numbers of one record that an export uses, in one unit system."""

    record: Alloy
    system: UnitSystem
    numbers: dict[str, tuple[Number, ...]]
    kinds: tuple[Kind, ...]
    left_out: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.record.record_id

    def has(self, prop: str) -> bool:
        return bool(self.numbers.get(prop))

    def constant(self, prop: str) -> Number:
        """The property's single (room-temperature) number."""
        return self.numbers[prop][0]

    def used(self) -> list[Number]:
        return [n for nums in self.numbers.values() for n in nums]

    def sources(self) -> tuple[Source, ...]:
        seen: dict[str, Source] = {}
        for n in self.used():
            seen.setdefault(n.origin.source.key, n.origin.source)
        return tuple(seen.values())


@dataclass(frozen=True)
class Card:
    """One card (keyword block, MatML property) and the properties it cannot be written without."""

    name: str
    needs: tuple[str, ...]


def parse_kinds(kind: Kind | str | Iterable[Kind | str] | None) -> tuple[Kind, ...]:
    """The kinds an export accepts; a ``range`` has no single number for a card and is refused."""
    if kind is None:
        return DEFAULT_KINDS
    raw = [kind] if isinstance(kind, (str, Kind)) else list(kind)
    kinds = []
    for k in raw:
        try:
            kinds.append(Kind(k))
        except ValueError:
            raise ExportError(f"unknown kind {k!r}; known: {', '.join(x.value for x in Kind)}") from None
    if Kind.range in kinds:
        raise ExportError("a range has no single value for a card: export 'typical' or an allowable kind")
    return tuple(kinds)


def _points(
    record: Alloy, prop: str, kinds: Sequence[Kind], system: UnitSystem, tables: bool
) -> tuple[Number, ...]:
    """The numbers a card writes for ``prop``.

    With ``tables`` (formats that take per-temperature tables), the record's default curve of an
    accepted kind with two or more points gives one number per point; otherwise, and for
    constants-only formats, the default room-temperature value.
    """
    if tables:
        curve = next((c for c in record.curves(prop) if c.kind in kinds and len(c.points) > 1), None)
        if curve is not None:
            return tuple(_point(curve, p, system) for p in curve.points)
    v = record.value(prop)  # the cached default; when its kind is accepted it is also the pick
    if v is not None and v.kind not in kinds:
        v = record.value(prop, kind=list(kinds))
    return () if v is None else (_number(v, system),)


def _temperature(t: Any, system: UnitSystem) -> float:
    a, b = affine(str(t.units), system.temperature_unit)
    return a * float(t.magnitude) + b


def _point(c: Curve, p: CurvePoint, system: UnitSystem) -> Number:
    unit = system.unit_for(c.property)
    a, b = affine(c.unit, unit)
    value = a * float(p.value.to(c.unit).magnitude) + b
    return Number(c.property, value, unit, Origin.of_point(c, p), _temperature(p.temperature, system))


def _number(v: PropertyValue, system: UnitSystem) -> Number:
    unit = v.unit if v.info.is_hardness else system.unit_for(v.property)  # scales never convert
    a, b = affine(v.unit, unit)  # pint's factor, computed once per pair of units
    t = v.conditions.test_temperature
    temp = None if t is None else _temperature(t, system)
    return Number(v.property, a * float(v.quantity.magnitude) + b, unit, Origin.of_value(v), temp)


def collect(
    record: Alloy, props: Iterable[str], system: UnitSystem, kinds: Sequence[Kind], tables: bool = False
) -> Material:
    """The numbers of ``props`` for one record, converted into ``system`` (curves as tables if
    ``tables``)."""
    numbers = {}
    for prop in props:
        found = _points(record, prop, kinds, system, tables)
        if found:
            numbers[prop] = found
    return Material(record=record, system=system, numbers=numbers, kinds=tuple(kinds))


def writable(mat: Material, cards: Sequence[Card], fmt: str, partial: bool) -> list[Card]:
    """The cards that can be written; a missing value raises unless ``partial``, which records it."""
    out = []
    accepted = "/".join(k.value for k in mat.kinds)
    for card in cards:
        missing = [p for p in card.needs if not mat.has(p)]
        if not missing:
            out.append(card)
            continue
        if not partial:
            raise MissingDataError(mat.name, missing[0], f"{fmt} {card.name}", accepted)
        mat.left_out.append(f"{card.name}: no {accepted} value of {', '.join(missing)}")
    return out


def header_lines(system: UnitSystem, kinds: Sequence[Kind], version: str) -> list[str]:
    """The lines every file starts with: generator, unit system, what the values mean."""
    lines = [
        f"written by mgalloys {version}; every number below names its source and locator",
        system.describe(),
        f"value kinds exported: {', '.join(k.value for k in kinds)}",
    ]
    if any(k.value in _ALLOWABLE for k in kinds):
        lines.append(
            "allowable/specification values exported as asked: check that they apply to your "
            "temper, product form, thickness and direction."
        )
    if Kind.typical in kinds:
        lines.append(
            "WARNING: typical values are not design allowables; use them to model and compare, "
            "not to size parts (design needs A-/B-/S-basis values for the exact product)."
        )
    return lines


def provenance_lines(mat: Material) -> list[str]:
    """Per number: property, exported magnitude and unit, kind, conditions, source and locator."""
    rec = mat.record
    lines = [f"material {rec.record_id}: {rec.grade}, temper {rec.temper or '-'}, {rec.product_form or '-'}"]
    for n in mat.used():
        at = "RT" if n.temperature is None else f"{n.temperature:g} {mat.system.temperature_unit}"
        lines.append(
            f"  {n.property} = {fmt_number(n.magnitude)} {n.unit} at {at}: {n.provenance}"
            + (f"; published as {n.origin.published}" if n.origin.published else "")
        )
    for item in mat.left_out:
        lines.append(f"  LEFT OUT (partial export) {item}")
    return lines


def source_lines(mats: Sequence[Material]) -> list[str]:
    """The sources of the numbers used, one plain-text citation each."""
    seen: dict[str, Source] = {}
    for m in mats:
        for s in m.sources():
            seen.setdefault(s.key, s)
    return ["sources:"] + [f"  [{k}] {s.citation}" for k, s in seen.items()]


def fmt_number(x: float) -> str:
    """A float with 12 significant digits (conversion noise such as ``1.8100000000000002e-09``
    dropped), in a form every solver reads."""
    text = f"{float(x):.12g}"
    return text if any(c in text for c in ".en") else text + ".0"


def table(mat: Material, props: Sequence[str]) -> list[tuple[list[float], float | None]]:
    """Rows of a card: the values of ``props`` side by side, one row per temperature.

    Constants (one room-temperature number) give one row without a temperature. A property with
    a temperature series sets the rows; the others must be constant (repeated) or have points at
    the same temperatures: nothing is interpolated.
    """
    series = [mat.numbers[p] for p in props]
    temps = next(
        (sorted(n.temperature for n in s if n.temperature is not None) for s in series if len(s) > 1), None
    )
    if temps is None:
        return [([s[0].magnitude for s in series], None)]
    rows: list[tuple[list[float], float | None]] = []
    for t in temps:
        row = []
        for prop, s in zip(props, series, strict=True):
            if len(s) == 1:
                row.append(s[0].magnitude)
                continue
            hit = [n for n in s if n.temperature is not None and abs(n.temperature - t) < 1e-6]
            if not hit:
                raise ExportError(
                    f"{mat.name}: {prop} has no point at {t:g} {mat.system.temperature_unit}, where "
                    f"{', '.join(props)} are tabulated together; values are never interpolated"
                )
            row.append(hit[0].magnitude)
        rows.append((row, t))
    return rows
