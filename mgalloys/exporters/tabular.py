"""CSV and JSON.

**CSV** is a plain table that ``pandas.read_csv`` reads as it is: one row per record, one column
per property and unit with the unit in the header (``density [kg/m³]``), and beside it the
provenance in two columns: ``... source`` (the source key, for ``mg.format_citations``) and
``... provenance`` (stored value, kind, conditions, source key and locator, the value as
published, notes). An empty cell is a value the record does not have. The last column,
``warning``, says in every row what the values are not (typical values are not design
allowables; allowables apply to their product only). Every property the record
has a value of (among the kinds asked for) is written: the default pick, converted into the unit
system. A hardness on another scale is a column of its own (``hardness [HV]``).

Lines end in CRLF (RFC 4180): Python's writer quotes a cell holding CR only when CR is part of
the line end, and a reader would take a bare CR for a line end.

Text cells that a spreadsheet would evaluate (starting with ``=``, ``+``, ``-``, ``@``, tab or
CR) get a leading ``'`` (OWASP's rule for CSV injection), unless the whole cell is a plain
decimal number (``-3.5``), which no spreadsheet runs as a formula. Number columns are numbers.

**JSON** is one document: ``about`` (the lines a card starts with), ``unit_system``, ``records``,
``without_values`` (records without a value of the kinds asked for), ``values`` (one object per
value, with its provenance) and ``sources`` (CSL-JSON).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from ..citations import csl_items
from ..units import parse_unit, unit_text
from ._core import Document, Format, Material, Number, encodable, fmt_number, register

__all__ = ["COLUMNS", "CSV", "JSON", "neutralise", "rows", "write_csv", "write_json"]

#: The record columns the CSV starts with.
COLUMNS = ("record", "grade", "temper", "product_form", "material_class", "unit_system")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading ``'`` when it starts like a formula.

    Examples:
        >>> neutralise("=1+1"), neutralise("@SUM(A1)"), neutralise("-3.5"), neutralise("AZ91D")
        ("'=1+1", "'@SUM(A1)", '-3.5', 'AZ91D')
    """
    text = encodable(text)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _label(n: Number) -> str:
    return f"{n.property} [{unit_text(parse_unit(n.unit))}]"


def _provenance(n: Number) -> str:
    text = n.provenance
    if n.origin.published:
        text += f"; published as {n.origin.published}"
    return text + (f"; note: {n.origin.note}" if n.origin.note else "")


def _record_cells(mat: Material) -> list[str]:
    rec = mat.record
    texts = (rec.record_id, rec.grade, rec.temper, rec.product_form, rec.material_class, mat.system.id)
    return [neutralise(t or "") for t in texts]


def write_csv(doc: Document) -> str:
    """One row per record; per property and unit: value, source key, provenance."""
    labels: dict[str, None] = {}
    cells: list[dict[str, str]] = []
    for mat, _ in doc.materials:
        row: dict[str, str] = {}
        for n in mat.used():
            label = _label(n)
            labels.setdefault(label)
            row[label] = fmt_number(n.magnitude)
            row[f"{label} source"] = neutralise(n.origin.source.key)
            row[f"{label} provenance"] = neutralise(_provenance(n))
        cells.append(row)
    header = [*COLUMNS] + [f"{lab}{part}" for lab in labels for part in ("", " source", " provenance")]
    warning = " ".join(h for h in doc.head if h.startswith(("WARNING", "allowable")))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180; and a CR in a cell is then quoted
    w.writerow([*header, "warning"])
    for (mat, _), row in zip(doc.materials, cells, strict=True):
        w.writerow(_record_cells(mat) + [row.get(h, "") for h in header[len(COLUMNS) :]] + [warning])
    return buf.getvalue()


def rows(mats: Sequence[Material]) -> list[dict[str, Any]]:
    """One dict per exported value, with its provenance (the JSON ``values``)."""
    out = []
    citations: dict[str, str] = {}  # one citation per source, not per value
    for mat in mats:
        rec = mat.record
        for n in mat.used():
            o = n.origin
            key = o.source.key
            if key not in citations:
                citations[key] = o.source.citation
            at = (
                "RT"
                if n.temperature is None
                else f"{fmt_number(n.temperature)} {mat.system.temperature_unit}"
            )
            out.append(
                {
                    "record": rec.record_id,
                    "grade": rec.grade,
                    "temper": rec.temper or "",
                    "product_form": rec.product_form or "",
                    "property": n.property,
                    "value": n.magnitude,
                    "unit": n.unit,
                    "unit_system": mat.system.id,
                    "test_temperature": at,
                    "kind": o.kind.value,
                    "published": o.published,
                    "source": o.source.key,
                    "locator": o.locator,
                    "note": o.note,
                    "citation": citations[key],
                }
            )
    return out


def write_json(doc: Document) -> str:
    mats = [m for m, _ in doc.materials]
    out: dict[str, Any] = {"about": list(doc.head), "unit_system": doc.system.id}
    out["records"] = [m.name for m in mats]
    accepted = "/".join(k.value for k in doc.kinds)
    out["without_values"] = [f"{m.name}: no {accepted} value in the data" for m in mats if not m.used()]
    out["values"] = rows(mats)
    out["sources"] = csl_items(doc.sources())
    return encodable(_dumps(out)) + "\n"


def _dumps(doc: dict[str, Any]) -> str:
    """The document with one line per value and per source. ``indent`` would send every item
    through json's pure-Python encoder; each line here is the C encoder's."""

    def one(x: Any) -> str:
        return json.dumps(x, ensure_ascii=False, allow_nan=False)

    parts = []
    for key, value in doc.items():
        if isinstance(value, list) and value:
            items = ",\n  ".join(one(x) for x in value)
            parts.append(f"{one(key)}: [\n  {items}\n ]")
        else:
            parts.append(f"{one(key)}: {one(value)}")
    return "{\n " + ",\n ".join(parts) + "\n}"


CSV = register(
    Format(
        "csv",
        (),
        write_csv,
        "a plain table: one row per record, value, source and provenance columns per property",
        keeps_empty=True,
    )
)
JSON = register(
    Format(
        "json",
        (),
        write_json,
        "one object per value with its provenance; sources as CSL-JSON",
        keeps_empty=True,
    )
)
