"""A generated folder of a user's data, for the benchmarks that load one (``bench_readers``:
``mg.load`` against pandas; ``bench_userdata``: a cold load of a user catalog)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

#: the properties written, in turn, with their units and typical values
PROPS = [("density", "g/cm**3", 1.8), ("tensile_strength", "MPa", 250.0),
         ("yield_strength", "MPa", 150.0), ("elongation", "%", 8.0),
         ("thermal_conductivity", "W/(m*K)", 100.0)]  # fmt: skip


def user_folder(root: Path, n_records: int, per_record: int) -> Path:
    """``root`` made a folder of ``n_records`` records with ``per_record`` values each: the
    ``PROPS`` at room temperature first, then again at 100, 150, ... degC (values within a few
    per cent of the typical ones, the same in every run)."""
    for sub in ("records", "values", "sources"):
        (root / sub).mkdir(parents=True)
    (root / "sources" / "bench.csv").write_text(
        "key,kind,title\nbench-lab,user,Generated benchmark measurements\n", encoding="utf-8"
    )
    rng = np.random.default_rng(1)
    with open(root / "records" / "bench.csv", "w", encoding="utf-8") as fh:
        fh.write("record_id,grade,temper,product_form,families\n")
        fh.writelines(f"BX{i}-T6,BX{i},T6,casting,\n" for i in range(n_records))
    with open(root / "values" / "bench.csv", "w", encoding="utf-8") as fh:
        fh.write("record_id,property,value,unit,kind,test_temperature,source,locator\n")
        for i in range(n_records):
            for j in range(per_record):
                prop, unit, base = PROPS[j % len(PROPS)]
                at = "RT" if j < len(PROPS) else f"{100 + 50 * (j - len(PROPS))} degC"
                x = base * (1 + 0.05 * rng.standard_normal()) if prop != "density" else base
                fh.write(f"BX{i}-T6,{prop},{x:.4g},{unit},typical,{at},bench-lab,row {i}\n")
    return root
