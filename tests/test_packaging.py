"""Packaging: the wheel ships the data, py.typed and the command; the data is found through
importlib.resources in an installed package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("mgalloys-*.whl"))


def test_wheel_contains_every_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    data_files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert data_files and {f"mgalloys/{f}" for f in data_files} <= names
    assert "mgalloys/py.typed" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "mgalloys = mgalloys.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_installed_wheel_reads_its_own_data(wheel: Path, tmp_path: Path) -> None:
    # Unpack the wheel as site-packages would hold it and import it from there, away from
    # the checkout: the data must come from inside the package.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import mgalloys, mgalloys._data as d;"
        "root = str(d.data_root());"
        f"assert root.startswith({str(site)!r}), root;"
        "assert len(mgalloys.alloys()) >= 60"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path, env={"PYTHONPATH": str(site)})
