"""Charts across temperature: each record's curves (one source's points joined), a target's
thresholds at their temperatures. Drawn with matplotlib (the optional 'plot' extra).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import NoPlotDataError, PlotError, WrongDimensionError
from ..families import Family
from ..models import Alloy
from ..propertytable import PropertyInfo, property_info
from ..targets import Criterion, Target
from ..units import parse_unit, quantity, unit_text
from .ashby import Axes, plt
from .layout import TARGET_COLOUR, as_chart_target, chart_records, threshold_of

__all__ = ["vs_temperature"]


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
    lines = [(c, threshold_of(c)) for c in tgt.criteria if c.property == info.id]
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
            color=TARGET_COLOUR,
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
            color=TARGET_COLOUR,
            linestyle="none",
            gid="mgalloys:target",
            label=f"target: {c.text}",
        )
    else:
        ax.hlines(
            y,
            lo,
            hi,
            color=TARGET_COLOUR,
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
    info = property_info(prop)
    y_unit = info.unit if unit is None else unit
    info.coerce(quantity(1.0, y_unit))
    if quantity(1.0, temperature_unit).dimensionality != quantity(1.0, "kelvin").dimensionality:
        raise WrongDimensionError("the temperature axis", "[temperature]", temperature_unit)
    records = chart_records(alloys)
    drawn, missing = _curves_to_draw(records, info, all_sources)
    if not drawn:
        raise NoPlotDataError(
            f"no curve of {info.id} across temperature for {', '.join(r.record_id for r in records)}"
        )
    lines = _target_lines(as_chart_target(target), info) if target is not None else []
    if ax is None:
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
