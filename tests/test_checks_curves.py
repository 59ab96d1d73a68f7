"""Checks at a temperature use the curves: measured points, interpolation, windows (issue 11, item 3)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys.checking import Verdict

EZ33A = "EZ33A-T5"
LOCATOR = "matweb-elektron-zre1 (Mechanical Properties, Tensile Strength at Break)"
PROPS = ("tensile_strength", "yield_strength", "elongation")
UNITS = {"tensile_strength": "MPa", "yield_strength": "MPa", "elongation": "%"}


def _curve(prop: str) -> mg.Curve:
    return mg.alloy(EZ33A).curves(prop)[0]


def _point_temps(prop: str) -> list[float]:
    return [float(t) for t in _curve(prop).temperatures.magnitude]


def _clear_of_edges(prop: str, t_c: float) -> bool:
    """Away from the exact edges of the 5 K point tolerance, where float noise of a unit
    conversion may legitimately move a point in or out."""
    return all(abs(abs(t_c - p) - 5.0) > 1e-6 for p in _point_temps(prop))


def test_interpolated_value_passes_and_says_so() -> None:
    res = mg.check(EZ33A, "uts > 100 MPa at 250 degC")
    assert res.verdict is Verdict.PASS
    r = res.criteria[0]
    assert r.compared is not None and r.compared.to("MPa").magnitude == pytest.approx(102.5)
    assert f"interpolated between the 200 °C and 300 °C points of {LOCATOR}" in r.reason
    assert r.value is not None and r.value.source.key == "matweb-elektron-zre1"
    assert "interpolated" in r.value.note
    assert "interpolated" in res.explain()


def test_measured_point_within_tolerance_is_used_not_interpolated() -> None:
    for t in ("300 degC", "297 degC", "573.15 K"):
        r = mg.check(EZ33A, f"uts > 100 MPa at {t}").criteria[0]
        assert r.verdict is Verdict.FAIL
        assert r.compared is not None and r.compared.to("MPa").magnitude == pytest.approx(80.0)
        assert f"measured at 300 °C by {LOCATOR}" in r.reason


def test_outside_the_curve_is_unknown_with_the_reason() -> None:
    r = mg.check(EZ33A, "uts > 50 MPa at 400 degC").criteria[0]
    assert r.verdict is Verdict.UNKNOWN
    assert "above the highest point" in r.reason and "extrapolate" not in r.reason


def test_throughout_takes_the_least_value_of_one_covering_curve() -> None:
    r = mg.check(EZ33A, "uts > 70 MPa throughout 100..300 degC").criteria[0]
    assert r.verdict is Verdict.PASS
    assert r.compared is not None and r.compared.to("MPa").magnitude == pytest.approx(80.0)
    assert "covers the whole window" in r.reason
    assert mg.check(EZ33A, "uts > 90 MPa throughout 100..300 degC").verdict is Verdict.FAIL
    # a window end within the 0.5 K bound tolerance of the curve's last point is covered
    assert mg.check(EZ33A, "uts > 70 MPa throughout 373.15..573.5 K").verdict is Verdict.PASS


def test_throughout_a_window_no_curve_covers_is_unknown() -> None:
    r = mg.check(EZ33A, "uts > 10 MPa throughout 100..350 degC").criteria[0]
    assert r.verdict is Verdict.UNKNOWN
    assert "no curve covers the whole window" in r.reason and "20 °C to 300 °C" in r.reason


def test_somewhere_in_takes_the_best_value_in_the_window() -> None:
    for text in ("uts > 130 MPa somewhere in 150..350 degC", "uts > 130 MPa at 150..350 degC"):
        r = mg.check(EZ33A, text).criteria[0]
        assert r.verdict is Verdict.PASS
        assert r.compared is not None and r.compared.to("MPa").magnitude == pytest.approx(137.5)
        assert "greatest value at 150 °C" in r.reason
    # for "<" the best value is the least one
    r = mg.check(EZ33A, "ys < 60 MPa somewhere in 150..350 degC").criteria[0]
    assert r.verdict is Verdict.PASS and r.compared is not None
    assert r.compared.to("MPa").magnitude == pytest.approx(50.0)


def test_window_text_says_which_it_means() -> None:
    assert mg.target("uts > 1 MPa at 200..300 degC").criteria[0].text.endswith("somewhere in 200..300 °C")
    text = mg.target("uts > 1 MPa throughout 200..300 degC").criteria[0].text
    assert text.endswith("throughout 200..300 °C")
    assert mg.target("uts > 1 MPa at 250 degC").criteria[0].text.endswith("at 250 °C")
    c = mg.target("uts > 1 MPa somewhere in 200..300 degC").criteria[0]
    assert not c.throughout and mg.target(c.text).criteria[0] == c


def test_kinds_and_hardness_rules_hold_for_curves() -> None:
    # the curve is typical: a check of specification minimums does not use it
    res = mg.check(EZ33A, "uts > 100 MPa at 250 degC", kinds=["minimum"])
    assert res.verdict is Verdict.UNKNOWN


def test_an_implausible_stored_value_keeps_its_series_out() -> None:
    src = mg.Source(key="s", kind="paper", title="t")

    def pv(t: float, v: float, why: str = "") -> mg.PropertyValue:
        return mg.PropertyValue(
            property="tensile_strength", value=v, unit="MPa", kind="typical", source=src,
            conditions=mg.Conditions(test_temperature=f"{t} degC"), implausible=why,
        )

    def alloy(*pvs: mg.PropertyValue) -> mg.Alloy:
        return mg.Alloy(record_id="x", grade="x", material_class="magnesium alloy", property_values=pvs)

    good = alloy(pv(200, 200), pv(300, 100))
    assert mg.check(good, "uts > 140 MPa at 250 degC").verdict is Verdict.PASS
    bad = alloy(pv(200, 200), pv(300, 100, "too high"))
    assert mg.check(bad, "uts > 140 MPa at 250 degC").verdict is Verdict.UNKNOWN


@settings(max_examples=40, deadline=None)
@given(
    prop=st.sampled_from(PROPS),
    t_c=st.floats(-20.0, 360.0, allow_nan=False),
    frac=st.floats(0.3, 1.7, allow_nan=False),
)
def test_same_verdict_in_celsius_kelvin_fahrenheit(prop: str, t_c: float, frac: float) -> None:
    assume(_clear_of_edges(prop, t_c))
    mid = float(_curve(prop).values.magnitude.mean())
    thr = f"{mid * frac:.6g} {UNITS[prop]}"
    texts = [f"{t_c!r} degC", f"{t_c + 273.15!r} K", f"{t_c * 9 / 5 + 32!r} degF"]
    results = [mg.check(EZ33A, f"{prop} > {thr} at {t}").criteria[0] for t in texts]
    comps = [None if r.compared is None else float(r.compared.to(UNITS[prop]).magnitude) for r in results]
    if comps[0] is not None:
        assume(abs(comps[0] - mid * frac) > 1e-6 * mid)  # not on the threshold itself
    assert len({r.verdict for r in results}) == 1, [r.reason for r in results]
    if comps[0] is not None:
        assert comps == [pytest.approx(comps[0], rel=1e-9)] * 3


@settings(max_examples=30, deadline=None)
@given(
    prop=st.sampled_from(PROPS),
    lo=st.integers(0, 350),
    width=st.integers(1, 200),
    frac=st.floats(0.3, 1.7, allow_nan=False),
    word=st.sampled_from(["throughout", "somewhere in"]),
)
def test_windows_give_one_verdict_in_celsius_kelvin_fahrenheit(
    prop: str, lo: int, width: int, frac: float, word: str
) -> None:
    hi = lo + width
    thr = f"{float(_curve(prop).values.magnitude.mean()) * frac:.6g} {UNITS[prop]}"
    windows = [
        f"{lo}..{hi} degC",
        f"{lo + 273.15!r}..{hi + 273.15!r} K",
        f"{lo * 1.8 + 32!r}..{hi * 1.8 + 32!r} degF",
    ]
    results = [mg.check(EZ33A, f"{prop} > {thr} {word} {w}").criteria[0] for w in windows]
    assert len({r.verdict for r in results}) == 1, [r.reason for r in results]
    comps = [None if r.compared is None else float(r.compared.to(UNITS[prop]).magnitude) for r in results]
    assert comps == [comps[0]] * 3 if comps[0] is None else comps == [pytest.approx(comps[0], rel=1e-9)] * 3


@settings(max_examples=40, deadline=None)
@given(prop=st.sampled_from(PROPS), t_c=st.floats(20.0, 300.0, allow_nan=False))
def test_an_interpolated_value_lies_between_its_bracketing_points(prop: str, t_c: float) -> None:
    r = mg.check(EZ33A, f"{prop} > 0 {UNITS[prop]} at {t_c!r} degC").criteria[0]
    assert r.verdict is Verdict.PASS and r.compared is not None
    temps, vals = _point_temps(prop), [float(v) for v in _curve(prop).values.magnitude]
    x = float(r.compared.to(UNITS[prop]).magnitude)
    if "interpolated" in r.reason:
        j = next(i for i, t in enumerate(temps) if t > t_c)
        lo, hi = sorted((vals[j - 1], vals[j]))
        assert lo - 1e-9 <= x <= hi + 1e-9
    else:  # a measured point within the tolerance
        near = [v for t, v in zip(temps, vals, strict=True) if abs(t - t_c) <= 5.0 + 1e-9]
        assert any(v == pytest.approx(x) for v in near)


@settings(max_examples=30, deadline=None)
@given(prop=st.sampled_from(PROPS), t_c=st.one_of(st.floats(-150.0, 14.0), st.floats(306.0, 600.0)))
def test_outside_the_validity_range_is_unknown_with_the_reason(prop: str, t_c: float) -> None:
    lo, hi = _point_temps(prop)[0], _point_temps(prop)[-1]
    assume(t_c < lo - 5.001 or t_c > hi + 5.001)
    r = mg.check(EZ33A, f"{prop} > 0 {UNITS[prop]} at {t_c!r} degC").criteria[0]
    assert r.verdict is Verdict.UNKNOWN
    side = "below the lowest point" if t_c < lo else "above the highest point"
    assert side in r.reason and "matweb-elektron-zre1" in r.reason


def test_screen_throughout_is_unknown_on_every_row_somewhere_is_row_wise() -> None:
    import pandas as pd

    df = pd.DataFrame({"u": [120.0, 120.0], "T": [250.0, 100.0]})
    cols = {"uts": ("u", "MPa")}
    out = mg.screen(df, "uts > 100 MPa throughout 200..300 degC", cols, temperature=("T", "degC"))
    assert out["verdict"].tolist() == ["unknown", "unknown"]
    out = mg.screen(df, "uts > 100 MPa somewhere in 200..300 degC", cols, temperature=("T", "degC"))
    assert out["verdict"].tolist() == ["pass", "unknown"]
