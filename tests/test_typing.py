"""The typed API as a user's type checker sees it: ``mypy --strict`` on a user's snippet.

The snippet lives in a temporary folder (no project configuration applies) and imports the
installed mgalloys, which ships ``py.typed``. Every public property and function it calls must
be seen with a precise type (a ``pint.Quantity`` of one number, ``CurveValue``, ``CurveValues``,
``str``), never ``Any``; and misuse must be an error. pint types its arithmetic loosely (a
Quantity plus an int type-checks, and fails at run time with a DimensionalityError), so the
misuse mypy can see is the one the library's types add: an unknown value is ``None``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SNIPPET = textwrap.dedent(
    """
    import mgalloys as mg

    az = mg.alloy("AZ91D")
    reveal_type(az.density)  # reveal: pint.registry.Quantity[float] | None
    reveal_type(az.tensile_strength)  # reveal: pint.registry.Quantity[float] | None
    reveal_type(az.max_service_temperature)  # reveal: pint.registry.Quantity[float] | None
    reveal_type(az.get("uts", "ksi"))  # reveal: pint.registry.Quantity[float] | None
    reveal_type(mg.Q_("35 ksi"))  # reveal: pint.registry.Quantity[float]
    reveal_type(mg.quantity(35, "ksi"))  # reveal: pint.registry.Quantity[float]
    reveal_type(mg.convert("4.3 µΩ·cm", "MS/m"))  # reveal: pint.registry.Quantity[float]
    reveal_type(az.at("uts", "250 degC"))  # reveal: mgalloys.curves.CurveValue
    reveal_type(az.at("uts", ["200 degC", "300 degC"]))  # reveal: mgalloys.curves.CurveValues
    reveal_type(az.at("uts", "250 degC").value)  # reveal: pint.registry.Quantity[float] | None
    reveal_type(mg.data_version)  # reveal: str
    v = az.value("density")
    assert v is not None
    reveal_type(v.quantity)  # reveal: pint.registry.Quantity[float]
    reveal_type(v.low)  # reveal: pint.registry.Quantity[float]
    reveal_type(v.high)  # reveal: pint.registry.Quantity[float]
    d = az.density
    if d is not None:
        kg_per_m3: float = d.to("kg/m**3").magnitude
    az.density + 1  # error: the density may be unknown (None)
    az.density.to("kg/m**3")  # error: the same
    rho: float = az.density  # error: a Quantity is no float
    mg.convert(35, "MPa")  # error: a bare number has no unit
    version: int = mg.data_version  # error: the data version is a string
    """
)


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    folder = tmp_path_factory.mktemp("user")
    path = folder / "snippet.py"
    path.write_text(SNIPPET, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(folder / "cache"),
            path.name,
        ],
        capture_output=True,
        text=True,
        cwd=folder,
    )
    return proc.stdout + proc.stderr, SNIPPET.splitlines()


def _marked(lines: list[str], mark: str) -> dict[int, str]:
    return {
        i + 1: line.split(f"# {mark}:")[1].strip() for i, line in enumerate(lines) if f"# {mark}:" in line
    }


def test_a_user_sees_quantities_never_any(mypy_output: tuple[str, list[str]]) -> None:
    out, lines = mypy_output
    revealed = {int(n): t for n, t in re.findall(r'snippet\.py:(\d+): note: Revealed type is "(.+)"', out)}
    expected = _marked(lines, "reveal")
    assert revealed == expected, out
    assert not any("Any" in t for t in revealed.values())


def test_misuse_is_an_error_and_nothing_else_is(mypy_output: tuple[str, list[str]]) -> None:
    out, lines = mypy_output
    errors = {int(n) for n in re.findall(r"snippet\.py:(\d+): error:", out)}
    assert errors == set(_marked(lines, "error")), out
    assert 'Unsupported operand types for + ("None" and "int")' in out, out


def test_the_snippet_runs_as_typed(tmp_path: Path) -> None:
    """The lines mypy accepts run, and each misuse fails at run time as the types said."""
    good = "\n".join(
        line for line in SNIPPET.splitlines() if "reveal_type" not in line and "# error" not in line
    )
    proc = subprocess.run([sys.executable, "-c", good], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run(
        [sys.executable, "-c", "import mgalloys as mg\nmg.convert(35, 'MPa')"], capture_output=True, text=True
    )
    assert "UnitParseError" in proc.stderr or "UnitsError" in proc.stderr
