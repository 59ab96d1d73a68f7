"""Typed models: frozen, JSON round trip, JSON schema, the default-pick rule, attributes."""

from __future__ import annotations

import json

import pydantic
import pytest

import mgalloys as mg
from mgalloys.values import default_rank
from mgalloys.vocabulary import Term, terms


def test_models_are_frozen() -> None:
    az = mg.alloy("AZ91D")
    with pytest.raises(pydantic.ValidationError):
        az.grade = "X"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        az.property_values[0].value = 1.0  # type: ignore[misc]


@pytest.mark.parametrize("name", ["AZ91D", "WE43A-T6", "Mg", "AZ31B-O"])
def test_json_round_trip(name: str) -> None:
    a = mg.alloy(name)
    again = mg.Alloy.model_validate_json(a.model_dump_json())
    assert again == a
    assert again.density == a.density
    assert again.values("tc") == a.values("tc")


def test_every_bundled_record_passes_full_validation() -> None:
    # The loader builds models without a second validation pass; this proves it is safe.
    for a in mg.alloys():
        data = a.model_dump()
        assert mg.Alloy.model_validate(data) == a


def test_bundled_sources_and_terms_pass_full_validation() -> None:
    # The loader and the vocabulary build these without pydantic's validator too.
    for src in mg.get_catalog().sources.values():
        assert mg.Source.model_validate(src.model_dump()) == src
    for t in terms():
        assert Term.model_validate(t.model_dump()) == t


def test_property_table_passes_full_validation() -> None:
    for info in mg.properties(computed=True):
        assert mg.PropertyInfo.model_validate(info.model_dump()) == info


def test_parsed_targets_pass_full_validation_and_stay_read_only() -> None:
    # The target parser builds its models without pydantic's validator (so does the membership).
    texts = [r.target.text for f in mg.families() for r in f.readings]
    texts += ["uts > 300 MPa and el > 10 % for castings with Li >= 5 wt%"]
    for text in texts:
        t = mg.target(text)
        assert mg.Target.model_validate(t.model_dump()) == t
        for c in (*t.criteria, *t.scope.composition):
            for q in (c.threshold, c.temperature_min, c.temperature_max):
                if q is not None:
                    with pytest.raises(mg.ReadOnlyError):
                        q.ito("K" if q.check("[temperature]") else q.units)


def test_json_schemas() -> None:
    for model in (mg.Alloy, mg.PropertyValue, mg.Source, mg.Conditions, mg.PropertyInfo, mg.Target):
        schema = model.model_json_schema()
        json.dumps(schema)
        assert schema["type"] == "object"
    props = mg.PropertyValue.model_json_schema()["properties"]
    assert {"property", "value", "unit", "kind", "conditions", "source"} <= set(props)


def test_conditions_quantity_field_validates_strings() -> None:
    c = mg.Conditions(test_temperature="250 degC")
    assert c.test_temperature.to("K").magnitude == pytest.approx(523.15)
    assert not c.is_room_temperature
    assert mg.Conditions().is_room_temperature
    with pytest.raises(pydantic.ValidationError):
        mg.Conditions(test_temperature="hot")


def test_default_pick_follows_the_rule() -> None:
    for a in mg.alloys():
        for prop in {v.property for v in a.property_values}:
            chosen = a.value(prop)
            if chosen is None:  # only non-room-temperature or implausible values
                assert all(not v.conditions.is_room_temperature or v.implausible for v in a.values(prop))
                continue
            assert not chosen.implausible
            candidates = [
                v
                for v in a.values(prop)
                if v.conditions.is_room_temperature or not v.info.temperature_dependent
            ]
            assert default_rank(chosen) == min(default_rank(v) for v in candidates)


def test_default_prefers_typical_over_minimum_and_measured_over_derived() -> None:
    src = mg.Source(key="s", kind="handbook", title="t")
    std = mg.Source(key="std", kind="standard", title="t")
    vals = (
        mg.PropertyValue(property="tensile_strength", value=200, unit="MPa", kind="minimum", source=std),
        mg.PropertyValue(property="tensile_strength", value=250, unit="MPa", kind="typical", source=src),
        mg.PropertyValue(
            property="electrical_conductivity",
            value=10,
            unit="MS/m",
            kind="typical",
            source=src,
            derived_from="electrical_resistivity",
        ),
        mg.PropertyValue(
            property="electrical_conductivity", value=9, unit="MS/m", kind="typical", source=src
        ),
    )
    a = mg.Alloy(record_id="X-T6", grade="X", temper="T6", property_values=vals)
    assert a.tensile_strength.magnitude == 250
    assert a.value("uts", kind="minimum").value == 200
    assert a.electrical_conductivity.magnitude == 9
    assert a.value("ec").derived_from is None


def test_values_filters_and_temperature() -> None:
    src = mg.Source(key="s", kind="paper", title="t")
    vals = (
        mg.PropertyValue(property="tensile_strength", value=250, unit="MPa", kind="typical", source=src),
        mg.PropertyValue(
            property="tensile_strength",
            value=180,
            unit="MPa",
            kind="typical",
            source=src,
            conditions=mg.Conditions(test_temperature="250 degC"),
        ),
    )
    a = mg.Alloy(record_id="X", grade="X", property_values=vals)
    assert a.tensile_strength.magnitude == 250
    assert a.get("uts", temperature="250 degC").magnitude == 180
    assert a.get("uts", temperature="523.15 K").magnitude == 180
    assert a.get("uts", "ksi").magnitude == pytest.approx(36.26, rel=1e-3)
    assert len(a.values("uts", room_temperature=False)) == 1
    assert a.values("uts", source="nope") == ()
    assert a.thermal_conductivity is None  # missing is None (unknown), never an error


def test_range_value() -> None:
    src = mg.Source(key="s", kind="compilation", title="t")
    v = mg.PropertyValue(property="elongation", value=3, value_max=7, unit="%", kind="range", source=src)
    assert v.quantity.magnitude == 5
    assert (v.low.magnitude, v.high.magnitude) == (3, 7)
    assert "3-7 %" in v.describe()


def test_every_property_in_the_table_is_an_attribute() -> None:
    az = mg.alloy("AZ91D")
    for info in mg.properties():
        assert hasattr(type(az), info.id), info.id
        assert getattr(az, info.id) == az.get(info.id)


def test_source_citation() -> None:
    s = mg.Source(
        key="k",
        kind="paper",
        title="A title",
        authors="Doe, J.",
        publisher="J. Mg 1",
        year=2020,
        doi="10.1/x",
    )
    assert s.citation == "Doe, J. (2020). A title. J. Mg 1. https://doi.org/10.1/x"
