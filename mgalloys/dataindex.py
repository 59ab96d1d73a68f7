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
the index was written makes the library read the CSV files instead (`mgalloys._data.bundled_index`:
a safety net for a checkout whose index was not rewritten yet, never a substitute for the test).

The file is JSON Lines: line 0 a header (the size of every CSV file, the loader's files, the
records' names and where their rows are, the unit conversions of their values), line 1 the
sources, then one line per record (its record, values and curve rows, the sources they cite, the
values that fail a plausibility gate and the families it belongs to), one per grade (its
composition, alias and equivalents rows), and one per other CSV file of ``data/``
(``properties.csv``, ``elements/``, ``vocabulary/``...: its header, line numbers, rows, lines and
blank lines, as `mgalloys.strictcsv.read_csv` returned them). A loader row is written as ``[file,
line, cell, ...]``: its file's position in the header's list, its line, its cells.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ._data import (
    INDEX_FORMAT,
    BundledIndex,
    Row,
    Traversable,
    bundled_index,
    csv_sizes,
    data_root,
    index_file,
    read_folder,
)
from .bibliography import Source
from .errors import DataError
from .loader import TABLES, Judged, Layer, Loaded, load_layers
from .models import Alloy
from .names import name_key
from .strictcsv import read_csv
from .values import Equivalent

__all__ = ["IndexedRows", "bundled_rows", "index_text", "write_index"]

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
    # gates and family membership run for every record, and are kept: a first lookup reads them
    built = {rid: loaded.build(rid, fields) for rid, fields in loaded.specs().items()}
    files: list[list[Any]] = []
    records: dict[str, list[Any]] = {rid: [None, [], [], [], _judged(built[rid])] for rid in loaded.records}
    grades: dict[str, list[list[Any]]] = {}
    sources: dict[str, Encoded] = {}
    for spec in TABLES:
        for table in read_folder(spec.folder, root, "data", spec.known, spec.required):
            file = len(files)
            files.append([table.label, list(table.header)])
            for n, cells in zip(table.line_numbers, table.rows, strict=True):
                row = dict(zip(table.header, cells, strict=True))
                _place(loaded, spec.folder, [file, n, *cells], row, records, grades, sources)
    return _lines(loaded, files, _others(root), records, grades, sources)


def _judged(a: Alloy) -> list[list[list[Any]]]:
    """A record's values that fail a gate (``[position, reason]``) and its membership
    (``[family id, how]``): what `mgalloys.loader.Judged` holds, as JSON."""
    failing = [[i, v.implausible] for i, v in enumerate(a.property_values) if v.implausible]
    return [failing, [list(m) for m in a.membership]]


def _converters(loaded: Loaded) -> list[list[Any]]:
    """``[unit, property, factor, offset]``: every conversion the values of the data needed, so
    that a first lookup parses no unit to convert its values (every one was checked here)."""
    return sorted([unit, prop, *conv] for (unit, prop), conv in loaded.reader.converters.items())


def _others(root: Traversable) -> dict[str, Any]:
    """Every CSV file of ``root`` outside the loader's folders, read strictly, with the size of
    every CSV file (``"sizes"``)."""
    sizes = csv_sizes(Path(str(root)))
    tables = {}
    for label in sizes:
        name = label.removeprefix("data/")
        if name.split("/")[0] not in _READERS:
            table = read_csv(root.joinpath(name), label, inside=Path(str(root)).resolve())
            tables[label] = [list(table.header), table.line_numbers, table.rows, table.lines, table.blank]
    return {"sizes": sizes, "tables": tables}


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
    others: dict[str, Any],
    records: dict[str, list[Any]],
    grades: dict[str, list[list[Any]]],
    sources: dict[str, Encoded],
) -> str:
    first_grade = 2 + len(records)
    first_table = first_grade + len(grades)
    aliases: dict[str, list[list[str]]] = {}
    for gkey, entry in grades.items():
        alias_rows = [dict(zip(files[r[0]][1], r[2:], strict=True)) for r in entry[1]]
        aliases[gkey] = [[a["alias"], a["scheme"]] for a in alias_rows]
    defaults = loaded.grade_defaults()
    head = {
        "format": INDEX_FORMAT,
        "sizes": others["sizes"],
        "tables": {label: first_table + i for i, label in enumerate(others["tables"])},
        "files": files,
        "records": [
            [rid, row["grade"], row.get("temper", ""), rid in defaults, 2 + i]
            for i, (rid, (_, row)) in enumerate(loaded.records.items())
        ],
        "grades": {gkey: first_grade + i for i, gkey in enumerate(grades)},
        "aliases": aliases,
        "unused": sorted(loaded.unused_sources()),
        "converters": _converters(loaded),
    }
    body = [_dumps(x) for x in (sources, *records.values(), *grades.values(), *others["tables"].values())]
    ends = list(itertools.accumulate(len(line.encode()) for line in body))
    return "".join([_dumps({**head, "ends": ends}), *body])


def _dumps(x: Any) -> str:
    return json.dumps(x, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_index(path: Path | None = None) -> Path:
    """Write the bundled data's index (default: where the package reads it)."""
    target = path or Path(str(index_file()))
    target.write_text(index_text(), encoding="utf-8", newline="\n")
    return target


# --- reading ---------------------------------------------------------------------------------
class IndexedRows:
    """The bundled data served from its index (a `mgalloys.loader.RecordRows`): a record's rows are
    read by the loader's row readers when the record is first built, into one shared state."""

    def __init__(self, index: BundledIndex, root: Traversable) -> None:
        self._index = index
        head = index.head
        self._files: list[tuple[str, tuple[str, ...]]] = [(f, tuple(h)) for f, h in head["files"]]
        self._records: dict[str, list[Any]] = {r[0]: r for r in head["records"]}
        self._grades: dict[str, int] = head["grades"]
        self._aliases: dict[str, list[list[str]]] = head["aliases"]
        self._unused = set(head["unused"])
        self._state = Loaded(layer=Layer(root, deferred=True), layers={"data": 0})
        self._fed: set[str] = set()  # records and grades (as "grade:<key>") read into the state
        self._source_rows: dict[str, Encoded] | None = None
        self._lock = threading.Lock()  # the state grows as records are built
        self._judged: dict[str, Judged] = {}  # gates and membership of the records read
        converters = self._state.reader.converters  # checked when the index was written
        converters.update({(unit, prop): (a, b) for unit, prop, a, b in head["converters"]})
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
            return self._state.build(record_id, self._state.spec(record_id), self._judged[record_id])

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
            self._source_rows = self._index.line(1)
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
            *tables, cited = self._index.line(self._grades[gkey])
            self._feed_sources(cited)
            for folder, rows in zip(_GRADE_TABLES, tables, strict=True):
                self._read(folder, rows)
            self._fed.add(f"grade:{gkey}")
        record, values, curves, cited, (failing, member) = self._index.line(line)
        self._judged[record_id] = ({i: why for i, why in failing}, tuple((f, how) for f, how in member))
        self._feed_sources(cited)
        self._read("records", [record])
        self._read("values", values)
        self._read("curves", curves)
        self._fed.add(record_id)


def bundled_rows() -> IndexedRows | None:
    """The bundled data's records from its index, or None when the index is not to be read
    (`mgalloys._data.bundled_index`): the catalog then reads the CSV files."""
    index = bundled_index()
    return None if index is None else IndexedRows(index, data_root())


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
