"""Benchmark of ``mg.missing_pieces`` (the coverage page's ranking, issue 25) against the checks it
is built on.

Run: ``python benchmarks/bench_missing.py [--runs 7]``

``missing_pieces()`` checks every bundled record against every family, as ``mg.scorecard()`` does,
then names the pieces each unknown verdict waits on and the documents that may print them. Its
time is reported as a ratio to ``mg.scorecard()`` measured in the same process, interleaved, so
that machine load affects both alike; each figure is the median over the runs, after one warm-up
of each (the catalog and every record built). The goal is a ratio of at most 1.5: the ranking and
its leads cost less than half as much again as the checks themselves. The docs build runs it once,
for the coverage page.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import mgalloys as mg

GOAL = 1.5


def _time(fn: object) -> float:
    t = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - t


def main() -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    mg.scorecard(), mg.missing_pieces()  # warm: the catalog, every record, the search logs' files
    ours, base = [], []
    for _ in range(args.runs):
        base.append(_time(mg.scorecard))
        ours.append(_time(mg.missing_pieces))
    result = {
        "missing_pieces_s": statistics.median(ours),
        "scorecard_s": statistics.median(base),
        "ratio": statistics.median(ours) / statistics.median(base),
        "goal": GOAL,
    }
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
