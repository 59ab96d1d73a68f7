"""The built docs site in a real browser: headless Chromium (Debian's), driven by Playwright.

Run after ``mkdocs build`` with ``python -m pytest tests/browser --site DIR`` (``.ci/run`` does).
Every page is opened at a desktop and a phone width; the checks are what a reader would notice:
links and images that go nowhere, tables or code cut off without a usable scroll bar, and markup
that leaked through (raw Sphinx roles, escaped Markdown).
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


def test_every_page_reads_well(site: Path, server: str, browser: Any) -> None:
    pages = _pages(site)
    assert len(pages) >= 10, pages
    problems: list[str] = []
    tab = browser.new_page()
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 900})
        for rel in pages:
            problems += _check_page(tab, server, rel, width)
    tab.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:200])


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
    if width == WIDTHS[0]:  # links, images and text do not depend on the width
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
