"""Targets: criteria on properties, written as text, dicts, TOML or JSON.

A target is a conjunction of criteria ``<property> <comparator> <threshold> [at <temperature>]``:

* property: an id or alias from the property table (``uts``, ``tensile_strength``, ``el``...);
* comparator: ``>``, ``>=``, ``<``, ``<=`` (``≥`` and ``≤`` too);
* threshold: a quantity in any unit of the right dimension (``300 MPa``, ``43.5 ksi``,
  ``30 %IACS``), or other records' values: ``A380-F``, ``max(AZ91D-F, AM60B-F)``,
  ``min(6061-T6, A380-F)``;
* temperature (optional, default room temperature): ``at 250 degC``, ``at 150..300 degC``,
  ``at >= 250 degC``, ``at > 300 degC``, ``at RT``.

Example:
    >>> import mgalloys as mg
    >>> t = mg.target("uts > 300 MPa and el > 10 %")
    >>> [c.text for c in t.criteria]
    ['tensile_strength > 300 MPa', 'elongation > 10 %']
    >>> mg.target("uts > 43.5 ksi at 250 degC").criteria[0].window_text
    '250 °C'
"""

from __future__ import annotations

import builtins
import json
import math
import re
import sys
from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from .errors import MgAlloysError, UnitsError, UnknownPropertyError
from .models import ROOM_TEMPERATURE_C, Kind, QuantityField
from .propertytable import properties, property_info
from .units import format_quantity, quantity

__all__ = ["Criterion", "Op", "Target", "TargetSyntaxError", "target"]

_TOLERANCE_K = 5.0  # a test temperature counts for "at T" within this many kelvin


class TargetSyntaxError(MgAlloysError, ValueError):
    """A target text that cannot be read; ``position`` is the offending token's offset."""

    def __init__(self, text: str, position: int, message: str) -> None:
        self.text = text
        self.position = position
        self.message = message
        pointer = " " * position + "^"
        super().__init__(f"{message}\n  {text}\n  {pointer}")


class Op(str, Enum):
    """Comparators a criterion can use."""

    gt = ">"
    ge = ">="
    lt = "<"
    le = "<="

    def holds(self, value: float, threshold: float) -> bool:
        if self is Op.gt:
            return value > threshold
        if self is Op.ge:
            return value >= threshold
        if self is Op.lt:
            return value < threshold
        return value <= threshold

    @property
    def wants_high(self) -> bool:
        return self in (Op.gt, Op.ge)


_OPS = {">=": Op.ge, "=>": Op.ge, "≥": Op.ge, "<=": Op.le, "=<": Op.le, "≤": Op.le, ">": Op.gt, "<": Op.lt}
DEFAULT_KINDS = (Kind.typical, Kind.range)


class Criterion(BaseModel):
    """One condition on one property.

    ``threshold`` is a Quantity, or ``None`` when ``relative_to`` names records whose default
    values give the threshold (their maximum for ``relative_mode='max'``, minimum for ``'min'``).
    No temperature bounds means room temperature (15-30 °C or unstated).
    """

    model_config = ConfigDict(frozen=True)

    property: str
    op: Op
    threshold: QuantityField | None = None
    relative_to: tuple[str, ...] = ()
    relative_mode: str = "max"
    temperature_min: QuantityField | None = None
    temperature_max: QuantityField | None = None
    kinds: tuple[Kind, ...] = DEFAULT_KINDS

    @builtins.property
    def room_temperature(self) -> bool:
        return self.temperature_min is None and self.temperature_max is None

    @builtins.property
    def rhs_text(self) -> str:
        if self.threshold is not None:
            return format_quantity(self.threshold)
        if len(self.relative_to) == 1:
            return self.relative_to[0]
        return f"{self.relative_mode}({', '.join(self.relative_to)})"

    @builtins.property
    def window_text(self) -> str:
        lo, hi = self.temperature_min, self.temperature_max
        if lo is None and hi is None:
            return "RT"
        if lo is not None and hi is not None:
            if lo == hi:
                return format_quantity(lo)
            return f"{lo.magnitude:g}..{format_quantity(hi)}"
        if lo is not None:
            return f">= {format_quantity(lo)}"
        assert hi is not None
        return f"<= {format_quantity(hi)}"

    @builtins.property
    def text(self) -> str:
        at = "" if self.room_temperature else f" at {self.window_text}"
        return f"{self.property} {self.op.value} {self.rhs_text}{at}"

    def window_kelvin(self) -> tuple[float, float]:
        """The accepted test temperatures as a closed interval in kelvin: the room-temperature
        band for a room-temperature criterion, ``at T`` within 5 K, ranges and bounds as written."""
        if self.room_temperature:
            lo_c, hi_c = ROOM_TEMPERATURE_C
            return lo_c + 273.15, hi_c + 273.15
        lo, hi = self.temperature_min, self.temperature_max
        tol = _TOLERANCE_K if lo is not None and lo == hi else 0.0
        lo_k = -math.inf if lo is None else float(lo.to("kelvin").magnitude) - tol
        hi_k = math.inf if hi is None else float(hi.to("kelvin").magnitude) + tol
        return lo_k, hi_k

    def accepts_temperature(self, test_temperature: Any, temperature_dependent: bool = True) -> bool:
        """Whether a value measured at ``test_temperature`` (None: room temperature) counts."""
        if not temperature_dependent:
            return True
        if test_temperature is None:
            return self.room_temperature
        lo_k, hi_k = self.window_kelvin()
        return lo_k <= float(test_temperature.to("kelvin").magnitude) <= hi_k


class Target(BaseModel):
    """A named conjunction of criteria; a record meets it when every criterion passes."""

    model_config = ConfigDict(frozen=True)

    name: str = ""
    criteria: tuple[Criterion, ...] = ()

    @property
    def text(self) -> str:
        return " and ".join(c.text for c in self.criteria)

    def __str__(self) -> str:
        return self.name or self.text


# --- parsing ------------------------------------------------------------------------------
_AND = re.compile(r"\s+and\s+|\s*&\s*|\s*,\s*(?![^()]*\))", re.IGNORECASE)
_OP_RE = re.compile(r"(>=|<=|=>|=<|≥|≤|>|<)")
_AT = re.compile(r"\s+at\s+", re.IGNORECASE)
_REL = re.compile(r"^(max|min)\s*\((.*)\)$", re.IGNORECASE)
_RANGE = re.compile(r"^\s*([-+]?[\d.eE+-]+)\s*\.\.\s*([-+]?[\d.eE+-]+)\s*(.+)$")


def _known_props() -> str:
    return ", ".join(p.id for p in properties())


def _prop(text: str, token: str, pos: int) -> str:
    try:
        return property_info(token).id
    except UnknownPropertyError as exc:
        hint = f"; did you mean {', '.join(repr(s) for s in exc.suggestions)}?" if exc.suggestions else ""
        raise TargetSyntaxError(
            text, pos, f"unknown property {token!r}{hint} (known: {_known_props()})"
        ) from None


def _temperature(text: str, token: str, pos: int) -> tuple[Any, Any]:
    t = token.strip()
    if t.upper() in ("RT", "ROOM TEMPERATURE"):
        return None, None
    try:
        m = _RANGE.match(t)
        if m:
            lo, hi = quantity(float(m[1]), m[3]), quantity(float(m[2]), m[3])
        elif t.startswith((">=", "≥", "=>")):
            lo, hi = quantity(t.lstrip(">=≥ ")), None
        elif t.startswith(">"):  # on a measured temperature ">" and ">=" coincide
            lo, hi = quantity(t[1:].strip()), None
        elif t.startswith(("<=", "≤", "=<")):
            lo, hi = None, quantity(t.lstrip("<=≤ "))
        elif t.startswith("<"):
            lo, hi = None, quantity(t[1:].strip())
        else:
            lo = hi = quantity(t)
    except UnitsError as exc:
        raise TargetSyntaxError(text, pos, f"cannot read the temperature {token!r}: {exc}") from None
    for q in (lo, hi):
        if q is not None and q.dimensionality != quantity(0.0, "kelvin").dimensionality:
            raise TargetSyntaxError(text, pos, f"{token!r} is not a temperature (e.g. 'at 250 degC')")
    return lo, hi


def _clause(text: str, clause: str, offset: int, kinds: tuple[Kind, ...]) -> Criterion:
    lead = len(clause) - len(clause.lstrip())
    m = _OP_RE.search(clause)
    if m is None:
        raise TargetSyntaxError(
            text,
            offset + lead,
            f"expected '<property> <comparator> <value>' in {clause.strip()!r}; comparators: >, >=, <, <=",
        )
    prop_token = clause[: m.start()].strip()
    if not prop_token:
        raise TargetSyntaxError(text, offset + m.start(), "a property name must come before the comparator")
    prop = _prop(text, prop_token, offset + lead)
    op = _OPS[m[1]]
    rest = clause[m.end() :]
    rest_pos = offset + m.end() + (len(rest) - len(rest.lstrip()))
    at = _AT.search(rest)
    rhs, temp_token = (rest[: at.start()], rest[at.end() :]) if at else (rest, "")
    rhs = rhs.strip()
    if not rhs:
        raise TargetSyntaxError(text, rest_pos, "a threshold must follow the comparator (e.g. '300 MPa')")
    lo = hi = None
    if temp_token:
        assert at is not None
        lo, hi = _temperature(text, temp_token, offset + m.end() + at.end())
    info = property_info(prop)
    rel = _REL.match(rhs)
    if rel or not re.match(r"^[-+.\d]", rhs):
        names = tuple(n.strip() for n in (rel[2] if rel else rhs).split(",") if n.strip())
        if not names:
            raise TargetSyntaxError(text, rest_pos, "max() and min() need record names inside")
        from .catalog import alloy  # catalog -> roadmap -> targets: a cycle

        for name in names:
            try:
                alloy(name)
            except MgAlloysError as exc:
                raise TargetSyntaxError(
                    text,
                    rest_pos,
                    f"{rhs!r} is neither a quantity such as '300 MPa' nor a bundled record: {exc}",
                ) from None
        mode = rel[1].lower() if rel else ("max" if op.wants_high else "min")
        return Criterion(
            property=prop,
            op=op,
            relative_to=names,
            relative_mode=mode,
            temperature_min=lo,
            temperature_max=hi,
            kinds=kinds,
        )
    try:
        threshold = info.coerce(rhs)
    except UnitsError as exc:
        raise TargetSyntaxError(text, rest_pos, f"bad threshold for {prop}: {exc}") from None
    return Criterion(
        property=prop, op=op, threshold=threshold, temperature_min=lo, temperature_max=hi, kinds=kinds
    )


def parse_target(text: str, name: str = "", kinds: Iterable[Kind | str] | None = None) -> Target:
    """Parse ``"uts > 300 MPa and el > 10 %"`` into a :class:`Target`."""
    if not text.strip():
        raise TargetSyntaxError(text, 0, "an empty target: write e.g. 'uts > 300 MPa and el > 10 %'")
    kind_tuple = _kinds(kinds)
    criteria = []
    start = 0
    for sep in [*_AND.finditer(text), None]:
        end = sep.start() if sep else len(text)
        clause = text[start:end]
        if not clause.strip():
            raise TargetSyntaxError(text, start, "an empty criterion between 'and's")
        criteria.append(_clause(text, clause, start, kind_tuple))
        start = sep.end() if sep else len(text)
    return Target(name=name or text.strip(), criteria=tuple(criteria))


def _kinds(kinds: Iterable[Kind | str] | None) -> tuple[Kind, ...]:
    if kinds is None:
        return DEFAULT_KINDS
    if isinstance(kinds, (str, Kind)):
        kinds = [kinds]
    out = []
    for k in kinds:
        try:
            out.append(Kind(k))
        except ValueError:
            raise MgAlloysError(
                f"unknown value kind {k!r}; known: {', '.join(x.value for x in Kind)}"
            ) from None
    return tuple(out)


def _from_mapping(spec: Mapping[str, Any], kinds: Iterable[Kind | str] | None, name: str = "") -> Target:
    if "criteria" in spec:
        crits = spec["criteria"]
        name = name or str(spec.get("name", ""))
        if isinstance(crits, str):
            return parse_target(crits, name=name, kinds=kinds)
        parts = []
        for c in crits:
            if isinstance(c, str):
                parts.append(c)
                continue
            temp = f" at {c['temperature']}" if c.get("temperature") else ""
            parts.append(f"{c['property']} {c['op']} {c['value']}{temp}")
        return parse_target(" and ".join(parts), name=name, kinds=kinds)
    # shorthand: {"uts": "> 300 MPa", "el": "> 10 %"}
    text = " and ".join(f"{k} {v}" for k, v in spec.items())
    return parse_target(text, name=name, kinds=kinds)


def target(
    spec: str | Mapping[str, Any] | Path | Target,
    *,
    name: str = "",
    kinds: Iterable[Kind | str] | None = None,
) -> Target:
    """Build a :class:`Target` from text, a dict, or a ``.json``/``.toml`` file.

    ``kinds`` sets the value kinds every criterion accepts (default: typical values and published
    ranges; ``kinds=["minimum"]`` checks against specification minimums). ``name`` names the
    target whatever the spec is (it overrides a name inside a dict or file).

    >>> import mgalloys as mg
    >>> mg.target({"uts": "> 300 MPa", "el": "> 10 %"}).text
    'tensile_strength > 300 MPa and elongation > 10 %'
    """
    if isinstance(spec, Target):
        return spec.model_copy(update={"name": name}) if name else spec
    if isinstance(spec, Path):
        raw = spec.read_text(encoding="utf-8")
        if spec.suffix == ".json":
            data = json.loads(raw)
        elif spec.suffix == ".toml":
            data = _toml(raw)
        else:
            raise MgAlloysError(f"a target file must end in .json or .toml: {spec}")
        return _from_mapping(data, kinds, name)
    if isinstance(spec, Mapping):
        return _from_mapping(spec, kinds, name)
    if isinstance(spec, str):
        return parse_target(spec, name=name, kinds=kinds)
    raise MgAlloysError(f"cannot make a target from {type(spec).__name__}; give text, a dict or a path")


def _toml(raw: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]
        except ImportError:
            raise MgAlloysError("reading TOML on Python 3.10 needs the 'tomli' package") from None
    return dict(tomllib.loads(raw))
