"""Plausibility gates (mgalloys.plausibility): a value failing a gate is listed but never the default."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys.bibliography import Source
from mgalloys.plausibility import (
    DENSITY_TOLERANCE,
    LITHIUM_DENSITY_TOLERANCE,
    LORENZ_BAND,
    density_estimate,
    density_tolerance,
    gates,
)
from mgalloys.values import CompositionRange

SRC = Source(key="s", kind="paper", title="t")
OTHER = Source(key="o", kind="compilation", title="t")


def _v(prop: str, value: float, unit: str, source: Source = SRC, **kw: object) -> mg.PropertyValue:
    return mg.PropertyValue(property=prop, value=value, unit=unit, kind="typical", source=source, **kw)


def _comp(**wt: float) -> tuple[CompositionRange, ...]:
    return tuple(CompositionRange(element=e, nominal=x, source=SRC) for e, x in wt.items())


def test_density_estimate_of_pure_mg_and_of_an_alloy() -> None:
    assert density_estimate(()) is None
    lo, hi = density_estimate(_comp(Al=9.0, Zn=0.7)) or (0, 0)
    assert lo == hi and 1.80 < lo < 1.81
    lo, hi = density_estimate(_comp(RE=3.0)) or (0, 0)  # RE spans La..Lu
    assert lo < hi


@settings(max_examples=40, deadline=None)
@given(st.floats(0.1, 10.0), st.sampled_from(["Al", "Zn", "Y", "Gd", "Li"]))
def test_estimate_moves_with_the_element_density(wt: float, element: str) -> None:
    lo, _ = density_estimate(_comp(**{element: wt})) or (0, 0)
    assert (lo < 1.738) == (element == "Li")


def test_density_gate_flags_a_value_far_from_the_estimate() -> None:
    comp = _comp(Al=9.0, Zn=0.7)
    vals = [_v("density", 1.81, "g/cm**3"), _v("density", 1.6, "g/cm**3"), _v("density", 1.9, "g/cm**3")]
    bad = gates(vals, comp)
    assert set(bad) == {1, 2} and "rule of mixtures" in bad[1]
    assert gates(vals, comp, magnesium_balance=False) == {}
    assert gates(vals, ()) == {}  # no composition: unknown, never a failure


def test_lithium_alloys_get_the_wider_band() -> None:
    assert LITHIUM_DENSITY_TOLERANCE > DENSITY_TOLERANCE
    comp = _comp(Li=14.0, Al=1.0)
    est = (density_estimate(comp) or (0, 0))[0]
    assert density_tolerance(comp) == LITHIUM_DENSITY_TOLERANCE
    assert gates([_v("density", est * 1.04, "g/cm**3")], comp) == {}


def test_tensile_below_yield_fails_both_within_a_source_only() -> None:
    vals = [
        _v("tensile_strength", 200, "MPa"),
        _v("yield_strength", 250, "MPa"),
        _v("yield_strength", 300, "MPa", source=OTHER),
    ]
    assert set(gates(vals)) == {0, 1}


def test_conductivity_disagreement_and_wiedemann_franz() -> None:
    vals = [_v("electrical_conductivity", 10, "%IACS"), _v("electrical_conductivity", 7.5, "MS/m")]
    assert set(gates(vals)) == {0, 1}
    lo, hi = LORENZ_BAND
    assert lo < 2.4e-8 < hi
    sigma = 10e6  # S/m
    good = 2.4e-8 * sigma * 293.15
    assert (
        gates([_v("thermal_conductivity", good, "W/(m*K)"), _v("electrical_conductivity", 10, "MS/m")]) == {}
    )
    bad = gates([_v("thermal_conductivity", 2 * good, "W/(m*K)"), _v("electrical_conductivity", 10, "MS/m")])
    assert set(bad) == {0, 1} and "Wiedemann-Franz" in bad[0]


def test_an_implausible_value_is_listed_but_never_the_default() -> None:
    k1a = mg.alloy("K1A-F")
    flagged = [v for v in k1a.values("density") if v.implausible]
    assert flagged and all("IMPLAUSIBLE" in v.describe() for v in flagged)
    assert k1a.value("density") is None or not k1a.value("density").implausible


def test_gates_over_every_default() -> None:
    """Run the gates again over each record's default values only: none fails."""
    bad = []
    for r in mg.alloys():
        defaults = [
            v for p in sorted({v.property for v in r.property_values}) if (v := r.value(p)) is not None
        ]
        assert not any(v.implausible for v in defaults), r.record_id
        mg_based = not ({"reference", "composites"} & set(r.families)) or r.grade == "Mg"
        failures = gates(defaults, r.composition, magnesium_balance=mg_based)
        bad += [(r.record_id, defaults[i].describe(), why) for i, why in failures.items()]
    assert not bad


def test_values_filter_by_thickness_and_direction() -> None:
    cond = mg.Conditions(thickness_min="0.016 in", thickness_max="0.249 in", direction="L")
    v = _v("tensile_strength", 269, "MPa", conditions=cond)
    other = _v("tensile_strength", 290, "MPa")
    a = mg.Alloy(record_id="x", grade="x", property_values=(v, other))
    assert a.values("uts", thickness="3 mm") == (v,)
    assert a.values("uts", thickness="10 mm") == ()
    assert a.values("uts", direction="l") == (v,)
    assert a.values("uts", direction="LT") == ()
    assert len(a.values("uts")) == 2


def test_named_records_end_with_plausible_default_densities() -> None:
    for name in ("K1A-F", "M1A-F", "EZ33A-T5", "WE43B-T6"):
        d = mg.alloy(name).value("density")
        assert d is not None and not d.implausible, name
    for name in ("QE22A-T6", "ZE63A-T6"):  # MakeItFrom's "2.0" even rounded lies >3 % above the estimate
        (d,) = mg.alloy(name).values("density")
        assert d.implausible and mg.alloy(name).value("density") is None, name
    k1a = mg.alloy("K1A-F").values("density", source="makeitfrom-k1a")
    assert k1a and k1a[0].implausible  # 1.6 g/cm³: lighter than pure Mg, listed but never the default
    assert mg.alloy("M1A-F").value("density").significant_figures >= 3  # 1770 kg/m³ beats "1.7"


def test_catalog_parses_thickness_and_direction(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from mgalloys._data import data_root
    from mgalloys.catalog import Catalog

    root = tmp_path / "data"
    shutil.copytree(str(data_root()), root)
    extra = root / "values" / "zz_test.csv"
    extra.write_text(
        "record_id,property,value,value_max,unit,kind,test_temperature,strain_rate,conditions,"
        "source,locator,note,thickness,direction\n"
        "AZ31B-H24,tensile_strength,39,,ksi,s_basis,RT,,,aircraftmaterials-az31b,t,,0.016-0.249 in,LT\n",
        encoding="utf-8",
    )
    a = Catalog(root).record("AZ31B-H24")
    (v,) = a.values("uts", kind="s_basis")
    assert v.conditions.direction == "LT"
    assert a.values("uts", thickness="0.1 in", direction="LT") == (v,)
    extra.write_text(extra.read_text(encoding="utf-8").replace(",LT", ",XX"), encoding="utf-8")
    with pytest.raises(mg.DataError, match="direction"):
        Catalog(root)


def test_an_implausible_value_is_marked_in_the_notebook_table() -> None:
    html = mg.alloy("K1A-F")._repr_html_()
    assert "implausible, never the default" in html
