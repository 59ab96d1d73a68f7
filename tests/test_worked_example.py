"""The worked example of docs/userdata.md ("A curve of your own") runs as the docs build runs it,
and answers what the page says it does."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the example draws a chart: no display

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "userdata.md"


def _blocks(session: str) -> list[str]:
    """The code of the page's executed blocks of one markdown-exec session, in page order."""
    text = PAGE.read_text(encoding="utf-8")
    return re.findall(rf'^```python exec="on"[^\n]*session="{session}"[^\n]*\n(.*?)^```', text, re.M | re.S)


def test_the_curve_example_runs_and_answers_from_the_users_curve() -> None:
    blocks = _blocks("curve")
    assert len(blocks) == 4, "the worked example's blocks moved: update this test"
    namespace: dict[str, object] = {"__name__": "__docs__"}
    out = []
    for code in blocks:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(compile(code, str(PAGE), "exec"), namespace)
        out.append(buf.getvalue())
    curves, check, chart, shown = out
    assert "XH1-T6 tensile_strength [example-lab-2026] 3 points, 20..300 °C" in curves
    how = "interpolated between the 200 °C and 300 °C points of example-lab-2026 (test 2; test 3)"
    assert how in curves and "182.5 megapascal" in curves  # 215 + (150 - 215) / 2, in any unit
    assert "XH1-T6 against uts > 150 MPa at 250 degC: PASS" in check and how in check
    assert chart == ""
    assert shown.startswith('<svg style="max-width:100%;height:auto" ') and "</svg>" in shown
    assert "http" not in shown.replace("http://www.w3.org/", "")  # no bare web address on the page
