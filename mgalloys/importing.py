"""Literature tables in: a DataFrame of measurements becomes a data folder and a catalog.

`from_frame` writes the rows of a table (one row per specimen or measurement) into the
folder format of the bundled ``data/`` (``records/``, ``values/``, ``sources/``,
``compositions/``) and loads the folder back with every check the bundled data passes, so that
a compilation becomes a user catalog in a few lines.

Rows that share grade, temper and product form are one record; each non-empty mapped cell is one
value of it, at the row's test temperature. Empty cells are unknown and written nowhere.

Examples:
    >>> import pandas as pd, tempfile
    >>> import mgalloys as mg
    >>> df = pd.DataFrame({"alloy": ["X1", "X1", "X2"], "T (K)": [300, 573, 300],
    ...                    "k (W/mK)": [130.0, 120.0, 95.5]})
    >>> cat = mg.from_frame(df, tempfile.mkdtemp(), grade="alloy", temperature=("T (K)", "K"),
    ...                     columns={"tc": ("k (W/mK)", "W/(m*K)")},
    ...                     source={"key": "lab-2025", "title": "Our conductivity tests"})
    >>> [a.record_id for a in mg.which_meet("tc > 125 W/(m*K)", catalog=cat) if a.grade.startswith("X")]
    ['X1']
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .bibliography import Source, SourceKind
from .catalog import Catalog, normalize_name
from .errors import DataError, InputValueError, MgAlloysError
from .propertytable import property_info
from .strictcsv import unreadable
from .units import parse_unit
from .values import Kind

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["from_frame"]

_HEADERS = {
    "records": ["record_id", "grade", "temper", "product_form", "grade_default", "families",
                "family_basis", "description", "material_class"],
    "values": ["record_id", "property", "value", "value_max", "unit", "kind", "test_temperature",
               "strain_rate", "conditions", "source", "locator", "note"],
    "sources": [
        *("key", "kind", "title", "authors", "container_title", "publisher", "year", "date", "volume"),
        *("issue", "pages", "edition", "number", "url", "doi", "isbn", "note", "terms"),
    ],
    "compositions": ["grade", "element", "min", "max", "nominal", "source", "locator", "note"],
}  # fmt: skip
_ELEMENT = re.compile(r"^[A-Z][a-z]?$")


def _source(source: Source | Mapping[str, Any] | str) -> Source:
    if isinstance(source, Source):
        return source
    if isinstance(source, str):
        source = {"key": source, "title": source}
    try:
        return Source.model_validate({"kind": SourceKind.user, **source})
    except ValueError as exc:
        raise DataError(
            f"source: {exc}; give at least key and title, e.g. {{'key': 'lab-2025', 'title': ...}}"
        ) from None


def _cell(row: Mapping[Any, Any], spec: str | None, frame_columns: Sequence[Any]) -> str:
    """``spec`` names a column (that row's cell) or is the constant itself."""
    if spec is None:
        return ""
    if spec in frame_columns:
        x = row[spec]
        return "" if x is None or (isinstance(x, float) and math.isnan(x)) else str(x).strip()
    return spec


def _number(x: Any) -> float | None:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _composition_name(row: Mapping[Any, Any], elements: Mapping[str, str]) -> str:
    """A grade name from nominal contents: ``Mg-3Y-1.8Zn`` (alloying elements by content)."""
    parts = [(el, _number(row[col]) or 0.0) for el, col in elements.items() if el != "Mg"]
    parts = sorted((p for p in parts if p[1] > 0), key=lambda p: -p[1])
    return "Mg" + "".join(f"-{x:g}{el}" for el, x in parts) if parts else "Mg"


def _elements(
    composition: Mapping[str, str] | Sequence[str] | None, frame_columns: Sequence[Any]
) -> dict[str, str]:
    if composition is None:
        return {}
    mapping = dict(composition) if isinstance(composition, Mapping) else {c: c for c in composition}
    for el, col in mapping.items():
        if not _ELEMENT.match(el):
            raise DataError(f"composition: {el!r} is not an element symbol such as 'Zn'")
        if col not in frame_columns:
            raise DataError(f"composition: the frame has no column {col!r} (for {el})")
    return mapping


def _columns(
    columns: Mapping[str, tuple[str, str]], frame_columns: Sequence[Any]
) -> list[tuple[str, str, str]]:
    out = []
    for prop, spec in columns.items():
        info = property_info(prop)
        if isinstance(spec, str) or len(spec) != 2:
            raise MgAlloysError(
                f"columns[{prop!r}] must be a (column, unit) pair such as ('UTS (MPa)', 'MPa')"
            )
        col, unit = spec
        if col not in frame_columns:
            raise DataError(f"columns[{prop!r}]: the frame has no column {col!r}")
        parse_unit(unit)
        out.append((info.id, col, unit))
    return out


def _writable(name: str, rows: list[dict[str, str]]) -> None:
    """Refuse, before writing, what the strict reader would refuse on reading the folder back."""
    for row in rows:
        for column, text in row.items():
            bad = unreadable(str(text))
            if bad:
                which = row.get("record_id") or row.get("key") or row.get("grade")
                raise InputValueError(
                    f"the {name} row for {which!r} would hold {bad} in {column!r} ({str(text)[:40]!r}): "
                    "a data folder keeps one row per line; remove it from the frame"
                )


def _write(folder: Path, stem: str, tables: Mapping[str, list[dict[str, str]]]) -> None:
    for name, rows in tables.items():
        _writable(name, rows)
        if not rows:
            continue
        (folder / name).mkdir(parents=True, exist_ok=True)
        with open(folder / name / f"{stem}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=_HEADERS[name], lineterminator="\n")
            w.writeheader()
            w.writerows(rows)


def from_frame(
    df: pd.DataFrame,
    folder: str | Path,
    *,
    columns: Mapping[str, tuple[str, str]],
    source: Source | Mapping[str, Any] | str,
    grade: str | None = None,
    temper: str | None = None,
    product_form: str | None = None,
    temperature: tuple[str, str] | None = None,
    composition: Mapping[str, str] | Sequence[str] | None = None,
    kind: Kind | str = Kind.typical,
    material_class: str | None = None,
    families: Sequence[str] = (),
    notes: Sequence[str] = (),
    extend: bool = True,
) -> Catalog:
    """Write a table of measurements as a data folder and load it as a `Catalog`.

    Args:
        df: one row per specimen or measurement.
        folder: where to write ``records/``, ``values/``, ``sources/`` and ``compositions/``
            (files named after the source key; other files there are kept and loaded too).
        columns: ``{property: (column, unit)}``, e.g. ``{"uts": ("UTS (MPa)", "MPa")}``.
        source: the table's source: a `mgalloys.Source`, a dict of its fields (``key``
            and ``title`` at least; ``kind`` defaults to ``user``) or a key.
        grade: the column naming each row's alloy (or one name for every row); default: a name
            built from the composition columns (``Mg-3Y-1.8Zn``).
        temper: a column of tempers, or one temper for every row.
        product_form: a column of product forms, or one for every row.
        temperature: ``(column, unit)`` of the test temperature; empty cells and no column mean
            room temperature.
        composition: element -> column of its nominal content in **wt.%** (a list: the columns
            are named by the element symbols).
        kind: what the values are (default ``typical``).
        material_class: a column, or one term for every row (``magnesium alloy``,
            ``unalloyed magnesium``...; a family's scope needs it, see data/README.md).
        families: family ids every record is claimed for (default none).
        notes: columns whose cells go into each value's note (e.g. a per-row reference number).
        extend: load the folder with the bundled records (default) or alone.
    """
    frame_columns = list(df.columns)
    props = _columns(columns, frame_columns)
    elements = _elements(composition, frame_columns)
    if grade is None and not elements:
        raise DataError("from_frame needs grade= (a column or a name) or composition= to name the records")
    src = _source(source)
    kind_value = Kind(kind).value
    t_col, t_unit = temperature if temperature is not None else (None, "")
    if t_col is not None and t_col not in frame_columns:
        raise DataError(f"temperature: the frame has no column {t_col!r}")
    records: dict[tuple[str, str, str], dict[str, str]] = {}
    taken: set[str] = set()
    compositions: dict[str, list[dict[str, str]]] = {}
    values: list[dict[str, str]] = []
    for idx, row in zip(df.index, df.to_dict(orient="records"), strict=True):
        name = _cell(row, grade, frame_columns) or _composition_name(row, elements)
        key = (name, _cell(row, temper, frame_columns), _cell(row, product_form, frame_columns))
        rec = records.get(key) or records.setdefault(key, _record(key, taken, families, src))
        rec["material_class"] = rec.get("material_class") or _cell(row, material_class, frame_columns)
        if elements and name not in compositions:
            compositions[name] = _composition_rows(name, row, elements, src, idx)
        t = _number(row[t_col]) if t_col is not None else None
        at = "RT" if t is None else f"{t!r} {t_unit}"
        note = "; ".join(f"{c}={_cell(row, c, frame_columns)}" for c in notes if _cell(row, c, frame_columns))
        for prop, col, unit in props:
            x = _number(row[col])
            if x is not None:
                values.append(
                    {"record_id": rec["record_id"], "property": prop, "value": repr(x), "value_max": "",
                     "unit": unit, "kind": kind_value, "test_temperature": at, "strain_rate": "",
                     "conditions": "", "source": src.key, "locator": f"row {idx}", "note": note}
                )  # fmt: skip
    tables = {"records": list(records.values()), "values": values, "compositions": compositions}
    return _finish(Path(folder), src, tables, extend)


def _finish(path: Path, src: Source, tables: dict[str, Any], extend: bool) -> Catalog:
    """Write the tables (and the source row) into ``path`` and load the folder."""
    source_row = {k: ("" if v is None else str(getattr(v, "value", v))) for k, v in src.model_dump().items()}
    rows = {
        "records": tables["records"],
        "values": tables["values"],
        "sources": [source_row],
        "compositions": [c for found in tables["compositions"].values() for c in found],
    }
    _write(path, re.sub(r"[^A-Za-z0-9_.-]+", "_", src.key), rows)
    return Catalog.from_folder(path, extend=extend)


def _record(
    key: tuple[str, str, str], taken: set[str], families: Sequence[str], src: Source
) -> dict[str, str]:
    name, temper, form = key
    rid = "-".join(p for p in (name, temper, form.replace(" ", "_")) if p)
    base, n = rid, 2
    while normalize_name(rid) in taken:
        rid, n = f"{base}-{n}", n + 1
    taken.add(normalize_name(rid))
    return {
        "record_id": rid,
        "grade": name,
        "temper": temper,
        "product_form": form,
        "grade_default": "",
        "families": ";".join(families),
        "family_basis": f"claimed by the importer of {src.key}" if families else "",
        "description": f"imported from {src.title}",
    }


def _composition_rows(
    name: str, row: Mapping[Any, Any], elements: Mapping[str, str], src: Source, idx: Any
) -> list[dict[str, str]]:
    out = []
    for el, col in elements.items():
        x = _number(row[col])
        if x is not None and x > 0:
            out.append(
                {"grade": name, "element": el, "min": "", "max": "", "nominal": repr(x), "source": src.key,
                 "locator": f"row {idx}", "note": "nominal content, wt.%"}
            )  # fmt: skip
    return out
