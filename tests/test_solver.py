"""Exported cards proven in a real solver: CalculiX runs small models that include the card.

* A one-element block in uniaxial tension: the end displacement is δ = F L / (E A) and the
  lateral contraction ν ε a (a homogeneous stress state, which a linear brick reproduces exactly).
* A 1-D steady heat conduction through a slab: the temperature is linear through the slab and
  the heat flowing in through the hot face is k ΔT A / L.

Each model is built in the export's own unit system (geometry, force, temperatures), so a card
written in another system gives answers off by orders of magnitude. Expected values come from
the library's own values, converted with pint. Tolerance 0.5 %.

Every deck is also written with hostile text in every field (newlines, keyword lines such as
``*INCLUDE`` and ``*PARAMETER``, control characters, overlong lines): CalculiX reads it, and the
answer is still F L / (E A), so no text took effect as a keyword.

On CI (CI=true) the solver must be installed and these tests never skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hostile import EVERY_PIECE, FIELDS, hostile_alloy, hostile_text
from hypothesis import given, settings
from hypothesis import strategies as st

import mgalloys as mg

CCX = shutil.which("ccx")
if CCX is None and os.environ.get("CI"):  # pragma: no cover - CI installs calculix-ccx
    raise RuntimeError("CI=true but the CalculiX solver 'ccx' is not installed")
pytestmark = pytest.mark.skipif(CCX is None, reason="CalculiX (ccx) is not installed")

TOL = 0.005
ALLOY = "AZ91D"
# Geometry and loads per unit system: length L and side a in the system's length unit, force F
# in its force unit, face temperatures in its temperature unit.
MODELS: dict[str, dict[str, float | str]] = {
    "SI": {"L": 0.1, "a": 0.01, "F": 1000.0, "length": "m", "force": "N", "hot": 100.0, "cold": 20.0},
    "mm-t-s": {"L": 100.0, "a": 10.0, "F": 1000.0, "length": "mm", "force": "N", "hot": 100.0, "cold": 20.0},
    "US": {"L": 4.0, "a": 0.5, "F": 200.0, "length": "inch", "force": "lbf", "hot": 212.0, "cold": 68.0},
}


def _nodes(length: float, side: float, n: int) -> tuple[list[str], dict[tuple[int, int, int], int]]:
    ids: dict[tuple[int, int, int], int] = {}
    lines = ["*NODE, NSET=NALL"]
    for i in range(n + 1):
        for j in range(2):
            for k in range(2):
                ids[i, j, k] = len(ids) + 1
                lines.append(f"{ids[i, j, k]}, {length * i / n!r}, {side * j!r}, {side * k!r}")
    return lines, ids


def _mesh(length: float, side: float, n: int) -> tuple[list[str], dict[tuple[int, int, int], int]]:
    """n eight-node bricks in a row along x, a square side x side cross-section."""
    lines, ids = _nodes(length, side, n)
    lines.append("*ELEMENT, TYPE=C3D8, ELSET=EALL")
    for i in range(n):
        corners = [(i, 0, 0), (i + 1, 0, 0), (i + 1, 1, 0), (i, 1, 0)]
        corners += [(x, y, 1) for x, y, _ in corners]
        lines.append(f"{i + 1}, " + ", ".join(str(ids[c]) for c in corners))
    return lines, ids


def _face(ids: dict[tuple[int, int, int], int], i: int) -> list[int]:
    return [ids[i, j, k] for j in range(2) for k in range(2)]


def _run(tmp_path: Path, deck: list[str], card: str, name: str) -> str:
    (tmp_path / "material.inp").write_text(card, encoding="utf-8")
    (tmp_path / f"{name}.inp").write_text("\n".join(deck) + "\n", encoding="utf-8")
    assert CCX is not None
    run = subprocess.run([CCX, "-i", name], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "*ERROR" not in run.stdout, run.stdout[-2000:]
    return (tmp_path / f"{name}.dat").read_text()


def _values(dat: str, heading: str) -> dict[int, list[float]]:
    """The node rows under the first block whose heading contains ``heading``."""
    block = dat.split(heading, 1)[1].split("\n\n", 2)[1]
    rows = {}
    for line in block.strip().splitlines():
        parts = line.split()
        rows[int(parts[0])] = [float(x) for x in parts[1:]]
    return rows


def _tension(tmp_path: Path, card: str, material: str, m: dict[str, float | str]) -> tuple[float, float]:
    """End displacement and lateral contraction of a one-element block pulled by F."""
    length, side, force = float(m["L"]), float(m["a"]), float(m["F"])
    deck, ids = _mesh(length, side, 1)
    end = _face(ids, 1)
    deck += ["*NSET, NSET=LOADED", ", ".join(map(str, end)), "*INCLUDE, INPUT=material.inp"]
    deck += [f"*SOLID SECTION, ELSET=EALL, MATERIAL={material}", "*BOUNDARY"]
    # symmetry planes x=0, y=0, z=0: the block contracts freely
    deck += [f"{ids[0, j, k]}, 1, 1" for j in range(2) for k in range(2)]
    deck += [f"{ids[i, 0, k]}, 2, 2" for i in range(2) for k in range(2)]
    deck += [f"{ids[i, j, 0]}, 3, 3" for i in range(2) for j in range(2)]
    deck += ["*STEP", "*STATIC", "*CLOAD"] + [f"{n}, 1, {force / 4!r}" for n in end]
    deck += ["*NODE PRINT, NSET=LOADED", "U", "*END STEP"]
    u = _values(_run(tmp_path, deck, card, "tension"), "displacements")
    corner = ids[1, 1, 1]
    return u[corner][0], -u[corner][1]


def _slab(
    tmp_path: Path, card: str, material: str, m: dict[str, float | str]
) -> tuple[dict[float, float], float]:
    """Temperature by x through a 4-element slab, and the heat flowing in at the hot face."""
    length, side = float(m["L"]), float(m["a"])
    deck, ids = _mesh(length, side, 4)
    deck += ["*NSET, NSET=HOT", ", ".join(map(str, _face(ids, 0)))]
    deck += ["*NSET, NSET=COLD", ", ".join(map(str, _face(ids, 4))), "*INCLUDE, INPUT=material.inp"]
    deck += [f"*SOLID SECTION, ELSET=EALL, MATERIAL={material}"]
    deck += ["*INITIAL CONDITIONS, TYPE=TEMPERATURE", f"NALL, {m['cold']!r}"]
    deck += ["*STEP", "*HEAT TRANSFER, STEADY STATE", "*BOUNDARY"]
    deck += [f"HOT, 11, 11, {m['hot']!r}", f"COLD, 11, 11, {m['cold']!r}"]
    deck += ["*NODE PRINT, NSET=NALL", "NT", "*NODE PRINT, NSET=HOT, TOTALS=ONLY", "RFL", "*END STEP"]
    dat = _run(tmp_path, deck, card, "slab")
    temps = _values(dat, "temperatures")
    by_x = {length * i / 4: temps[ids[i, 0, 0]][0] for i in range(5)}
    total = float(re.split(r"\s+", dat.split("total heat generation", 1)[1].split("\n\n", 2)[1].strip())[0])
    return by_x, total


def _expected(system: str, prop: str) -> float:
    """The library's default value of ``prop`` for the alloy, in the system's unit (pint)."""
    unit = mg.exporters.unit_system(system).unit_for(prop)
    return float(mg.alloy(ALLOY).get(prop).to(mg.units.parse_unit(unit)).magnitude)


@pytest.mark.parametrize("system", list(MODELS))
def test_tension_bar_matches_f_l_over_e_a(tmp_path: Path, system: str) -> None:
    m = MODELS[system]
    card = mg.export(ALLOY, to="abaqus", units=system)
    delta, contraction = _tension(tmp_path, card, "AZ91D-F", m)
    e, nu = _expected(system, "elastic_modulus"), _expected(system, "poisson_ratio")
    length, side, force = float(m["L"]), float(m["a"]), float(m["F"])
    # E from the library is in the system's stress unit; check that it is force/length^2 there
    stress = mg.Q_(1.0, f"{m['force']}/{m['length']}**2").to(
        mg.units.parse_unit(mg.exporters.unit_system(system).unit_for("elastic_modulus"))
    )
    assert stress.magnitude == pytest.approx(1.0)
    want = force * length / (e * side**2)
    assert delta == pytest.approx(want, rel=TOL)
    assert contraction == pytest.approx(nu * want / length * side, rel=TOL)


@pytest.mark.parametrize("system", list(MODELS))
def test_slab_conduction_is_linear_with_flux_k_dt_over_l(tmp_path: Path, system: str) -> None:
    m = MODELS[system]
    card = mg.export(ALLOY, to="abaqus", units=system)
    by_x, total = _slab(tmp_path, card, "AZ91D-F", m)
    length, side, hot, cold = float(m["L"]), float(m["a"]), float(m["hot"]), float(m["cold"])
    for x, t in by_x.items():
        assert t == pytest.approx(hot + (cold - hot) * x / length, rel=TOL)
    k = _expected(system, "thermal_conductivity")
    q = k * (hot - cold) / length  # flux density, power / area in the system
    assert total == pytest.approx(q * side**2, rel=TOL)


@pytest.mark.parametrize("system", list(MODELS))
def test_conductivity_table_from_a_curve(tmp_path: Path, system: str) -> None:
    # Cu's conductivity is a two-point curve (20 and 100 degC): the card has a k(T) table. Between
    # the table's temperatures k is linear in T, so the heat flow is the mean k times dT / L.
    curve = mg.alloy("Cu").curve("thermal_conductivity")
    assert curve is not None and len(curve.points) == 2
    unit = mg.units.parse_unit(mg.exporters.unit_system(system).unit_for("thermal_conductivity"))
    tunit = mg.units.parse_unit(mg.exporters.unit_system(system).temperature_unit)
    k = [float(p.value.to(unit).magnitude) for p in curve.points]
    temps = [float(mg.units.convert(p.temperature, str(tunit)).magnitude) for p in curve.points]
    card = mg.export("Cu", to="abaqus", units=system, partial=True)
    assert "*CONDUCTIVITY\n" in card and card.split("*CONDUCTIVITY\n")[1].count(",") >= 2
    m = {**MODELS[system], "hot": max(temps), "cold": min(temps)}
    _, total = _slab(tmp_path, card, "Cu", m)
    length, side = float(m["L"]), float(m["a"])
    # tighter than TOL: the room-temperature constant alone would be 0.4 % off
    assert total == pytest.approx(sum(k) / 2 * (max(temps) - min(temps)) / length * side**2, rel=1e-3)


def test_a_card_in_the_wrong_unit_system_fails_the_check(tmp_path: Path) -> None:
    # The mm-t-s model with an SI card: E in Pa read as MPa makes the bar 10^6 times stiffer.
    m = MODELS["mm-t-s"]
    card = mg.export(ALLOY, to="abaqus", units="SI")
    delta, _ = _tension(tmp_path, card, "AZ91D-F", m)
    want = float(m["F"]) * float(m["L"]) / (_expected("mm-t-s", "elastic_modulus") * float(m["a"]) ** 2)
    assert delta != pytest.approx(want, rel=TOL)


def test_the_cli_card_runs(tmp_path: Path) -> None:
    from mgalloys.cli import main

    out = tmp_path / "az91d.inp"
    assert main(["export", "AZ91D", "--to", "abaqus", "--units", "mm-t-s", "-o", str(out)]) == 0
    delta, _ = _tension(tmp_path, out.read_text(), "AZ91D-F", MODELS["mm-t-s"])
    assert delta > 0


# --- hostile text in every field: CalculiX reads the deck and only our keywords take effect ------
def _hostile_deck_runs(tmp_path: Path, texts: list[str]) -> None:
    a = hostile_alloy(texts)
    card = mg.export(a, to="abaqus", units="mm-t-s")
    (name,) = [x.split("=", 1)[1] for x in card.splitlines() if x.startswith("*MATERIAL")]
    m = MODELS["mm-t-s"]
    delta, contraction = _tension(tmp_path, card, name, m)  # *ERROR (an injected keyword) fails here
    e, nu = 45000.0, 0.35  # hostile_alloy's values in MPa
    want = float(m["F"]) * float(m["L"]) / (e * float(m["a"]) ** 2)
    assert delta == pytest.approx(want, rel=TOL)
    assert contraction == pytest.approx(nu * want / float(m["L"]) * float(m["a"]), rel=TOL)
    assert not (tmp_path / "pwned").exists()


def test_a_deck_with_every_hostile_piece_in_every_field_runs(tmp_path: Path) -> None:
    _hostile_deck_runs(tmp_path, EVERY_PIECE)


def test_a_comment_longer_than_calculix_reads_cannot_start_a_keyword(tmp_path: Path) -> None:
    # CalculiX reads the 1320th character on as a new line: "**" + 1318 x + "*INCLUDE" was a keyword
    texts = ["x" * 1318 + "*INCLUDE, INPUT=nothere.inp"] * FIELDS
    _hostile_deck_runs(tmp_path, texts)


@settings(max_examples=12, deadline=None)
@given(st.lists(hostile_text, min_size=FIELDS, max_size=FIELDS))
def test_decks_with_hostile_text_run(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _hostile_deck_runs(Path(tmp), texts)
