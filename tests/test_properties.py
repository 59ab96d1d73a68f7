"""The property metadata table."""

from __future__ import annotations

import pytest

import mgalloys as mg
from mgalloys.units import parse_unit

REQUIRED = {
    "density",
    "tensile_strength",
    "yield_strength",
    "compressive_yield_strength",
    "elongation",
    "elastic_modulus",
    "hardness",
    "thermal_conductivity",
    "electrical_conductivity",
    "electrical_resistivity",
    "thermal_expansion",
    "specific_heat",
    "solidus",
    "liquidus",
}


def test_required_properties_present() -> None:
    assert {p.id for p in mg.properties()} >= REQUIRED


@pytest.mark.parametrize(
    ("alias", "pid"),
    [
        ("uts", "tensile_strength"),
        ("ys", "yield_strength"),
        ("el", "elongation"),
        ("tc", "thermal_conductivity"),
        ("ec", "electrical_conductivity"),
        ("UTS", "tensile_strength"),
        ("Tensile Strength", "tensile_strength"),
        ("thermal-conductivity", "thermal_conductivity"),
    ],
)
def test_aliases(alias: str, pid: str) -> None:
    assert mg.property_id(alias) == pid


def test_unknown_property_suggests() -> None:
    with pytest.raises(mg.UnknownPropertyError) as info:
        mg.property_info("tensile_strenght")
    assert "tensile_strength" in info.value.suggestions
    assert "known properties" in str(info.value)


def test_dimension_column_matches_unit() -> None:
    for p in mg.properties():
        if p.is_hardness:
            continue
        assert str(parse_unit(p.unit).dimensionality) == p.dimension, p.id
        assert p.mg_min < p.mg_max


def test_coerce_checks_dimension() -> None:
    tc = mg.property_info("tc")
    assert tc.to_canonical("1 BTU/(h*ft*degF)") == pytest.approx(1.7307, rel=1e-4)
    with pytest.raises(mg.WrongDimensionError) as info:
        tc.coerce("300 MPa")
    msg = str(info.value)
    assert "thermal_conductivity" in msg and "W/(m*K)" in msg and "300 MPa" in msg


def test_hardness_accepts_any_scale_but_converts_none() -> None:
    h = mg.property_info("hardness")
    assert h.coerce("70 HV").magnitude == 70
    assert h.to_canonical("63 HB") == 63
    with pytest.raises(mg.IncompatibleScalesError):
        h.to_canonical("70 HV")
    with pytest.raises(mg.WrongDimensionError):
        h.coerce("70 MPa")


def test_column_names() -> None:
    assert mg.property_info("uts").column == "tensile_strength [MPa]"
