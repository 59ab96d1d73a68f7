"""Reading data folders (the bundled ``data/`` or one of your own) into checked rows.

Every table of every folder is read by `mgalloys.strictcsv`, with the columns its table knows,
and each row by its table's reader (`mgalloys.recordrows.TABLES`); the
`mgalloys.catalog.Catalog` builds models from the rows and resolves names. Every error is a
`mgalloys.DataError` that names the file, line and column.

Folders are read as *layers*: the bundled data first, then a user's folder (how a layer joins
the ones before it: `mgalloys.recordrows`). A record read here is judged when it is built: the
plausibility gates of its values and its family membership (`JUDGES`); the bundled data's index
holds both for its records, so a first lookup neither reads these CSV files nor judges.
"""

from __future__ import annotations

from typing import Any

from ._data import Row, read_folder
from .curvefiles import curves_from_rows
from .errors import DataError
from .families import membership
from .familytags import REFERENCE
from .names import name_key
from .plausibility import gates
from .recordrows import TABLES, FileCount, Judges, Layer, Loaded, no_cycle_collection
from .strictcsv import cell
from .values import CompositionRange, PropertyValue

__all__ = ["JUDGES", "load_layers"]


def _gates(
    values: list[PropertyValue], composition: tuple[CompositionRange, ...], spec: dict[str, Any]
) -> dict[int, str]:
    """The values that fail a plausibility gate (`mgalloys.plausibility.gates`)."""
    # a reference metal is not magnesium-based, and a composite's composition leaves out
    # the reinforcement: no density estimate for either
    mg_based = not ({REFERENCE, "composites"} & set(spec["families"])) or spec["grade"] == "Mg"
    return gates(values, composition, magnesium_balance=mg_based)


#: Records read from CSV files are judged when built: their values' plausibility gates and their
#: family membership.
JUDGES = Judges(_gates, membership)


def load_layers(layers: list[Layer]) -> Loaded:
    """Read and check every table of every layer, in order."""
    with no_cycle_collection():
        return _load(layers)



def _load(layers: list[Layer]) -> Loaded:
    state = Loaded(judges=JUDGES)
    for i, layer in enumerate(layers):
        state.layer = layer
        state.layers[layer.label] = i
        if layer.shadow:
            state.shadows.add(i)
        before = {rid: (id(rows), len(rows)) for rid, rows in state.curves.items()}  # earlier layers'
        for spec in TABLES:
            seen: dict[tuple[str, ...], str] = {}
            for table in read_folder(spec.folder, layer.root, layer.label, spec.known, spec.required):
                state.files.append(
                    FileCount(table.label, layer.label, len(table.rows), table.lines, table.blank)
                )
                rows = list(table.records())
                state.vouched = _vouched(state, spec.folder, rows)
                for where, row in rows:
                    key = tuple(row.values())
                    if (
                        key in seen and spec.folder != "sources"
                    ):  # one bibliography row may stand in several files
                        raise DataError(
                            f"{cell(where, row, next(iter(row)))}: repeats the row at {seen[key]}"
                        )
                    seen.setdefault(key, where)
                    spec.reader(state, where, row)
                state.vouched = set()
        if not layer.deferred:  # a user's folder is checked whole on load: its curves too
            for rid, curve_rows in state.curves.items():
                if curve_rows and before.get(rid) != (id(curve_rows), len(curve_rows)):  # rows of this layer
                    curves_from_rows(rid, curve_rows, state.source)
    state.layer = None
    return state




def _vouched(state: Loaded, folder: str, rows: list[tuple[str, Row]]) -> set[str]:
    """Where the value rows of a user's table are that `ValueReader.vouch` checked column-wise."""
    if folder != "values" or (state.layer is not None and state.layer.deferred):
        return set()
    records: list[Row | None] = []
    for _, row in rows:
        text = row.get("record_id", "")
        rid = text if text in state.records else state.keys.get(name_key(text))
        records.append(None if rid is None else state.records[rid][1])
    return {where for (where, _), good in zip(rows, state.reader.vouch(rows, records), strict=True) if good}


