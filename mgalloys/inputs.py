"""One place that turns user input into library objects.

Checking, tables, screening, charts and the command line all read their arguments here, so the
same input is accepted or refused everywhere, with the same message:

* **alloy-like**: a name (record id, grade, grade and temper, alias), an ``mgalloys.Alloy``,
  or a dict of values (``{"uts": "310 MPa", "el": (12, "%")}``; two keys naming the same
  property are an error);
* **target-like**: a ``mgalloys.Target``, a ``mgalloys.Family``, a family number
  (``8`` or ``"8"``), id or name, target text, a dict, or a ``.json``/``.toml`` path;
* **family-like**: a Family, a number (``8`` or ``"8"``), an id (``'mg-li'``) or a name;
* **kinds**: ``"minimum"``, a ``mgalloys.Kind``, or several of them;
* **quantities**: ``"35 ksi"``, ``(35, "ksi")`` or a pint Quantity (see
  ``mgalloys.units.quantity`` for the rules on separators, non-finite values and length);
* **key=unit pairs**: ``{"uts": "ksi"}`` or ``["uts=ksi"]``, checked against each property;
* **column maps**: ``{"uts": ("UTS (MPa)", "MPa")}`` or ``["uts=UTS (MPa):MPa"]``.

Wrong types raise ``mgalloys.errors.InputTypeError`` (a ``TypeError``), wrong values
``mgalloys.errors.InputValueError`` or a more specific library error (a ``ValueError`` or
``LookupError``); each names what was wrong and what is accepted.

Examples:
    >>> from mgalloys.inputs import as_family, as_kinds, unit_pairs
    >>> as_family("8").id
    'high-strength-casting'
    >>> " ".join(k.value for k in as_kinds("minimum,typical"))
    'minimum typical'
    >>> unit_pairs(["uts=ksi", "density = lb/in**3"])
    {'tensile_strength': 'ksi', 'density': 'lb/in**3'}
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import (
    AlloyNotFoundError,
    IncompatibleScalesError,
    InputTypeError,
    InputValueError,
    MgAlloysError,
    UnitsError,
    WrongDimensionError,
)

if TYPE_CHECKING:  # pragma: no cover
    from .models import Alloy, Kind
    from .propertytable import PropertyInfo
    from .roadmap import Family
    from .targets import Target

__all__ = [
    "as_alloy",
    "as_alloys",
    "as_count",
    "as_family",
    "as_frame",
    "as_kind",
    "as_kinds",
    "as_target",
    "column_map",
    "column_name",
    "family_id",
    "fold",
    "name_key",
    "property_quantity",
    "property_unit",
    "unit_pairs",
    "user_values",
]

AlloyLike = Any  # str | Alloy | Mapping[str, Any]
TargetLike = Any  # Target | Family | str | int | Mapping[str, Any] | Path


# --- identity: one normalisation of names and keys at every entry point ---------------------------
# Look-alikes of the hyphen (dashes, the minus sign) and of the space, and invisible format
# characters (soft hyphen, zero-width space and joiners, byte-order mark, bidirectional controls):
# text copied from a PDF or a word processor carries them where the writer saw '-' and ' '.
_DASHES = re.compile("[\u2010-\u2015\u2212\u2043\u2e3a\u2e3b\ufe58\ufe63\uff0d]")
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[\s\-_]+")


def fold(text: str) -> str:
    """The identity of a name or key: Unicode NFKC (full-width letters and digits, ligatures
    and non-breaking spaces become plain ones), look-alike hyphens as ``-``, invisible format
    characters removed, runs of spaces as one, case folded (``'ß'`` is ``'ss'``).

    Examples:
        >>> fold("ＡＺ９１Ｄ\u2212F"), fold("  Elektron\u00a021 ")
        ('az91d-f', 'elektron 21')
    """
    if text.isascii():  # the common case, without the Unicode tables
        return " ".join(text.split()).casefold()
    text = _DASHES.sub("-", _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)))
    return _SPACES.sub(" ", text).strip().casefold()


def name_key(name: str) -> str:
    """The lookup key of an alloy name, record id, grade or alias: `fold`, then without spaces,
    hyphens and underscores, in upper case (``'az91d f'``, ``'AZ91D\u2010F'`` -> ``'AZ91DF'``)."""
    if name.isascii():  # the common case: fold's spaces and case folding are implied here
        return _SEPARATORS.sub("", name).upper()
    return _SEPARATORS.sub("", fold(name)).upper()


def too_long(text: str, what: str) -> str | None:
    """A message when ``text`` is longer than any name or quantity the library reads (checked
    first, so that no input can make a lookup slow); ``None`` otherwise."""
    from .units import MAX_TEXT_LENGTH

    if len(text) <= MAX_TEXT_LENGTH:
        return None
    return f"{what} of {len(text)} characters ({text[:20]!r}...) is too long (at most {MAX_TEXT_LENGTH})"


def _shown(x: Any) -> str:
    """``repr(x)``, cut to a readable length for an error message."""
    text = repr(x)
    return text if len(text) <= 60 else f"{text[:50]}... ({len(text)} characters)"


def _kind_of(x: Any) -> str:
    return f"{type(x).__name__} {_shown(x)}" if not isinstance(x, (str, bytes)) else _shown(x)


# --- alloys --------------------------------------------------------------------------------------
def as_alloy(a: AlloyLike) -> Alloy:
    """An ``mgalloys.Alloy`` from a name, an Alloy or a dict of values."""
    from .catalog import alloy
    from .checking import user_alloy
    from .models import Alloy

    if isinstance(a, Alloy):
        return a
    if isinstance(a, str):
        return alloy(a)
    if isinstance(a, Mapping):
        return user_alloy(a)
    raise InputTypeError(
        f"an alloy is a name such as 'AZ91D', an Alloy, or a dict of values such as "
        f"{{'uts': '310 MPa'}}; got {_kind_of(a)}"
    )


def as_alloys(pool: Any) -> list[Alloy]:
    """A list of alloys from one alloy-like or an iterable of them (never the characters of a name)."""
    from .models import Alloy

    if isinstance(pool, (str, Alloy, Mapping)):
        return [as_alloy(pool)]
    if not isinstance(pool, Iterable):
        raise InputTypeError(f"alloys are a list of names, Alloys or dicts of values; got {_kind_of(pool)}")
    return [as_alloy(a) for a in pool]


def property_unit(info: PropertyInfo, unit: Any, what: str = "") -> str:
    """``unit`` (a string) after checking that it fits ``info``: its dimension, its hardness
    scale, and for a dimensionless property the strict units (an empty unit is not a percent)."""
    from .units import check_dimensionless, quantity

    where = what or f"the unit {unit!r} for {info.id}"
    if not isinstance(unit, str):
        raise InputTypeError(f"{where} must be a string such as {info.unit!r}; got {_kind_of(unit)}")
    try:
        q = info.coerce(quantity(1.0, unit))
    except WrongDimensionError as exc:
        raise WrongDimensionError(where, exc.expected, exc.given) from None
    if info.dimension == "dimensionless":
        check_dimensionless(q, info.unit, where, unit)
    return unit.strip()


def property_quantity(info: PropertyInfo, raw: Any) -> Any:
    """A value of property ``info`` as a Quantity of its dimension: ``"35 ksi"``, ``(35, "ksi")``
    (a list too) or a Quantity. Bools, bare numbers and ``None`` are refused."""
    from .units import quantity

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
            f"({raw}, {info.unit!r}); got {_kind_of(raw)}"
        )
    return info.coerce(quantity(raw))


def user_values(values: Any) -> dict[str, Any]:
    """``{property id: Quantity}`` from a user's dict; two keys naming one property are an error."""
    from .propertytable import property_info

    if not isinstance(values, Mapping):
        raise InputTypeError(f"values are a dict such as {{'uts': '310 MPa'}}; got {_kind_of(values)}")
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
    from .roadmap import family

    return family(f)


def family_id(f: Any) -> str:
    """The family id of a family-like, or ``'reference'`` (the records' tag for reference metals)."""
    if isinstance(f, str) and f.strip().lower() == "reference":
        return "reference"
    return as_family(f).id


def as_target(t: TargetLike) -> Target:
    """A ``mgalloys.Target`` from a Target, a Family, a family number, id or name, target
    text, a dict, or a path of a ``.json``/``.toml`` file."""
    from . import roadmap
    from .roadmap import Family
    from .targets import Target, target

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
        if key.isdecimal() or any(key in (f.id, f.name.lower()) for f in roadmap.families()):
            return as_family(t).target
        return target(t)
    if isinstance(t, Path):
        return target(read_target_file(t))
    if isinstance(t, Mapping):
        return target(t)
    raise InputTypeError(
        "a target is a Target, a Family, a family number or id, text such as "
        f"'uts > 300 MPa and el > 10 %', a dict or a .json/.toml path; got {_kind_of(t)}"
    )


def read_target_file(path: Path) -> dict[str, Any]:
    """The dict in a ``.json`` or ``.toml`` target file, or an error naming the file and what
    is wrong with it (missing, a directory, not text, not JSON/TOML, not a table)."""
    from .targets import _toml

    if path.suffix not in (".json", ".toml"):
        raise InputValueError(f"a target file must end in .json or .toml: {str(path)!r}")
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputValueError(f"no target file {str(path)!r}") from None
    except IsADirectoryError:
        raise InputValueError(f"{str(path)!r} is a folder, not a target file") from None
    except UnicodeDecodeError:
        raise InputValueError(f"{str(path)!r} is not UTF-8 text; a target file is JSON or TOML") from None
    except OSError as exc:
        raise InputValueError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw) if path.suffix == ".json" else _toml(raw)
    except MgAlloysError:
        raise
    except ValueError as exc:  # JSONDecodeError and TOMLDecodeError are ValueErrors
        kind = "JSON" if path.suffix == ".json" else "TOML"
        raise InputValueError(f"{str(path)!r} is not valid {kind}: {exc}") from None
    if not isinstance(data, dict):
        raise InputValueError(
            f'{str(path)!r} must hold a table such as {{"criteria": "uts > 300 MPa"}}; '
            f"got {type(data).__name__}"
        )
    return data


def as_kind(kind: Any) -> Kind:
    """One ``mgalloys.Kind`` from a Kind or its value (``"minimum"``)."""
    from .models import Kind

    if isinstance(kind, Kind):
        return kind
    if isinstance(kind, str):
        try:
            return Kind(kind.strip())
        except ValueError:
            pass
    raise InputValueError(f"unknown value kind {_shown(kind)}; known: {', '.join(k.value for k in Kind)}")


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


def as_count(n: Any, what: str = "n") -> int:
    """A count of at least 1 (an int, not a bool)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise InputTypeError(f"{what} must be a whole number of at least 1; got {_kind_of(n)}")
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
        raise InputTypeError(f"{what} are a dict or a list of '{example}' strings; got {_kind_of(items)}")
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
    from ._columns import column_spec, resolve_property
    from .propertytable import PropertyInfo
    from .units import parse_unit

    out: dict[str, str] = {}
    for key, unit in key_value_pairs(items, "units", "PROPERTY=UNIT, e.g. uts=ksi"):
        if not isinstance(unit, str):
            raise InputTypeError(f"the unit for {key!r} must be a string such as 'ksi'; got {_kind_of(unit)}")
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
    from .propertytable import property_info

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
            f"got {_kind_of(name)}"
        )


def as_frame(df: Any) -> Any:
    """``df`` when it is a pandas or Dask DataFrame; an ``InputTypeError`` otherwise."""
    module = type(df).__module__.split(".")[0]
    if module in ("pandas", "dask", "dask_expr") and hasattr(df, "columns") and hasattr(df, "dtypes"):
        return df
    raise InputTypeError(f"screen needs a pandas (or Dask) DataFrame; got {type(df).__name__}")


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
    import difflib

    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
    return AlloyNotFoundError(name, close, what)
