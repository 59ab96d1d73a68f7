"""HTML for notebooks and pages: a table, a link, a verdict's colour. Plain strings, no template
engine; every text is escaped here or by the caller (``escape``)."""

from __future__ import annotations

from html import escape

__all__ = ["VERDICT_COLORS", "escape", "link", "table", "verdict_cell"]

#: The background of a verdict's cell, in every HTML view.
VERDICT_COLORS = {"pass": "#d9f2d9", "fail": "#f8d7d7", "unknown": "#eeeeee", "not applicable": "#ffffff"}


def table(head: list[str], rows: list[list[str]], caption: str = "") -> str:
    """A table; ``head`` is escaped here, the cells of ``rows`` are HTML already."""
    cap = f"<caption style='text-align:left'>{caption}</caption>" if caption else ""
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table>{cap}<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def link(url: str, text: str) -> str:
    """``text`` linked to ``url`` (plain text when there is no URL)."""
    return f"<a href='{escape(url)}'>{escape(text)}</a>" if url else escape(text)


def verdict_cell(verdict: str, mark: str = "") -> str:
    """A verdict on its colour, with an optional mark (``*`` for a family member)."""
    return f"<span style='background:{VERDICT_COLORS[verdict]}'>{escape(verdict)}{mark}</span>"
