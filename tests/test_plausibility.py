"""Plausibility gates (mgalloys.plausibility): a value failing a gate is listed but never the default."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys.models import CompositionRange, Source
from mgalloys.plausibility import (
    DENSITY_TOLERANCE,
    LITHIUM_DENSITY_TOLERANCE,
    LORENZ_BAND,
    density_estimate,
    density_tolerance,
    gates,
)

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
    """Run the gates again over every record's defaults: none fails."""
    bad = []
    for r in mg.alloys():
        defaults = [v for p in {v.property for v in r.property_values} if (v := r.value(p)) is not None]
        assert not any(v.implausible for v in defaults), r.record_id
        mg_based = not ({"reference", "composites"} & set(r.families)) or r.grade == "Mg"
        est = density_estimate(r.composition) if mg_based else None
        d = r.value("density")
        if est is not None and d is not None:
            x = float(d.quantity.to("g/cm**3").magnitude)
            tol = density_tolerance(r.composition)
            if not est[0] * (1 - tol) <= x <= est[1] * (1 + tol):
                bad.append((r.record_id, "density", d.published))
        uts, ys = r.value("tensile_strength"), r.value("yield_strength")
        if uts is not None and ys is not None and uts.source == ys.source and uts.high < ys.low:
            bad.append((r.record_id, "uts<ys", uts.published, ys.published))
    assert not bad
