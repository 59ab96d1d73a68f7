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
records' names and where their rows are, the unit conversions of their values, the factor
between resistivity and conductivity), line 1 the sources, then one line per record (its
record, values and curve rows, the sources they cite, the values that fail a plausibility gate
and the families it belongs to), one per grade (its
composition, alias and equivalents rows), and one per other CSV file of ``data/``
(``properties.csv``, ``elements/``, ``vocabulary/``...: its header, line numbers, rows, lines and
blank lines, as `mgalloys.strictcsv.read_csv` returned them). A loader row is written as ``[file,
line, cell, ...]``: its file's position in the header's list, its line, its cells.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

from ._data import (
    INDEX_FORMAT,
    Row,
    Traversable,
    csv_sizes,
    data_root,
    index_file,
    read_folder,
)
from .errors import DataError
from .indexedrows import GRADE_TABLES, READERS, Encoded
from .loader import load_layers
from .models import Alloy
from .names import name_key
from .recordrows import TABLES, Layer, Loaded
from .strictcsv import read_csv

__all__ = ["index_text", "main", "write_index"]


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
    (``[family id, how]``): what `mgalloys.recordrows.Judged` holds, as JSON."""
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
        if name.split("/")[0] not in READERS:
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
        entry[GRADE_TABLES.index(folder)].append(encoded)
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
        "reciprocal_factor": loaded.reader.reciprocal_factor,
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
