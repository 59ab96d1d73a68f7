"""What the command line prints: plain-text tables that fit the terminal, CSV and JSON rows,
wrapped paragraphs; and its exit statuses."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import Any

from ..inputs import unit_pairs

__all__ = [
    "EXIT_FAIL",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "emit",
    "frame_rows",
    "grouped",
    "say",
    "table_text",
    "unit_args",
]

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def table_text(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A plain-text table that fits the terminal: long cells wrap inside their column."""
    if not rows:
        return "(nothing)"
    cols = list(columns or rows[0].keys())
    text = [[("" if r.get(c) is None else str(r.get(c))) for c in cols] for r in rows]
    # at least 1: a column with no header and no text (no value marked default) wraps at width 1
    natural = [max(len(c), 1, *(len(t[i]) for t in text)) for i, c in enumerate(cols)]
    # prose columns (conditions, locators) give way before keys and numbers, which break badly
    prose = [sum(" " in t[i] for t in text) * 2 > len(text) for i in range(len(cols))]
    limit = shutil.get_terminal_size((100, 24)).columns
    keep = [len(c) if p else n for c, p, n in zip(cols, prose, natural, strict=True)]
    widths = _fit(_fit(natural, keep, limit), [len(c) for c in cols], limit)
    out = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    for t in text:
        cells = [textwrap.wrap(v, w, break_on_hyphens=False) or [""] for v, w in zip(t, widths, strict=True)]
        for k in range(max(len(c) for c in cells)):
            line = [(c[k] if k < len(c) else "").ljust(w) for c, w in zip(cells, widths, strict=True)]
            out.append("  ".join(line).rstrip())
    return "\n".join(out)


def _fit(natural: list[int], floor: list[int], limit: int) -> list[int]:
    """Column widths within ``limit`` characters: the widest column above its floor gives way first."""
    widths = list(natural)
    budget = limit - 2 * (len(widths) - 1)
    while sum(widths) > budget:
        shrinkable = [i for i, w in enumerate(widths) if w > max(floor[i], 8)]
        if not shrinkable:
            break  # every column is as narrow as it sensibly gets: let the line run long
        widths[max(shrinkable, key=widths.__getitem__)] -= 1
    return widths


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> None:
    if fmt == "json":
        print(json.dumps(list(rows), indent=1, ensure_ascii=False, default=str))
    elif fmt == "csv":
        buf = io.StringIO()
        cols = list(columns or (rows[0].keys() if rows else []))
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        print(table_text(rows, columns))


def say(text: str, indent: str = "  ") -> None:
    """One paragraph, wrapped to the terminal."""
    width = shutil.get_terminal_size((100, 24)).columns
    print(textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent + "  "))


def grouped(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``show``'s rows for the terminal: the property named once, where and how in one column."""
    out = []
    for i, r in enumerate(rows):
        first = i == 0 or rows[i - 1]["property"] != r["property"]
        where = ", ".join(x for x in (r["source"], r["where"], r["conditions"]) if x)
        out.append(
            {
                "property": r["property"] if first else "",
                "": r["default"],
                "value": r["value"],
                "kind": r["kind"],
                "at": r["at"],
                "source, where, conditions": where,
            }
        )
    return out


def frame_rows(df: Any) -> list[dict[str, Any]]:
    """A DataFrame's rows as dicts with string keys, for emit."""
    return [{str(k): v for k, v in r.items()} for r in df.to_dict(orient="records")]


def unit_args(pairs: Sequence[str] | None) -> dict[str, str]:
    """--units PROPERTY=UNIT pairs, each unit checked against its property before any work."""
    return unit_pairs(list(pairs or ()))
