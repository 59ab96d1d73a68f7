"""One place that turns user input into library objects.

Checking, tables, screening, charts and the command line all read their arguments here, so the
same input is accepted or refused everywhere, with the same message:

* **alloy-like**: a name (record id, grade, grade and temper, alias), an ``mgalloys.Alloy``,
  or a dict of values (``{"uts": "310 MPa", "el": (12, "%")}``; two keys naming the same
  property are an error);
* **target-like**: a ``mgalloys.Target``, a ``mgalloys.Family``, a family number
  (``8`` or ``"8"``), id or name, target text, a dict, or a ``.json``/``.toml`` path;
* **family-like**: a Family, a number (``8`` or ``"8"``), an id (``'mg-li'``) or a name;
* **kinds**: ``"minimum"``, a ``mgalloys.Kind``, or several of them (read by
  ``mgalloys.values.as_kinds``, beside ``Kind``: a record's ``values(kind=...)`` takes them too);
* **quantities**: ``"35 ksi"``, ``(35, "ksi")`` or a pint Quantity (see
  ``mgalloys.units.quantity`` for the rules on separators, non-finite values and length);
* **key=unit pairs**: ``{"uts": "ksi"}`` or ``["uts=ksi"]``, checked against each property;
* **column maps**: ``{"uts": ("UTS (MPa)", "MPa")}`` or ``["uts=UTS (MPa):MPa"]``.

Wrong types raise ``mgalloys.errors.InputTypeError`` (a ``TypeError``), wrong values
``mgalloys.errors.InputValueError`` or a more specific library error (a ``ValueError`` or
``LookupError``); each names what was wrong and what is accepted.

A name is looked up in the catalog in use by ``mgalloys.alloylike.as_alloy``, which takes the same
alloy-likes.

Examples:
    >>> from mgalloys.inputs import as_family, unit_pairs
    >>> from mgalloys.values import as_kinds
    >>> as_family("8").id
    'high-strength-casting'
    >>> " ".join(k.value for k in as_kinds("minimum,typical"))
    'minimum typical'
    >>> unit_pairs(["uts=ksi", "density = lb/in**3"])
    {'tensile_strength': 'ksi', 'density': 'lb/in**3'}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ._columns import column_spec, resolve_property
from .bibliography import Source, SourceKind
from .composition import atomic_mass, parse_composition, parse_content
from .elementterms import base_of_class
from .errors import (
    AlloyNotFoundError,
    IncompatibleScalesError,
    InputTypeError,
    InputValueError,
    MgAlloysError,
    UnitsError,
    describe_input,
)
from .families import Family, families, family
from .models import Alloy
from .propertytable import PropertyInfo, property_info, property_unit
from .targets import Target, read_target_file, target
from .units import format_quantity, parse_unit, quantity
from .values import CompositionRange, Kind, PropertyValue, as_kind
from .vocabulary import term

__all__ = [
    "as_count",
    "as_family",
    "as_target",
    "column_map",
    "column_name",
    "family_id",
    "family_or_none",
    "property_quantity",
    "reading_of",
    "unit_pairs",
    "user_alloy",
    "user_values",
]

AlloyLike = Any  # str | Alloy | Mapping[str, Any]
TargetLike = Any  # Target | Family | str | int | Mapping[str, Any] | Path


# --- values ----------------------------------------------------------------------------------
def property_quantity(info: PropertyInfo, raw: Any) -> Any:
    """A value of property ``info`` as a Quantity of its dimension: ``"35 ksi"``, ``(35, "ksi")``
    (a list too) or a Quantity. Bools, bare numbers and ``None`` are refused."""

    if isinstance(raw, (tuple, list)):
        if len(raw) != 2:
            raise InputValueError(
                f"the value of {info.id} as a pair must be (number, unit), e.g. (310, 'MPa'); got {raw!r}"
            )
        number, unit = raw
        property_unit(info, unit, f"the unit of {info.id} in {tuple(raw)!r}")
        return info.coerce(quantity(number, unit))
    if raw is None or isinstance(raw, (bool, int, float)):
        raise InputTypeError(
            f"the value of {info.id} needs a unit: give e.g. '{raw} {info.unit}' or "
            f"({raw}, {info.unit!r}); got {describe_input(raw)}"
        )
    return info.coerce(quantity(raw))


def user_values(values: Any) -> dict[str, Any]:
    """``{property id: Quantity}`` from a user's dict; two keys naming one property are an error."""

    if not isinstance(values, Mapping):
        raise InputTypeError(f"values are a dict such as {{'uts': '310 MPa'}}; got {describe_input(values)}")
    out: dict[str, Any] = {}
    keys: dict[str, Any] = {}
    for key, raw in values.items():
        info = property_info(key)
        if info.id in out:
            raise InputValueError(
                f"{keys[info.id]!r} and {key!r} both name {info.id}; give each property once"
            )
        keys[info.id] = key
        out[info.id] = property_quantity(info, raw)
    return out


# --- families, targets, kinds ----------------------------------------------------------------------
def as_family(f: Any) -> Family:
    """A ``mgalloys.Family`` from a Family, a number (``8`` or ``"8"``), an id or a name."""

    return family(f)


def family_id(f: Any) -> str:
    """The family id of a family-like, or ``'reference'`` (the records' tag for reference metals)."""
    if isinstance(f, str) and f.strip().lower() == "reference":
        return "reference"
    return as_family(f).id


def family_or_none(t: object) -> Family | None:
    """The family a family-like target names (a Family, a number, an id or a name), else None."""
    if isinstance(t, Family):
        return t
    if isinstance(t, (int, str)) and not isinstance(t, bool):
        try:
            return as_family(t)
        except MgAlloysError:
            return None  # a target, not a family
    return None


def reading_of(t: object) -> str:
    """The reading a family-like target is checked under (empty for any other target)."""
    f = family_or_none(t)
    return "" if f is None else f.reading


def as_target(t: TargetLike) -> Target:
    """A ``mgalloys.Target`` from a Target, a Family, a family number, id or name, target
    text, a dict, or a path of a ``.json``/``.toml`` file."""

    if isinstance(t, Family):
        return t.target
    if isinstance(t, Target):
        return t
    if isinstance(t, bool):
        raise InputTypeError("a target cannot be a bool; give a family number, target text or a Target")
    if isinstance(t, int):
        return as_family(t).target
    if isinstance(t, str):
        key = t.strip().lower()
        if key.isdecimal() or any(key in (f.id, f.name.lower()) for f in families()):
            return as_family(t).target
        return target(t)
    if isinstance(t, Path):
        return target(read_target_file(t))
    if isinstance(t, Mapping):
        return target(t)
    raise InputTypeError(
        "a target is a Target, a Family, a family number or id, text such as "
        f"'uts > 300 MPa and el > 10 %', a dict or a .json/.toml path; got {describe_input(t)}"
    )


def as_count(n: Any, what: str = "n") -> int:
    """A count of at least 1 (an int, not a bool)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise InputTypeError(f"{what} must be a whole number of at least 1; got {describe_input(n)}")
    if n < 1:
        raise InputValueError(f"{what} must be at least 1; got {n}")
    return n


# --- units and columns -----------------------------------------------------------------------------
def key_value_pairs(items: Any, what: str, example: str) -> list[tuple[Any, Any]]:
    """``[(key, text)]`` from a dict or from ``"key=text"`` strings (``example`` shows the form)."""
    if items is None:
        return []
    if isinstance(items, Mapping):
        return list(items.items())
    if isinstance(items, str) or not isinstance(items, Iterable):
        got = describe_input(items)
        raise InputTypeError(f"{what} are a dict or a list of '{example}' strings; got {got}")
    out = []
    for item in items:
        key, sep, rest = str(item).partition("=")
        if not sep or not key.strip() or not rest.strip():
            raise InputValueError(f"{what}: write {example}; got {item!r}")
        out.append((key.strip(), rest))
    return out


def unit_pairs(
    items: Mapping[str, Any] | Sequence[str] | None, *, extra_keys: Sequence[str] = ()
) -> dict[str, str]:
    """``{property id: unit}`` from ``{"uts": "ksi"}`` or ``["uts=ksi"]``, each unit checked
    against its property (stored or derived); keys in ``extra_keys`` (e.g. a chart's ``x``,
    ``y``) are kept as given with their unit parsed."""

    out: dict[str, str] = {}
    for key, unit in key_value_pairs(items, "units", "PROPERTY=UNIT, e.g. uts=ksi"):
        if not isinstance(unit, str):
            got = describe_input(unit)
            raise InputTypeError(f"the unit for {key!r} must be a string such as 'ksi'; got {got}")
        if key in extra_keys:
            parse_unit(unit)
            out[key] = unit.strip()
            continue
        prop = resolve_property(key)
        if isinstance(prop, PropertyInfo) and prop.dimension == "dimensionless":
            property_unit(prop, unit)  # strict: an empty unit is not a percent
        column_spec(prop, unit.strip())
        if prop.id in out:
            raise InputValueError(f"units for {prop.id} are given twice; give each property once")
        out[prop.id] = unit.strip()
    return out


def column_map(columns: Any) -> dict[str, tuple[str, str]]:
    """``{property id: (column, unit)}`` from ``{"uts": ("UTS (MPa)", "MPa")}`` or from
    ``["uts=UTS (MPa):MPa"]`` (the unit after the last colon). Every unit is checked against its
    property; a column mapped to ``None`` or twice is an error."""

    out: dict[str, tuple[str, str]] = {}
    if not isinstance(columns, Mapping):
        specs = []
        example = "PROPERTY=COLUMN:UNIT, e.g. uts=UTS (MPa):MPa"
        for key, rest in key_value_pairs(columns, "column maps", example):
            if ":" not in rest:
                raise InputValueError(
                    f"a column map is PROPERTY=COLUMN:UNIT (e.g. uts='UTS (MPa)':MPa); got {key}={rest}"
                )
            column, unit = rest.rsplit(":", 1)
            specs.append((key, (column, unit.strip())))
        items: list[tuple[Any, Any]] = specs
    else:
        items = list(columns.items())
    for key, spec in items:
        info = property_info(key)
        if isinstance(spec, (str, bytes)) or not isinstance(spec, Sequence) or len(spec) != 2:
            raise InputValueError(
                f"columns[{key!r}] must be a (column name, unit) pair such as ('UTS (MPa)', 'MPa'); "
                f"got {spec!r}"
            )
        name, unit = spec
        if name is not None:
            column_name(name, f"columns[{key!r}]")
        if name is None or (isinstance(name, str) and not name.strip()):
            raise InputValueError(f"columns[{key!r}] names no column ({name!r}); give the column's name")
        if not isinstance(unit, str):
            raise UnitsError(f"the unit of column {name!r} ({info.id}) must be a string such as 'MPa'")
        property_unit(info, unit, f"column {name!r}, mapped to {info.id} with unit {unit!r},")
        if info.id in out:
            raise InputValueError(f"{info.id} is mapped twice (as {out[info.id][0]!r} and {name!r})")
        out[info.id] = (name, unit)
    return out


def column_name(name: Any, what: str) -> None:
    """Refuse what cannot name a column of a frame (a list, a dict, a bool...)."""
    if isinstance(name, bool) or not isinstance(name, (str, int)):
        raise InputTypeError(
            f"{what} names a column by a string such as 'UTS (MPa)' (or an integer label); "
            f"got {describe_input(name)}"
        )


def same_scales(a: Alloy, t: Target) -> None:
    """Refuse a user's hardness on another scale than a criterion's threshold (as ``screen``
    refuses such a column): hardness scales never convert."""
    for c in t.criteria:
        if c.property != "hardness" or c.threshold is None:
            continue
        scales = {v.quantity.units for v in a.values("hardness")}
        if scales and c.threshold.units not in scales:
            given = ", ".join(sorted(f"{u:~P}" for u in scales))
            raise IncompatibleScalesError(
                f"{a.record_id} gives hardness in {given} and {c.text!r} is on the "
                f"{c.threshold.units:~P} scale; hardness scales never convert"
            )


def not_found(name: str, known: Sequence[str], what: str) -> AlloyNotFoundError:
    """An ``AlloyNotFoundError`` for ``name`` among ``known`` (closest names suggested)."""
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
    return AlloyNotFoundError(name, close, what)


# --- a user's alloy ----------------------------------------------------------------------------
@cache
def _user_source() -> Source:
    """The source of a user's values. Built on first use, not at import: the first `Source` built
    by validation builds pydantic's validator for it (~9 ms), which a lookup does not need."""
    return Source(key="user", kind=SourceKind.user, title="values supplied by the user")


_DESCRIPTIVE = ("material_class", "product_form", "process_route", "temper", "composition")


def user_alloy(
    values: Mapping[str, Any],
    name: str = "user alloy",
    *,
    kind: Kind | str = Kind.typical,
    material_class: str = "magnesium alloy",
    product_form: str | None = None,
    process_route: str | None = None,
    temper: str | None = None,
    composition: Mapping[str, str | float] | str | None = None,
) -> Alloy:
    """An ``Alloy`` from ``{"uts": "310 MPa", "el": (12, "%")}``, for checks and tables.

    Values are room-temperature values of ``kind`` (default typical); a wrong dimension raises
    ``WrongDimensionError`` naming the property. The alloy is a magnesium alloy
    unless ``material_class`` says otherwise; ``product_form``, ``process_route`` (terms of
    ``vocabulary``), ``temper`` and ``composition`` (``{"Li": "8 wt%", "Al": 1}``, numbers in
    wt.%, or a designation-like string ``"Mg-9Al-1Zn"``, wt.% unless ``at%`` is written; at.%
    converted with the other elements at their given contents; the base element, Mg for a
    magnesium alloy, is the balance: the composition you give is the whole of it) let a target's
    scope apply to it; the same keys may sit in ``values``.

    Examples:
        >>> import mgalloys as mg
        >>> a = mg.user_alloy({"uts": "320 MPa", "el": "11 %"}, product_form="sand casting")
        >>> mg.check(a, 8).verdict.value
        'pass'
    """
    values = dict(values)
    described: dict[str, Any] = {
        "material_class": material_class,
        "product_form": product_form,
        "process_route": process_route,
        "temper": temper,
        "composition": composition,
    }
    for key in _DESCRIPTIVE:
        if key in values:
            described[key] = values.pop(key)
    for key in ("material_class", "product_form", "process_route"):
        if described[key] is not None:
            described[key] = term(str(described[key])).term
    pvs = []
    for key, q in user_values(values).items():  # duplicates, bare numbers, odd units refused
        info = property_info(key)
        unit = info.unit if not info.is_hardness else str(q.units)
        pvs.append(
            PropertyValue(
                property=info.id,
                value=info.to_canonical(q) if not info.is_hardness else float(q.magnitude),
                unit=unit,
                kind=as_kind(kind),
                source=_user_source(),
                published=format_quantity(q),
            )
        )
    base = base_of_class(described["material_class"])
    comp, base = _user_composition(described.pop("composition"), base)
    return Alloy(
        record_id=name,
        grade=name,
        property_values=tuple(pvs),
        composition=comp,
        base_element=base,
        **described,
    )


_COMPOSITION_ACCEPTED = (
    "a mapping such as {'Li': '8 wt%', 'Al': 1} (numbers in wt%) or a designation-like string such as "
    "'Mg-9Al-1Zn' (wt% unless at% is written)"
)


def _composition_spec(spec: object, base: str | None) -> tuple[dict[str, tuple[float, str]], str | None]:
    """Element -> (content, basis) from a mapping or a string, and the base element."""
    if isinstance(spec, str):
        head, contents, basis = parse_composition(spec)
        if base is not None and head != base:
            raise InputValueError(
                f"the composition {spec!r} has the base {head}, but the alloy's base is {base}"
            )
        return {el: (v, basis) for el, v in contents.items()}, head
    if not isinstance(spec, Mapping):
        raise InputTypeError(f"a composition is {_COMPOSITION_ACCEPTED}; got {describe_input(spec)}")
    parsed: dict[str, tuple[float, str]] = {}
    for el, raw in spec.items():
        if not isinstance(el, str):
            raise InputTypeError(
                f"a composition's keys are element symbols such as 'Zn'; got {describe_input(el)}"
            )
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise InputTypeError(
                f"the content of {el} is a number (wt%) or text such as '2 at%'; got {describe_input(raw)}"
            )
        try:
            atomic_mass(el)
            parsed[el] = parse_content(raw if isinstance(raw, str) else f"{float(raw)!r} wt%")
        except MgAlloysError as exc:
            raise InputValueError(
                f"composition {el}: {exc}; a composition is {_COMPOSITION_ACCEPTED}"
            ) from None
    return parsed, base


def _user_composition(spec: object, base: str | None) -> tuple[tuple[CompositionRange, ...], str | None]:
    """The user's composition as rows of their own source, the base the balance (a row of the
    base without an amount, as a source printing "Magnesium: Balance"), and the base."""
    if spec is None:
        return (), base
    parsed, base = _composition_spec(spec, base)
    wt = {el: v for el, (v, b) in parsed.items() if b == "wt"}
    at = {el: v for el, (v, b) in parsed.items() if b == "at"}
    if at:  # moles per 100 atoms -> mass, the base the balance of the atoms not given
        if wt:
            raise MgAlloysError("give a composition in wt% or in at%, not both")
        if base is None:
            raise InputValueError("an at.% composition needs the alloy's base element: give a material class")
        mass_at = {el: v * atomic_mass(el) for el, v in at.items()}
        base_at = max(0.0, 100.0 - sum(v for el, v in at.items() if el != base))
        total = sum(m for el, m in mass_at.items() if el != base) + base_at * atomic_mass(base)
        wt = {el: 100.0 * m / total for el, m in mass_at.items() if el != base}
    if sum(wt.values()) > 100.0:
        raise InputValueError(f"the contents of the composition add up to more than 100 wt%: {spec!r}")
    note, user = "given by the user", _user_source()
    rows = [CompositionRange(element=el, nominal=v, source=user, note=note) for el, v in wt.items()]
    if base is not None and base not in wt:
        rows.append(
            CompositionRange(element=base, source=user, note="the balance: the composition given is whole")
        )
    return tuple(rows), base
