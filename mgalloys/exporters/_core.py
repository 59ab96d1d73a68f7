"""What every exporter shares: unit systems, the numbers an export uses, and their provenance.

An exporter never sees a bare float: it gets ``Number`` objects (the magnitude in the
export's unit system, its test temperature, and an ``Origin`` naming kind, source and
locator) grouped per record in a ``Material``. Values are picked by the library's default
rule among the kinds asked for; a value the record lacks is absent, never filled in.
"""

from __future__ import annotations

import builtins
import math
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, Literal

from ..bibliography import Source
from ..errors import ExportError, ExportValueError, MissingDataError
from ..models import Alloy
from ..propertytable import PropertyInfo, properties, property_info
from ..units import affine, format_quantity, parse_unit
from ..values import Kind, PropertyValue

if TYPE_CHECKING:  # pragma: no cover
    from ..curves import Curve, CurvePoint

__all__ = [
    "FORMATS",
    "UNIT_SYSTEMS",
    "Card",
    "Document",
    "Format",
    "Material",
    "Number",
    "Origin",
    "UnitSystem",
    "collect",
    "comment_lines",
    "one_line",
    "register",
    "unit_system",
    "xml_comment",
    "xml_text",
]

#: Whether a format takes curves: no (False), as per-temperature tables of two or more points
#: (True), or also a lone point at its temperature where there is no room-temperature value.
Tables = Literal[False, True, "points"]
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
    """Where an exported number comes from: a stored value, or a point of a curve."""

    kind: Kind
    source: Source
    locator: str = ""
    published: str = ""  #: as the source prints it
    note: str = ""
    describe: Callable[[], str] = field(default=str, repr=False, compare=False)

    @cached_property
    def text(self) -> str:
        """One line, e.g. ``'45 GPa (typical, RT) [azom-az91d-f, Mechanical Properties table]'``
        (written on first use: JSON has no use for it)."""
        return self.describe()

    @classmethod
    def of_value(cls, v: PropertyValue) -> Origin:
        note = "; ".join(x for x in (v.conditions.note, v.note) if x)
        return cls(v.kind, v.source, v.locator, v.published, note, v.describe)

    @classmethod
    def of_point(cls, c: Curve, p: CurvePoint) -> Origin:
        """A point of a curve; a point read off a plot says so."""
        read = "digitised from a plot" if p.reading == "digitised" else ""
        note = "; ".join(x for x in (read, c.conditions, p.note) if x)

        def describe() -> str:
            where = f", {p.locator}" if p.locator else ""
            return f"{format_quantity(p.value)} ({c.kind.value}, {p.label}, curve) [{c.source.key}{where}]"

        return cls(c.kind, c.source, p.locator, p.published, note, describe)


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
    record: Alloy,
    prop: str,
    kinds: Sequence[Kind],
    system: UnitSystem,
    curves: Sequence[Curve],
    tables: Tables,
) -> tuple[Number, ...]:
    """The numbers a card writes for ``prop``, each checked (see ``_checked``).

    With ``tables`` (formats that take per-temperature tables), the record's default curve of an
    accepted kind (``curves``, default first) with two or more points gives one number per
    point; otherwise, and for constants-only formats, the default room-temperature value. With
    ``tables="points"`` (a format that states each value's temperature), a property without a
    room-temperature value takes the one point of a one-point curve, at its temperature.
    """
    curve = next((c for c in curves if len(c.points) > 1), None)
    if curve is not None:
        return tuple(_checked(record, _point(curve, p, system)) for p in curve.points)
    v = record.value(prop)  # the cached default; when its kind is accepted it is also the pick
    if v is not None and v.kind not in kinds:
        v = record.value(prop, kind=list(kinds))
    if v is None and curves and tables == "points":  # only a value at another temperature: say which
        return (_checked(record, _point(curves[0], curves[0].points[0], system)),)
    return () if v is None else (_checked(record, _number(v, system)),)


#: An isotropic solid's Poisson's ratio lies strictly between -1 and 1/2 (a positive-definite
#: elastic tensor); at 0.5 or beyond a solver divides by zero or builds an unstable material.
POISSON_RANGE = (-1.0, 0.5)


def _checked(record: Alloy, n: Number) -> Number:
    """``n`` if a file may carry it: finite after conversion (1e308 GPa overflows in Pa), and a
    Poisson's ratio inside ``POISSON_RANGE``; otherwise ``ExportValueError`` naming both."""
    if not math.isfinite(n.magnitude):
        why = f"is {n.magnitude} {n.unit} after conversion into the unit system, not a finite number"
        raise ExportValueError(record.record_id, n.property, why)
    if n.temperature is not None and not math.isfinite(n.temperature):
        raise ExportValueError(record.record_id, n.property, "has a test temperature that is not finite")
    lo, hi = POISSON_RANGE
    if n.property == "poisson_ratio" and not lo < n.magnitude < hi:
        why = f"{n.magnitude:g} is outside ({lo:g}, {hi:g}), the range of an isotropic solid"
        raise ExportValueError(record.record_id, n.property, why)
    return n


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
    stored = v.value if v.value_max is None else (v.value + v.value_max) / 2  # as v.quantity, no copy
    return Number(v.property, a * stored + b, unit, Origin.of_value(v), temp)


def _has(record: Alloy, info: PropertyInfo, stored: set[str]) -> bool:
    """Whether the record may have a value of ``info``: stored, or computed from stored ones."""
    return all(p in stored for p in info.inputs) if info.computed else info.id in stored


def collect(
    record: Alloy, props: Iterable[str], system: UnitSystem, kinds: Sequence[Kind], tables: Tables = False
) -> Material:
    """The numbers of ``props`` for one record, converted into ``system`` (curves as tables if
    ``tables``)."""
    by_property: dict[str, list[Curve]] = {}
    for c in record.curves() if tables else ():
        if c.kind in kinds:
            by_property.setdefault(c.property, []).append(c)
    stored = {v.property for v in record.property_values} | set(by_property)
    numbers = {}
    for prop in props:
        if not _has(record, property_info(prop), stored):
            continue
        found = _points(record, prop, kinds, system, by_property.get(prop, ()), tables)
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
    """Per number: property, exported magnitude and unit, kind, conditions, source and locator;
    on a line of its own the value as published and the notes."""
    rec = mat.record
    lines = [f"material {rec.record_id}: {rec.grade}, temper {rec.temper or '-'}, {rec.product_form or '-'}"]
    for n in mat.used():
        at = "RT" if n.temperature is None else f"{n.temperature:g} {mat.system.temperature_unit}"
        lines.append(f"  {n.property} = {fmt_number(n.magnitude)} {n.unit} at {at}: {n.provenance}")
        more = [f"published as {n.origin.published}"] if n.origin.published else []
        more += [f"note: {n.origin.note}"] if n.origin.note else []
        if more:
            lines.append("    " + "; ".join(more))
    for item in mat.left_out:
        lines.append(f"  LEFT OUT (partial export) {item}")
    return lines


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


# --- text that cannot steer the file it is written into ---------------------------------------
# Control characters (C0, DEL, C1 with NEL), the Unicode line and paragraph separators and lone
# surrogates (which no UTF-8 file can hold): whatever a reader might take as a line break.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escaped(m: re.Match[str]) -> str:
    return m.group().encode("unicode_escape").decode("ascii")


def one_line(text: str) -> str:
    """``text`` for one line of a plain-text file: every control character, line or paragraph
    separator and lone surrogate written as a visible escape (``\\n``, ``\\x0c``, ``\\u2028``), so
    that no text can end the line it is written on.

    Examples:
        >>> print(one_line("T1\\n*INCLUDE, INPUT=/etc/passwd\\x0c"))
        T1\\n*INCLUDE, INPUT=/etc/passwd\\x0c
    """
    return _CONTROL.sub(_escaped, text) if _CONTROL.search(text) else text


def comment_lines(prefix: str, text: str, width: int) -> list[str]:
    """``text`` as comment lines ``prefix + ...`` of at most ``width`` characters.

    The text is made one line (``one_line``), then wrapped: a solver that reads a line in a
    fixed buffer (CalculiX: 1320 characters) would read the rest of a longer line as a line of
    its own, which could be a keyword. Continuation lines are indented four spaces more than
    the line they continue.
    """
    safe = one_line(text)
    room = width - len(prefix)
    if len(safe) <= room:
        return [prefix + safe]
    indent = " " * (len(safe) - len(safe.lstrip(" ")) + 4)  # four more than the line's own
    parts = textwrap.wrap(safe, room, subsequent_indent=indent, break_long_words=True, break_on_hyphens=False)
    return [prefix + p for p in parts] or [prefix.rstrip()]


# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates, U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """``text`` with lone surrogates (which no UTF-8 file can hold) as ``\\udxxx`` escapes: in a
    JSON string that is the escape JSON itself defines, so the text reads back unchanged."""
    return _SURROGATE.sub(_escaped, text) if _SURROGATE.search(text) else text


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 can carry it: the characters XML forbids (NUL, most C0 controls,
    lone surrogates, U+FFFE, U+FFFF) as visible escapes (``\\x0c``); everything else unchanged.

    The serialiser escapes markup (``<``, ``&``); ``xml_document`` keeps CR.
    """
    return _XML_ILLEGAL.sub(_escaped, text) if _XML_ILLEGAL.search(text) else text


def xml_comment(lines: Iterable[str]) -> ET.Element[Any]:
    """An XML comment that its text cannot close or break: each line made one line
    (``one_line``), a space after every ``-`` that another follows (``--`` may not occur in a
    comment), and a space at both ends (a comment may not end in ``-``)."""
    safe = [re.sub("-(?=-)", "- ", xml_text(one_line(line))) for line in lines]
    return ET.Comment(" " + "\n     ".join(safe) + " ")


def xml_document(root: ET.Element) -> str:
    """The document as text, indented, with an XML declaration.

    ElementTree writes a CR in text as it is, and every parser reads a bare CR as LF; written as
    the character reference ``&#13;`` it reads back unchanged. Comments and attributes hold no
    bare CR (``xml_comment``; ElementTree escapes attributes), so every CR left is in text.
    """
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode").replace("\r", "&#13;")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


# --- the formats: each writer module registers its own ------------------------------------------
@dataclass(frozen=True)
class Document:
    """What a writer gets: the materials with their writable cards, and what the file says."""

    materials: tuple[tuple[Material, tuple[Card, ...]], ...]
    head: tuple[str, ...]  #: generator, unit system, kinds, warnings (``header_lines``)
    left_out: tuple[str, ...]  #: records not written, one line each with why
    system: UnitSystem
    kinds: tuple[Kind, ...]

    def sources(self) -> tuple[Source, ...]:
        """The sources of the numbers written, each once, in first-use order."""
        seen: dict[str, Source] = {}
        for mat, _ in self.materials:
            for s in mat.sources():
                seen.setdefault(s.key, s)
        return tuple(seen.values())

    def tail(self) -> list[str]:
        """The lines a plain-text file ends with: records left out, then the sources used."""
        out = [f"LEFT OUT (nothing to write) {x}" for x in self.left_out]
        return out + ["sources:"] + [f"  [{s.key}] {s.citation}" for s in self.sources()]


@dataclass(frozen=True)
class Format:
    """An export format, as its writer module registers it.

    ``cards`` lists what a record must have for each card (``None``: every property the record
    has a value of, no card needs anything); ``tables`` takes curves as per-temperature tables
    (see ``Tables``);
    ``partial`` is the default of ``export(partial=...)``; ``keeps_empty`` writes a record with
    no value as a row of unknowns (tables) instead of leaving it out and saying so.
    """

    name: str
    aliases: tuple[str, ...]
    write: Callable[[Document], str]
    summary: str
    cards: tuple[Card, ...] | None = None
    tables: Tables = False
    partial: bool = False
    keeps_empty: bool = False

    def properties(self) -> list[str]:
        if self.cards is None:
            return [p.id for p in properties()]
        return list(dict.fromkeys(p for c in self.cards for p in c.needs))


#: Every format by name; ``register`` adds one. Aliases are in ``ALIASES``.
FORMATS: dict[str, Format] = {}
ALIASES: dict[str, str] = {}


def register(fmt: Format) -> Format:
    """Add ``fmt`` (and its aliases) to the formats ``export`` writes; a name may not be taken twice."""
    for name in (fmt.name, *fmt.aliases):
        if name in ALIASES:
            raise ExportError(f"export format name {name!r} is taken by {ALIASES[name]!r}")
        ALIASES[name] = fmt.name
    FORMATS[fmt.name] = fmt
    return fmt
