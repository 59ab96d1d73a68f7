"""HTML tables for notebooks (``_repr_html_``); plain strings, no template engine."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ._datasheet import DEFAULT_MARK, datasheet_rows
from .units import format_quantity

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from .checking import CheckResult, Scorecard
    from .models import Alloy
    from .roadmap import Family
    from .state_of_art import Frontier

_COLORS = {"pass": "#d9f2d9", "fail": "#f8d7d7", "unknown": "#eeeeee", "not applicable": "#ffffff"}


def _table(head: list[str], rows: list[list[str]], caption: str = "") -> str:
    cap = f"<caption style='text-align:left'>{caption}</caption>" if caption else ""
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table>{cap}<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _link(url: str, text: str) -> str:
    return f"<a href='{escape(url)}'>{escape(text)}</a>" if url else escape(text)


def alloy_html(a: Alloy) -> str:
    """The datasheet as ``mgalloys show`` prints it: the same rows, marks and conditions."""
    sources = {v.source.key: v.source for v in a.property_values}
    rows = []
    for r in datasheet_rows(a):
        src = sources[r["source"]]
        where = ", ".join(x for x in (r["where"], r["conditions"]) if x)
        rows.append(
            [
                escape(r["property"]),
                r["default"],
                f"<span style='white-space:nowrap'>{escape(r['value'])}</span>",
                escape(r["kind"]),
                escape(r["at"]),
                _link(src.url, src.key),
                escape(where),
            ]
        )
    caption = (
        f"<b>{escape(a.record_id)}</b>: {escape(a.grade)}, temper {escape(a.temper or '-')}, "
        f"{escape(a.product_form or 'form not stated')}; families: {escape(', '.join(a.families))}"
    )
    note = (
        f"<p>{DEFAULT_MARK} = the default value (docs: concepts); '-' = not measured at a temperature; "
        "typical values are not design allowables</p>"
    )
    head = ["property", "", "value", "kind", "at", "source", "where, conditions"]
    return _table(head, rows, caption) + note


def family_html(f: Family) -> str:
    # The passage and its reading are paragraphs, not a table caption: a caption is held to the
    # width of its one-column table, which squeezed the card to 150 px.
    rows = [[escape(c.text)] for c in f.target.criteria] or [["(no property target in the paper)"]]
    return (
        f"<div style='max-width:60em'><p><b>{f.number}. {escape(f.name)}</b> "
        f"(<code>{escape(f.id)}</code>)</p><blockquote><i>{escape(f.quote)}</i></blockquote>"
        + _table(["criterion"], rows)
        + f"<p>{escape(f.interpretation)}</p></div>"
    )


def check_html(r: CheckResult) -> str:
    rows = []
    for c in r.criteria:
        color = _COLORS[c.verdict.value]
        rows.append(
            [
                escape(c.criterion.text),
                f"<span style='background:{color}'>{c.verdict.value}</span>",
                "" if c.compared is None else escape(format_quantity(c.compared, 4)),
                "" if c.margin_fraction is None else f"{c.margin_fraction:+.1%}",
                "" if c.value is None else escape(f"{c.value.kind.value}, {c.value.source.key}"),
                escape(c.reason),
            ]
        )
    caption = (
        f"<b>{escape(r.alloy)}</b> against {escape(r.target)}: "
        f"<span style='background:{_COLORS[r.verdict.value]}'>{r.verdict.value}</span>"
    )
    return _table(["criterion", "verdict", "value", "margin", "value used", "why"], rows, caption)


_SHORT = {"not applicable": "n/a"}
# Notebook tables of many rows: compact cells, a header that stays in view while scrolling, and
# identifiers that never break inside.
_COMPACT = "font-size:90%;white-space:nowrap"


def _verdict(value: str, star: bool = False) -> str:
    mark = "*" if star else ""
    return f"<span style='background:{_COLORS[value]};padding:0 .3em'>{_SHORT.get(value, value)}{mark}</span>"


def scorecard_html(s: Scorecard, numbers: Mapping[str, int]) -> str:
    """Records by families, a column per family headed by its number (its id in the header's
    tooltip and in the key under the table), verdicts coloured; then each family's counts."""
    head = "".join(
        f"<th title='{escape(f)}' style='position:sticky;top:0;background:#fff'>#{numbers.get(f, '?')}</th>"
        for f in s.families
    )
    rows = []
    for i, rec in enumerate(s.records):
        cells = "".join(
            f"<td>{_verdict(res.verdict.value, member)}</td>"
            for res, member in zip(s._row(i), s._member_row(i), strict=True)
        )
        rows.append(f"<tr><td>{escape(rec)}</td>{cells}</tr>")
    counts = s.counts()
    reads = dict(zip(s.families, s.readings, strict=False))
    key = "; ".join(
        f"#{numbers.get(f, '?')} <code>{escape(f)}</code>"
        + (f" ({escape(reads[f])})" if reads.get(f) else "")
        + f": {counts[f]['pass']} pass, {counts[f]['fail']} fail, {counts[f]['unknown']} unknown"
        for f in s.families
    )
    return (
        f"<div style='max-height:40em;overflow:auto'><table style='{_COMPACT}'>"
        f"<caption style='text-align:left'>Scorecard: {len(s.records)} records against "
        f"{len(s.families)} families (* = a member of the family)</caption>"
        f"<thead><tr><th style='position:sticky;top:0;background:#fff'>record</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f"<p style='max-width:60em'>Families (reading): {key}.<br/>unknown = a needed value is missing "
        "(never counted as fail); n/a = not applicable, outside the target's scope.</p>"
    )


def frontier_html(fr: Frontier) -> str:
    """Per criterion the best value known, its record, source, verdict and gap; then the records
    closest to meeting the whole target and the measurements that would settle an unknown."""
    rows = []
    for b in fr.best:
        r = b.result
        crit = f"<code style='white-space:nowrap'>{escape(b.criterion.text)}</code>"
        if r is None or r.compared is None or b.record is None:
            rows.append([crit, f"no value among {b.candidates} record(s)", "", "", _verdict("unknown"), ""])
            continue
        gap = "" if r.margin is None else escape(format_quantity(r.margin, 4))
        if r.margin_fraction is not None and r.margin_fraction == r.margin_fraction:  # not NaN
            gap += f" ({r.margin_fraction:+.1%})"
        rows.append(
            [
                crit,
                f"<span style='white-space:nowrap'>{escape(format_quantity(r.compared, 4))}</span>",
                escape(b.record),
                escape(", ".join(r.sources)),
                _verdict(r.verdict.value),
                gap,
            ]
        )
    reading = f", reading <code>{escape(fr.reading)}</code>" if fr.reading else ""
    caption = f"<b>Frontier</b> of <code>{escape(fr.target)}</code>{reading}: {fr.in_scope} records in scope"
    if rows:
        out = _table(["criterion", "best value", "record", "source", "verdict", "gap"], rows, caption)
    else:
        out = f"<p>{caption}: no property criteria.</p>"
    if fr.closest:
        near = [
            [escape(c.alloy), _verdict(c.verdict.value), f"{c.shortfall:.1%}", str(len(c.missing))]
            for c in fr.closest
        ]
        out += _table(
            ["record", "verdict", "shortfall", "unknown criteria"],
            near,
            "Closest to meeting the whole target (by summed fractional shortfall)",
        )
    if fr.settle:
        out += "<p>Would settle an unknown: " + "; ".join(escape(x) for x in fr.settle) + "</p>"
    return f"<div style='max-width:70em'>{out}</div>"
