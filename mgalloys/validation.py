"""``mgalloys validate FOLDER``: the data checks of the bundled data, run on a folder of your own.

Loading (`mgalloys.Catalog.from_folder`) already enforces the schema: the strict CSV reading of
`mgalloys.strictcsv` (quotes, headers, special files), columns, numbers, units and their
dimensions, kinds, known sources, records and families, no repeated rows. On top of that
`validate` counts what was read against what was loaded, runs the physics invariants and
plausibility checks that the bundled data passes (``tests/test_data.py``), on the folder's own
records only, and lists every problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .catalog import Catalog
from .errors import DataError
from .models import Alloy
from .plausibility import LORENZ_BAND
from .propertytable import property_info
from .temperatures import RT_CELSIUS
from .values import PropertyValue

__all__ = ["validate"]


def _key(v: PropertyValue) -> tuple[object, ...]:
    c = v.conditions
    t = None if c.test_temperature is None else round(float(c.test_temperature.to("K").magnitude), 1)
    return (v.source.key, t, c.note, v.kind)


def _plausible(a: Alloy) -> Iterator[str]:
    for v in a.property_values:
        info = property_info(v.property)
        if v.derived_from is None and not info.mg_min <= v.value <= info.mg_max:
            yield (
                f"{a.record_id}: {v.property} {v.published} (source {v.source.key}, {v.locator}) is outside "
                f"the plausible range for Mg alloys, {info.mg_min:g}-{info.mg_max:g} {info.unit}"
            )


def _pairs(a: Alloy, low: str, high: str) -> Iterator[str]:
    """``low`` <= ``high`` for values of one source under the same conditions (YS <= UTS...)."""
    highs = {_key(v): v for v in a.values(high) if v.derived_from is None}
    for v in a.values(low):
        h = highs.get(_key(v))
        if h is not None and v.value > (h.value_max or h.value):
            yield (
                f"{a.record_id}: {low} {v.published} is above {high} {h.published} "
                f"(source {v.source.key}, {v.locator} and {h.locator})"
            )


# the band the plausibility gate uses, and room temperature where a value states none
ROOM_K = RT_CELSIUS + 273.15


def _wiedemann_franz(a: Alloy) -> Iterator[str]:
    ecs = {_key(v): v for v in a.values("electrical_conductivity") if v.derived_from is None}
    for tc in a.values("thermal_conductivity"):
        ec = ecs.get(_key(tc))
        if ec is None:
            continue
        t = tc.conditions.test_temperature
        kelvin = ROOM_K if t is None else float(t.to("K").magnitude)
        lorenz = float(tc.quantity.to("W/(m*K)").magnitude) / (
            float(ec.quantity.to("S/m").magnitude) * kelvin
        )
        if not LORENZ_BAND[0] <= lorenz <= LORENZ_BAND[1]:
            yield (
                f"{a.record_id}: thermal {tc.published} and electrical {ec.published} conductivity give a "
                f"Lorenz number of {lorenz:.3g} W·Ω/K², outside {LORENZ_BAND[0]:g}-{LORENZ_BAND[1]:g} "
                f"(source {tc.source.key}, {tc.locator})"
            )


def _composition(a: Alloy) -> Iterator[str]:
    total = sum(
        c.min if c.min is not None else (c.nominal or 0.0) for c in a.composition if c.element != "Mg"
    )
    if total > 100:
        yield f"{a.record_id}: the alloying elements of {a.grade} add up to {total:g} wt.%, over 100"


def problems(catalog: Catalog, records: list[str] | None = None) -> list[str]:
    """Every physics or plausibility problem of the given records (default: all)."""
    out: list[str] = []
    for rid in records if records is not None else catalog.record_ids:
        a = catalog.record(rid)
        if not a.property_values:
            out.append(f"{rid}: a record without values")
        out += _plausible(a)
        out += _pairs(a, "yield_strength", "tensile_strength")
        out += _pairs(a, "solidus", "liquidus")
        out += _wiedemann_franz(a)
        out += _composition(a)
    return out


def read_counts(catalog: Catalog) -> list[str]:
    """One line per file of the user's folder: the rows read against the lines of the file."""
    return [
        f"{f.label}: {f.rows} row(s) read from {f.lines} line(s) "
        f"({int(f.lines > f.blank)} header, {f.blank} blank)"
        for f in catalog.loaded.files
        if f.layer != "data"
    ]


def _loaded_counts(catalog: Catalog) -> list[str]:
    """Rows read from the user's files against what the catalog holds from them: a row read and
    not loaded would be a row lost."""
    loaded = catalog.loaded
    layer = max(loaded.layers.values())
    rows = {
        t: sum(f.rows for f in loaded.files if f.layer != "data" and f.label.split("/")[-2] == t)
        for t in ("records", "values", "compositions", "aliases", "equivalents")
    }
    held = {
        "records": sum(label != "data" for label in loaded.origin.values()),
        "values": loaded.held_values(),
        "compositions": sum(c["layer"] == layer for cs in loaded.compositions.values() for c in cs),
        "aliases": sum(a["layer"] == layer for al in loaded.aliases.values() for a in al),
        "equivalents": sum(i == layer for es in loaded.equivalents.values() for i, _ in es),
    }
    return [
        f"{table}/: {rows[table]} row(s) read, {held[table]} loaded; a row was lost: please report it"
        for table in rows
        if rows[table] != held[table]
    ]


def validate(folder: str | Path) -> tuple[Catalog | None, list[str]]:
    """Load ``folder`` with the bundled data and check it: (the catalog or None, the problems).

    A folder that does not load gives ``(None, [its one error])``.
    """
    try:
        catalog = Catalog.from_folder(folder)
    except DataError as exc:
        return None, [str(exc)]
    mine = [rid for rid, label in catalog.origin.items() if label != "data"]
    unused = sorted(k for k in catalog.unused_sources() if catalog.source_origin[k] != "data")
    found = _loaded_counts(catalog) + problems(catalog, mine)
    return catalog, found + [f"source {k!r} is cited by no row" for k in unused]
