"""Exports: every format, unit system and rule (missing data, kinds, provenance), and citations."""

from __future__ import annotations

import csv
import io
import json
import pickle
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys.cli import main
from mgalloys.exporters import UNIT_SYSTEMS, abaqus, exported_sources, matml, unit_system
from mgalloys.exporters._core import Material, Number, collect, table
from mgalloys.exporters.lsdyna import field
from mgalloys.units import parse_unit

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


# --- MatML ------------------------------------------------------------------------------------
def parse_matml(text: str) -> dict[str, dict[str, float]]:
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
            if name in MATML_PARAMS:
                (text_value,) = (pv.findtext("Data") or "").split(", ")
                values[MATML_PARAMS[name]] = float(text_value)
        out[bulk.findtext("Name") or ""] = values
    return out


@pytest.mark.parametrize("system", SYSTEMS)
def test_matml_parsed_back_matches_the_library(system: str) -> None:
    members = mg.alloys(family=10)
    text = mg.export(members, to="matml", units=system)
    back = parse_matml(text)
    assert list(back) == [m.record_id for m in members]  # one document, every member
    checked = 0
    for m in members:
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


def test_matml_states_units_and_what_it_left_out() -> None:
    text = mg.export(["AZ91D", "MRI153M"], to="matml", units="mm-t-s")
    root = ET.fromstring(text)
    notes = root.findtext("Notes") or ""
    assert "mm-t-s" in notes and "not design allowables" in notes
    assert "LEFT OUT" in notes and "poisson_ratio" in notes
    units = {
        d.findtext("Name"): [u.findtext("Name") for u in d.iter("Unit")]
        for d in root.iter("ParameterDetails")
    }
    assert units["Young's Modulus"] == ["MPa"] and units["Density"] == ["tonne", "mm"]


def test_matml_strict_when_asked() -> None:
    with pytest.raises(mg.MissingDataError, match="MRI153M-F has no typical poisson_ratio"):
        mg.export("MRI153M", to="matml", partial=False)


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
    for prop in CARD_PROPS:
        v = mg.alloy("AZ91D").value(prop)
        assert v is not None
        line = next(x for x in text.splitlines() if x.startswith(f"**   {prop} = "))
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


def test_allowables_only_when_asked() -> None:
    # AZ31B-O has specification minimums; a default export never uses them
    rec = mg.alloy("AZ31B-O")
    text = mg.export(rec, to="csv", kind="minimum")
    rows = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
    assert rows and {r["kind"] for r in rows} == {"minimum"}
    assert "allowable/specification values exported as asked" in text
    default = mg.export(rec, to="csv")
    assert ",minimum," not in default


def test_bad_options_get_library_errors() -> None:
    with pytest.raises(mg.ExportError, match="unknown export format"):
        mg.export("AZ91D", to="nastran")
    with pytest.raises(mg.ExportError, match="unknown unit system"):
        mg.export("AZ91D", units="cgs")
    with pytest.raises(mg.ExportError, match="range has no single value"):
        mg.export("AZ91D", kind="range")
    with pytest.raises(mg.ExportError, match="nothing to export"):
        mg.export([])
    with pytest.raises(mg.AlloyNotFoundError):
        mg.export("AZ9999")


def test_material_names_are_solver_safe_and_unique() -> None:
    a = mg.user_alloy({"E": "45 GPa", "nu": (0.3, ""), "rho": "1.8 g/cm**3"}, name="my alloy 1.5%")
    b = mg.user_alloy({"E": "44 GPa", "nu": (0.3, ""), "rho": "1.8 g/cm**3"}, name="my_alloy_1_5_")
    text = mg.export([a, b], to="abaqus", partial=True)
    names = [line.split("=", 1)[1] for line in text.splitlines() if line.startswith("*MATERIAL")]
    assert names[0] == "my_alloy_1_5_" and len({n.upper() for n in names}) == 2
    assert "stands for record my alloy 1.5%" in text
    assert unit_system("us-customary") is unit_system("US")


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
def test_csv_and_json_rows_carry_provenance() -> None:
    text = mg.export("AZ91D", to="csv", units="US")
    head = [line for line in text.splitlines() if line.startswith("#")]
    assert any("unit system US" in h for h in head)
    rows = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
    a = mg.alloy("AZ91D")
    assert {r["property"] for r in rows} == {v.property for v in a.values(kind="typical")}
    for r in rows:
        v = a.value(r["property"], kind="typical")
        assert v is not None and r["source"] == v.source.key and r["locator"] == v.locator
        if r["property"] == "hardness":
            continue
        assert float(r["value"]) == pytest.approx(library_value(a, r["property"], "US"), rel=1e-11)
    doc = json.loads(mg.export("AZ91D", to="json", units="SI"))
    assert doc["unit_system"] == "SI"
    assert {s["id"] for s in doc["sources"]} == {r["source"] for r in doc["values"]}


# --- citations --------------------------------------------------------------------------------
def test_check_citations_are_exactly_the_sources_used() -> None:
    res = mg.check("AZ91D", mg.family(8))
    used = {r.value.source.key for r in res.criteria if r.value is not None}
    bib = res.citations("bibtex")
    assert {line.split("{", 1)[1].rstrip(",") for line in bib.splitlines() if line.startswith("@")} == used
    relative = mg.check("AE44", mg.family(6))  # a die casting: in the family's scope
    keys = [s.key for s in relative.sources()]
    assert "meridian-lightweight-alloys" in keys  # the reference records' values behind max(...)


def test_citation_styles() -> None:
    a = mg.alloy("AZ91D")
    csl = json.loads(a.citations("csl-json"))
    assert [c["id"] for c in csl] == [s.key for s in a.sources()]
    assert a.citations("text").count("\n") == len(a.sources()) - 1
    with pytest.raises(mg.CitationStyleError, match="known: bibtex, csl-json, text"):
        a.citations("apa")
    paper = mg.Source(
        key="x-2020",
        kind="paper",
        title="Mg & Al: 50% lighter_alloys",
        authors="Li, J.; Peng, R.; et al.",
        publisher="J. Alloys",
        year=2020,
        doi="10.1/abc_d",
    )
    bib = mg.format_citations([paper, paper], "bibtex")
    assert bib.count("@article{x-2020,") == 1
    assert r"Mg \& Al: 50\% lighter\_alloys" in bib and "doi = {10.1/abc_d}" in bib
    assert "author = {Li, J. and Peng, R. and others}" in bib
    item = json.loads(mg.format_citations([paper], "csl-json"))[0]
    assert item["author"][0] == {"family": "Li", "given": "J."} and item["issued"] == {"date-parts": [[2020]]}


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
    assert main(["cite", "AZ91D", "--check", "8", "--style", "bibtex"]) == 0
    out = capsys.readouterr().out
    assert out.count("@") == 1 and "meridian-lightweight-alloys" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["export", "MRI153M"], "has no typical poisson_ratio"),
        (["export", "AZ91D", "--to", "nastran"], "unknown export format"),
        (["export", "MRI153M", "--to", "matml", "--strict"], "has no typical poisson_ratio"),
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
    card = abaqus.write([(mat, [abaqus.CARDS[2], abaqus.CARDS[1]])], [], [])
    body = card.split("*CONDUCTIVITY\n", 1)[1].split("*ELASTIC", 1)[0].split()
    assert body == ["45.19,", "20.0", "50.19,", "100.0", "55.19,", "200.0"]
    doc = matml.write([(mat, [matml.CARDS[2]])], [], [])
    datas = [d.text for d in ET.fromstring(doc).iter("Data")]
    assert "45.19, 50.19, 55.19" in datas and "20.0, 100.0, 200.0" in datas


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
    root = ET.fromstring(mg.export(cu, to="matml"))
    datas = [d.text for d in root.iter("Data")]
    assert "394.0, 385.0" in datas and "20.0, 100.0" in datas
    card = mg.export(cu, to="abaqus", units="US", partial=True)
    assert "*CONDUCTIVITY\n" in card
    rows = card.split("*CONDUCTIVITY\n", 1)[1].split("*", 1)[0].split()
    assert [float(x.rstrip(",")) for x in rows[1::2]] == pytest.approx([68.0, 212.0])  # degF
    assert "(typical, 20 °C, curve) [cda-intro-copper-fact-sheets-2001, Table 5" in card
    # constants-only formats use the room-temperature value
    rows_csv = list(csv.DictReader(x for x in io.StringIO(mg.export(cu, to="csv")) if not x.startswith("#")))
    k = next(r for r in rows_csv if r["property"] == "thermal_conductivity")
    assert k["source"] == cu.value("thermal_conductivity").source.key  # type: ignore[union-attr]
