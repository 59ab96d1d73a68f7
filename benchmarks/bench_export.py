"""Benchmark of exports (issue 13): the whole catalog written in each format.

Run: ``python benchmarks/bench_export.py [--repeats 15]``

Baseline, measured in the same run and interleaved: ``json.dumps`` of every record's
``model_dump(mode="json")`` (serialising the same records with pydantic, no unit conversion and
no provenance text). Reported: per format the median time of ``mg.export(catalog, to=FORMAT,
units="mm-t-s", partial=True)`` and its ratio to the baseline's median. Goal: ratio <= 1.5 for
every format (an export converts units and writes the provenance of every number; CSV and JSON
also write one citation per value, and are the slowest).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable

import mgalloys as mg

FORMATS = ("abaqus", "lsdyna", "matml", "csv", "json")


def _time(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    records = mg.alloys()

    def baseline() -> str:
        return json.dumps([r.model_dump(mode="json") for r in records])

    runs: dict[str, list[float]] = {"baseline": [], **{f: [] for f in FORMATS}}
    for f in FORMATS:  # warm caches (unit parsing, conversions) once
        mg.export(records, to=f, units="mm-t-s", partial=True)
    baseline()
    for _ in range(args.repeats):
        runs["baseline"].append(_time(baseline))
        for f in FORMATS:
            runs[f].append(_time(lambda f=f: mg.export(records, to=f, units="mm-t-s", partial=True)))
    base = statistics.median(runs["baseline"])
    res = {"records": float(len(records)), "baseline_model_dump_json_ms": base * 1e3}
    for f in FORMATS:
        med = statistics.median(runs[f])
        res[f"{f}_ms"] = med * 1e3
        res[f"{f}_ratio"] = med / base
    for k, v in res.items():
        print(f"{k:32s} {v:.4g}")
    return res


if __name__ == "__main__":
    main()
