"""The strict reader of data CSV files: the bundled ``data/`` and every folder of your own.

Every data file is read by `read_csv`, which loses and alters nothing silently: a row is one
line, and every line of a file is the header, a row or a blank line (``Table.lines ==
bool(Table.header) + len(Table.rows) + Table.blank``). It refuses, with a `mgalloys.DataError`
that names the file, the line and the column (counted from 1 in the header's order):

* what is not a regular file (a FIFO, a device, a folder named ``*.csv``), a file larger than
  `MAX_FILE_BYTES`, a symbolic link that leads out of the folder being read;
* bytes that are not UTF-8, NUL bytes (a binary file), a second byte-order mark;
* control characters other than tab, line and paragraph separators, bidirectional overrides and
  a byte-order mark inside the text (invisible, they change what a reader sees);
* a quote not closed on its line (a cell never holds a line break), a quote inside an unquoted
  cell, text after a closing quote;
* a header with an empty or repeated column name, or, when the table's columns are given, an
  unknown one (``unti``) or without a required one;
* a row with more or fewer fields than the header.

Cells are stripped of surrounding spaces. The result is ready to be checked column by column
(`Table.column`) as well as row by row (`Table.records`).
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import os
import re
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from .errors import DataError

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover
    from importlib.abc import Traversable

__all__ = [
    "MAX_FILE_BYTES",
    "Table",
    "Traversable",
    "cell",
    "cell_error",
    "field_of",
    "read_csv",
    "unreadable",
]

#: The largest data file read (bytes): 64 MiB, about 800,000 value rows. Split a larger table
#: into several files of the same folder (every ``*.csv`` of it is read).
MAX_FILE_BYTES = 64 * 1024 * 1024

# invisible characters that change what a reader (or a file written from the data) shows
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_CELL = r'(?:"[^"]*(?:""[^"]*)*"|[^,"]*)'
_STRICT_LINE = re.compile(rf"{_CELL}(?:,{_CELL})*")  # a line every cell of which is well quoted
# longer lines skip the regular expression: its backtracking stack grows with the doubled
# quotes of a cell, and past a few hundred thousand of them each one costs more
_SHORT_LINE = 10_000

Row = dict[str, str]


# A NamedTuple rather than a frozen dataclass: as immutable and typed, and its class is built in a
# quarter of the time on import (every cold start pays for it).
class Table(NamedTuple):
    """One CSV file as read: its header, its rows (stripped cells) and where each row stands."""

    label: str  #: the file as errors name it
    header: tuple[str, ...]
    rows: list[list[str]]
    line_numbers: list[int]  #: the line of each row (the header is line 1)
    lines: int  #: lines in the file
    blank: int  #: blank lines skipped

    def records(self) -> Iterator[tuple[str, Row]]:
        """``('file:line', {column: cell})`` per row, in file order."""
        header, label = self.header, self.label
        for n, fields in zip(self.line_numbers, self.rows, strict=True):
            yield f"{label}:{n}", dict(zip(header, fields, strict=True))

    def column(self, name: str) -> list[str]:
        """One column's cells, in row order (empty cells where the header lacks the column)."""
        if name not in self.header:
            return [""] * len(self.rows)
        i = self.header.index(name)
        return [r[i] for r in self.rows]


def cell(where: str, row: Mapping[str, str], column: str) -> str:
    """``'file:line: column N (name)'``: where a row's cell is (N counted from 1 in the header)."""
    for n, name in enumerate(row, start=1):
        if name == column:
            return f"{where}: column {n} ({column})"
    return f"{where}: column {len(row) + 1} ({column}, missing from the header)"


def cell_error(where: str, row: Mapping[str, str], column: str, message: str) -> DataError:
    """The error for a row's cell: ``'file:line: column N (name): message'``."""
    return DataError(f"{cell(where, row, column)}: {message}")


def unreadable(text: str) -> str | None:
    """What in ``text`` a data file cannot hold (a line break, a control or invisible character),
    for writers of data folders; None when the text can be written and read back as it is."""
    m = _FORBIDDEN.search(text) or re.search("[\n\r]", text)
    if m is None:
        return None
    return "a line break" if m[0] in "\n\r" else f"the invisible character U+{ord(m[0]):04X}"


def _error(label: str, line: int, field: int, message: str, header: Sequence[str] = ()) -> DataError:
    name = f" ({header[field - 1]})" if 0 < field <= len(header) else ""
    return DataError(f"{label}:{line}: column {field}{name}: {message}")


# --- bytes -----------------------------------------------------------------------------------
def _bytes(entry: Traversable, label: str, inside: Path | None) -> bytes:
    """The file's bytes, refusing special files, links out of ``inside`` and oversized files."""
    if not isinstance(entry, Path):  # inside an installed package (a zip, say): a plain read
        return entry.read_bytes()
    if inside is not None and (entry.is_symlink() or entry.parent.is_symlink()):  # else it is in there
        real = entry.resolve()
        if real != inside and inside not in real.parents:
            raise _error(
                label,
                1,
                1,
                f"leads through a symbolic link to {str(real)!r}, outside the folder; links leading "
                "out of a data folder are not followed: copy the file into the folder",
            )
    try:  # stat before opening: opening a FIFO would wait for a writer
        if not stat.S_ISREG(os.stat(entry).st_mode):
            raise _error(
                label, 1, 1, "not a regular file (a FIFO, a device or a folder); save the table as a CSV file"
            )
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise _error(label, 1, 1, f"cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):  # replaced between the two looks
            raise _error(label, 1, 1, "not a regular file (a FIFO, a device or a folder)")
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _error(
            label,
            1,
            1,
            f"larger than {MAX_FILE_BYTES:,} bytes, the most a data file may hold; "
            "split it into several files of the same folder",
        )
    return data


def field_of(prefix: str) -> int:
    """The field (from 1) that the end of a line's ``prefix`` falls in: commas outside quotes
    (for a whole line with a quote left open, the field of that quote)."""
    field, quoted = 1, False
    for ch in prefix:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            field += 1
    return field


def _text(data: bytes, label: str) -> str:
    """UTF-8 text with one leading byte-order mark removed and CRLF read as LF."""
    nul = data.find(b"\x00")
    bad = None
    if nul >= 0:
        bad = (nul, "a binary file (it holds NUL bytes), not a CSV file; save it as CSV, UTF-8")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = (
                exc.start,
                f"not a UTF-8 text CSV file (byte {exc.start} cannot be decoded); save it as CSV, UTF-8",
            )
    if bad is not None:
        start = data.rfind(b"\n", 0, bad[0]) + 1
        prefix = data[start : bad[0]].decode("utf-8", "replace")
        raise _error(label, data.count(b"\n", 0, bad[0]) + 1, field_of(prefix), bad[1])
    if text.startswith("\ufeff"):
        text = text[1:]
        if text.startswith("\ufeff"):
            raise _error(
                label,
                1,
                1,
                "the file starts with two byte-order marks (U+FEFF), not one: it was "
                "saved with a BOM twice; save it again as CSV UTF-8",
            )
    return text.replace("\r\n", "\n")


def _forbidden(text: str, label: str) -> None:
    m = _FORBIDDEN.search(text)
    if m is None:
        return
    start = text.rfind("\n", 0, m.start()) + 1
    ch = m[0]
    what = (
        "a carriage return without a line feed" if ch == "\r" else f"the invisible character U+{ord(ch):04X}"
    )
    raise _error(
        label,
        text.count("\n", 0, m.start()) + 1,
        field_of(text[start : m.start()]),
        f"{what} (character {m.start() - start + 1} of the line); remove it: data cells hold printable text",
    )


# --- lines -----------------------------------------------------------------------------------
def _fields(line: str, label: str, n: int, header: Sequence[str] = ()) -> list[str]:
    """The fields of line ``n``: ``a,"b, c",d`` -> ``['a', 'b, c', 'd']`` (linear in the line)."""
    if '"' not in line:
        return line.split(",")
    out: list[str] = []
    pos, end_of_line = 0, len(line)
    while True:
        if line.startswith('"', pos):
            close = _closing(line, pos)
            if close < 0:
                why = (
                    f"the quote at character {pos + 1} is not closed on this line (a cell cannot hold a "
                    "line break): close it, or double a quote inside a quoted cell"
                )
                raise _error(label, n, len(out) + 1, why, header)
            out.append(line[pos + 1 : close].replace('""', '"'))
            pos = close + 1
            if pos < end_of_line and line[pos] != ",":
                why = f"text after the closing quote at character {pos}: quote the whole cell"
                raise _error(label, n, len(out), why, header)
        else:
            end = line.find(",", pos)
            end = end_of_line if end < 0 else end
            q = line.find('"', pos, end)
            if q >= 0:
                spaces = not line[pos:q].strip()
                what = "a space before an opening quote" if spaces else "a quote inside an unquoted cell"
                why = (
                    f"{what} (character {q + 1}): start the cell with the quote, quote the whole cell and "
                    'double a quote inside it ("12"" bar")'
                )
                raise _error(label, n, len(out) + 1, why, header)
            out.append(line[pos:end])
            pos = end
        if pos >= end_of_line:
            return out
        pos += 1  # the comma


def _closing(line: str, pos: int) -> int:
    """Where the quoted cell opened at ``pos`` closes (-1: not on this line); a doubled quote
    inside it is a quote."""
    start = pos + 1
    while True:
        q = line.find('"', start)
        if q < 0 or not line.startswith('"', q + 1):
            return q
        start = q + 2


def _quoted(line: str, label: str, n: int, header: Sequence[str]) -> list[str]:
    """The fields of a line with quotes: a well-quoted line is split by the csv module (C speed,
    the same fields); any other goes through `_fields`, which says what is wrong."""
    if len(line) <= _SHORT_LINE and _STRICT_LINE.fullmatch(line):
        with contextlib.suppress(csv.Error):  # a cell longer than csv.field_size_limit()
            return next(csv.reader((line,)))
    return _fields(line, label, n, header)


def _header(line: str, label: str, known: Sequence[str] | None, required: Sequence[str]) -> tuple[str, ...]:
    names = [h.strip() for h in _fields(line, label, 1)]
    for i, name in enumerate(names, start=1):
        if not name:
            raise _error(label, 1, i, "a column without a name in the header; name it or remove it")
        if names.index(name) != i - 1:
            raise _error(
                label,
                1,
                i,
                f"the column {name!r} appears twice in the header (columns {names.index(name) + 1} and {i})",
            )
        if known is not None and name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise _error(label, 1, i, f"unknown column {name!r}; {hint}(known columns: {', '.join(known)})")
    missing = [c for c in required if c not in names]
    if missing:
        raise _error(
            label, 1, len(names) + 1, f"the header has no {', '.join(repr(m) for m in missing)} column"
        )
    return tuple(names)


def read_csv(
    entry: Traversable,
    label: str,
    *,
    inside: Path | None = None,
    known: Sequence[str] | None = None,
    required: Sequence[str] = (),
) -> Table:
    """Read one CSV file strictly (see the module docs).

    Args:
        entry: the file (a path, or a file inside an installed package).
        label: the file's name in error messages.
        inside: the folder (resolved) the file must not lead out of through a symbolic link.
        known: the columns the table may have (default: any).
        required: the columns its header must have.
    """
    text = _text(_bytes(entry, label, inside), label)
    _forbidden(text, label)
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the end of the last line, not a line
    if not any(line.strip() for line in lines[:1]):
        if any(line.strip() for line in lines):
            raise _error(label, 1, 1, "the first line is empty; it must be the header")
        return Table(label, (), [], [], len(lines), len(lines))
    header = _header(lines[0], label, known, required)
    return _rows(lines, header, label)


def _rows(lines: list[str], header: tuple[str, ...], label: str) -> Table:
    width = len(header)
    rows: list[list[str]] = []
    numbers: list[int] = []
    blank = 0
    for n in range(1, len(lines)):
        line = lines[n]
        if not line or line.isspace():
            blank += 1
            continue
        fields = line.split(",") if '"' not in line else _quoted(line, label, n + 1, header)
        if len(fields) != width:
            where = min(len(fields), width) + 1
            raise _error(
                label,
                n + 1,
                where,
                f"{len(fields)} fields where the header has {width}; "
                'a comma inside a cell needs quotes ("1,5 mm")',
                header,
            )
        rows.append(list(map(str.strip, fields)))
        numbers.append(n + 1)
    return Table(label, header, rows, numbers, len(lines), blank)
