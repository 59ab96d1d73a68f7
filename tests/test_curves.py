"""Curves across temperature: loading, interpolation, tolerance, extrapolation, Alloy.at.

The numbers in these fixtures are made up for the tests (they are never bundled): the curve files
are written to a temporary data folder and loaded against the bundled records and sources.
"""

from __future__ import annotations

import math
import pickle
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import mgalloys as mg
from mgalloys import curves as cv
from mgalloys._data import read_tables
from mgalloys.curvefiles import curves_from_rows
from mgalloys.curves import Curve, CurveValue, CurveValues, Method

HEADER = (
    "record_id,property,temperature,value,unit,rt_value,kind,exposure,strain_rate,"
    "conditions,source,locator,reading,note\n"
)
SRC = "mel-elektron-we43-datasheet-467"
SRC2 = "asm-heat-treaters-guide-we43"


def _row(
    t: str,
    v: str,
    unit: str = "MPa",
    *,
    prop: str = "tensile_strength",
    src: str = SRC,
    rt: str = "",
    kind: str = "typical",
    reading: str = "printed",
    rid: str = "WE43A-T6",
) -> str:
    return f"{rid},{prop},{t},{v},{unit},{rt},{kind},,,,{src},Fig. 1,{reading},\n"


def _write(root: Path, *rows: str, name: str = "test.csv") -> Path:
    (root / "curves").mkdir(exist_ok=True)
    (root / "curves" / name).write_text(HEADER + "".join(rows), encoding="utf-8")
    return root


def _series(root: Path, rid: str = "WE43A-T6") -> tuple[Curve, ...]:
    """The curves of ``rid`` in the curves/ files of ``root``, checked as the loader checks them."""
    rows = [(where, row) for where, row in read_tables("curves", root) if row["record_id"] == rid]
    sources = mg.get_catalog().sources
    return tuple(curves_from_rows(rid, rows, lambda where, row: sources[row["source"]]))


def _with_series(a: mg.Alloy, series: tuple[Curve, ...]) -> mg.Alloy:
    """The record with these curves/ series (a record holds its curves: no catalog is asked)."""
    return mg.Alloy(**{**{f: getattr(a, f) for f in mg.Alloy.model_fields}, "series": series})


@pytest.fixture
def we43(tmp_path: Path) -> mg.Alloy:
    _write(
        tmp_path,
        _row("RT", "250"),
        _row("200 degC", "230"),
        _row("300 degC", "150"),
        _row("100 degC", "245"),  # out of order on purpose: the loader sorts
        _row("RT", "100", unit="%RT", rt="36 ksi", prop="yield_strength", src=SRC2, reading="digitised"),
        _row("400 degF", "90", unit="%RT", rt="36 ksi", prop="yield_strength", src=SRC2, reading="digitised"),
        _row("250 degC", "120", prop="yield_strength"),
        _row("150 degC", "160", prop="yield_strength"),
    )
    return _with_series(mg.alloy("WE43A-T6"), _series(tmp_path))


def test_curve_is_typed_sorted_and_immutable(we43: mg.Alloy) -> None:
    c = we43.curve("uts")
    assert isinstance(c, Curve)
    assert [p.label for p in c.points] == ["RT", "100 °C", "200 °C", "300 °C"]
    assert c.source.key == SRC and c.kind is mg.Kind.typical
    lo, hi = c.validity
    assert lo.magnitude == pytest.approx(20.0) and hi.magnitude == pytest.approx(300.0)
    with pytest.raises(ValueError):
        c.temperatures.magnitude[0] = 1.0  # a copy, but read-only as well
    with pytest.raises(ValidationError):
        c.property = "density"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(c)).at("250 degC").value == c.at("250 degC").value


def test_percent_of_rt_is_converted_with_its_rt_value(we43: mg.Alloy) -> None:
    c = we43.curve("ys", source=SRC2)
    assert c is not None and c.digitised
    assert c.points[1].published == "90 %RT of 36 ksi"
    assert c.points[1].value.to("ksi").magnitude == pytest.approx(32.4)


def test_at_interpolates_within_one_source_and_says_so(we43: mg.Alloy) -> None:
    r = we43.at("uts", "250 degC")
    assert isinstance(r, CurveValue)
    assert r.method is Method.interpolated and r.source is not None and r.source.key == SRC
    assert r.value.to("MPa").magnitude == pytest.approx(190.0)
    assert r.explanation == f"interpolated between the 200 °C and 300 °C points of {SRC} (Fig. 1)"
    assert we43.at("uts", "200 degC").method is Method.measured


def test_tolerance_at_the_ends_and_unknown_beyond(we43: mg.Alloy) -> None:
    r = we43.at("uts", "304 degC")
    assert r.method is Method.measured and r.value.magnitude == pytest.approx(150.0)
    assert "within the 5 K tolerance" in r.explanation
    r = we43.at("uts", "310 degC")
    assert not r.known and r.method is Method.unknown and "extrapolate=True" in r.explanation
    r = we43.at("uts", "350 degC", extrapolate=True)
    assert r.method is Method.extrapolated and r.value.magnitude == pytest.approx(110.0)
    assert not we43.at("uts", "310 degC", tolerance=0).known


def test_at_picks_the_first_curve_that_covers_and_never_mixes(we43: mg.Alloy) -> None:
    # the printed curve (150-250 °C) is the default; 40 °C only the digitised one covers
    assert we43.curve("ys").source.key == SRC
    r = we43.at("ys", "40 degC")
    assert r.source is not None and r.source.key == SRC2
    r = we43.at("ys", "200 degC")
    assert r.source is not None and r.source.key == SRC and r.value.magnitude == pytest.approx(140.0)
    assert not we43.at("ys", "350 degC").known


def test_vectorised_matches_scalar(we43: mg.Alloy) -> None:
    temps = mg.ureg.Quantity(np.array([20.0, 150.0, 250.0, 302.0, 400.0]), "degC")
    res = we43.at("uts", temps)
    assert isinstance(res, CurveValues) and len(res) == 5
    assert list(res.known) == [True, True, True, True, False]
    for i in range(5):
        one = res[i]
        mag = res.values.magnitude[i]
        assert (one.value is None and math.isnan(mag)) or one.value.magnitude == pytest.approx(mag)
    with pytest.raises(ValueError):
        res.values.magnitude[0] = 0.0
    assert list(we43.at("uts", ["RT", "473.15 K"]).values.magnitude) == pytest.approx([250.0, 230.0])


def test_records_without_curves_are_unknown_not_errors(we43: mg.Alloy) -> None:
    az = mg.alloy("AM60B")
    assert az.curves() == () and az.curve("uts") is None
    r = az.at("uts", "200 degC")
    assert not r.known and "no curve" in r.explanation
    res = az.at("uts", mg.ureg.Quantity(np.array([100.0, 200.0]), "degC"))
    assert res.curve is None and not res.known.any() and not res[0].known


def test_bad_temperatures_get_the_library_errors(we43: mg.Alloy) -> None:
    with pytest.raises(mg.WrongDimensionError):
        we43.at("uts", "250 MPa")
    with pytest.raises(mg.UnitsError):
        we43.at("uts", 250)
    with pytest.raises(mg.UnknownPropertyError):
        we43.at("utz", "250 degC")


def test_window_least_and_best(we43: mg.Alloy) -> None:
    w = cv.over_window(we43.curves(), we43.record_id, "uts", "150 degC", "300 degC", "min", throughout=True)
    assert w.covered and w.value.magnitude == pytest.approx(150.0)
    assert w.temperature.magnitude == pytest.approx(300.0)
    w = cv.over_window(we43.curves(), we43.record_id, "uts", "250 degC", "400 degC", "min", throughout=True)
    assert not w.covered and w.value is None
    w = cv.over_window(we43.curves(), we43.record_id, "uts", "250 degC", "400 degC", "max", throughout=False)
    assert w.value.magnitude == pytest.approx(190.0) and not w.covered
    w = cv.over_window(we43.curves(), we43.record_id, "uts", "250 degC", None, "max", throughout=False)
    assert w.value.magnitude == pytest.approx(190.0)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ((_row("RT", "250", rid="NOPE"),), "unknown record"),
        ((_row("RT", "250", src="no-such-source"),), "source .no-such-source. is not in"),
        ((_row("RT", "250", unit="%RT"),), "needs rt_value"),
        ((_row("RT", "250", rt="36 ksi"),), "only with the unit %RT"),
        ((_row("RT", "250", reading="guessed"),), "reading must be"),
        ((_row("RT", "250", kind="best"),), "unknown kind"),
        ((_row("250 MPa", "250"),), "temperature"),
        ((_row("RT", "250", unit="W/(m*K)"),), "dimension"),
        ((_row("200 degC", "250"), _row("473.15 K", "240")), "one temperature twice"),
        ((_row("RT", "250", prop="solidus"),), "no curves across temperature"),
    ],
)
def test_bad_rows_name_the_row(tmp_path: Path, rows: tuple[str, ...], message: str) -> None:
    # a record of the folder's own: a curve of a bundled record would need shadow=True
    _write(tmp_path, *(r.replace("WE43A-T6,", "WE43X-T6,", 1) for r in rows))
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "lab.csv").write_text(
        "record_id,grade,temper,product_form,material_class\n"
        "WE43X-T6,WE43X,T6,sand casting,magnesium alloy\n",
        encoding="utf-8",
    )
    with pytest.raises(mg.DataError, match=message) as info:
        mg.load(tmp_path)  # the loader checks a user's curves/ rows whole, on load
    assert f"{tmp_path}/curves/test.csv:" in str(info.value)


# --- properties ----------------------------------------------------------------------------------
_temps = st.lists(st.floats(-150.0, 600.0), min_size=2, max_size=8, unique_by=lambda t: round(t, 3))
_vals = st.floats(1.0, 500.0)


@st.composite
def _curves(draw: st.DrawFn) -> Curve:
    ts = sorted(draw(_temps))
    if min(np.diff(ts)) < 1e-3:
        ts = [t + 0.01 * i for i, t in enumerate(ts)]
    vs = [draw(_vals) for _ in ts]
    return Curve.from_points(
        "uts", [(f"{t!r} degC", f"{v!r} MPa") for t, v in zip(ts, vs, strict=True)], source="hyp"
    )


@settings(max_examples=30)
@given(_curves(), st.floats(0.0, 1.0))
def test_interpolation_stays_within_the_bracketing_points(c: Curve, frac: float) -> None:
    t = c.temperatures.magnitude
    t_ask = t[0] + frac * (t[-1] - t[0])
    r = c.at(mg.Q_(float(t_ask), "degC"))
    assert r.known
    j = int(np.clip(np.searchsorted(t, t_ask), 1, len(t) - 1))
    lo, hi = sorted((c.values.magnitude[j - 1], c.values.magnitude[j]))
    assert lo - 1e-9 <= r.value.magnitude <= hi + 1e-9


@settings(max_examples=30)
@given(_curves(), st.floats(-200.0, 700.0))
def test_unit_choice_never_changes_an_answer(c: Curve, t_c: float) -> None:
    q = mg.Q_(t_c, "degC")
    answers = [c.at(q.to(u)) for u in ("degC", "kelvin", "degF")]
    assert len({a.method for a in answers}) == 1
    if answers[0].known:
        base = answers[0].value.magnitude
        assert all(a.value.magnitude == pytest.approx(base, rel=1e-9, abs=1e-9) for a in answers)
    one = mg.ureg.Quantity(np.array([t_c]), "degC")
    arr = [c.at(one.to(u)).values.magnitude[0] for u in ("kelvin", "degF")]
    assert all(math.isnan(a) for a in arr) or arr == pytest.approx([arr[0]] * 2)


@settings(max_examples=30)
@given(_curves(), st.floats(5.001, 500.0), st.booleans())
def test_outside_the_validity_range_is_unknown(c: Curve, beyond: float, above: bool) -> None:
    lo, hi = c.validity
    t = hi.magnitude + beyond if above else lo.magnitude - beyond
    if t < -273.15:  # below absolute zero: refused, never extrapolated to (issue 22)
        with pytest.raises(mg.TemperatureError, match="below absolute zero"):
            c.at(mg.Q_(t, "degC"), extrapolate=True)
        return
    r = c.at(mg.Q_(t, "degC"))
    assert not r.known and r.method is Method.unknown and r.explanation
    assert c.at(mg.Q_(t, "degC"), extrapolate=True).method is Method.extrapolated


def test_to_frame_at_a_temperature(we43: mg.Alloy) -> None:
    df = mg.to_frame([we43, "AZ91D"], at="250 degC", units={"uts": "ksi"})
    assert df["tensile_strength [ksi]"].iloc[0] == pytest.approx(mg.Q_("190 MPa").to("ksi").magnitude)
    assert math.isnan(df["tensile_strength [ksi]"].iloc[1])  # AZ91D: no curve, RT value not used
    assert df["yield_strength [MPa]"].iloc[0] == pytest.approx(120.0)
    rt = mg.to_frame(["WE43A-T6"])
    assert df["solidus [°C]"].iloc[0] == rt["solidus [°C]"].iloc[0] or math.isnan(rt["solidus [°C]"].iloc[0])
    with pytest.raises(mg.MgAlloysError):
        mg.to_frame(["AZ91D"], at="250 degC", long=True)
    with pytest.raises(mg.UnitsError):
        mg.to_frame(["AZ91D"], at="250 MPa")


# --- charts and the command line --------------------------------------------------------------------
def test_vs_temperature_draws_curves_points_sources_and_target(we43: mg.Alloy) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mgalloys import plot

    ax = plot.vs_temperature([we43, "AZ91D"], "uts", target="uts > 160 MPa at 250 degC", unit="ksi")
    try:
        lines = [ln for ln in ax.get_lines() if ln.get_gid() == "mgalloys:curve"]
        assert [ln.get_label() for ln in lines] == [f"WE43A-T6 ({SRC})"]
        assert list(lines[0].get_xdata()) == pytest.approx([20.0, 100.0, 200.0, 300.0])
        assert lines[0].get_ydata()[0] == pytest.approx(mg.Q_("250 MPa").to("ksi").magnitude)
        labels = ax.get_legend_handles_labels()[1]
        assert "no curve of tensile_strength: AZ91D-F" in labels
        assert any(lab.startswith("target: tensile_strength > 160 MPa at 250") for lab in labels)
        ax2 = plot.vs_temperature(we43, "ys", all_sources=True, temperature_unit="degF")
        assert len([ln for ln in ax2.get_lines() if ln.get_gid() == "mgalloys:curve"]) == 2
        with pytest.raises(mg.NoPlotDataError):
            plot.vs_temperature(["AZ91D"], "uts")
        with pytest.raises(mg.PlotError):
            plot.vs_temperature([we43], "uts", target="el > 10 %")
        with pytest.raises(mg.WrongDimensionError):
            plot.vs_temperature([we43], "uts", unit="W/(m*K)")
    finally:
        plt.close("all")


def test_cli_at_and_vs_temperature(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A user's folder with a record and its curves: the command line answers from them."""
    from mgalloys.cli import main

    folder = tmp_path / "lab"
    folder.mkdir()
    rows = [_row("RT", "250", rid="WE43X-T6"), _row("200 degC", "230", rid="WE43X-T6")]
    _write(folder, _row("300 degC", "150", rid="WE43X-T6"), *rows)
    (folder / "records").mkdir()
    (folder / "records" / "lab.csv").write_text(
        "record_id,grade,temper,product_form,material_class\n"
        "WE43X-T6,WE43X,T6,sand casting,magnesium alloy\n",
        encoding="utf-8",
    )
    data = ["--data", str(folder)]
    assert main([*data, "at", "WE43X", "uts", "250 degC", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert (
        '"method": "interpolated"' in out
        and SRC in out
        and '"value": 190.0' in out
        and '"unit": "MPa"' in out
    )
    assert main([*data, "at", "WE43X", "uts", "450 degC"]) == 0
    assert "unknown" in capsys.readouterr().out
    assert main([*data, "at", "WE43X", "uts", "hot"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mgalloys at: error:") and "Traceback" not in err
    pytest.importorskip("matplotlib")
    png = tmp_path / "c.png"
    target = ["--target", "uts > 160 MPa at 250 degC"]
    assert main([*data, "vs-temperature", "WE43X", *target, "-o", str(png)]) == 0
    assert png.stat().st_size > 10_000
    assert main(["vs-temperature", "AZ91D", "-o", str(png)]) == 2


def test_values_at_stated_temperatures_form_series() -> None:
    """values/ rows of one source at several temperatures (or one) answer at() as well."""
    r = mg.alloy("Mg-5Y-3Nd-4Gd-Zr-T6").at("uts", "482 degF")  # 250 °C
    assert r.method is Method.measured and r.value.to("MPa").magnitude == pytest.approx(276.0)
    assert r.source is not None and r.source.key == "wang-2011-mg5y3nd4gd" and r.curve.origin == "values"
    assert not mg.alloy("Mg-5Y-3Nd-4Gd-Zr-T6").at("uts", "300 degC").known
    for c in (c for a in mg.alloys() for c in a.curves()):
        assert len({p.temperature.to("kelvin").magnitude for p in c.points}) == len(c.points)


def test_kinds_filter_and_user_records_have_no_bundled_curves(we43: mg.Alloy) -> None:
    assert we43.at("uts", "250 degC", kind=["minimum", "typical"]).known
    assert not we43.at("uts", "250 degC", kind=["minimum"]).known
    w = cv.over_window(
        we43.curves(),
        we43.record_id,
        "uts",
        "150 degC",
        "300 degC",
        "min",
        throughout=True,
        kinds=["minimum"],
    )
    assert w.value is None and "no curve" in w.explanation
    twin = mg.Alloy(record_id="WE43A-T6", grade="WE43A", property_values=we43.property_values)
    assert twin.curves() == () and not twin.at("uts", "250 degC").known


def test_curves_and_answers_round_trip_through_json(we43: mg.Alloy) -> None:
    c = we43.curve("ys", source=SRC2)
    assert c is not None
    back = Curve.model_validate_json(c.model_dump_json())
    assert back == c and hash(back) == hash(c)
    r = we43.at("uts", "250 degC")
    assert CurveValue.model_validate_json(r.model_dump_json()) == r


def test_points_filed_in_curves_and_values_form_one_curve(tmp_path: Path) -> None:
    rid, src = "Mg-5Y-3Nd-4Gd-Zr-T6", "wang-2011-mg5y3nd4gd"
    record = _with_series(
        mg.alloy(rid), _series(_write(tmp_path, _row("250 degC", "276", rid=rid, src=src)), rid)
    )
    assert [c.origin for c in record.curves("tensile_strength")] == ["curves"]
    assert [c.origin for c in record.curves("yield_strength")] == ["values"]  # not in curves/
