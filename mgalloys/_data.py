"""Where the bundled data lives, and reading its CSV files.

In an installed wheel the top-level ``data/`` folder is shipped as ``mgalloys/data`` and found
through ``importlib.resources``; in a source checkout (or an editable install) the loader falls
back to the ``data/`` folder beside the package.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DataError

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover
    from importlib.abc import Traversable

__all__ = ["Row", "Traversable", "data_root", "data_version", "read_table", "read_tables"]

Row = dict[str, str]


@cache
def data_root() -> Traversable:
    """The folder holding ``properties.csv`` and the data sub-folders."""
    packaged = resources.files("mgalloys").joinpath("data")
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(  # pragma: no cover - a broken installation
        "mgalloys cannot find its data folder: reinstall the package"
    )


def _text(entry: Traversable, label: str) -> str:
    try:
        text = entry.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{label}: not a UTF-8 text CSV file (byte {exc.start} cannot be decoded); save it as CSV, UTF-8"
        ) from None
    if "\x00" in text:
        raise DataError(f"{label}: a binary file (it holds NUL bytes), not a CSV file; save it as CSV, UTF-8")
    return text


@cache
def data_version() -> str:
    """The version of the bundled dataset (``data/VERSION``), versioned apart from the code:
    it changes whenever a value, source or record changes (listed in CHANGELOG.md)."""
    return data_root().joinpath("VERSION").read_text(encoding="utf-8").strip()


def _read(entry: Traversable, label: str) -> list[tuple[str, Row]]:
    reader = csv.reader(io.StringIO(_text(entry, label)))
    header = [h.strip() for h in next(reader, [])]
    rows: list[tuple[str, Row]] = []
    for fields in _rows(reader, label):
        if not fields:
            continue
        # reader.line_num is the physical line just read (the header is line 1)
        where = f"{label}:{reader.line_num}"
        if len(fields) != len(header):
            raise DataError(f"{where}: {len(fields)} fields where the header has {len(header)}")
        rows.append((where, dict(zip(header, map(str.strip, fields), strict=True))))
    return rows


def _rows(reader: Any, label: str) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as exc:
        raise DataError(f"{label}:{reader.line_num}: not valid CSV ({exc})") from None


def read_table(name: str, root: Traversable | None = None) -> list[tuple[str, Row]]:
    """Rows of one CSV file under the data root, each with its ``file:line`` location."""
    return _read((root or data_root()).joinpath(name), f"data/{name}")


def read_tables(folder: str, root: Traversable | None = None, label: str = "data") -> list[tuple[str, Row]]:
    """Rows of every ``*.csv`` in a data sub-folder (of ``root``, default the bundled data),
    files in name order; locations read ``<label>/<folder>/<file>:<line>``."""
    base = (root or data_root()).joinpath(folder)
    if not base.is_dir():
        return []
    entries = sorted((e for e in base.iterdir() if e.name.endswith(".csv")), key=lambda e: e.name)
    rows: list[tuple[str, Row]] = []
    for entry in entries:
        rows.extend(_read(entry, f"{label}/{folder}/{entry.name}"))
    return rows
