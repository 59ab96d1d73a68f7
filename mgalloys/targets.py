"""Targets: criteria on properties, written as text, dicts, TOML or JSON.

A target is a conjunction of criteria ``<property> <comparator> <threshold> [at <temperature>]``:

* property: an id or alias from the property table (``uts``, ``tensile_strength``, ``el``...);
* comparator: ``>``, ``>=``, ``<``, ``<=`` (``≥`` and ``≤`` too);
* threshold: a quantity in any unit of the right dimension (``300 MPa``, ``43.5 ksi``,
  ``30 %IACS``), or other records' values: ``A380-F``, ``max(AZ91D-F, AM60B-F)``,
  ``min(6061-T6, A380-F)``;
* ``in superplastic tests`` (optional, last): only tests whose source states the strain rate
  or calls the test superplastic count (an ordinary hot tensile test does not);
* temperature (optional, default room temperature): ``at 250 degC``, ``at 150..300 degC``,
  ``at >= 250 degC``, ``at > 300 degC``, ``at RT``. A window says which of two things it means:
  ``somewhere in 250..400 degC`` (or ``at`` a window; the best value in the window counts,
  what "superplastic elongation at high temperature" means) or ``throughout 250..400 degC``
  (the least favourable value over the whole window counts, from one curve that covers it, and
  unknown where none does: what a service-temperature requirement means). A criterion's text
  writes a window with ``somewhere in`` or ``throughout``.
  Every bound is compared with a tolerance of 0.5 K (a test reported at 523 K is a 250 °C test),
  ``at T`` with 5 K; a strict ``> T`` excludes the tolerance band, so ``at 150..300 degC`` and
  ``at > 300 degC`` never share a test.

A criterion may also be on composition: ``Li >= 5 wt%``, ``Gd > 0 wt%``, ``RE > 5 wt%`` (element
groups from ``data/elements/groups.csv``), ``Al < 1 at%`` (see ``mgalloys.composition``).

A target may end with its scope, ``for <terms> [with <composition criteria>]``: material classes,
product forms and process routes of ``data/vocabulary`` (plural or singular), and tempers.
Within one of those dimensions the terms are alternatives; the dimensions must all hold:
``uts > 300 MPa and el > 10 % for magnesium alloys, castings``,
``density <= 1.65 g/cm**3 for magnesium alloys with Li >= 1 wt%``.

Examples:
    >>> import mgalloys as mg
    >>> t = mg.target("uts > 300 MPa and el > 10 %")
    >>> [c.text for c in t.criteria]
    ['tensile_strength > 300 MPa', 'elongation > 10 %']
    >>> mg.target("uts > 43.5 ksi at 250 degC").criteria[0].window_text
    '250 °C'
    >>> mg.target("uts > 300 MPa and el > 10 % for die castings").scope.forms
    ('die casting',)
"""

from __future__ import annotations

import builtins
import json
import math
import re
import sys
from collections.abc import Iterable, Mapping
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from .composition import parse_content
from .elementterms import is_composition_token
from .errors import (
    InputTypeError,
    InputValueError,
    MgAlloysError,
    TargetSyntaxError,
    UnitsError,
    UnknownPropertyError,
    WrongDimensionError,
)
from .propertytable import PropertyInfo, properties, property_info
from .temperatures import BOUND_TOLERANCE_K, ROOM_TEMPERATURE_C, TEMPERATURE_TOLERANCE_K
from .tempers import is_temper
from .units import absolute_temperature, freeze, quantity, unit_text
from .values import Kind, QuantityField, uncached
from .vocabulary import find, term, terms

if TYPE_CHECKING:  # pragma: no cover - typing only (Python 3.10 has no typing.Self)
    from typing_extensions import Self


__all__ = ["Criterion", "Op", "Scope", "Target", "read_target_file", "target"]

MAX_TARGET_LENGTH = 2000  # characters: longer text is refused before any parsing (linear time)


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

    model_config = ConfigDict(frozen=True, defer_build=True)

    property: str
    op: Op
    threshold: QuantityField | None = None
    relative_to: tuple[str, ...] = ()
    relative_mode: str = "max"
    temperature_min: QuantityField | None = None
    temperature_max: QuantityField | None = None
    kinds: tuple[Kind, ...] = DEFAULT_KINDS
    min_exclusive: bool = False  # "at > 300 degC": the tolerance band below the bound is excluded
    throughout: bool = False  # the whole window must hold (least favourable value), not somewhere in it
    basis: str | None = None  # "wt" or "at" for a composition criterion (property is then an element)
    superplastic: bool = False  # only tests the source runs as superplastic tests (see accepts_test)

    @builtins.property
    def is_composition(self) -> bool:
        return self.basis is not None

    @builtins.property
    def room_temperature(self) -> bool:
        return self.temperature_min is None and self.temperature_max is None

    @builtins.property
    def rhs_text(self) -> str:
        if self.basis is not None and self.threshold is not None:
            return f"{_num(self.threshold.magnitude)} {self.basis}%"
        if self.threshold is not None:
            fraction = str(self.threshold.units) == "dimensionless"
            if fraction and property_info(self.property).unit != "dimensionless":  # of a % property
                return f"{_num(self.threshold.magnitude)} dimensionless"
            return _exact(self.threshold)
        if len(self.relative_to) == 1:
            return self.relative_to[0]
        return f"{self.relative_mode}({', '.join(self.relative_to)})"

    @cached_property
    def window_text(self) -> str:
        lo, hi = self.temperature_min, self.temperature_max
        if lo is None and hi is None:
            return "RT"
        if lo is not None and hi is not None:
            if lo == hi:
                return _exact(lo)
            return f"{_num(lo.magnitude)}..{_exact(hi)}"
        if lo is not None:
            return f"{'>' if self.min_exclusive else '>='} {_exact(lo)}"
        assert hi is not None
        return f"<= {_exact(hi)}"

    @cached_property
    def text(self) -> str:
        lo, hi = self.temperature_min, self.temperature_max
        # a window says which of the two it means; one temperature is simply "at"
        word = "throughout" if self.throughout else "at" if lo == hi else "somewhere in"
        at = "" if self.room_temperature else f" {word} {self.window_text}"
        sp = " in superplastic tests" if self.superplastic else ""
        return f"{self.property} {self.op.value} {self.rhs_text}{at}{sp}"

    def accepts_test(self, conditions: Any) -> bool:
        """For ``... in superplastic tests``: the source states the strain rate (a superplastic
        test is run at a chosen, low strain rate) or calls the test superplastic; any test else."""
        if not self.superplastic:
            return True
        note = (conditions.note or "").lower()
        return conditions.strain_rate is not None or "superplastic" in note or "strain rate" in note

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        return uncached(super().model_copy(update=update, deep=deep), update)

    def on(self, prop: str) -> Criterion:
        """The same criterion on the property ``prop`` (made once per property: the order rules
        of ``data/checks/rules.csv`` ask for it on every record a scorecard checks)."""
        if prop not in self._on:
            self._on[prop] = self.model_copy(update={"property": prop})
        return self._on[prop]

    @cached_property
    def _on(self) -> dict[str, Criterion]:
        return {}

    @cached_property
    def frozen_threshold(self) -> Any:
        """``threshold`` read-only (as the validator stores it; a model built without validation
        may hold another Quantity), made once; None for a relative threshold."""
        return None if self.threshold is None else freeze(self.threshold)

    @cached_property
    def kinds_text(self) -> str:
        """The accepted kinds as an unknown's reason names them: ``'typical/range'``."""
        return "/".join(k.value for k in self.kinds)

    @cached_property
    def info(self) -> PropertyInfo:
        """The property's metadata, looked up once (a composition criterion's element has none:
        ``UnknownPropertyError``)."""
        return property_info(self.property)

    def window_kelvin(self) -> tuple[float, float]:
        """The accepted test temperatures as a closed interval in kelvin: the room-temperature
        band for a room-temperature criterion, ``at T`` within 5 K, other bounds within 0.5 K
        (a strict lower bound ``> T`` starts above that band)."""
        return self._window_kelvin

    @cached_property
    def _window_kelvin(self) -> tuple[float, float]:
        if self.room_temperature:
            lo_c, hi_c = ROOM_TEMPERATURE_C
            return lo_c + 273.15, hi_c + 273.15
        lo, hi = self.temperature_min, self.temperature_max
        tol = TEMPERATURE_TOLERANCE_K if lo is not None and lo == hi else BOUND_TOLERANCE_K
        lo_tol = -tol if not self.min_exclusive else tol + 1e-9
        lo_k = -math.inf if lo is None else float(lo.to("kelvin").magnitude) + lo_tol
        hi_k = math.inf if hi is None else float(hi.to("kelvin").magnitude) + tol
        return lo_k, hi_k

    def accepts_temperature(self, test_temperature: Any, temperature_dependent: bool = True) -> bool:
        """Whether a value measured at ``test_temperature`` (None: room temperature) counts."""
        if not temperature_dependent or test_temperature is None:
            return self.accepts_kelvin(None, temperature_dependent)
        return self.accepts_kelvin(float(test_temperature.to("kelvin").magnitude))

    def accepts_kelvin(self, kelvin: float | None, temperature_dependent: bool = True) -> bool:
        """``accepts_temperature`` of a test temperature in kelvin (None: room temperature), as
        ``Conditions.kelvin`` holds it."""
        if not temperature_dependent:
            return True
        if kelvin is None:
            return self.room_temperature
        lo_k, hi_k = self._window_kelvin
        return lo_k <= kelvin <= hi_k


class Scope(BaseModel):
    """What a target applies to: material classes, product forms or process routes, tempers and
    composition conditions (an empty field does not restrict). Terms are those of
    ``mgalloys.vocabulary``; within a field they are alternatives, and every field must hold."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    classes: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    tempers: tuple[str, ...] = ()
    composition: tuple[Criterion, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.classes or self.forms or self.tempers or self.composition)

    @property
    def text(self) -> str:
        parts = [" or ".join(term(t).plural or t for t in terms) for terms in (self.classes, self.forms)]
        parts.append(" or ".join(self.tempers))
        out = ", ".join(p for p in parts if p)
        if self.composition:
            out += (" with " if out else "with ") + " and ".join(c.text for c in self.composition)
        return out


class Target(BaseModel):
    """A named conjunction of criteria; a record meets it when every criterion passes.

    ``scope`` says what the target applies to; a record outside it is *not applicable*.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str = ""
    criteria: tuple[Criterion, ...] = ()
    scope: Scope = Field(default_factory=Scope.model_construct)  # no schema built at import

    @property
    def text(self) -> str:
        body = " and ".join(c.text for c in self.criteria)
        if self.scope.is_empty:
            return body
        return f"{body} for {self.scope.text}".strip()

    def without_scope(self) -> Target:
        """The same criteria for any material (e.g. to score a reference metal against a family)."""
        return self.model_copy(update={"scope": Scope()})

    def __str__(self) -> str:
        return self.name or self.text


def _num(x: Any) -> str:
    """The shortest text that reads back as the same float (``300``, ``43.5``, ``1e-07``)."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def _exact(q: Any) -> str:
    """A quantity as text that parses back to an equal quantity."""
    return f"{_num(q.magnitude)} {unit_text(q.units)}".strip()


# --- parsing ------------------------------------------------------------------------------
_AND = re.compile(r"\s+and\s+|\s*&\s*|\s*,\s*(?![^()]*\))", re.IGNORECASE)
_OP_RE = re.compile(r"(>=|<=|=>|=<|≥|≤|>|<)")
_AT = re.compile(r"\s+(at|throughout|somewhere\s+in)\s+", re.IGNORECASE)
_SUPERPLASTIC = re.compile(r"\s+in\s+superplastic\s+tests?\s*$", re.IGNORECASE)
_FOR = re.compile(r"(?:^|\s+)for\s+", re.IGNORECASE)
_WITH = re.compile(r"(?:^|\s+)with\s+", re.IGNORECASE)
_FILLER = {"or", "and", "of", "in", "the"}
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


def _temperature(text: str, token: str, pos: int) -> tuple[Any, Any, bool]:
    t = token.strip()
    if t.upper() in ("RT", "ROOM TEMPERATURE"):
        return None, None, False
    exclusive = t.startswith(">") and not t.startswith(">=")
    try:
        m = _RANGE.match(t)
        if m:
            lo, hi = quantity(_float(text, m[1], pos), m[3]), quantity(_float(text, m[2], pos), m[3])
        elif t.startswith((">=", "≥", "=>")):
            lo, hi = quantity(t.lstrip(">=≥ ")), None
        elif t.startswith(">"):  # strict: starts above the bound's tolerance band
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
        try:  # a difference (delta_degC) is not a temperature; nor is anything below 0 K
            if q is not None:
                absolute_temperature(q, f"the temperature {token.strip()!r}")
        except UnitsError as exc:
            raise TargetSyntaxError(text, pos, str(exc)) from None
    if lo is not None and hi is not None and lo.to("kelvin") > hi.to("kelvin"):
        raise TargetSyntaxError(text, pos, f"the window {token!r} is reversed: write the lower bound first")
    return lo, hi, exclusive


def _float(text: str, token: str, pos: int) -> float:
    try:
        return float(token)
    except ValueError:
        raise TargetSyntaxError(text, pos, f"{token!r} is not a number") from None


def _composition_clause(text: str, token: str, op: Op, rhs: str, pos: int) -> Criterion | None:
    """A criterion on an element or group content, or ``None`` when ``rhs`` is no content."""
    if not is_composition_token(token) or not re.search(r"(wt|at|mass)\.?\s*%\s*$", rhs, re.I):
        return None
    try:
        value, basis = parse_content(rhs)
    except MgAlloysError as exc:
        raise TargetSyntaxError(text, pos, str(exc)) from None
    return _criterion(property=token, op=op, threshold=quantity(value, "percent"), basis=basis)


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
    op = _OPS[m[1]]
    sp = _SUPERPLASTIC.search(clause)
    if sp:
        clause = clause[: sp.start()]
    rest = clause[m.end() :]
    rest_pos = offset + m.end() + (len(rest) - len(rest.lstrip()))
    at = _AT.search(rest)
    rhs, temp_token = (rest[: at.start()], rest[at.end() :]) if at else (rest, "")
    rhs = rhs.strip()
    if not rhs:
        raise TargetSyntaxError(text, rest_pos, "a threshold must follow the comparator (e.g. '300 MPa')")
    comp = _composition_clause(text, prop_token, op, rhs, rest_pos)
    if comp is not None:
        if temp_token:
            raise TargetSyntaxError(text, rest_pos, "a composition criterion takes no temperature")
        return comp
    prop = _prop(text, prop_token, offset + lead)
    lo = hi = None
    exclusive = False
    throughout = bool(at and at[1].lower() == "throughout")
    if temp_token:
        assert at is not None
        lo, hi, exclusive = _temperature(text, temp_token, offset + m.end() + at.end())
    window = {"min_exclusive": exclusive, "throughout": throughout, "superplastic": bool(sp)}
    info = property_info(prop)
    rel = _REL.match(rhs)
    if rel or not re.match(r"^[-+.\d]", rhs):
        names = tuple(n.strip() for n in (rel[2] if rel else rhs).split(",") if n.strip())
        if not names:
            raise TargetSyntaxError(text, rest_pos, "max() and min() need record names inside")
        # the names are looked up when a check runs, in the catalog in use (not while parsing)
        mode = rel[1].lower() if rel else ("max" if op.wants_high else "min")
        return _criterion(
            property=prop,
            op=op,
            relative_to=names,
            relative_mode=mode,
            temperature_min=lo,
            temperature_max=hi,
            kinds=kinds,
            **window,
        )
    try:
        bare = info.unit == "dimensionless" and re.fullmatch(r"[-+]?[\d.]+(?:[eE][-+]?\d+)?", rhs)
        threshold = info.coerce(quantity(_float(text, rhs, rest_pos), "dimensionless") if bare else rhs)
    except UnitsError as exc:
        raise TargetSyntaxError(text, rest_pos, f"bad threshold for {prop}: {exc}") from None
    _check_threshold(text, prop, threshold, rest_pos)
    return _criterion(
        property=prop,
        op=op,
        threshold=threshold,
        temperature_min=lo,
        temperature_max=hi,
        kinds=kinds,
        **window,
    )


def _check_threshold(text: str, prop: str, threshold: Any, pos: int) -> None:
    if not math.isfinite(float(threshold.magnitude)):
        raise TargetSyntaxError(text, pos, f"the threshold for {prop} must be a finite number")
    # a temperature property needs a temperature, not a temperature difference
    temperature = quantity(0.0, "kelvin")
    if threshold.dimensionality == temperature.dimensionality and "delta" in str(threshold.units):
        raise WrongDimensionError(prop, "temperature (e.g. 500 degC)", f"{threshold:~}")


def _scope_terms(text: str, words: list[str], pos: int) -> tuple[list[str], list[str], list[str]]:
    classes: list[str] = []
    forms: list[str] = []
    tempers: list[str] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):  # the longest run of words that is a term
            t = find(" ".join(words[i:j]))
            if t is not None:
                (classes if t.dimension == "material_class" else forms).append(t.term)
                i = j
                break
        else:
            w = words[i]
            if is_temper(w):
                tempers.append(w)
            elif w.lower() not in _FILLER:
                known = ", ".join(t.plural or t.term for t in terms())
                raise TargetSyntaxError(
                    text, pos, f"unknown scope term {w!r} after 'for'; known: {known}, or a temper (T6)"
                )
            i += 1
    return classes, forms, tempers


def _scope(text: str, spec: str, pos: int) -> Scope:
    w = _WITH.search(spec)
    words_part, comp_part = (spec[: w.start()], spec[w.end() :]) if w else (spec, "")
    words = [x for x in re.split(r"[\s,]+", words_part) if x]
    classes, forms, tempers = _scope_terms(text, words, pos)
    comp = []
    if comp_part:
        for clause in re.split(r"\s+and\s+", comp_part, flags=re.I):
            c = _clause(text, clause, pos, DEFAULT_KINDS)
            if not c.is_composition:
                raise TargetSyntaxError(
                    text, pos, f"'with' takes composition criteria (e.g. 'Li >= 1 wt%'): {clause!r}"
                )
            comp.append(c)
    return Scope.model_construct(
        classes=tuple(dict.fromkeys(classes)),
        forms=tuple(dict.fromkeys(forms)),
        tempers=tuple(dict.fromkeys(tempers)),
        composition=tuple(comp),
    )


def _criterion(**fields: Any) -> Criterion:
    """A criterion from fields the parser has checked, its quantities made read-only as the
    validator would. The parser builds its models without pydantic's validator: the first build
    of one scans every installed package for pydantic plugins, and a first lookup parses the
    membership rules. Tests re-validate parsed targets."""
    for name in ("threshold", "temperature_min", "temperature_max"):
        if fields.get(name) is not None:
            fields[name] = freeze(fields[name])
    return Criterion.model_construct(**fields)


def parse_target(text: str, name: str = "", kinds: Iterable[Kind | str] | None = None) -> Target:
    """Parse ``"uts > 300 MPa and el > 10 %"`` into a ``Target``."""
    if len(text) > MAX_TARGET_LENGTH:
        limit = f"a target text is limited to {MAX_TARGET_LENGTH} characters, got {len(text)}"
        raise TargetSyntaxError(text[:60] + "...", 0, limit)
    if not text.strip():
        raise TargetSyntaxError(text, 0, "an empty target: write e.g. 'uts > 300 MPa and el > 10 %'")
    kind_tuple = _kinds(kinds)
    f = _FOR.search(text)
    body = text[: f.start()] if f else text
    scope = _scope(text, text[f.end() :], f.end()) if f else Scope.model_construct()
    criteria: list[Criterion] = []
    start = 0
    for sep in [] if f and not body.strip() else [*_AND.finditer(body), None]:
        end = sep.start() if sep else len(body)
        clause = body[start:end]
        if not clause.strip():
            raise TargetSyntaxError(text, start, "an empty criterion between 'and's")
        criteria.append(_clause(text, clause, start, kind_tuple))
        start = sep.end() if sep else len(body)
    return Target.model_construct(name=name or text.strip(), criteria=tuple(criteria), scope=scope)


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
            raise InputValueError(
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
    """Build a ``Target`` from text, a dict, or a ``.json``/``.toml`` file.

    ``kinds`` sets the value kinds every criterion accepts (default: typical values and published
    ranges; ``kinds=["minimum"]`` checks against specification minimums). ``name`` names the
    target whatever the spec is (it overrides a name inside a dict or file).

    Examples:
        >>> import mgalloys as mg
        >>> mg.target({"uts": "> 300 MPa", "el": "> 10 %"}).text
        'tensile_strength > 300 MPa and elongation > 10 %'
    """
    if isinstance(spec, Target):
        return spec.model_copy(update={"name": name}) if name else spec
    if isinstance(spec, Path):
        return _checked_mapping(read_target_file(spec), kinds, str(spec), name)
    if isinstance(spec, Mapping):
        return _checked_mapping(spec, kinds, "the target dict", name)
    if isinstance(spec, str):
        return parse_target(spec, name=name, kinds=kinds)
    raise InputTypeError(
        f"cannot make a target from {type(spec).__name__}; give text, a dict or a .json/.toml path"
    )


_SHAPES = (
    "{'criteria': 'uts > 300 MPa and el > 10 %'}, {'criteria': [{'property': 'uts', 'op': '>', "
    "'value': '300 MPa'}]} or {'uts': '> 300 MPa'}"
)


def _checked_mapping(
    spec: Mapping[str, Any], kinds: Iterable[Kind | str] | None, where: str, name: str = ""
) -> Target:
    """A target from a dict, with an error naming the accepted shapes for any other shape."""
    crits = spec.get("criteria")
    if crits is not None and not isinstance(crits, (str, list, tuple)):
        raise InputValueError(f"{where}: 'criteria' must be text or a list; accepted shapes: {_SHAPES}")
    for c in crits if isinstance(crits, (list, tuple)) else ():
        if isinstance(c, Mapping):
            missing = [k for k in ("property", "op", "value") if k not in c]
            if missing:
                raise InputValueError(f"{where}: a criterion lacks {', '.join(missing)}; accepted: {_SHAPES}")
        elif not isinstance(c, str):
            got = type(c).__name__
            raise InputValueError(f"{where}: a criterion is text or a dict, not {got}; accepted: {_SHAPES}")
    if crits is None and not all(isinstance(k, str) and isinstance(v, str) for k, v in spec.items()):
        raise InputValueError(f"{where}: a shorthand target maps property names to text; accepted: {_SHAPES}")
    return _from_mapping(spec, kinds, name)


def read_target_file(path: Path) -> dict[str, Any]:
    """The dict in a ``.json`` or ``.toml`` target file, or an error naming the file and what
    is wrong with it (missing, a directory, not text, not JSON/TOML, not a table)."""

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


def _toml(raw: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib  # deferred: importing it costs ~2 ms of every cold start, and few read TOML
    else:  # pragma: no cover - Python 3.10 (tomli is a dependency there)
        # deferred, as tomllib above
        import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]
    return dict(tomllib.loads(raw))
