"""The pages of a datasheet site: one page per record, an index of all records, their charts.

Used twice: by the docs build (``docgen/alloys.py``, the bundled records) and by
``mgalloys site FOLDER`` (a user's records). Pages are Markdown for MkDocs (Material theme)
whose tables are HTML written by `mgalloys.datasheet`, the formatting ``mgalloys show`` and the
notebook view print too; nothing here formats a value of its own.

A record's page lives at ``alloys/<slug>/`` (`slug`: the record id with every character outside
``A-Z a-z 0-9 - _ .`` written as ``~`` and its UTF-8 bytes in hex; `record_id_of` reverses it).
"""

from __future__ import annotations

import io
import json
import posixpath
import re
import shlex
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import mgalloys as mg

from .._html import VERDICT_COLORS, escape, link, linked_text, table, verdict_cell
from ..citations import format_citations, unique_sources
from ..datasheet import (
    DEFAULT_NOTE,
    composition_lines,
    curve_rows,
    datasheet_html,
    name_rows,
    verdict_rows,
)
from ..errors import DataError
from ..propertytable import default_properties, property_info
from ..units import unit_text
from ..verdicts import EVIDENCE_CODES, MARKS

__all__ = [
    "ALLOYS",
    "SiteLinks",
    "SitePage",
    "heading_anchor",
    "record_id_of",
    "site_files",
    "slug",
]

#: The folder (under the docs folder) that holds the index and one folder per record.
ALLOYS = "alloys"
#: The index's script and the pages' stylesheet: files of this package, shipped with every site.
SCRIPT = f"{ALLOYS}/table.js"
STYLESHEET = f"{ALLOYS}/alloys.css"

_SAFE = re.compile(r"[A-Za-z0-9_.-]")
_ESCAPED = re.compile(r"(?:~[0-9a-f]{2})+")
# Windows refuses these as file or folder names, whatever the case or extension.
_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?")
#: Longest slug: a folder name must stay within the 255 bytes every file system allows.
MAX_SLUG = 200


def slug(record_id: str) -> str:
    """The record's folder name and address part: the id itself where it is safe, every other
    character (and a leading or trailing dot, and a name Windows reserves) as ``~xx`` per UTF-8 byte.

    Examples:
        >>> slug("AZ91D-F"), slug("Mg-0.75vol%Cu-MWCNT-PM"), slug("lab 7/A")
        ('AZ91D-F', 'Mg-0.75vol~25Cu-MWCNT-PM', 'lab~207~2fA')
    """
    out = []
    for i, ch in enumerate(record_id):
        edge_dot = ch == "." and i in (0, len(record_id) - 1)
        keep = _SAFE.fullmatch(ch) is not None and not edge_dot
        out.append(ch if keep else "".join(f"~{b:02x}" for b in ch.encode("utf-8")))
    text = "".join(out)
    if _RESERVED.fullmatch(text):
        text = f"~{ord(text[0]):02x}{text[1:]}"
    return text


def record_id_of(name: str) -> str:
    """The record id a `slug` was made from.

    Examples:
        >>> record_id_of("lab~207~2fA")
        'lab 7/A'
    """
    return _ESCAPED.sub(lambda m: bytes.fromhex(m[0].replace("~", "")).decode("utf-8"), name)


def _check_slugs(ids: Sequence[str]) -> dict[str, str]:
    """Each record id's slug; an error for a slug too long, or two that differ only in case
    (they would share a folder on the file systems of macOS and Windows)."""
    seen: dict[str, str] = {}
    out = {}
    for rid in ids:
        s = out[rid] = slug(rid)
        if len(s.encode()) > MAX_SLUG:
            raise DataError(f"record id {rid!r} is too long for a page address ({len(s)} characters)")
        other = seen.setdefault(s.casefold(), rid)
        if other != rid:
            raise DataError(
                f"record ids {other!r} and {rid!r} differ only in case: their pages would share a folder"
            )
    return out


def heading_anchor(text: str) -> str:
    """The anchor MkDocs gives a heading (Python-Markdown's ``toc`` slugify, with which the
    docs build and a user's site are built; the browser test follows every such link)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_text).strip().lower())


def family_heading(f: Any) -> str:
    """The heading a family has on the families and frontier pages."""
    return f"{f.number}. {f.name}"


@dataclass(frozen=True)
class SiteLinks:
    """Where the pages link to, as paths under the docs folder: the page with each family's
    section (heading `family_heading`) and the page with each family's frontier."""

    families: str
    frontier: str


@dataclass(frozen=True)
class SitePage:
    """What a page needs besides its record: its other names, its results against the families
    (in family order), and how to get the same data in Python and on the command line."""

    names: Sequence[Any]
    results: Sequence[Any]
    python: str
    shell: str
    charts: Mapping[str, str] = field(default_factory=dict)  # property -> file name beside the page


def _md_text(text: str) -> str:
    """Text for a Markdown line: Markdown's characters escaped, HTML's written as entities."""
    escaped = re.sub(r"([\\`*_\[\]{}()#+!|-])", r"\\\1", text.replace("\n", " "))
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _directory_url(docs_path: str) -> str:
    """The address MkDocs gives a page (``use_directory_urls``): ``a/b.md`` and ``a/b/index.md``
    are ``a/b/``."""
    stem = docs_path.removesuffix(".md")
    stem = stem.removesuffix("index").rstrip("/") if stem.endswith(("/index", "index")) else stem
    return f"{stem}/" if stem else ""


def _url(target: str, page: str) -> str:
    """A link from the page at docs path ``page`` to the page at docs path ``target``, as an
    address: MkDocs rewrites ``.md`` links in Markdown, but not in the HTML of these tables."""
    here, there = _directory_url(page) or ".", _directory_url(target) or "."
    return posixpath.relpath(there, here).removesuffix("/.") + "/"


def _front_matter(
    title: str, hide: Sequence[str], boost: float | None = None, names: Sequence[str] = ()
) -> str:
    """A page's front matter. ``names`` go into the page's search entry as its tags, which
    Material's search weighs above any text: a search for another name finds the record's page
    first (a name is also in the page's text)."""
    lines = ["---", f"title: {json.dumps(title)}"]  # JSON strings are YAML strings
    if names:
        lines += ["tags:", *(f"  - {json.dumps(n)}" for n in dict.fromkeys(names))]
    if boost is not None:
        lines += ["search:", f"  boost: {boost:g}"]
    lines += ["hide:", *(f"  - {h}" for h in hide), "---", ""]
    return "\n".join(lines)


# --- one record's page -------------------------------------------------------------------------
def _summary(a: Any) -> list[str]:
    parts = [
        f"grade {a.grade}",
        a.product_form or "product form not stated",
        f"temper {a.temper}" if a.temper else "temper not stated",
        a.material_class or "material class not stated",
    ]
    if a.process_route:
        parts.append(a.process_route)
    lines = [f"<p class='mg-summary'>{escape(' · '.join(parts))}</p>", ""]
    if a.description:
        lines += [f"<p>{linked_text(a.description)}</p>", ""]
    return lines


def _names_section(a: Any, page: SitePage) -> list[str]:
    rows = name_rows(page.names)
    lines = ["## Names and equivalents", ""]
    if not rows:
        return [*lines, "No other name of this grade in the data.", ""]
    also = ", ".join(f"{r['name']} ({r['scheme']})" for r in rows)
    lines += [f"<p>Also known as: {escape(also)}.</p>", ""]
    cells = [
        [
            escape(r["name"]),
            escape(r["scheme"]),
            escape(r["relation"]),
            escape(r["source"]),
            linked_text(r["where"]),
        ]
        for r in rows
    ]
    return [*lines, table(["name", "scheme", "relation to the grade", "source", "where, note"], cells), ""]


def _composition_section(a: Any) -> list[str]:
    lines = ["## Composition", ""]
    found = composition_lines(a.composition)
    if not found:
        return [*lines, "No composition in the data (unknown).", ""]
    cells = [[escape(text), escape(key)] for key, text in found]
    return [*lines, table(["wt.% (magnesium the balance)", "source"], cells), ""]


def _unindexed(*parts: str) -> list[str]:
    """HTML blocks that the site search leaves out (``data-search-exclude`` on each: Material's
    search plugin): the search finds a record by its names and description, not by every table
    of every page. (On each block, not on a box around them: a table's scroll box reaches beyond
    its parent's edges, which a box of ours would then have to scroll.)"""
    marked = [re.sub(r"^<(\w+)", r"<\1 data-search-exclude", p, count=1) for p in parts if p]
    return [*marked, ""] if marked else []


def _properties_section(a: Any) -> list[str]:
    sources = {s.key: s for s in a.sources()} | {v.source.key: v.source for v in a.property_values}
    if not a.property_values:
        return ["## Properties", "", "No property values in the data.", ""]
    return [
        "## Properties",
        "",
        *_unindexed(
            "<p>Every value with its kind, test temperature, source and conditions; above each "
            "property, the rule that chose its default (marked), as "
            "<code>mg.alloy(...).value(...)</code> returns it.</p>",
            datasheet_html(a, sources, rules=True),
            f"<p>{escape(DEFAULT_NOTE)}</p>",
        ),
    ]


def _nowrap(text: str) -> str:
    return f"<span style='white-space:nowrap'>{escape(text)}</span>"


def _curve_table(curve: Any) -> str:
    cells = [
        [
            _nowrap(r["at"]),
            _nowrap(r["value"]),
            escape(r["published"]),
            escape(r["reading"]),
            linked_text(r["where"]),
        ]
        for r in curve_rows(curve)
    ]
    caption = f"{escape(curve.source.key)} ({escape(curve.kind.value)})"
    if curve.conditions:
        caption += f": {linked_text(curve.conditions)}"
    return table(["at", "value", "as published", "reading", "where, note"], cells, caption)


def charted(a: Any) -> list[str]:
    """The properties with a curve of two points or more (a lone point is a value of the table)."""
    return list(dict.fromkeys(c.property for c in a.curves() if len(c.points) > 1))


def _curves_section(a: Any, page: SitePage) -> list[str]:
    lines = ["## Across temperature", ""]
    props = charted(a)
    if not props:
        return [*lines, "No property of this record has values at several temperatures in the data.", ""]
    lines += _unindexed(
        "<p>Each source's points joined by the straight lines <code>Alloy.at</code> interpolates "
        "along (hollow markers: points read off a plotted figure).</p>"
    )
    for prop in props:
        info = property_info(prop)
        parts = []
        if prop in page.charts:
            alt = f"{info.name} of {a.record_id} against test temperature"
            parts.append(
                f"<p><img src='{escape(page.charts[prop])}' alt='{escape(alt)}' class='mg-chart'></p>"
            )
        for curve in a.curves(prop):
            if curve.origin == "values":
                what = f"the {len(curve.points)} values of {curve.source.key} at stated temperatures"
                parts.append(f"<p>Points: {escape(what)} (in the properties table above).</p>")
            else:
                parts.append(_curve_table(curve))
        lines += [f"### {_md_text(info.name)}", "", *_unindexed(*parts)]
    return lines


def _family_cell(f: Any, member: bool, families_page: str, frontier_page: str) -> str:
    anchor = heading_anchor(family_heading(f))
    fam = link(f"{families_page}#{anchor}", f"#{f.number} {f.id}")
    front = link(f"{frontier_page}#{anchor}", "frontier")
    return f"{fam}{' (member)' if member else ''}<br>{front}"


def _families_section(a: Any, page: SitePage, links: SiteLinks, page_path: str) -> list[str]:
    fams = list(mg.families())
    families_page, frontier_page = _url(links.families, page_path), _url(links.frontier, page_path)
    cells = []
    for f, row in zip(fams, verdict_rows(page.results), strict=True):
        level = "; ".join(x for x in (row["evidence level"], row["flags"]) if x)
        criteria = [linked_text(line) for line in row["criteria"].splitlines()]
        cells.append(
            [
                _family_cell(f, f.id in a.families, families_page, frontier_page),
                verdict_cell(row["verdict"]) + (f"<br>{escape(level)}" if level else ""),
                escape(row["reading"]),
                "<br>".join([linked_text(row["scope"]), *criteria]),
            ]
        )
    head = ["family", "verdict", "reading", "scope; each criterion, the value used and why"]
    return [
        f"## Against the {len(fams)} families",
        "",
        *_unindexed(
            "<p>Each family's target under its default reading, as <code>mg.check</code> gives it: "
            "the verdict and what it rests on (measured, interpolated, bounded or estimated; marginal, "
            "disputed by sources), the scope, and each criterion with the value it was judged on (kind, "
            "test temperature, source) and why. Unknown means a needed value is missing, never a fail; "
            "n/a means the target does not concern this material or product form; no target means "
            "the paper sets no property target for the family.</p>",
            table(head, cells),
        ),
    ]


def _code(code: str) -> str:
    """A code block (Material gives every ``pre > code`` its copy button)."""
    return f"<pre><code>{escape(code)}</code></pre>"


def _cite_section(a: Any, page: SitePage) -> list[str]:
    cited = [*a.sources(), *(e.source for e in page.names)]
    for r in page.results:
        cited += list(r.sources())
    sources = unique_sources(cited)
    styles = (("bibtex", "BibTeX"), ("csl-json", "CSL-JSON (Zotero, pandoc)"))
    blocks = [
        f"<details class='mg-cite'><summary>{t}</summary>{_code(format_citations(sources, s))}</details>"
        for s, t in styles
    ]
    intro = f"<p>The {len(sources)} sources this page cites, to copy into a reference manager.</p>"
    return ["## Cite", "", *_unindexed(intro, *blocks)]


def _same_data_section(page: SitePage) -> list[str]:
    return [
        "## The same data in Python and on the command line",
        "",
        *_unindexed(_code(page.python), _code(page.shell)),
    ]


def alloy_page(a: Any, page: SitePage, links: SiteLinks, page_path: str) -> str:
    """The Markdown of one record's page (``page_path``: its path under the docs folder)."""
    lines = [
        _front_matter(a.record_id, ["toc"], boost=3, names=[a.grade, *(e.equivalent for e in page.names)]),
        f"# {_md_text(a.record_id)}",
        "",
        *_summary(a),
        *_names_section(a, page),
        *_composition_section(a),
        *_properties_section(a),
        *_curves_section(a, page),
        *_families_section(a, page, links, page_path),
        *_cite_section(a, page),
        *_same_data_section(page),
    ]
    return "\n".join(lines) + "\n"


# --- the index -------------------------------------------------------------------------------
_SYMBOLS = {"pass": "✓", "fail": "✗", "unknown": "?", "not applicable": "–", "no target": "∅"}


def _index_cell(f: Any, r: Any, member: bool) -> str:
    """A verdict as the scorecard writes it, with a symbol for the word (the index has a column
    per family: words would not fit): ``✓/m~*`` is a pass on measured values, marginal, by a member."""
    verdict = verdict_rows([r])[0]
    word = verdict["verdict"]
    evidence = "" if r.evidence is None else "/" + EVIDENCE_CODES[r.evidence]
    marks = ("~" if r.marginal else "") + ("!" if r.disputed else "") + ("*" if member else "")
    title = "; ".join(
        x for x in (word, verdict["evidence level"], verdict["flags"], "member" if member else "") if x
    )
    colour = VERDICT_COLORS.get(word, "#ffffff")
    shown = f"{_SYMBOLS.get(word, word)}{evidence}{marks}"
    return (
        f"<td title='{escape(f'#{f.number} {f.id}: {title}')}' data-sort='{escape(word)}'>"
        f"<span style='background:{colour};padding:0 .2em;white-space:nowrap'>{escape(shown)}</span></td>"
    )


def _index_row(a: Any, slug_: str, results: Sequence[Any], names: Sequence[Any]) -> str:
    aliases = " · ".join(e.equivalent for e in names)
    cells = [
        f"<td>{link(f'{slug_}/', a.record_id)}</td>",
        f"<td>{escape(a.material_class or '·')}</td>",
        f"<td>{escape(a.product_form or '·')}</td>",
    ]
    for prop in default_properties():
        q = a.get(prop)
        if q is None:
            cells.append("<td data-sort=''>·</td>")
        else:
            mag = float(q.to(property_info(prop).unit).magnitude)
            cells.append(f"<td data-sort='{mag!r}'>{mag:.4g}</td>")
    cells += [_index_cell(f, r, f.id in a.families) for f, r in zip(mg.families(), results, strict=True)]
    return f"<tr data-names='{escape(aliases)}'>" + "".join(cells) + "</tr>"


def _natural(text: str) -> list[tuple[int, str | float]]:
    """A sort key in which numbers count as numbers: AZ31 before AZ91 before AZ310."""
    return [(0, float(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", text.casefold()) if p]


def index_page(
    records: Sequence[Any],
    slugs: Mapping[str, str],
    results: Mapping[str, Sequence[Any]],
    names: Mapping[str, Sequence[Any]],
    links: SiteLinks,
    intro: str,
) -> str:
    """The index: every record with class, form, the default values of the table's properties
    and the verdict against each family; sorted by a click on a header, filtered by typing."""
    page_path = f"{ALLOYS}/index.md"
    fams = list(mg.families())
    head = ["record", "class", "form"]
    props = [property_info(p) for p in default_properties()]
    th = [f"<th>{escape(h)}</th>" for h in head]
    th += [
        f"<th title='{escape(p.id)}'>{escape(p.symbol)} {escape(p.label or unit_text(p.canonical_unit))}</th>"
        for p in props
    ]
    th += [f"<th title='{escape(f.id)}'>#{f.number}</th>" for f in fams]
    ordered = sorted(records, key=lambda a: _natural(a.record_id))
    rows = [_index_row(a, slugs[a.record_id], results[a.record_id], names[a.record_id]) for a in ordered]
    key = "; ".join(
        f"{link(_url(links.families, page_path) + '#' + heading_anchor(family_heading(f)), f'#{f.number}')} "
        f"{escape(f.id)}"
        for f in fams
    )
    symbols = ", ".join(f"{s} {w}" for w, s in _SYMBOLS.items())
    evidence = ", ".join(f"/{code} {level.value}" for level, code in EVIDENCE_CODES.items())
    marks = ", ".join(f"{m} {meaning}" for m, meaning in MARKS.items())
    return "\n".join(
        [
            _front_matter("Alloy datasheets", ["navigation", "toc"]),
            "# Alloy datasheets",
            "",
            intro,
            "",
            f"<p>Click a header to sort; type in the box to keep the rows that hold what you type "
            f"(part of a record id, a class, a form, another name such as a UNS number). Values are the "
            f"defaults (·: unknown). Verdicts: {escape(symbols)}; then what a verdict rests on: "
            f"{escape(evidence)}; and marks: {escape(marks)}. "
            f"Families: {key}.</p>",
            "",
            f"<table id='mg-index' data-search-exclude><thead><tr>{''.join(th)}</tr></thead>",
            f"<tbody>{''.join(rows)}</tbody></table>",
            "",
            f"<script src='{posixpath.basename(SCRIPT)}'></script>",
            "",
        ]
    )


# --- charts ----------------------------------------------------------------------------------
def chart_svg(a: Any, prop: str) -> bytes:
    """Every curve of ``prop`` of ``a`` (each source's), as an SVG that is the same bytes for
    the same data."""
    # matplotlib is the optional 'plot' extra: imported when a chart is drawn, never at start-up
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # fixed margins and the legend inside: constrained layout took two thirds of the charts' time
    fig = Figure(figsize=(8.0, 3.6), dpi=100)
    FigureCanvasAgg(fig)  # render with Agg: no window, no pyplot state
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.15, top=0.9)
    ax = fig.add_subplot()
    mg.plot.vs_temperature(a, prop, all_sources=True, ax=ax)
    ax.set_title(f"{property_info(prop).name} of {a.record_id}", fontsize=10, loc="left")
    ax.legend(loc="best", fontsize=8)
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "mgalloys", "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


# --- the whole site --------------------------------------------------------------------------
def asset(name: str) -> str:
    """A file shipped with this package for every site (the index's script, the stylesheet)."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def site_files(
    records: Sequence[Any],
    links: SiteLinks,
    snippets: Callable[[str], tuple[str, str]],
    intro: str,
    *,
    charts: bool = True,
) -> dict[str, str | bytes]:
    """Every file of the alloy pages, by path under the docs folder: the index, each record's
    page and its charts, the index's script and the stylesheet.

    ``snippets(record_id)`` gives the Python and shell lines that return the same data; ``intro``
    is the index's first paragraph (Markdown); ``charts=False`` leaves the charts out (tests
    that compare the text of every page do not need them).
    """
    slugs = _check_slugs([a.record_id for a in records])
    fams = list(mg.families())
    out: dict[str, str | bytes] = {SCRIPT: asset("site.js"), STYLESHEET: asset("site.css")}
    results: dict[str, Sequence[Any]] = {}
    names: dict[str, Sequence[Any]] = {}
    for a in records:
        folder = f"{ALLOYS}/{slugs[a.record_id]}"
        results[a.record_id] = [mg.check(a, f) for f in fams]
        names[a.record_id] = mg.equivalents(a.record_id)
        drawn = {}
        for prop in charted(a) if charts else ():
            drawn[prop] = f"{prop}.svg"
            out[f"{folder}/{prop}.svg"] = chart_svg(a, prop)
        python, shell = snippets(a.record_id)
        page = SitePage(names[a.record_id], results[a.record_id], python, shell, drawn)
        out[f"{folder}/index.md"] = alloy_page(a, page, links, f"{folder}/index.md")
    out[f"{ALLOYS}/index.md"] = index_page(records, slugs, results, names, links, intro)
    return out


def snippets_for(record_id: str, folder: str | None = None) -> tuple[str, str]:
    """The Python and shell lines that give a record's data (``folder``: a user's folder, by
    the name it was loaded from)."""
    catalog = "" if folder is None else f", catalog=mg.load({folder!r})"
    data = "" if folder is None else f"--data {shlex.quote(folder)} "
    python = "\n".join(
        [
            "import mgalloys as mg",
            "",
            f"a = mg.alloy({record_id!r}{catalog})",
            "a.values()                              # every value: kind, conditions, source",
            "a.curves()                              # the curves across temperature",
            "[mg.check(a, f) for f in mg.families()]  # the verdicts",
            'a.citations("bibtex")',
        ]
    )
    q = shlex.quote(record_id)
    shell = "\n".join(
        [
            f"mgalloys {data}show {q}",
            f"for n in $(seq 1 11); do mgalloys {data}check {q} --family $n; done",
            f"mgalloys {data}cite {q} --style bibtex",
        ]
    )
    return python, shell
