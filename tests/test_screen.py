"""Screening user tables (issue 5): agreement with check(), units, NaN, errors, real data, Dask."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys.bibliography import Source, SourceKind
from mgalloys.checking import resolve_threshold
from mgalloys.errors import (
    DataError,
    IncompatibleScalesError,
    MgAlloysError,
    UnknownPropertyError,
    WrongDimensionError,
)
from mgalloys.inputs import user_alloy
from mgalloys.models import Alloy
from mgalloys.screening import VERDICTS, ColumnNotFoundError, screen
from mgalloys.tables import to_frame
from mgalloys.values import Conditions, Kind, PropertyValue

CAST = "mg-cast-alloys-parhamvs/Mg-GA-Added.csv"

# property -> (column name, canonical unit, other units a column or threshold may use)
PROPS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "tensile_strength": ("UTS", "MPa", ("ksi", "psi", "GPa")),
    "elongation": ("El", "%", ("1", "percent")),
    "density": ("rho", "g/cm**3", ("lb/in**3", "kg/m**3")),
    "electrical_conductivity": ("EC", "MS/m", ("%IACS", "S/m")),
}
OPS = (">", ">=", "<", "<=")


def _conv(x: float, src: str, dst: str) -> float:
    return float(mg.quantity(x, src).to(dst).magnitude)


def _criteria(res: pd.DataFrame) -> list[str]:
    return [c for c in res.columns if ": margin [" in c]


def _check_rows(
    df: pd.DataFrame, target: mg.Target, cols: dict[str, tuple[str, str]]
) -> list[mg.CheckResult]:
    out = []
    for i in range(len(df)):
        vals = {}
        for prop, (name, unit) in cols.items():
            x = df[name].iloc[i]
            if not math.isnan(x):
                vals[prop] = (float(x), unit)
        out.append(mg.check(user_alloy(vals, name=f"row {i}"), target))
    return out


# --- strategies ---------------------------------------------------------------------------------
@st.composite
def case(draw: st.DrawFn, same_units: bool) -> tuple[pd.DataFrame, mg.Target, dict[str, tuple[str, str]]]:
    """A random frame, a random target over its columns, and the column mapping."""
    props = draw(st.lists(st.sampled_from(sorted(PROPS)), min_size=1, max_size=4, unique=True))
    cols: dict[str, tuple[str, str]] = {}
    clauses, thresholds = [], {}
    for p in props:
        name, canon, others = PROPS[p]
        col_unit = canon if same_units else draw(st.sampled_from((canon, *others)))
        thr_unit = canon if same_units else draw(st.sampled_from((canon, *others)))
        cols[p] = (f"{name} [{col_unit}]", col_unit)
        t = draw(st.floats(0.5, 500.0, allow_nan=False).map(lambda v: float(f"{v:.4g}")))
        thresholds[p] = _conv(t, canon, col_unit) if thr_unit != col_unit else t
        thr_text = f"{t:g} {canon}" if same_units else f"{_conv(t, canon, thr_unit):.10g} {thr_unit or '1'}"
        clauses.append(f"{p} {draw(st.sampled_from(OPS))} {thr_text}")
    n = draw(st.integers(1, 25))
    data = {}
    for p in props:
        name = cols[p][0]
        t = thresholds[p]
        # exact threshold values (edges), values near and far from it, and NaN
        value = st.one_of(
            st.just(t),
            st.just(math.nan),
            st.floats(0.0, 4 * t + 1, allow_nan=False),
            st.sampled_from((t * (1 + 1e-6), t * (1 - 1e-6), 0.0)),
        )
        data[name] = draw(st.lists(value, min_size=n, max_size=n))
    return pd.DataFrame(data), mg.target(" and ".join(clauses)), cols


def _assert_agree(df: pd.DataFrame, target: mg.Target, cols: dict[str, tuple[str, str]], exact: bool) -> None:
    res = screen(df, target, cols)
    checks = _check_rows(df, target, cols)
    margins = _criteria(res)
    assert len(margins) == len(target.criteria)
    for i, chk in enumerate(checks):
        near_edge = False
        for k, (c, r) in enumerate(zip(target.criteria, chk.criteria, strict=True)):
            name, unit = cols[c.property]
            x = df[name].iloc[i]
            m = res[margins[k]].iloc[i]
            frac = res[margins[k].split(": margin [")[0] + ": margin fraction"].iloc[i]
            if r.margin is None:
                assert math.isnan(m) and math.isnan(frac)
                continue
            # the margin is in the column's unit; check() gives it in the threshold's
            m_thr = mg.quantity(float(m), unit).to(r.margin.units).magnitude
            assert m_thr == pytest.approx(r.margin.magnitude, rel=1e-9, abs=1e-9 * abs(x) + 1e-12)
            assert r.margin_fraction is not None
            assert frac == pytest.approx(r.margin_fraction, rel=1e-9, abs=1e-9)
            if abs(r.margin_fraction) < 1e-9:
                near_edge = True
        if exact or not near_edge:
            assert res["verdict"].iloc[i] == chk.verdict.value, (i, df.iloc[i].to_dict(), chk.explain())


# --- agreement with check() -------------------------------------------------------------------------
@given(case(same_units=True))
def test_screen_agrees_with_check_row_by_row_exactly(c: Any) -> None:
    """Canonical units everywhere: every row agrees, values exactly on the threshold included."""
    df, target, cols = c
    _assert_agree(df, target, cols, exact=True)


@given(case(same_units=False))
def test_screen_agrees_with_check_in_any_units(c: Any) -> None:
    """Columns and thresholds in other units: rows agree (but for values within rounding of a
    threshold, where the two unit paths may round apart), margins and fractions too."""
    df, target, cols = c
    _assert_agree(df, target, cols, exact=False)


@given(
    st.lists(st.one_of(st.floats(50, 600), st.just(math.nan)), min_size=1, max_size=30),
    st.lists(st.one_of(st.floats(0, 30), st.just(math.nan)), min_size=30, max_size=30),
    st.sampled_from(["MPa", "ksi", "psi", "GPa"]),
    st.sampled_from(["%", "1", "percent"]),
    st.sampled_from(["300 MPa", "43.5113 ksi", "0.3 GPa"]),
)
def test_column_and_threshold_units_do_not_change_verdicts(
    uts: list[float], el: list[float], uts_unit: str, el_unit: str, thr: str
) -> None:
    el = el[: len(uts)]
    base = pd.DataFrame({"uts": uts, "el": el})
    target = mg.target(f"uts > {thr} and el >= 10 %")
    ref = screen(base, target, {"uts": ("uts", "MPa"), "el": ("el", "%")})
    other = pd.DataFrame(
        {
            "u": base["uts"] * _conv(1.0, "MPa", uts_unit),
            "e": base["el"] * _conv(1.0, "%", el_unit or "dimensionless"),
        }
    )
    res = screen(other, target, {"uts": ("u", uts_unit), "el": ("e", el_unit)})
    thr_mpa = _conv(float(thr.split()[0]), thr.split()[1], "MPa")
    near = (np.abs(base["uts"] - thr_mpa) < 1e-9 * thr_mpa) | (np.abs(base["el"] - 10.0) < 1e-9)
    assert (res["verdict"][~near] == ref["verdict"][~near]).all()
    margins = _criteria(res)
    ratio = _conv(1.0, "MPa", uts_unit)
    np.testing.assert_allclose(res[margins[0]], ref[_criteria(ref)[0]] * ratio, rtol=1e-9, atol=1e-9)


@given(
    st.lists(
        st.tuples(
            st.one_of(st.floats(0, 600), st.just(math.nan)), st.one_of(st.floats(0, 30), st.just(math.nan))
        ),
        min_size=1,
        max_size=40,
    )
)
def test_nan_is_unknown_never_fail(rows: list[tuple[float, float]]) -> None:
    df = pd.DataFrame(rows, columns=["UTS", "El"])
    res = screen(df, mg.family(8), {"uts": ("UTS", "MPa"), "el": ("El", "%")})
    uts_fails = df["UTS"] <= 300  # False for NaN
    el_fails = df["El"] <= 10
    missing = df["UTS"].isna() | df["El"].isna()
    assert (res["verdict"][missing] != "pass").all()
    assert ((res["verdict"] == "fail") == (uts_fails | el_fails)).all()
    assert ((res["verdict"] == "unknown") == (missing & ~uts_fails & ~el_fails)).all()
    margins = _criteria(res)
    assert res[margins[0]].isna().equals(df["UTS"].isna())
    assert res[margins[1]].isna().equals(df["El"].isna())


# --- output, input untouched ----------------------------------------------------------------------
def test_result_layout_and_input_untouched() -> None:
    df = pd.DataFrame(
        {"UTS (MPa)": [310.0, 290.0, np.nan], "El%": [12.0, 20.0, 11.0], "name": ["a", "b", "c"]}
    )
    df.index = pd.Index(["x", "y", "z"], name="alloy")
    before = df.copy(deep=True)
    res = screen(df, "uts > 300 MPa and el > 10 %", {"uts": ("UTS (MPa)", "MPa"), "el": ("El%", "%")})
    pd.testing.assert_frame_equal(df, before)
    assert res.index.equals(df.index)
    assert isinstance(res["verdict"].dtype, pd.CategoricalDtype)
    assert list(res["verdict"].cat.categories) == list(VERDICTS)
    assert res["verdict"].tolist() == ["pass", "fail", "unknown"]
    assert res.columns.tolist() == [
        "verdict",
        "tensile_strength > 300 MPa: margin [MPa]",
        "tensile_strength > 300 MPa: margin fraction",
        "elongation > 10 %: margin [%]",
        "elongation > 10 %: margin fraction",
    ]
    assert res.iloc[:, 1].tolist()[:2] == [10.0, -10.0]
    assert res.iloc[:, 2].tolist()[:2] == pytest.approx([10 / 300, -10 / 300])
    for col in res.columns[1:]:
        assert res[col].dtype == np.float64
        assert not np.shares_memory(res[col].to_numpy(), df["UTS (MPa)"].to_numpy())
    res.iloc[0, 1] = -1.0  # the result is the caller's
    pd.testing.assert_frame_equal(df, before)
    no_frac = screen(df, mg.family(8), {"uts": ("UTS (MPa)", "MPa"), "el": ("El%", "%")}, fractions=False)
    assert [c for c in no_frac.columns if "fraction" in c] == []


def test_integer_and_nullable_columns() -> None:
    df = pd.DataFrame(
        {"uts": pd.array([310, 290, 400], dtype="Int64"), "el": pd.array([12.0, None, 5.0], dtype="Float64")}
    )
    df.loc[2, "uts"] = pd.NA
    res = screen(df, mg.family(8), {"uts": ("uts", "MPa"), "el": ("el", "%")})
    assert res["verdict"].tolist() == ["pass", "fail", "fail"]
    res2 = screen(df, "uts > 300 MPa", {"uts": ("uts", "MPa")})
    assert res2["verdict"].tolist() == ["pass", "fail", "unknown"]


def test_relative_threshold_resolved_from_bundled_records() -> None:
    crit = mg.target("ec > A380-F").criteria[0]
    ref = resolve_threshold(crit)[0].to("MS/m").magnitude
    df = pd.DataFrame({"ec": [ref * 1.01, ref * 0.99, np.nan]})
    res = screen(df, "ec > A380-F", {"ec": ("ec", "MS/m")})
    assert res["verdict"].tolist() == ["pass", "fail", "unknown"]
    assert res.iloc[0, 1] == pytest.approx(ref * 0.01)
    fam3 = mg.family("high-electrical-conductivity", reading="conductivity-only")
    df3 = pd.DataFrame({"EC (%IACS)": [35.0, 28.0, 40.0], "rho": [1.80, 1.75, 2.9]})
    cols = {"ec": ("EC (%IACS)", "%IACS"), "density": ("rho", "g/cm**3")}
    res3 = screen(df3, fam3, cols)
    assert res3["verdict"].tolist() == [c.verdict.value for c in _check_rows(df3, fam3.target, cols)]


def test_no_criteria_and_temperature_windows_without_a_temperature_column() -> None:
    df = pd.DataFrame({"uts": [500.0, 100.0]})
    empty = screen(df, mg.family(1), {})
    assert empty.columns.tolist() == ["verdict"] and set(empty["verdict"]) == {"unknown"}
    hot = screen(df, mg.family("heat-resistant"), {"uts": ("uts", "MPa")})
    assert set(hot["verdict"]) == {"unknown"}  # the table's values are room-temperature ones
    assert hot.iloc[:, 1].isna().all()
    for i in range(2):
        assert (
            mg.check({"uts": (float(df["uts"][i]), "MPa")}, mg.family("heat-resistant")).verdict.value
            == "unknown"
        )


def _alloy_at(values: dict[str, float], temp_c: float | None) -> Alloy:
    src = Source(key="user", kind=SourceKind.user, title="user")
    t = None if temp_c is None else mg.quantity(temp_c, "degC")
    pvs = tuple(
        PropertyValue(
            property=p,
            value=v,
            unit=mg.property_info(p).unit,
            kind=Kind.typical,
            conditions=Conditions(test_temperature=t),
            source=src,
        )
        for p, v in values.items()
    )
    return Alloy(record_id="row", grade="row", property_values=pvs)


@given(
    st.lists(
        st.tuples(
            st.floats(50, 600),
            st.one_of(
                st.just(math.nan),
                st.sampled_from(
                    [20.0, 25.0, 31.0, 149.0, 151.0, 246.0, 250.0, 254.0, 256.0, 300.0, 399.0, 402.0]
                ),
            ),
        ),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from(["degC", "K", "degF"]),
)
def test_temperature_column_selects_the_criteria_a_row_counts_for(
    rows: list[tuple[float, float]], t_unit: str
) -> None:
    target = mg.target("uts > 300 MPa at 250 degC and uts > 200 MPa at 150..400 degC and uts > 100 MPa")
    df = pd.DataFrame(rows, columns=["uts", "T"])
    df["T"] = [_conv(t, "degC", t_unit) if not math.isnan(t) else t for t in df["T"]]
    res = screen(df, target, {"uts": ("uts", "MPa")}, temperature=("T", t_unit))
    for i, (uts, t_c) in enumerate(rows):
        chk = mg.check(_alloy_at({"tensile_strength": uts}, None if math.isnan(t_c) else t_c), target)
        assert res["verdict"].iloc[i] == chk.verdict.value, (uts, t_c, chk.explain())
        for k, r in enumerate(chk.criteria):
            assert math.isnan(res.iloc[i, 1 + 2 * k]) == (r.margin is None)


def test_value_kinds() -> None:
    df = pd.DataFrame({"uts": [310.0, 290.0]})
    assert set(screen(df, "uts > 300 MPa", {"uts": ("uts", "MPa")}, kind="minimum")["verdict"]) == {"unknown"}
    spec = mg.target("uts > 300 MPa", kinds=["minimum"])
    assert screen(df, spec, {"uts": ("uts", "MPa")}, kind="minimum")["verdict"].tolist() == ["pass", "fail"]
    with pytest.raises(MgAlloysError, match="unknown value kind"):
        screen(df, spec, {"uts": ("uts", "MPa")}, kind="mean")


def test_columns_default_to_the_names_to_frame_writes() -> None:
    table = to_frame(units={"uts": "ksi"})
    auto = screen(table, mg.family(8))
    explicit = screen(
        table, mg.family(8), {"uts": ("tensile_strength [ksi]", "ksi"), "el": ("elongation [%]", "%")}
    )
    pd.testing.assert_frame_equal(auto, explicit)
    assert "tensile_strength > 300 MPa: margin [ksi]" in auto.columns


# --- errors before any work -----------------------------------------------------------------------
@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("screen started work before reporting the error")

    monkeypatch.setattr(sys.modules["mgalloys.screening"], "_apply", fail)


FRAME = pd.DataFrame({"UTS (MPa)": [310.0], "El%": [12.0], "name": ["a"], "flag": [True]})


@pytest.mark.parametrize(
    ("target", "columns", "error", "words"),
    [
        (8, {"uts": ("UTS (MPa)", "MPa")}, ColumnNotFoundError, ["elongation", "columns="]),
        (8, {"uts": ("UTS", "MPa"), "el": ("El%", "%")}, ColumnNotFoundError, ["'UTS'", "'UTS (MPa)'"]),
        (
            8,
            {"uts": ("UTS (MPa)", "mm"), "el": ("El%", "%")},
            WrongDimensionError,
            ["UTS (MPa)", "'mm'", "tensile_strength"],
        ),
        (8, {"uts": ("UTS (MPa)", "MPa"), "el": ("El%", "MPa")}, WrongDimensionError, ["El%", "elongation"]),
        (8, {"uts": ("name", "MPa"), "el": ("El%", "%")}, DataError, ["'name'", "pd.to_numeric"]),
        (8, {"uts": ("flag", "MPa"), "el": ("El%", "%")}, DataError, ["'flag'", "bool"]),
        (8, {"utz": ("UTS (MPa)", "MPa")}, UnknownPropertyError, ["utz", "tensile_strength"]),
        (8, {"uts": "UTS (MPa)"}, MgAlloysError, ["(column name, unit)"]),
        ("hb > 60 HB", {"hardness": ("UTS (MPa)", "HV")}, IncompatibleScalesError, ["HV", "never convert"]),
        ("uts > 3 m", {"uts": ("UTS (MPa)", "MPa")}, MgAlloysError, ["threshold"]),
    ],
)
def test_mapping_errors_come_before_any_work(
    no_work: None, target: Any, columns: Any, error: type[Exception], words: list[str]
) -> None:
    with pytest.raises(error) as info:
        screen(FRAME, target, columns)
    assert isinstance(info.value, MgAlloysError)
    for w in words:
        assert w in str(info.value)


def test_temperature_mapping_errors(no_work: None) -> None:
    with pytest.raises(WrongDimensionError, match="test temperature"):
        screen(FRAME, 8, {"uts": ("UTS (MPa)", "MPa"), "el": ("El%", "%")}, temperature=("El%", "%"))
    with pytest.raises(ColumnNotFoundError, match="'T'"):
        screen(FRAME, 8, {"uts": ("UTS (MPa)", "MPa"), "el": ("El%", "%")}, temperature=("T", "degC"))


# --- real data --------------------------------------------------------------------------------------
def test_cast_alloys_dataset_as_plain_pandas_selects(shared_external: Path) -> None:
    df = pd.read_csv(shared_external / CAST)
    assert len(df) == 278
    before = df.copy(deep=True)
    uts, ys, el = df["UTS (MPa)"], df["YS (MPa)"], df["El%"]

    res = screen(df, mg.family("high-strength-casting"), {"uts": ("UTS (MPa)", "MPa"), "el": ("El%", "%")})
    assert res.index.equals(df.index)
    assert (res["verdict"] == "pass").equals((uts > 300) & (el > 10))
    assert (res["verdict"] == "fail").equals((uts <= 300) | (el <= 10))
    missing_el = el.isna()
    assert missing_el.sum() == 91
    # a missing elongation never fails a row: those rows fail only on strength
    assert (res["verdict"][missing_el] == "fail").equals(uts[missing_el] <= 300)
    assert (res["verdict"][missing_el & ~(uts <= 300)] == "unknown").all()
    # on elongation alone, every row with a missing elongation is unknown, and only those
    ductile = screen(df, "el > 10 %", {"el": ("El%", "%")})
    assert ((ductile["verdict"] == "unknown") == missing_el).all()
    assert (ductile["verdict"] == "pass").equals(el > 10)

    strong = screen(
        df, "uts > 350 MPa and ys > 250 MPa", {"uts": ("UTS (MPa)", "MPa"), "ys": ("YS (MPa)", "MPa")}
    )
    assert (strong["verdict"] == "pass").equals((uts > 350) & (ys > 250))
    assert df.index[strong["verdict"] == "pass"].tolist() == df.index[(uts > 350) & (ys > 250)].tolist()
    assert (strong["verdict"] == "pass").sum() > 0
    pd.testing.assert_frame_equal(df, before)

    # a threshold in ksi selects what pandas selects with that threshold converted to MPa
    in_ksi = screen(df, "uts > 43.5 ksi and el > 10 %", {"uts": ("UTS (MPa)", "MPa"), "el": ("El%", "%")})
    thr = mg.quantity("43.5 ksi").to("MPa").magnitude
    assert (in_ksi["verdict"] == "pass").equals((uts > thr) & (el > 10))


# --- Dask -------------------------------------------------------------------------------------------
def _generated(n: int, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "UTS (ksi)": rng.normal(40.0, 8.0, n),
            "EC (%IACS)": rng.normal(30.0, 6.0, n),
            "rho (lb/in3)": rng.normal(0.065, 0.004, n),
        }
    )
    for col in df.columns:
        df.loc[rng.random(n) < 0.05, col] = np.nan
    return df


DASK_COLUMNS = {
    "uts": ("UTS (ksi)", "ksi"),
    "ec": ("EC (%IACS)", "%IACS"),
    "density": ("rho (lb/in3)", "lb/in**3"),
}
DASK_TARGET = "uts > 250 MPa and ec > 17 MS/m and density < 1.8 g/cm**3"


def test_dask_partitions_on_a_local_cluster() -> None:
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("dask.distributed")
    df = _generated(60_000)
    expected = screen(df, DASK_TARGET, DASK_COLUMNS)
    ddf = dd.from_pandas(df, npartitions=6)
    assert ddf.npartitions > 1
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        lazy = screen(ddf, DASK_TARGET, DASK_COLUMNS)
        assert type(lazy).__module__.split(".")[0] in ("dask", "dask_expr")
        assert list(lazy.columns) == list(expected.columns)
        got = client.compute(lazy).result()
        workers = client.run(lambda: 1)
    assert len(workers) == 2
    pd.testing.assert_frame_equal(got.sort_index(), expected)
    assert set(expected["verdict"]) == {"pass", "fail", "unknown"}


def test_dask_errors_before_any_work() -> None:
    dd = pytest.importorskip("dask.dataframe")
    ddf = dd.from_pandas(_generated(100), npartitions=2)
    with pytest.raises(ColumnNotFoundError, match="UTS"):
        screen(ddf, DASK_TARGET, {**DASK_COLUMNS, "uts": ("UTS", "ksi")})
    with pytest.raises(WrongDimensionError):
        screen(ddf, DASK_TARGET, {**DASK_COLUMNS, "ec": ("EC (%IACS)", "W/(m*K)")})


def test_offset_units_margins_and_fractions_agree_with_check() -> None:
    """A temperature threshold in °C against a column in °F: the margin is a °F difference and
    the margin fraction is check()'s (the margin over the threshold, in the threshold's unit)."""
    df = pd.DataFrame({"Ts (F)": [1150.0, 1000.0, np.nan]})
    target = mg.target("solidus > 600 degC")
    res = screen(df, target, {"solidus": ("Ts (F)", "degF")})
    margin, fraction = res.iloc[:, 1], res.iloc[:, 2]
    assert res.columns[1] == "solidus > 600 °C: margin [degF]"
    for i in range(2):
        chk = mg.check(user_alloy({"solidus": (float(df["Ts (F)"][i]), "degF")}), target)
        r = chk.criteria[0]
        assert res["verdict"].iloc[i] == chk.verdict.value
        assert margin.iloc[i] == pytest.approx(float(df["Ts (F)"][i]) - 1112.0)
        assert r.margin is not None and r.margin_fraction is not None
        assert margin.iloc[i] * 5 / 9 == pytest.approx(r.margin.magnitude)  # check: °C difference
        assert fraction.iloc[i] == pytest.approx(r.margin_fraction)
    assert res["verdict"].iloc[2] == "unknown"


@pytest.mark.parametrize("bad", [math.inf, -math.inf])
def test_infinite_values_are_refused_as_check_refuses_them(bad: float) -> None:
    """``screen`` passed a +inf row that ``check`` refuses (issue 22); NaN stays unknown."""
    with pytest.raises(mg.UnitsError, match="finite"):
        mg.check({"uts": (bad, "MPa")}, "uts > 200 MPa")
    df = pd.DataFrame({"u": [300.0, bad, math.nan, bad]}, index=[10, 11, 12, 13])
    with pytest.raises(mg.DataError, match=r"column 'u' holds 2 infinite value\(s\) \(the first at row 11\)"):
        mg.screen(df, "uts > 200 MPa", {"uts": ("u", "MPa")})
    ok = mg.screen(df.iloc[:3].replace(bad, math.nan), "uts > 200 MPa", {"uts": ("u", "MPa")})
    assert ok["verdict"].tolist() == ["pass", "unknown", "unknown"]
