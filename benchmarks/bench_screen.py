"""Benchmark of screening and tables (issues 5, 24 and 26).

Run: ``python benchmarks/bench_screen.py [--rows 1000000] [--repeats 15] [--parquet-rows 3000000]
[--strict]``

``screen`` on a generated table (float64 columns in MPa, MS/m and g/cm³, 1 % NaN each) against
three criteria whose thresholds are written in other units (ksi, %IACS, lb/in³) is compared with
hand-written numpy that computes the same output from the same float64 arrays: per row the
verdict code (pass / fail / unknown where a needed value is NaN) and per criterion the margin and
the margin fraction. Both run in this process, interleaved, and each figure is the median of the
repeats, so machine load affects both alike. Goals: time ratio <= 1.3, extra peak memory
(tracemalloc) <= 2x the numpy version's. For scale it also times a plain pandas expression of
the pass mask and the numpy pass mask alone, and reports ``to_frame()`` of the bundled data and
``compare`` of three alloys in µs.

The same screen of a Dask DataFrame (8 partitions, threaded scheduler) is compared with the
hand-written numpy run by Dask on the same partitions (goal: <= 1.3x, as for pandas). With
``only="pass"`` on the pandas table, ``screen`` is compared with ``df[mask]`` from the numpy
mask (for scale).

Passing rows of a Parquet file (``--parquet-rows``, default 3x10^6 rows: the three columns, two
more numbers and an alloy name; 1 % of each measured column missing, written as null; row groups
of 250,000 rows): ``screen(pl.scan_parquet(path), ..., only="pass").collect()`` and the command
line's route (with polars installed: the same lazy scan, handed over as an Arrow table in the
file's column types) are each compared with polars reading and filtering the same
file, ``pl.scan_parquet(path).filter(...).collect()``, with the thresholds converted to the
file's units by hand; all give the same rows. Goal: each <= 2x. For information: the command
line's route without polars (pyarrow.dataset, ``read_filtered``), and the whole command writing
a Parquet file. Needs polars and pyarrow (skipped without them). ``--strict`` exits 1 when a
goal is missed.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout, not an installed copy

import mgalloys as mg
from mgalloys.screening import screen
from mgalloys.tables import compare, to_frame

TARGET = "uts > 36 ksi and ec > 25 %IACS and density < 0.065 lb/in**3"
COLUMNS = {
    "tensile_strength": ("UTS (MPa)", "MPa"),
    "electrical_conductivity": ("EC (MS/m)", "MS/m"),
    "density": ("rho (g/cm3)", "g/cm**3"),
}


def _table(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cols = {
        "UTS (MPa)": rng.normal(260.0, 40.0, n),
        "EC (MS/m)": rng.normal(15.0, 3.0, n),
        "rho (g/cm3)": rng.normal(1.78, 0.06, n),
    }
    for arr in cols.values():
        arr[rng.random(n) < 0.01] = np.nan
    return pd.DataFrame(cols)


def _numpy_same_output(x1: Any, x2: Any, x3: Any, k: dict[str, float]) -> tuple[Any, ...]:
    """Hand-written numpy: verdict codes (0 pass, 1 fail, 2 unknown), margins and fractions."""
    m1 = x1 - k["t1"]
    m2 = x2 - k["t2"]
    m3 = k["t3"] - x3
    ok = m1 > 0
    ok &= m2 > 0
    ok &= m3 > 0
    bad = m1 <= 0  # NaN compares False: never a fail
    bad |= m2 <= 0
    bad |= m3 <= 0
    codes = (~ok).view(np.int8)
    codes += codes
    codes -= bad.view(np.int8)
    return codes, m1, m2, m3, m1 * k["f1"], m2 * k["f2"], m3 * k["f3"]


def _numpy_frame(part: pd.DataFrame, k: dict[str, float]) -> pd.DataFrame:
    """The hand-written numpy on one Dask partition, as a frame (verdict codes, margins, fractions)."""
    arrays = (part[c].to_numpy(dtype=np.float64) for c, _ in COLUMNS.values())
    out = _numpy_same_output(*arrays, k)
    names = ["codes", "m1", "m2", "m3", "f1", "f2", "f3"]
    return pd.DataFrame(dict(zip(names, out, strict=True)), index=part.index)


def _numpy_mask(x1: Any, x2: Any, x3: Any, k: dict[str, float]) -> Any:
    mask = x1 > k["t1"]
    mask &= x2 > k["t2"]
    mask &= x3 < k["t3"]
    return mask


def _median_times(fns: dict[str, Callable[[], Any]], repeats: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():  # interleaved: load drifts hit every variant alike
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def _peak(fn: Callable[[], Any]) -> float:
    """Peak bytes allocated (tracemalloc) while ``fn`` runs, the result included."""
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    out = fn()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    del out
    return float(peak)


def _us(fn: Callable[[], Any], number: int, repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - t0) / number)
    return statistics.median(runs) * 1e6


FIRST_CALL = (
    "import sys, time, pandas; sys.path.insert(0, {root!r}); import mgalloys as mg; "
    "from mgalloys.tables import to_frame; mg.alloys(); "
    "t = time.perf_counter(); to_frame(); print(time.perf_counter() - t)"
)


def _first_call_us(runs: int = 3) -> float:
    """``to_frame()`` in a fresh process with pandas imported and the catalog loaded: the call
    that builds the cached table of default values."""
    times = []
    for _ in range(runs):
        code = FIRST_CALL.format(root=str(Path(__file__).resolve().parent.parent))
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times) * 1e6


def main() -> dict[str, float]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--parquet-rows", type=int, default=3_000_000, help="0: skip the Parquet measure")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args()

    df = _table(args.rows)
    x1, x2, x3 = (df[c].to_numpy(dtype=np.float64, copy=False) for c, _ in COLUMNS.values())
    # the hand-written version converts its thresholds once too (here, outside the timing)
    k = {
        "t1": mg.quantity("36 ksi").to("MPa").magnitude,
        "t2": mg.quantity("25 %IACS").to("MS/m").magnitude,
        "t3": mg.quantity("0.065 lb/in**3").to("g/cm**3").magnitude,
    }
    k["f1"], k["f2"], k["f3"] = 1 / k["t1"], 1 / k["t2"], 1 / k["t3"]

    # same output, checked before timing
    res = screen(df, TARGET, COLUMNS)
    ref = _numpy_same_output(x1, x2, x3, k)
    assert np.array_equal(res["verdict"].cat.codes.to_numpy(), ref[0])
    for j in range(3):
        np.testing.assert_allclose(res.iloc[:, 1 + 2 * j].to_numpy(), ref[1 + j], rtol=1e-12)
        np.testing.assert_allclose(res.iloc[:, 2 + 2 * j].to_numpy(), ref[4 + j], rtol=1e-12)

    c1, c2, c3 = (c for c, _ in COLUMNS.values())

    def pandas_mask() -> Any:
        return (df[c1] > k["t1"]) & (df[c2] > k["t2"]) & (df[c3] < k["t3"])

    times = _median_times(
        {
            "screen": lambda: screen(df, TARGET, COLUMNS),
            "numpy_same_output": lambda: _numpy_same_output(x1, x2, x3, k),
            "screen_no_fractions": lambda: screen(df, TARGET, COLUMNS, fractions=False),
            "numpy_mask": lambda: _numpy_mask(x1, x2, x3, k),
            "pandas_mask": pandas_mask,
        },
        args.repeats,
    )
    mem = {
        "screen": _peak(lambda: screen(df, TARGET, COLUMNS)),
        "numpy_same_output": _peak(lambda: _numpy_same_output(x1, x2, x3, k)),
        "numpy_mask": _peak(lambda: _numpy_mask(x1, x2, x3, k)),
    }

    dask_times = _dask_times(df, k, args.repeats)
    pass_times = _pass_times(df, x1, x2, x3, k, args.repeats)
    parquet = _parquet_times(args.parquet_rows, k, max(5, args.repeats // 2)) if args.parquet_rows else {}

    to_frame()  # build the cached table once; the first call is reported separately below
    three = ["AZ91D", "AM60B", "AE44"]
    out = {
        "rows": float(args.rows),
        "screen_ms": times["screen"] * 1e3,
        "numpy_same_output_ms": times["numpy_same_output"] * 1e3,
        "screen_ratio": times["screen"] / times["numpy_same_output"],
        "screen_peak_MB": mem["screen"] / 1e6,
        "numpy_same_output_peak_MB": mem["numpy_same_output"] / 1e6,
        "screen_memory_ratio": mem["screen"] / mem["numpy_same_output"],
        "numpy_mask_peak_MB": mem["numpy_mask"] / 1e6,
        "screen_no_fractions_ms": times["screen_no_fractions"] * 1e3,
        "numpy_mask_ms": times["numpy_mask"] * 1e3,
        "pandas_mask_ms": times["pandas_mask"] * 1e3,
        "pandas_mask_ratio_to_numpy_mask": times["pandas_mask"] / times["numpy_mask"],
        "to_frame_us": _us(to_frame, 20, 7),
        "to_frame_long_us": _us(lambda: to_frame(long=True), 10, 7),
        "to_frame_first_call_us": _first_call_us(),
        "compare_3_alloys_us": _us(lambda: compare(three), 50, 7),
        "compare_3_alloys_3_props_us": _us(
            lambda: compare(three, ["uts", "el", "density"], units={"uts": "ksi"}), 50, 7
        ),
    }
    out.update(dask_times)
    out.update(pass_times)
    out.update(parquet)
    width = max(map(len, out))
    for name, value in out.items():
        print(f"{name:{width}s} {value:10.4g}")
    goals = {
        "screen time <= 1.3x numpy": out["screen_ratio"] <= 1.3,
        "screen peak memory <= 2x numpy": out["screen_memory_ratio"] <= 2.0,
    }
    if "dask_ratio" in out:
        goals["Dask screen <= 1.3x Dask running numpy"] = out["dask_ratio"] <= 1.3
    for name in ("parquet_pass_polars_lazy_ratio", "parquet_pass_cli_read_ratio"):
        if name in out:
            goals[f"{name} <= 2x polars scan-filter-collect"] = out[name] <= 2.0
    for goal, met in goals.items():
        print(f"goal {goal}: {'met' if met else 'MISSED'}")
    if args.strict and not all(goals.values()):
        raise SystemExit(1)
    return out


def _has_only() -> bool:
    """Whether this checkout's screen has ``only=`` (the same file also runs on older ones)."""
    return "only" in inspect.signature(screen).parameters


def _dask_times(df: pd.DataFrame, k: dict[str, float], repeats: int) -> dict[str, float]:
    try:
        import dask.dataframe as dd
    except ImportError:
        return {}
    ddf = dd.from_pandas(df, npartitions=8)
    meta = _numpy_frame(df.iloc[:0], k)

    def run(lazy: Any) -> Any:
        return lazy.compute(scheduler="threads")

    times = _median_times(
        {
            "screen": lambda: run(screen(ddf, TARGET, COLUMNS)),
            "numpy": lambda: run(ddf.map_partitions(_numpy_frame, k, meta=meta)),
        },
        max(5, repeats // 2),
    )
    return {
        "dask_screen_ms": times["screen"] * 1e3,
        "dask_numpy_ms": times["numpy"] * 1e3,
        "dask_ratio": times["screen"] / times["numpy"],
    }


def _pass_times(
    df: pd.DataFrame, x1: Any, x2: Any, x3: Any, k: dict[str, float], repeats: int
) -> dict[str, float]:
    if not _has_only():
        return {}
    expected = df[_numpy_mask(x1, x2, x3, k)]
    pd.testing.assert_frame_equal(screen(df, TARGET, COLUMNS, only="pass"), expected)
    times = _median_times(
        {
            "screen": lambda: screen(df, TARGET, COLUMNS, only="pass"),
            "numpy": lambda: df[_numpy_mask(x1, x2, x3, k)],
        },
        repeats,
    )
    return {
        "pass_pandas_screen_ms": times["screen"] * 1e3,
        "pass_pandas_numpy_mask_ms": times["numpy"] * 1e3,
        "pass_pandas_ratio": times["screen"] / times["numpy"],
    }


def _parquet_file(path: Path, n: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(1)
    names = np.array([f"AZ{i}" for i in range(5000)])
    cols: dict[str, Any] = {"alloy": pa.array(names[rng.integers(0, 5000, n)])}
    for name, (mean, sd) in {
        "UTS (MPa)": (260.0, 40.0),
        "EC (MS/m)": (15.0, 3.0),
        "rho (g/cm3)": (1.78, 0.06),
        "YS (MPa)": (180.0, 30.0),
        "El (%)": (8.0, 3.0),
    }.items():
        x = rng.normal(mean, sd, n)
        missing = rng.random(n) < 0.01 if name in ("UTS (MPa)", "EC (MS/m)", "rho (g/cm3)") else None
        cols[name] = pa.array(x, mask=missing)  # missing: null, as Arrow and polars write it
    pq.write_table(pa.table(cols), path, row_group_size=250_000)


def _parquet_times(n: int, k: dict[str, float], repeats: int) -> dict[str, float]:
    try:
        import polars as pl
    except ImportError:
        return {}
    if not _has_only():
        return {}
    from mgalloys.cli import commands, main
    from mgalloys.screening import passing_filter
    from mgalloys.tablefiles import conform, read_filtered

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "candidates.parquet"
        _parquet_file(path, n)
        c1, c2, c3 = (c for c, _ in COLUMNS.values())
        keep = passing_filter(TARGET, COLUMNS, pl.read_parquet_schema(path).names())
        options = {"only": "pass", "margins": False, "temperature": None}
        cli_args = ["screen", str(path), "--target", TARGET, "--only", "pass", "-q"]
        cli_args += ["-o", f"{tmp}/out.parquet"]
        for prop, (column, unit) in COLUMNS.items():
            cli_args += ["--column", f"{prop}={column}:{unit}"]

        def polars() -> Any:
            mask = (pl.col(c1) > k["t1"]) & (pl.col(c2) > k["t2"]) & (pl.col(c3) < k["t3"])
            return pl.scan_parquet(path).filter(mask).collect()

        def lazy() -> Any:
            return screen(pl.scan_parquet(path), TARGET, COLUMNS, only="pass").collect()

        def cli_read() -> Any:  # what `screen --only pass` runs before writing, polars installed
            table, _ = commands._polars_passing(pl, str(path), TARGET, COLUMNS, options)
            return conform(table, str(path))

        def pyarrow_read() -> Any:  # the same without polars: pyarrow.dataset
            table, _ = read_filtered(str(path), keep.all_of, keep.finite)
            return screen(table, TARGET, COLUMNS, only="pass")

        expected = polars()
        assert lazy().equals(expected)
        assert pl.from_arrow(cli_read()).equals(expected)
        assert pl.from_arrow(pyarrow_read()).equals(expected)
        fns = {"polars": polars, "lazy": lazy, "cli": cli_read, "pyarrow": pyarrow_read}
        times = _median_times({**fns, "cli_file": lambda: main(cli_args)}, repeats)
    out = {"parquet_rows": float(n), "parquet_passing_rows": float(len(expected))}
    out["parquet_polars_ms"] = times["polars"] * 1e3
    for name, label in (("lazy", "polars_lazy"), ("cli", "cli_read"), ("pyarrow", "pyarrow_read")):
        out[f"parquet_pass_{label}_ms"] = times[name] * 1e3
        out[f"parquet_pass_{label}_ratio"] = times[name] / times["polars"]
    out["parquet_pass_cli_to_parquet_file_ms"] = times["cli_file"] * 1e3
    return out


if __name__ == "__main__":
    main()
