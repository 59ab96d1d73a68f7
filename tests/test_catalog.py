"""Lookup by name, grade, temper and alias; the errors for unknown and ambiguous names."""

from __future__ import annotations

import subprocess
import sys
import timeit
from pathlib import Path

import pytest

import mgalloys as mg
from mgalloys._data import data_root
from mgalloys.catalog import Catalog, normalize_name
from mgalloys.recordrows import Layer


@pytest.mark.parametrize("name", ["AZ91D", "az91d", "AZ91D-F", " AZ91 D ", "az91d-f", "AZ91D_F", "M11916"])
def test_az91d_spellings(name: str) -> None:
    assert mg.alloy(name).record_id == "AZ91D-F"


def test_issue_example() -> None:
    az91 = mg.alloy("az91d-f")
    assert az91.density.to("lb/in**3").magnitude == pytest.approx(1.81 / 27.6799, rel=1e-4)
    tc = az91.values("thermal_conductivity")
    assert len(tc) >= 3 and len({v.source.key for v in tc}) >= 3
    for v in tc:
        assert v.source.title and (v.source.url or v.source.doi)
        assert v.quantity.to("W/(m*K)").magnitude == pytest.approx(v.value)


def test_unknown_name_suggests() -> None:
    with pytest.raises(mg.AlloyNotFoundError) as info:
        mg.alloy("AZ19D")
    assert "AZ91D" in info.value.suggestions
    assert "did you mean 'AZ91D'" in str(info.value)
    assert isinstance(info.value, LookupError)


def test_unknown_temper_lists_available() -> None:
    with pytest.raises(mg.TemperNotFoundError) as info:
        mg.alloy("AZ91D-T8")
    assert info.value.grade == "AZ91D"
    assert "AZ91D-F" in str(info.value)


def test_bare_grade_resolves_to_grade_default_and_tempers_stay_apart() -> None:
    h24, o = mg.alloy("AZ31B"), mg.alloy("AZ31B-O")
    assert h24.record_id == "AZ31B-H24" and o.record_id == "AZ31B-O"
    assert all(v.conditions.temper == "H24" for v in h24.property_values)
    assert all(v.conditions.temper == "O" for v in o.property_values)
    assert mg.alloy("AZ31B-H24") is h24


def test_grade_with_several_records_and_no_default_is_ambiguous(tmp_path: Path) -> None:
    root = _mini_data(tmp_path, defaults=("", ""))
    cat = Catalog(root)
    with pytest.raises(mg.AmbiguousAlloyError) as info:
        cat.lookup("XZ1")
    assert set(info.value.candidates) == {"XZ1-T5", "XZ1-T6"}
    assert cat.lookup("XZ1-T6").temper == "T6"


def test_same_temper_two_forms_is_ambiguous(tmp_path: Path) -> None:
    root = _mini_data(tmp_path, defaults=("yes", ""), tempers=("T5", "T5"))
    cat = Catalog(root)
    assert cat.lookup("XZ1").record_id == "XZ1-T5-extrusion"
    with pytest.raises(mg.AmbiguousAlloyError, match="several product forms"):
        cat.lookup("XZ1 T5 ")


def test_alias_resolution() -> None:
    assert mg.alloy("Elektron 21").grade == "EV31A"
    assert mg.alloy("RZ5").grade == "ZE41A"


def test_alloys_filters() -> None:
    everything = mg.alloys()
    assert len(everything) == len(mg.get_catalog().record_ids)
    li = mg.alloys(family="mg-li")
    assert li and all("mg-li" in a.families for a in li)
    assert {a.record_id for a in mg.alloys(grade="AZ31B")} >= {"AZ31B-O", "AZ31B-H24"}
    with_tc = mg.alloys(has="tc")
    assert with_tc and all(a.values("thermal_conductivity") for a in with_tc)
    with pytest.raises(mg.FamilyNotFoundError, match="did you mean 'mg-li'"):
        mg.alloys(family="mgli")
    with pytest.raises(mg.UnknownPropertyError):
        mg.alloys(has="tensile_strenght")


def test_non_string_name() -> None:
    # a wrong type is a TypeError (the library's own), naming what a name is
    with pytest.raises(mg.InputTypeError, match="a string such as 'AZ91D'"):
        mg.alloy(91)  # type: ignore[arg-type]


def test_normalize_name() -> None:
    assert normalize_name(" az-91_d ") == "AZ91D"
    assert normalize_name("EN-MC 21120") == normalize_name("EN MC21120")


def test_warm_lookup_is_a_dict_hit() -> None:
    mg.alloy("AZ91D")
    per_call = min(timeit.repeat(lambda: mg.alloy("AZ91D"), number=2000, repeat=3)) / 2000
    # A generous bound (the benchmark measures the real figure): a cache miss costs ~50x more.
    assert per_call < 50e-6


def test_import_does_not_load_data_or_pandas() -> None:
    code = (
        "import sys, mgalloys, mgalloys.catalog as c;"
        "assert 'pandas' not in sys.modules, 'pandas imported';"
        "assert not c._CATALOG, 'data loaded at import';"
        "mgalloys.alloy('AZ91D').density;"
        "assert 'pandas' not in sys.modules, 'pandas imported by a lookup'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _mini_data(tmp_path: Path, defaults: tuple[str, str], tempers: tuple[str, str] = ("T5", "T6")) -> Path:
    """A two-record dataset for lookup rules that the bundled data may not exercise."""
    root = tmp_path / "data"
    for sub in ("records", "values", "sources", "compositions", "aliases"):
        (root / sub).mkdir(parents=True)
    (root / "properties.csv").write_text(
        (Path(mg.__file__).parent.parent / "data" / "properties.csv").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    forms = ("extrusion", "forging")
    rows = [
        f"XZ1-{t}{'-' + f if tempers[0] == tempers[1] else ''},XZ1,{t},{f},{d},mg-al-zn-zk,test,test"
        for t, f, d in zip(tempers, forms, defaults, strict=True)
    ]
    (root / "records" / "a.csv").write_text(
        "record_id,grade,temper,product_form,grade_default,families,family_basis,description\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    (root / "values" / "a.csv").write_text(
        "record_id,property,value,value_max,unit,kind,test_temperature,strain_rate,conditions,source,locator,note\n",
        encoding="utf-8",
    )
    (root / "sources" / "a.csv").write_text(
        "key,kind,title,authors,publisher,year,url,doi,note\n", encoding="utf-8"
    )
    (root / "compositions" / "a.csv").write_text(
        "grade,element,min,max,nominal,source,locator,note\n", encoding="utf-8"
    )
    (root / "aliases" / "a.csv").write_text("grade,alias,scheme,source,locator,note\n", encoding="utf-8")
    return root


def test_lazy_public_names() -> None:
    """Tables, screening, designations and charts load on first use; their names always work."""
    code = (
        "import sys, mgalloys as mg;"
        "lazy = ('mgalloys.tables', 'mgalloys.screening', 'mgalloys.plot');"
        "assert not any(m in sys.modules for m in lazy);"
        "import mgalloys.screening;"
        "assert callable(mg.screen) and callable(mg.to_frame) and callable(mg.parse_designation);"
        "assert mg.plot.__name__ == 'mgalloys.plot' and 'matplotlib' not in sys.modules;"
        "assert set(mg.__all__) <= set(dir(mg))"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    with pytest.raises(AttributeError):
        mg.no_such_name  # noqa: B018


# --- deferred conversion of the bundled values ------------------------------------------------
def test_deferred_and_eager_loading_build_the_same_records() -> None:
    eager = mg.Catalog(layers=[Layer(data_root())])
    deferred = mg.get_catalog()
    assert eager.record_ids == deferred.record_ids
    assert all(eager.record(r) == deferred.record(r) for r in deferred.record_ids)
    assert eager.unused_sources() == deferred.unused_sources()


def test_a_deferred_value_is_checked_when_its_record_is_built(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    for sub in ("records", "values", "sources"):
        (root / sub).mkdir(parents=True)
    (root / "sources" / "lab.csv").write_text("key,title,kind\nlab,Our tests,user\n", encoding="utf-8")
    (root / "records" / "lab.csv").write_text("record_id,grade\nXA1-T6,XA1\n", encoding="utf-8")
    (root / "values" / "lab.csv").write_text(
        "record_id,property,value,unit,kind,test_temperature,source,locator\n"
        "XA1-T6,density,1.8,MPa,typical,RT,lab,s\n",
        encoding="utf-8",
    )
    cat = mg.Catalog(layers=[Layer(root, str(root), deferred=True)])  # loads: the value waits
    with pytest.raises(mg.DataError, match=r"values/lab.csv:2: .*dimension"):
        cat.lookup("XA1")
    with pytest.raises(mg.DataError, match=r"values/lab.csv:2: .*dimension"):
        mg.load(root)  # a user's folder is checked whole when it is loaded


def test_select_takes_a_family_tag_and_names_what_it_accepts() -> None:
    cat = mg.get_catalog()
    assert all("mg-li" in r.families for r in cat.select(family="mg-li"))
    with pytest.raises(mg.FamilyNotFoundError, match="did you mean 'mg-li'"):
        cat.select(family="mg-lj")
    with pytest.raises(mg.InputTypeError, match="a family tag is a family id"):
        cat.select(family=9)  # type: ignore[arg-type]
    from mgalloys.familytags import paper_families

    paper_families()["families"].clear()  # a caller's copy: what others read stays whole
    assert len(paper_families()["families"]) == 11
