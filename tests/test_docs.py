"""The docs' sources kept in step with the code (the built site is tested in tests/browser)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import mgalloys as mg
from docgen import pages

ROOT = Path(__file__).resolve().parent.parent
# A Sphinx role that mkdocstrings would print as text (":class:`Target`").
SPHINX_ROLE = re.compile(r":(?:class|func|meth|attr|mod|exc|data|obj|ref):`")


API_PAGES = ROOT / "docs" / "api"


def _api_text() -> str:
    """The API reference: one page per topic under docs/api/."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(API_PAGES.glob("*.md")))


def _api_paths() -> list[str]:
    return re.findall(r"^::: ([\w.]+)", _api_text(), re.M)


def _module(path: str) -> object | None:
    import importlib

    try:
        return importlib.import_module(path)
    except ImportError:
        return None


def _api_names() -> set[str]:
    """The public names the API pages document: each entry's last part, a submodule an entry is
    in, the members listed for a module, every name of a module rendered whole, and a name given
    a heading of its own in prose (`mgalloys.data_version`: a value no docstring can carry)."""
    text = _api_text()
    names: set[str] = set(re.findall(r"^#+ `mgalloys\.(\w+)`", text, re.M))
    for path in _api_paths():
        parts = path.split(".")
        names.add(parts[-1])
        if len(parts) > 2:
            names.add(parts[1])
        if _module(path) is not None and f"::: {path}\n    options:\n      members:" not in text:
            names |= set(getattr(_module(path), "__all__", ()))
    for members in re.findall(r"members: \[([^\]]*)\]", text):
        names |= {m.strip() for m in members.split(",")}
    return names


def test_api_page_documents_every_public_name() -> None:
    missing = sorted(set(mg.__all__) - _api_names())
    assert not missing, f"docs/api/ lacks a '::: mgalloys.<module>.<name>' entry for {missing}"


def test_api_page_documents_only_public_names() -> None:
    private = []
    for path in _api_paths():
        module, _, name = path.rpartition(".")
        if name in mg.__all__ or module == "mgalloys._data":
            continue
        if name not in getattr(_module(module), "__all__", ()) and _module(path) is None:
            private.append(path)
    assert not private, f"docs/api/ documents names no module exports: {private}"


def test_docstrings_use_no_sphinx_roles() -> None:
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in sorted((ROOT / "mgalloys").rglob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if SPHINX_ROLE.search(line)
    ]
    assert not found, f"Sphinx roles render as raw text in mkdocstrings; use plain code: {found}"


def test_bibliography_links_escapes_and_counts_every_citation() -> None:
    page = pages.bibliography_page()
    cat = mg.get_catalog()
    for s in cat.sources.values():
        if s.url and not s.doi:
            assert f"]({s.url.split('(')[0]}" in page, s.key
        if s.doi:
            assert f"](https://doi.org/{s.doi.split('(')[0]}" in page, s.key
    # a record that cites a source only for its composition or a name still counts
    via_other = {
        (c.source.key, r.record_id)
        for r in mg.alloys()
        for c in (*r.composition, *r.aliases)
        if c.source.key not in {v.source.key for v in r.property_values}
    }
    assert via_other, "the data has compositions or aliases from sources that give no value"
    for key, rid in sorted(via_other)[:20]:
        entry = next(line for line in page.splitlines() if line.startswith(f"- **`{key}`**"))
        assert rid in entry.split("Cited by", 1)[1], (key, rid)
    assert "The strategy paper" in page
    assert pages._md_text("E*10^9 and *x* _y_ <b>") == "E\\*10^9 and \\*x\\* \\_y\\_ &lt;b\\>"


def test_doctests_in_docstrings_sit_in_an_examples_section() -> None:
    # mkdocstrings renders a bare ">>>" as nested block quotes; under "Examples:" it is code
    import ast

    bare = []
    for path in sorted(Path(mg.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            doc = ast.get_docstring(node) or ""
            head = doc.split(">>>", 1)[0]
            if ">>>" in doc and "Examples:" not in head:
                bare.append(f"{path.name}:{getattr(node, 'name', '<module>')}")
    assert not bare, f"doctests outside an 'Examples:' section: {bare}"


def _fenced(text: str) -> list[str]:
    """The Python code blocks of a Markdown page."""
    return re.findall(r"^```python[^\n]*\n(.*?)^```", text, re.M | re.S)


def test_the_dask_example_runs_as_a_script(tmp_path: Path) -> None:
    # Dask's worker processes import the script again: without the __main__ guard it fails.
    pytest.importorskip("dask.distributed")
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    page = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    blocks = [b for b in _fenced(page) if "LocalCluster" in b]
    assert len(blocks) == 1, "docs/tables.md: one Dask example expected"
    (tmp_path / "candidates").mkdir()
    rows = {"UTS (MPa)": [260.0, 240.0, 300.0, 280.0], "EC (%IACS)": [30.0, 35.0, 25.0, None]}
    frame = pd.DataFrame(rows)
    frame.iloc[:2].to_parquet(tmp_path / "candidates" / "a.parquet")
    frame.iloc[2:].to_parquet(tmp_path / "candidates" / "b.parquet")
    script = tmp_path / "screen_candidates.py"
    script.write_text(blocks[0], encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-3000:]
    # 260 MPa and 30 %IACS (17.4 MS/m) pass; 240 MPa fails; 25 %IACS fails; no EC is unknown
    assert run.stdout.strip() == "1 candidates pass"
