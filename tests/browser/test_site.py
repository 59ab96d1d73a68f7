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
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
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


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


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
  for (const cell of document.querySelectorAll('article td, article th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent;
      if (text.trim().length < 2) continue;
      range.selectNodeContents(n);
      const lines = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
      if (lines.size < 2) continue;  // on one line: nothing broken
      let prevTop = null;
      for (let i = 0; i < text.length; i++) {
        range.setStart(n, i); range.setEnd(n, i + 1);
        const rects = range.getClientRects();
        if (!rects.length || /\\s/.test(text[i])) { continue; }
        const top = rects[0].top;
        if (prevTop !== null && top > prevTop + 2 && i > 0
            && !breakAfter.test(text[i - 1]) && text[i] !== '('
            && !cjk.test(text[i - 1]) && !cjk.test(text[i])) {
          const word = (text.slice(0, i).match(/\\S*$/)[0] + '|' + text.slice(i).match(/^\\S*/)[0]);
          out.push('cell "' + cell.innerText.slice(0, 40).replace(/\\s+/g, ' ') +
                   '": a word broken over two lines: ' + word);
          break;
        }
        prevTop = top;
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


@pytest.fixture(scope="module")
def visit(site: Path, server: str, browser: Any) -> Visit:
    """Every page of the site, at each width, with every request routed through the test: a
    request to any host but the local server is recorded and refused."""
    pages = _pages(site)
    assert len(pages) >= 10, pages
    seen = Visit()
    current = {"page": ""}
    local = urllib.parse.urlsplit(server).netloc

    def route(r: Any) -> None:
        url = r.request.url
        if urllib.parse.urlsplit(url).netloc == local or url.startswith(("data:", "blob:")):
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
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 900})
        for rel in pages:
            current["page"] = f"{rel} @ {width}px"
            seen.problems += _check_page(tab, server, rel, width)
            if width == WIDTHS[0]:
                seen.heights[rel] = tab.evaluate("document.documentElement.scrollHeight")
    tab.close()
    browser.unroute("**/*")
    # refused foreign requests show up as failed too: report them once, as foreign
    foreign_urls = {f.split(": ", 1)[1] for f in seen.foreign}
    seen.failed = [f for f in seen.failed if f.rsplit(" ", 1)[-1] not in foreign_urls]
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


def _check_page(tab: Any, server: str, rel: str, width: int) -> list[str]:
    url = urllib.parse.urljoin(server, rel)
    where = f"{rel} @ {width}px"
    response = tab.goto(url, wait_until="load")
    if response is None or response.status != 200:
        return [f"{where}: page does not load"]
    problems = [f"{where}: {p}" for p in tab.evaluate(_CLIPPED_JS)]
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 1:
        problems.append(f"{where}: the whole page scrolls sideways by {overflow} px")
    if width == WIDTHS[0]:  # the desktop: tables fit whole; links, images and text
        problems += [f"{where}: {p}" for p in tab.evaluate(_HIDDEN_COLUMNS_JS)]
        problems += [f"{where}: {p}" for p in tab.evaluate(_BROKEN_WORDS_JS)]
        problems += [f"{where}: raw table row shown as text: {r}" for r in tab.evaluate(_RAW_ROWS_JS)]
        problems += _links_and_images(tab, server, where)
        text = tab.inner_text("article")
        problems += [f"{where}: leaked markup {m.group(0)!r}" for m in LEAKED_MARKUP.finditer(text)]
        problems += [f"{where}: a web address that is not a link: {u}" for u in tab.evaluate(_BARE_URLS_JS)]
        # A doctest outside a code block renders its ">>>" as nested block quotes.
        if tab.eval_on_selector_all("article blockquote blockquote", "els => els.length"):
            problems.append(f"{where}: nested block quotes (a doctest rendered as quotes, not code)")
    return problems


def _links_and_images(tab: Any, server: str, where: str) -> list[str]:
    problems = []
    hrefs = tab.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    for href in hrefs:
        target, fragment = urllib.parse.urldefrag(href)
        if not target.startswith(server):
            continue
        if not _resolves(target):
            problems.append(f"{where}: broken link {href}")
        elif fragment and not _has_anchor(target, fragment):
            problems.append(f"{where}: link to a missing anchor {href}")
    broken = tab.eval_on_selector_all(
        "img", "els => els.filter(e => !e.complete || e.naturalWidth === 0).map(e => e.src)"
    )
    problems += [f"{where}: image does not load {src}" for src in broken]
    return problems
