"""MkDocs hook: generate the data-driven pages from the bundled data before each build.

The pages are written to ``docs/generated/`` (ignored by git) so they can never drift from the
data: families and targets, properties, coverage matrix, bibliography, designations.
Run by hand with ``python docs/hooks.py``.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent
OUT = DOCS / "generated"
DATA = DOCS.parent / "data"

TARGET_PROPS = [
    "density",
    "tensile_strength",
    "yield_strength",
    "elongation",
    "thermal_conductivity",
    "electrical_conductivity",
]
OTHER_PROPS = ["elastic_modulus", "thermal_expansion", "solidus", "liquidus", "hardness"]


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _anchor(title: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _family_order() -> dict[str, int]:
    import mgalloys as mg

    return {f.id: f.number for f in mg.families()}


def families_page() -> str:
    import mgalloys as mg

    sc = mg.scorecard()
    counts = sc.counts()
    lines = [
        "# Families and targets",
        "",
        "The 11 alloy families come from the strategy paper on China's advanced magnesium alloy",
        "industry (section *Analysis of market demand prospect*). Each family quotes the paper's own",
        "passage, its readings (the targets the library checks, each with its interpretation and",
        "why; the default first) and the rules that make a record a member.",
        "This page is generated from `data/roadmap/families.json` and `data/roadmap/membership.json`;",
        "the state of the art against every target is on the [frontier page](frontier.md).",
        "",
        "| # | family | default reading | members | pass | fail | unknown | not applicable |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for f in mg.families():
        c = counts[f.id]
        lines.append(
            f"| {f.number} | [{f.id}](#{f.number}-{_anchor(f.name)}) | {f.reading} | {len(f.members())} | "
            f"{c['pass']} | {c['fail']} | {c['unknown']} | {c['not applicable']} |"
        )
    lines += [
        "",
        "Counts are over every bundled record under the default reading; unknown means a needed",
        "value (or the record's product form or composition) is missing; not applicable means the",
        "target's scope does not cover the record (reference metals, other product forms).",
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
                f"  *Why:* {r.why}",
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
        members = [a.record_id for a in f.members()]
        lines += [f"**Members in the data ({len(members)}):** " + (", ".join(members) or "none"), ""]
        outsiders = [r for r in passing if r not in members]
        if outsiders:
            lines += ["**Passing non-members:** " + ", ".join(outsiders), ""]
        lines += [f"**Records that pass ({len(passing)}):** " + (", ".join(passing) or "none"), ""]
    lines += ["## Goals for 2030 and 2035", "", "| year | indicator | goal | passage |", "|---|---|---|---|"]
    for goal in mg.roadmap_goals():
        lines.append(
            f"| {goal.year} | {goal.indicator} | {goal.comparator} {mg.format_quantity(goal.value)} | "
            f"{_md_escape(goal.quote)} |"
        )
    lines += [
        "",
        "## China's magnesium industry in 2019",
        "",
        "| indicator | value | change | passage |",
        "|---|---|---|---|",
    ]
    for fig in mg.industry_2019():
        lines.append(
            f"| {fig.indicator} | {mg.format_quantity(fig.value)} | {mg.format_quantity(fig.change)} | "
            f"{_md_escape(fig.quote)} |"
        )
    lines += ["", 'The extracted text prints 10⁵ as "105" (the superscript was lost).', ""]
    return "\n".join(lines)


def properties_page() -> str:
    import mgalloys as mg

    lines = [
        "# Properties",
        "",
        "Generated from `data/properties.csv`, the one table that drives validation, units,",
        "DataFrame column names and this page. The plausible range is a sanity bound for magnesium",
        "alloys chosen by the project (used by the data tests), not a published value.",
        "",
        "| id | aliases | name | symbol | canonical unit | plausible range (Mg alloys) | description |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in mg.properties():
        lines.append(
            f"| `{p.id}` | {', '.join(f'`{a}`' for a in p.aliases)} | {p.name} | {p.symbol} | "
            f"{mg.units.unit_text(p.canonical_unit)} | {p.mg_min:g} to {p.mg_max:g} | "
            f"{_md_escape(p.description)} |"
        )
    return "\n".join(lines) + "\n"


def coverage_page() -> str:
    import mgalloys as mg
    from mgalloys.roadmap import by_family

    recs = by_family(mg.alloys())
    order = _family_order()
    lines = [
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
        "(conductivity from resistivity) are not counted.",
        "",
    ]
    props = TARGET_PROPS + OTHER_PROPS
    head = "| record | fam. | " + " | ".join(mg.property_info(p).symbol for p in props) + " | s | UNS |"
    lines += [head, "|" + "---|" * (len(props) + 4)]
    per_prop: Counter[str] = Counter()
    for r in recs:
        cells = []
        for p in props:
            n = len([v for v in r.values(p) if not v.derived_from])
            per_prop[p] += n > 0
            cells.append(str(n) if n else "·")
        n_src = len({v.source.key for v in r.property_values})
        uns = ", ".join(a.alias for a in r.aliases if a.scheme == "UNS") or "·"
        fams = " ".join(f"#{order[f]}" if f in order else "ref" for f in r.families)
        lines.append(f"| {r.record_id} | {fams} | " + " | ".join(cells) + f" | {n_src} | {uns} |")
    lines += [
        "",
        "Symbols: " + "; ".join(f"{mg.property_info(p).symbol} = `{p}`" for p in props) + ".",
        "Families: numbers of the [families page](families.md); ref = reference metal or pure Mg.",
        "",
    ]
    lines += ["## Records with a value, per property", "", "| property | records |", "|---|---|"]
    lines += [f"| `{p}` | {per_prop[p]} of {len(recs)} |" for p in props]
    return "\n".join(lines) + "\n"


def bibliography_page() -> str:
    import mgalloys as mg

    cat = mg.get_catalog()
    cited: dict[str, set[str]] = defaultdict(set)
    for r in mg.alloys():
        for v in r.property_values:
            cited[v.source.key].add(r.record_id)
    lines = [
        "# Bibliography",
        "",
        "Every source the data cites, generated from `data/sources/*.csv`. Kinds: producer",
        "datasheet, standard, handbook, paper, book, thesis, report, compilation (web compilations",
        "such as AZoM and MakeItFrom; the note says what they repeat where known).",
        "",
    ]
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for s in cat.sources.values():
        by_kind[s.kind.value].append(s)
    for kind in sorted(by_kind):
        lines += [f"## {kind.replace('_', ' ')}", ""]
        for s in sorted(by_kind[kind], key=lambda s: s.key):
            recs = sorted(cited.get(s.key, ()))
            used = f" Cited by: {', '.join(recs)}." if recs else ""
            note = f" *{_md_escape(s.note)}*" if s.note else ""
            lines.append(f"- **`{s.key}`**: {_md_escape(s.citation)}.{note}{used}")
        lines.append("")
    return "\n".join(lines)


def designations_page() -> str:
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
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        if not rows:
            continue
        cols = list(rows[0])
        lines += [f"## {title}", "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(_md_escape(r[c] or "") for c in cols) + " |" for r in rows]
        lines.append("")
    import mgalloys as mg

    cov = mg.alias_coverage()
    with_uns = sum(1 for c in cov if c.uns)
    lines += [
        "## Cross-references per record",
        "",
        f"{with_uns} of {len(cov)} records have a UNS number; every alias is a sourced claim (see",
        "`data/aliases/`). Research alloys named by composition have none.",
        "",
        "| record | grade | UNS | other cross-references | schemes | note |",
        "|---|---|---|---|---|---|",
    ]
    for c in cov:
        lines.append(
            f"| {c.record_id} | {_md_escape(c.grade)} | {', '.join(c.uns) or '·'} | "
            f"{c.cross_references} | {', '.join(c.schemes) or '·'} | {_md_escape(c.note)} |"
        )
    return "\n".join(lines) + "\n"


def frontier_page() -> str:
    import mgalloys as mg

    lines = [
        "# Frontier: the state of the art against the paper's targets",
        "",
        "For each family (default reading) and criterion: the best value known in the bundled data",
        "among the records the target applies to, its record and source, and the gap to the",
        "threshold (negative: short of it). Then the records closest to meeting the whole target,",
        "ranked by their summed fractional shortfall, and the measurements that would settle their",
        "unknowns. `mg.frontier(8)` and `mgalloys frontier 8` give the same.",
        "",
    ]
    for f in mg.families():
        fr = mg.frontier(f)
        lines += [f"## {f.number}. {f.name}", "", f"`{fr.target}` (reading `{fr.reading}`)", ""]
        if not fr.best:
            lines += ["No property criteria: the paper sets no threshold for this family.", ""]
            continue
        lines += ["| criterion | best | record | source | verdict | gap |", "|---|---|---|---|---|---|"]
        for b in fr.best:
            r = b.result
            if r is None or r.compared is None:
                lines.append(f"| `{b.criterion.text}` | no value | · | · | unknown | · |")
                continue
            gap = "·" if r.margin is None else mg.format_quantity(r.margin, 4)
            lines.append(
                f"| `{b.criterion.text}` | {mg.format_quantity(r.compared, 4)} | {b.record} | "
                f"{', '.join(r.sources)} | {r.verdict.value} | {gap} |"
            )
        lines.append("")
        if fr.closest:
            ranked = ", ".join(f"{r.alloy} ({r.verdict.value}, {r.shortfall:.1%})" for r in fr.closest)
            lines += [f"**Closest:** {ranked}", ""]
        if fr.settle:
            lines += ["**Would settle an unknown:** " + "; ".join(fr.settle), ""]
    return "\n".join(lines)


PAGES = {
    "families.md": families_page,
    "frontier.md": frontier_page,
    "properties.md": properties_page,
    "coverage.md": coverage_page,
    "bibliography.md": bibliography_page,
    "designations.md": designations_page,
}


def generate(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in PAGES.items():
        path = out / name
        text = make()
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")  # unchanged pages are not rewritten
        written.append(path)
    return written


def on_pre_build(config: Any) -> None:  # MkDocs hook
    generate()


if __name__ == "__main__":
    for p in generate():
        print(p)
