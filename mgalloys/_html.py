"""HTML for notebooks and pages: a table, a link, a verdict's colour. Plain strings, no template
engine; every text is escaped here or by the caller (``escape``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

__all__ = [
    "COMPACT",
    "STICKY",
    "VERDICT_COLORS",
    "VERDICT_WORDS",
    "escape",
    "link",
    "linked_text",
    "table",
    "verdict_cell",
]

#: The background of a verdict's cell, in every HTML view.
VERDICT_COLORS = {
    "pass": "#d9f2d9",
    "fail": "#f8d7d7",
    "unknown": "#eeeeee",
    "not applicable": "#ffffff",
    "no target": "#f4f1e0",
}


def table(
    head: list[str], rows: list[list[str]], caption: str = "", row_heads: Mapping[int, str] | None = None
) -> str:
    """A table; ``head`` is escaped here, the cells of ``rows`` are HTML already. ``row_heads``
    puts a heading row (HTML, across every column) above the row of that index."""
    cap = f"<caption style='text-align:left'>{caption}</caption>" if caption else ""
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    heads = row_heads or {}
    body = "".join(
        (f"<tr><th colspan='{len(head)}' style='text-align:left'>{heads[i]}</th></tr>" if i in heads else "")
        + "<tr>"
        + "".join(f"<td>{c}</td>" for c in r)
        + "</tr>"
        for i, r in enumerate(rows)
    )
    return f"<table>{cap}<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def link(url: str, text: str) -> str:
    """``text`` linked to ``url`` (plain text when there is no URL)."""
    return f"<a href='{escape(url)}'>{escape(text)}</a>" if url else escape(text)


_ADDRESS = re.compile(r"(https?://[^\s<>\"']*[^\s<>\"'.,;:)\]])")


def linked_text(text: str) -> str:
    """``text`` escaped, its web addresses made links (a note that names another page)."""
    parts = _ADDRESS.split(text)
    return "".join(link(part, part) if i % 2 else escape(part) for i, part in enumerate(parts))


#: How a verdict is written in a cell ("n/a" keeps the scorecard's columns narrow).
VERDICT_WORDS = {"not applicable": "n/a", "no target": "no target"}
#: Notebook tables of many rows: compact cells, identifiers that never break inside.
COMPACT = "font-size:90%;white-space:nowrap"
#: A header cell that stays in view while a long table scrolls.
STICKY = "position:sticky;top:0;background:#fff"


def verdict_cell(verdict: str, mark: str = "") -> str:
    """A verdict on its colour, with an optional mark (``*`` for a family member)."""
    word = VERDICT_WORDS.get(verdict, verdict)
    return f"<span style='background:{VERDICT_COLORS[verdict]};padding:0 .3em'>{escape(word)}{mark}</span>"
