"""Benchmark of curves across temperature (issue 11).

Run: ``python benchmarks/bench_curves.py [--n 1000000] [--repeats 15] [--strict]``

``at()`` over ``n`` temperatures (a float64 Quantity array in °C, uniform over a span 10 % wider
than the curve's on each side, so some answers are unknown) is compared with ``numpy.interp`` on
the same magnitudes and the curve's points converted to °C once: the baseline does no unit
handling, no validity check and no wrapping. Both run in this process, interleaved; each figure is
the median of the repeats. Goal: time ratio <= 1.5. ``--strict`` exits 1 when it is missed.

Measured on a synthetic 8-point curve (``Curve.at``) and, when the bundled data has curves, on
the bundled curve with the most points through ``Alloy.at`` (record lookup, property
resolution and the default pick included).
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
from mgalloys.curves import Curve

GOAL = 1.5
# a made-up strength curve: only its shape matters here
SYNTHETIC = [(t, 250.0 - 0.004 * t * t / 10) for t in (20.0, 100.0, 150.0, 200.0, 250.0, 300.0, 350.0, 400.0)]


def _time(fn: Callable[[], Any]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _compare(ours: Callable[[], Any], base: Callable[[], Any], repeats: int) -> tuple[float, float]:
    ours(), base()  # warm up
    a, b = [], []
    for _ in range(repeats):
        a.append(_time(ours))
        b.append(_time(base))
    return statistics.median(a), statistics.median(b)


def _case(name: str, curve: Curve, at: Callable[[Any], Any], n: int, repeats: int) -> dict[str, Any]:
    lo, hi = (float(q.magnitude) for q in curve.validity)
    pad = 0.1 * (hi - lo)
    temps_c = np.random.default_rng(0).uniform(lo - pad, hi + pad, n)
    q = mg.ureg.Quantity(temps_c, "degC")
    xp = curve.temperatures.magnitude.copy()
    fp = curve.values.magnitude.copy()
    ours = at(q).values.magnitude
    base = np.interp(temps_c, xp, fp)
    inside = (temps_c >= xp[0]) & (temps_c <= xp[-1])
    assert np.allclose(ours[inside], base[inside]), "at() and numpy.interp disagree inside the curve"
    t_ours, t_base = _compare(lambda: at(q), lambda: np.interp(temps_c, xp, fp), repeats)
    return {"case": name, "n": n, "ours_ms": t_ours * 1e3, "numpy_ms": t_base * 1e3, "ratio": t_ours / t_base}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--repeats", type=int, default=15)
    p.add_argument("--strict", action="store_true")
    args = p.parse_args(argv)

    synthetic = Curve.from_points("uts", [(f"{t} degC", f"{v} MPa") for t, v in SYNTHETIC], source="bench")
    results = [_case("Curve.at (synthetic, 8 points)", synthetic, synthetic.at, args.n, args.repeats)]
    bundled = sorted((c for a in mg.alloys() for c in a.series), key=lambda c: len(c.points))
    if bundled:
        c = bundled[-1]
        record = mg.alloy(c.record_id)

        def at(q: Any) -> Any:
            return record.at(c.property, q, source=c.source.key, kind=c.kind)

        name = f"Alloy.at ({c.record_id} {c.property}, {c.source.key}, {len(c.points)} points)"
        results.append(_case(name, c, at, args.n, args.repeats))
    else:
        print("(the bundled data has no curves yet: Alloy.at not measured)")
    ok = True
    for r in results:
        verdict = "ok" if r["ratio"] <= GOAL else "MISSED"
        ok &= r["ratio"] <= GOAL
        print(
            f"{r['case']}: n={r['n']:,} at() {r['ours_ms']:.2f} ms, numpy.interp {r['numpy_ms']:.2f} ms, "
            f"ratio {r['ratio']:.2f} (goal <= {GOAL}) {verdict}"
        )
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
