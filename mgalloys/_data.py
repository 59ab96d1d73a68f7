"""Where the bundled data lives, and reading its CSV files (through `mgalloys.strictcsv`).

In an installed wheel the top-level ``data/`` folder is shipped as ``mgalloys/data`` and found
through ``importlib.resources``; in a source checkout (or an editable install) the loader falls
back to the ``data/`` folder beside the package.

The bundled files are read from their index (``mgalloys/dataindex.jsonl``, written by
`mgalloys.dataindex` from the files read strictly) while it matches them: a table of it is
what `mgalloys.strictcsv.read_csv` returned for the file, so that a first lookup opens one file,
not every table it needs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .strictcsv import Row, Table, Traversable, read_csv

__all__ = [
    "INDEX_FORMAT",
    "BundledIndex",
    "Row",
    "Traversable",
    "bundled_index",
    "csv_sizes",
    "data_root",
    "data_version",
    "index_file",
    "read_folder",
    "read_table",
    "read_tables",
]

#: The layout of the index file; an index of another layout is not read.
INDEX_FORMAT = 4  # 3: records' gates and membership, and the unit conversions; 4: the reciprocal factor


@cache
def _package() -> Traversable:
    """The package's folder: on disk, its path (importlib.resources.files costs about 4 ms at its
    first call, importing its readers, which a first lookup need not pay); else, say in a zip
    file, what importlib.resources finds."""
    here = Path(__file__).parent
    return here if (here / "__init__.py").is_file() else resources.files("mgalloys")


@cache
def data_root() -> Traversable:
    """The folder holding ``properties.csv`` and the data sub-folders."""
    packaged = _package().joinpath("data")
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(  # pragma: no cover - a broken installation
        "mgalloys cannot find its data folder: reinstall the package"
    )


def index_file() -> Traversable:
    """The bundled data's index (`mgalloys.dataindex`), shipped beside the package's modules."""
    return _package().joinpath("dataindex.jsonl")


class BundledIndex:
    """The index file: line 0, its header, parsed; any other line parsed when asked for (the
    header's ``ends`` says where each line ends, counted from the end of the header)."""

    def __init__(self, text: bytes, head: dict[str, Any]) -> None:
        self.text = text
        self.base = text.index(b"\n") + 1
        self.head = head
        self.ends: list[int] = [0, *head["ends"]]

    def line(self, n: int) -> Any:
        """Line ``n`` (from 1) parsed."""
        return json.loads(self.text[self.base + self.ends[n - 1] : self.base + self.ends[n]])

    def table(self, label: str) -> Table | None:
        """The file ``label`` (``data/properties.csv``) as the strict reader read it, if indexed."""
        n = self.head["tables"].get(label)
        if n is None:
            return None
        header, numbers, rows, lines, blank = self.line(n)
        return Table(label, tuple(header), rows, numbers, lines, blank)


@cache
def bundled_index() -> BundledIndex | None:
    """The bundled data's index, or None when there is none, it has another layout, or the CSV
    files of ``data/`` are not those it was written from (by name and size: a stat each, no
    file opened). The test suite holds the committed index to the files byte for byte; this
    check is the safety net of a checkout whose index was not rewritten yet."""
    try:
        text = index_file().read_bytes()
    except FileNotFoundError:
        return None
    head = json.loads(text[: text.find(b"\n")])
    if head.get("format") != INDEX_FORMAT:
        return None
    root = data_root()
    if isinstance(root, Path) and csv_sizes(root) != head["sizes"]:
        return None
    return BundledIndex(text, head)


def csv_sizes(root: Path) -> dict[str, int]:
    """``data/<path>`` -> size in bytes of every ``*.csv`` under ``root``, in name order."""
    found: dict[str, int] = {}
    folders = [(os.fspath(root), "data/")]  # (folder, its label's prefix); strings: pathlib is slow here
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for e in entries:
                if e.is_dir():
                    folders.append((e.path, f"{prefix}{e.name}/"))
                elif e.name.endswith(".csv"):
                    found[prefix + e.name] = e.stat().st_size
    return {label: found[label] for label in sorted(found)}


@cache
def data_version() -> str:
    """The version of the bundled dataset (``data/VERSION``), versioned apart from the code:
    it changes whenever a value, source or record changes (listed in CHANGELOG.md)."""
    return data_root().joinpath("VERSION").read_text(encoding="utf-8").strip()


def _inside(root: Traversable) -> Path | None:
    """The folder that a file under ``root`` must not leave through a symbolic link."""
    return root.resolve() if isinstance(root, Path) else None


def read_table(name: str, root: Traversable | None = None) -> list[tuple[str, Row]]:
    """Rows of one CSV file under the data root, each with its ``file:line`` location."""
    if root is None and (index := bundled_index()) and (table := index.table(f"data/{name}")):
        return list(table.records())
    base = root or data_root()
    return list(read_csv(base.joinpath(name), f"data/{name}", inside=_inside(base)).records())


def read_folder(
    folder: str,
    root: Traversable | None = None,
    label: str = "data",
    known: Sequence[str] | None = None,
    required: Sequence[str] = (),
) -> list[Table]:
    """Every ``*.csv`` of a data sub-folder (of ``root``, default the bundled data), in name
    order, read strictly (`mgalloys.strictcsv`); errors name ``<label>/<folder>/<file>``."""
    if root is None or root == data_root():
        return list(_bundled(folder, label, None if known is None else tuple(known), tuple(required)))
    return _read_folder(folder, root, label, known, required)


@cache
def _bundled(
    folder: str, label: str, known: tuple[str, ...] | None, required: tuple[str, ...]
) -> tuple[Table, ...]:
    # The bundled files never change while the library runs: read once, however many user
    # folders are loaded beside them (each mg.load read all of them again: a tenth of its time).
    index = bundled_index()
    if index is not None and label == "data" and known is None and not required:
        prefix = f"data/{folder}/"
        names = [n for n in index.head["tables"] if n.startswith(prefix) and "/" not in n[len(prefix) :]]
        if names:  # an indexed folder (the loader's tables are indexed per record instead)
            return tuple(t for n in names if (t := index.table(n)) is not None)
    return tuple(_read_folder(folder, data_root(), label, known, required))


def _read_folder(
    folder: str, root: Traversable, label: str, known: Sequence[str] | None, required: Sequence[str]
) -> list[Table]:
    sub = root.joinpath(folder)
    if not sub.is_dir():
        return []
    inside = _inside(root)
    entries = sorted((e for e in sub.iterdir() if e.name.endswith(".csv")), key=lambda e: e.name)
    return [
        read_csv(e, f"{label}/{folder}/{e.name}", inside=inside, known=known, required=required)
        for e in entries
    ]


def read_tables(folder: str, root: Traversable | None = None, label: str = "data") -> list[tuple[str, Row]]:
    """Rows of every ``*.csv`` in a data sub-folder (see `read_folder`), files in name order;
    locations read ``<label>/<folder>/<file>:<line>``."""
    return [r for table in read_folder(folder, root, label) for r in table.records()]
