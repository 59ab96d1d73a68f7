"""Ashby charts of the bundled alloys: log-log property charts with family clouds and targets.

Matplotlib is an optional extra (``pip install ".[plot]"`` in a clone); it is imported when a chart
is drawn, never by ``import mgalloys`` or ``from mgalloys import plot``: this package loads each
name from its module on first use (``__init__.pyi`` lists them). The modules: ``indices`` (the
guide lines), ``layout`` (the plan of a chart, before drawing), ``ashby`` and ``temperature``
(the drawing).

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

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
