"""The alloy datasheet pages (docs and ``mgalloys site``): addresses, the three views that agree,
and what every page holds. The built pages in a browser: tests/browser/test_site.py."""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import re
import sys
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys.cli import main
from mgalloys.cli.site import MARKER, user_site_files
from mgalloys.cli.sitepages import (
    ALLOYS,
    MAX_SLUG,
    SiteLinks,
    charted,
    heading_anchor,
    record_id_of,
    site_files,
    slug,
    snippets_for,
)
from mgalloys.datasheet import DEFAULT_MARK, RANK_STEPS, datasheet_rows, default_rule, verdict_rows
from mgalloys.values import default_rank

ROOT = Path(__file__).resolve().parent.parent
LAB = ROOT / "tests" / "browser" / "lab"  # the user folder the browser test builds a site of
LINKS = SiteLinks(families="generated/families.md", frontier="generated/frontier.md")


# --- addresses ---------------------------------------------------------------------------------
@given(st.text(min_size=1, max_size=60))
def test_a_slug_is_safe_and_gives_back_its_record_id(record_id: str) -> None:
    s = slug(record_id)
    assert re.fullmatch(r"[A-Za-z0-9_.~-]+", s), s
    assert not s.startswith(".") and not s.endswith(".")
    assert record_id_of(s) == record_id


@given(st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=30))
def test_different_record_ids_never_share_a_slug(a: str, b: str) -> None:
    assert (slug(a) == slug(b)) == (a == b)


@pytest.mark.parametrize(
    ("record_id", "expected"),
    [
        ("AZ91D-F", "AZ91D-F"),  # a safe id is its own address
        ("Mg-0.75vol%Cu-MWCNT-PM", "Mg-0.75vol~25Cu-MWCNT-PM"),
        ("XA1-T6 lab/2025 50%", "XA1-T6~20lab~2f2025~2050~25"),
        ("..", "~2e~2e"),
        ("con", "~63on"),  # a name Windows keeps for itself
        ("Mg–3Al", "Mg~e2~80~933Al"),  # an en dash: its three UTF-8 bytes
        ("a~b", "a~7eb"),  # the escape character escapes itself
    ],
)
def test_slug_examples(record_id: str, expected: str) -> None:
    assert slug(record_id) == expected
    assert record_id_of(expected) == record_id


def test_every_bundled_record_has_its_own_address() -> None:
    ids = [a.record_id for a in mg.alloys()]
    slugs = [slug(i) for i in ids]
    assert len({s.casefold() for s in slugs}) == len(ids)  # unique on case-insensitive file systems too
    assert all(len(s.encode()) <= MAX_SLUG for s in slugs)
    assert {"AZ91D-F", "WE43A-T6", "LZ91", "EZ33A-T5"} <= set(slugs)


def test_ids_that_differ_only_in_case_are_refused() -> None:
    one, other = mg.alloy("AZ91D"), mg.alloy("AM60B").model_copy(update={"record_id": "az91d-f"})
    with pytest.raises(mg.DataError, match="differ only in case"):
        site_files([one, other], LINKS, snippets_for, "", charts=False)


def test_heading_anchor_is_the_one_markdown_gives() -> None:
    toc = pytest.importorskip("markdown.extensions.toc")
    for f in mg.families():
        heading = f"{f.number}. {f.name}"
        assert heading_anchor(heading) == toc.slugify(heading, "-")


# --- the default and its rule ----------------------------------------------------------------
def test_the_rule_steps_follow_the_default_rank() -> None:
    v = mg.alloy("AZ91D").value("density")
    assert v is not None and len(RANK_STEPS) == len(default_rank(v))


def test_every_default_is_marked_with_its_rule() -> None:
    for a in mg.alloys():
        rows = datasheet_rows(a)
        for prop in {r["property"] for r in rows}:
            mine = [r for r in rows if r["property"] == prop]
            marked = [r for r in mine if r["default"] == DEFAULT_MARK]
            default = a.value(prop)
            assert len(marked) == (default is not None), (a.record_id, prop)
            if default is not None:
                assert marked[0]["value"] == default.shown() and marked[0]["source"] == default.source.key
            assert mine[0]["rule"] == default_rule(a, prop) and all(not r["rule"] for r in mine[1:])


def test_rules_say_why() -> None:
    az91 = mg.alloy("AZ91D")
    assert default_rule(az91, "thermal_conductivity").startswith("a paper before a fabricator")
    k1a = mg.alloy("K1A-F")
    rules = {default_rule(k1a, p) for p in {v.property for v in k1a.property_values}}
    assert any("plausibility" in r for r in rules), rules  # K1A-F has an implausible value
    xa1 = mg.load(LAB).lookup("XA1")  # typical and minimum at RT, more at 150 and 250 degC
    assert default_rule(xa1, "tensile_strength") == "typical before minimum (2 values)"
    assert default_rule(xa1, "elongation") == "the only value"
    assert default_rule(mg.load(LAB).lookup("XB2"), "yield_strength") == "the only value"


# --- the three views agree ---------------------------------------------------------------------
class _Cells(HTMLParser):
    """The rows of each table of an HTML text: the text of each cell, heading rows left out."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables_of(html: str) -> list[list[list[str]]]:
    parser = _Cells()
    parser.feed(html)
    return parser.tables


@pytest.fixture(scope="module")
def bundled_pages() -> dict[str, str | bytes]:
    return site_files(list(mg.alloys()), LINKS, snippets_for, "intro", charts=False)


def _page(pages: dict[str, str | bytes], record_id: str) -> str:
    return str(pages[f"{ALLOYS}/{slug(record_id)}/index.md"])


def _datasheet_table(page: str) -> list[list[str]]:
    return next(t for t in tables_of(page) if t and len(t[0]) == 7)


@contextlib.contextmanager
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COLUMNS", "1000")  # one line per row: the text table's cells never wrap
    yield


def _cli_lines(record_id: str, capsys: pytest.CaptureFixture[str]) -> tuple[list[dict[str, str]], list[str]]:
    assert main(["show", record_id, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert main(["show", record_id]) == 0
    return rows, capsys.readouterr().out.splitlines()


def test_the_site_the_notebook_and_the_cli_show_the_same_rows_for_every_record(
    bundled_pages: dict[str, str | bytes], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with _wide_terminal(monkeypatch):
        for a in mg.alloys():
            site = _datasheet_table(_page(bundled_pages, a.record_id))
            notebook = tables_of(a._repr_html_())[0]
            csv_rows, text = _cli_lines(a.record_id, capsys)
            assert [r[:6] for r in site] == [r[:6] for r in notebook], a.record_id
            assert len(site) == len(csv_rows) == len(datasheet_rows(a)), a.record_id
            _cli_text_holds_rows(a.record_id, csv_rows, text)
            for cells, cli in zip(site, csv_rows, strict=True):
                prop, mark, value, kind, at, source, where = (unescape(c) for c in cells)
                assert (prop, mark, value, kind, at, source) == (
                    cli["property"], cli["default"], cli["value"], cli["kind"], cli["at"], cli["source"]
                ), a.record_id  # fmt: skip
                assert cli["where"] in where and cli["conditions"].replace("\n", " ") in where.replace(
                    "\n", " "
                )


def _cli_text_holds_rows(record_id: str, rows: list[dict[str, str]], text: list[str]) -> None:
    """Each row of ``show --format csv`` is a line of ``show``'s table, in order, with its value,
    kind, temperature and source, and the default's mark as a cell of its own (read token by
    token, whatever draws the table's borders)."""
    mark = re.compile(rf"(?:^|[\s│|]){re.escape(DEFAULT_MARK)}(?:[\s│|]|$)")
    at = 0
    for row in rows:
        parts = (row["value"], row["kind"], row["at"], row["source"])
        found = next((i for i in range(at, len(text)) if all(p in text[i] for p in parts)), None)
        assert found is not None, (record_id, "not printed in order", row)
        left = text[found].split(row["value"])[0]  # the mark stands before the value
        assert bool(mark.search(left)) == (row["default"] == DEFAULT_MARK), (record_id, text[found])
        at = found + 1


def test_every_page_holds_every_value_name_curve_point_and_verdict(
    bundled_pages: dict[str, str | bytes],
) -> None:
    for a in mg.alloys():
        page = _page(bundled_pages, a.record_id)
        text = unescape(re.sub(r"<[^>]+>", " ", page))
        for r in datasheet_rows(a):
            assert r["value"] in text and r["source"] in text and r["kind"] in text, (a.record_id, r)
        for e in mg.equivalents(a.record_id):
            assert e.equivalent in text and e.source.key in text, (a.record_id, e.equivalent)
        for key, comp in (*[(c.source.key, c.element) for c in a.composition],):
            assert key in text and comp in text
        for curve in a.curves():
            for p in curve.points if curve.origin == "curves" else ():
                assert mg.format_quantity(p.value, 4) in text, (a.record_id, curve.property)
        results = [mg.check(a, f) for f in mg.families()]
        verdicts = tables_of(page)[-1]
        assert len(verdicts) == len(results) == 11
        for cells, r, f in zip(verdicts, results, mg.families(), strict=True):
            assert f"#{f.number} {f.id}" in cells[0]
            word = {"not applicable": "n/a"}.get(r.verdict.value, r.verdict.value)
            assert cells[1].split("\n")[0] == word, (a.record_id, f.id)
            assert cells[2] == r.reading
        for row in verdict_rows(results):
            for line in row["criteria"].splitlines():
                assert line in text, (a.record_id, line)
        bibtex = unescape(page.split("<summary>BibTeX</summary>")[1].split("</details>")[0])
        for src in a.sources():
            assert f"{{{src.key}," in bibtex, (a.record_id, src.key)  # in the citations to copy
        assert f"mg.alloy({a.record_id!r})" in text and "mgalloys show" in text


def test_the_index_lists_every_record_with_its_verdicts(bundled_pages: dict[str, str | bytes]) -> None:
    index = str(bundled_pages[f"{ALLOYS}/index.md"])
    rows = tables_of(index)[0]
    assert len(rows) == len(mg.alloys())
    links = re.findall(r"<td><a href='([^']+)/'>([^<]+)</a></td>", index)
    assert {record_id_of(h) for h, _ in links} == {a.record_id for a in mg.alloys()}
    az91 = next(r for r in rows if r[0] == "AZ91D-F")
    assert az91[3] == f"{mg.alloy('AZ91D-F').get('density').magnitude:.4g}"
    assert "M11916" in re.search(r"<tr data-names='([^']*)'><td><a href='AZ91D-F/'", index)[1]  # type: ignore[index]
    assert "<script src='table.js'></script>" in index
    assert str(bundled_pages[f"{ALLOYS}/table.js"]).startswith("// The alloy index")


def test_charts_are_drawn_for_each_curve_and_are_stable() -> None:
    a = mg.alloy("EZ33A-T5")
    files = site_files([a], LINKS, snippets_for, "")
    props = charted(a)
    assert props == ["tensile_strength", "yield_strength", "elongation"]
    for prop in props:
        svg = files[f"{ALLOYS}/EZ33A-T5/{prop}.svg"]
        assert isinstance(svg, bytes) and b"mgalloys:curve" in svg and b"<script" not in svg
        assert f"src='{prop}.svg'" in str(files[f"{ALLOYS}/EZ33A-T5/index.md"])
    again = site_files([a], LINKS, snippets_for, "")
    assert again == files  # same data, same bytes: the build writes nothing when nothing changed


# --- a user's folder --------------------------------------------------------------------------
def test_a_user_site_has_the_folders_records_only() -> None:
    files = user_site_files(LAB, charts=False)
    pages = sorted(
        p for p in files if p.startswith(f"{ALLOYS}/") and p.endswith("/index.md") and p.count("/") == 2
    )
    cat = mg.load(LAB)
    mine = sorted(rid for rid, where in cat.origin.items() if where != "data")
    assert [record_id_of(p.split("/")[1]) for p in pages] == sorted(mine, key=lambda r: slug(r))
    assert {"index.md", "families.md", MARKER, f"{ALLOYS}/index.md"} <= set(files)
    page = unescape(str(files[pages[0]]))
    assert "mg.load('lab')" in page and "mgalloys --data lab show" in page
    families = str(files["families.md"])
    for f in mg.families():
        assert f"## {f.number}. {f.name}" in families


def test_the_site_command_refuses_a_folder_it_would_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.tex").write_text("mine")
    assert main(["site", str(LAB), "-o", str(out)]) == 2
    assert "holds other files" in capsys.readouterr().err and (out / "thesis.tex").is_file()
    empty = tmp_path / "empty"
    (empty / "records").mkdir(parents=True)
    assert main(["site", str(empty), "-o", str(tmp_path / "s")]) == 2
    assert "no records of its own" in capsys.readouterr().err


def test_the_site_command_names_the_extra_it_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "mkdocs" else real(name))
    assert main(["site", str(LAB), "-o", str(tmp_path / "s")]) == 2
    assert "pip install 'mgalloys[site]'" in capsys.readouterr().err and not (tmp_path / "s").exists()


def test_the_site_command_builds_a_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    pytest.importorskip("matplotlib")
    out = tmp_path / "site"
    assert main(["site", str(LAB), "-o", str(out), "--title", "Example Lab"]) == 0
    assert "alloy page(s)" in capsys.readouterr().out
    cat = mg.load(LAB)
    for rid in (r for r, where in cat.origin.items() if where != "data"):
        page = out / ALLOYS / slug(rid) / "index.html"
        assert page.is_file(), rid
    assert (out / MARKER).is_file() and (out / "search" / "search_index.json").is_file()
    assert main(["site", str(LAB), "-o", str(out)]) == 0  # a site it built may be rebuilt in place
    html = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", re.sub(r"<a [^>]*>", "", html))


def test_the_docs_build_owns_the_alloys_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(ROOT))
    from docgen import hooks

    assert hooks.alloy_pages in hooks.GENERATORS and "alloys" in hooks.GENERATED_DIRS
    page = {"alloys/AZ91D-F/index.md": "# AZ91D-F\n"}  # what the generator writes, in small
    monkeypatch.setattr(hooks, "GENERATORS", (lambda: page,))
    stale = tmp_path / "alloys" / "GONE-T6" / "index.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("a record that is no more")
    assert hooks.generate(tmp_path) == [tmp_path / "alloys" / "AZ91D-F" / "index.md"]
    assert not stale.exists() and not stale.parent.exists()
    assert hooks.generate(tmp_path) == []  # nothing changed: nothing written
    assert "docs/alloys/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
