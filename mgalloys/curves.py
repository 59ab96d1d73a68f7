"""Properties across temperature: typed, immutable curves from ``data/curves/*.csv``.

A ``Curve`` is one source's series of one property of one record (the points that share
record, property, source, kind, exposure, strain rate, conditions, thickness and direction; see
data/README.md, "curves"). Points of different sources are never mixed in one curve.

The answer at a temperature (``Curve.at``, ``mgalloys.Alloy.at``):

* inside the curve's span (lowest to highest point) it is the linear interpolation between the
  bracketing points, exact at each point;
* within ``TEMPERATURE_TOLERANCE_K`` beyond either end it is that end point's value (a
  measured point within the tolerance, the same 5 K a criterion ``at T`` accepts);
* further out it is unknown, with the reason, unless the caller asks for ``extrapolate=True``
  (then the line through the two end points on that side, labelled ``extrapolated``).

``RT`` points (a source's "room temperature" without a number) are placed at 20 °C. A value
printed as a percentage of the room-temperature value (``%RT``, MIL-HDBK-5 style) is converted
with the ``rt_value`` the same source prints beside it.

Examples:
    >>> from mgalloys.curves import Curve
    >>> c = Curve.from_points("uts", [("20 degC", "250 MPa"), ("200 degC", "200 MPa"),
    ...                               ("300 degC", "150 MPa")], source="example")
    >>> r = c.at("250 degC")
    >>> r.value, r.method.value
    (<Quantity(175.0, 'megapascal')>, 'interpolated')
    >>> r.explanation
    'interpolated between the 200 °C and 300 °C points of example'
    >>> c.at("400 degC").known
    False
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Iterable, Sequence
from enum import Enum
from functools import cached_property, lru_cache
from typing import Any, Literal, cast, overload

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict

from .bibliography import Source, SourceKind
from .errors import DataError
from .propertytable import PropertyInfo, property_info
from .temperatures import (
    RT_CELSIUS,
    TEMPERATURE_TOLERANCE_K,
    FloatArray,
    Temperature,
    Temperatures,
    quantity_array,
    temperature_of,
    temperatures_of,
)
from .units import Quantity, affine, format_quantity, parse_unit, quantity, ureg
from .values import KIND_RANK, SOURCE_RANK, Kind, PropertyValue, QuantityArrayField, QuantityField

__all__ = [
    "RT_CELSIUS",
    "TEMPERATURE_TOLERANCE_K",
    "Curve",
    "CurvePoint",
    "CurveValue",
    "CurveValues",
    "Method",
    "WindowValue",
    "all_curves",
    "curve_rank",
    "kelvin_of",
    "over_window",
    "select",
    "series_from_values",
    "value_at",
]

_EXACT_K = 1e-6  # closer than this (float noise of unit conversions) counts as the point itself


class Method(str, Enum):
    """How an answer at a temperature was obtained."""

    measured = "measured"  #: a point at (or within the tolerance of) the asked temperature
    interpolated = "interpolated"  #: linear between the two bracketing points of one source
    extrapolated = "extrapolated"  #: beyond the data, because the caller asked for it
    unknown = "unknown"  #: no answer; ``explanation`` says why


class CurvePoint(BaseModel):
    """One point of a curve: the temperature and value as printed, and where they are."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    temperature: QuantityField  #: as printed (``RT`` is placed at 20 °C)
    value: QuantityField  #: in the property's canonical unit
    printed_temperature: str = ""  #: e.g. ``'RT'``, ``'400 degF'``
    published: str = ""  #: the value as printed, e.g. ``'85 %RT of 36 ksi'``
    reading: Literal["printed", "digitised"] = "printed"
    locator: str = ""
    note: str = ""

    @cached_property
    def label(self) -> str:
        """``'RT'`` or the temperature as printed, e.g. ``'400 °F'``."""
        return "RT" if self.printed_temperature == "RT" else format_quantity(self.temperature)


class Curve(BaseModel):
    """One source's series of one property across temperature, for one record.

    ``points`` are in temperature order; ``validity`` is the span they cover.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    record_id: str = ""
    property: str
    unit: str  #: the property's canonical unit, the unit of every point's value
    kind: Kind = Kind.typical
    source: Source
    exposure: QuantityField | None = None
    strain_rate: QuantityField | None = None
    conditions: str = ""
    thickness: str = ""
    direction: str = ""
    points: tuple[CurvePoint, ...]
    #: ``'curves'`` (a series of data/curves/) or ``'values'`` (values/ rows at several temperatures)
    origin: Literal["curves", "values"] = "curves"

    def model_post_init(self, context: Any, /) -> None:
        self._arrays  # noqa: B018 - built and checked now: a bad series is refused on construction

    # The points as read-only float arrays, in temperature order: cached properties in the
    # instance's __dict__ (read as fast as a field, unlike pydantic's private attributes).
    @cached_property
    def _arrays(self) -> tuple[FloatArray, FloatArray]:
        t = np.array([float(p.temperature.to("kelvin").magnitude) for p in self.points])
        y = np.array([float(p.value.to(self.unit).magnitude) for p in self.points])
        order = np.argsort(t, kind="stable")
        t, y = t[order], y[order]
        if len(t) == 0 or np.any(np.diff(t) <= 0):
            raise ValueError("a curve needs at least one point and distinct temperatures")
        t.flags.writeable = y.flags.writeable = False
        return t, y

    @cached_property
    def _t(self) -> FloatArray:
        """Kelvin, read-only."""
        return self._arrays[0]

    @cached_property
    def _y(self) -> FloatArray:
        """The canonical unit, read-only."""
        return self._arrays[1]

    def __eq__(self, other: object) -> bool:
        # fields only: the private arrays are derived from the points
        if not isinstance(other, Curve):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in type(self).model_fields)

    def __hash__(self) -> int:
        return hash((self.record_id, self.property, self.source.key, self.points[0].label, len(self.points)))

    @classmethod
    def from_points(
        cls,
        prop: str | PropertyInfo,
        points: Iterable[tuple[Any, Any]],
        *,
        source: Source | str,
        kind: Kind | str = Kind.typical,
        record_id: str = "",
    ) -> Curve:
        """A curve from ``(temperature, value)`` pairs (strings or Quantities), e.g. a user's data.

        ``source`` is a ``Source`` or a key (then a ``user`` source of that name).
        """
        info = property_info(prop)
        src = source if isinstance(source, Source) else Source(key=source, kind=SourceKind.user, title=source)
        pts = tuple(
            CurvePoint(
                temperature=temperature_of(t),
                value=info.coerce(quantity(v)),
                printed_temperature=t if isinstance(t, str) else format_quantity(quantity(t)),
                published=v if isinstance(v, str) else format_quantity(quantity(v)),
            )
            for t, v in points
        )
        try:
            return cls(
                record_id=record_id, property=info.id, unit=info.unit, kind=Kind(kind), source=src, points=pts
            )
        except ValueError as exc:
            raise DataError(f"curve of {info.id} from {src.key}: {exc}") from None

    # --- the series ------------------------------------------------------------------------
    @builtins.property
    def temperatures(self) -> Quantity[FloatArray]:
        """The points' temperatures as one Quantity array, in °C."""
        return quantity_array(self._t - 273.15, "degC")

    @builtins.property
    def values(self) -> Quantity[FloatArray]:
        """The points' values as one Quantity array, in the canonical unit."""
        return quantity_array(self._y.copy(), self.unit)

    @builtins.property
    def validity(self) -> tuple[Quantity[float], Quantity[float]]:
        """``(lowest, highest)`` temperature of the points, in °C: where answers are known."""
        return (quantity(self._t[0] - 273.15, "degC"), quantity(self._t[-1] - 273.15, "degC"))

    @builtins.property
    def digitised(self) -> bool:
        """True when any point was read off a plotted curve."""
        return any(p.reading == "digitised" for p in self.points)

    @builtins.property
    def label(self) -> str:
        """Short legend text: record, source and kind (when not typical)."""
        kind = "" if self.kind is Kind.typical else f", {self.kind.value}"
        who = f"{self.record_id} " if self.record_id else ""
        return f"{who}({self.source.key}{kind})"

    def __repr__(self) -> str:
        lo, hi = self.validity
        span = f"{lo.magnitude:g}..{format_quantity(hi)}"
        return (
            f"<Curve {self.record_id} {self.property} [{self.source.key}] {len(self.points)} points, {span}>"
        )

    # --- answers ---------------------------------------------------------------------------
    @overload
    def at(
        self, temperature: Temperature, *, extrapolate: bool = ..., tolerance: float = ...
    ) -> CurveValue: ...
    @overload
    def at(
        self, temperature: Temperatures, *, extrapolate: bool = ..., tolerance: float = ...
    ) -> CurveValues: ...
    def at(  # the overloads above say what a temperature is
        self, temperature: Any, *, extrapolate: bool = False, tolerance: float = TEMPERATURE_TOLERANCE_K
    ) -> CurveValue | CurveValues:
        """The value at a temperature: a ``CurveValue`` for one temperature (a string such as
        ``'250 degC'`` or a scalar Quantity), a ``CurveValues`` for an array Quantity or a
        sequence. See the module docs for interpolation, tolerance and extrapolation."""
        temps = temperatures_of(temperature)
        if isinstance(temps.magnitude, float) or np.ndim(temps.magnitude) == 0:
            return self._scalar(temps, extrapolate, tolerance)
        return CurveValues.model_construct(
            curve=self,
            temperatures=temps,
            values=quantity_array(
                self.evaluate(temps, extrapolate=extrapolate, tolerance=tolerance), self.unit
            ),
            extrapolate=extrapolate,
            tolerance=tolerance,
            explanation=f"the curve of {self.source.key}",
        )

    def evaluate(  # temperatures: a temperature Quantity, of one number or an array
        self, temperatures: Any, *, extrapolate: bool = False, tolerance: float = TEMPERATURE_TOLERANCE_K
    ) -> FloatArray | np.float64:
        """Plain float array of values (canonical unit, NaN where unknown) at a temperature
        Quantity (array or scalar: then one float): the fast path behind ``at``."""
        a, b = _from_kelvin(temperatures._units)
        t, y = self._t, self._y
        if tolerance > 0 and not extrapolate:
            padded = self._padded.get(tolerance)
            if padded is None:  # the end points stretched by the tolerance, once per tolerance
                t = np.concatenate(([t[0] - tolerance], t, [t[-1] + tolerance]))
                padded = self._padded[tolerance] = (t, np.concatenate(([y[0]], y, [y[-1]])))
            t, y = padded
        # interpolate in the caller's unit: converting the few points is cheaper than the array
        xp = t * a + b
        mags = np.asarray(temperatures.magnitude, dtype=float)
        out = np.interp(mags, xp, y, left=math.nan, right=math.nan)
        if extrapolate and len(t) > 1:
            out, m = np.atleast_1d(out), np.atleast_1d(mags)
            lo, hi = m < xp[0], m > xp[-1]
            out[lo] = y[0] + (m[lo] - xp[0]) * (y[1] - y[0]) / (xp[1] - xp[0])
            out[hi] = y[-1] + (m[hi] - xp[-1]) * (y[-1] - y[-2]) / (xp[-1] - xp[-2])
            out = out.reshape(mags.shape)
        return cast("FloatArray | np.float64", out)

    @cached_property
    def _padded(self) -> dict[float, tuple[Any, Any]]:
        return {}

    @cached_property
    def _unit(self) -> Any:
        return parse_unit(self.unit)

    def _scalar(self, temperature: Quantity[float], extrapolate: bool, tolerance: float) -> CurveValue:
        a, b = _from_kelvin(temperature._units)
        tk = (float(temperature.magnitude) - b) / a
        value = float(self.evaluate(temperature, extrapolate=extrapolate, tolerance=tolerance))
        method, used, why = _explain(self, tk, extrapolate, tolerance, temperature)
        return CurveValue.model_construct(
            record_id=self.record_id,
            property=self.property,
            temperature=temperature,
            value=None if math.isnan(value) else self._unit._REGISTRY.Quantity(value, self._unit),
            method=method,
            source=self.source,
            curve=self,
            points=used,
            explanation=why,
        )

    def _of(self, pts: Sequence[CurvePoint]) -> str:
        locs = list(dict.fromkeys(p.locator for p in pts if p.locator))
        return f"{self.source.key}" + (f" ({'; '.join(locs)})" if locs else "")

    def extreme(
        self,
        low: Temperature | None,
        high: Temperature | None,
        pick: Literal["min", "max"],
        *,
        tolerance: float = TEMPERATURE_TOLERANCE_K,
    ) -> WindowValue:
        """The least (``pick='min'``) or greatest value over a temperature window, and whether the
        curve covers the whole window (``low``/``high`` may be None: open-ended).

        The curve is linear between points, so the extreme lies at a point inside the window or
        at a window end; only the covered part of the window is searched.
        """
        lo_k = -math.inf if low is None else float(temperature_of(low).to("kelvin").magnitude)
        hi_k = math.inf if high is None else float(temperature_of(high).to("kelvin").magnitude)
        t0, t1 = self._t[0] - tolerance, self._t[-1] + tolerance
        covered = t0 <= lo_k and hi_k <= t1
        a, b = max(lo_k, t0), min(hi_k, t1)
        if a > b:
            return WindowValue.model_construct(
                value=None,
                temperature=None,
                covered=False,
                source=self.source,
                curve=self,
                explanation=f"{self._of(self.points)} has no point in the window (it spans {self._span()})",
            )
        inside = self._t[(self._t >= a) & (self._t <= b)]
        cand = np.unique(np.concatenate((inside, [a, b])))
        vals = np.asarray(self.evaluate(quantity_array(cand, "kelvin"), tolerance=tolerance))
        k = int(np.nanargmin(vals) if pick == "min" else np.nanargmax(vals))
        where = quantity(float(cand[k]), "kelvin").to("degC")
        word = "least" if pick == "min" else "greatest"
        cover = "covers the whole window" if covered else f"covers only part of the window ({self._span()})"
        return WindowValue.model_construct(
            value=quantity(float(vals[k]), self.unit),
            temperature=where,
            covered=covered,
            source=self.source,
            curve=self,
            explanation=(
                f"{word} value at {format_quantity(where, 4)} on the curve of {self._of(self.points)}, "
                f"which {cover}"
            ),
        )

    def _span(self) -> str:
        return f"{self.points[0].label} to {self.points[-1].label}"


def _explain(
    c: Curve, tk: float, extrapolate: bool, tolerance: float, temperature: Quantity[float]
) -> tuple[Method, tuple[CurvePoint, ...], str]:
    """How the answer at ``tk`` kelvin (``temperature`` as asked) is obtained: method, the points
    used, the sentence."""
    t, pts = c._t, c.points
    i = int(np.argmin(np.abs(t - tk)))
    if abs(t[i] - tk) <= _EXACT_K:
        return Method.measured, (pts[i],), f"measured at {pts[i].label} by {c._of([pts[i]])}"
    if t[0] < tk < t[-1]:
        j = int(np.searchsorted(t, tk))
        used = (pts[j - 1], pts[j])
        return (
            Method.interpolated,
            used,
            (f"interpolated between the {used[0].label} and {used[1].label} points of {c._of(used)}"),
        )
    end = 0 if tk < t[0] else len(t) - 1
    if abs(t[end] - tk) <= tolerance and not extrapolate:
        return (
            Method.measured,
            (pts[end],),
            (
                f"measured at {pts[end].label} by {c._of([pts[end]])}, within the "
                f"{tolerance:g} K tolerance of {format_quantity(temperature)}"
            ),
        )
    side = "below the lowest" if end == 0 else "above the highest"
    if extrapolate and len(t) > 1:
        used = (pts[0], pts[1]) if end == 0 else (pts[-2], pts[-1])
        return (
            Method.extrapolated,
            used,
            (
                f"extrapolated to {format_quantity(temperature)}, {side} point, along the line through the "
                f"{used[0].label} and {used[1].label} points of {c._of(used)}"
            ),
        )
    why = f"{format_quantity(temperature)} is {side} point of {c._of([pts[end]])} ({pts[end].label})"
    if len(t) == 1:
        return Method.unknown, (), f"{why}, its only point: a single point cannot be extrapolated"
    return Method.unknown, (), f"{why}; pass extrapolate=True to extrapolate"


class CurveValue(BaseModel):
    """The answer at one temperature: the value (None when unknown), how it was obtained, from
    which source and points, and a sentence saying so."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    record_id: str = ""
    property: str
    temperature: QuantityField  #: as asked
    value: QuantityField | None = None
    method: Method
    source: Source | None = None
    curve: Curve | None = None
    points: tuple[CurvePoint, ...] = ()  #: the point(s) the value comes from
    explanation: str

    @builtins.property
    def known(self) -> bool:
        return self.value is not None

    def __repr__(self) -> str:
        shown = "unknown" if self.value is None else format_quantity(self.value, 4)
        at = format_quantity(self.temperature)
        return f"<CurveValue {self.property} at {at}: {shown} ({self.explanation})>"

    __str__ = __repr__


class CurveValues(BaseModel):
    """Answers of one curve at an array of temperatures; NaN in ``values`` where unknown.

    Index it (``res[3]``) for the ``CurveValue`` of one temperature, with its explanation.
    """

    model_config = ConfigDict(frozen=True, defer_build=True, arbitrary_types_allowed=True)

    curve: Curve | None  #: None when the record has no curve of the property
    temperatures: QuantityArrayField  #: as asked
    values: QuantityArrayField  #: in the property's canonical unit, NaN where unknown
    extrapolate: bool = False
    tolerance: float = TEMPERATURE_TOLERANCE_K
    explanation: str = ""

    @builtins.property
    def source(self) -> Source | None:
        return None if self.curve is None else self.curve.source

    @builtins.property
    def known(self) -> NDArray[np.bool_]:
        """Boolean array: True where the value is known."""
        return ~np.isnan(self.values.magnitude)

    def __len__(self) -> int:
        return int(self.values.magnitude.size)

    def __getitem__(self, i: int) -> CurveValue:
        if self.curve is None:
            return CurveValue.model_construct(
                property="",
                temperature=self.temperatures[i],
                value=None,
                method=Method.unknown,
                source=None,
                curve=None,
                points=(),
                explanation=self.explanation,
                record_id="",
            )
        res: CurveValue = self.curve.at(
            self.temperatures[i], extrapolate=self.extrapolate, tolerance=self.tolerance
        )
        return res


class WindowValue(BaseModel):
    """The least or greatest value of a curve over a temperature window (see ``Curve.extreme``)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    value: QuantityField | None = None
    temperature: QuantityField | None = None  #: where the value is reached, in °C
    covered: bool  #: whether the curve's data covers the whole window
    source: Source | None = None
    curve: Curve | None = None
    explanation: str


@lru_cache(maxsize=64)
def _from_kelvin(units: Any) -> tuple[float, float]:
    # keyed by the quantity's units container (cheap to hash and compare, unlike a Unit)
    return affine("kelvin", str(ureg.get().Unit(units)))


# --- a record's curves ---------------------------------------------------------------------------
def _value_point(v: PropertyValue) -> CurvePoint:
    t = v.conditions.test_temperature
    return CurvePoint(
        temperature=quantity(RT_CELSIUS, "degC") if t is None else t,
        value=quantity(v.value, v.unit),
        printed_temperature="RT" if t is None else format_quantity(t),
        published=v.published,
        locator=v.locator,
        note=v.note,
    )


def series_from_values(record_id: str, values: Iterable[PropertyValue]) -> list[Curve]:
    """Series from a record's values/ rows: those of one property, source, kind, conditions and
    strain rate, when one of them is at a stated temperature other than room temperature (a
    room-temperature value of the same series joins it). Ranges and derived values stay out;
    two values at one temperature go to separate series."""
    groups: dict[tuple[Any, ...], list[PropertyValue]] = {}
    for v in values:
        if v.kind is Kind.range or v.derived_from or v.info.is_hardness or not v.info.temperature_dependent:
            continue
        c = v.conditions
        groups.setdefault((v.property, v.source.key, v.kind, c.note, c.strain_rate), []).append(v)
    out = []
    for vs in groups.values():
        if all(v.conditions.is_room_temperature for v in vs):
            continue
        series: list[list[CurvePoint]] = []
        for v in vs:
            pt = _value_point(v)
            tk = kelvin_of(pt)
            home = next((s for s in series if all(abs(kelvin_of(p) - tk) > _EXACT_K for p in s)), None)
            if home is None:
                home = []
                series.append(home)
            home.append(pt)
        first = vs[0]
        for pts in series:
            out.append(
                Curve(
                    record_id=record_id,
                    property=first.property,
                    unit=first.unit,
                    kind=first.kind,
                    source=first.source,
                    strain_rate=first.conditions.strain_rate,
                    conditions=first.conditions.note,
                    points=tuple(sorted(pts, key=kelvin_of)),
                    origin="values",
                )
            )
    return out


def kelvin_of(p: CurvePoint) -> float:
    return float(p.temperature.to("kelvin").magnitude)


def curve_rank(c: Curve) -> tuple[int, int, bool, int]:
    """Default pick among a record's curves: by kind and source kind as for values (see
    docs/concepts.md), then printed before digitised, then more points first; then file order."""
    return (KIND_RANK.get(c.kind, 99), SOURCE_RANK.get(c.source.kind, 99), c.digitised, -len(c.points))


def all_curves(record_id: str, series: Sequence[Curve], values: Sequence[PropertyValue]) -> tuple[Curve, ...]:
    """A record's curves, default pick first: its ``curves/`` series, then the series its values
    at stated temperatures form (values/ rows of a record, property and source that ``curves/``
    already holds, the same points filed twice, form no second curve)."""
    filed = {(c.property, c.source.key) for c in series}
    formed = [c for c in series_from_values(record_id, values) if (c.property, c.source.key) not in filed]
    return tuple(sorted([*series, *formed], key=curve_rank))


def select(
    curves: Iterable[Curve],
    prop: str | PropertyInfo | None = None,
    *,
    source: str | None = None,
    kind: Kind | str | Iterable[Kind | str] | None = None,
) -> tuple[Curve, ...]:
    """The curves of one property, of one source, of one or several kinds (order kept)."""
    pid = None if prop is None else property_info(prop).id
    kinds = None
    if kind is not None:
        kinds = {Kind(kind)} if isinstance(kind, (str, Kind)) else {Kind(k) for k in kind}
    return tuple(
        c
        for c in curves
        if (pid is None or c.property == pid)
        and (source is None or c.source.key == source)
        and (kinds is None or c.kind in kinds)
    )


def value_at(
    curves: Sequence[Curve],
    record_id: str,
    prop: str | PropertyInfo,
    temperature: Temperature | Temperatures,
    *,
    source: str | None = None,
    kind: Kind | str | Iterable[Kind | str] | None = None,
    extrapolate: bool = False,
    tolerance: float = TEMPERATURE_TOLERANCE_K,
) -> CurveValue | CurveValues:
    """What ``mgalloys.Alloy.at`` returns; see there. For checks: ``kind`` may be several
    kinds (a criterion's accepted kinds); the answer's ``explanation`` is the sentence a verdict
    quotes ("interpolated between the 200 °C and 300 °C points of <source> (<locator>)")."""
    info = property_info(prop)
    temps = temperatures_of(temperature)
    found = select(curves, info, source=source, kind=kind)
    if not isinstance(temps.magnitude, float) and np.ndim(temps.magnitude) == 1:
        several: Quantity[FloatArray] = temps
        if not found:
            nan = np.full(np.shape(temps.magnitude), math.nan)
            return CurveValues.model_construct(
                curve=None,
                temperatures=temps,
                values=quantity_array(nan, info.unit),
                extrapolate=extrapolate,
                tolerance=tolerance,
                explanation=f"no curve of {info.id} across temperature for {record_id}",
            )
        return found[0].at(several, extrapolate=extrapolate, tolerance=tolerance)
    one: Quantity[float] = temps
    answers = [c.at(one, tolerance=tolerance) for c in found]
    for res in answers:
        if res.known:
            return res
    if extrapolate:
        for c in found:
            res = c.at(one, extrapolate=True, tolerance=tolerance)
            if res.known:
                return res
    if not found:
        why = f"no curve of {info.id} across temperature for {record_id}"
    else:
        why = "; ".join(r.explanation for r in answers)
    return CurveValue.model_construct(
        record_id=record_id,
        property=info.id,
        temperature=temps,
        value=None,
        method=Method.unknown,
        source=None,
        curve=None,
        points=(),
        explanation=why,
    )


def over_window(
    curves: Sequence[Curve],
    record_id: str,
    prop: str | PropertyInfo,
    low: Any,
    high: Any,
    pick: Literal["min", "max"],
    *,
    throughout: bool,
    kinds: Iterable[Kind | str] | None = None,
    tolerance: float = TEMPERATURE_TOLERANCE_K,
) -> WindowValue:
    """For a criterion over a temperature window: the least/greatest value on one curve.

    ``throughout=True`` (the least favourable value, what a service-temperature requirement
    means): the first curve (default pick first) that covers the whole window, else unknown.
    ``throughout=False`` (somewhere in the window): the most favourable value over the part of
    the window any curve covers, from the curve that gives it. ``pick`` is the favourable
    direction's opposite for ``throughout`` (``'min'`` for a ``>`` criterion) and the same for
    ``somewhere``; the caller chooses it. Sources are never mixed: the value is from one curve.
    """
    info = property_info(prop)
    allowed = None if kinds is None else {Kind(k) for k in kinds}
    found = [c for c in select(curves, info) if allowed is None or c.kind in allowed]
    results = [c.extreme(low, high, pick, tolerance=tolerance) for c in found]
    if throughout:
        for r in results:
            if r.covered:
                return r
    else:
        known = [r for r in results if r.value is not None]
        if known:
            best = min if pick == "min" else max
            return best(
                known, key=lambda r: float(r.value.to(info.unit).magnitude) if r.value is not None else 0.0
            )
    why = (
        "; ".join(r.explanation for r in results)
        or f"no curve of {info.id} across temperature for {record_id}"
    )
    return WindowValue.model_construct(
        value=None, temperature=None, covered=False, source=None, curve=None, explanation=why
    )
