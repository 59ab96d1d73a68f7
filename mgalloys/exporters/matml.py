"""MatML 3.1 (format ``matml``): a document the MatML 3.1 schema validates, written with ElementTree.

Layout, as the schema (public domain, from NIST) defines it: ``MatML_Doc`` holds one
``Material`` per record, then ``Metadata``.

* ``BulkDetails``: ``Name`` (the record id), ``Class`` (material class), ``Subclass`` (grade),
  ``Form`` (product form), ``ProcessingDetails`` (temper, process route), one ``PropertyData``
  per property the record has a value of, and ``Notes`` (what the record is, what its values
  mean).
* ``PropertyData``: ``Data`` holds the value in the export's unit system (a per-temperature series
  from a curve: the values, comma-delimited); ``Qualifier`` the value kind (``typical`` ...);
  a ``ParameterValue`` of the ``Temperature`` parameter the test temperatures when the value
  states them (none: room temperature; a property known only at another temperature is
  written at that temperature); ``Notes`` the provenance of every number (stored value,
  kind, conditions, source key and locator, the value as published, notes). Its ``property``
  points at a ``PropertyDetails`` (name and ``Units``, one per property and unit) and its
  ``source`` at a ``DataSourceDetails`` (the citation) in ``Metadata``.

A record without any value of the kinds asked for is not written: it is left out (and named
in the comment at the top of the document) or, with ``partial=False``, refused. Provenance
is in elements; text from the data goes through ``xml_text`` (characters XML forbids as
visible escapes) and the one comment through ``xml_comment``, so no text can add markup,
close the comment or break the document.

ElementTree (the standard library) rather than lxml: the export then needs no compiled
dependency, its serialiser escapes markup in text and attributes, and what it does not do
(refuse the characters XML forbids, keep CR) is done by ``xml_text`` and ``xml_document``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from functools import lru_cache

from ..bibliography import Source
from ..units import quantity, ureg
from ._core import (
    Document,
    Format,
    Material,
    Number,
    fmt_number,
    register,
    xml_comment,
    xml_document,
    xml_text,
)

__all__ = ["FORMAT", "write"]

_TEMPERATURE = "temperature"  # the id of the one parameter: test temperature


@lru_cache(maxsize=256)
def unit_factors(unit: str) -> tuple[tuple[str, str], ...]:
    """A unit as MatML's ``Unit`` elements: (symbol, power) factors; none for a pure number.

    Examples:
        >>> unit_factors("kg/m**3"), unit_factors("dimensionless")
        ((('kg', '1'), ('m', '-3')), ())
    """
    return tuple((ureg.get_symbol(name), f"{power:g}") for name, power in quantity(1.0, unit).unit_items())


def _units(parent: ET.Element, unit: str) -> None:
    factors = unit_factors(unit)
    if not factors:
        ET.SubElement(parent, "Unitless")
        return
    units = ET.SubElement(parent, "Units", {"description": unit})
    for symbol, power in factors:
        u = ET.SubElement(units, "Unit", {} if power == "1" else {"power": power})
        ET.SubElement(u, "Name").text = symbol


class _Metadata:
    """The ids of the ``Metadata`` entries, given in first-use order."""

    def __init__(self) -> None:
        self.properties: dict[tuple[str, str], str] = {}
        self.sources: dict[str, tuple[str, Source]] = {}

    def property(self, n: Number) -> str:
        return self.properties.setdefault((n.property, n.unit), f"pr{len(self.properties) + 1}")

    def source(self, s: Source) -> str:
        return self.sources.setdefault(s.key, (f"ds{len(self.sources) + 1}", s))[0]

    def write(self, doc: ET.Element, temperature_unit: str) -> None:
        meta = ET.SubElement(doc, "Metadata")
        for sid, s in self.sources.values():
            det = ET.SubElement(meta, "DataSourceDetails", {"id": sid, "type": s.kind.value})
            ET.SubElement(det, "Name").text = xml_text(s.citation)
            ET.SubElement(det, "Notes").text = xml_text(f"mgalloys source key: {s.key}")
        det = ET.SubElement(meta, "ParameterDetails", {"id": _TEMPERATURE})
        ET.SubElement(det, "Name").text = "Temperature"
        _units(det, temperature_unit)
        ET.SubElement(det, "Notes").text = "test temperature"
        for (prop, unit), pid in self.properties.items():
            det = ET.SubElement(meta, "PropertyDetails", {"id": pid})
            ET.SubElement(det, "Name").text = prop
            _units(det, unit)


def _provenance(n: Number, temperature_unit: str) -> str:
    at = "RT" if n.temperature is None else f"{fmt_number(n.temperature)} {temperature_unit}"
    text = f"{fmt_number(n.magnitude)} {n.unit} at {at}: {n.provenance}"
    if n.origin.published:
        text += f"; published as {n.origin.published}"
    return text + (f"; note: {n.origin.note}" if n.origin.note else "")


def _property_data(bulk: ET.Element, numbers: Sequence[Number], meta: _Metadata, tunit: str) -> None:
    first = numbers[0]
    attrs = {"property": meta.property(first), "source": meta.source(first.origin.source)}
    pd = ET.SubElement(bulk, "PropertyData", attrs)
    ET.SubElement(pd, "Data", {"format": "float"}).text = ",".join(fmt_number(n.magnitude) for n in numbers)
    ET.SubElement(pd, "Qualifier").text = first.origin.kind.value
    temps = [n.temperature for n in numbers]
    if all(t is not None for t in temps):
        pv = ET.SubElement(pd, "ParameterValue", {"parameter": _TEMPERATURE, "format": "float"})
        ET.SubElement(pv, "Data").text = ",".join(fmt_number(t) for t in temps if t is not None)
    ET.SubElement(pd, "Notes").text = xml_text(" | ".join(_provenance(n, tunit) for n in numbers))


def _material(doc: ET.Element, mat: Material, head: Sequence[str], meta: _Metadata) -> None:
    rec = mat.record
    bulk = ET.SubElement(ET.SubElement(doc, "Material"), "BulkDetails")
    ET.SubElement(bulk, "Name").text = xml_text(rec.record_id)
    if rec.material_class:
        ET.SubElement(ET.SubElement(bulk, "Class"), "Name").text = xml_text(rec.material_class)
    ET.SubElement(ET.SubElement(bulk, "Subclass"), "Name").text = xml_text(rec.grade)
    if rec.product_form:
        ET.SubElement(ET.SubElement(bulk, "Form"), "Description").text = xml_text(rec.product_form)
    for what, text in (("temper", rec.temper), ("process route", rec.process_route)):
        if text:
            ET.SubElement(ET.SubElement(bulk, "ProcessingDetails"), "Name").text = xml_text(f"{what} {text}")
    for numbers in mat.numbers.values():
        _property_data(bulk, numbers, meta, mat.system.temperature_unit)
    warning = [h for h in head if h.startswith(("WARNING", "allowable"))]
    about = f"mgalloys record {rec.record_id}: {rec.grade}, temper {rec.temper or '-'}, "
    about += f"{rec.product_form or 'product form not stated'}. {mat.system.describe()}."
    ET.SubElement(bulk, "Notes").text = xml_text(" ".join([about, *warning]))


def write(doc: Document) -> str:
    root = ET.Element("MatML_Doc")
    left = [f"LEFT OUT (nothing to write) {x}" for x in doc.left_out]
    root.append(xml_comment([*doc.head, *left, "the source of every value: Metadata/DataSourceDetails"]))
    meta = _Metadata()
    for mat, _ in doc.materials:
        _material(root, mat, doc.head, meta)
    meta.write(root, doc.system.temperature_unit)
    return xml_document(root)


FORMAT = register(
    Format(
        "matml",
        ("matml31", "matml-3.1", "xml"),
        write,
        "MatML 3.1, valid against its schema: every property, curves as per-temperature series",
        tables="points",
        partial=True,
    )
)
