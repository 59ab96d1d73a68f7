"""Units: the shared registry, the field's units, parsing, conversion and its refusals."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys.units import parse_unit

finite = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)


def test_registry_is_pints_application_registry() -> None:
    assert mg.ureg is pint.get_application_registry()
    q = pint.get_application_registry().Quantity(3, "MPa")
    assert (mg.Q_("1 MPa") + q).magnitude == pytest.approx(4)


def test_percent_iacs() -> None:
    assert mg.Q_("100 %IACS").to("MS/m").magnitude == pytest.approx(58.0)
    assert mg.Q_("30 %IACS").to("MS/m").magnitude == pytest.approx(17.4)
    assert mg.Q_(30, "%IACS").to("MS/m").magnitude == pytest.approx(17.4)
    assert mg.Q_("30 % IACS").to("MS/m").magnitude == pytest.approx(17.4)
    # the rewritten unit also works through pint's own constructor
    assert mg.ureg.Quantity("50 %IACS").to("MS/m").magnitude == pytest.approx(29.0)


def test_resistivity_to_conductivity_helper() -> None:
    assert mg.convert("4.3 µΩ·cm", "MS/m").magnitude == pytest.approx(23.26, abs=0.01)
    assert round(mg.convert("4.3 microohm*cm", "MS/m").magnitude, 1) == 23.3
    assert mg.convert("58 MS/m", "%IACS").magnitude == pytest.approx(100)
    assert mg.convert("100 %IACS", "microohm*cm").magnitude == pytest.approx(1.7241, abs=1e-4)
    with pytest.raises(pint.errors.DimensionalityError):
        mg.Q_("4.3 microohm*cm").to("MS/m")  # pint itself refuses: that is why the helper exists


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("35 ksi", "MPa", 241.3165),
        ("125 W/(m*K)", "W/(m*K)", 125.0),
        ("125 W/(m·K)", "W/(m*K)", 125.0),
        ("1 BTU/(h*ft*degF)", "W/(m*K)", 1.7307),
        ("1.81 g/cm³", "lb/in**3", 0.06539),
        ("26 µm/(m·K)", "1/K", 26e-6),
        ("2.5e2 MPa", "MPa", 250.0),
        ("10 %", "dimensionless", 0.1),
    ],
)
def test_parsing(text: str, unit: str, expected: float) -> None:
    assert mg.quantity(text).to(unit).magnitude == pytest.approx(expected, rel=1e-4)


def test_temperatures_are_offset_units_done_right() -> None:
    assert mg.Q_("250 degC").to("K").magnitude == pytest.approx(523.15)
    assert mg.Q_("250 °C") > mg.Q_("400 degF")
    assert mg.Q_("100 degC").to("degF").magnitude == pytest.approx(212)
    assert mg.Q_("99 degC") < mg.Q_("212 degF") < mg.Q_("101 degC")
    with pytest.raises(pint.errors.OffsetUnitCalculusError):
        mg.Q_("20 degC") + mg.Q_("20 degC")


@pytest.mark.parametrize("bad", ["", "MPa", "35", "abc MPa", "35 furlongs_per_fortnight", "1,2,3 MPa"])
def test_unparseable_strings_raise_library_errors(bad: str) -> None:
    with pytest.raises(mg.UnitsError) as info:
        mg.quantity(bad)
    assert isinstance(info.value, ValueError)


def test_bare_number_needs_a_unit() -> None:
    with pytest.raises(mg.UnitsError, match="no unit"):
        mg.quantity(35)
    with pytest.raises(mg.UnitsError):
        mg.quantity(float("nan"), "MPa")
    with pytest.raises(mg.UnitsError):
        mg.quantity(True, "MPa")  # type: ignore[arg-type]


def test_wrong_dimension_names_both_sides() -> None:
    with pytest.raises(mg.WrongDimensionError) as info:
        mg.convert("35 ksi", "W/(m*K)")
    assert "[mass]" in str(info.value) and "35 ksi" in str(info.value)


def test_hardness_scales_never_convert() -> None:
    with pytest.raises(mg.IncompatibleScalesError, match="not interconvertible"):
        mg.convert("63 HB", "HV")
    assert mg.convert("63 HB", "HB").magnitude == 63


def test_quantity_from_another_registry_is_rebuilt() -> None:
    other = pint.UnitRegistry()
    q = other.Quantity(35, "ksi")
    ours = mg.quantity(q)
    assert ours._REGISTRY is mg.ureg.get()
    assert ours.to("MPa").magnitude == pytest.approx(241.3165, rel=1e-6)
    assert mg.convert(q, "MPa").magnitude == pytest.approx(241.3165, rel=1e-6)


def test_parse_unit_is_cached_and_uses_delta_for_compounds() -> None:
    assert parse_unit("MPa") is parse_unit("MPa")
    assert "delta_degree_Fahrenheit" in str(parse_unit("BTU/(h*ft*degF)"))


@given(x=finite, unit=st.sampled_from(["MPa", "ksi", "psi", "GPa", "N/mm**2"]))
def test_stress_round_trip(x: float, unit: str) -> None:
    back = mg.quantity(x, unit).to("MPa").to(unit).magnitude
    assert math.isclose(back, x, rel_tol=1e-12)


@given(x=finite, unit=st.sampled_from(["W/(m*K)", "BTU/(h*ft*degF)", "cal/(s*cm*K)"]))
def test_thermal_conductivity_round_trip(x: float, unit: str) -> None:
    back = mg.quantity(x, unit).to("W/(m*K)").to(unit).magnitude
    assert math.isclose(back, x, rel_tol=1e-12)


@given(x=st.floats(min_value=0.01, max_value=1000))
def test_iacs_ms_per_m_resistivity_triangle(x: float) -> None:
    """%IACS -> MS/m -> µΩ·cm -> %IACS returns the start, and each step is what it should be."""
    ms = mg.convert(mg.Q_(x, "%IACS"), "MS/m")
    assert ms.magnitude == pytest.approx(x * 0.58, rel=1e-12)
    rho = mg.convert(ms, "microohm*cm")
    assert rho.magnitude == pytest.approx(100 / (x * 0.58), rel=1e-12)
    back = mg.convert(rho, "%IACS")
    assert back.magnitude == pytest.approx(x, rel=1e-12)


@given(c=st.floats(min_value=-200, max_value=1000))
def test_temperature_round_trip(c: float) -> None:
    f = mg.Q_(c, "degC").to("degF")
    assert f.to("degC").magnitude == pytest.approx(c, abs=1e-9)


# --- temperature differences are not temperatures; nothing is below 0 K (issue 22) -------------
@pytest.mark.parametrize(
    ("value", "unit"), [("10 delta_degC", "degC"), ("10 degC", "delta_degC"), ("50 degF", "delta_degC")]
)
def test_convert_refuses_a_temperature_into_a_difference(value: str, unit: str) -> None:
    """pint's own DimensionalityError reached the command line (exit 3)."""
    with pytest.raises(mg.TemperatureError, match=r"temperature difference.*convert it to"):
        mg.convert(value, unit)


def test_differences_convert_to_differences_and_kelvin() -> None:
    assert mg.convert("10 delta_degC", "delta_degF").magnitude == pytest.approx(18.0)
    assert mg.convert("10 delta_degC", "K").magnitude == pytest.approx(10.0)
    with pytest.raises(mg.TemperatureError, match="below absolute zero"):
        mg.convert("-300 degC", "K")


def test_a_difference_is_refused_where_a_temperature_is_meant() -> None:
    """``at("uts", "523.15 delta_degC")`` answered for 250 degC; so did a target."""
    ez33 = mg.alloy("EZ33A-T5")
    with pytest.raises(mg.TemperatureError, match=r"temperature difference.*'523.15 degC' or '523.15 K'"):
        ez33.at("uts", "523.15 delta_degC")
    with pytest.raises(mg.TargetSyntaxError, match="temperature difference"):
        mg.target("uts > 100 MPa at 523.15 delta_degC")
    with pytest.raises(mg.TargetSyntaxError, match="temperature difference"):
        mg.target("uts > 100 MPa throughout 100..200 delta_degF")
    frame = pd.DataFrame({"u": [300.0], "T": [250.0]})
    with pytest.raises(mg.TemperatureError, match="'T' is given in 'delta_degC'"):
        mg.screen(frame, "uts > 1 MPa at 250 degC", {"uts": ("u", "MPa")}, temperature=("T", "delta_degC"))


def test_below_absolute_zero_is_refused_even_extrapolating() -> None:
    ez33 = mg.alloy("EZ33A-T5")
    with pytest.raises(mg.TemperatureError, match="below absolute zero"):
        ez33.at("uts", "-500 degC", extrapolate=True)
    with pytest.raises(mg.TemperatureError, match="below absolute zero"):
        ez33.at("uts", mg.ureg.Quantity(np.array([300.0, -1.0]), "K"), extrapolate=True)
    frame = pd.DataFrame({"u": [300.0, 300.0], "T": [20.0, -300.0]})
    with pytest.raises(mg.DataError, match=r"column 'T', row 1: -300.0 is below absolute zero"):
        mg.screen(frame, "uts > 1 MPa", {"uts": ("u", "MPa")}, temperature=("T", "degC"))
