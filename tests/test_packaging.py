"""Packaging: the wheel ships the data, py.typed and the command; the data is found through
importlib.resources in an installed package. Release metadata: one version, held by the
changelog and CITATION.cff; a data version with a stated relation to it; classifiers;
`twine check`; the docs extra covers what the docs build imports."""

from __future__ import annotations

import ast
import email.message
import email.parser
import importlib.metadata
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

import mgalloys as mg

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built from the checkout."""
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--sdist",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    return next(dist.glob("mgalloys-*.whl"))


def test_wheel_contains_every_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    data_files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert data_files and {f"mgalloys/{f}" for f in data_files} <= names
    assert "mgalloys/py.typed" in names
    assert "mgalloys/dataindex.jsonl" in names  # what a first lookup reads
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
        "from mgalloys.indexedrows import bundled_rows;"
        "assert bundled_rows() is not None;"  # the index matches the installed data files
        "assert len(mgalloys.alloys()) >= 60"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path, env={"PYTHONPATH": str(site)})


# --- release metadata -------------------------------------------------------------------------
# "## 0.2.0 - 2026-12-07 (data version 0.2.0)" or "## Unreleased (data version 0.2.1)"
RELEASE = re.compile(
    r"^## (?P<version>\d+\.\d+\.\d+)(?: - (?P<date>\d{4}-\d{2}-\d{2}))?"
    r"(?: \(data version (?P<data>[^)]+)\))?$"
)
UNRELEASED = re.compile(r"^## Unreleased(?: \(data version (?P<data>[^)]+)\))?$")


def _headings() -> list[str]:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.startswith("## ")]


def _citation() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as whl:
        name = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(whl.read(name).decode("utf-8"))


def test_changelog_headings_are_releases_or_unreleased() -> None:
    bad = [h for h in _headings() if not (RELEASE.match(h) or UNRELEASED.match(h))]
    assert not bad, (
        f"CHANGELOG.md: headings neither '## X.Y.Z - DATE (data version V)' nor '## Unreleased': {bad}"
    )
    assert not UNRELEASED.match(_headings()[-1]), "Unreleased goes on top"
    assert all(not UNRELEASED.match(h) for h in _headings()[1:]), "one Unreleased section, on top"


def test_the_version_has_one_source_that_the_wheel_changelog_and_citation_follow(wheel: Path) -> None:
    # The wheel's version is read from mgalloys/__init__.py (hatch), never written twice.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and 'path = "mgalloys/__init__.py"' in pyproject
    assert _metadata(wheel)["Version"] == mg.__version__
    releases = [m for m in map(RELEASE.match, _headings()) if m]
    latest = releases[0]
    assert latest["version"] == mg.__version__, (
        f"the newest release in CHANGELOG.md is {latest['version']}, the package says {mg.__version__}"
    )
    assert latest["date"], "the newest release in CHANGELOG.md has no date"
    cff = _citation()
    assert cff["version"] == mg.__version__
    assert str(cff["date-released"]) == latest["date"]


def test_the_data_version_is_the_one_the_changelog_and_citation_name() -> None:
    named = [
        m["data"] for m in (RELEASE.match(h) or UNRELEASED.match(h) for h in _headings()) if m and m["data"]
    ]
    assert named, "no changelog heading names a data version"
    assert mg.data_version == named[0], (
        f"data/VERSION is {mg.data_version}, the changelog's newest is {named[0]}"
    )
    dataset = [r for r in _citation().get("references", ()) if r.get("type") == "data"]
    assert [r["version"] for r in dataset] == [mg.data_version]
    # the relation is documented where a user and a data editor look
    for doc in ("docs/cite.md", "data/README.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert "data version" in text and "__version__" in text, doc


def test_classifiers_name_every_supported_python(wheel: Path) -> None:
    meta = _metadata(wheel)
    classifiers = set(meta.get_all("Classifier") or [])
    low = re.fullmatch(r">=3\.(\d+)", meta["Requires-Python"])
    assert low is not None, meta["Requires-Python"]
    wanted = {f"Programming Language :: Python :: 3.{minor}" for minor in range(int(low[1]), 14)}
    assert wanted <= classifiers, sorted(wanted - classifiers)
    listed = {c for c in classifiers if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)}
    assert all(int(c.rsplit(".", 1)[1]) >= int(low[1]) for c in listed), listed
    assert {
        "Typing :: Typed",
        "Development Status :: 4 - Beta",
        "Intended Audience :: Science/Research",
    } <= classifiers


def test_twine_check_passes_on_the_sdist_and_the_wheel(dist: Path) -> None:
    files = sorted(str(p) for p in dist.iterdir() if p.suffix in (".whl", ".gz"))
    assert len(files) == 2, files
    run = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def _third_party_imports(code: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in ("mgalloys", "docgen")}


def test_the_docs_extra_installs_what_the_docs_build_imports() -> None:
    # `pip install ".[docs]"` then `mkdocs build` must work in a fresh environment: whatever the
    # build's hooks and the pages' executed code blocks import is a dependency or in the extra.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = re.findall(r"^hooks:\n((?:  - .*\n)+)", config, re.M)[0]
    hook_dirs = {(ROOT / line.split("- ", 1)[1].split("#")[0].strip()).parent for line in hooks.splitlines()}
    code = [p.read_text(encoding="utf-8") for d in sorted(hook_dirs) for p in sorted(d.glob("*.py"))]
    assert code, "mkdocs.yml names no hook"
    for page in sorted((ROOT / "docs").rglob("*.md")):
        code += re.findall(
            r'^```python exec="on"[^\n]*\n(.*?)^```', page.read_text(encoding="utf-8"), re.M | re.S
        )
    imported = set().union(*map(_third_party_imports, code))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        re.split(r"[\s<>=!~\[;]", req, maxsplit=1)[0].lower().replace("_", "-")
        for req in project["dependencies"] + project["optional-dependencies"]["docs"]
    }
    providers = importlib.metadata.packages_distributions()
    missing = {
        name: providers.get(name, [name])
        for name in imported
        if not {d.lower().replace("_", "-") for d in providers.get(name, [name])} & declared
    }
    assert not missing, f"the docs build imports these, but the docs extra does not install them: {missing}"


def test_the_sdist_builds_the_docs_as_the_readme_says(dist: Path) -> None:
    # `pip install ".[docs]" && mkdocs build` from an unpacked sdist needs the config, the pages
    # and the generators the hook runs.
    import tarfile

    sdist = next(dist.glob("mgalloys-*.tar.gz"))
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    wanted = {"mkdocs.yml", "docs/index.md", "docs/plotting.md", "docgen/hooks.py", "docgen/pages.py"}
    assert wanted <= names, sorted(wanted - names)
    assert not any(n.startswith("docs/generated/") for n in names), "generated pages are rebuilt, not shipped"
