"""CSV and JSON: one row per exported value, with its provenance.

Every property the record has a value of (among the kinds asked for) is a row: the default
pick, converted into the unit system, with kind, test temperature, source, locator, the value
as published and the citation. Nothing needs every property here, so nothing is ever missing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from ._core import Material, fmt_number

__all__ = ["COLUMNS", "rows", "write_csv", "write_json"]

COLUMNS = (
    "record",
    "grade",
    "temper",
    "product_form",
    "property",
    "value",
    "unit",
    "unit_system",
    "test_temperature",
    "kind",
    "published",
    "source",
    "locator",
    "note",
    "citation",
)


def rows(mats: Sequence[Material]) -> list[dict[str, Any]]:
    out = []
    for mat in mats:
        rec = mat.record
        for n in mat.used():
            o = n.origin
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
                    "citation": o.source.citation,
                }
            )
    return out


def _empty(mats: Sequence[Material]) -> list[str]:
    """Records exported without a single value of the kinds asked for, so the file says so."""
    return [
        f"{m.name}: no {'/'.join(k.value for k in m.kinds)} value in the data" for m in mats if not m.used()
    ]


def write_csv(mats: Sequence[Material], head: Sequence[str]) -> str:
    buf = io.StringIO()
    for h in [*head, *_empty(mats)]:
        buf.write(f"# {h}\n")
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in rows(mats):
        w.writerow({**r, "value": fmt_number(r["value"])})
    return buf.getvalue()


def write_json(mats: Sequence[Material], head: Sequence[str], sources: list[dict[str, Any]]) -> str:
    doc: dict[str, Any] = {"about": list(head), "unit_system": mats[0].system.id if mats else None}
    doc["records"] = [m.name for m in mats]
    doc["without_values"] = _empty(mats)
    doc["values"] = rows(mats)
    doc["sources"] = sources
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
