"""Tables, derived properties, comparisons, rankings and Pareto fronts (issue 5)."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys.derived import derived_info, derived_properties, is_derived
from mgalloys.errors import (
    AlloyNotFoundError,
    FamilyNotFoundError,
    IncompatibleScalesError,
    MgAlloysError,
    UnknownPropertyError,
    WrongDimensionError,
)
from mgalloys.references import reference_metals, vs_reference
from mgalloys.tables import (
    META_COLUMNS,
    compare,
    pareto,
    pareto_mask,
    rank,
    to_frame,
)

DERIVED = derived_properties()


def _default(a: mg.Alloy, prop: str, unit: str | None = None) -> float:
    q = a.get(prop, unit)
    return math.nan if q is None else float(q.magnitude)


def _same(x: float, y: float) -> bool:
    return (math.isnan(x) and math.isnan(y)) or x == pytest.approx(y, rel=1e-12)


# --- derived properties ------------------------------------------------------------------------
def test_derived_definitions_are_documented_and_unique() -> None:
    ids = [d.id for d in DERIVED]
    assert ids == [
        "specific_tensile_strength",
        "specific_yield_strength",
        "specific_stiffness",
        "beam_stiffness_index",
        "panel_stiffness_index",
        "beam_strength_index",
        "panel_strength_index",
        "specific_thermal_conductivity",
        "specific_electrical_conductivity",
    ]
    for d in DERIVED:
        assert d.name and d.formula and d.design_case and d.description and d.label
        assert "density" in d.inputs
        assert d.column == f"{d.id} [{d.label}]"
    assert derived_info("specific_strength").id == "specific_tensile_strength"
    assert derived_info("tie_stiffness_index").id == "specific_stiffness"
    assert derived_info("tie_strength_index").id == "specific_yield_strength"
    assert is_derived("Beam-Stiffness-Index") and not is_derived("density")
    with pytest.raises(UnknownPropertyError, match="specific_stiffness"):
        derived_info("specific_stifness")
    assert derived_info("specific_strength").factor() == 1.0  # MPa/(g/cm³) is exactly kN·m/kg
    assert derived_info("specific_strength").factor("kJ/kg") == 1.0
    with pytest.raises(WrongDimensionError, match="specific_tensile_strength"):
        derived_info("specific_strength").factor("MPa")


@given(
    st.floats(1.0, 700.0),
    st.floats(1.0, 700.0),
    st.floats(10.0, 400.0),
    st.floats(0.5, 20.0),
)
def test_derived_values_equal_pint_arithmetic(uts: float, ys: float, e: float, rho: float) -> None:
    """Each vectorized formula equals the same formula computed with pint quantities."""
    arrays = {
        "tensile_strength": np.array([uts]),
        "yield_strength": np.array([ys]),
        "elastic_modulus": np.array([e]),
        "thermal_conductivity": np.array([uts / 5]),
        "electrical_conductivity": np.array([ys / 30]),
        "density": np.array([rho]),
    }
    q = {
        "tensile_strength": mg.quantity(uts, "MPa"),
        "yield_strength": mg.quantity(ys, "MPa"),
        "elastic_modulus": mg.quantity(e, "GPa"),
        "thermal_conductivity": mg.quantity(uts / 5, "W/(m*K)"),
        "electrical_conductivity": mg.quantity(ys / 30, "MS/m"),
        "density": mg.quantity(rho, "g/cm**3"),
    }
    for d in DERIVED:
        expected = mg.quantity(1.0, "dimensionless")
        for prop, power in d.computed_from:
            expected = expected * q[prop] ** power
        got = d.compute(arrays)
        assert got[0] == pytest.approx(expected.to(d.unit).magnitude, rel=1e-12)
    strength = derived_info("specific_strength").compute(arrays, "psi/(lb/in**3)")
    expected_si = (q["tensile_strength"] / q["density"]).to("psi/(lb/in**3)").magnitude
    assert strength[0] == pytest.approx(expected_si, rel=1e-12)


def test_derived_nan_and_negative_inputs() -> None:
    d = derived_info("beam_strength_index")
    out = d.compute(
        {"yield_strength": np.array([np.nan, -5.0, 100.0]), "density": np.array([1.8, 1.8, np.nan])}
    )
    assert np.isnan(out).all()


# --- to_frame: wide --------------------------------------------------------------------------
def test_wide_frame_layout() -> None:
    df = to_frame()
    records = mg.alloys()
    assert len(df) == len(records)
    assert tuple(df.columns[: len(META_COLUMNS)]) == META_COLUMNS
    assert df["record_id"].tolist() == [a.record_id for a in records]
    for info in mg.properties():
        assert info.column in df.columns
    for d in DERIVED:
        assert d.column in df.columns
    numeric = df.columns[len(META_COLUMNS) :]
    assert all(df[c].dtype == np.float64 for c in numeric)
    assert all(pd.api.types.is_string_dtype(df[c]) for c in META_COLUMNS)
    assert not any(isinstance(v, pint.Quantity) for c in df.columns for v in df[c])  # never Quantities
    assert df["families"].iloc[0] == ";".join(records[0].families)
    assert to_frame(derived=False).shape[1] == df.shape[1] - len(DERIVED)


def test_wide_frame_holds_the_default_values() -> None:
    df = to_frame()
    for i, a in enumerate(mg.alloys()):
        for info in mg.properties():
            if info.is_hardness:
                continue
            assert _same(float(df[info.column].iloc[i]), _default(a, info.id)), (a.record_id, info.id)
        for d in DERIVED:
            v = a.value(d.id)
            got = float(df[d.column].iloc[i])
            if v is None or v.value_max is None:
                assert _same(got, math.nan if v is None else v.value), (a.record_id, d.id)
            else:  # the table computes from the inputs' midpoints: inside the computed range
                assert v.value * (1 - 1e-12) <= got <= v.value_max * (1 + 1e-12), (a.record_id, d.id)


def test_hardness_gets_one_column_per_scale() -> None:
    df = to_frame()
    scales = {v.unit for a in mg.alloys() for v in a.values("hardness") if v.conditions.is_room_temperature}
    cols = [c for c in df.columns if c.startswith("hardness [")]
    assert cols[0] == "hardness [HB]"
    assert {c[len("hardness [") : -1] for c in cols} == scales | {"HB"}
    for i, a in enumerate(mg.alloys()):
        for scale in scales:
            vals = [v for v in a.values("hardness") if v.unit == scale and v.conditions.is_room_temperature]
            expected = vals[0].quantity.magnitude if vals else math.nan
            assert _same(float(df[f"hardness [{scale}]"].iloc[i]), expected)
    with pytest.raises(IncompatibleScalesError, match="never converted"):
        to_frame(units={"hardness": "MPa"})
    assert to_frame(units={"hardness": "HV"}).columns.tolist() == df.columns.tolist()
    hv = rank("hardness", units={"hardness": "HV"})
    assert hv.columns[-1] == "hardness [HV]"
    assert hv["hardness [HV]"].tolist() == sorted(df["hardness [HV]"].dropna(), reverse=True)
    assert compare(["AZ91D"], ["hardness"], units={"hb": "HV"}).index.tolist() == ["hardness [HV]"]


def test_units_rename_and_convert_columns() -> None:
    df = to_frame(
        ["AZ91D", "6061-T6"], units={"uts": "ksi", "density": "lb/in**3", "solidus": "degF", "ec": "%IACS"}
    )
    for i, name in enumerate(["AZ91D", "6061-T6"]):
        a = mg.alloy(name)
        assert df["tensile_strength [ksi]"].iloc[i] == pytest.approx(_default(a, "uts", "ksi"), rel=1e-12)
        assert df["density [lb/in**3]"].iloc[i] == pytest.approx(
            _default(a, "density", "lb/in**3"), rel=1e-12
        )
        assert df["solidus [degF]"].iloc[i] == pytest.approx(_default(a, "solidus", "degF"), rel=1e-12)
        assert df["electrical_conductivity [%IACS]"].iloc[i] == pytest.approx(_default(a, "ec", "%IACS"))
    assert "tensile_strength [MPa]" not in df.columns
    d = to_frame(["AZ91D"], units={"specific_strength": "kJ/kg", "beam_stiffness_index": "GPa**0.5*m**3/Mg"})
    assert "specific_tensile_strength [kJ/kg]" in d.columns
    assert d["beam_stiffness_index [GPa**0.5*m**3/Mg]"].iloc[0] == pytest.approx(
        mg.alloy("AZ91D").get(derived_info("beam_stiffness_index").id).magnitude
    )


@pytest.mark.parametrize(
    ("units", "error", "words"),
    [
        ({"uts": "mm"}, WrongDimensionError, ["'mm'", "tensile_strength"]),
        ({"utz": "ksi"}, UnknownPropertyError, ["utz", "tensile_strength", "specific_stiffness"]),
        ({"uts": "kzi"}, mg.UnitParseError, ["kzi"]),
        ({"specific_strength": "MPa"}, WrongDimensionError, ["specific_tensile_strength"]),
        ({"uts": 3}, MgAlloysError, ["must be a string"]),
    ],
)
def test_unit_errors(units: dict[str, object], error: type[Exception], words: list[str]) -> None:
    with pytest.raises(error) as info:
        to_frame(units=units)  # type: ignore[arg-type]
    assert isinstance(info.value, MgAlloysError)
    for w in words:
        assert w in str(info.value)


def test_returned_frames_are_fresh() -> None:
    az = mg.alloy("AZ91D")
    before = az.get("uts").magnitude
    for long in (False, True):
        df = to_frame(long=long)
        snapshot = df.copy(deep=True)
        num = df.select_dtypes("number")
        df.loc[:, num.columns] = 0.0
        df.loc[:, "record_id"] = "x"
        pd.testing.assert_frame_equal(to_frame(long=long), snapshot)
    sub = to_frame(["AZ91D"])
    sub.iloc[0, 6] = -1.0
    assert to_frame(["AZ91D"]).iloc[0, 6] != -1.0
    cmp = compare(["AZ91D", "AM60B"])
    cmp.iloc[:, :] = 0.0
    assert (compare(["AZ91D", "AM60B"]).fillna(1.0) != 0.0).all().all()
    assert az.get("uts").magnitude == before
    assert az.value("uts") is not None and az.value("uts").value == before  # type: ignore[union-attr]


def test_user_alloys_in_a_frame() -> None:
    mine = mg.user_alloy({"uts": "46 ksi", "density": "1.80 g/cm**3"}, name="mine")
    df = to_frame([mine, "AZ91D"])
    assert df["record_id"].tolist() == ["mine", "AZ91D-F"]
    assert df["tensile_strength [MPa]"].iloc[0] == pytest.approx(mg.quantity("46 ksi").to("MPa").magnitude)
    assert df["specific_tensile_strength [kN·m/kg]"].iloc[0] == pytest.approx(
        mg.quantity("46 ksi").to("MPa").magnitude / 1.80
    )
    with pytest.raises(AlloyNotFoundError):
        to_frame(["AZ19D"])
    with pytest.raises(MgAlloysError, match="a name such as"):
        to_frame([42])  # type: ignore[list-item]


# --- to_frame: long ---------------------------------------------------------------------------
def test_long_frame_one_row_per_sourced_value() -> None:
    records = mg.alloys()
    long = to_frame(long=True)
    values = [(a, v) for a in records for v in a.property_values]
    assert len(long) == len(values)
    assert long.columns.tolist()[:9] == [
        "record_id",
        "grade",
        "temper",
        "product_form",
        "property",
        "value",
        "value_max",
        "unit",
        "kind",
    ]
    for col in ("conditions", "source", "locator", "published", "source_kind", "room_temperature"):
        assert col in long.columns
    for i in range(0, len(values), 7):
        a, v = values[i]
        row = long.iloc[i]
        assert (row["record_id"], row["property"], row["kind"]) == (a.record_id, v.property, v.kind.value)
        assert row["value"] == v.value and row["unit"] == v.unit
        assert (row["source"], row["locator"], row["published"]) == (v.source.key, v.locator, v.published)
        assert bool(row["room_temperature"]) == v.conditions.is_room_temperature
        t = v.conditions.test_temperature
        assert _same(float(row["test_temperature [°C]"]), math.nan if t is None else t.to("degC").magnitude)
        assert _same(float(row["value_max"]), math.nan if v.value_max is None else v.value_max)
    assert not long["room_temperature"].all()  # tests at temperature are kept


def test_long_frame_units() -> None:
    long = to_frame(["AZ91D", "6061-T6"], long=True, units={"uts": "ksi"})
    uts = long[long["property"] == "tensile_strength"]
    assert set(uts["unit"]) == {"ksi"}
    raw = [v for n in ("AZ91D", "6061-T6") for v in mg.alloy(n).values("uts")]
    assert sorted(uts["value"]) == pytest.approx(
        sorted(mg.quantity(v.value, v.unit).to("ksi").magnitude for v in raw)
    )
    other = long[long["property"] != "tensile_strength"]
    assert "ksi" not in set(other["unit"])


# --- compare, reference ratios ------------------------------------------------------------------
def test_compare_side_by_side() -> None:
    table = compare(
        ["AZ91D", "AM60B", "AE44"], ["uts", "el", "density", "specific_strength"], units={"uts": "ksi"}
    )
    assert table.columns.tolist() == ["AZ91D-F", "AM60B-F", "AE44-F"]
    assert table.index.tolist() == [
        "tensile_strength [ksi]",
        "elongation [%]",
        "density [g/cm³]",
        "specific_tensile_strength [kN·m/kg]",
    ]
    for name in ("AZ91D", "AM60B", "AE44"):
        a = mg.alloy(name)
        assert _same(table.loc["tensile_strength [ksi]", a.record_id], _default(a, "uts", "ksi"))
        assert _same(table.loc["elongation [%]", a.record_id], _default(a, "el"))
    full = compare(["AZ91D", "AM60B"])
    assert not full.isna().all(axis=1).any()  # properties nobody has are left out
    assert "density [g/cm³]" in full.index and "specific_stiffness [MN·m/kg]" in full.index
    with pytest.raises(AlloyNotFoundError):
        compare(["AZ91D", "nope"])


def test_vs_reference_ratios_and_sentence() -> None:
    r = vs_reference("AZ91D", "6061-T6")
    az, al = mg.alloy("AZ91D"), mg.alloy("6061-T6")
    assert r.alloy == "AZ91D-F" and r.reference == "6061-T6"
    for prop in ("density", "tensile_strength", "electrical_conductivity"):
        assert r.ratio(prop) == pytest.approx(_default(az, prop) / _default(al, prop))
    lighter = round(100 * (1 - r.ratio("density")))
    assert r.sentence.startswith(f"AZ91D-F is {lighter} % lighter than 6061-T6, with ")
    assert f"{round(100 * r.ratio('ec'))} % of its electrical conductivity" in r.sentence
    assert str(r) == r.sentence
    frame = r.to_frame()
    assert frame.columns.tolist() == ["property", "name", "unit", "AZ91D-F", "6061-T6", "ratio"]
    for ref in reference_metals():
        assert mg.alloy(ref).record_id == ref
        assert vs_reference("AZ91D", ref).ratios  # every reference metal shares properties with AZ91D
    heavy = vs_reference("6061-T6", "AZ91D", ["density"])
    assert "heavier than AZ91D-F" in heavy.sentence
    with pytest.raises(MgAlloysError, match="temperature"):
        vs_reference("AZ91D", "Cu", ["solidus"])
    explicit = vs_reference("AZ91D", "Ag", ["density", "fatigue_strength"])
    if math.isnan(explicit.ratio("fatigue_strength")):
        assert "no data to compare: fatigue_strength" in explicit.sentence


# --- rank and pareto ------------------------------------------------------------------------------
def test_rank_orders_and_filters() -> None:
    ranked = rank("specific_strength", family="mg-li")
    col = "specific_tensile_strength [kN·m/kg]"
    members = {a.record_id for a in mg.alloys(family="mg-li")}
    assert set(ranked["record_id"]) <= members
    assert ranked[col].is_monotonic_decreasing and not ranked[col].isna().any()
    assert ranked["rank"].tolist() == list(range(1, len(ranked) + 1))
    assert ranked.columns.tolist()[-2:] == ["tensile_strength [MPa]", "density [g/cm³]"]
    with_value = {
        a.record_id for a in mg.alloys(family="mg-li") if a.get(col.split()[0]) is not None
    }
    assert set(ranked["record_id"]) == with_value
    up = rank("density", ascending=True, n=5, units={"density": "kg/m**3"})
    assert len(up) == 5 and up["density [kg/m**3]"].is_monotonic_increasing
    assert up["density [kg/m**3]"].iloc[0] == pytest.approx(np.nanmin(to_frame()["density [g/cm³]"]) * 1000)
    assert rank("uts", family=9)["record_id"].tolist() == rank("uts", family="mg-li")["record_id"].tolist()
    refs = {a.record_id for a in mg.alloys(family="reference") if a.density is not None}
    assert set(rank("density", family="reference")["record_id"]) == refs
    assert {r for r in refs if mg.alloy(r).grade != "Mg"} <= set(reference_metals())
    with pytest.raises(FamilyNotFoundError):
        rank("uts", family="mgli")
    with pytest.raises(UnknownPropertyError):
        rank("strength")


def _dominated_brute(x: np.ndarray, y: np.ndarray, min_x: bool, max_y: bool) -> np.ndarray:
    a = x if min_x else -x
    b = -y if max_y else y
    ok = ~(np.isnan(a) | np.isnan(b))
    front = np.zeros(len(x), dtype=bool)
    for i in np.flatnonzero(ok):
        others = ok & (a <= a[i]) & (b <= b[i]) & ((a < a[i]) | (b < b[i]))
        front[i] = not others.any()
    return front


@given(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from([0.0, 1.0, 2.0, 3.0]), st.floats(-5, 5), st.just(math.nan)),
            st.one_of(st.sampled_from([0.0, 1.0, 2.0, 3.0]), st.floats(-5, 5), st.just(math.nan)),
        ),
        max_size=40,
    ),
    st.booleans(),
    st.booleans(),
)
def test_pareto_mask_equals_brute_force(points: list[tuple[float, float]], min_x: bool, max_y: bool) -> None:
    x = np.array([p[0] for p in points], dtype=np.float64)
    y = np.array([p[1] for p in points], dtype=np.float64)
    assert pareto_mask(x, y, min_x, max_y).tolist() == _dominated_brute(x, y, min_x, max_y).tolist()


def test_pareto_of_bundled_records() -> None:
    front = pareto("density", "tensile_strength")
    df = to_frame()
    x, y = df["density [g/cm³]"].to_numpy(), df["tensile_strength [MPa]"].to_numpy()
    expected = set(df["record_id"][_dominated_brute(x, y, True, True)])
    assert set(front["record_id"]) == expected and len(front) == len(expected) > 1
    assert front["density [g/cm³]"].is_monotonic_increasing
    assert front["tensile_strength [MPa]"].is_monotonic_increasing  # heavier only when stronger
    hot = pareto(
        "density", "thermal_conductivity", family="high-thermal-conductivity", units={"tc": "BTU/(h*ft*degF)"}
    )
    assert "thermal_conductivity [BTU/(h*ft*degF)]" in hot.columns
    with pytest.raises(MgAlloysError):
        pareto_mask([1.0, 2.0], [1.0])


def test_checks_do_not_import_pandas() -> None:
    """pandas loads with the table and screening modules (a table needs it), never for a lookup,
    a check or a scorecard: the facade loads each module on first use."""
    code = (
        "import sys, mgalloys as mg; mg.check('AZ91D', 8); mg.scorecard(['AZ91D']); "
        "mg.frontier(8); mg.derived_info('specific_strength'); print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"
