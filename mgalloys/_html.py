"""HTML tables for notebooks (``_repr_html_``); plain strings, no template engine."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ._datasheet import DEFAULT_MARK, datasheet_rows
from .units import format_quantity

if TYPE_CHECKING:  # pragma: no cover
    from .checking import CheckResult, Scorecard
    from .models import Alloy
    from .roadmap import Family

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


def scorecard_html(s: Scorecard) -> str:
    k = len(s.families)
    rows = []
    for i, rec in enumerate(s.records):
        cells = [escape(rec)]
        for j in range(k):
            res = s.results[i * k + j]
            star = "*" if s.member and s.member[i * k + j] else ""
            cells.append(
                f"<span style='background:{_COLORS[res.verdict.value]}'>{res.verdict.value}{star}</span>"
            )
        rows.append(cells)
    return _table(
        ["record", *s.families], rows, "Scorecard (* = member of the family; unknown = missing data)"
    )
