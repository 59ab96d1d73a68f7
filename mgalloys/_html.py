"""HTML tables for notebooks (``_repr_html_``); plain strings, no template engine."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

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
    rows = []
    for v in a.values():
        t = v.conditions.test_temperature
        rows.append(
            [
                escape(v.property),
                escape(v.shown()),
                escape(
                    v.kind.value
                    + (" (derived)" if v.derived_from else "")
                    + (f"; implausible, never the default: {v.implausible}" if v.implausible else "")
                ),
                "RT" if t is None else escape(format_quantity(t)),
                f"<a href='{escape(v.source.url)}'>{escape(v.source.key)}</a>"
                if v.source.url
                else escape(v.source.key),
                escape(v.locator),
            ]
        )
    caption = (
        f"<b>{escape(a.record_id)}</b>: {escape(a.grade)}, temper {escape(a.temper or '-')}, "
        f"{escape(a.product_form or 'form not stated')}; families: {escape(', '.join(a.families))}"
    )
    return _table(["property", "value", "kind", "at", "source", "where"], rows, caption)


def family_html(f: Family) -> str:
    rows = [[escape(c.text)] for c in f.target.criteria] or [["(no property target in the paper)"]]
    caption = f"<b>{f.number}. {escape(f.name)}</b> (<code>{escape(f.id)}</code>)<br><i>{escape(f.quote)}</i>"
    return _table(["criterion"], rows, caption) + f"<p>{escape(f.interpretation)}</p>"


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
