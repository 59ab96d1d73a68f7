"""The docs' sources kept in step with the code (the built site is tested in tests/browser)."""

from __future__ import annotations

import io
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


def _outside_code(text: str) -> list[tuple[int, str]]:
    """The lines of a Markdown page outside fenced code blocks, numbered from 1."""
    lines, fenced = [], False
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            lines.append((n, line))
    return lines


def test_no_table_row_is_glued_to_a_paragraph() -> None:
    # A table row right under a line of text is not a table row to Markdown: it prints "| ... |".
    glued = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        prev = ""
        for n, line in _outside_code(page.read_text(encoding="utf-8")):
            if line.startswith("|") and prev.strip() and not prev.startswith("|"):
                glued.append(f"{page.relative_to(ROOT)}:{n}")
            prev = line
    assert not glued, f"table rows under a paragraph (leave a blank line, or move the text): {glued}"


def test_the_build_generates_the_readme_chart_it_shows() -> None:
    # The README's chart is drawn by the code docs/plotting.md prints; the docs build runs that code
    # (docgen.hooks.GENERATORS), so a build always leaves it current.
    from docgen import charts, hooks

    assert hooks.readme_chart in hooks.GENERATORS
    assert f"docs/{charts.README_CHART}" in charts.chart_code()
    assert f"]({charts.README_CHART})" in (ROOT / "docs" / "plotting.md").read_text(encoding="utf-8")
    assert f"](docs/{charts.README_CHART})" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_committed_readme_chart_is_current() -> None:
    # What the README shows is what the data and the code draw today (run `mkdocs build` or
    # `python docgen/hooks.py` after a change to either). Pixel-exact with the matplotlib that drew
    # the committed file; another matplotlib may place a glyph a pixel off, so then only the size.
    np = pytest.importorskip("numpy")
    image = pytest.importorskip("PIL.Image")
    from docgen import charts

    committed_path = ROOT / "docs" / charts.README_CHART
    with image.open(committed_path) as committed:
        software = committed.info.get("Software", "")
        old = np.asarray(committed.convert("RGBA"))
    with image.open(io.BytesIO(charts.readme_chart())) as drawn:
        new = np.asarray(drawn.convert("RGBA"))
    assert new.shape == old.shape
    import matplotlib

    if f"version{matplotlib.__version__}," not in software:
        pytest.skip(f"the committed chart was drawn by {software!r}, not matplotlib {matplotlib.__version__}")
    assert (new == old).all(), (
        f"docs/{charts.README_CHART} is stale: {int((new != old).any(axis=2).sum())} pixels differ "
        "(run `python docgen/hooks.py`)"
    )


def test_the_ashby_legend_lies_inside_the_figure() -> None:
    pytest.importorskip("matplotlib")
    from mgalloys import plot

    target = mg.family("high-strength-casting")
    ax = plot.ashby("density", "tensile_strength", target=target, index="sigma/rho")
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    legends = [*fig.legends, *([ax.get_legend()] if ax.get_legend() else [])]
    assert len(legends) == 1
    box = legends[0].get_window_extent(renderer)
    margin = 4  # px: a legend flush with the edge reads as cut off
    assert box.x0 >= margin and box.y0 >= margin, box
    assert box.x1 <= fig.bbox.x1 - margin and box.y1 <= fig.bbox.y1 - margin, box
    label = ax.xaxis.label.get_window_extent(renderer)
    assert box.y1 <= label.y0 or box.y0 >= label.y1, "the legend covers the axis label"
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_the_readme_says_how_to_build_the_docs_and_ci_runs_exactly_that() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = 'pip install ".[docs]" && mkdocs build'
    assert f"```bash\n{command}\n```" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install --quiet ".[docs]" && mkdocs build --strict' in ci  # in a fresh venv
    assert 'python -m venv "$docs/venv"' in ci


def test_the_site_publishes_no_hook_source_and_loads_no_web_font() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = re.findall(r"^hooks:\n((?:  - .*\n)+)", config, re.M)
    paths = [line.split("- ", 1)[1].split("#")[0].strip() for block in hooks for line in block.splitlines()]
    assert paths and all(not p.startswith("docs/") for p in paths), paths
    assert not list((ROOT / "docs").rglob("*.py")), "Python files under docs/ are published"
    assert re.search(r"^  font: false", config, re.M), "theme.font: false (no Google Fonts request)"


def _cells(row: str) -> int:
    """The cells of a Markdown table row: '|' separates them, except escaped or in code."""
    count, code = 0, False
    for i, ch in enumerate(row.strip().strip("|")):
        if ch == "`":
            code = not code
        elif ch == "|" and not code and (i == 0 or row.strip().strip("|")[i - 1] != "\\"):
            count += 1
    return count + 1


def _table_blocks(text: str) -> list[list[str]]:
    """Runs of consecutive lines starting with '|' (outside code): the page's tables."""
    blocks: list[list[str]] = []
    prev = ""
    for _, line in _outside_code(text):
        if line.startswith("|"):
            if prev.startswith("|"):
                blocks[-1].append(line)
            else:
                blocks.append([line])
        prev = line
    return blocks


def test_every_table_has_rows_as_wide_as_its_header() -> None:
    # A delimiter row one cell off made the properties table a paragraph of raw '| ... |' text.
    written = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    texts = {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in written if "generated" not in p.parts
    }
    texts |= {f"generated/{k}": str(v) for k, v in pages.data_pages().items() if k.endswith(".md")}
    bad = []
    for name, text in texts.items():
        for block in _table_blocks(text):
            rule = block[1] if len(block) > 1 else ""
            if not re.fullmatch(r"\|(?:\s*:?-{3,}:?\s*\|)+", rule):
                bad.append(f"{name}: {block[0][:60]!r} has no delimiter row under it")
                continue
            bad += [
                f"{name}: {row[:60]!r} has {_cells(row)} cells, its header {_cells(block[0])}"
                for row in block[1:]
                if _cells(row) != _cells(block[0])
            ]
    assert not bad, bad
