"""Ashby charts: one property against another on log-log axes, each family as a cloud, the
reference metals as labelled diamonds, a target's region shaded and performance-index guide lines.
Drawn with matplotlib (the optional 'plot' extra), from the plan of `mgalloys.plot.layout`.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..catalog import Catalog, get_catalog, with_catalog
from ..errors import MatplotlibMissingError
from ..families import Family
from ..models import Alloy
from ..propertytable import PropertyInfo
from ..targets import Target
from ..units import unit_text
from .indices import GuideIndex
from .layout import (
    FAMILY_MARKERS,
    GUIDE_COLOUR,
    TARGET_COLOUR,
    ChartPlan,
    LogBox,
    cloud_outline,
    criterion_text,
    family_colour,
    nice_levels,
    plan_chart,
)

try:  # the optional 'plot' extra
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Polygon
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter, NullLocator
    from matplotlib.transforms import Bbox, ScaledTranslation
except ImportError:  # pragma: no cover - tested where matplotlib is missing
    raise MatplotlibMissingError(
        "charts need matplotlib, the optional 'plot' extra: pip install '.[plot]' in a clone of mgalloys"
    ) from None

__all__ = ["DPI", "FIGSIZE", "Axes", "ashby", "new_figure", "plt"]


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
    r = size_pt * ax.figure.dpi / 72.0 / 2
    out = []
    for x, y in pts:
        px, py = ax.transData.transform((x, y))
        out.append(Bbox.from_extents(px - r, py - r, px + r, py + r))
    return out


def _log_ticks(ax: Axes) -> None:
    """Plain-number tick labels (``2``, ``300``), dense enough to read values off short axes."""

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
    mpl = matplotlib
    plan = plan_chart(
        x, y, units, families, highlight, target, index, references, fit_references, clip_outliers
    )
    if ax is None:
        _fig, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI, layout="constrained")
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
FIGSIZE = (8.0, 16.0 / 3.0)
DPI = 150


def _set_up_axes(ax: Axes, plan: ChartPlan) -> None:
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


def _target_label(plan: ChartPlan) -> str:
    tgt = plan.tgt
    assert tgt is not None
    named = tgt.name if tgt.name and not re.search(r"[<>≤≥]", tgt.name) else ""
    shown = "; ".join(
        criterion_text(c, plan.ax_x if c.property == plan.xi.id else plan.ax_y) for c in plan.shade
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


def _draw_target(ax: Axes, plan: ChartPlan) -> list[Any]:
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
        facecolor=TARGET_COLOUR,
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
        edgecolor=TARGET_COLOUR,
        linestyle="--",
        linewidth=1.2,
        zorder=0.6,
        gid="mgalloys:target-edge",
    )
    ax.add_patch(edge)
    return [Patch(facecolor=TARGET_COLOUR, alpha=0.25, edgecolor=TARGET_COLOUR, label=label)]


def _draw_guides(ax: Axes, plan: ChartPlan) -> list[Any]:
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
    for k, level in enumerate(nice_levels(m_lo, m_hi)):
        c0 = s * math.log10(level)
        ax.add_line(
            Line2D(
                [10**lx0, 10**lx1],
                [10 ** (s * lx0 + c0), 10 ** (s * lx1 + c0)],
                color=GUIDE_COLOUR,
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
            color=GUIDE_COLOUR,
            gid="mgalloys:guide-label",
        )
    why = f", {guide.design}" if guide.design else ""
    text = (
        f"{guide.label} = const (slope {s:g}{why});\nlines labelled in {m_unit}"
        if guide.numerator
        else f"guide lines, slope {s:g}"
    )
    return [Line2D([], [], color=GUIDE_COLOUR, linestyle=(0, (5, 4)), label=text)]


def _draw_families(ax: Axes, plan: ChartPlan, mpl: Any) -> tuple[list[Any], list[tuple[str, float, float]]]:
    """Clouds and points; a record in several families is filled in its first, ringed in its second."""

    shown_in: dict[str, list[Family]] = {}
    for cloud in plan.clouds:
        for rid, _, _ in cloud.points:
            shown_in.setdefault(rid, []).append(cloud.family)
    handles: list[Any] = []
    drawn: list[tuple[str, float, float]] = []
    for cloud in plan.clouds:
        colour, marker = (
            family_colour(cloud.family),
            FAMILY_MARKERS[(cloud.family.number - 1) % len(FAMILY_MARKERS)],
        )
        n = len(cloud.points)
        label = f"{cloud.family.id} ({n}/{cloud.members})"
        inside = [(px, py) for rid, px, py in cloud.points if rid not in plan.clipped]
        if inside:
            ax.add_patch(
                Polygon(
                    cloud_outline(plan.box, inside, 0.018),
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
        rings = [family_colour(shown_in[rid][1]) if len(shown_in[rid]) > 1 else "white" for rid, _, _ in own]
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


def _draw_references(ax: Axes, plan: ChartPlan, taken: list[Any]) -> list[Any]:
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


def _draw_highlights(ax: Axes, plan: ChartPlan, taken: list[Any]) -> list[Any]:
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


def _edge_position(box: LogBox, x: float, y: float) -> tuple[float, float, str]:
    """Where a point beyond the axes is drawn: just inside the edge it lies beyond, with an arrow marker."""
    inset = 0.015
    u, v = box.norm(x, y)
    cu, cv = min(max(u, inset), 1 - inset), min(max(v, inset), 1 - inset)
    beyond_x = u > 1 or u < 0
    marker = (">" if u > 1 else "<") if beyond_x else ("^" if v > 1 else "v")
    ex, ey = box.data(cu, cv)
    return ex, ey, marker


def _draw_off_chart(ax: Axes, plan: ChartPlan, taken: list[Any]) -> list[Any]:
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


def _finish(ax: Axes, plan: ChartPlan, handles: list[Any]) -> None:
    total = len({rid for c in plan.clouds for rid, _, _ in c.points})
    members = len({r.record_id for f in plan.fams for r in get_catalog().select(family=f.id)})
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
    rc = matplotlib.rcParams
    line = 1.2  # a line of text, in font sizes (with descenders: "ρ", "g/cm³")
    ticks = rc["xtick.major.size"] + rc["xtick.major.pad"] + 9 * line
    return float(ticks + rc["axes.labelpad"] + 10 * line + 2)


def new_figure() -> Figure:
    """A figure of the default size rendered with Agg: no window, no pyplot state."""
    fig = Figure(figsize=FIGSIZE, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)  # render with Agg: no window, no pyplot state
    return fig
