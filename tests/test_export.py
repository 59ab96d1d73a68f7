"""Exports: every format, unit system and rule (missing data, kinds, provenance), each file read
back by a real consumer (the MatML 3.1 schema and an XML parser, pandas, json), with hostile text
in every field. CalculiX reads the decks in tests/test_solver.py; BibTeX in tests/test_citations.py."""

from __future__ import annotations

import io
import json
import math
import pickle
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from hostile import EVERY_PIECE, FIELDS, hostile_alloy, hostile_text
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import mgalloys as mg
from mgalloys.cli import main
from mgalloys.exporters import UNIT_SYSTEMS, abaqus, ansys, exported_sources, lsdyna, matml, unit_system
from mgalloys.exporters._core import (
    FORMATS,
    Document,
    Material,
    Number,
    collect,
    encodable,
    one_line,
    table,
    xml_text,
)
from mgalloys.exporters.lsdyna import field
from mgalloys.exporters.tabular import _PLAIN_NUMBER, neutralise
from mgalloys.units import parse_unit

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "fixtures" / "matml31.xsd")))

SYSTEMS = list(UNIT_SYSTEMS)
CARD_PROPS = (
    "density",
    "elastic_modulus",
    "poisson_ratio",
    "thermal_conductivity",
    "specific_heat",
    "thermal_expansion",
)
MATML_PARAMS = {
    "Density": "density",
    "Young's Modulus": "elastic_modulus",
    "Poisson's Ratio": "poisson_ratio",
    "Thermal Conductivity": "thermal_conductivity",
    "Specific Heat": "specific_heat",
    "Coefficient of Thermal Expansion": "thermal_expansion",
}


def library_value(record: str | mg.Alloy, prop: str, system: str, kind: str = "typical") -> float | None:
    """What the library says, converted by pint into the system's unit: the reference."""
    a = record if isinstance(record, mg.Alloy) else mg.alloy(record)
    v = a.value(prop, kind=kind)
    if v is None:
        return None
    unit = unit_system(system).unit_for(prop)
    return float(v.quantity.to(parse_unit(unit)).magnitude)


# --- MatML 3.1 ----------------------------------------------------------------------------------
def schema_errors(text: str) -> list[str]:
    """The MatML 3.1 schema's complaints about a document (lxml's XMLSchema, libxml2)."""
    doc = etree.fromstring(text.encode("utf-8"))
    SCHEMA.validate(doc)
    return [f"line {e.line}: {e.message}" for e in SCHEMA.error_log]


def parse_matml(text: str) -> dict[str, dict[str, list[float]]]:
    """Material name -> {property id: values}, read back through the document's Metadata ids."""
    root = ET.fromstring(text)
    assert root.tag == "MatML_Doc"
    names = {d.get("id"): d.findtext("Name") for d in root.iter("PropertyDetails")}
    out: dict[str, dict[str, list[float]]] = {}
    for bulk in root.iter("BulkDetails"):
        values = {}
        for pd_ in bulk.iter("PropertyData"):
            values[names[pd_.get("property")] or ""] = [
                float(x) for x in (pd_.findtext("Data") or "").split(",")
            ]
        out[bulk.findtext("Name") or ""] = values
    return out


def curve_or_value(record: mg.Alloy, prop: str, system: str) -> list[float] | None:
    """What the library says for a MatML property: the curve's points (two or more), else the
    default value, else a lone point at another temperature, converted by pint into the
    system's unit."""
    unit = parse_unit(unit_system(system).unit_for(prop))
    curves = [c for c in record.curves(prop) if c.kind is mg.Kind.typical]
    curve = next((c for c in curves if len(c.points) > 1), None)
    if curve is not None:
        return [float(p.value.to(unit).magnitude) for p in curve.points]
    v = library_value(record, prop, system)
    if v is None and curves:
        return [float(curves[0].points[0].value.to(unit).magnitude)]
    return None if v is None else [v]


def test_matml_of_az91d_and_every_family_validates_against_the_schema() -> None:
    for system in SYSTEMS:
        text = mg.export("AZ91D", to="matml", units=system)
        assert schema_errors(text) == [], system
    for fam in mg.families():
        text = mg.export(fam, to="matml", units="SI")
        assert schema_errors(text) == [], fam.id
        root = ET.fromstring(text)
        for bulk in root.iter("BulkDetails"):  # never a material written empty
            assert bulk.find("PropertyData") is not None, bulk.findtext("Name")


def test_matml_of_the_whole_catalog_validates() -> None:
    assert schema_errors(mg.export(mg.get_catalog(), to="matml", units="US")) == []


def test_the_schema_check_can_fail() -> None:
    text = mg.export("AZ91D", to="ansys")  # Ansys' dialect: a wrapper, named qualifiers
    doc = ET.fromstring(text).find("Materials/MatML_Doc")
    assert doc is not None and schema_errors(ET.tostring(doc, encoding="unicode"))


@pytest.mark.parametrize("system", SYSTEMS)
def test_matml_parsed_back_matches_the_library(system: str) -> None:
    members = mg.alloys(family=10)
    back = parse_matml(mg.export(members, to="matml", units=system))
    checked = 0
    for m in members:
        for info in mg.properties():
            if info.is_hardness:  # on the record's own scale: the CSV test reads it back
                continue
            want = curve_or_value(m, info.id, system)
            got = back.get(m.record_id, {}).get(info.id)
            if want is None:
                assert got is None
                continue
            assert got == pytest.approx(want, rel=1e-10), (m.record_id, info.id)
            checked += 1
    assert checked >= 30


def test_matml_leaves_out_records_without_values_and_says_so() -> None:
    only_minimum = mg.user_alloy({"uts": "200 MPa"}, name="only a minimum", kind="minimum")
    records = [*mg.alloys(family=10), only_minimum]
    text = mg.export(records, to="matml")
    written = parse_matml(text)
    root = etree.fromstring(text.encode())
    comment = next(c.text for c in root.iter(etree.Comment))
    assert "only a minimum" not in written
    assert "LEFT OUT (nothing to write) only a minimum: no typical value of any property" in comment
    assert all(written[m.record_id] for m in records[:-1])  # the others, none empty
    with pytest.raises(mg.ExportError, match="only a minimum: no typical value of any property matml writes"):
        mg.export(records, to="matml", partial=False)
    with pytest.raises(mg.ExportError, match="nothing to export"):
        mg.export(only_minimum, to="matml")
    assert "only a minimum" in parse_matml(mg.export(only_minimum, to="matml", kind="minimum"))


def test_matml_states_units_kinds_sources_and_temperatures() -> None:
    text = mg.export(["AZ91D", "Cu"], to="matml", units="mm-t-s")
    root = ET.fromstring(text)
    units = {
        d.findtext("Name"): [(u.findtext("Name"), u.get("power", "1")) for u in d.iter("Unit")]
        for d in root.iter("PropertyDetails")
    }
    assert units["elastic_modulus"] == [("MPa", "1")] and units["density"] == [("t", "1"), ("mm", "-3")]
    assert root.find("Metadata/PropertyDetails[Name='poisson_ratio']/Unitless") is not None
    sources = {d.get("id"): d.findtext("Name") for d in root.iter("DataSourceDetails")}
    az = mg.alloy("AZ91D")
    for pd_ in root.findall("Material/BulkDetails[Name='AZ91D-F']/PropertyData"):
        assert pd_.findtext("Qualifier") == "typical"
        assert sources[pd_.get("source")] in {s.citation for s in az.sources()}
        assert "typical" in (pd_.findtext("Notes") or "")
    cu = root.find("Material/BulkDetails[Name='Cu']")
    assert cu is not None
    k = next(p for p in cu.iter("PropertyData") if "curve" in (p.findtext("Notes") or ""))
    assert k.findtext("ParameterValue[@parameter='temperature']/Data") == "20.0,100.0"
    notes = root.findtext("Material/BulkDetails/Notes") or ""
    assert "not design allowables" in notes and "mm-t-s" in notes


@settings(max_examples=40)
@given(st.lists(hostile_text, min_size=FIELDS, max_size=FIELDS))
def test_matml_with_hostile_text_is_valid_and_reads_back(texts: list[str]) -> None:
    _matml_round_trip(texts)


def test_matml_with_every_hostile_piece() -> None:
    _matml_round_trip(EVERY_PIECE)


def _matml_round_trip(texts: list[str]) -> None:
    a = hostile_alloy(texts)
    text = mg.export(a, to="matml")
    assert schema_errors(text) == []
    root = etree.fromstring(text.encode("utf-8"))  # a strict parser: well-formed, or it raises
    assert root.find(".//Injected") is None
    assert len(root.findall("Material")) == 1
    bulk = root.find("Material/BulkDetails")
    assert bulk is not None
    assert bulk.findtext("Name") == xml_text(a.record_id)
    assert bulk.findtext("Subclass/Name") == xml_text(a.grade)
    assert (bulk.findtext("Form/Description") or "") == xml_text(a.product_form or "")
    src = a.property_values[0].source
    assert root.findtext("Metadata/DataSourceDetails/Name") == xml_text(src.citation)
    for note in root.iterfind(".//PropertyData/Notes"):
        assert xml_text(a.property_values[0].locator) in (note.text or "")
    assert parse_matml(text)[xml_text(a.record_id)]["elastic_modulus"] == [45e9]


# --- Ansys Engineering Data's dialect ------------------------------------------------------------
ANSYS_PARAMS = {
    "Density": "density",
    "Young's Modulus": "elastic_modulus",
    "Poisson's Ratio": "poisson_ratio",
    "Thermal Conductivity": "thermal_conductivity",
    "Specific Heat": "specific_heat",
    "Coefficient of Thermal Expansion": "thermal_expansion",
}


def parse_ansys(text: str) -> dict[str, dict[str, float]]:
    """Material name -> {property id: value}, read back through the document's Metadata ids."""
    root = ET.fromstring(text)
    doc = root.find("Materials/MatML_Doc")
    assert doc is not None
    names = {d.get("id"): d.findtext("Name") for d in doc.iter("ParameterDetails")}
    out: dict[str, dict[str, float]] = {}
    for bulk in doc.iter("BulkDetails"):
        values: dict[str, float] = {}
        for pv in bulk.iter("ParameterValue"):
            name = names[pv.get("parameter")]
            if name in ANSYS_PARAMS:
                (text_value,) = (pv.findtext("Data") or "").split(", ")
                values[ANSYS_PARAMS[name]] = float(text_value)
        out[bulk.findtext("Name") or ""] = values
    return out


@pytest.mark.parametrize("system", SYSTEMS)
def test_ansys_parsed_back_matches_the_library(system: str) -> None:
    members = mg.alloys(family=10)
    text = mg.export(members, to="ansys", units=system)
    back = parse_ansys(text)
    written = [
        m for m in members if any(all(m.value(p, kind="typical") for p in c.needs) for c in ansys.CARDS)
    ]
    assert list(back) == [m.record_id for m in written]  # one document; no material written empty
    notes = ET.fromstring(text).findtext("Notes") or ""
    for m in members:
        if m not in written:
            assert f"LEFT OUT (nothing to write) {m.record_id}: no typical value" in notes
    checked = 0
    for m in written:
        for prop in CARD_PROPS:
            want = library_value(m, prop, system)
            got = back[m.record_id].get(prop)
            if prop in ("elastic_modulus", "poisson_ratio") and None in (
                library_value(m, "elastic_modulus", system),
                library_value(m, "poisson_ratio", system),
            ):
                assert got is None  # Elasticity needs both: never half a property
                continue
            if want is None:
                assert got is None
            else:
                assert got == pytest.approx(want, rel=1e-10)
                checked += 1
    assert checked >= 6


def test_ansys_states_units_and_what_it_left_out() -> None:
    text = mg.export(["AZ91D", "MRI153M"], to="ansys", units="mm-t-s")
    root = ET.fromstring(text)
    notes = root.findtext("Notes") or ""
    assert "mm-t-s" in notes and "not design allowables" in notes
    assert "LEFT OUT" in notes and "poisson_ratio" in notes
    units = {
        d.findtext("Name"): [u.findtext("Name") for u in d.iter("Unit")]
        for d in root.iter("ParameterDetails")
    }
    assert units["Young's Modulus"] == ["MPa"] and units["Density"] == ["tonne", "mm"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # the reader's own, about its future API
def test_ansys_dialect_is_read_by_ansys_own_reader(tmp_path: Path) -> None:
    reader = pytest.importorskip("ansys.materials.manager.parsers.matml.matml_reader")
    members = mg.alloys(family=10)
    path = tmp_path / "f10.xml"
    mg.export(members, to="ansys", units="SI", path=path)
    materials = reader.MatmlReader(path).convert_matml_materials()
    back = parse_ansys(path.read_text(encoding="utf-8"))
    assert list(materials) == list(back)
    fields = {"density": "density", "youngs_modulus": "elastic_modulus", "poissons_ratio": "poisson_ratio"}
    fields |= {"thermal_conductivity": "thermal_conductivity", "specific_heat": "specific_heat"}
    fields |= {"coefficient_of_thermal_expansion": "thermal_expansion"}
    checked = 0
    for name, material in materials.items():
        for model in material.models:
            for attr, prop in fields.items():
                if hasattr(model, attr):
                    (got,) = getattr(model, attr).value
                    assert got == pytest.approx(library_value(mg.alloy(name), prop, "SI"), rel=1e-10)
                    checked += 1
    assert checked >= 6


def test_ansys_strict_when_asked() -> None:
    with pytest.raises(mg.MissingDataError, match="MRI153M-F has no typical poisson_ratio"):
        mg.export("MRI153M", to="ansys", partial=False)


@settings(max_examples=30)
@given(st.lists(hostile_text, min_size=FIELDS, max_size=FIELDS))
def test_ansys_with_hostile_text_is_well_formed(texts: list[str]) -> None:
    a = hostile_alloy(texts)
    root = etree.fromstring(mg.export(a, to="ansys").encode("utf-8"))
    assert root.find(".//Injected") is None
    assert root.findtext("Materials/MatML_Doc/Material/BulkDetails/Name") == xml_text(a.record_id)
    for c in root.iter(etree.Comment):
        assert "--" not in (c.text or "")


# --- Abaqus / CalculiX ----------------------------------------------------------------------------
def card_values(text: str) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    keyword = ""
    for line in text.splitlines():
        if line.startswith("**"):
            continue
        if line.startswith("*"):
            keyword = line
            continue
        out[keyword] = [float(x) for x in line.split(",")]
    return out


def comments(text: str, prefix: str) -> list[str]:
    """The comment lines, each with its continuation lines (indented four more) joined."""
    out: list[str] = []
    indents: list[int] = []
    for line in text.splitlines():
        if not line.startswith(prefix):
            continue
        body = line[len(prefix) :]
        indent = len(body) - len(body.lstrip(" "))
        if out and indent == indents[-1] + 4:
            out[-1] += " " + body.strip()
        else:
            out.append(body)
            indents.append(indent)
    return out


@pytest.mark.parametrize("system", SYSTEMS)
def test_abaqus_card_values_and_header(system: str) -> None:
    text = mg.export("AZ91D", to="abaqus", units=system)
    vals = card_values(text)
    assert vals["*DENSITY"][0] == pytest.approx(library_value("AZ91D", "density", system), rel=1e-11)
    assert vals["*ELASTIC"] == pytest.approx(
        [library_value("AZ91D", "elastic_modulus", system), library_value("AZ91D", "poisson_ratio", system)],
        rel=1e-11,
    )
    assert vals["*CONDUCTIVITY"][0] == pytest.approx(
        library_value("AZ91D", "thermal_conductivity", system), rel=1e-11
    )
    assert f"unit system {system} " in text
    assert "typical values are not design allowables" in text
    # the provenance of every number: source key and locator
    lines = comments(text, "** ")
    for prop in CARD_PROPS:
        v = mg.alloy("AZ91D").value(prop)
        assert v is not None
        line = next(x for x in lines if x.startswith(f"  {prop} = "))
        assert v.source.key in line and v.locator in line and "typical" in line


def test_unit_systems_differ_by_the_right_factors() -> None:
    si = card_values(mg.export("AZ91D", units="SI"))
    mm = card_values(mg.export("AZ91D", units="mm-t-s"))
    assert mm["*ELASTIC"][0] == pytest.approx(si["*ELASTIC"][0] / 1e6)  # Pa -> MPa
    assert mm["*DENSITY"][0] == pytest.approx(si["*DENSITY"][0] * 1e-12)  # kg/m3 -> t/mm3
    assert mm["*SPECIFIC HEAT"][0] == pytest.approx(si["*SPECIFIC HEAT"][0] * 1e6)  # J/kg -> mJ/t
    assert mm["*CONDUCTIVITY"][0] == pytest.approx(si["*CONDUCTIVITY"][0])  # W/m = mW/mm


def test_missing_value_is_an_error_naming_record_and_property() -> None:
    with pytest.raises(mg.MissingDataError) as err:
        mg.export("MRI153M", to="abaqus")
    assert err.value.record == "MRI153M-F" and err.value.property == "poisson_ratio"
    assert "*ELASTIC" in str(err.value)
    again = pickle.loads(pickle.dumps(err.value))
    assert str(again) == str(err.value) and isinstance(again, LookupError)


def test_partial_export_says_what_it_left_out() -> None:
    text = mg.export("MRI153M", to="abaqus", partial=True)
    assert "*ELASTIC" not in card_values(text)
    assert "*DENSITY" in card_values(text)
    assert "LEFT OUT (partial export) *ELASTIC: no typical value of poisson_ratio" in text


def test_a_deck_never_holds_an_empty_material() -> None:
    strength_only = mg.user_alloy({"uts": "200 MPa"}, name="strength only")
    text = mg.export(["AZ91D", strength_only], to="abaqus", partial=True)
    assert [x for x in text.splitlines() if x.startswith("*MATERIAL")] == ["*MATERIAL, NAME=AZ91D-F"]
    assert "LEFT OUT (nothing to write) strength only: no typical value of any property abaqus" in text
    with pytest.raises(mg.MissingDataError, match="strength only has no typical density"):
        mg.export(strength_only, to="lsdyna")


def test_allowables_only_when_asked() -> None:
    # AZ31B-O has specification minimums; a default export never uses them
    rec = mg.alloy("AZ31B-O")
    text = mg.export(rec, to="json", kind="minimum")
    doc = json.loads(text)
    assert doc["values"] and {r["kind"] for r in doc["values"]} == {"minimum"}
    assert any("allowable/specification values exported as asked" in x for x in doc["about"])
    default = json.loads(mg.export(rec, to="json"))
    assert "minimum" not in {r["kind"] for r in default["values"]}
    table = pd.read_csv(io.StringIO(mg.export(rec, to="csv", kind="minimum")))
    assert all(
        "(minimum, " in x for c in table.columns if c.endswith(" provenance") for x in table[c].dropna()
    )


def test_bad_options_get_library_errors() -> None:
    with pytest.raises(mg.ExportError, match="unknown export format 'nastran'; known: abaqus, ansys"):
        mg.export("AZ91D", to="nastran")
    with pytest.raises(mg.ExportError, match="unknown unit system"):
        mg.export("AZ91D", units="cgs")
    with pytest.raises(mg.ExportError, match="range has no single value"):
        mg.export("AZ91D", kind="range")
    with pytest.raises(mg.ExportError, match="nothing to export"):
        mg.export([])
    with pytest.raises(mg.AlloyNotFoundError):
        mg.export("AZ9999")


def test_formats_register_in_one_place() -> None:
    assert set(FORMATS) == {"abaqus", "lsdyna", "matml", "ansys", "csv", "json"}
    for name, fmt in FORMATS.items():
        assert fmt.name == name and mg.export("AZ91D", to=name, partial=True)
        for alias in fmt.aliases:
            assert mg.export("AZ91D", to=alias.upper(), partial=True) == mg.export(
                "AZ91D", to=name, partial=True
            )
    with pytest.raises(mg.ExportError, match="is taken"):
        mg.exporters._core.register(FORMATS["csv"])


def test_material_names_are_solver_safe_and_unique() -> None:
    a = mg.user_alloy({"E": "45 GPa", "nu": (0.3, ""), "rho": "1.8 g/cm**3"}, name="my alloy 1.5%")
    b = mg.user_alloy({"E": "44 GPa", "nu": (0.3, ""), "rho": "1.8 g/cm**3"}, name="my_alloy_1_5_")
    text = mg.export([a, b], to="abaqus", partial=True)
    names = [line.split("=", 1)[1] for line in text.splitlines() if line.startswith("*MATERIAL")]
    assert names[0] == "my_alloy_1_5_" and len({n.upper() for n in names}) == 2
    assert "stands for record my alloy 1.5%" in text
    assert unit_system("us-customary") is unit_system("US")


def test_names_sharing_their_first_80_characters_end_and_stay_unique() -> None:
    # this hung on main: the suffix was cut off again at 80 characters
    ids = ["A" * 85, "A" * 90, "a" * 80, "A" * 78 + "_1", "A" * 100]
    names = abaqus.material_names(ids)
    assert len({n.upper() for n in names}) == len(ids)
    assert all(len(n) <= 80 and not abaqus._UNSAFE.search(n) for n in names)
    recs = [mg.user_alloy({"E": "45 GPa", "nu": (0.3, ""), "rho": "1.8 g/cm**3"}, name=n) for n in ids]
    assert mg.export(recs, to="abaqus", partial=True).count("*MATERIAL, NAME=") == len(ids)


@given(st.lists(hostile_text, min_size=1, max_size=12))
def test_material_names_for_any_ids(ids: list[str]) -> None:
    names = abaqus.material_names(ids)
    assert len({n.upper() for n in names}) == len(ids)
    assert all(0 < len(n) <= 80 and not abaqus._UNSAFE.search(n) for n in names)


def test_records_as_family_catalog_objects_and_file(tmp_path: Path) -> None:
    fam = mg.family(10)
    assert mg.export(fam, to="matml") == mg.export(mg.alloys(family=fam), to="matml")
    path = tmp_path / "out.k"
    text = mg.export([mg.alloy("AZ91D"), "AM60B"], to="lsdyna", path=path)
    assert path.read_text() == text
    everything = mg.export(mg.get_catalog(), to="json")
    doc = json.loads(everything)
    assert doc["records"] == [a.record_id for a in mg.alloys()]
    assert {r["record"] for r in doc["values"]} | {e.split(":")[0] for e in doc["without_values"]} == set(
        doc["records"]
    )


# --- values no file may carry ----------------------------------------------------------------------
@pytest.mark.parametrize("nu", [0.9, -3.0, 0.5, -1.0])
@pytest.mark.parametrize("to", sorted(FORMATS))
def test_poisson_ratio_outside_its_range_is_refused(to: str, nu: float) -> None:
    a = mg.user_alloy({"E": "45 GPa", "nu": (nu, ""), "rho": "1.8 g/cm**3"}, name="odd nu")
    with pytest.raises(mg.ExportValueError, match=r"odd nu: poisson_ratio .* outside \(-1, 0.5\)") as err:
        mg.export(a, to=to, partial=True)
    assert (err.value.record, err.value.property) == ("odd nu", "poisson_ratio")
    assert isinstance(err.value, mg.ExportError) and str(pickle.loads(pickle.dumps(err.value))) == str(
        err.value
    )


@pytest.mark.parametrize("to", sorted(FORMATS))
def test_a_value_that_overflows_on_conversion_is_refused(to: str) -> None:
    a = mg.user_alloy({"E": "1e308 GPa", "nu": (0.3, ""), "rho": "1.8 g/cm**3"}, name="huge E")
    with pytest.raises(mg.ExportValueError, match="huge E: elastic_modulus is inf Pa") as err:
        mg.export(a, to=to, units="SI", partial=True)
    assert err.value.property == "elastic_modulus"
    assert math.isfinite(float(card_values(mg.export("AZ91D"))["*ELASTIC"][0]))


# --- hostile text in solver decks (CalculiX runs them: tests/test_solver.py) ------------------------
KEYWORDS = {c.name for c in abaqus.CARDS} | {c.name for c in lsdyna.CARDS} | {"*KEYWORD", "*END"}
MATERIAL_LINE = re.compile(r"\*MATERIAL, NAME=[A-Za-z0-9_-]{1,80}")


def check_deck(text: str, comment: str, width: int) -> None:
    """Every line is a comment, one of our keywords, or numbers; none is longer than ``width``."""
    for line in text.split("\n")[:-1]:
        assert len(line) <= width, line[:80]
        assert not any(c in line for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00"), repr(line[:80])
        if line.startswith(comment):
            continue
        if line.startswith("*"):
            assert line in KEYWORDS or MATERIAL_LINE.fullmatch(line), line
        else:
            [float(x) for x in line.replace(",", " ").split()]


@settings(max_examples=40)
@given(st.lists(hostile_text, min_size=FIELDS, max_size=FIELDS))
def test_decks_with_hostile_text_hold_only_our_keyword_lines(texts: list[str]) -> None:
    a = hostile_alloy(texts)
    check_deck(mg.export(a, to="abaqus"), "**", abaqus.WIDTH)
    check_deck(mg.export(a, to="lsdyna"), "$", lsdyna.WIDTH)
    named = mg.user_alloy({"E": "45 GPa", "nu": (0.3, ""), "rho": "1.8 g/cm**3"}, name=texts[0])
    check_deck(mg.export([named, a], to="abaqus", partial=True), "**", abaqus.WIDTH)
    check_deck(mg.export([named, a], to="lsdyna", partial=True), "$", lsdyna.WIDTH)


def test_one_line_leaves_nothing_that_ends_a_line() -> None:
    for piece in ("\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\x00", "\ud800"):
        out = one_line(f"a{piece}*INCLUDE")
        assert len(out.splitlines()) == 1 and out.startswith("a\\") and out.endswith("*INCLUDE")
    assert one_line("plain, é °C") == "plain, é °C"


# --- LS-DYNA ----------------------------------------------------------------------------------
@pytest.mark.parametrize("system", SYSTEMS)
def test_lsdyna_cards_read_back(system: str) -> None:
    text = mg.export("AZ91D", to="lsdyna", units=system)
    lines = [x for x in text.splitlines() if not x.startswith("$")]
    i = lines.index("*MAT_ELASTIC")
    row = lines[i + 1]
    cells = [row[j : j + 10] for j in range(0, len(row), 10)]
    mid, ro, e, pr = int(cells[0]), *map(float, cells[1:4])
    assert mid == 1
    assert ro == pytest.approx(library_value("AZ91D", "density", system), rel=1e-5)
    assert e == pytest.approx(library_value("AZ91D", "elastic_modulus", system), rel=1e-5)
    assert pr == pytest.approx(library_value("AZ91D", "poisson_ratio", system), rel=1e-5)
    j = lines.index("*MAT_THERMAL_ISOTROPIC")
    hc, tc = float(lines[j + 2][:10]), float(lines[j + 2][10:20])
    assert hc == pytest.approx(library_value("AZ91D", "specific_heat", system), rel=1e-5)
    assert tc == pytest.approx(library_value("AZ91D", "thermal_conductivity", system), rel=1e-5)
    assert lines[0] == "*KEYWORD" and lines[-1] == "*END"


@given(st.floats(min_value=1e-30, max_value=1e30) | st.floats(min_value=-1e30, max_value=-1e-30))
def test_lsdyna_fields_are_ten_characters_and_round_trip(x: float) -> None:
    text = field(x)
    assert len(text) == 10
    assert float(text) == pytest.approx(x, rel=1e-3)  # at least 4 significant digits


# --- CSV and JSON -----------------------------------------------------------------------------
def test_csv_is_a_plain_table_pandas_reads_as_it_is() -> None:
    a = mg.alloy("AZ91D")
    text = mg.export(a, to="csv", units="US")
    table = pd.read_csv(io.StringIO(text))  # nothing to skip, no option needed
    assert len(table) == 1 and table.loc[0, "record"] == "AZ91D-F" and table.loc[0, "unit_system"] == "US"
    typical = {v.property for v in a.values(kind="typical")}
    values = [c for c in table.columns if "[" in c and not c.endswith(("source", "provenance"))]
    assert {c.split(" [")[0] for c in values} == typical
    for col in values:
        prop = col.split(" [")[0]
        v = a.value(prop, kind="typical")
        assert v is not None and table.loc[0, f"{col} source"] == v.source.key
        assert v.locator in table.loc[0, f"{col} provenance"]
        if prop == "hardness":
            assert col == f"hardness [{v.unit}]" and table.loc[0, col] == v.value
            continue
        assert table[col].dtype == float
        assert table.loc[0, col] == pytest.approx(library_value(a, prop, "US"), rel=1e-11)
    assert "tensile_strength [psi]" in table.columns and "density [lbf·s²/in⁴]" in table.columns
    assert "typical values are not design allowables" in table.loc[0, "warning"]


def test_csv_of_many_records_one_row_each_empty_where_unknown() -> None:
    recs = mg.alloys(family=10)
    table = pd.read_csv(io.StringIO(mg.export(recs, to="csv")))
    assert table["record"].tolist() == [r.record_id for r in recs]
    for i, r in enumerate(recs):
        has = r.value("density", kind="typical") is not None
        assert pd.isna(table.loc[i, "density [kg/m³]"]) != has


def test_json_rows_carry_provenance() -> None:
    doc = json.loads(mg.export("AZ91D", to="json", units="SI"))
    assert doc["unit_system"] == "SI"
    assert {s["id"] for s in doc["sources"]} == {r["source"] for r in doc["values"]}
    a = mg.alloy("AZ91D")
    for r in doc["values"]:
        v = a.value(r["property"], kind="typical")
        assert v is not None and r["source"] == v.source.key and r["locator"] == v.locator


def test_neutralise_follows_the_owasp_rule() -> None:
    for text in ("=1+1", "+A1", "-A1", "@SUM(A1)", "\t=1", "\r=1", "-", "+", "=-3.5"):
        assert neutralise(text) == "'" + text
    for text in ("-3.5", "+2", "1e-3", "-.5", "AZ91D", "", " =1", "'=1"):
        assert neutralise(text) == text


@settings(max_examples=40)
@given(st.lists(hostile_text, min_size=FIELDS, max_size=FIELDS))
def test_csv_and_json_with_hostile_text_read_back(texts: list[str]) -> None:
    _tabular_round_trip(texts)


def test_csv_and_json_with_every_hostile_piece() -> None:
    _tabular_round_trip(EVERY_PIECE)


def _tabular_round_trip(texts: list[str]) -> None:
    a = hostile_alloy(texts)
    text = mg.export(a, to="csv")
    text.encode("utf-8")  # writable to a file
    # pandas as it is, except that text columns stay text: "NA" or "123" are names here
    table = pd.read_csv(io.StringIO(text), keep_default_na=False, dtype=str)
    assert len(table) == 1
    want = {"record": a.record_id, "grade": a.grade, "temper": a.temper, "product_form": a.product_form}
    for col, original in want.items():
        assert table.loc[0, col] == neutralise(original or "")
    src = a.property_values[0].source
    assert table.loc[0, "elastic_modulus [Pa] source"] == neutralise(src.key)
    assert encodable(a.property_values[0].locator) in table.loc[0, "elastic_modulus [Pa] provenance"]
    numbers = pd.read_csv(io.StringIO(text))
    assert numbers.loc[0, "elastic_modulus [Pa]"] == 45e9 and numbers.loc[0, "poisson_ratio []"] == 0.35
    for cell in table.loc[0]:  # nothing a spreadsheet would evaluate
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or _PLAIN_NUMBER.fullmatch(cell)
    doc = json.loads(mg.export(a, to="json"))
    assert doc["records"] == [a.record_id]
    row = doc["values"][0]
    assert (row["record"], row["locator"], row["note"]) == (
        a.record_id,
        a.property_values[0].locator,
        "; ".join(x for x in (a.property_values[0].conditions.note, a.property_values[0].note) if x),
    )
    assert doc["sources"][0]["title"] == src.title and doc["sources"][0]["id"] == src.key


# --- the sources of what was used (the citation formats: tests/test_citations.py) --------------
def test_check_citations_are_exactly_the_sources_used() -> None:
    res = mg.check("AZ91D", mg.family(8))
    used = {r.value.source.key for r in res.criteria if r.value is not None}
    bib = res.citations("bibtex")
    assert {line.split("{", 1)[1].rstrip(",") for line in bib.splitlines() if line.startswith("@")} == used
    relative = mg.check("AE44", mg.family(6, reading="re-die-castings"))  # a die casting in scope
    keys = [s.key for s in relative.sources()]
    # the reference records' values behind max(...), from the one source printing all three
    assert "lunt-material-properties" in keys
    assert {v.source.key for v in relative.criteria[0].reference_values} <= set(keys)


def test_exported_sources_are_those_of_the_numbers_written() -> None:
    keys = {s.key for s in exported_sources("AZ91D", to="lsdyna")}
    a = mg.alloy("AZ91D")
    want = {a.value(p).source.key for p in CARD_PROPS if p != "thermal_expansion"}  # type: ignore[union-attr]
    assert keys == want


# --- CLI --------------------------------------------------------------------------------------
def test_cli_export_and_cite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["export", "AZ91D", "--to", "abaqus", "--units", "mm-t-s"]) == 0
    out = capsys.readouterr().out
    assert "*MATERIAL, NAME=AZ91D-F" in out and "unit system mm-t-s" in out
    assert main(["export", "--family", "10", "--to", "matml", "-o", str(tmp_path / "f10.xml")]) == 0
    assert len(parse_matml((tmp_path / "f10.xml").read_text())) == len(mg.alloys(family=10))
    assert schema_errors((tmp_path / "f10.xml").read_text()) == []
    assert main(["cite", "AZ91D", "--check", "8", "--style", "bibtex"]) == 0
    out = capsys.readouterr().out
    assert out.count("@") == 1 and "meridian-lightweight-alloys" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["export", "MRI153M"], "has no typical poisson_ratio"),
        (["export", "AZ91D", "--to", "nastran"], "unknown export format"),
        (["export", "MRI153M", "--to", "ansys", "--strict"], "has no typical poisson_ratio"),
        (["export"], "give one or more alloy names"),
        (["cite", "AZ91D", "--style", "apa"], "unknown citation style"),
        (["cite", "AZ91D", "--check", "8", "--target", "uts > 1 MPa"], "exactly one of --family"),
    ],
)
def test_cli_errors_are_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


# --- temperature tables (the writers' side; series come from the data's curves) -------------------
def _series_material() -> Material:
    a = mg.alloy("AZ91D")
    base = collect(a, abaqus.CARDS[2].needs + abaqus.CARDS[1].needs, unit_system("SI"), (mg.Kind.typical,))
    k = base.constant("thermal_conductivity")
    # a test-only series: the writers must tabulate whatever (value, temperature) rows they get
    series = tuple(
        Number(k.property, k.magnitude + dt, k.unit, k.origin, temperature=t)
        for t, dt in ((20.0, 0.0), (100.0, 5.0), (200.0, 10.0))
    )
    return Material(a, base.system, {**base.numbers, "thermal_conductivity": series}, base.kinds)


def test_writers_tabulate_temperature_series() -> None:
    mat = _series_material()
    doc = Document(((mat, (abaqus.CARDS[2], abaqus.CARDS[1])),), (), (), mat.system, mat.kinds)
    card = abaqus.write(doc)
    body = card.split("*CONDUCTIVITY\n", 1)[1].split("*ELASTIC", 1)[0].split()
    assert body == ["45.19,", "20.0", "50.19,", "100.0", "55.19,", "200.0"]
    for_ansys = Document(((mat, (ansys.CARDS[2],)),), (), (), mat.system, mat.kinds)
    datas = [d.text for d in ET.fromstring(ansys.write(for_ansys)).iter("Data")]
    assert "45.19, 50.19, 55.19" in datas and "20.0, 100.0, 200.0" in datas
    datas = [d.text for d in ET.fromstring(matml.write(doc)).iter("Data")]
    assert "45.19,50.19,55.19" in datas and "20.0,100.0,200.0" in datas


def test_series_on_different_grids_are_never_interpolated() -> None:
    mat = _series_material()
    e = mat.constant("elastic_modulus")
    odd = tuple(Number(e.property, e.magnitude, e.unit, e.origin, temperature=t) for t in (20.0, 150.0))
    mixed = Material(mat.record, mat.system, {**mat.numbers, "poisson_ratio": odd}, mat.kinds)
    with pytest.raises(mg.ExportError, match="never interpolated"):
        table(mixed, ("thermal_conductivity", "poisson_ratio"))


def test_curves_become_tables_where_the_format_takes_them() -> None:
    cu = mg.alloy("Cu")
    curve = cu.curve("thermal_conductivity")
    assert curve is not None and len(curve.points) == 2
    root = ET.fromstring(mg.export(cu, to="ansys"))
    datas = [d.text for d in root.iter("Data")]
    assert "394.0, 385.0" in datas and "20.0, 100.0" in datas
    card = mg.export(cu, to="abaqus", units="US", partial=True)
    assert "*CONDUCTIVITY\n" in card
    rows = card.split("*CONDUCTIVITY\n", 1)[1].split("*", 1)[0].split()
    assert [float(x.rstrip(",")) for x in rows[1::2]] == pytest.approx([68.0, 212.0])  # degF
    assert any(
        "(typical, 20 °C, curve) [cda-intro-copper-fact-sheets-2001, Table 5" in x
        for x in comments(card, "** ")
    )
    # constants-only formats use the room-temperature value
    table = pd.read_csv(io.StringIO(mg.export(cu, to="csv")))
    k = cu.value("thermal_conductivity")
    assert k is not None and table.loc[0, "thermal_conductivity [W/(m·K)] source"] == k.source.key


# --- a user's folder with hostile text, through the loader and every writer -----------------------
# The strict reader refuses line breaks, control and invisible characters in a data cell (a row is
# one line: tests/test_strictcsv.py), so what a folder can carry to a writer is printable text
# that means something to a solver, an XML parser, a spreadsheet or TeX; the rest reaches the
# writers through the API (user_alloy, hostile_alloy above).
FOLDER_TEXT = "*INCLUDE, INPUT=/etc/passwd --> ]]> {\\ =1+1"


def _hostile_folder(tmp_path: Path) -> Path:
    """A data folder whose every text cell holds text that steers one format or another (written
    by Python's csv module, so the CSV itself is well formed)."""
    import csv

    root = tmp_path / "mine"
    tables = {
        "sources": [
            ["key", "kind", "title", "authors", "container_title", "url", "doi", "note"],
            [
                "lab " + FOLDER_TEXT,
                "paper",
                FOLDER_TEXT,
                "Doe, J. " + FOLDER_TEXT,
                FOLDER_TEXT,
                "http://x/}",
                "10.1/}",
                FOLDER_TEXT,
            ],
        ],
        "records": [
            ["record_id", "grade", "temper", "product_form", "families"],
            ["XA1 " + FOLDER_TEXT, "XA1 " + FOLDER_TEXT, "", "", ""],
        ],
        "values": [
            [
                "record_id",
                "property",
                "value",
                "unit",
                "kind",
                "test_temperature",
                "source",
                "locator",
                "note",
            ],
        ],
    }
    for prop, value, unit in (
        ("density", "1.8", "g/cm**3"),
        ("elastic_modulus", "45", "GPa"),
        ("poisson_ratio", "0.35", ""),
    ):
        tables["values"].append(
            [
                "XA1 " + FOLDER_TEXT,
                prop,
                value,
                unit,
                "typical",
                "RT",
                "lab " + FOLDER_TEXT,
                FOLDER_TEXT,
                FOLDER_TEXT,
            ]
        )
    for name, rows in tables.items():
        (root / name).mkdir(parents=True)
        with open(root / name / "lab.csv", "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
    return root


def test_a_user_folder_with_hostile_text_goes_through_every_writer(tmp_path: Path) -> None:
    cat = mg.load(_hostile_folder(tmp_path))
    a = cat.record("XA1 " + FOLDER_TEXT)
    assert a.value("density").locator == FOLDER_TEXT  # type: ignore[union-attr]  # read as written
    check_deck(mg.export(a, to="abaqus", catalog=cat, partial=True), "**", abaqus.WIDTH)
    check_deck(mg.export(a, to="lsdyna", catalog=cat, partial=True), "$", lsdyna.WIDTH)
    text = mg.export(a, to="matml", catalog=cat)
    assert (
        schema_errors(text) == []
        and etree.fromstring(text.encode()).findtext(".//BulkDetails/Name") == a.record_id
    )
    table = pd.read_csv(io.StringIO(mg.export(a, to="csv", catalog=cat)), dtype=str, keep_default_na=False)
    assert (
        table.loc[0, "record"] == a.record_id
        and table.loc[0, "density [kg/m³] source"] == "lab " + FOLDER_TEXT
    )
    assert json.loads(mg.export(a, to="json", catalog=cat))["values"][0]["locator"] == FOLDER_TEXT
