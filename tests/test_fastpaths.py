"""The fast paths of single calls (issue 26) give what the slow ones gave: magnitudes converted
without Quantities are pint's own floats, read-only Quantities set up directly are what ``freeze``
makes, results built without validation equal pydantic's ``model_construct``, and a scorecard
that shares work between its columns holds, cell by cell, what ``check`` gives alone."""

from __future__ import annotations

import gc
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys import composition
from mgalloys.checking import _construct
from mgalloys.errors import ReadOnlyError
from mgalloys.propertytable import properties
from mgalloys.units import freeze, frozen_quantity, parse_unit, quantity, thawed, ureg
from mgalloys.values import magnitude_in
from mgalloys.verdicts import CheckResult, CriterionResult

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
#: every property's unit, with a unit of the same dimension a user may write
PAIRS = sorted(
    {(p.unit, p.unit) for p in properties()}
    | {("ksi", "MPa"), ("MPa", "ksi"), ("g/cm**3", "kg/m**3"), ("W/(m*K)", "BTU/(h*ft*degF)")}
    | {("%IACS", "MS/m")}
    | {("degC", "kelvin"), ("degF", "degC")}  # offset units: pint converts them otherwise
)


@given(x=finite, pair=st.sampled_from(PAIRS))
def test_a_magnitude_converted_without_quantities_is_pints_own_float(x: float, pair: tuple[str, str]) -> None:
    unit, target = pair
    units = parse_unit(target)._units
    assert magnitude_in(x, unit, units) == float(quantity(x, unit).to(target).magnitude)


@given(x=finite, unit=st.sampled_from(["MPa", "W/(m*K)", "percent", "delta_degC", "g/cm**3"]))
def test_a_read_only_quantity_set_up_directly_is_what_freeze_makes(x: float, unit: str) -> None:
    units = parse_unit(unit)._units
    fast, slow = frozen_quantity(x, units), freeze(ureg.get().Quantity(x, units))
    assert type(fast) is type(slow) and fast == slow and fast.units == slow.units
    assert fast.magnitude == slow.magnitude and str(fast) == str(slow)
    with pytest.raises(ReadOnlyError):
        fast.ito(fast.units)
    assert type(fast + fast) is not type(fast)  # arithmetic gives an ordinary quantity
    assert pickle.loads(pickle.dumps(fast)) == fast


@given(x=finite, unit=st.sampled_from(["MPa", "W/(m*K)", "percent", "degC", "g/cm**3"]))
def test_a_thawed_copy_set_up_directly_is_what_pints_constructor_makes(x: float, unit: str) -> None:
    units = parse_unit(unit)._units
    frozen = frozen_quantity(float(x), units)
    fast, slow = thawed(frozen), ureg.get().Quantity(float(x), units)
    assert type(fast) is type(slow) and fast.units == slow.units and str(fast) == str(slow)
    assert fast.magnitude == slow.magnitude and pickle.loads(pickle.dumps(fast)) == fast
    fast.ito(fast.units)  # an ordinary quantity: changing it changes nothing else
    assert fast is not thawed(frozen) and frozen.magnitude == x


def test_results_built_without_validation_equal_pydantics_model_construct() -> None:
    res = mg.check("AZ91D", 8)
    for model in (res, *res.criteria):
        fields = {n: getattr(model, n) for n in model.model_fields_set}
        ours, theirs = _construct(type(model), **fields), type(model).model_construct(**fields)
        assert ours == theirs and ours.__dict__ == theirs.__dict__
        assert list(ours.__dict__) == list(type(model).model_fields)  # in field order
        assert ours.model_fields_set == theirs.model_fields_set
        assert ours.model_dump_json() == theirs.model_dump_json()
    assert isinstance(res, CheckResult) and all(isinstance(c, CriterionResult) for c in res.criteria)


@pytest.mark.parametrize("strict", [False, True])
def test_every_result_a_scorecard_builds_holds_its_fields_and_no_other(strict: bool) -> None:
    # every path that builds a result without validation: pass, fail, unknown, not applicable,
    # no target, composition, bounded, estimated, relative thresholds
    card = mg.scorecard(strict=strict)
    built = [*card.results, *(c for r in card.results for c in r.criteria)]
    assert {r.verdict for r in built} == set(mg.Verdict)
    for r in built:
        assert list(r.__dict__) == list(type(r).model_fields), r
        assert r.model_fields_set <= set(type(r).model_fields)


@pytest.mark.parametrize("strict", [False, True])
def test_every_scorecard_cell_is_the_check_of_its_record_and_family(strict: bool) -> None:
    card = mg.scorecard(strict=strict)
    fams = {f.id: f for f in mg.families()}
    for rid in card.records:
        for fid in card.families:
            alone = mg.check(rid, fams[fid], strict=strict)
            cell = card.result(rid, fid)
            assert cell == alone, (rid, fid)
            assert cell.explain() == alone.explain()


def test_a_results_quantities_are_read_only_and_equal_to_the_slow_ones() -> None:
    for c in mg.check("WE43A-T6", "uts > 250 MPa and el > 2 % and tc > 50 W/(m*K)").criteria:
        for q in (c.compared, c.threshold, c.margin):
            assert q is not None
            with pytest.raises(ReadOnlyError):
                q.ito(q.units)
        assert c.value is not None and c.compared is not None and c.threshold is not None
        assert c.compared == c.value.quantity.to(c.threshold.units) or c.value.kind.value == "range"
        high = c.criterion.op.wants_high
        assert c.margin == (c.compared - c.threshold if high else c.threshold - c.compared)


def test_a_records_contents_are_read_once_and_dropped_with_the_record() -> None:
    original = mg.alloy("WE43A-T6")
    copy = original.model_copy()
    first = composition.record_content(copy, "Y")
    assert composition.record_content(copy, "Y") is first  # read once
    assert first == composition.record_content(original, "Y")  # an equal copy reads the same
    key = id(copy)
    assert key in composition._READINGS
    del copy
    gc.collect()
    assert key not in composition._READINGS or composition._READINGS[key][0]() is not None
