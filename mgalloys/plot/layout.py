"""The plan of a chart, worked out before anything is drawn: the axes and their units, the
families' clouds of points, the reference metals, the target's region, the outliers drawn at the
edge and the axes' box. No matplotlib is needed here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..catalog import alloy, get_catalog
from ..checking import resolve_threshold
from ..errors import (
    FamilyNotFoundError,
    IncompatibleScalesError,
    MgAlloysError,
    NoPlotDataError,
    PlotError,
    UnitsError,
    WrongDimensionError,
)
from ..families import Family, families
from ..families import family as get_family
from ..models import Alloy
from ..propertytable import PropertyInfo, properties, property_info
from ..targets import Criterion, Target
from ..targets import target as make_target
from ..units import format_quantity, parse_unit, quantity, unit_text
from .indices import GuideIndex, check_index, guide_index

__all__ = [
    "FAMILY_COLOURS",
    "FAMILY_MARKERS",
    "GUIDE_COLOUR",
    "TARGET_COLOUR",
    "ChartPlan",
    "LogBox",
    "as_chart_target",
    "chart_records",
    "cloud_outline",
    "criterion_text",
    "drawable_criteria",
    "family_colour",
    "nice_levels",
    "plan_chart",
    "threshold_of",
]


# --- targets -----------------------------------------------------------------------------------
def threshold_of(c: Criterion) -> Any:
    """The criterion's threshold Quantity (resolving records' values), or None if unknown."""
    return resolve_threshold(c)[0]


def drawable_criteria(
    spec: Target | Family | str, x: str | PropertyInfo, y: str | PropertyInfo
) -> tuple[tuple[Criterion, ...], tuple[Criterion, ...]]:
    """Split a target's criteria into those a chart of ``y`` against ``x`` can shade, and the rest.

    A criterion is drawable when it is at room temperature, on ``x`` or ``y``, and its threshold
    is known (given, or the values of the records it names).

    Examples:
        >>> import mgalloys as mg
        >>> on, off = drawable_criteria(mg.family("high-strength-casting"), "density", "uts")
        >>> [c.text for c in on], [c.text for c in off]
        (['tensile_strength > 300 MPa'], ['elongation > 10 %'])
    """
    tgt = as_chart_target(spec)
    ids = {property_info(x).id, property_info(y).id}
    on: list[Criterion] = []
    off: list[Criterion] = []
    for c in tgt.criteria:
        ok = c.room_temperature and c.property in ids and threshold_of(c) is not None
        (on if ok else off).append(c)
    return tuple(on), tuple(off)


def as_chart_target(spec: Target | Family | str) -> Target:
    if isinstance(spec, Family):
        return spec.target
    if isinstance(spec, Target):
        return spec
    if isinstance(spec, str):
        if not re.search(r"[<>≤≥]", spec):
            return get_family(spec).target
        return make_target(spec)
    raise PlotError(
        f"a target must be a Family, a Target or a text such as 'uts > 300 MPa', not {type(spec).__name__}"
    )


# --- data ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Axis:
    info: PropertyInfo
    unit: Any

    @property
    def label(self) -> str:
        shown = unit_text(self.unit)
        return (
            f"{self.info.name} {self.info.symbol} [{shown}]"
            if shown
            else f"{self.info.name} {self.info.symbol}"
        )

    def value(self, record: Alloy) -> float | None:
        """The record's default room-temperature value in the axis unit, if plottable on log axes."""
        q = record.get(self.info)
        if q is None:
            return None
        try:
            if self.info.is_hardness and q.units != self.unit:
                return None  # another hardness scale: never converted
            mag = float(q.to(self.unit).magnitude)
        except (IncompatibleScalesError, UnitsError):
            return None
        return mag if math.isfinite(mag) and mag > 0 else None

    def convert(self, q: Any) -> float:
        return float(quantity(q).to(self.unit).magnitude)


def _axes_units(x: PropertyInfo, y: PropertyInfo, units: Mapping[str, Any] | None) -> tuple[_Axis, _Axis]:
    chosen: dict[str, Any] = {"x": x.canonical_unit, "y": y.canonical_unit}
    for key, unit in (units or {}).items():
        k = str(key).strip()
        if k.lower() in ("x", "y"):
            axis = k.lower()
        else:
            try:
                pid = property_info(k).id
            except MgAlloysError:
                pid = ""
            if pid not in (x.id, y.id):
                raise PlotError(
                    f"units key {k!r} is not on this chart: use 'x', 'y', {x.id!r} or {y.id!r} "
                    "(or one of their aliases)"
                )
            axis = "x" if pid == x.id else "y"
        info = x if axis == "x" else y
        parsed = parse_unit(unit) if isinstance(unit, str) else unit
        if info.is_hardness:
            if parsed != info.canonical_unit:
                raise PlotError(
                    f"{info.id} is plotted on the {info.unit} scale only: hardness scales never convert"
                )
        elif parsed.dimensionality != info.canonical_unit.dimensionality:
            raise WrongDimensionError(
                f"the {axis} axis ({info.id})",
                f"{info.canonical_unit.dimensionality} (e.g. {info.unit})",
                f"{unit!r} ({parsed.dimensionality})",
            )
        chosen[axis] = parsed
    return _Axis(x, chosen["x"]), _Axis(y, chosen["y"])


def _families(spec: str | int | Family | Iterable[str | int | Family] | None) -> tuple[Family, ...]:
    if spec is None:
        return families()
    items = [spec] if isinstance(spec, (str, int, Family)) else list(spec)
    out: list[Family] = []
    for item in items:
        if isinstance(item, str) and item.strip().lower() == "reference":
            raise FamilyNotFoundError(
                "'reference' is not a family of the paper: reference metals are drawn with references=True"
            )
        fam = get_family(item)
        if fam not in out:
            out.append(fam)
    if not out:
        raise PlotError("families is empty: give family ids (e.g. ['mg-li']) or None for all")
    return tuple(out)


def _references(spec: bool | Iterable[str | Alloy]) -> tuple[Alloy, ...]:
    every = get_catalog().select(family="reference")
    if isinstance(spec, bool):
        # one point per reference metal: a grade's default record (pure Mg, not also its bar)
        return tuple(r for r in every if alloy(r.grade) == r) if spec else ()
    if isinstance(spec, (str, Alloy)):
        spec = [spec]
    out = []
    for item in spec:
        rec = item if isinstance(item, Alloy) else alloy(item)
        if rec not in every:
            raise PlotError(
                f"{rec.record_id} is not a reference metal (those are "
                f"{', '.join(r.record_id for r in every)}); use highlight= to mark an alloy"
            )
        out.append(rec)
    return tuple(out)


def chart_records(names: str | Alloy | Iterable[str | Alloy] | None) -> tuple[Alloy, ...]:
    if names is None:
        return ()
    items = [names] if isinstance(names, (str, Alloy)) else list(names)
    return tuple(r if isinstance(r, Alloy) else alloy(r) for r in items)


@dataclass(frozen=True)
class _Cloud:
    family: Family
    members: int
    points: tuple[tuple[str, float, float], ...]  # record id, x, y (every member with both values)


def _scope(fams: Sequence[Family]) -> str:
    if len(fams) == len(families()):
        return "the bundled magnesium records"
    return "the records of " + ", ".join(f.id for f in fams)


def _collect(fams: Sequence[Family], ax_x: _Axis, ax_y: _Axis) -> tuple[_Cloud, ...]:
    clouds = []
    seen: dict[str, Alloy] = {}
    for fam in fams:
        members = get_catalog().select(family=fam.id)
        seen.update((r.record_id, r) for r in members)
        pts = []
        for r in members:
            vx, vy = ax_x.value(r), ax_y.value(r)
            if vx is not None and vy is not None:
                pts.append((r.record_id, vx, vy))
        clouds.append(_Cloud(fam, len(members), tuple(pts)))
    if any(c.points for c in clouds):
        return tuple(clouds)
    recs = list(seen.values())
    nx = sum(ax_x.value(r) is not None for r in recs)
    ny = sum(ax_y.value(r) is not None for r in recs)
    for info, n in ((ax_x.info, nx), (ax_y.info, ny)):
        if n == 0:
            having = [p.id for p in properties() if any(r.get(p) is not None for r in recs)]
            raise NoPlotDataError(
                f"none of {_scope(fams)} ({len(recs)} records) has a room-temperature {info.id} value "
                f"to plot; properties with values there: {', '.join(having)}"
            )
    raise NoPlotDataError(
        f"none of {_scope(fams)} ({len(recs)} records) has both {ax_x.info.id} and {ax_y.info.id} "
        f"values ({nx} have {ax_x.info.id}, {ny} have {ax_y.info.id}); choose other properties or families"
    )


# --- geometry ------------------------------------------------------------------------------------
def _hull(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (Andrew's monotone chain), counter-clockwise, without repeating the first point."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


@dataclass(frozen=True)
class LogBox:
    """The chart's limits, in decades; ``norm``/``data`` map between data and a unit square."""

    x0: float
    x1: float
    y0: float
    y1: float

    def norm(self, x: float, y: float) -> tuple[float, float]:
        return (
            (math.log10(x) - self.x0) / (self.x1 - self.x0),
            (math.log10(y) - self.y0) / (self.y1 - self.y0),
        )

    def data(self, u: float, v: float) -> tuple[float, float]:
        return (10 ** (self.x0 + u * (self.x1 - self.x0)), 10 ** (self.y0 + v * (self.y1 - self.y0)))

    def contains(self, x: float, y: float) -> bool:
        u, v = self.norm(x, y)
        return 0.0 <= u <= 1.0 and 0.0 <= v <= 1.0


def cloud_outline(
    box: LogBox, pts: Sequence[tuple[float, float]], radius: float
) -> list[tuple[float, float]]:
    """A rounded convex hull: the hull of small circles (in the chart's own proportions) round each point."""
    ring = [(math.cos(2 * math.pi * k / 32), math.sin(2 * math.pi * k / 32)) for k in range(32)]
    around: list[tuple[float, float]] = []
    for x, y in pts:
        u, v = box.norm(x, y)
        around.extend((u + radius * c, v + radius * s) for c, s in ring)
    return [box.data(u, v) for u, v in _hull(around)]


def _limits(values: Sequence[float], margin: float) -> tuple[float, float]:
    lo, hi = math.log10(min(values)), math.log10(max(values))
    span = max(hi - lo, 0.3)
    mid = (lo + hi) / 2
    return mid - span / 2 - margin * span, mid + span / 2 + margin * span


def nice_levels(lo: float, hi: float) -> list[float]:
    """Round numbers (1-2-5 per decade, thinned or refined to 3 to 7 of them) between 10^lo and 10^hi."""
    for mantissas in ((1.0, 2.0, 5.0), (1.0,), (1.0, 1.5, 2.0, 3.0, 5.0, 7.0)):
        levels = [
            m * 10.0**k
            for k in range(math.floor(lo) - 1, math.ceil(hi) + 1)
            for m in mantissas
            if lo < math.log10(m * 10.0**k) < hi
        ]
        if 3 <= len(levels) <= 7:
            return levels
    return levels


# --- drawing -------------------------------------------------------------------------------------
#: One colour per family number, the same on every chart: matplotlib's "petroff10" style, a
#: ten-colour sequence chosen to stay distinct under colour-vision deficiencies. It holds no green,
#: so the target's green shading never looks like a family; family numbers past ten reuse the
#: sequence from its start, and every family has its own marker too.
FAMILY_COLOURS = (
    "#3f90da",
    "#ffa90e",
    "#bd1f01",
    "#94a4a2",
    "#832db6",
    "#a96b59",
    "#e76300",
    "#b9ac70",
    "#717581",
    "#92dadd",
    "#3f90da",
)
#: One marker per family number (the reference metals are black diamonds).
FAMILY_MARKERS = ("o", "s", "^", "v", "P", "X", "<", ">", "p", "h", "*")
TARGET_COLOUR = "#2e7d32"
GUIDE_COLOUR = "#555555"



def criterion_text(c: Criterion, shown: _Axis) -> str:
    """The criterion as the chart shows it: in the axis unit, a relative threshold with its value."""
    if c.threshold is not None and shown.unit == c.threshold.units:
        return c.text
    value = format_quantity(threshold_of(c).to(shown.unit), 4)
    if c.threshold is None:
        return f"{c.text} (= {value})"
    return f"{c.property} {c.op.value} {value}"


def _target_bounds(
    tgt: Target | None, shade: Sequence[Criterion], xi: PropertyInfo, ax_x: _Axis, ax_y: _Axis
) -> dict[str, list[float | None]]:
    """The target's bounds on each axis (lower, upper), in the axis units."""
    bounds: dict[str, list[float | None]] = {"x": [None, None], "y": [None, None]}
    for c in shade:
        axis = "x" if c.property == xi.id else "y"
        value = (ax_x if axis == "x" else ax_y).convert(threshold_of(c))
        b = bounds[axis]
        if c.op.wants_high:
            if value > 0:  # on log axes a lower bound at or below zero bounds nothing
                b[0] = value if b[0] is None else max(b[0], value)
        else:
            b[1] = value if b[1] is None else min(b[1], value)
    for axis, (lo, hi) in bounds.items():
        if hi is not None and (hi <= 0 or (lo is not None and lo >= hi)):
            shown = "; ".join(c.text for c in shade)
            raise PlotError(
                f"target {tgt} leaves nothing to shade on the {axis} axis: no value meets {shown}"
            )
    return bounds


def _reference_points(
    references: bool | Iterable[str | Alloy], ax_x: _Axis, ax_y: _Axis
) -> list[tuple[str, float, float]]:
    refs = []
    for r in _references(references):
        vx, vy = ax_x.value(r), ax_y.value(r)
        if vx is not None and vy is not None:
            refs.append(("Mg (pure)" if r.record_id == "Mg" else r.record_id, vx, vy))
        elif not isinstance(references, bool):
            raise NoPlotDataError(
                f"reference {r.record_id} has no room-temperature {ax_x.info.id} and {ax_y.info.id} values"
            )
    return refs


def _highlight_points(
    highlight: str | Alloy | Iterable[str | Alloy] | None, ax_x: _Axis, ax_y: _Axis
) -> list[tuple[str, float, float]]:
    marked = []
    for r in chart_records(highlight):
        vx, vy = ax_x.value(r), ax_y.value(r)
        if vx is None or vy is None:
            lacks = " and ".join(a.info.id for a, v in ((ax_x, vx), (ax_y, vy)) if v is None)
            raise NoPlotDataError(f"cannot highlight {r.record_id}: it has no room-temperature {lacks} value")
        marked.append((r.record_id, vx, vy))
    return marked


#: Outliers: beyond Tukey's fences (1.5 interquartile ranges past the quartiles) of the log values,
#: with the range taken as at least a fifth of a decade so that a tight cluster clips nothing.
_FENCE = 1.5
_MIN_IQR_DECADES = 0.2


def _fences(values: Sequence[float]) -> tuple[float, float]:
    logs = sorted(math.log10(v) for v in values)
    n = len(logs)
    q1, q3 = logs[(n - 1) // 4], logs[(3 * (n - 1)) // 4]
    iqr = max(q3 - q1, _MIN_IQR_DECADES)
    return 10 ** (q1 - _FENCE * iqr), 10 ** (q3 + _FENCE * iqr)


def _outliers(clouds: Sequence[_Cloud], keep: set[str]) -> set[str]:
    pts = {rid: (px, py) for c in clouds for rid, px, py in c.points}
    if len(pts) < 8:  # too few points to call any an outlier
        return set()
    (xlo, xhi), (ylo, yhi) = _fences([p[0] for p in pts.values()]), _fences([p[1] for p in pts.values()])
    return {
        rid
        for rid, (px, py) in pts.items()
        if rid not in keep and not (xlo <= px <= xhi and ylo <= py <= yhi)
    }


@dataclass(frozen=True)
class _OffChart:
    """A point beyond the axes, drawn at the edge with its values in its label."""

    label: str
    x: float
    y: float
    colour: str
    gid: str


@dataclass(frozen=True)
class ChartPlan:
    """Everything a chart shows, worked out before anything is drawn."""

    xi: PropertyInfo
    yi: PropertyInfo
    ax_x: _Axis
    ax_y: _Axis
    fams: tuple[Family, ...]
    guide: GuideIndex | None
    tgt: Target | None
    shade: tuple[Criterion, ...]
    unshaded: tuple[Criterion, ...]
    bounds: dict[str, list[float | None]]
    clouds: tuple[_Cloud, ...]  # every point with both values, clipped ones included
    clipped: frozenset[str]  # records drawn at the edge as outliers
    refs: tuple[tuple[str, float, float], ...]  # reference metals inside the axes
    marked: tuple[tuple[str, float, float], ...]
    off_chart: tuple[_OffChart, ...]
    box: LogBox


def family_colour(fam: Family) -> str:
    return FAMILY_COLOURS[(fam.number - 1) % len(FAMILY_COLOURS)]


def plan_chart(
    x: str | PropertyInfo,
    y: str | PropertyInfo,
    units: Mapping[str, Any] | None,
    fams_spec: Any,
    highlight: Any,
    target: Target | Family | str | None,
    index: str | float | GuideIndex | None,
    references: bool | Iterable[str | Alloy],
    fit_references: bool,
    clip_outliers: bool,
) -> ChartPlan:
    xi, yi = property_info(x), property_info(y)
    if xi.id == yi.id:
        raise PlotError(f"x and y are both {xi.id}: choose two different properties")
    ax_x, ax_y = _axes_units(xi, yi, units)
    fams = _families(fams_spec)
    guide = guide_index(index) if index is not None else None
    if guide is not None:
        check_index(guide, xi, yi)
    shade: tuple[Criterion, ...] = ()
    unshaded: tuple[Criterion, ...] = ()
    tgt = as_chart_target(target) if target is not None else None
    if tgt is not None:
        shade, unshaded = drawable_criteria(tgt, xi, yi)
        if not shade:
            raise PlotError(
                f"target {tgt} has nothing to shade on a chart of {yi.id} against {xi.id}: none of its "
                f"criteria ({tgt.text or 'none'}) is a room-temperature threshold on {xi.id} or {yi.id}"
            )
    clouds = _collect(fams, ax_x, ax_y)
    refs = _reference_points(references, ax_x, ax_y)
    marked = _highlight_points(highlight, ax_x, ax_y)
    bounds = _target_bounds(tgt, shade, xi, ax_x, ax_y)
    clipped = _outliers(clouds, {rid for rid, _, _ in marked}) if clip_outliers else set()
    every = [(px, py) for c in clouds for rid, px, py in c.points if rid not in clipped]
    every += [(px, py) for _, px, py in marked + (refs if fit_references else [])]
    xs = [p[0] for p in every] + [v for v in bounds["x"] if v is not None and v > 0]
    ys = [p[1] for p in every] + [v for v in bounds["y"] if v is not None and v > 0]
    box = LogBox(*_limits(xs, 0.06), *_limits(ys, 0.08))
    inside = [r for r in refs if box.contains(r[1], r[2])]
    off = [
        _OffChart(r, px, py, "black", "mgalloys:reference-edge")
        for r, px, py in refs
        if (r, px, py) not in inside
    ]
    first: dict[str, tuple[Family, float, float]] = {}
    for c in clouds:
        for rid, px, py in c.points:
            first.setdefault(rid, (c.family, px, py))
    off += [
        _OffChart(rid, px, py, family_colour(f), "mgalloys:outlier")
        for rid, (f, px, py) in first.items()
        if rid in clipped
    ]
    return ChartPlan(
        xi,
        yi,
        ax_x,
        ax_y,
        fams,
        guide,
        tgt,
        shade,
        unshaded,
        bounds,
        clouds,
        frozenset(clipped),
        tuple(inside),
        tuple(marked),
        tuple(off),
        box,
    )
