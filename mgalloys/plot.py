"""Ashby charts of the bundled alloys: log-log property charts with family clouds and targets.

Matplotlib is an optional extra (``pip install ".[plot]"`` in a clone); it is imported when a chart
is drawn, never by ``import mgalloys``.

``ashby`` draws one property against another on log-log axes: each of the paper's families
as a lightly filled cloud (a rounded convex hull) around its records' points, the reference
metals (pure Mg, Al, 6061-T6, A380-F, Cu, Ag) as labelled black diamonds, optionally a target's
region shaded and performance-index guide lines. The axes fit the magnesium records: reference
metals beyond them, and records far outside the others, are drawn at the edge with their values.
Every value is the record's default room-temperature value; records without both values are left
out, and each family's legend label says how many of its records are drawn of its members
(``"mg-li (6/21)"``).

Performance-index guide lines: on a chart of ``y`` against density, the lines of constant
``M = y^p / ρ`` have slope ``1/p`` in log-log axes, so for ``σ^(2/3)/ρ`` (light, strong beam)
they rise with slope 3/2. ``index`` takes one of ``INDICES`` (``"sigma/rho"``,
``"E^(1/2)/rho"``...) or a slope as a number.

Example (not run here: it needs matplotlib)::

    import mgalloys as mg
    from mgalloys import plot

    ax = plot.ashby("density", "uts", target=mg.family("high-strength-casting"), index="sigma/rho")
    ax.figure.savefig("ashby.png")

The index table needs no matplotlib.

Examples:
    >>> from mgalloys.plot import index_slope
    >>> index_slope("sigma^(2/3)/rho"), index_slope("E^(1/3)/rho"), index_slope(2)
    (1.5, 3.0, 2.0)
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalog import Catalog, alloy, alloys, with_catalog
from .checking import resolve_threshold
from .errors import IncompatibleScalesError, MgAlloysError, UnitsError, WrongDimensionError
from .models import Alloy
from .propertytable import PropertyInfo, properties, property_info
from .roadmap import Family, FamilyNotFoundError, families
from .roadmap import family as get_family
from .targets import Criterion, Target
from .targets import target as make_target
from .units import format_quantity, parse_unit, quantity, unit_text

if TYPE_CHECKING:  # matplotlib is optional: only its types are needed here
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "FAMILY_COLOURS",
    "INDICES",
    "GuideIndex",
    "MatplotlibMissingError",
    "NoPlotDataError",
    "PlotError",
    "ashby",
    "chart_command",
    "drawable_criteria",
    "guide_index",
    "index_slope",
    "vs_temperature",
    "vs_temperature_command",
]


class PlotError(MgAlloysError, ValueError):
    """A chart request that cannot be drawn as asked (bad index, units key, target, output...)."""


class NoPlotDataError(MgAlloysError, LookupError):
    """The selected records have no values to plot for a property (or for the pair)."""

    def __str__(self) -> str:
        return str(self.args[0])


class MatplotlibMissingError(MgAlloysError, ImportError):
    """Charts need matplotlib, which is the optional ``plot`` extra."""


# --- performance indices ----------------------------------------------------------------------
@dataclass(frozen=True)
class GuideIndex:
    """A family of guide lines: ``M = y^p / x`` is constant along lines of log-log ``slope`` 1/p.

    ``numerator`` is ``"strength"``, ``"modulus"``, a property id, or ``""`` for a bare slope;
    ``label`` is how the chart names it (``"σ^(2/3)/ρ"``).
    """

    label: str
    slope: float
    numerator: str = ""
    design: str = ""

    @property
    def power(self) -> float:
        """The exponent p of the chart's y in M = y^p / x."""
        return 1.0 / self.slope


def _table_indices() -> dict[str, GuideIndex]:
    """The guide-line indices of the computed properties of ``data/properties.csv`` of the form
    ``y^p / ρ`` with a strength or the elastic modulus as ``y`` (Ashby's indices for light
    designs), keyed ``'sigma^(2/3)/rho'``; the first row of each index names its design case."""
    out: dict[str, GuideIndex] = {}
    for info in properties(computed=True):
        slope = info.chart_slope
        if slope is None:
            continue
        y = property_info(next(p for p in info.inputs if p != "density"))
        if y.id == "elastic_modulus":
            numerator, word, symbol = "modulus", "E", "E"
        elif _is_strength(y):
            numerator, word, symbol = "strength", "sigma", "σ"
        else:
            continue
        p = Fraction(1.0 / slope).limit_denominator(12)
        exponent = "" if p == 1 else f"^({p})"
        design = info.design_case.split(":")[0].split(" (")[0]
        out.setdefault(f"{word}{exponent}/rho", GuideIndex(f"{symbol}{exponent}/ρ", slope, numerator, design))
    return out


_STRENGTH_WORDS = {"sigma", "s", "strength", "sigma_y", "sigma_f", "sigma_ts", "sigma_uts"}
_MODULUS_WORDS = {"e", "modulus"}
_MODULI = ("elastic_modulus", "shear_modulus")
_INDEX_RE = re.compile(r"^(?P<num>[a-z_][a-z0-9_]*)(?:\^\(?(?P<p>[0-9.]+(?:/[0-9.]+)?)\)?)?/(?:rho|density)$")
_SQRT_RE = re.compile(r"^(sqrt|cbrt)\((?P<num>[^)]+)\)")


def _is_strength(info: PropertyInfo) -> bool:
    return info.dimension == property_info("tensile_strength").dimension and info.id not in _MODULI


#: Ashby's indices for light designs (M. F. Ashby, *Materials Selection in Mechanical Design*,
#: ch. 5), from the computed rows of the property table: on a chart of strength or modulus
#: against density, the guide lines of each.
INDICES: dict[str, GuideIndex] = _table_indices()


def _number(text: str) -> float | None:
    try:
        return float(Fraction(text.strip()))
    except (ValueError, ZeroDivisionError):
        return None


def _index_error(given: object, why: str) -> PlotError:
    names = ", ".join(f"'{k}'" for k in INDICES)
    return PlotError(
        f"cannot use index {given!r} for guide lines: {why}. Give one of {names}, another "
        "'<property>^(p)/rho', or the log-log slope as a number (e.g. 1.5)"
    )


def guide_index(index: str | float | GuideIndex) -> GuideIndex:
    """Read an index name (``"E^(1/2)/rho"``, ``"σ^(2/3)/ρ"``, ``"sqrt(E)/rho"``) or a slope.

    Examples:
        >>> guide_index("sqrt(E)/rho").label, guide_index("uts/rho").numerator
        ('E^(1/2)/ρ', 'tensile_strength')
        >>> guide_index("3/2").slope
        1.5
    """
    if isinstance(index, GuideIndex):
        return index
    if isinstance(index, bool) or not isinstance(index, (str, int, float)):
        raise _index_error(index, f"a {type(index).__name__} is neither a name nor a number")
    if isinstance(index, str):
        number = _number(index)
        if number is None:
            return _named_index(index)
    else:
        number = float(index)
    if not math.isfinite(number) or number == 0:
        raise _index_error(index, "the slope must be a finite, non-zero number")
    return GuideIndex(f"slope {number:g}", number)


def _named_index(text: str) -> GuideIndex:
    key = text.strip().replace(" ", "").replace("σ", "sigma").replace("ρ", "rho").replace("**", "^")
    key = _SQRT_RE.sub(lambda m: f"{m['num']}^(1/{2 if m[1] == 'sqrt' else 3})", key.lower())
    for name, idx in INDICES.items():
        if key == name.lower():
            return idx
    m = _INDEX_RE.match(key)
    if m is None:
        raise _index_error(text, "it is not of the form '<numerator>^(p)/rho'")
    power = _number(m["p"]) if m["p"] else 1.0
    if power is None or power <= 0:
        raise _index_error(text, "the exponent must be a positive number such as 1/2")
    num = m["num"]
    if num in _STRENGTH_WORDS:
        numerator, symbol = "strength", "σ"
    elif num in _MODULUS_WORDS:
        numerator, symbol = "modulus", "E"
    else:
        try:
            info = property_info(num)
        except MgAlloysError:
            raise _index_error(text, f"{num!r} is neither 'sigma', 'E' nor a property name") from None
        numerator, symbol = info.id, info.symbol
    p = Fraction(power).limit_denominator(12)
    exponent = "" if p == 1 else f"^({p})"
    for idx in INDICES.values():  # the same index spelled another way keeps its table entry
        if idx.numerator == numerator and math.isclose(idx.slope, 1.0 / power):
            return idx
    return GuideIndex(f"{symbol}{exponent}/ρ", 1.0 / power, numerator)


def index_slope(index: str | float | GuideIndex) -> float:
    """The log-log slope of an index's guide lines on a chart against density."""
    return guide_index(index).slope


def _check_index(idx: GuideIndex, x: PropertyInfo, y: PropertyInfo) -> None:
    if not idx.numerator:
        return  # a bare slope fits any chart
    if x.id != "density":
        raise _index_error(idx.label, f"an index over density needs density on the x axis, not {x.id}")
    fits = {
        "strength": _is_strength(y),
        "modulus": y.id in _MODULI,
    }.get(idx.numerator, y.id == idx.numerator)
    if not fits:
        wants = {"strength": "a strength (e.g. tensile_strength)", "modulus": "elastic_modulus"}.get(
            idx.numerator, idx.numerator
        )
        raise _index_error(idx.label, f"its guide lines need {wants} on the y axis, but y is {y.id}")


# --- targets -----------------------------------------------------------------------------------
def _threshold(c: Criterion) -> Any:
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
    tgt = _target(spec)
    ids = {property_info(x).id, property_info(y).id}
    on: list[Criterion] = []
    off: list[Criterion] = []
    for c in tgt.criteria:
        ok = c.room_temperature and c.property in ids and _threshold(c) is not None
        (on if ok else off).append(c)
    return tuple(on), tuple(off)


def _target(spec: Target | Family | str) -> Target:
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
    every = alloys(family="reference")
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


def _records(names: str | Alloy | Iterable[str | Alloy] | None) -> tuple[Alloy, ...]:
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
        members = alloys(family=fam.id)
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
class _LogBox:
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


def _cloud_outline(
    box: _LogBox, pts: Sequence[tuple[float, float]], radius: float
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


def _nice_levels(lo: float, hi: float) -> list[float]:
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
_TARGET_COLOUR = "#2e7d32"
_GUIDE_COLOUR = "#555555"


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise MatplotlibMissingError(
            "charts need matplotlib, the optional 'plot' extra: pip install '.[plot]' in a clone of mgalloys"
        ) from None
    return matplotlib


def _label_offsets() -> list[tuple[float, float, str]]:
    """Candidate label offsets in points (dx, dy, alignment): beside the point first, then farther out."""
    out: list[tuple[float, float, str]] = [(6, 0, "left"), (-6, 0, "right")]
    for radius in (9.0, 16.0, 26.0, 38.0, 52.0):
        for k in range(12):
            a = 2 * math.pi * k / 12
            dx, dy = radius * math.cos(a), radius * math.sin(a)
            out.append((round(dx, 1), round(dy, 1), "left" if dx >= 0 else "right"))
    return out


def _text_box(px: float, py: float, dx: float, dy: float, w: float, h: float, ha: str) -> Any:
    """The display box of a label of size w x h at offset (dx, dy) from (px, py), vertically centred."""
    from matplotlib.transforms import Bbox

    x0 = px + dx - (w if ha == "right" else 0)
    return Bbox.from_bounds(x0, py + dy - h / 2, w, h)


def _place_labels(
    ax: Axes, items: Sequence[tuple[float, float, str]], fontsize: float, taken: list[Any], **style: Any
) -> None:
    """Label points where the label overlaps no other label, point or the frame; far ones get a leader."""
    px_per_pt = ax.figure.dpi / 72.0
    trans = ax.transData
    frame = ax.bbox
    offsets = _label_offsets()
    for x, y, text in sorted(items, key=lambda t: (t[1], t[0])):
        px, py = trans.transform((x, y))
        w = 0.62 * fontsize * len(text) * px_per_pt
        h = 1.25 * fontsize * px_per_pt

        chosen = offsets[0]
        for dx, dy, ha in offsets:
            b = _text_box(px, py, dx * px_per_pt, dy * px_per_pt, w, h, ha)
            inside = frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1
            if inside and not any(b.overlaps(t) for t in taken):
                chosen = (dx, dy, ha)
                break
        dx, dy, ha = chosen
        taken.append(_text_box(px, py, dx * px_per_pt, dy * px_per_pt, w, h, ha))
        far = math.hypot(dx, dy) > 12
        ax.annotate(
            text,
            (x, y),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va="center",
            fontsize=fontsize,
            arrowprops={"arrowstyle": "-", "color": "#999999", "linewidth": 0.5, "shrinkA": 0, "shrinkB": 3}
            if far
            else None,
            **style,
        )


def _point_boxes(ax: Axes, pts: Iterable[tuple[float, float]], size_pt: float) -> list[Any]:
    from matplotlib.transforms import Bbox

    r = size_pt * ax.figure.dpi / 72.0 / 2
    out = []
    for x, y in pts:
        px, py = ax.transData.transform((x, y))
        out.append(Bbox.from_extents(px - r, py - r, px + r, py + r))
    return out


def _log_ticks(ax: Axes) -> None:
    """Plain-number tick labels (``2``, ``300``), dense enough to read values off short axes."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter, NullLocator

    def plain(v: float, _pos: int) -> str:
        return f"{v:g}"

    def minor(v: float, _pos: int) -> str:
        lead = round(v / 10 ** math.floor(math.log10(v) + 1e-9), 6)
        return f"{v:g}" if lead in (2.0, 3.0, 5.0) else ""

    for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        decades = math.log10(hi) - math.log10(lo)
        if decades <= 1.0:  # a decade or less: ticks at 1, 1.2, 1.4 ... 2, 2.5, 3, 4 ...
            axis.set_major_locator(
                LogLocator(base=10, subs=(1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3, 4, 5, 6, 7, 8))
            )
            axis.set_minor_locator(NullLocator())
        else:
            axis.set_major_locator(LogLocator(base=10))
            axis.set_minor_locator(LogLocator(base=10, subs=tuple(range(2, 10))))
            axis.set_minor_formatter(FuncFormatter(minor) if decades <= 2.2 else NullFormatter())
        axis.set_major_formatter(FuncFormatter(plain))


def _criterion_text(c: Criterion, shown: _Axis) -> str:
    """The criterion as the chart shows it: in the axis unit, a relative threshold with its value."""
    if c.threshold is not None and shown.unit == c.threshold.units:
        return c.text
    value = format_quantity(_threshold(c).to(shown.unit), 4)
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
        value = (ax_x if axis == "x" else ax_y).convert(_threshold(c))
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
    for r in _records(highlight):
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
class _Plan:
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
    box: _LogBox


def _colour(fam: Family) -> str:
    return FAMILY_COLOURS[(fam.number - 1) % len(FAMILY_COLOURS)]


def _plan(
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
) -> _Plan:
    xi, yi = property_info(x), property_info(y)
    if xi.id == yi.id:
        raise PlotError(f"x and y are both {xi.id}: choose two different properties")
    ax_x, ax_y = _axes_units(xi, yi, units)
    fams = _families(fams_spec)
    guide = guide_index(index) if index is not None else None
    if guide is not None:
        _check_index(guide, xi, yi)
    shade: tuple[Criterion, ...] = ()
    unshaded: tuple[Criterion, ...] = ()
    tgt = _target(target) if target is not None else None
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
    box = _LogBox(*_limits(xs, 0.06), *_limits(ys, 0.08))
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
        _OffChart(rid, px, py, _colour(f), "mgalloys:outlier")
        for rid, (f, px, py) in first.items()
        if rid in clipped
    ]
    return _Plan(
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


@with_catalog
def ashby(
    x: str | PropertyInfo = "density",
    y: str | PropertyInfo = "tensile_strength",
    *,
    units: Mapping[str, Any] | None = None,
    families: str | int | Family | Iterable[str | int | Family] | None = None,
    highlight: str | Alloy | Iterable[str | Alloy] | None = None,
    target: Target | Family | str | None = None,
    index: str | float | GuideIndex | None = None,
    references: bool | Iterable[str | Alloy] = True,
    fit_references: bool = False,
    clip_outliers: bool = True,
    ax: Axes | None = None,
    annotate: bool = False,
    catalog: Catalog | None = None,
) -> Axes:
    """Draw an Ashby chart of ``y`` against ``x`` (log-log) and return its matplotlib Axes.

    Args:
        x: property id or alias on the x axis (``"density"``, ``"uts"``, ``"E"``...).
        y: property id or alias on the y axis.
        units: axis units, keyed ``"x"``/``"y"`` or by property: ``{"y": "ksi"}``,
            ``{"uts": "ksi"}``. Default: each property's canonical unit.
        families: family ids, numbers, names or ``Family`` objects (default: all 11). Each
            family is a lightly filled cloud round its records' points, with its own colour and
            marker; its legend label says how many of its records have both values
            (``"mg-li (6/21)"``: 6 of its 21 records). A record in several families is one point, filled
            in its first family's colour and ringed in its second's.
        highlight: records to ring and label (names as for ``mgalloys.alloy``).
        target: a ``Family`` (its target), a ``Target`` or a target text: the region
            meeting its room-temperature criteria on ``x`` and ``y`` is shaded; its other criteria
            are named in the legend as not on this chart.
        index: performance-index guide lines, a name from ``INDICES`` or a log-log slope.
        references: draw the reference metals (pure Mg, Al, 6061-T6, A380-F, Cu, Ag), labelled;
            ``False`` for none, or the ids of those to draw (``["Al", "6061-T6"]``).
        fit_references: stretch the axes to hold the reference metals. By default the axes fit
            the magnesium records, and a reference beyond them is drawn at the edge, labelled
            with its values.
        clip_outliers: draw records far outside the others (beyond 1.5 interquartile ranges of
            the log values) at the edge, labelled with their values, instead of stretching the
            axes; the title says how many. ``False`` fits every record.
        ax: an Axes to draw into; by default a new 8 x 5.33 inch pyplot figure (1200 x 800 px
            at 150 dpi, legible when a page shows it 700 px wide).
        annotate: label every alloy point with its record id.
        catalog: the catalog the records come from (default: the one in use; e.g.
            `mgalloys.load`).

    Raises:
        UnknownPropertyError: ``x`` or ``y`` is not a property name.
        NoPlotDataError: no selected record has a value of ``x``, of ``y``, or of both.
        PlotError: a bad ``units`` key, ``index`` or ``target`` (e.g. a target with nothing to
            shade on these axes).
        WrongDimensionError, UnitParseError: a unit that does not fit its axis.
    """
    mpl = _matplotlib()
    plan = _plan(x, y, units, families, highlight, target, index, references, fit_references, clip_outliers)
    if ax is None:
        import matplotlib.pyplot as plt

        _fig, ax = plt.subplots(figsize=_FIGSIZE, dpi=_DPI, layout="constrained")
    _set_up_axes(ax, plan)
    handles = _draw_target(ax, plan) + _draw_guides(ax, plan)
    family_handles, alloy_labels = _draw_families(ax, plan, mpl)
    handles += family_handles
    pts = [(px, py) for _, px, py in alloy_labels] + [(px, py) for _, px, py in plan.refs]
    taken = _point_boxes(ax, pts, 8)
    handles += _draw_references(ax, plan, taken) + _draw_highlights(ax, plan, taken)
    handles += _draw_off_chart(ax, plan, taken)
    if annotate:
        ringed = {rid for rid, _, _ in plan.marked}
        _place_labels(
            ax,
            [(px, py, rid) for rid, px, py in alloy_labels if rid not in ringed],
            7,
            taken,
            color="#333333",
            gid="mgalloys:alloy-label",
        )
    _finish(ax, plan, handles)
    return ax


#: The default figure: 1200 x 800 px, text sized to read when a docs page shows it ~700 px wide.
_FIGSIZE = (8.0, 16.0 / 3.0)
_DPI = 150


def _set_up_axes(ax: Axes, plan: _Plan) -> None:
    box = plan.box
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(10**box.x0, 10**box.x1)
    ax.set_ylim(10**box.y0, 10**box.y1)
    ax.set_autoscale_on(False)
    ax.set_xlabel(plan.ax_x.label, fontsize=10)
    ax.set_ylabel(plan.ax_y.label, fontsize=10)
    ax.tick_params(labelsize=9)
    _log_ticks(ax)
    ax.grid(True, which="major", color="#dddddd", linewidth=0.8)
    ax.grid(True, which="minor", color="#f0f0f0", linewidth=0.5)
    ax.set_axisbelow(True)


def _target_label(plan: _Plan) -> str:
    tgt = plan.tgt
    assert tgt is not None
    named = tgt.name if tgt.name and not re.search(r"[<>≤≥]", tgt.name) else ""
    shown = "; ".join(
        _criterion_text(c, plan.ax_x if c.property == plan.xi.id else plan.ax_y) for c in plan.shade
    )
    if not named:
        label = f"target: {shown}"
    elif named.startswith("family "):
        label = f"target of {named}: {shown}"
    else:
        label = f"target {named}: {shown}"
    if plan.unshaded:
        label += f" (not on this chart: {'; '.join(c.text for c in plan.unshaded)})"
    return textwrap.fill(label, 48)


def _draw_target(ax: Axes, plan: _Plan) -> list[Any]:
    from matplotlib.patches import Patch, Polygon

    if plan.tgt is None:
        return []
    box = plan.box
    (bx0, bx1), (by0, by1) = plan.bounds["x"], plan.bounds["y"]
    lo_x, hi_x = bx0 if bx0 is not None else 10**box.x0, bx1 if bx1 is not None else 10**box.x1
    lo_y, hi_y = by0 if by0 is not None else 10**box.y0, by1 if by1 is not None else 10**box.y1
    corners = [(lo_x, lo_y), (hi_x, lo_y), (hi_x, hi_y), (lo_x, hi_y)]
    label = _target_label(plan)
    region = Polygon(
        corners,
        closed=True,
        facecolor=_TARGET_COLOUR,
        alpha=0.10,
        edgecolor="none",
        zorder=0.5,
        gid="mgalloys:target",
        label=label,
    )
    ax.add_patch(region)
    edge = Polygon(
        corners,
        closed=True,
        fill=False,
        edgecolor=_TARGET_COLOUR,
        linestyle="--",
        linewidth=1.2,
        zorder=0.6,
        gid="mgalloys:target-edge",
    )
    ax.add_patch(edge)
    return [Patch(facecolor=_TARGET_COLOUR, alpha=0.25, edgecolor=_TARGET_COLOUR, label=label)]


def _draw_guides(ax: Axes, plan: _Plan) -> list[Any]:
    from matplotlib.lines import Line2D

    guide = plan.guide
    if guide is None:
        return []
    s = guide.slope
    lx0, lx1, ly0, ly1 = plan.box.x0, plan.box.x1, plan.box.y0, plan.box.y1
    ends = (ly0 - s * lx1, ly1 - s * lx0) if s > 0 else (ly0 - s * lx0, ly1 - s * lx1)
    # log M = c / s for M = y^(1/s) / x: round values of M, each line labelled with its M
    m_lo, m_hi = sorted((ends[0] / s, ends[1] / s))
    xu, yu = unit_text(plan.ax_x.unit), unit_text(plan.ax_y.unit)
    p = Fraction(1 / s).limit_denominator(12)
    m_unit = f"{yu}{'' if p == 1 else f'^({p})'}/{xu if '/' not in xu else f'({xu})'}"
    for k, level in enumerate(_nice_levels(m_lo, m_hi)):
        c0 = s * math.log10(level)
        ax.add_line(
            Line2D(
                [10**lx0, 10**lx1],
                [10 ** (s * lx0 + c0), 10 ** (s * lx1 + c0)],
                color=_GUIDE_COLOUR,
                linestyle=(0, (5, 4)),
                linewidth=0.9,
                alpha=0.8,
                zorder=0.7,
                gid="mgalloys:guide",
                label=f"{guide.label} = const" if k == 0 else "_nolegend_",
            )
        )
        # label where the line leaves the chart at the top (or the right edge)
        lx_top = (ly1 - c0) / s if s > 0 else (ly0 - c0) / s
        if lx0 < lx_top < lx1:
            tx, ty, va = 10**lx_top, 10 ** (ly1 if s > 0 else ly0), "top" if s > 0 else "bottom"
        else:
            tx, ty, va = 10**lx1, 10 ** (s * lx1 + c0), "bottom"
        ax.annotate(
            f"{level:g}",
            (tx, ty),
            xytext=(-2, -2 if va == "top" else 2),
            textcoords="offset points",
            ha="right",
            va=va,
            fontsize=8,
            color=_GUIDE_COLOUR,
            gid="mgalloys:guide-label",
        )
    why = f", {guide.design}" if guide.design else ""
    text = (
        f"{guide.label} = const (slope {s:g}{why});\nlines labelled in {m_unit}"
        if guide.numerator
        else f"guide lines, slope {s:g}"
    )
    return [Line2D([], [], color=_GUIDE_COLOUR, linestyle=(0, (5, 4)), label=text)]


def _draw_families(ax: Axes, plan: _Plan, mpl: Any) -> tuple[list[Any], list[tuple[str, float, float]]]:
    """Clouds and points; a record in several families is filled in its first, ringed in its second."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    shown_in: dict[str, list[Family]] = {}
    for cloud in plan.clouds:
        for rid, _, _ in cloud.points:
            shown_in.setdefault(rid, []).append(cloud.family)
    handles: list[Any] = []
    drawn: list[tuple[str, float, float]] = []
    for cloud in plan.clouds:
        colour, marker = (
            _colour(cloud.family),
            FAMILY_MARKERS[(cloud.family.number - 1) % len(FAMILY_MARKERS)],
        )
        n = len(cloud.points)
        label = f"{cloud.family.id} ({n}/{cloud.members})"
        inside = [(px, py) for rid, px, py in cloud.points if rid not in plan.clipped]
        if inside:
            ax.add_patch(
                Polygon(
                    _cloud_outline(plan.box, inside, 0.018),
                    closed=True,
                    facecolor=mpl.colors.to_rgba(colour, 0.12),
                    edgecolor=mpl.colors.to_rgba(colour, 0.85),
                    linewidth=1.1,
                    zorder=1,
                    gid=f"mgalloys:family:{cloud.family.id}",
                    label=label,
                )
            )
        own = [p for p in cloud.points if shown_in[p[0]][0] is cloud.family and p[0] not in plan.clipped]
        rings = [_colour(shown_in[rid][1]) if len(shown_in[rid]) > 1 else "white" for rid, _, _ in own]
        ax.scatter(
            [px for _, px, _ in own],
            [py for _, _, py in own],
            s=[40 if c != "white" else 30 for c in rings],
            color=colour,
            marker=marker,
            edgecolors=rings,
            linewidths=[1.6 if c != "white" else 0.5 for c in rings],
            zorder=3,
            gid=f"mgalloys:points:{cloud.family.id}",
            label="_nolegend_",
        )
        drawn.extend(own)
        handles.append(
            Line2D(
                [],
                [],
                marker=marker,
                linestyle="none",
                markersize=7,
                markeredgecolor=colour,
                markerfacecolor=colour if n else "none",
                label=label,
            )
        )
    if any(len(fs) > 1 for fs in shown_in.values()):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                color="#bbbbbb",
                markeredgecolor="#333333",
                markeredgewidth=1.6,
                linestyle="none",
                label="ring: also in another family",
            )
        )
    return handles, drawn


def _draw_references(ax: Axes, plan: _Plan, taken: list[Any]) -> list[Any]:
    from matplotlib.lines import Line2D

    if not plan.refs and not any(o.gid == "mgalloys:reference-edge" for o in plan.off_chart):
        return []
    if plan.refs:
        ax.scatter(
            [px for _, px, _ in plan.refs],
            [py for _, _, py in plan.refs],
            s=46,
            marker="D",
            color="black",
            edgecolors="white",
            linewidths=0.8,
            zorder=4,
            gid="mgalloys:reference",
            label="_nolegend_",
        )
        _place_labels(
            ax,
            [(px, py, rid) for rid, px, py in plan.refs],
            8.5,
            taken,
            fontweight="bold",
            gid="mgalloys:reference-label",
        )
    return [
        Line2D(
            [],
            [],
            marker="D",
            color="black",
            linestyle="none",
            markeredgecolor="white",
            label="reference metals (labelled)",
        )
    ]


def _draw_highlights(ax: Axes, plan: _Plan, taken: list[Any]) -> list[Any]:
    from matplotlib.lines import Line2D

    if not plan.marked:
        return []
    ax.scatter(
        [px for _, px, _ in plan.marked],
        [py for _, _, py in plan.marked],
        s=150,
        facecolors="none",
        edgecolors="black",
        linewidths=1.4,
        zorder=5,
        gid="mgalloys:highlight",
        label="_nolegend_",
    )
    _place_labels(
        ax, [(px, py, rid) for rid, px, py in plan.marked], 8.5, taken, gid="mgalloys:highlight-label"
    )
    return [
        Line2D(
            [],
            [],
            marker="o",
            markersize=11,
            markerfacecolor="none",
            markeredgecolor="black",
            linestyle="none",
            label="highlighted",
        )
    ]


def _edge_position(box: _LogBox, x: float, y: float) -> tuple[float, float, str]:
    """Where a point beyond the axes is drawn: just inside the edge it lies beyond, with an arrow marker."""
    inset = 0.015
    u, v = box.norm(x, y)
    cu, cv = min(max(u, inset), 1 - inset), min(max(v, inset), 1 - inset)
    beyond_x = u > 1 or u < 0
    marker = (">" if u > 1 else "<") if beyond_x else ("^" if v > 1 else "v")
    ex, ey = box.data(cu, cv)
    return ex, ey, marker


def _draw_off_chart(ax: Axes, plan: _Plan, taken: list[Any]) -> list[Any]:
    from matplotlib.lines import Line2D

    if not plan.off_chart:
        return []
    xu, yu = unit_text(plan.ax_x.unit), unit_text(plan.ax_y.unit)
    items = []
    for o in plan.off_chart:
        ex, ey, marker = _edge_position(plan.box, o.x, o.y)
        ax.scatter(
            [ex],
            [ey],
            s=55,
            marker=marker,
            color=o.colour,
            edgecolors="white",
            linewidths=0.6,
            zorder=4,
            gid=o.gid,
            label="_nolegend_",
            clip_on=False,
        )
        items.append((ex, ey, f"{o.label} ({o.x:.3g}, {o.y:.3g})"))
    _place_labels(ax, items, 8, taken, gid="mgalloys:off-chart-label")
    return [
        Line2D(
            [],
            [],
            marker=">",
            color="#555555",
            linestyle="none",
            label=f"beyond the axes: (x, y) in {xu}, {yu}",
        )
    ]


def _finish(ax: Axes, plan: _Plan, handles: list[Any]) -> None:
    from matplotlib.transforms import ScaledTranslation

    total = len({rid for c in plan.clouds for rid, _, _ in c.points})
    members = len({r.record_id for f in plan.fams for r in alloys(family=f.id)})
    clipped = f"; {len(plan.clipped)} far outside the others drawn at the edge" if plan.clipped else ""
    detail = f"the {total} of {members} magnesium records with both values"
    detail += f" (room-temperature defaults{clipped})"
    ax.set_title(
        f"{plan.yi.name} vs {plan.xi.name.lower()}\n" + textwrap.fill(detail, 95),
        fontsize=9.5,
        loc="left",
    )
    # Under the x axis label at a fixed distance in points, not in axes fractions: constrained
    # layout then makes room for the whole legend inside the figure (an offset in axes fractions
    # moved as the layout shrank the axes, and the legend ran off the figure's bottom edge).
    below = ScaledTranslation(0, -_below_x_axis_pt() / 72, ax.figure.dpi_scale_trans)
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=ax.transAxes + below,
        borderaxespad=0.0,
        fontsize=8,
        ncol=3,
        title="family (records drawn / members)",
        title_fontsize=8,
        frameon=False,
    )


def _below_x_axis_pt() -> float:
    """Height in points of what hangs under the axes: ticks, tick labels (9 pt), the axis label
    (10 pt, as _set_up_axes draws them), and a gap before the legend."""
    import matplotlib

    rc = matplotlib.rcParams
    line = 1.2  # a line of text, in font sizes (with descenders: "ρ", "g/cm³")
    ticks = rc["xtick.major.size"] + rc["xtick.major.pad"] + 9 * line
    return float(ticks + rc["axes.labelpad"] + 10 * line + 2)


def _figure() -> Figure:
    _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=_FIGSIZE, dpi=_DPI, layout="constrained")
    FigureCanvasAgg(fig)  # render with Agg: no window, no pyplot state
    return fig


_FORMATS = (".png", ".svg", ".pdf")


def _parse_units(units: Mapping[str, Any] | Sequence[str] | None) -> dict[str, Any]:
    if units is None:
        return {}
    if isinstance(units, Mapping):
        return dict(units)
    from .inputs import key_value_pairs

    pairs = key_value_pairs(units, "units", "'property=unit', e.g. 'uts=ksi' or 'y=ksi'")
    return {key: unit.strip() for key, unit in pairs}


def chart_command(
    x: str = "density",
    y: str = "tensile_strength",
    family: str | None = None,
    output: str | Path = "chart.png",
    index: str | float | None = None,
    units: Mapping[str, Any] | Sequence[str] | None = None,
    *,
    references: bool = True,
    fit_references: bool = False,
    clip_outliers: bool = True,
    highlight: Sequence[str] = (),
) -> Path:
    """Draw an Ashby chart and save it (1200 x 800 px PNG; .svg and .pdf work too); return the path.

    For ``mgalloys chart``: ``family`` limits the chart to one family and shades its target when
    the target has a room-temperature threshold on ``x`` or ``y``; ``units`` is a mapping or
    ``"key=unit"`` strings (``["uts=ksi"]``); ``references``, ``fit_references``,
    ``clip_outliers`` and ``highlight`` as in ``ashby``. Draws with Agg and never opens a window.
    """
    parsed = _parse_units(units)  # bad input fails before any drawing
    path = Path(output)
    if path.suffix.lower() not in _FORMATS:
        raise PlotError(f"cannot write {str(path)!r}: the output must end in {', '.join(_FORMATS)}")
    if not path.parent.is_dir():
        raise PlotError(f"cannot write {str(path)!r}: the folder {str(path.parent)!r} does not exist")
    shade = None
    if family is not None:
        fam = get_family(family)
        if drawable_criteria(fam, x, y)[0]:
            shade = fam
    fig = _figure()
    ax = fig.add_subplot()
    ashby(
        x,
        y,
        units=parsed,
        families=family,
        target=shade,
        index=index,
        ax=ax,
        references=references,
        fit_references=fit_references,
        clip_outliers=clip_outliers,
        highlight=list(highlight) or None,
    )
    fig.savefig(path, dpi=_DPI)
    return path


# --- properties across temperature (issue 11) -----------------------------------------------------
def _curves_to_draw(
    records: Sequence[Alloy], info: PropertyInfo, all_sources: bool
) -> tuple[list[Any], list[str]]:
    drawn: list[Any] = []
    missing: list[str] = []
    for r in records:
        found = r.curves(info) if all_sources else tuple(c for c in (r.curve(info),) if c is not None)
        drawn.extend(found)
        if not found:
            missing.append(r.record_id)
    return drawn, missing


def _target_lines(tgt: Target, info: PropertyInfo) -> list[tuple[Criterion, Any]]:
    lines = [(c, _threshold(c)) for c in tgt.criteria if c.property == info.id]
    lines = [(c, q) for c, q in lines if q is not None]
    if not lines:
        raise PlotError(
            f"target {tgt} has nothing to draw on a chart of {info.id}: none of its criteria "
            f"({tgt.text or 'none'}) is a threshold on {info.id}"
        )
    return lines


def _draw_curve(ax: Axes, c: Any, t_unit: str, y_unit: str) -> None:
    """One curve: its points joined by straight lines; hollow markers for digitised points."""
    ts = c.temperatures.to(t_unit).magnitude
    ys = c.values.to(y_unit).magnitude
    (line,) = ax.plot(ts, ys, "-", linewidth=1.6, label=c.label, gid="mgalloys:curve")
    printed = [p.reading == "printed" for p in c.points]
    for keep, face in ((True, line.get_color()), (False, "none")):
        sel = [i for i, p in enumerate(printed) if p == keep]
        if sel:
            ax.scatter(
                ts[sel],
                ys[sel],
                s=30,
                facecolors=face,
                edgecolors=line.get_color(),
                zorder=4,
                gid="mgalloys:curve-points",
                label="_nolegend_",
            )


def _draw_threshold(ax: Axes, c: Criterion, y: float, t_unit: str, span: tuple[float, float]) -> None:
    """A target's threshold: across its temperature window, dashed across the chart at RT."""
    t_lo, t_hi = span
    lo = t_lo if c.temperature_min is None else float(c.temperature_min.to(t_unit).magnitude)
    hi = t_hi if c.temperature_max is None else float(c.temperature_max.to(t_unit).magnitude)
    if c.room_temperature:
        ax.axhline(
            y,
            color=_TARGET_COLOUR,
            linestyle="--",
            linewidth=1.2,
            gid="mgalloys:target",
            label=f"target: {c.text} (room temperature)",
        )
    elif lo == hi:
        ax.plot(
            [lo],
            [y],
            marker="_",
            markersize=30,
            markeredgewidth=2.5,
            color=_TARGET_COLOUR,
            linestyle="none",
            gid="mgalloys:target",
            label=f"target: {c.text}",
        )
    else:
        ax.hlines(
            y,
            lo,
            hi,
            color=_TARGET_COLOUR,
            linewidth=2.5,
            gid="mgalloys:target",
            label=f"target: {c.text}",
        )


def vs_temperature(
    alloys: str | Alloy | Iterable[str | Alloy],
    prop: str | PropertyInfo = "tensile_strength",
    *,
    target: Target | Family | str | None = None,
    unit: str | None = None,
    temperature_unit: str = "degC",
    all_sources: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Draw a property against test temperature for some records and return the Axes.

    Each record's default curve (every curve with ``all_sources=True``) is drawn as its points
    joined by straight lines (what ``mgalloys.Alloy.at`` interpolates), filled markers for
    printed points and hollow ones for points read off a plot; the legend names record, source
    and kind. Records without a curve of ``prop`` are named in the legend. ``target`` (a
    Family, a Target or a text) draws each threshold on ``prop``: across its temperature window
    for ``at``/range criteria, as a dashed line across the chart for room-temperature ones.

    Raises:
        NoPlotDataError: none of the records has a curve of ``prop``.
        PlotError: a target without a threshold on ``prop``.
        WrongDimensionError, UnitParseError: a unit that does not fit its axis.
    """
    _matplotlib()
    info = property_info(prop)
    y_unit = info.unit if unit is None else unit
    info.coerce(quantity(1.0, y_unit))
    if quantity(1.0, temperature_unit).dimensionality != quantity(1.0, "kelvin").dimensionality:
        raise WrongDimensionError("the temperature axis", "[temperature]", temperature_unit)
    records = _records(alloys)
    drawn, missing = _curves_to_draw(records, info, all_sources)
    if not drawn:
        raise NoPlotDataError(
            f"no curve of {info.id} across temperature for {', '.join(r.record_id for r in records)}"
        )
    lines = _target_lines(_target(target), info) if target is not None else []
    if ax is None:
        import matplotlib.pyplot as plt

        _fig, ax = plt.subplots(figsize=(12, 8), dpi=100, layout="constrained")
    for c in drawn:
        _draw_curve(ax, c, temperature_unit, y_unit)
    t_lo, t_hi = ax.get_xlim()
    for c, q in lines:
        _draw_threshold(ax, c, float(info.coerce(q).to(y_unit).magnitude), temperature_unit, (t_lo, t_hi))
    ax.set_xlim(t_lo, t_hi)
    ax.set_xlabel(f"test temperature [{unit_text(parse_unit(temperature_unit))}]")
    ax.set_ylabel(f"{info.name} [{unit_text(parse_unit(y_unit))}]")
    ax.grid(True, color="#dddddd", linewidth=0.8)
    if missing:
        ax.plot([], [], linestyle="none", label=f"no curve of {info.id}: {', '.join(missing)}")
    ax.set_title(
        f"{info.name} across temperature (lines join one source's points; hollow markers: read off a plot)",
        fontsize=10,
        loc="left",
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize=8, frameon=False)
    return ax


def vs_temperature_command(
    names: Sequence[str],
    prop: str = "tensile_strength",
    target: str | None = None,
    output: str | Path = "curves.png",
    unit: str | None = None,
    temperature_unit: str = "degC",
    all_sources: bool = False,
) -> Path:
    """Draw ``vs_temperature`` and save it (PNG, SVG or PDF); return the path. For
    ``mgalloys vs-temperature``; ``target`` is a family id or a target text."""
    path = Path(output)
    if path.suffix.lower() not in _FORMATS:
        raise PlotError(f"cannot write {str(path)!r}: the output must end in {', '.join(_FORMATS)}")
    if not path.parent.is_dir():
        raise PlotError(f"cannot write {str(path)!r}: the folder {str(path.parent)!r} does not exist")
    fig = _figure()
    ax = fig.add_subplot()
    vs_temperature(
        names,
        prop,
        target=target,
        unit=unit,
        temperature_unit=temperature_unit,
        all_sources=all_sources,
        ax=ax,
    )
    fig.savefig(path, dpi=100)
    return path
