"""Benchmark of single calls (issue 26): one check, the scorecard, one ``at()``, one property.

Run: ``python benchmarks/bench_single.py [--repeats 7] [--strict]``

Each call is timed against a baseline measured in the same process, interleaved, so that machine
load affects both alike; each figure is the median of the repeats of many calls. The baselines
are what the call could not do with less: comparing two ready Quantities (a check of one criterion
written by hand with pint), numpy.interp plus building the one Quantity of the answer, building a
fresh Quantity. ``--strict`` exits 1 when a goal is missed.

=============================  ==========================================================  =====
call                           baseline                                                    goal
=============================  ==========================================================  =====
``mg.check("AZ91D", 8)``       ``uts > thr`` on two ready Quantities                        60x
``mg.scorecard()``             as many such comparisons as the scorecard has cells          35x
``alloy.at("uts", T)``         ``numpy.interp`` of one temperature plus one Quantity       10x
``alloy.density``              ``Quantity(1.81, unit)`` (a ready Unit)                       1x
=============================  ==========================================================  =====
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout, not an installed copy

import mgalloys as mg


def _per_call(fn: Callable[[], Any], number: int) -> float:
    gc.collect()
    t0 = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - t0) / number


def _ratio(
    ours: Callable[[], Any], base: Callable[[], Any], number: int, repeats: int
) -> tuple[float, float]:
    """Median seconds per call of ``ours`` and of ``base``, interleaved."""
    ours(), base()  # warm caches on both sides
    a, b = [], []
    for _ in range(repeats):
        a.append(_per_call(ours, number))
        b.append(_per_call(base, number))
    return statistics.median(a), statistics.median(b)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--repeats", type=int, default=7)
    p.add_argument("--strict", action="store_true")
    args = p.parse_args(argv)

    mg.scorecard()  # the catalog and the families, built once as for any user
    uts, thr = mg.Q_("240 MPa"), mg.Q_("300 MPa")
    cells = len(mg.alloys()) * len(mg.families())

    def compare() -> bool:
        return bool(uts > thr)

    def compare_cells() -> None:
        for _ in range(cells):
            compare()

    ez = mg.alloy("EZ33A-T5")
    curve = ez.curve("uts")
    assert curve is not None
    xp, fp = curve.temperatures.magnitude.copy(), curve.values.magnitude.copy()
    t = mg.Q_("250 degC")
    # the baselines build their Quantity from a ready Unit, as code that knows its unit would
    # (parsing a unit string costs pint far more than the Quantity itself)
    quantity = mg.ureg.get().Quantity
    mpa, g_cm3 = mg.ureg.get().Unit("MPa"), mg.ureg.get().Unit("g/cm**3")

    def interp() -> Any:
        return quantity(float(np.interp(250.0, xp, fp)), mpa)

    az = mg.alloy("AZ91D")
    cases: list[tuple[str, Callable[[], Any], Callable[[], Any], int, float]] = [
        ("check AZ91D against family 8", lambda: mg.check("AZ91D", 8), compare, 200, 60.0),
        (f"scorecard ({cells} cells)", mg.scorecard, compare_cells, 1, 35.0),
        ("EZ33A-T5 at('uts', 250 degC)", lambda: ez.at("uts", t), interp, 500, 10.0),
        ("AZ91D density", lambda: az.density, lambda: quantity(1.81, g_cm3), 5000, 1.0),
    ]
    ok = True
    for name, ours, base, number, goal in cases:
        t_ours, t_base = _ratio(ours, base, number, args.repeats)
        ratio = t_ours / t_base
        ok &= ratio <= goal
        verdict = "ok" if ratio <= goal else "MISSED"
        print(
            f"{name}: {t_ours * 1e6:,.1f} us, baseline {t_base * 1e6:,.2f} us, ratio {ratio:.1f} "
            f"(goal <= {goal:g}) {verdict}"
        )
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
