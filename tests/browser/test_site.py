"""The built docs site in a real browser: headless Chromium (Debian's), driven by Playwright.

Run after ``mkdocs build`` with ``python -m pytest tests/browser --site DIR`` (``.ci/run`` does).
Every page of the site is opened at a desktop and a phone width; the checks are what a reader
would notice:

- at 1280 px no table hides a column (each table's scroll width against its box and its
  container's, 1 px tolerance) and no table cell breaks a word or identifier in the middle;
- at both widths, code and (at 390 px) tables that must scroll have a scroll bar in reach;
- every internal link, anchor, image, stylesheet and script resolves;
- no request goes to another host (every request is routed: only the local server answers);
- no markup leaked through (Sphinx roles, escaped Markdown, raw ``| ... |`` table rows);
- the site publishes no source file (``*.py``) and no page is overly long (the API reference was
  one 81,000-pixel page); the measured page heights are printed (``-s``).

The alloy datasheets (``alloys/``, one page per bundled record) are many pages of one template:
every one is measured at the desktop width, the index and a sample at the phone width too. The
sample's pages are read against the data (every value, source key and verdict of the record, its
charts drawn), the site search must find records by their other names, and the index must sort
and filter. A site built from a user's folder (``mgalloys site tests/browser/lab -o DIR``) passes
the same checks.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import mgalloys as mg
from mgalloys.cli.sitepages import charted, slug
from mgalloys.datasheet import DATASHEET_HEAD, datasheet_rows, verdict_rows

try:  # the docs extra installs it; asked for a browser test (--site), its absence is a failure
    from playwright import sync_api as playwright_api
except ImportError:  # pragma: no cover
    playwright_api = None

WIDTHS = (1280, 390)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# What Chromium needs to start headless as root on a machine without a network.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Sphinx roles (rendered ":class:Target"), Markdown escapes shown as text, doubled backquotes.
LEAKED_MARKUP = re.compile(r":(?:class|func|meth|attr|mod|exc|data|obj|ref|py:\w+):\S|\\[*_`#]|``")


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest) -> Path:
    root = Path(request.config.getoption("--site")).resolve()
    if not (root / "index.html").is_file():
        pytest.fail(f"--site {root} holds no built site (run mkdocs build first)")
    return root


@contextlib.contextmanager
def _serve(root: Path) -> Iterator[str]:
    """A local web server for the folder ``root``: its address."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with _serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if playwright_api is None:
        pytest.fail('playwright is not installed (pip install ".[docs]")')
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (.ci/run installs it)")
    profile = tempfile.mkdtemp(prefix="mgalloys-chromium-")
    with playwright_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle(self) -> None:
        # the browser may move on to the next page before a download finished
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


def _pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.name != "404.html" and "assets" not in p.parts
    )


@functools.cache
def _fetch(url: str) -> str | None:
    """The page's HTML, or None when it does not load."""
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return str(resp.read().decode("utf-8", "replace")) if resp.status == 200 else None
    except (urllib.error.URLError, OSError):
        return None


def _resolves(url: str) -> bool:
    return _fetch(url) is not None


@functools.cache
def _has_anchor(url: str, fragment: str) -> bool:
    html = _fetch(url) or ""
    return re.search(rf"""\bid=["']?{re.escape(urllib.parse.unquote(fragment))}["'\s>]""", html) is not None


# A web address shown as text but not clickable (a bibliography entry without its link).
_BARE_URLS_JS = """
() => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (el.closest('a, pre, code')) continue;
    for (const m of n.textContent.matchAll(/(?:https?:\\/\\/|doi:\\s?10\\.)\\S+/g)) out.push(m[0]);
  }
  return out;
}
"""

# Measured in the page: every table or code block whose content is wider than its box must sit in
# a box that scrolls sideways, and that scroll bar must be reachable (its box not taller than the
# window, or the box sticky), so nothing is cut off out of reach.
_CLIPPED_JS = """
() => {
  const out = [];
  const vh = window.innerHeight;
  const vw = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('article table, article pre')) {
    let box = el.tagName === 'PRE' && el.firstElementChild ? el.firstElementChild : el;
    let scroller = null;
    while (box && box.tagName !== 'ARTICLE') {
      const st = getComputedStyle(box);
      if (['auto', 'scroll'].includes(st.overflowX)) { scroller = box; break; }
      if (st.overflowX === 'hidden' || st.overflowX === 'clip') break;
      box = box.parentElement;
    }
    const r = el.getBoundingClientRect();
    const name = el.tagName.toLowerCase() + ' "' + el.innerText.slice(0, 40).replace(/\\s+/g, ' ') + '"';
    if (scroller) {
      const wide = scroller.scrollWidth > scroller.clientWidth + 1;
      if (wide && scroller.getBoundingClientRect().height > vh * 1.05
          && getComputedStyle(scroller).position !== 'sticky') {
        out.push(name + ': scrolls sideways, but its scroll bar is ' +
                 Math.round(scroller.getBoundingClientRect().height) + ' px down');
      }
    } else if (r.right > vw + 1 || el.scrollWidth > el.clientWidth + 1) {
      out.push(name + ': is cut off at the window edge (' + vw + ' px) with no scroll container');
    }
  }
  return out;
}
"""


# At the desktop width no table may hide a column: a table (or the box around it, up to the
# article) whose content is wider than the box hides what is beyond its right edge.
_HIDDEN_COLUMNS_JS = """
() => {
  const out = [];
  for (const table of document.querySelectorAll('article table')) {
    const name = 'table "' + table.innerText.slice(0, 50).replace(/\\s+/g, ' ') + '"';
    for (let box = table; box && box.tagName !== 'ARTICLE'; box = box.parentElement) {
      if (box.scrollWidth > box.clientWidth + 1) {
        out.push(name + ': hides columns: ' + box.tagName.toLowerCase() +
                 (box.className ? '.' + String(box.className).split(' ')[0] : '') +
                 ' is ' + box.clientWidth + ' px wide, its content ' + box.scrollWidth + ' px');
        break;
      }
    }
  }
  return out;
}
"""

# A word or identifier broken over two lines in a table cell (`tensile_str` / `ength`): a line
# break between two characters where the text has no break opportunity (a space, after a
# hyphen, slash or comma, or beside a Chinese or Japanese character, which break anywhere).
_BROKEN_WORDS_JS = """
() => {
  const out = [];
  const breakAfter = /[\\s\\-\\u2010\\u2011\\u2013\\u2014\\/,;·)]/;
  const cjk = /[\\u3000-\\u9fff\\uac00-\\ud7af\\uff00-\\uffef]/;
  const range = document.createRange();
  const lines = () => {
    const tops = Array.from(range.getClientRects(), r => r.top);
    return tops.length > 1 && Math.max(...tops) - Math.min(...tops) > 2;
  };
  for (const cell of document.querySelectorAll('article td, article th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent;
      if (text.trim().length < 2) continue;
      range.selectNodeContents(n);
      if (!lines()) continue;  // on one line: nothing broken
      // The runs of text between break opportunities, each measured once: a run laid out on
      // two lines was broken where the text allows no break.
      let start = 0;
      for (let i = 1; i <= text.length; i++) {
        const opening = i === text.length || /\\s/.test(text[i]) || /\\s/.test(text[i - 1])
          || breakAfter.test(text[i - 1]) || text[i] === '(' || cjk.test(text[i - 1]) || cjk.test(text[i]);
        if (!opening) continue;
        if (i - start >= 2 && !/\\s/.test(text[start])) {
          range.setStart(n, start); range.setEnd(n, i);
          if (lines()) {
            out.push('cell "' + cell.innerText.slice(0, 40).replace(/\\s+/g, ' ') +
                     '": a word broken over two lines: ' + text.slice(start, i));
            break;
          }
        }
        start = i;
      }
    }
  }
  return out;
}
"""

# Table rows that Markdown did not recognise (rows glued to a paragraph above them, or a header
# and delimiter row of different widths): lines of a paragraph's source text (textContent keeps
# the Markdown's line breaks, which the rendered text joins) that start and end with "|".
_RAW_ROWS_JS = """
() => Array.from(document.querySelectorAll('article p'))
  .flatMap(p => p.textContent.split('\\n'))
  .filter(line => /^\\s*\\|.*\\|\\s*$/.test(line))
  .map(line => line.slice(0, 80))
"""

# Longest page allowed at the desktop width; the split API reference stays well under it.
MAX_API_PAGE_PX = 30000


@dataclass
class Visit:
    """What one pass over the site saw."""

    problems: list[str] = field(default_factory=list)
    heights: dict[str, int] = field(default_factory=dict)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


#: The alloy pages read against the data (the issue's sample); LZ91's record id is the grade alone.
ALLOY_SAMPLE = ("AZ91D-F", "WE43A-T6", "LZ91", "EZ33A-T5")


def _pages_at(pages: list[str], width: int) -> list[str]:
    """The pages visited at a width: every page at the desktop width; at the phone width every
    page but the alloy datasheets, of which the index and the sample (one template)."""
    if width == WIDTHS[0]:
        return pages
    keep = {"alloys/index.html", *(f"alloys/{slug(r)}/index.html" for r in ALLOY_SAMPLE)}
    return [p for p in pages if not p.startswith("alloys/") or p in keep]


@pytest.fixture(scope="module")
def visit(site: Path, server: str, browser: Any) -> Visit:
    """Every page of the site (`_pages_at`), at each width, with every request routed through
    the test: a request to any host but the local server is recorded and refused."""
    pages = _pages(site)
    assert len(pages) >= 10, pages
    return _visit(browser, server, {width: _pages_at(pages, width) for width in WIDTHS})


@contextlib.contextmanager
def _routed(browser: Any, server: str, seen: Visit, current: dict[str, str]) -> Iterator[Any]:
    """A tab whose every request goes through the test: one to another host is refused and
    recorded in ``seen.foreign``, one that fails in ``seen.failed``."""
    local = urllib.parse.urlsplit(server).netloc

    def route(r: Any) -> None:
        url = r.request.url
        if url.endswith("/search/search_index.json"):
            # the search's worker builds its index on every page load, which competes with the
            # page's measurements; the search tests load it and use it
            r.abort("aborted")
        elif urllib.parse.urlsplit(url).netloc == local or url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            seen.foreign.append(f"{current['page']}: {url}")
            r.abort()

    def failed(req: Any) -> None:
        if req.failure != "net::ERR_ABORTED":  # not a download cut short by the next page
            seen.failed.append(f"{current['page']}: {req.failure} {req.url}")

    def response(resp: Any) -> None:
        if resp.status >= 400:
            seen.failed.append(f"{current['page']}: {resp.status} {resp.url}")

    browser.route("**/*", route)
    tab = browser.new_page()
    tab.on("response", response)
    tab.on("requestfailed", lambda req: failed(req))
    try:
        yield tab
    finally:
        tab.close()
        browser.unroute("**/*")
        # refused foreign requests show up as failed too: report them once, as foreign
        foreign_urls = {f.split(": ", 1)[1] for f in seen.foreign}
        seen.failed[:] = [f for f in seen.failed if f.rsplit(" ", 1)[-1] not in foreign_urls]


def _visit(browser: Any, server: str, pages: dict[int, list[str]]) -> Visit:
    seen = Visit()
    current = {"page": ""}
    with _routed(browser, server, seen, current) as tab:
        for width in WIDTHS:
            tab.set_viewport_size({"width": width, "height": 900})
            for rel in pages[width]:
                current["page"] = f"{rel} @ {width}px"
                problems, height = _check_page(tab, server, rel, width)
                seen.problems += problems
                if width == WIDTHS[0]:
                    seen.heights[rel] = height
    return seen


def test_every_page_reads_well(visit: Visit) -> None:
    problems = visit.problems
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:200])


def test_no_request_goes_to_another_host(visit: Visit) -> None:
    assert not visit.foreign, "requests to other hosts:\n" + "\n".join(sorted(set(visit.foreign))[:50])


def test_every_resource_loads(visit: Visit) -> None:
    assert not visit.failed, "resources that did not load:\n" + "\n".join(sorted(set(visit.failed))[:50])


def test_pages_are_of_readable_length(visit: Visit) -> None:
    print("\npage heights at 1280 px:")
    for rel, px in sorted(visit.heights.items(), key=lambda kv: -kv[1]):
        print(f"{px:8d} px  {rel}")
    api = {rel: px for rel, px in visit.heights.items() if rel.startswith("api/")}
    assert len(api) >= 5, f"the API reference is not split into pages: {sorted(api)}"
    long = {rel: px for rel, px in api.items() if px > MAX_API_PAGE_PX}
    assert not long, f"API pages taller than {MAX_API_PAGE_PX} px at 1280 px: {long}"


def test_the_site_publishes_no_source_file(site: Path) -> None:
    sources = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.py"))
    assert not sources, f"source files published with the site: {sources}"


def test_the_solver_example_ran_the_solver(site: Path) -> None:
    # CI installs CalculiX: the published example shows the solver's answer, not the fallback
    page = (site / "simulation" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"CalculiX end displacement: \d", page), "the page shows no solver result"
    assert not re.search(r"was not found when these docs were built; F L / \(E A\) = \d", page)


# Everything a page is checked for, measured in one call (one round trip to the browser per
# page: with some 230 pages visited, the round trips were a third of the test's time).
_PAGE_JS = f"""
(desktop) => ({{
  clipped: ({_CLIPPED_JS.strip()})(),
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  height: document.documentElement.scrollHeight,
  desktop: !desktop ? null : {{
    hidden: ({_HIDDEN_COLUMNS_JS.strip()})(),
    broken: ({_BROKEN_WORDS_JS.strip()})(),
    raw: ({_RAW_ROWS_JS.strip()})(),
    bare: ({_BARE_URLS_JS.strip()})(),
    links: Array.from(document.querySelectorAll('a[href]'), e => e.href),
    images: Array.from(document.querySelectorAll('img'))
      .filter(e => !e.complete || e.naturalWidth === 0).map(e => e.src),
    text: document.querySelector('article').innerText,
    quotes: document.querySelectorAll('article blockquote blockquote').length,
  }},
}})
"""


def _check_page(tab: Any, server: str, rel: str, width: int) -> tuple[list[str], int]:
    """What a reader would notice on the page at ``rel`` at this width; and its height."""
    url = urllib.parse.urljoin(server, rel)
    where = f"{rel} @ {width}px"
    response = tab.goto(url, wait_until="load")
    if response is None or response.status != 200:
        return [f"{where}: page does not load"], 0
    found = tab.evaluate(_PAGE_JS, width == WIDTHS[0])
    problems = [f"{where}: {p}" for p in found["clipped"]]
    if found["overflow"] > 1:
        problems.append(f"{where}: the whole page scrolls sideways by {found['overflow']} px")
    desk = found["desktop"]
    if desk is not None:  # the desktop: tables fit whole; links, images and text
        problems += [f"{where}: {p}" for p in desk["hidden"] + desk["broken"]]
        problems += [f"{where}: raw table row shown as text: {r}" for r in desk["raw"]]
        problems += _link_problems(desk["links"], desk["images"], server, where)
        problems += [f"{where}: leaked markup {m.group(0)!r}" for m in LEAKED_MARKUP.finditer(desk["text"])]
        problems += [f"{where}: a web address that is not a link: {u}" for u in desk["bare"]]
        # A doctest outside a code block renders its ">>>" as nested block quotes.
        if desk["quotes"]:
            problems.append(f"{where}: nested block quotes (a doctest rendered as quotes, not code)")
    return problems, found["height"]


def _link_problems(hrefs: list[str], broken: list[str], server: str, where: str) -> list[str]:
    problems = []
    for href in hrefs:
        target, fragment = urllib.parse.urldefrag(href)
        if not target.startswith(server):
            continue
        if not _resolves(target):
            problems.append(f"{where}: broken link {href}")
        elif fragment and not _has_anchor(target, fragment):
            problems.append(f"{where}: link to a missing anchor {href}")
    problems += [f"{where}: image does not load {src}" for src in broken]
    return problems


# --- the alloy datasheets ---------------------------------------------------------------------
# Every table of the page: its header cells and its rows of cells (rows of headings left out).
_TABLES_JS = """
() => Array.from(document.querySelectorAll('article table')).map(t => ({
  head: Array.from(t.querySelectorAll('thead th')).map(th => th.innerText.trim()),
  rows: Array.from(t.querySelectorAll('tbody tr')).filter(tr => tr.querySelector('td'))
    .map(tr => Array.from(tr.cells).map(c => c.innerText.trim())),
}))
"""

# Each chart of the page: drawn when its image loaded and has a size.
_CHARTS_JS = """
() => Array.from(document.querySelectorAll('article img.mg-chart'))
  .map(img => ({src: img.src, drawn: img.complete && img.naturalWidth > 0}))
"""


def _table(tables: list[dict[str, Any]], first: str) -> dict[str, Any] | None:
    return next((t for t in tables if t["head"][:1] == [first]), None)


def _record_problems(tab: Any, url: str, a: mg.Alloy) -> list[str]:
    """What of record ``a`` the open page at ``url`` lacks or shows otherwise than the data:
    every value (value, kind, temperature, source, the default's mark), other name, curve point
    and verdict; its charts drawn; its citations and the lines that give the same data."""
    where = f"{url} ({a.record_id})"
    tables = tab.evaluate(_TABLES_JS)
    problems: list[str] = []
    sheet = _table(tables, "property")
    wanted = [
        [r["property"], r["default"], r["value"], r["kind"], r["at"], r["source"]] for r in datasheet_rows(a)
    ]
    shown = [row[:6] for row in sheet["rows"]] if sheet else []
    if sheet is None or sheet["head"] != DATASHEET_HEAD or shown != wanted:
        missing = [w for w in wanted if w not in shown]
        problems.append(f"{where}: the datasheet differs from the data; first rows missing: {missing[:3]}")
    names = _table(tables, "name")
    for e in mg.equivalents(a.record_id, catalog=mg.get_catalog()):
        if names is None or not any(
            row[0] == e.equivalent and row[3] == e.source.key for row in names["rows"]
        ):
            problems.append(f"{where}: the other name {e.equivalent} [{e.source.key}] is not on the page")
    points = " ".join(c for t in tables if t["head"][:1] == ["at"] for row in t["rows"] for c in row)
    for curve in a.curves():
        for p in curve.points if curve.origin == "curves" else ():
            if mg.format_quantity(p.value, 4) not in points:
                problems.append(f"{where}: the {curve.property} point at {p.label} is not on the page")
    problems += _verdict_problems(where, _table(tables, "family"), a)
    charts = tab.evaluate(_CHARTS_JS)
    if len(charts) != len(charted(a)) or not all(c["drawn"] for c in charts):
        problems.append(f"{where}: {len(charted(a))} curve chart(s) wanted, drawn: {charts}")
    for c in charts:
        if "mgalloys:curve" not in (_fetch(c["src"]) or ""):
            problems.append(f"{where}: the chart {c['src']} draws no curve")
    cited = tab.evaluate(
        "Array.from(document.querySelectorAll('details.mg-cite code')).map(c => c.textContent)"
    )
    for src in a.sources():
        if not all(src.key in text for text in cited) or len(cited) != 2:
            problems.append(f"{where}: the citations to copy lack {src.key}")
    if f"mg.alloy({a.record_id!r}" not in tab.inner_text("article"):
        problems.append(f"{where}: no mg.alloy(...) line for the record")
    return problems


def _verdict_problems(where: str, table: dict[str, Any] | None, a: mg.Alloy) -> list[str]:
    fams = list(mg.families())
    results = [mg.check(a, f) for f in fams]
    if table is None or len(table["rows"]) != len(fams):
        return [f"{where}: no verdict table of {len(fams)} families"]
    problems = []
    for row, f, r, words in zip(table["rows"], fams, results, verdict_rows(results), strict=True):
        word = {"not applicable": "n/a"}.get(r.verdict.value, r.verdict.value)
        if f"#{f.number} {f.id}" not in row[0] or row[1].split("\n")[0] != word or row[2] != r.reading:
            problems.append(f"{where}: family {f.id}: the page says {row[:3]}, the data {word} ({r.reading})")
        for line in words["criteria"].splitlines():
            if line not in row[3]:
                problems.append(f"{where}: family {f.id}: the criterion {line[:60]!r} is not on the page")
    return problems


def _open_sample(browser: Any, server: str, pages: list[tuple[str, mg.Alloy]]) -> tuple[list[str], Visit]:
    """Each record's page read against the data (at the desktop width, every request routed)."""
    seen, current = Visit(), {"page": ""}
    problems: list[str] = []
    with _routed(browser, server, seen, current) as tab:
        tab.set_viewport_size({"width": WIDTHS[0], "height": 900})
        for rel, a in pages:
            current["page"] = rel
            tab.goto(urllib.parse.urljoin(server, rel), wait_until="load")
            problems += _record_problems(tab, rel, a)
            problems += [f"{rel}: {p}" for p in tab.evaluate(_HIDDEN_COLUMNS_JS)]
    return problems, seen


def test_the_docs_build_made_a_page_for_every_bundled_record(site: Path) -> None:
    pages = set(_pages(site))
    missing = [a.record_id for a in mg.alloys() if f"alloys/{slug(a.record_id)}/index.html" not in pages]
    assert not missing and "alloys/index.html" in pages, missing


def test_the_sample_alloy_pages_show_every_value_source_and_verdict(server: str, browser: Any) -> None:
    sample = [(f"alloys/{slug(r)}/", mg.alloy(r)) for r in ALLOY_SAMPLE]
    assert [a.record_id for _, a in sample] == list(ALLOY_SAMPLE)  # each name is a record id
    problems, seen = _open_sample(browser, server, sample)
    assert not problems, "\n".join(problems[:50])
    assert not seen.foreign and not seen.failed, seen.foreign + seen.failed


def _search(tab: Any, server: str, query: str) -> list[str]:
    """The pages (addresses without anchors) the site search lists for ``query``, best first."""
    tab.goto(server, wait_until="load")
    box = tab.locator("input.md-search__input")
    box.click()
    # a query typed before the search index is loaded is dropped: wait for "Type to start searching"
    tab.wait_for_function(
        "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=60_000,
    )
    box.press_sequentially(query, delay=20)  # key by key, as a reader types (fill() is not heard)
    tab.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item a').length > 0", timeout=60_000
    )
    hrefs = tab.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    return list(dict.fromkeys(urllib.parse.urldefrag(h)[0] for h in hrefs))


@pytest.mark.parametrize(
    ("query", "record"), [("M11916", "AZ91D-F"), ("Elektron 21", "EV31A-T6"), ("MB15", "ZK60-ECAP")]
)
def test_the_site_search_finds_a_record_by_another_name(
    server: str, browser: Any, query: str, record: str
) -> None:
    tab = browser.new_page()
    found = _search(tab, server, query)
    tab.close()
    page = urllib.parse.urljoin(server, f"alloys/{slug(record)}/")
    assert page in found[:3], f"{query!r}: {record}'s page is not among the first results: {found[:6]}"


# The rows of the index the filter leaves visible: the text of a column's cells or their sort key.
_VISIBLE_JS = """
([col, attr]) => Array.from(document.querySelectorAll('#mg-index tbody tr')).filter(r => !r.hidden)
  .map(r => attr ? r.cells[col].getAttribute(attr) : r.cells[col].innerText.trim())
"""


def test_the_index_filters_by_typing_and_sorts_by_a_click(server: str, browser: Any) -> None:
    tab = browser.new_page()
    tab.set_viewport_size({"width": WIDTHS[0], "height": 900})
    tab.goto(urllib.parse.urljoin(server, "alloys/"), wait_until="load")
    total = tab.evaluate("document.querySelectorAll('#mg-index tbody tr').length")
    assert total == len(mg.alloys())
    for query, expected in (("m11916", {"AZ91D-F"}), ("elektron 21", {"EV31A-T6", "EV31A-T6-direct-chill"})):
        tab.fill("#mg-filter", query)
        assert set(tab.evaluate(_VISIBLE_JS, [0, None])) == expected, query
    tab.fill("#mg-filter", "")
    assert len(tab.evaluate(_VISIBLE_JS, [0, None])) == total
    uts = [
        h.strip() for h in tab.eval_on_selector_all("#mg-index thead th", "els => els.map(e => e.innerText)")
    ]
    col = next(i for i, h in enumerate(uts) if h.startswith("UTS"))
    tab.click(f"#mg-index thead th:nth-child({col + 1})")
    cells = tab.evaluate(_VISIBLE_JS, [col, "data-sort"])
    known = [float(c) for c in cells if c]
    assert known == sorted(known) and all(c for c in cells[: len(known)]), "numbers ascending, unknown last"
    tab.close()


# --- a site of a user's folder ---------------------------------------------------------------
LAB = Path(__file__).resolve().parent / "lab"


@pytest.fixture(scope="module")
def lab_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of tests/browser/lab, built as a user builds it: from the command line."""
    out = tmp_path_factory.mktemp("lab") / "site"
    cmd = [sys.executable, "-m", "mgalloys", "site", str(LAB), "-o", str(out), "--title", "Example Lab"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def lab_records() -> list[mg.Alloy]:
    cat = mg.load(LAB)
    return [cat.record(rid) for rid, where in cat.origin.items() if where != "data"]


def test_a_users_site_passes_the_same_checks(
    lab_site: Path, lab_records: list[mg.Alloy], browser: Any
) -> None:
    pages = _pages(lab_site)
    assert {f"alloys/{slug(a.record_id)}/index.html" for a in lab_records} <= set(pages)
    with _serve(lab_site) as url:
        seen = _visit(browser, url, {width: pages for width in WIDTHS})
        with mg.using(mg.load(LAB)):
            problems, sample = _open_sample(
                browser, url, [(f"alloys/{slug(a.record_id)}/", a) for a in lab_records]
            )
        tab = browser.new_page()
        found = _search(tab, url, "Laballoy")
        tab.close()
    assert not seen.problems + problems, "\n".join((seen.problems + problems)[:50])
    assert not seen.foreign + sample.foreign, seen.foreign + sample.foreign
    assert not seen.failed + sample.failed, seen.failed + sample.failed
    assert any(charted(a) for a in lab_records)  # the chart check above has a chart to check
    assert f"{url}alloys/{slug(lab_records[0].record_id)}/" in found[:3], found
