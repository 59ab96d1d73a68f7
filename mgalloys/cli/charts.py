"""The chart commands: ``mgalloys chart`` (an Ashby chart) and ``mgalloys vs-temperature``
(properties across temperature), each drawn with Agg and saved (PNG, SVG or PDF)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import mgalloys as mg

from ..errors import PlotError
from ..inputs import key_value_pairs
from .output import EXIT_OK

__all__ = ["chart_command", "cmd_chart", "cmd_vs_temperature", "vs_temperature_command"]


_FORMATS = (".png", ".svg", ".pdf")


def _parse_units(units: Mapping[str, Any] | Sequence[str] | None) -> dict[str, Any]:
    if units is None:
        return {}
    if isinstance(units, Mapping):
        return dict(units)
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
    members: str | None = None,
) -> Path:
    """Draw an Ashby chart and save it (1200 x 800 px PNG; .svg and .pdf work too); return the path.

    For ``mgalloys chart``: ``family`` shades a family's target when it has a room-temperature
    threshold on ``x`` or ``y``; ``members`` draws only the members of a family (as the command
    line's ``--family`` and ``--members``); ``units`` is a mapping or
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
        fam = mg.family(family)
        if mg.plot.drawable_criteria(fam, x, y)[0]:
            shade = fam
    fig = mg.plot.new_figure()
    ax = fig.add_subplot()
    mg.plot.ashby(
        x,
        y,
        units=parsed,
        families=members,
        target=shade,
        index=index,
        ax=ax,
        references=references,
        fit_references=fit_references,
        clip_outliers=clip_outliers,
        highlight=list(highlight) or None,
    )
    fig.savefig(path, dpi=mg.plot.DPI)
    return path


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
    fig = mg.plot.new_figure()
    ax = fig.add_subplot()
    mg.plot.vs_temperature(
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


def cmd_chart(args: argparse.Namespace) -> int:
    path = chart_command(
        args.x, args.y, args.family, args.output, args.index, args.units,
        references=args.references, fit_references=args.fit_references,
        clip_outliers=args.clip, highlight=args.highlight or (), members=args.members,
    )  # fmt: skip
    print(path)
    return EXIT_OK


def cmd_vs_temperature(args: argparse.Namespace) -> int:
    target = args.target if args.target is not None else args.family
    path = vs_temperature_command(
        args.names, args.property, target, args.output, args.unit, args.temperature_unit, args.all_sources
    )
    print(path)
    return EXIT_OK
