"""Charts the docs build draws: the curves page's SVGs and the README's Ashby chart.

Every chart is returned as bytes; ``docgen.hooks`` writes a file only when its bytes change, so
``mkdocs serve`` does not rebuild in a loop and git sees no change when nothing changed.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the build draws without a display
matplotlib.rcParams["svg.hashsalt"] = "mgalloys"  # stable SVG ids: same data, same bytes
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mgalloys import Alloy, plot  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
#: The page that shows the README's chart and the code that draws it: the build runs that code.
CHART_PAGE = ROOT / "docs" / "plotting.md"
README_CHART = "img/ashby_density_uts.png"  # relative to docs/, as the README links it


def curves_svg(records: Sequence[Alloy], prop: str) -> bytes | None:
    """The default curves of ``prop`` of ``records`` as SVG; None when none has a curve."""
    with_curve = [r for r in records if r.curve(prop) is not None]
    if not with_curve:
        return None
    fig = Figure(figsize=(11, 6), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    plot.vs_temperature(with_curve, prop, ax=fig.add_subplot())
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def chart_code(page: Path = CHART_PAGE) -> str:
    """The code block of ``docs/plotting.md`` that draws the README's chart (it writes
    ``docs/img/ashby_density_uts.png`` relative to the repository root)."""
    text = page.read_text(encoding="utf-8")
    found = re.search(r"```python\n(import mgalloys.*?)```", text, re.DOTALL)
    if found is None or f"docs/{README_CHART}" not in found[1]:
        raise ValueError(f"{page}: no code block that writes docs/{README_CHART}")
    return found[1]


def readme_chart() -> bytes:
    """The README's Ashby chart as the documented code draws it, run in a scratch folder."""
    code = chart_code()
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "docs" / README_CHART
        out.parent.mkdir(parents=True)
        os.chdir(scratch)  # the documented code writes a path relative to the repository root
        try:
            exec(compile(code, str(CHART_PAGE), "exec"), {"__name__": "__docs__"})
        finally:
            os.chdir(here)
            plt.close("all")
        return out.read_bytes()
