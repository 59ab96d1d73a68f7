"""Benchmark of the readers: every parser linear (issue 22), and loading a folder (issue 26).

Run: ``python benchmarks/bench_readers.py [--size 1000000] [--repeats 3] [--strict]``

1. **Every parser stays linear.** Each parser of user text gets hostile inputs of ``--size``
   characters (10^6) and of a quarter of that: the strict CSV reader (short rows, quoted cells full
   of commas and doubled quotes, one huge quoted cell, a quote never closed), ``parse_designation``
   (a temper of a million digits took quadratic time, 200,000 characters 38 s), the identity of
   names (``name_key``, Unicode look-alikes), the screen's row count, and the parsers that refuse
   long text at once (quantities, targets, lookups). Figures per input: seconds at the full size
   (goal: under 1 s), growth from a quarter to the full size (linear: about 4; quadratic: 16;
   from a tenth, caches blur it), and the ratio to a baseline on the same input in the same run
   (``csv.reader``, ``str.split``, ``bytes.count``).
2. **mg.load against pandas.** A folder of 5,000 records and 25,000 values (5 per record) loaded
   with ``mg.load`` (the bundled data already in memory, as in a session), against pandas
   reading the same files (``pd.read_csv`` of every CSV of the folder, as strings). Issue 26's
   goal: ratio <= 10.

Parser figures are the best of the repeats (on a shared machine the others measure its load);
the load figures are medians of interleaved runs. ``--strict`` exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout, not an installed copy

from userfolder import user_folder  # noqa: E402  (benchmarks/, beside this script)

import mgalloys as mg  # noqa: E402
from mgalloys.names import name_key  # noqa: E402
from mgalloys.strictcsv import read_csv  # noqa: E402
from mgalloys.tablefiles import _rows_lost  # noqa: E402

GOAL_SECONDS = 1.0
GOAL_LOAD_RATIO = 10.0


def _best(fn: Callable[[], Any], repeats: int) -> float:
    """The fastest of the repeats: on a shared machine the other figures measure its load."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        with contextlib.suppress(mg.MgAlloysError):
            fn()
        times.append(time.perf_counter() - t0)
    return min(times)


# --- inputs of n characters --------------------------------------------------------------------
def _csv_inputs(n: int) -> dict[str, str]:
    row = "XA1-T6,tensile_strength,250,MPa,typical,RT,lab,s1\n"
    quoted = 'XA1-T6,tensile_strength,250,MPa,typical,RT,lab,"a, ""b"", c"\n'
    header = "record_id,property,value,unit,kind,test_temperature,source,locator\n"
    cell = "x" * (n - 60)
    return {
        "short rows": header + row * (n // len(row)),
        "quoted cells": header + quoted * (n // len(quoted)),
        "one long cell": 'a,b\n1,"' + cell + '"\n',
        "doubled quotes": 'a,b\n1,"' + '""' * ((n - 10) // 2) + '"\n',
        "quote never closed": 'a,b\n1,"' + cell + "\n",
    }


def _text_inputs(n: int) -> dict[str, tuple[Callable[[str], Any], str, Callable[[str], Any]]]:
    """name -> (parser, input, baseline on the same input)."""
    split = str.split
    return {
        "parse_designation: temper of n digits": (mg.parse_designation, "AZ91D-T" + "1" * n, split),
        "parse_designation: n dashes and letters": (mg.parse_designation, "AZ91-" + "D-" * (n // 2), split),
        "parse_designation: full-width": (mg.parse_designation, "\uff21\uff3a" * (n // 2), split),
        "name_key: look-alikes": (name_key, "AZ91D\u2010F\u00a0" * (n // 8), split),
        "name_key: ASCII": (name_key, "az91d f-" * (n // 8), split),
        "quantity (refused at once)": (mg.Q_, "1" * n + " MPa", split),
        "target (refused at once)": (mg.target, "uts > " + "1" * n + " MPa", split),
        "lookup (refused at once)": (mg.alloy, "A" * n, split),
    }


def parsers(size: int, repeats: int) -> dict[str, float]:
    rows: list[tuple[str, float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (size // 4, size):
            for name, text in _csv_inputs(n).items():
                path = Path(tmp) / f"{n}.csv"
                path.write_text(text, encoding="utf-8")

                def base(p: Path = path) -> Any:
                    limit = csv.field_size_limit(sys.maxsize)  # the same million-character cells
                    try:
                        with open(p, newline="", encoding="utf-8") as fh:
                            return list(csv.reader(fh))
                    finally:
                        csv.field_size_limit(limit)  # read_csv runs with the default, as anywhere

                rows.append((f"read_csv: {name}", n, _best(lambda p=path: read_csv(p, "t.csv"), repeats),
                             _best(base, repeats)))  # fmt: skip
            path = Path(tmp) / f"screen{n}.csv"
            path.write_text("u\n" + "1\n" * (n // 2), encoding="utf-8")
            rows_read = len(pd.DataFrame({"u": [1.0] * (n // 2)}))
            count = _best(lambda p=path, r=rows_read: _rows_lost(str(p), r), repeats)
            lines = _best(lambda p=path: p.read_bytes().count(b"\n"), repeats)
            rows.append(("screen's row count", n, count, lines))
        for n in (size // 4, size):
            for name, (fn, text, baseline) in _text_inputs(n).items():
                rows.append((name, n, _best(lambda f=fn, t=text: f(t), repeats),
                             _best(lambda b=baseline, t=text: b(t), repeats)))  # fmt: skip
    return _report(rows, size)


def _report(rows: list[tuple[str, float, float, float]], size: int) -> dict[str, float]:
    small = {name: t for name, n, t, _ in rows if n == size // 4}
    figures: dict[str, float] = {}
    print(f"{'parser and input':<42} {'seconds':>10} {'growth':>7} {'baseline':>9} {'ratio':>7}")
    for name, n, t, b in rows:
        if n != size:
            continue
        growth = t / small[name] if small[name] > 0 else float("nan")
        figures[name] = t
        print(f"{name:<42} {t:>9.4f}s {growth:>7.1f} {b:>8.4f}s {t / b if b else float('nan'):>7.1f}")
    return figures


# --- mg.load against pandas ---------------------------------------------------------------------
def _folder(root: Path, n_records: int = 5000, per_record: int = 5) -> Path:
    """A folder of ``n_records`` records with ``per_record`` values each, at room temperature."""
    return user_folder(root, n_records, per_record)


def load_vs_pandas(repeats: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = _folder(Path(tmp) / "mine")
        files = sorted(root.glob("*/*.csv"))
        mg.alloy("AZ91D")  # the bundled data in memory, as in a session

        def pandas_reads() -> None:
            for f in files:
                pd.read_csv(f, dtype=str, keep_default_na=False)

        times: dict[str, list[float]] = {"mg.load": [], "pandas": []}
        for _ in range(repeats):  # interleaved: both see the same machine load
            for name, fn in (("mg.load", lambda: mg.load(root)), ("pandas", pandas_reads)):
                t0 = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - t0)
    load, base = statistics.median(times["mg.load"]), statistics.median(times["pandas"])
    print(f"\nmg.load of 5000 records / 25000 values: {load:.3f} s; pandas reading the same files "
          f"{base:.3f} s; ratio {load / base:.1f} (issue 26's goal <= {GOAL_LOAD_RATIO:g})")  # fmt: skip
    return {"load_s": load, "pandas_s": base, "load_ratio": load / base}


def main() -> dict[str, float]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of each input (default 10^6)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args()
    figures = parsers(args.size, args.repeats)
    figures |= load_vs_pandas(args.repeats)
    slow = [
        k for k, v in figures.items() if k not in ("load_s", "pandas_s", "load_ratio") and v >= GOAL_SECONDS
    ]
    if slow:
        print(f"over {GOAL_SECONDS:g} s: {', '.join(slow)}")
    if args.strict and (slow or figures["load_ratio"] > GOAL_LOAD_RATIO):
        raise SystemExit(1)
    return figures


if __name__ == "__main__":
    main()
