"""Screening user tables (issue 5): agreement with check(), units, NaN, errors, real data, Dask."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
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
        # a screen judges each column's values as they are: check() without the rules agrees
        out.append(mg.check(user_alloy(vals, name=f"row {i}"), target, strict=True))
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
    assert empty.columns.tolist() == ["verdict"] and set(empty["verdict"]) == {"no target"}
    assert mg.check({"uts": "500 MPa"}, mg.family(1)).verdict.value == "no target"
    hot_only = mg.family("heat-resistant", reading="strength-at-temperature")
    hot = screen(df, hot_only, {"uts": ("uts", "MPa")})
    assert set(hot["verdict"]) == {"unknown"}  # the table's values are room-temperature ones
    assert hot.iloc[:, 1].isna().all()
    for i in range(2):
        # a screen judges the table's values as they are: a check without the rules agrees
        chk = mg.check({"uts": (float(df["uts"][i]), "MPa")}, hot_only, strict=True)
        assert chk.verdict.value == "unknown"
    default = screen(df, mg.family("heat-resistant"), {"uts": ("uts", "MPa")})
    assert default["verdict"].tolist() == ["unknown", "fail"]  # 500 MPa at RT passes, hot unknown


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
        row = _alloy_at({"tensile_strength": uts}, None if math.isnan(t_c) else t_c)
        chk = mg.check(row, target, strict=True)  # a screen applies no rule across columns
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
def test_an_infinite_row_is_refused_and_nan_stays_unknown(bad: float) -> None:
    """``screen`` passed a +inf row that ``check`` refuses (issue 22); NaN stays unknown."""
    with pytest.raises(mg.UnitsError, match="finite"):
        mg.check({"uts": (bad, "MPa")}, "uts > 200 MPa")
    df = pd.DataFrame({"u": [300.0, bad, math.nan, bad]}, index=[10, 11, 12, 13])
    with pytest.raises(mg.DataError, match=r"column 'u', row 11: -?inf is not a finite number"):
        mg.screen(df, "uts > 200 MPa", {"uts": ("u", "MPa")})
    ok = mg.screen(df.iloc[:3].replace(bad, math.nan), "uts > 200 MPa", {"uts": ("u", "MPa")})
    assert ok["verdict"].tolist() == ["pass", "unknown", "unknown"]


# --- any dataframe (issue 24): polars, Arrow, polars lazy and Dask against pandas ---------------------
try:  # both are in the test extra; without them only the tests below are skipped
    import polars as pl
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError:  # pragma: no cover
    pl = pa = pq = None
needs_polars = pytest.mark.skipif(pl is None or pa is None, reason="needs polars and pyarrow (test extra)")

KIND_COLUMNS = {"uts": ("UTS (ksi)", "ksi"), "el": ("El%", "%"), "ec": ("EC (%IACS)", "%IACS")}
KIND_TARGET = "uts > 250 MPa and el >= 8 % and ec > 17 MS/m"


def _dask_of(df: pd.DataFrame) -> Any:
    dd = pytest.importorskip("dask.dataframe")
    return dd.from_pandas(df, npartitions=3)


KINDS: dict[str, Callable[[pd.DataFrame], Any]] = {
    "polars": lambda df: pl.from_pandas(df),
    "polars-lazy": lambda df: pl.from_pandas(df).lazy(),
    "arrow": lambda df: pa.Table.from_pandas(df, preserve_index=False),
    "dask": _dask_of,
}


def _to_pandas(result: Any, kind: str, index: pd.Index) -> pd.DataFrame:
    """A result of ``kind`` as pandas on ``index`` (polars and Arrow have none; null -> NaN)."""
    if kind == "dask":
        out: pd.DataFrame = result.compute()
        return out
    if kind == "polars-lazy":
        result = result.collect()
    frame = result.to_pandas()
    frame.index = index
    for name in frame.columns:
        if name != "verdict" and pd.api.types.is_numeric_dtype(frame[name]):
            frame[name] = frame[name].astype(np.float64)
    if "verdict" in frame.columns:
        frame["verdict"] = frame["verdict"].astype(pd.CategoricalDtype(list(VERDICTS)))
    return frame


def _assert_same_screen(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert got.columns.tolist() == expected.columns.tolist()
    assert got.index.tolist() == expected.index.tolist()
    assert got["verdict"].tolist() == expected["verdict"].tolist()
    for name in expected.columns[1:]:
        np.testing.assert_array_equal(got[name].to_numpy(), expected[name].to_numpy())  # NaN == NaN here


@st.composite
def kind_frames(draw: st.DrawFn) -> pd.DataFrame:
    """A frame of the three columns with values near the thresholds, exact ones, and NaN."""
    n = draw(st.integers(0, 30))
    edges = {"UTS (ksi)": _conv(250.0, "MPa", "ksi"), "El%": 8.0, "EC (%IACS)": _conv(17.0, "MS/m", "%IACS")}
    data = {}
    for name, t in edges.items():
        value = st.one_of(st.just(t), st.just(math.nan), st.floats(0.0, 3 * t, allow_nan=False))
        data[name] = draw(st.lists(value, min_size=n, max_size=n))
    data["note"] = [f"row {i}" for i in range(n)]
    return pd.DataFrame(data, index=pd.RangeIndex(n) * 2)


@needs_polars
@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(max_examples=30, deadline=None)  # Dask and polars' lazy engine cost ~50 ms a call
@given(df=kind_frames())
def test_every_kind_screens_as_pandas(kind: str, df: pd.DataFrame) -> None:
    """Same verdicts, margins and fractions in the same row order; the same kind comes back."""
    expected = screen(df, KIND_TARGET, KIND_COLUMNS)
    native = KINDS[kind](df)
    result = screen(native, KIND_TARGET, KIND_COLUMNS)
    assert type(result) is type(native) or kind == "dask"
    _assert_same_screen(_to_pandas(result, kind, df.index), expected)
    passing = screen(native, KIND_TARGET, KIND_COLUMNS, only="pass")
    assert type(passing) is type(native) or kind == "dask"
    got = _to_pandas(passing, kind, df.index[expected["verdict"] == "pass"])
    pd.testing.assert_frame_equal(got, df[expected["verdict"] == "pass"], check_dtype=False)


@needs_polars
def test_the_kinds_keep_their_own_types() -> None:
    df = pd.DataFrame({"UTS (ksi)": [40.0, np.nan, 30.0], "El%": [9.0, 9.0, 9.0], "EC (%IACS)": [40.0] * 3})
    res = screen(pl.from_pandas(df), KIND_TARGET, KIND_COLUMNS)
    assert res["verdict"].dtype == pl.Enum(list(VERDICTS))
    assert res["verdict"].to_list() == ["pass", "unknown", "fail"]
    assert res[:, 1].null_count() == 1 and not res[:, 1].is_nan().any()  # unknown: null, not NaN
    table = screen(pa.Table.from_pandas(df), KIND_TARGET, KIND_COLUMNS)
    assert pa.types.is_dictionary(table.schema.field("verdict").type)
    assert table.column(1).null_count == 1
    lazy = screen(pl.from_pandas(df).lazy(), KIND_TARGET, KIND_COLUMNS)
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect_schema() == lazy.collect().schema


@needs_polars
def test_polars_nan_and_null_are_both_unknown_never_pass() -> None:
    """polars orders NaN above every number (NaN > 300 is true there): the screen does not."""
    frame = pl.DataFrame({"UTS (MPa)": [float("nan"), None, 310.0]})
    cols = {"uts": ("UTS (MPa)", "MPa")}
    assert screen(frame, "uts > 300 MPa", cols)["verdict"].to_list() == ["unknown", "unknown", "pass"]
    for native in (frame, frame.lazy()):
        got = screen(native, "uts > 300 MPa", cols, only="pass")
        got = got.collect() if isinstance(got, pl.LazyFrame) else got
        assert got["UTS (MPa)"].to_list() == [310.0]


@needs_polars
def test_wrong_kinds_and_wrong_only_are_refused() -> None:
    with pytest.raises(mg.InputTypeError, match="pandas, polars or Dask DataFrame"):
        screen([[1.0]], "uts > 300 MPa", {"uts": ("a", "MPa")})
    df = pd.DataFrame({"a": [1.0]})
    with pytest.raises(mg.InputValueError, match="only= takes 'pass'"):
        screen(df, "uts > 300 MPa", {"uts": ("a", "MPa")}, only="fail")  # type: ignore[arg-type]
    with pytest.raises(ColumnNotFoundError, match="'b'"):
        screen(pl.DataFrame({"a": [1.0]}), "uts > 300 MPa", {"uts": ("b", "MPa")})
    with pytest.raises(DataError, match=r"pl\.col"):
        screen(pa.table({"a": ["x"]}), "uts > 300 MPa", {"uts": ("a", "MPa")})
    twice = pa.table([pa.array([310.0]), pa.array([1.0])], names=["a", "a"])
    with pytest.raises(DataError, match="several columns"):
        screen(twice, "uts > 300 MPa", {"uts": ("a", "MPa")})


# --- only="pass" (issue 26) ---------------------------------------------------------------------------------
@given(
    st.lists(
        st.tuples(
            st.one_of(st.floats(0, 600), st.just(math.nan)),
            st.one_of(st.floats(0, 30), st.just(math.nan)),
            st.one_of(st.just(math.nan), st.sampled_from([20.0, 150.0, 250.0, 256.0, 300.0])),
        ),
        max_size=40,
    ),
    st.sampled_from(
        ["uts > 300 MPa and el >= 10 %", "uts <= 300 MPa", "el > 10 % and uts > 200 MPa at 250 degC"]
    ),
)
def test_passing_rows_are_the_full_screens_passes(
    rows: list[tuple[float, float, float]], target: str
) -> None:
    """Same rows, same counts, NaN rows never among them (a test temperature column included)."""
    labels = [f"r{i}" for i in range(len(rows))]
    df = pd.DataFrame(rows, columns=["UTS", "El", "T"], index=labels, dtype=float)
    cols = {"uts": ("UTS", "MPa"), "el": ("El", "%")}
    full = screen(df, target, cols, temperature=("T", "degC"))
    passing = screen(df, target, cols, temperature=("T", "degC"), only="pass")
    pd.testing.assert_frame_equal(passing, df[full["verdict"] == "pass"])
    assert len(passing) == (full["verdict"] == "pass").sum()
    needed = ["UTS"] if target == "uts <= 300 MPa" else ["UTS", "El"]
    assert not passing[needed].isna().any().any()
    with_margins = screen(df, target, cols, temperature=("T", "degC"), only="pass", margins=True)
    pd.testing.assert_frame_equal(with_margins, pd.concat([df, full], axis=1)[full["verdict"] == "pass"])


@needs_polars
def test_passing_rows_are_a_copy_and_margins_do_not_clash() -> None:
    df = pd.DataFrame({"uts": [310.0, 200.0], "verdict": ["mine", "mine"]})
    before = df.copy()
    passing = screen(df, "uts > 300 MPa", {"uts": ("uts", "MPa")}, only="pass")
    passing.iloc[0, 0] = 0.0
    pd.testing.assert_frame_equal(df, before)
    with pytest.raises(DataError, match="verdict"):
        screen(df, "uts > 300 MPa", {"uts": ("uts", "MPa")}, only="pass", margins=True)


@needs_polars
def test_nothing_passes_a_criterion_without_data() -> None:
    df = pd.DataFrame({"uts": [500.0, 100.0]})
    assert screen(df, mg.family("heat-resistant"), {"uts": ("uts", "MPa")}, only="pass").empty
    assert screen(pl.from_pandas(df).lazy(), mg.family(1), {}, only="pass").collect().is_empty()


@needs_polars
@pytest.mark.parametrize("value", [math.inf, -math.inf])
@pytest.mark.parametrize("kind", ["pandas", *sorted(KINDS)])
@pytest.mark.parametrize("only", [None, "pass"])
def test_infinite_values_are_refused_as_check_refuses_them(value: float, kind: str, only: Any) -> None:
    with pytest.raises(mg.UnitsError, match="not a finite number"):
        mg.check({"uts": (value, "MPa")}, "uts > 300 MPa")
    df = pd.DataFrame({"UTS": [310.0, value, np.nan], "El": [12.0, 12.0, 12.0]})
    native = df if kind == "pandas" else KINDS[kind](df)
    with pytest.raises(DataError, match=r"column 'UTS', .*inf is not a finite number"):
        res = screen(native, mg.family(8), {"uts": ("UTS", "MPa"), "el": ("El", "%")}, only=only)
        _to_pandas(res, kind, df.index) if kind != "pandas" else res


@needs_polars
@pytest.mark.parametrize("kind", ["pandas", *sorted(KINDS)])
@pytest.mark.parametrize("only", [None, "pass"])
def test_test_temperatures_below_absolute_zero_are_refused(kind: str, only: Any) -> None:
    """A test temperature below 0 K is a unit mistake: refused in every kind of frame, also in a
    row whose values fail (the pass-only filters keep it, to refuse it)."""
    df = pd.DataFrame({"UTS": [310.0, 100.0, np.nan], "T": [20.0, -300.0, 25.0]})
    native = df if kind == "pandas" else KINDS[kind](df)
    with pytest.raises(DataError, match=r"column 'T', .*below absolute zero"):
        res = screen(native, "uts > 300 MPa", {"uts": ("UTS", "MPa")}, temperature=("T", "degC"), only=only)
        _to_pandas(res, kind, df.index) if kind != "pandas" else res


# --- Parquet: pushed-down filters -------------------------------------------------------------------
PARQUET_COLUMNS = {"uts": ("UTS (MPa)", "MPa"), "el": ("El [%]", "%")}
PARQUET_TARGET = "uts > 43.5 ksi and el > 10 %"


def _parquet(tmp_path: Path, uts: list[float], el: list[float], groups: int) -> tuple[Path, pd.DataFrame]:
    df = pd.DataFrame({"name": [f"A{i % 7}" for i in range(len(uts))], "UTS (MPa)": uts, "El [%]": el})
    path = tmp_path / "rows.parquet"
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path, row_group_size=groups)
    return path, df


@needs_polars
def test_parquet_row_groups_ruled_out_by_statistics_are_not_read(tmp_path: Path) -> None:
    from mgalloys.screening import passing_filter
    from mgalloys.tablefiles import parquet_filter, read_filtered

    ds = pytest.importorskip("pyarrow.dataset")
    # sorted strengths in row groups of 10: the first two are all below 300 MPa
    uts = [float(v) for v in range(200, 400, 5)]
    path, df = _parquet(tmp_path, uts, [12.0] * 40, groups=10)
    keep = passing_filter(PARQUET_TARGET, PARQUET_COLUMNS, df.columns.tolist())
    fragment = next(iter(ds.dataset(path).get_fragments()))
    assert fragment.subset(parquet_filter(keep.all_of, keep.finite)).num_row_groups == 2
    table, total = read_filtered(str(path), keep.all_of, keep.finite)
    assert total == 40 and table.schema == pq.read_schema(path)
    expected = screen(df, PARQUET_TARGET, PARQUET_COLUMNS, only="pass").reset_index(drop=True)
    from_arrow = screen(table, PARQUET_TARGET, PARQUET_COLUMNS, only="pass").to_pandas()
    pd.testing.assert_frame_equal(from_arrow, expected)
    lazy = screen(pl.scan_parquet(path), PARQUET_TARGET, PARQUET_COLUMNS, only="pass")
    assert "UTS (MPa)" in lazy.explain().split("SELECTION")[-1]  # the filter is in the scan
    assert lazy.collect().to_pandas().equals(expected)
    # an infinite value in a row group the thresholds rule out is still found, and refused
    path, _ = _parquet(tmp_path, [-math.inf, *uts[1:]], [12.0] * 40, groups=10)
    table, _ = read_filtered(str(path), keep.all_of, keep.finite)
    with pytest.raises(DataError, match="-inf is not a finite"):
        screen(table, PARQUET_TARGET, PARQUET_COLUMNS, only="pass")
    with pytest.raises(DataError, match="-inf is not a finite"):
        screen(pl.scan_parquet(path), PARQUET_TARGET, PARQUET_COLUMNS, only="pass").collect()


ENGINES = ["polars", "pyarrow"]  # the command line reads Parquet with polars where it is installed


def _engine(monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    if engine == "pyarrow":
        monkeypatch.setattr("mgalloys.cli.commands._polars", lambda: None)


@needs_polars
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("suffix", ["parquet", "csv"])
def test_cli_only_pass_writes_the_inputs_passing_rows(
    tmp_path: Path, suffix: str, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mgalloys.cli import main

    _engine(monkeypatch, engine)

    rng = np.random.default_rng(3)
    uts, el = rng.normal(300, 30, 500), rng.normal(10, 3, 500)
    uts[rng.random(500) < 0.1], el[rng.random(500) < 0.1] = np.nan, np.nan
    path, df = _parquet(tmp_path, uts.tolist(), el.tolist(), groups=64)
    if suffix == "csv":
        path = tmp_path / "rows.csv"
        df.to_csv(path, index=False)
    args = ["screen", str(path), "--target", PARQUET_TARGET, "--column", "uts=UTS (MPa):MPa"]
    args += ["--column", "el=El [%]:%", "--only", "pass", "-q"]
    assert main([*args, "-o", str(tmp_path / "pass.parquet")]) == 0
    assert main([*args, "-o", str(tmp_path / "pass.csv")]) == 0
    full = screen(df, PARQUET_TARGET, PARQUET_COLUMNS)
    expected = df[full["verdict"] == "pass"].reset_index(drop=True)
    assert 0 < len(expected) < len(df)
    written = pq.read_table(tmp_path / "pass.parquet")
    pd.testing.assert_frame_equal(written.to_pandas(), expected, check_dtype=False)
    if suffix == "parquet":  # the input's columns, as the file has them
        assert written.schema.remove_metadata() == pq.read_schema(path).remove_metadata()
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "pass.csv"), expected, check_dtype=False)
    assert main([*args[:-1], "--margins", "-o", str(tmp_path / "m.csv")]) == 0
    margins = pd.read_csv(tmp_path / "m.csv")
    assert margins.columns.tolist() == [*df.columns, *full.columns]
    assert (margins["verdict"] == "pass").all() and len(margins) == len(expected)


@needs_polars
@pytest.mark.parametrize("engine", ENGINES)
def test_cli_only_pass_refuses_infinite_values_and_a_lone_margins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mgalloys.cli import main

    _engine(monkeypatch, engine)

    path, _ = _parquet(tmp_path, [310.0, math.inf], [12.0, 12.0], groups=1)
    args = ["screen", str(path), "--target", PARQUET_TARGET, "--column", "uts=UTS (MPa):MPa"]
    args += ["--column", "el=El [%]:%"]
    assert main([*args, "--only", "pass"]) == 2
    assert "inf is not a finite number" in capsys.readouterr().err
    (tmp_path / "bad.parquet").write_bytes(b"not parquet")
    assert main([*args[:1], str(tmp_path / "bad.parquet"), *args[2:], "--only", "pass"]) == 2
    assert "bad.parquet" in capsys.readouterr().err
    assert main([*args, "--margins"]) == 2
    assert "--margins goes with --only pass" in capsys.readouterr().err


@needs_polars
def test_cast_alloys_dataset_in_polars_as_in_pandas(shared_external: Path) -> None:
    df = pd.read_csv(shared_external / CAST)
    cols = {"uts": ("UTS (MPa)", "MPa"), "el": ("El%", "%")}
    frame = pl.read_csv(shared_external / CAST)
    _assert_same_screen(_to_pandas(screen(frame, 8, cols), "polars", df.index), screen(df, 8, cols))
    passing = screen(frame, 8, cols, only="pass")
    assert passing.height == (screen(df, 8, cols)["verdict"] == "pass").sum() > 0
    assert passing.columns == frame.columns
