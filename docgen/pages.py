"""The data-driven pages of the docs, generated from the bundled data on every build.

Each function returns the Markdown of one page (the curves page also its charts); ``docgen.hooks``
writes them to ``docs/generated/`` (ignored by git), so they can never drift from the data.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import mgalloys as mg
from docgen import charts
from mgalloys.families import by_family
from mgalloys.units import unit_text

DATA = Path(__file__).resolve().parent.parent / "data"

OTHER_PROPS = ["elastic_modulus", "thermal_expansion", "solidus", "liquidus", "hardness"]
#: Source kinds that count as primary for the coverage page (issue 12): standards, handbooks,
#: makers' own datasheets and papers; the rest (books, reports, theses, stockists, fabricators,
#: compilations, user data) are secondary.
PRIMARY_KINDS = ("standard", "handbook", "producer_datasheet", "paper")


def _target_props() -> tuple[str, ...]:
    """The default columns (``default`` in data/properties.csv): the properties targets use."""
    return mg.default_properties()


#: Front matter that hides a page's table of contents: its tables get that width.
NO_TOC = "---\nhide:\n  - toc\n---\n"


def _head(*cols: str) -> list[str]:
    """A Markdown table's header and delimiter rows, of the same width by construction (a
    delimiter row one cell off turns the whole table into a paragraph of raw text)."""
    return ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]


def _breakable(text: str) -> str:
    """Text with a line-break opportunity (``<wbr>``) after each ``/``, ``?``, ``&`` and ``=`` of
    a long web address or path, so that a table column can wrap it instead of widening."""
    return re.sub(r"\S{30,}", lambda m: re.sub(r"([/?&=])(?=\S)", r"\1<wbr>", m[0]), text)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _anchor(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _family_order() -> dict[str, int]:
    return {f.id: f.number for f in mg.families()}


def _cells(sc: Any, f: Any, pick: str) -> list[str]:
    """The marginal or disputed cells of one family: record, verdict, evidence and why."""
    out = []
    for rec in sc.records:
        r = sc.result(rec, f.id)
        if getattr(r, pick):
            why = "; ".join(
                c.criterion.text + ": " + (c.marginal_reason if pick == "marginal" else c.disputed)
                for c in r.decisive
                if (c.marginal if pick == "marginal" else c.disputed)
            )
            out.append(f"- {rec}: {r.verdict.value} ({r.evidence.value if r.evidence else '-'}); {why}")
    return out


def families_page() -> str:
    sc = mg.scorecard()
    counts = sc.counts()
    evidence = sc.evidence_counts()
    lines = [
        NO_TOC,  # the counts' table of 12 columns gets the table of contents' width
        "# Families and targets",
        "",
        f"The {len(mg.families())} alloy families come from the strategy paper on China's advanced",
        "magnesium alloy industry (section *Analysis of market demand prospect*). Each family quotes",
        "the paper's own passage, its readings (the targets the library checks, each with its",
        "interpretation and why; the default first) and the rules that make a record a member.",
        "This page is generated from `data/roadmap/families.json` and `data/roadmap/membership.json`;",
        "the state of the art against every target is on the [frontier page](frontier.md).",
        "",
        *_head(
            "#", "family", "default reading", "members", "pass", "fail", "unknown", "no target",
            "not applicable", "by a rule", "marginal", "disputed",
        ),
    ]  # fmt: skip
    for f in mg.families():
        c, e, members = counts[f.id], evidence[f.id], len(mg.alloys(family=f))
        lines.append(
            f"| {f.number} | [{f.id}](#{f.number}-{_anchor(f.name)}) | {f.reading} | {members} | "
            f"{c['pass']} | {c['fail']} | {c['unknown']} | {c['no target']} | {c['not applicable']} | "
            f"{e['bounded'] + e['estimated']} | {e['marginal']} | {e['disputed']} |"
        )
    t = sc.totals()
    lines += [
        "",
        "Counts are over every bundled record under the default reading; unknown means a needed",
        "value (or the record's product form or composition) is missing; no target means the paper",
        "sets no property target for the family; not applicable means the target's scope does not",
        "cover the record (reference metals, other product forms). *By a rule*: decided cells whose",
        "evidence is bounded or estimated (a rule of `data/checks/rules.csv` decided a criterion",
        "whose own value is missing; see [Concepts](../concepts.md)); every other decided cell is",
        "measured or interpolated. *Marginal*: the margin is within the printed precision or a",
        "measurement uncertainty; *disputed*: another source's value would flip the verdict.",
        f"In all: {t['pass']} pass, {t['fail']} fail, {t['unknown']} unknown, {t['no target']} no target,",
        f"{t['not applicable']} not applicable.",
        "",
    ]
    membership = json.loads((DATA / "roadmap" / "membership.json").read_text(encoding="utf-8"))
    for f in mg.families():
        lines += [f"## {f.number}. {f.name}", "", f"`{f.id}` · {f.heading}", ""]
        lines += [f"> {f.quote}", ""]
        if f.second_quote:
            lines += [f"> {f.second_quote}", ""]
        lines += ["**Readings:**", ""]
        for r in f.readings:
            mark = " (default)" if r.default else ""
            lines += [
                f"- `{r.id}`{mark}: `{r.target.text or 'none'}`  ",
                f"  {r.interpretation}  ",
                f"  *Why:* {r.why}  ",
                f'  *Rests on:* "{r.rests_on}"',
            ]
        lines += ["", "**Membership:**", ""]
        for rule in membership["rules"]:
            if rule["family"] == f.id:
                lines.append(f"- rule `{rule['rule']}`: {rule['basis']}")
        for key, word in (("add", "added"), ("exclude", "excluded")):
            for x in membership[key]:
                if x["family"] == f.id:
                    lines.append(f"- {word} {x['record']}: {x['basis']}")
        lines += ["- and the families the record files claim (`families` column, with `family_basis`)", ""]
        fr = mg.frontier(f)
        if fr.best:
            lines += [f"**Frontier ({fr.in_scope} records in scope):**", ""]
            lines += [f"- {b.line}" for b in fr.best]
            lines.append("")
        if f.market_goal:
            g = f.market_goal
            lines += [
                f"**Market goal:** {g.comparator} {mg.format_quantity(g.share)} of {g.of} by {g.year}.",
                "",
            ]
        passing = [r for r in sc.records if sc.verdict(r, f.id).value == "pass"]
        members = [a.record_id for a in mg.alloys(family=f)]
        lines += [f"**Members in the data ({len(members)}):** " + (", ".join(members) or "none"), ""]
        outsiders = [r for r in passing if r not in members]
        if outsiders:
            lines += ["**Passing non-members:** " + ", ".join(outsiders), ""]
        lines += [f"**Records that pass ({len(passing)}):** " + (", ".join(passing) or "none"), ""]
        for pick, title in (("marginal", "Marginal cells"), ("disputed", "Disputed by sources")):
            found = _cells(sc, f, pick)
            if found:
                lines += [f"**{title} ({len(found)}):**", "", *found, ""]
    lines += ["## Goals for 2030 and 2035", "", *_head("year", "indicator", "goal", "passage")]
    for goal in mg.roadmap_goals():
        lines.append(
            f"| {goal.year} | {goal.indicator} | {goal.comparator} {mg.format_quantity(goal.value)} | "
            f"{_md_escape(goal.quote)} |"
        )
    lines += [
        "",
        "## China's magnesium industry in 2019",
        "",
        *_head("indicator", "value", "change", "passage"),
    ]
    for fig in mg.industry_2019():
        lines.append(
            f"| {fig.indicator} | {mg.format_quantity(fig.value)} | {mg.format_quantity(fig.change)} | "
            f"{_md_escape(fig.quote)} |"
        )
    lines += ["", 'The extracted text prints 10⁵ as "105" (the superscript was lost).', ""]
    return "\n".join(lines)


def _id_and_aliases(p: Any) -> str:
    """A property's id, and its aliases under it (one column: the table fits the page)."""
    aliases = ", ".join(f"`{a}`" for a in p.aliases)
    return f"`{p.id}`" + (f"<br>({aliases})" if aliases else "")


def properties_page() -> str:
    lines = [
        NO_TOC,  # the tables get the table of contents' width
        "# Properties",
        "",
        "Generated from `data/properties.csv`, the one table that drives validation, units,",
        "DataFrame column names and this page. The plausible range is a sanity bound for magnesium",
        "alloys chosen by the project (used by the data tests), not a published value.",
        "",
        *_head(
            "id (aliases)", "name", "symbol", "canonical unit", "plausible range (Mg alloys)", "description"
        ),
    ]
    for p in mg.properties():
        lines.append(
            f"| {_id_and_aliases(p)} | {p.name} | {p.symbol} | "
            f"{unit_text(p.canonical_unit)} | {p.mg_min:g} to {p.mg_max:g} | "
            f"{_md_escape(p.description)} |"
        )
    lines += [
        "",
        "## Computed properties",
        "",
        "Rows of the same table with `computed_from`: each is computed from the record's default",
        "values of its inputs and works wherever a stored property does (targets, checks, screening,",
        "tables, charts). Its plausible range follows from its inputs' ranges. On a chart of the input",
        "against density, an index `y^p / ρ` is constant along lines of log-log slope `1/p`.",
        "",
        *_head("id (aliases)", "formula", "unit", "design case", "chart slope"),
    ]
    for p in mg.properties(computed=True):
        slope = "" if p.chart_slope is None else f"{p.chart_slope:g}"
        lines.append(
            f"| {_id_and_aliases(p)} | {_md_escape(p.formula)} | "
            f"{p.label or p.unit} | {_md_escape(p.design_case)} | {slope} |"
        )
    return "\n".join(lines) + "\n"


def coverage_page() -> str:
    recs = by_family(mg.alloys())
    order = _family_order()
    lines = [
        NO_TOC,  # the matrix gets the table of contents' width
        "# Data coverage",
        "",
        '!!! warning "Typical values are not design allowables"',
        "    The bundled values are typical values, published ranges and specification minimums",
        "    from datasheets, handbooks, papers and compilations. Use qualified data for design.",
        "",
        f"{len(recs)} records of {len({r.grade for r in recs})} grades; "
        f"{sum(len([v for v in r.property_values if not v.derived_from]) for r in recs)} sourced values "
        f"from {len(mg.get_catalog().sources)} sources.",
        "",
        "Each cell gives the number of sourced values of the property for the record (`·` = none,",
        "i.e. unknown); `s` is the number of distinct sources. Values computed as reciprocals",
        "(conductivity from resistivity) are not counted. A target-property cell marked `c` rests",
        "on secondary sources only: none of its values comes from a standard, a handbook, a",
        "maker's own datasheet or a paper (compilations, stockists, fabricators and the like).",
        "",
    ]
    target_props = list(_target_props())  # default columns: data/properties.csv
    props = target_props + OTHER_PROPS
    per_prop: Counter[str] = Counter()
    compilation_only: Counter[str] = Counter()
    # Two tables of a few columns each, so that every column fits the page (one of 16 did not).
    for title, group in (("The properties the targets use", target_props), ("Other properties", OTHER_PROPS)):
        symbols = [mg.property_info(p).symbol for p in group]
        tail = ["s", "UNS"] if group is OTHER_PROPS else []
        lines += [f"## {title}", "", *_head("record", "fam.", *symbols, *tail)]
        for r in recs:
            cells = []
            for p in group:
                sourced = [v for v in r.values(p) if not v.derived_from]
                n = len(sourced)
                per_prop[p] += n > 0
                secondary = (
                    n and p in target_props and not any(v.source.kind.value in PRIMARY_KINDS for v in sourced)
                )
                compilation_only[p] += bool(secondary)
                cells.append(f"{n}c" if secondary else str(n) if n else "·")
            fams = " ".join(f"#{order[f]}" if f in order else "ref" for f in r.families)
            row = f"| {r.record_id} | {fams} | " + " | ".join(cells)
            if group is OTHER_PROPS:
                n_src = len({v.source.key for v in r.property_values})
                uns = ", ".join(a.alias for a in r.aliases if a.scheme == "UNS") or "·"
                row += f" | {n_src} | {uns}"
            lines.append(row + " |")
        lines.append("")
    lines += [
        "",
        "Symbols: " + "; ".join(f"{mg.property_info(p).symbol} = `{p}`" for p in props) + ".",
        "Families: numbers of the [families page](families.md); ref = reference metal or pure Mg.",
        "",
    ]
    lines += [
        "## Records with a value, per property",
        "",
        *_head("property", "records", "of which on secondary sources only"),
    ]
    lines += [
        f"| `{p}` | {per_prop[p]} of {len(recs)} | {compilation_only[p] if p in _target_props() else ''} |"
        for p in props
    ]
    lines += _source_kind_table(recs)
    lines += _to_measure_section()
    return "\n".join(lines) + "\n"


def _short_source(key: str) -> str:
    """A cited source in a few words: its title, its number if the title lacks it, its kind."""
    src = mg.get_catalog().sources[key]
    number = f", {src.number}" if src.number and src.number not in src.title else ""
    return f"{_md_text(src.title)}{number} ({src.kind.value.replace('_', ' ')}, `{key}`)"


def _best_lead(p: Any) -> str:
    """The document a piece names first (a search logged for it, else a work the record cites),
    and how many more there are."""
    searched = [x for x in p.leads if x.basis == "searched"]
    cited = [x for x in p.leads if x.basis == "cited"]
    if searched:
        first, more = searched[0], f"; {len(searched) - 1} more" if len(searched) > 1 else ""
        sought = f"{_linked_text(first.document)}, in {_linked_text(first.searched_in)}"
        return f"Looked for: {sought} (`{first.location}`{more})."
    if cited:
        more = f"; {len(cited) - 1} more" if len(cited) > 1 else ""
        return f"The record cites {_short_source(cited[0].source)}, not known to print it{more}."
    return "Document: not known."


def _to_measure_section() -> list[str]:
    """The missing pieces, ranked by the verdicts each would settle (`mg.missing_pieces`): the
    pieces that settle at least one, each with the document that may print it."""
    pieces = mg.missing_pieces()
    fams = mg.families()
    ref = {str(f.target): f"[#{f.number}][family-{f.number}]" for f in fams}  # a result names its family so
    waiting = {(r.alloy, r.target) for p in pieces for r in p.needed_by}
    settling = [p for p in pieces if p.settles]
    lines = [
        "",
        "## What to measure first",
        "",
        "Every bundled record checked against every family (default reading): each unknown",
        "criterion names the piece of data it waits on, a record's property under the criterion's",
        "conditions, an element's content, or the product form, class or temper a target's scope",
        "needs. A piece *settles* a verdict when the verdict is unknown only because of it.",
        f"{len(waiting)} unknown verdicts wait on {len(pieces)} pieces; the {len(settling)} pieces",
        f"below settle {sum(len(p.settles) for p in settling)} of them alone, ranked by the verdicts",
        "each settles, then by the verdicts waiting on it; the other verdicts wait on two or more",
        "pieces. A family that sets no numeric target is not counted: no data settles it.",
        "",
        "Each piece names the document that may print it: what the data's search logs looked for",
        "(`data/searches/`, file and line given: the row also says what was found and what was",
        "missing); else an original work the record already cites, not known to print the piece (a",
        "datasheet that prints the room-temperature value often prints more); else *not known*. If",
        "you hold the document, add what it prints to a folder of your own and load it with",
        "`mg.load` (see [Your own data](../userdata.md#a-curve-of-your-own));",
        "`mg.missing_pieces()` gives this ranking for any catalog, with every lead in full.",
        "",
    ]
    for i, p in enumerate(settling, 1):
        decided = ", ".join(
            ref.get(r.target, _md_text(r.target)) + ("" if r.alloy == p.record else f" of {r.alloy}")
            for r in p.settles
        )
        waits = f" ({len(p.needed_by)} verdicts wait on it)" if len(p.needed_by) > 1 else ""
        lines.append(f"{i}. **{_md_text(p.text)}** settles {decided}{waits}. {_best_lead(p)}")
    lines.append("")
    lines += [f"[family-{f.number}]: families.md#{f.number}-{_anchor(f.name)}" for f in fams]
    return [*lines, ""]


def _md_text(text: str) -> str:
    """Source text shown as text: Markdown's emphasis, code, link and HTML characters escaped."""
    escaped = re.sub(r"([\\`*_\[\]>#])", r"\\\1", text.replace("\n", " "))
    return escaped.replace("<", "&lt;")


def _link(url: str) -> str:
    return f"[{_md_text(url)}]({quote(url, safe=':/?#@!$&*+,;=%~')})"


def _linked_text(text: str) -> str:
    """Escaped text whose web addresses are links (a note that names another page)."""
    parts = re.split(r"(https?://[^\s<>\"']*[^\s<>\"'.,;:)\]])", text)
    return "".join(_link(part) if i % 2 else _md_text(part) for i, part in enumerate(parts))


def _bib_entry(s: Any, recs: list[str]) -> str:
    where = f"https://doi.org/{s.doi}" if s.doi else s.url
    text = s.citation
    if where and text.endswith(where):  # the citation ends with its address: make that a link
        text = text[: -len(where)].rstrip(". ")
    entry = f"- **`{s.key}`**: {_linked_text(text)}." + (f" {_link(where)}" if where else "")
    if s.note:
        entry += f"<br>Note: {_linked_text(s.note)}"
    if s.terms:
        entry += f"<br>Terms: {_md_text(s.terms)}."
    if recs:
        entry += f"<br>Cited by {len(recs)} record{'s' if len(recs) > 1 else ''}: {', '.join(recs)}."
    return entry


def _strategy_paper() -> list[str]:
    src = json.loads((DATA / "roadmap" / "families.json").read_text(encoding="utf-8"))["source"]
    return [
        "## The strategy paper",
        "",
        "The 11 families and their targets, the goals for 2030 and 2035 and the 2019 industry",
        "figures come from one paper (`data/roadmap/families.json`):",
        "",
        f"- {_md_text(src['title'])}. Text: `{src['location']}`. Section used: {_md_text(src['section'])}.",
        "",
    ]


CURVE_PROPS = ["tensile_strength", "yield_strength", "elongation", "thermal_conductivity"]
CURVE_FAMILY = "heat-resistant"


def _searches_section() -> list[str]:
    """What was searched for across temperature and not found (data/searches/, if present)."""
    from mgalloys._data import read_tables

    # the strict reader: csv.DictReader put a row's extra fields under None, and the page showed
    # the rest of the row shifted
    rows = [r for _, r in read_tables("searches") if r.get("topic", "").endswith("_vs_temperature")]
    if not rows:
        return []
    lines = [
        "## Searched for and not found",
        "",
        "Where a record has no curve, what was looked for, where, and why nothing was added",
        "(`data/searches/`).",
        "",
        *_head("record", "topic", "searched for", "where", "result", "on"),
    ]
    for r in rows:
        cells = [
            r.get(k, "") for k in ("record_id", "topic", "searched_for", "where", "result", "searched_on")
        ]
        cells[1] = cells[1].replace("_", " ")  # "strength vs temperature" wraps; the id would not
        lines.append("| " + " | ".join(_breakable(_md_escape(c)) or "·" for c in cells) + " |")
    return [*lines, ""]


def curves_page() -> dict[str, str | bytes]:
    """The curves page and its charts (``img/curves_<property>.svg``)."""
    fam = mg.family(CURVE_FAMILY)
    members = list(mg.alloys(family=fam))
    ids = {r.record_id for r in members}
    others = [r for r in mg.alloys() if r.series and r.record_id not in ids]
    others = [r for r in others if "reference" not in r.families or r.record_id == "Mg"]  # not Al, Cu
    lines = [
        NO_TOC,  # the tables get the table of contents' width
        f"# Curves: {fam.name}",
        "",
        f"Properties across temperature of the members of family {fam.number} (`{fam.id}`), and of",
        "every other record with a bundled curve (the heat-resistant grades the strategy paper names",
        "as examples are filed under other families as well), drawn from `data/curves/` when the",
        "documentation is built: each record's default curve, its points joined by the straight",
        "lines that `Alloy.at` interpolates along; hollow markers are points read off a plotted",
        "figure. See [Properties across temperature](../curves.md).",
        "",
        *_head("record", "member", *(f"`{p}`" for p in CURVE_PROPS)),
    ]
    for r in members + others:
        cells = []
        for p in CURVE_PROPS:
            spans = [f"{c.source.key}: {c.points[0].label} to {c.points[-1].label}" for c in r.curves(p)]
            cells.append("<br>".join(_md_escape(t) for t in spans) or "·")
        member = "yes" if r.record_id in ids else "·"
        lines.append(f"| {r.record_id} | {member} | " + " | ".join(cells) + " |")
    lines += ["", "`·`: no curve bundled (unknown).", ""]
    lines += _searches_section()
    files: dict[str, str | bytes] = {}
    for p in CURVE_PROPS:
        info = mg.property_info(p)
        lines += [f"## {info.name}", ""]
        svg = charts.curves_svg(members + others, p)
        if svg is None:
            lines += [f"No record has a bundled curve of `{p}` yet.", ""]
            continue
        files[f"img/curves_{p}.svg"] = svg
        lines += [f"![{info.name} against test temperature](img/curves_{p}.svg)", ""]
    return {"curves.md": "\n".join(lines) + "\n", **files}


def _source_kind_table(recs: list[Any]) -> list[str]:
    """Values of the six target properties per source kind (issue 12's measure of the mix)."""
    counts: Counter[str] = Counter()
    for r in recs:
        for v in r.property_values:
            if v.property in _target_props() and not v.derived_from:
                counts[v.source.kind.value] += 1
    total = sum(counts.values()) or 1
    primary = sum(counts[k] for k in PRIMARY_KINDS)
    lines = [
        "",
        "## Values of the target properties by source kind",
        "",
        f"{primary} of {total} values ({primary / total:.0%}) of the six target properties come from",
        "standards, handbooks, makers' own datasheets or papers.",
        "",
        *_head("source kind", "values"),
    ]
    lines += [f"| {k.replace('_', ' ')} | {n} |" for k, n in counts.most_common()]
    return lines


def bibliography_page() -> str:
    cat = mg.get_catalog()
    cited: dict[str, set[str]] = defaultdict(set)
    for r in mg.alloys():  # a record cites a source through a value, a composition or an alias
        for item in (*r.property_values, *r.composition, *r.aliases):
            cited[item.source.key].add(r.record_id)
    lines = [
        "# Bibliography",
        "",
        "Every source the data cites, generated from `data/sources/*.csv`, grouped by kind in the",
        "order of the default-pick rule: a maker's own datasheet, standard, handbook, paper, book,",
        "report, thesis, patent, stockist (a distributor reselling material), fabricator (a die caster,",
        "foundry or machine shop), compilation (web compilations such as AZoM and MakeItFrom; the",
        "note says what they repeat where known). Each entry gives its terms of use as far as known.",
        '"Cited by" counts the records that take a value, a composition or a name from the source.',
        "",
        *_strategy_paper(),
    ]
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for s in cat.sources.values():
        by_kind[s.kind.value].append(s)
    for kind in (k.value for k in mg.SourceKind if k.value in by_kind):
        lines += [f"## {kind.replace('_', ' ')}", ""]
        for s in sorted(by_kind[kind], key=lambda s: s.key):
            lines.append(_bib_entry(s, sorted(cited.get(s.key, ()))))
        lines.append("")
    return "\n".join(lines)


def designations_page() -> str:
    from mgalloys._data import read_table

    lines = [
        "# Designations and tempers",
        "",
        "Generated from `data/designations/*.csv`: the letter codes of ASTM B951 magnesium",
        "designations and the temper designations, each with its source.",
        "",
    ]
    for name, title in (
        ("rules.csv", "How a designation is built"),
        ("letters.csv", "Letter codes"),
        ("tempers.csv", "Tempers"),
    ):
        path = DATA / "designations" / name
        if not path.is_file():
            continue
        rows = [r for _, r in read_table(f"designations/{name}")]  # strict: nothing shifted or lost
        if not rows:
            continue
        cols = list(rows[0])
        lines += [f"## {title}", "", *_head(*cols)]
        lines += ["| " + " | ".join(_md_escape(r[c] or "") for c in cols) + " |" for r in rows]
        lines.append("")
    cov = mg.alias_coverage()
    with_uns = sum(1 for c in cov if c.uns)
    lines += [
        "## Cross-references per record",
        "",
        f"{with_uns} of {len(cov)} records have a UNS number; every alias is a sourced claim (see",
        "`data/aliases/`). Research alloys named by composition have none.",
        "",
        *_head("record", "grade", "UNS", "other cross-references", "schemes", "note"),
    ]
    for c in cov:
        lines.append(
            f"| {c.record_id} | {_md_escape(c.grade)} | {', '.join(c.uns) or '·'} | "
            f"{c.cross_references} | {', '.join(c.schemes) or '·'} | {_md_escape(c.note)} |"
        )
    return "\n".join(lines) + "\n"


def frontier_page() -> str:
    lines = [
        "# Frontier: the state of the art against the paper's targets",
        "",
        "For each family (default reading) and criterion: the best value known in the bundled data",
        "among the records the target applies to, its record and source, and the gap to the",
        "threshold (negative: short of it). Then the records closest to meeting the whole target,",
        "ranked by their summed fractional shortfall, and the measurements that would settle their",
        "unknowns. `mg.frontier(8)` and `mgalloys frontier 8` give the same. A best value is",
        "measured or interpolated (its evidence column says which); a verdict in the ranking may",
        "rest on a rule of `data/checks/rules.csv` (bounded or estimated) and says so.",
        "",
    ]
    for f in mg.families():
        fr = mg.frontier(f)
        lines += [f"## {f.number}. {f.name}", "", f"`{fr.target}` (reading `{fr.reading}`)", ""]
        if not fr.best:
            lines += ["No property criteria: the paper sets no threshold for this family.", ""]
            continue
        lines += _head("criterion", "best", "record", "source", "verdict", "evidence", "gap")
        for b in fr.best:
            r = b.result
            if r is None or r.compared is None:
                lines.append(f"| `{b.criterion.text}` | no value | · | · | unknown | · | · |")
                continue
            gap = "·" if r.margin is None else mg.format_quantity(r.margin, 4)
            flags = ("; marginal" if r.marginal else "") + ("; disputed" if r.disputed else "")
            lines.append(
                f"| `{b.criterion.text}` | {mg.format_quantity(r.compared, 4)} | {b.record} | "
                f"{', '.join(r.sources)} | {r.verdict.value}{flags} | {r.evidence} | {gap} |"
            )
        lines.append("")
        if fr.closest:
            ranked = ", ".join(
                f"{r.alloy} ({r.verdict.value}"
                + (f", {r.evidence.value}" if r.evidence else "")
                + (f", {r.flags}" if r.flags else "")
                + f", {r.shortfall:.1%})"
                for r in fr.closest
            )
            lines += [f"**Closest:** {ranked}", ""]
        if fr.settle:
            lines += ["**Would settle an unknown:** " + "; ".join(fr.settle), ""]
    return "\n".join(lines)


#: Generated file (relative to docs/generated/) -> the function that writes it.
PAGES: Mapping[str, Any] = {
    "families.md": families_page,
    "frontier.md": frontier_page,
    "properties.md": properties_page,
    "coverage.md": coverage_page,
    "bibliography.md": bibliography_page,
    "designations.md": designations_page,
}


def data_pages() -> dict[str, str | bytes]:
    """Every data page of the site, with the charts the pages show: path -> content."""
    files: dict[str, str | bytes] = {name: make() for name, make in PAGES.items()}
    return {**files, **curves_page()}
