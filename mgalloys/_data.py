"""Where the bundled data lives, and reading its CSV files.

In an installed wheel the top-level ``data/`` folder is shipped as ``mgalloys/data`` and found
through :mod:`importlib.resources`; in a source checkout (or an editable install) the loader falls
back to the ``data/`` folder beside the package.
"""

from __future__ import annotations

import csv
import io
import sys
from functools import cache
from importlib import resources
from pathlib import Path

from .errors import DataError

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover
    from importlib.abc import Traversable

__all__ = ["Row", "data_root", "data_version", "read_table", "read_tables"]

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


@cache
def data_version() -> str:
    """The version of the bundled dataset (``data/VERSION``), versioned apart from the code:
    it changes whenever a value, source or record changes (listed in CHANGELOG.md)."""
    return data_root().joinpath("VERSION").read_text(encoding="utf-8").strip()


def _read(entry: Traversable, label: str) -> list[tuple[str, Row]]:
    text = entry.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    rows: list[tuple[str, Row]] = []
    for fields in reader:
        if not fields:
            continue
        # reader.line_num is the physical line just read (the header is line 1)
        where = f"{label}:{reader.line_num}"
        if len(fields) != len(header):
            raise DataError(f"{where}: {len(fields)} fields where the header has {len(header)}")
        rows.append((where, dict(zip(header, map(str.strip, fields), strict=True))))
    return rows


def read_table(name: str, root: Traversable | None = None) -> list[tuple[str, Row]]:
    """Rows of one CSV file under the data root, each with its ``file:line`` location."""
    return _read((root or data_root()).joinpath(name), f"data/{name}")


def read_tables(folder: str, root: Traversable | None = None) -> list[tuple[str, Row]]:
    """Rows of every ``*.csv`` in a data sub-folder (of ``root``, default the bundled data),
    files in name order."""
    base = (root or data_root()).joinpath(folder)
    if not base.is_dir():
        return []
    entries = sorted((e for e in base.iterdir() if e.name.endswith(".csv")), key=lambda e: e.name)
    rows: list[tuple[str, Row]] = []
    for entry in entries:
        rows.extend(_read(entry, f"data/{folder}/{entry.name}"))
    return rows
