"""The bundled data served from its index (``mgalloys/dataindex.jsonl``, written by
`mgalloys.dataindex`, whose docs give its format): the names of every record on first use, and a
record's rows when the record is first built.

The rows are read by the same readers as the CSV files (`mgalloys.recordrows.TABLES`), into the
same state, so that a record answers the same either way; the gates and family membership its
build would find are read from the index too (the tests build every record both ways).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ._data import BundledIndex, Row, Traversable, bundled_index, data_root
from .bibliography import Source
from .models import Alloy
from .names import name_key
from .recordrows import TABLES, Judged, Layer, Loaded
from .values import Equivalent

__all__ = ["GRADE_TABLES", "READERS", "Encoded", "IndexedRows", "bundled_rows"]

#: The reader of each table of a data folder, by folder.
READERS = {t.folder: t.reader for t in TABLES}
#: The tables whose rows are about a grade, in the order a grade's line of the index holds them.
GRADE_TABLES = ("compositions", "aliases", "equivalents")

Encoded = list[Any]  # a row as the index holds it: [file, line, cell, ...]


class IndexedRows:
    """The bundled data served from its index (a `mgalloys.recordrows.RecordRows`): a record's rows are
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
        # the factor between resistivity and conductivity in their canonical units, found by pint then
        self._state.reader.reciprocal_factor = head["reciprocal_factor"]
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
        reader = READERS[folder]
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
            for folder, rows in zip(GRADE_TABLES, tables, strict=True):
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
