"""MatML as Ansys Engineering Data reads it (format ``ansys``), written with ElementTree.

Engineering Data wraps MatML in its own ``EngineeringData`` document and extends it (named
qualifiers, a ``Description``), so this dialect does not validate against the MatML 3.1 schema:
``to="matml"`` writes schema-valid MatML 3.1 (``matml.py``).

Layout (``EngineeringData/Materials/MatML_Doc``): one ``Material`` per record, each property a
``PropertyData`` whose ``ParameterValue`` elements point at ``ParameterDetails`` (name and units)
in the document's ``Metadata``; the property names are those of Engineering Data
(``Density``, ``Elasticity``, ``Thermal Conductivity``, ``Specific Heat``, ``Coefficient of
Thermal Expansion``). A constant has the temperature parameter Engineering Data writes for "no
temperature dependence"; a series lists its temperatures. The document's ``Notes`` and an XML
comment in every ``PropertyData`` carry the unit system and the provenance of every number; a
record without any of these properties is left out, and the ``Notes`` say so. Text from the data
goes through ``xml_text`` (characters XML forbids as visible escapes) and comments through
``xml_comment`` (no ``--``), so no text can end a comment or break the document.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ._core import (
    Card,
    Document,
    Format,
    Material,
    fmt_number,
    one_line,
    provenance_lines,
    register,
    table,
    xml_comment,
    xml_document,
    xml_text,
)

__all__ = ["CARDS", "FORMAT", "PARAMETERS", "write"]

CARDS = (
    Card("Density", ("density",)),
    Card("Elasticity", ("elastic_modulus", "poisson_ratio")),
    Card("Thermal Conductivity", ("thermal_conductivity",)),
    Card("Specific Heat", ("specific_heat",)),
    Card("Coefficient of Thermal Expansion", ("thermal_expansion",)),
)

#: Engineering Data's parameter name of each property, and the quantity (see UnitSystem) it has.
PARAMETERS = {
    "density": ("Density", "density"),
    "elastic_modulus": ("Young's Modulus", "stress"),
    "poisson_ratio": ("Poisson's Ratio", ""),
    "thermal_conductivity": ("Thermal Conductivity", "conductivity"),
    "specific_heat": ("Specific Heat", "specific_heat"),
    "thermal_expansion": ("Coefficient of Thermal Expansion", "expansion"),
}
_QUALIFIERS = {
    "Elasticity": (("Behavior", "Isotropic"), ("Derive from", "Young's Modulus and Poisson's Ratio")),
    "Thermal Conductivity": (("Behavior", "Isotropic"),),
    "Specific Heat": (("Definition", "Constant Pressure"),),
    "Coefficient of Thermal Expansion": (("Definition", "Secant"), ("Behavior", "Isotropic")),
}
# The temperature Engineering Data writes for a value without temperature dependence.
_NO_TEMPERATURE = "7.88860905221012e-31"
# Units as (name, power) factors, per unit system and quantity.
_UNITS: dict[str, dict[str, tuple[tuple[str, int], ...]]] = {
    "SI": {
        "density": (("kg", 1), ("m", -3)),
        "stress": (("Pa", 1),),
        "conductivity": (("W", 1), ("m", -1), ("C", -1)),
        "specific_heat": (("J", 1), ("kg", -1), ("C", -1)),
        "expansion": (("C", -1),),
        "temperature": (("C", 1),),
    },
    "mm-t-s": {
        "density": (("tonne", 1), ("mm", -3)),
        "stress": (("MPa", 1),),
        "conductivity": (("mW", 1), ("mm", -1), ("C", -1)),
        "specific_heat": (("mJ", 1), ("tonne", -1), ("C", -1)),
        "expansion": (("C", -1),),
        "temperature": (("C", 1),),
    },
    "US": {
        "density": (("lbf", 1), ("s", 2), ("in", -4)),
        "stress": (("psi", 1),),
        "conductivity": (("lbf", 1), ("s", -1), ("F", -1)),
        "specific_heat": (("in", 2), ("s", -2), ("F", -1)),
        "expansion": (("F", -1),),
        "temperature": (("F", 1),),
    },
}
# Engineering Data's name of each kind of unit (the ``name`` of ``Units``).
_UNITS_NAME = {
    "density": "Density",
    "stress": "Stress",
    "conductivity": "Thermal Conductivity",
    "specific_heat": "Specific Heat Capacity",
    "expansion": "InvTemp1",
    "temperature": "Temperature",
}
VERSION = ("18.0.0.60", "29.08.2016 15:02:00")  # the version pyMaterials writes


def _units(parent: ET.Element, quantity: str, system: str) -> None:
    factors = _UNITS[system].get(quantity, ())
    if not factors:
        ET.SubElement(parent, "Unitless")
        return
    units = ET.SubElement(parent, "Units", {"name": _UNITS_NAME[quantity]})
    for name, power in factors:
        unit = ET.SubElement(units, "Unit", {"power": str(power)} if power != 1 else {})
        ET.SubElement(unit, "Name").text = name


def _metadata(doc: ET.Element, system: str) -> tuple[dict[str, str], dict[str, str]]:
    """ParameterDetails and PropertyDetails; returns the parameter ids and property ids by name."""
    meta = ET.SubElement(doc, "Metadata")
    ids: dict[str, str] = {}
    prop_ids: dict[str, str] = {}
    params = [*PARAMETERS.values(), ("Temperature", "temperature")]
    for i, (name, quantity) in enumerate(params):
        ids[name] = f"pa{i}"
        det = ET.SubElement(meta, "ParameterDetails", {"id": f"pa{i}"})
        ET.SubElement(det, "Name").text = name
        _units(det, quantity, system)
    for i, card in enumerate(CARDS):
        prop_ids[card.name] = f"pr{i}"
        det = ET.SubElement(meta, "PropertyDetails", {"id": f"pr{i}"})
        ET.SubElement(det, "Unitless")
        ET.SubElement(det, "Name").text = card.name
    return ids, prop_ids


def _parameter(parent: ET.Element, pid: str, data: str, role: str, n: int) -> ET.Element:
    pv = ET.SubElement(parent, "ParameterValue", {"parameter": pid, "format": "float"})
    ET.SubElement(pv, "Data").text = data
    ET.SubElement(pv, "Qualifier", {"name": "Variable Type"}).text = ",".join([role] * n)
    return pv


def _property(
    bulk: ET.Element, mat: Material, card: Card, ids: tuple[dict[str, str], dict[str, str]]
) -> None:
    params, props = ids
    pd = ET.SubElement(bulk, "PropertyData", {"property": props[card.name]})
    ET.SubElement(pd, "Data", {"format": "string"}).text = "-"
    for name, text in _QUALIFIERS.get(card.name, ()):
        ET.SubElement(pd, "Qualifier", {"name": name}).text = text
    used = [n for p in card.needs for n in mat.numbers[p]]
    pd.append(xml_comment(f"{n.property}: {n.provenance}" for n in used))
    rows = table(mat, card.needs)
    for j, prop in enumerate(card.needs):
        data = ", ".join(fmt_number(r[0][j]) for r in rows)
        _parameter(pd, params[PARAMETERS[prop][0]], data, "Dependent", len(rows))
    temps = [t for _, t in rows]
    data = _NO_TEMPERATURE if temps == [None] else ", ".join(fmt_number(t or 0.0) for t in temps)
    pv = _parameter(pd, params["Temperature"], data, "Independent", len(rows))
    ET.SubElement(pv, "Qualifier", {"name": "Field Variable"}).text = "Temperature"
    unit = _UNITS[mat.system.id]["temperature"][0][0]
    ET.SubElement(pv, "Qualifier", {"name": "Field Units"}).text = unit


def _description(mat: Material, head: Sequence[str]) -> str:
    """What Engineering Data shows beside the material: what it is and what its values mean."""
    rec = mat.record
    what = f"{rec.grade}, temper {rec.temper or '-'}, {rec.product_form or 'form not stated'}"
    warning = [h for h in head if h.startswith(("WARNING", "allowable"))]
    return xml_text(" ".join([f"mgalloys record {rec.record_id} ({what}).", *warning, _WHERE]))


_WHERE = "The source and locator of every value are in the document's Notes and beside each property."


def write(doc: Document) -> str:
    mats = doc.materials
    root = ET.Element("EngineeringData", {"version": VERSION[0], "versiondate": VERSION[1]})
    notes = [*doc.head]
    for mat, _ in mats:
        notes += provenance_lines(mat)
    ET.SubElement(root, "Notes").text = "\n".join(xml_text(one_line(x)) for x in [*notes, *doc.tail()])
    matml = ET.SubElement(ET.SubElement(root, "Materials"), "MatML_Doc")
    materials = []
    for mat, cards in mats:
        bulk = ET.SubElement(ET.SubElement(matml, "Material"), "BulkDetails")
        ET.SubElement(bulk, "Name").text = xml_text(mat.name)
        ET.SubElement(bulk, "Description").text = _description(mat, doc.head)
        materials.append((bulk, mat, cards))
    ids = _metadata(matml, doc.system.id)
    for bulk, mat, cards in materials:
        for card in cards:
            _property(bulk, mat, card, ids)
    transfer = ET.SubElement(ET.SubElement(root, "ANSYSWBTransferData"), "Materials")
    for mat, _ in mats:
        m = ET.SubElement(transfer, "Material")
        ET.SubElement(m, "Name").text = xml_text(mat.name)
        ET.SubElement(m, "DataTransferID")
    return xml_document(root)


FORMAT = register(
    Format(
        "ansys",
        ("engineering-data", "ansys-matml"),
        write,
        "MatML as Ansys Engineering Data imports it (not MatML-schema-valid: see matml)",
        cards=CARDS,
        tables=True,
        partial=True,
    )
)
