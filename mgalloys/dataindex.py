"""The index of the bundled data: every row of its loader tables, checked, one line per record.

A first lookup reads the names of every record and the rows of the one it asks for from this one
file (``mgalloys/dataindex.jsonl``) instead of reading and checking the 130-odd CSV files of
``data/``. The file is written from the CSV files read whole and strictly, with every check a
user's folder gets (`mgalloys.loader.load_layers`, every record built); the rows it holds are
those the strict reader returned, and a record is built from them by the loader's own row readers,
so it answers as it would from the CSV files. Rewrite it after changing the data::

    python -m mgalloys.dataindex

``tests/test_dataindex.py`` writes it again from the CSV files and compares byte for byte, so a
stale index fails the tests; a file of ``data/`` that was added, removed or changed in size since
the index was written makes the catalog read the CSV files instead (a safety net for a checkout
whose index was not rewritten yet, never a substitute for the test).

The file is JSON Lines: line 0 a header (the files, the records' names and where their rows are),
line 1 the sources, then one line per record (its record, values and curve rows and the sources
they cite) and one per grade (its composition, alias and equivalents rows). A row is written as
``[file, line, cell, ...]``: its file's position in the header's list, its line, its cells.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ._data import Row, Traversable, data_root, index_file, read_folder
from .bibliography import Source
from .errors import DataError
from .loader import TABLES, Layer, Loaded, load_layers
from .models import Alloy
from .names import name_key
from .values import Equivalent

__all__ = ["FORMAT", "IndexedRows", "bundled_rows", "index_text", "write_index"]

#: The layout of the index file; a reader of another layout reads the CSV files instead.
FORMAT = 1
_READERS = {t.folder: t.reader for t in TABLES}
_GRADE_TABLES = ("compositions", "aliases", "equivalents")

Encoded = list[Any]  # [file, line, cell, ...]


# --- writing ---------------------------------------------------------------------------------
def index_text(root: Traversable | None = None) -> str:
    """The index of the data folder ``root`` (default: the bundled data), as `write_index`
    writes it; the folder is read whole and strictly and every record built first, so that a
    folder that does not load gives its `mgalloys.DataError` here, not an index."""
    root = root or data_root()
    loaded = load_layers([Layer(root)])  # every value converted, every curve built, on load
    for rid, fields in loaded.specs().items():  # gates and family membership run for every record
        loaded.build(rid, fields)
    files: list[list[Any]] = []
    sizes: dict[str, int] = {}
    records: dict[str, list[Any]] = {rid: [None, [], [], []] for rid in loaded.records}
    grades: dict[str, list[list[Any]]] = {}
    sources: dict[str, Encoded] = {}
    for spec in TABLES:
        for table in read_folder(spec.folder, root, "data", spec.known, spec.required):
            file = len(files)
            files.append([table.label, list(table.header)])
            sizes[table.label] = _size(root, table.label)
            for n, cells in zip(table.line_numbers, table.rows, strict=True):
                row = dict(zip(table.header, cells, strict=True))
                _place(loaded, spec.folder, [file, n, *cells], row, records, grades, sources)
    return _lines(loaded, files, sizes, records, grades, sources)


def _size(root: Traversable, label: str) -> int:
    entry = root.joinpath(label.removeprefix("data/"))
    return os.stat(entry).st_size if isinstance(entry, Path) else len(entry.read_bytes())


def _place(
    loaded: Loaded,
    folder: str,
    encoded: Encoded,
    row: Row,
    records: dict[str, list[Any]],
    grades: dict[str, list[list[Any]]],
    sources: dict[str, Encoded],
) -> None:
    """File a row under the record, grade or source it is about (the load resolved every name)."""
    if folder == "sources":
        sources.setdefault(row["key"], encoded)  # the first definition: later ones are equal
        return
    if folder == "records":
        records[row["record_id"]][0] = encoded
        return
    cited = loaded.source("", row).key  # (every row of these tables cites a known source)
    if folder in ("values", "curves"):
        text = row["record_id"]
        entry = records[text if text in loaded.records else loaded.keys[name_key(text)]]
        entry[1 if folder == "values" else 2].append(encoded)
    else:
        entry = grades.setdefault(name_key(row["grade"]), [[], [], [], []])
        entry[_GRADE_TABLES.index(folder)].append(encoded)
    if cited not in entry[3]:
        entry[3].append(cited)


def _lines(
    loaded: Loaded,
    files: list[list[Any]],
    sizes: dict[str, int],
    records: dict[str, list[Any]],
    grades: dict[str, list[list[Any]]],
    sources: dict[str, Encoded],
) -> str:
    first_grade = 2 + len(records)
    aliases: dict[str, list[list[str]]] = {}
    for gkey, entry in grades.items():
        alias_rows = [dict(zip(files[r[0]][1], r[2:], strict=True)) for r in entry[1]]
        aliases[gkey] = [[a["alias"], a["scheme"]] for a in alias_rows]
    defaults = loaded.grade_defaults()
    head = {
        "format": FORMAT,
        "sizes": sizes,
        "files": files,
        "records": [
            [rid, row["grade"], row.get("temper", ""), rid in defaults, 2 + i]
            for i, (rid, (_, row)) in enumerate(loaded.records.items())
        ],
        "grades": {gkey: first_grade + i for i, gkey in enumerate(grades)},
        "aliases": aliases,
        "unused": sorted(loaded.unused_sources()),
    }
    body = [head, sources, *records.values(), *grades.values()]
    return "".join(json.dumps(x, ensure_ascii=False, separators=(",", ":")) + "\n" for x in body)


def write_index(path: Path | None = None) -> Path:
    """Write the bundled data's index (default: where the package reads it)."""
    target = path or Path(str(index_file()))
    target.write_text(index_text(), encoding="utf-8", newline="\n")
    return target


# --- reading ---------------------------------------------------------------------------------
class IndexedRows:
    """The bundled data served from its index (a `mgalloys.loader.RecordRows`): a record's rows are
    read by the loader's row readers when the record is first built, into one shared state."""

    def __init__(self, text: bytes, root: Traversable) -> None:
        self._lines = text.split(b"\n")
        head = json.loads(self._lines[0])
        self._files: list[tuple[str, tuple[str, ...]]] = [(f, tuple(h)) for f, h in head["files"]]
        self._records: dict[str, list[Any]] = {r[0]: r for r in head["records"]}
        self._grades: dict[str, int] = head["grades"]
        self._aliases: dict[str, list[list[str]]] = head["aliases"]
        self._unused = set(head["unused"])
        self._state = Loaded(layer=Layer(root, deferred=True), layers={"data": 0})
        self._fed: set[str] = set()  # records and grades (as "grade:<key>") read into the state
        self._source_rows: dict[str, Encoded] | None = None
        self._lock = threading.Lock()  # the state grows as records are built
        self.origin = dict.fromkeys(self._records, "data")

    @property
    def source_origin(self) -> dict[str, str]:
        return dict.fromkeys(self._sources(), "data")

    def specs(self) -> dict[str, dict[str, Any]]:
        none: list[list[str]] = []
        return {
            rid: {
                "record_id": rid,
                "grade": grade,
                "temper": temper or None,
                "aliases": [{"alias": a, "scheme": s} for a, s in self._aliases.get(name_key(grade), none)],
            }
            for rid, grade, temper, _, _ in self._records.values()
        }

    def grade_defaults(self) -> set[str]:
        return {rid for rid, _, _, default, _ in self._records.values() if default}

    def build(self, record_id: str, spec: dict[str, Any]) -> Alloy:
        with self._lock:
            self._feed(record_id)
            return self._state.build(record_id, self._state.spec(record_id))

    def equivalents_of(self, record_id: str, grade: str) -> list[Equivalent]:
        with self._lock:
            self._feed(record_id)
            return self._state.equivalents_of(record_id, grade)

    def bibliography(self) -> Mapping[str, Source]:
        with self._lock:
            self._feed_sources(list(self._sources()))
            return MappingProxyType({k: self._state.sources[k] for k in self._sources()})

    def unused_sources(self) -> set[str]:
        return set(self._unused)

    # --- reading rows into the state ----------------------------------------------------------
    def _row(self, encoded: Encoded) -> tuple[str, Row]:
        label, header = self._files[encoded[0]]
        return f"{label}:{encoded[1]}", dict(zip(header, encoded[2:], strict=True))

    def _read(self, folder: str, rows: list[Encoded]) -> None:
        reader = _READERS[folder]
        for encoded in rows:
            reader(self._state, *self._row(encoded))

    def _sources(self) -> dict[str, Encoded]:
        if self._source_rows is None:
            self._source_rows = json.loads(self._lines[1])
        return self._source_rows

    def _feed_sources(self, keys: list[str]) -> None:
        rows = self._sources()
        self._read("sources", [rows[k] for k in keys if k not in self._state.sources])

    def _feed(self, record_id: str) -> None:
        if record_id in self._fed:
            return
        _, grade, _, _, line = self._records[record_id]
        gkey = name_key(grade)
        if f"grade:{gkey}" not in self._fed and gkey in self._grades:
            *tables, cited = json.loads(self._lines[self._grades[gkey]])
            self._feed_sources(cited)
            for folder, rows in zip(_GRADE_TABLES, tables, strict=True):
                self._read(folder, rows)
            self._fed.add(f"grade:{gkey}")
        record, values, curves, cited = json.loads(self._lines[line])
        self._feed_sources(cited)
        self._read("records", [record])
        self._read("values", values)
        self._read("curves", curves)
        self._fed.add(record_id)


def bundled_rows() -> IndexedRows | None:
    """The bundled data's index, or None when there is none or it does not match the CSV files
    by name and size (the catalog then reads the CSV files)."""
    try:
        text = index_file().read_bytes()
    except FileNotFoundError:
        return None
    head = json.loads(text[: text.find(b"\n")])
    root = data_root()
    if head.get("format") != FORMAT or not _same_files(root, head["sizes"]):
        return None
    return IndexedRows(text, root)


def _same_files(root: Traversable, sizes: dict[str, int]) -> bool:
    """Whether the loader's folders of ``root`` hold the files the index was written from, with
    their sizes (a stat each, no file opened; outside a plain folder, trusted)."""
    if not isinstance(root, Path):
        return True
    found: dict[str, int] = {}
    for folder in _READERS:
        try:
            with os.scandir(root / folder) as entries:
                for e in entries:
                    if e.name.endswith(".csv"):
                        found[f"data/{folder}/{e.name}"] = e.stat().st_size
        except FileNotFoundError:
            continue
    return found == sizes


def main(argv: list[str] | None = None) -> int:
    """``python -m mgalloys.dataindex [--check]``: rewrite the index, or say whether it is stale."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(str(index_file()))
    if "--check" in args:
        fresh = path.is_file() and path.read_text(encoding="utf-8") == index_text()
        print(f"{path}: {'up to date' if fresh else 'stale: run python -m mgalloys.dataindex'}")
        return 0 if fresh else 1
    try:
        print(f"wrote {write_index(path)}")
    except DataError as exc:
        print(f"the data does not load, no index written: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover - rewrites the index file
    raise SystemExit(main())
