"""Benchmark of the command line at table scale and of user catalogs (issue 14).

Run: ``python benchmarks/bench_userdata.py [--rows 1000000] [--repeats 3] [--strict]``

1. ``mgalloys screen`` (called in this process, as ``main([...])``) on a generated CSV of
   ``--rows`` rows and three float columns (1 % empty cells each) against a three-criterion
   target, writing CSV, end to end: reading, screening, writing. Baseline, in the same run and
   interleaved: pyarrow reads the same file (the same three columns), numpy computes the same
   output (verdict, margin and margin fraction per criterion) and pyarrow writes it. Goal: ratio
   <= 1.5.
2. The same with Parquet in and out. Goal: ratio <= 1.2.
3. A user catalog of 10,000 records and 100,000 values loaded by ``mg.load`` in a fresh
   interpreter (cold: the bundled data is read too); the figure is the load, the import apart.
   Goal: under 2 s.

Each figure is the median of the repeats. ``--strict`` exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout, not an installed copy

from userfolder import user_folder  # noqa: E402  (benchmarks/, beside this script)

import mgalloys as mg  # noqa: E402
from mgalloys.cli import main as cli_main  # noqa: E402

TARGET = "uts > 36 ksi and ec > 25 %IACS and density < 0.065 lb/in**3"
COLUMNS = {"uts": ("UTS (MPa)", "MPa"), "ec": ("EC (MS/m)", "MS/m"), "density": ("rho (g/cm3)", "g/cm**3")}


def _write_inputs(folder: Path, n: int) -> tuple[Path, Path]:
    rng = np.random.default_rng(0)
    cols = {
        "UTS (MPa)": rng.normal(260.0, 40.0, n),
        "EC (MS/m)": rng.normal(15.0, 3.0, n),
        "rho (g/cm3)": rng.normal(1.78, 0.06, n),
    }
    for arr in cols.values():
        arr[rng.random(n) < 0.01] = np.nan
    table = pa.table({k: pa.array(v, from_pandas=True) for k, v in cols.items()})
    pcsv.write_csv(table, folder / "in.csv")
    pq.write_table(table, folder / "in.parquet")
    return folder / "in.csv", folder / "in.parquet"


def _constants() -> dict[str, float]:
    """Thresholds in the columns' units and margin -> fraction factors, from pint once."""
    t = mg.target(TARGET)
    k: dict[str, float] = {}
    for i, (c, (_, unit)) in enumerate(zip(t.criteria, COLUMNS.values(), strict=True), start=1):
        thr = c.threshold
        k[f"t{i}"] = float(thr.to(unit).magnitude)
        k[f"f{i}"] = float(mg.Q_(1.0, unit).to(thr.units).magnitude) / abs(float(thr.magnitude))
    return k


def _baseline(src: Path, dst: Path, k: dict[str, float], labels: list[str]) -> None:
    """pyarrow in, numpy, pyarrow out: the same output as ``mgalloys screen``."""
    names = [c for c, _ in COLUMNS.values()]
    if src.suffix == ".parquet":
        table = pq.ParquetFile(src).read(columns=names)
    else:
        table = pcsv.read_csv(src, convert_options=pcsv.ConvertOptions(include_columns=names))
    x1, x2, x3 = (table.column(c).to_numpy() for c in names)
    m1, m2, m3 = x1 - k["t1"], x2 - k["t2"], k["t3"] - x3
    ok = (m1 > 0) & (m2 > 0) & (m3 > 0)
    bad = (m1 <= 0) | (m2 <= 0) | (m3 <= 0)
    codes = 2 * (~ok).astype(np.int8) - bad.astype(np.int8)
    verdict = pa.array(np.array(["pass", "fail", "unknown"], dtype=object)).take(pa.array(codes))
    arrays = [m1, m1 * k["f1"], m2, m2 * k["f2"], m3, m3 * k["f3"]]
    out = pa.table(
        [pa.array(np.arange(len(codes))), verdict, *(pa.array(a, from_pandas=True) for a in arrays)],
        names=["row", "verdict", *labels],
    )
    if dst.suffix == ".parquet":
        pq.write_table(out, dst)
        return
    with open(dst, "wb") as fh:
        header = io.StringIO()
        csv.writer(header, lineterminator="\n").writerow(out.column_names)
        fh.write(header.getvalue().encode("utf-8"))
        pcsv.write_csv(out, fh, pcsv.WriteOptions(include_header=False, quoting_style="none"))


def _cli(src: Path, dst: Path) -> None:
    args = ["screen", str(src), "--target", TARGET, "-o", str(dst), "-q"]
    for prop, (col, unit) in COLUMNS.items():
        args += ["--column", f"{prop}={col}:{unit}"]
    with contextlib.redirect_stderr(io.StringIO()):
        code = cli_main(args)
    if code != 0:
        raise SystemExit(f"mgalloys screen exited {code}")


def _median_times(fns: dict[str, Callable[[], Any]], repeats: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def _user_folder(folder: Path, n_records: int = 10_000, per_record: int = 10) -> Path:
    """A folder of ``n_records`` records with ``per_record`` values each (RT and 5 temperatures)."""
    return user_folder(folder / "mine", n_records, per_record)


def _cold_load(folder: Path, repeats: int) -> tuple[float, float]:
    code = (
        "import time, json, mgalloys as mg; t, c = time.perf_counter(), time.process_time(); "
        f"cat = mg.load({str(folder)!r}); n = len(cat.record_ids); "
        "print(json.dumps({'s': time.perf_counter() - t, 'cpu': time.process_time() - c, 'n': n}))"
    )
    runs, cpu = [], []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                             env={"PYTHONPATH": str(ROOT), "PATH": ""})  # fmt: skip
        runs.append(json.loads(out.stdout)["s"])
        cpu.append(json.loads(out.stdout)["cpu"])
    return statistics.median(runs), statistics.median(cpu)


def main() -> dict[str, float]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args()
    k = _constants()
    res = mg.screen(
        __import__("pandas").DataFrame({c: [1.0] for c, _ in COLUMNS.values()}),
        TARGET,
        {p: v for p, v in COLUMNS.items()},
    )
    labels = [str(c) for c in res.columns[1:]]
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        csv_in, pq_in = _write_inputs(d, args.rows)
        for name, src, dst, goal in (
            ("csv", csv_in, d / "out.csv", 1.5),
            ("parquet", pq_in, d / "out.parquet", 1.2),
        ):
            t = _median_times(
                {
                    "mgalloys screen": lambda s=src, o=dst: _cli(s, o),
                    "baseline": lambda s=src, o=dst: _baseline(s, o, k, labels),
                },
                args.repeats,
            )  # fmt: skip
            ratio = t["mgalloys screen"] / t["baseline"]
            figures[f"{name}_ratio"] = ratio
            print(
                f"{name}: mgalloys screen {t['mgalloys screen']:.3f} s, pyarrow+numpy baseline "
                f"{t['baseline']:.3f} s, ratio {ratio:.2f} (goal <= {goal})"
            )
        load_s, load_cpu = _cold_load(_user_folder(d), args.repeats)
        figures["user_catalog_load_s"] = load_s
        figures["user_catalog_load_cpu_s"] = load_cpu
        print(
            f"user catalog, 10000 records / 100000 values: cold load {load_s:.2f} s wall, "
            f"{load_cpu:.2f} s CPU (goal < 2 s)"
        )
    missed = figures["csv_ratio"] > 1.5 or figures["parquet_ratio"] > 1.2 or load_s >= 2.0
    if args.strict and missed:
        raise SystemExit(1)
    return figures


if __name__ == "__main__":
    main()
