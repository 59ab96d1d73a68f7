"""Equivalents between designation schemes, and lookup of designations without a variant letter."""

from __future__ import annotations

import pytest

import mgalloys as mg


def test_equivalents_are_sourced_claims_with_a_relation() -> None:
    eqs = mg.equivalents("AZ91D")
    assert eqs and all(e.grade == "AZ91D" and e.source.key for e in eqs)
    assert {e.relation for e in eqs} <= {"identical", "nearest", "former_name"}
    assert any(e.scheme == "UNS" and e.equivalent == "M11916" for e in eqs)


def test_equivalents_file_rows_come_first_and_names_are_not_repeated() -> None:
    eqs = mg.equivalents("AZ91E-T6")
    assert (eqs[0].equivalent, eqs[0].relation) == ("EN-MC21120", "nearest")
    names = [mg.catalog.normalize_name(e.equivalent) for e in eqs]
    assert len(names) == len(set(names))
    assert any(e.scheme == "ISO" and e.equivalent == "MC65410" for e in mg.equivalents("Elektron 21"))


def test_equivalents_of_an_unknown_name() -> None:
    with pytest.raises(mg.AlloyNotFoundError):
        mg.equivalents("no such alloy")


@pytest.mark.parametrize(("name", "grade"), [("QE22", "QE22A"), ("EV31", "EV31A"), ("ev 31", "EV31A")])
def test_a_designation_without_its_only_variant_resolves(name: str, grade: str) -> None:
    assert mg.alloy(name).grade == grade


def test_a_designation_with_several_variants_lists_them() -> None:
    with pytest.raises(mg.AmbiguousAlloyError, match=r"AZ91C.*AZ91D.*AZ91E"):
        mg.alloy("AZ91")
    variants = {g for g in (r.grade for r in mg.alloys()) if g.startswith("AM60") and len(g) == 5}
    if len(variants) > 1:
        with pytest.raises(mg.AmbiguousAlloyError):
            mg.alloy("AM60")
    else:
        assert mg.alloy("AM60").grade in variants


def test_a_variant_the_data_lacks_names_the_ones_it_has() -> None:
    with pytest.raises(mg.AlloyNotFoundError, match="LA141") as err:
        mg.alloy("LA141A")
    assert "LA141" in err.value.suggestions
