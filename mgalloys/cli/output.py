"""What the command line prints, in one place: tables and paragraphs for people, CSV and JSON for
programs, and the exit statuses.

For people: a table is drawn by ``rich`` when it fits the terminal, with identifiers (record ids,
source keys, property ids, units, numbers) never split and free text (descriptions, conditions,
locators) wrapped between words; when it cannot fit, every row becomes a block of its own. On a
terminal the header is bold and ruled; into a pipe the text is plain (no colour, an ASCII rule,
no trailing blanks), so that ``grep`` and ``cut`` work on it.

For programs (``--format csv`` and ``json``): every number has at most ``NUMBER_DIGITS``
significant figures, written as the shortest text of that value (``248.211``, never
``248.21126255406105`` for a value published as ``36 ksi``); a missing number is an empty CSV
cell or JSON ``null``, never ``nan``; every unit is spelled as the property table prints it
(``unit_spelling``: ``MPa``, ``W/(m·K)``, ``g/cm³``, never ``megapascal``).
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

from rich.box import Box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from ..inputs import unit_pairs
from ..units import parse_unit, unit_text

__all__ = [
    "EXIT_FAIL",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "NUMBER_DIGITS",
    "QUANTITY_KEYS",
    "Col",
    "data_number",
    "data_rows",
    "data_value",
    "emit",
    "fill",
    "frame_rows",
    "print_table",
    "say",
    "table_fits",
    "terminal",
    "unit_args",
    "unit_spelling",
    "wrap_text",
]

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

#: Significant figures of every number the command line writes as CSV or JSON: the data holds at
#: most 5 as published (a conversion such as 36 ksi = 248.211 MPa keeps the published figures and
#: the guard digits a further conversion needs, and drops the float noise).
NUMBER_DIGITS = 6
#: Keys whose text is a quantity (``'250.0 degree_Celsius'`` in a model dump): written again as
#: number and unit in the one number format and unit spelling.
QUANTITY_KEYS = frozenset(
    {"test_temperature", "strain_rate", "thickness_min", "thickness_max", "exposure", "temperature"}
)
#: Keys whose text is a unit.
UNIT_KEYS = frozenset({"unit"})

#: Narrowest a free-text column gets before the table turns into blocks (its longest word is the
#: floor anyway: a word is never split).
MIN_TEXT = 12
#: Between two columns: one blank of padding and the column divider.
GAP = 2
#: The header rule: ASCII into a pipe (cut and grep see plain text), a line on a terminal.
_PLAIN_BOX = Box("    \n    \n -  \n    \n    \n    \n    \n    \n", ascii=True)
_TERMINAL_BOX = Box("    \n    \n ─  \n    \n    \n    \n    \n    \n")


def terminal() -> Console:
    """The console of stdout, as the environment describes it: ``COLUMNS`` (else the terminal's
    width, else 80), colour only on a terminal (and never with ``NO_COLOR``)."""
    return Console(highlight=False, markup=False, emoji=False, soft_wrap=True)


# --- paragraphs ----------------------------------------------------------------------------------
def fill(atoms: Sequence[str], width: int, indent: str = "", hang: str | None = None) -> list[str]:
    """Lines of at most ``width`` cells, breaking only between ``atoms``: each is printed whole
    (on a line of its own when it is wider than the line: an identifier is never split), but for
    a web address wider than the line, which continues on the next line after a ``/``."""
    hang = indent + "  " if hang is None else hang
    lines: list[str] = []
    line = ""
    for atom in _fold_addresses(atoms, width - cell_len(hang)):
        lead = indent if not lines else hang
        if line and cell_len(line) + 1 + cell_len(atom) > width:
            lines.append(line)
            line = hang + atom
        else:
            line = f"{line} {atom}" if line else lead + atom
    if line:
        lines.append(line)
    return lines


def _fold_addresses(atoms: Sequence[str], room: int) -> list[str]:
    """``atoms``, with every web address wider than ``room`` cut after a ``/`` (or at ``room``)."""
    out: list[str] = []
    for atom in (a for a in atoms if a):
        address = "://" in atom
        while address and cell_len(atom) > room > 8:
            cut = atom.rfind("/", 0, room) + 1 or room
            out.append(atom[:cut])
            atom = atom[cut:]
        out.append(atom)
    return out


def say(text: str, indent: str = "  ") -> None:
    """One paragraph, wrapped to the terminal between words (never inside one)."""
    print("\n".join(fill(text.split(), terminal().width, indent)))


def wrap_text(text: str) -> str:
    """A text of the library (an explanation, a frontier) wrapped to the terminal line by line:
    each line keeps its indent, and what runs over continues two columns further in."""
    width = terminal().width
    out: list[str] = []
    for line in text.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        out += fill(line.split(), width, indent) or [""]
    return "\n".join(out)


# --- tables --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Col:
    """A column of a printed table: ``key`` in the rows, ``head`` as printed (default: the key).

    ``text`` marks free text, which wraps between words; every other column holds identifiers
    or numbers, which are never split.
    """

    key: str
    head: str = ""
    text: bool = False

    @property
    def title(self) -> str:
        return self.head or self.key


def _shown(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _longest_word(texts: Sequence[str]) -> int:
    return max((cell_len(w) for t in texts for w in t.split()), default=0)


def _widths(cells: Sequence[Sequence[str]], cols: Sequence[Col], limit: int) -> list[int] | None:
    """Column widths that fit ``limit`` with every identifier whole and every word of free text
    whole; ``None`` when there are none. Headers wrap between their words."""
    natural, floor = [], []
    for i, col in enumerate(cols):
        column = [row[i] for row in cells]
        head = _longest_word([col.title])
        longest = max((cell_len(x) for x in column), default=0)
        natural.append(max(head, longest))
        if col.text:
            floor.append(max(head, _longest_word(column), min(longest, MIN_TEXT)))
        else:
            floor.append(natural[-1])
    budget = limit - GAP * (len(cols) - 1)
    if sum(floor) > budget:
        return None
    widths = list(natural)
    while sum(widths) > budget:  # the free-text column with the most room gives way first
        i = max((i for i in range(len(cols)) if widths[i] > floor[i]), key=lambda i: widths[i] - floor[i])
        widths[i] -= 1
    return widths


def table_fits(rows: Sequence[Mapping[str, Any]], cols: Sequence[Col], width: int) -> bool:
    """Whether ``rows`` print as a table at ``width`` columns (else as blocks)."""
    return _widths([[_shown(r.get(c.key)) for c in cols] for r in rows], cols, width) is not None


def _table(cells: Sequence[Sequence[str]], cols: Sequence[Col], widths: Sequence[int], con: Console) -> None:
    plain = not con.is_terminal
    t = Table(
        box=_PLAIN_BOX if plain else _TERMINAL_BOX,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="" if plain else "bold",
    )
    for col, width in zip(cols, widths, strict=True):
        t.add_column(col.title, width=width, overflow="fold")
    for row in cells:
        t.add_row(*row)
    _print(con, t)


def _blocks(cells: Sequence[Sequence[str]], cols: Sequence[Col], con: Console) -> None:
    """One block per row: the first column as a heading (an empty one continues the block above),
    then its ``name: value`` fields in one paragraph (empty ones left out). An identifier or a
    number is kept whole with its name; free text wraps between words."""
    for row in cells:
        if row[0]:
            _print(con, row[0], style="bold")
        atoms: list[str] = []
        for col, value in zip(cols[1:], row[1:], strict=True):
            if not value:
                continue
            if atoms:
                atoms[-1] += ";"
            atoms += [f"{col.title}:", *value.split()] if col.text else [f"{col.title}: {value}"]
        if atoms:
            _print(con, "\n".join(fill(atoms, con.width, "  ", "    ")))


def _print(con: Console, what: Any, style: str = "") -> None:
    """Print through rich; into a pipe, as plain lines without trailing blanks."""
    if con.is_terminal:
        con.print(what, style=style or None, overflow="ignore", crop=False)
        return
    with con.capture() as cap:
        con.print(what, overflow="ignore", crop=False)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in cap.get().splitlines()))


def print_table(rows: Sequence[Mapping[str, Any]], cols: Sequence[Col] | None = None) -> None:
    """``rows`` as a table that fits the terminal, else as one block per row."""
    if not rows:
        print("(nothing)")
        return
    columns = list(cols or (Col(str(k)) for k in rows[0]))
    con = terminal()
    cells = [[_shown(r.get(c.key)) for c in columns] for r in rows]
    widths = _widths(cells, columns, con.width)
    if widths is None:
        _blocks(cells, columns, con)
    else:
        _table(cells, columns, widths, con)


# --- data for programs ---------------------------------------------------------------------------
def data_number(x: Any, digits: int = NUMBER_DIGITS) -> float | int | None:
    """A number as the command line writes it: ``digits`` significant figures (the shortest text
    of the rounded value), integers as they are, NaN and infinities as ``None`` (missing)."""
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(f"not a number: {x!r}")
    if isinstance(x, Integral):
        return int(x)
    f = float(x)
    if not math.isfinite(f):
        return None
    return float(f"{f:.{digits}g}")


def unit_spelling(unit: Any) -> str:
    """A unit as the property table prints it: ``'MPa'``, ``'W/(m·K)'``, ``'g/cm³'``, ``'°C'``
    (pint's long names such as ``megapascal`` are written so too)."""
    return unit_text(parse_unit(str(unit)))


def _quantity_text(text: str) -> str:
    number, _, unit = text.partition(" ")
    try:
        value = data_number(float(number))
    except ValueError:
        return text  # not a number and a unit: left as it is
    return f"{value:g} {unit_spelling(unit)}".strip() if value is not None else ""


def data_value(value: Any, key: str = "") -> Any:
    """One value of a row or of a JSON document in the one number format and unit spelling
    (mappings and lists are walked; ``key`` says what a text holds)."""
    if isinstance(value, Mapping):
        return {str(k): data_value(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [data_value(v, key) for v in value]
    if isinstance(value, Real) and not isinstance(value, bool):
        return data_number(value)
    if isinstance(value, str) and value:
        if key in UNIT_KEYS:
            return unit_spelling(value)
        if key in QUANTITY_KEYS:
            return _quantity_text(value)
    return value


def data_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows for CSV and JSON: every value through ``data_value``."""
    return [{str(k): data_value(v, str(k)) for k, v in r.items()} for r in rows]


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return value


def emit(
    rows: Sequence[Mapping[str, Any]], fmt: str, columns: Sequence[str] | Sequence[Col] | None = None
) -> None:
    """``rows`` as ``fmt``: ``json``, ``csv`` (both in the one number format and unit spelling) or a
    ``table`` that fits the terminal; ``columns`` picks and orders them."""
    cols = [c if isinstance(c, Col) else Col(c) for c in (columns or [])]
    if fmt == "table":
        print_table(rows, cols or None)
        return
    clean = data_rows(rows)
    if fmt == "json":
        print(json.dumps(clean, indent=1, ensure_ascii=False, default=str))
        return
    names = [c.key for c in cols] or list(clean[0] if clean else [])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows({k: _csv_cell(v) for k, v in r.items()} for r in clean)
    sys.stdout.write(buf.getvalue())


def frame_rows(df: Any) -> list[dict[str, Any]]:
    """A DataFrame's rows as dicts with string keys, for emit."""
    return [{str(k): v for k, v in r.items()} for r in df.to_dict(orient="records")]


def unit_args(pairs: Sequence[str] | None) -> dict[str, str]:
    """--units PROPERTY=UNIT pairs, each unit checked against its property before any work."""
    return unit_pairs(list(pairs or ()))
