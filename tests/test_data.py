"""Tests on the bundled data: provenance, plausibility and physical invariants.

Every outlier a check finds must be explained by a row of ``data/checks/exceptions.csv``
(record, check, property, source, explanation); an exception that no longer matches anything
fails too, so the table stays true.

Run ``python tests/test_data.py --update-summary`` after a data change to re-pin the summary
(and add a CHANGELOG line).
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

import mgalloys as mg
from mgalloys._data import read_table
from mgalloys.curves import Curve
from mgalloys.models import Alloy
from mgalloys.plausibility import LORENZ_BAND
from mgalloys.temperatures import RT_CELSIUS
from mgalloys.values import CompositionRange, PropertyValue

DATA = Path(__file__).resolve().parent.parent / "data"
SUMMARY = Path(__file__).resolve().parent / "data_summary.json"
ROOM_K = RT_CELSIUS + 273.15


def _exceptions() -> dict[tuple[str, str, str, str], str]:
    out = {}
    for _, row in read_table("checks/exceptions.csv"):  # the strict reader, as every data file
        key = (row["record_id"], row["check"], row["property"], row["source"])
        assert row["explanation"].strip(), f"exception {key} needs an explanation"
        out[key] = row["explanation"]
    return out


EXCEPTIONS = _exceptions()
USED: set[tuple[str, str, str, str]] = set()


def _excused(record: str, check: str, prop: str = "", source: str = "") -> bool:
    key = (record, check, prop, source)
    if key in EXCEPTIONS:
        USED.add(key)
        return True
    return False


def _records() -> tuple[Alloy, ...]:
    return mg.alloys()


def _rt(v: PropertyValue) -> bool:
    return v.conditions.is_room_temperature


def _kelvin(v: PropertyValue) -> float:
    t = v.conditions.test_temperature
    return ROOM_K if t is None else float(t.to("kelvin").magnitude)


# --- size and coverage (issue 3) -----------------------------------------------------------
def test_dataset_size_and_family_coverage() -> None:
    recs = _records()
    alloys = [r for r in recs if "reference" not in r.families or r.record_id == "Mg"]
    assert len(alloys) >= 60
    assert len({r.grade for r in alloys}) >= 35
    for fam in mg.FAMILY_IDS:
        assert any(fam in r.families for r in recs), fam


def test_chinese_grades_resolve_by_current_and_former_name() -> None:
    """GB grades are bundled under their GB/T 5153 names; a former name (MB8) is an alias."""
    assert mg.alloy("MB8").record_id == mg.alloy("ME20M").record_id == "ME20M-extrusion"
    assert mg.alloy("ZM5").grade == "ZM5"
    assert any(a.alias == "MB8" and a.scheme == "former_name" for a in mg.alloy("ME20M").aliases)


def test_reference_metals_present() -> None:
    for name in ("Al", "6061-T6", "A380-F", "Cu", "Ag", "Mg"):
        a = mg.alloy(name)
        assert a.density is not None and a.thermal_conductivity is not None, name


def test_every_record_has_family_basis_and_values() -> None:
    membership = json.loads((DATA / "roadmap" / "membership.json").read_text(encoding="utf-8"))
    excluded = {x["record"] for x in membership["exclude"]}
    for r in _records():
        assert r.family_basis.strip(), r.record_id
        assert r.families or r.record_id in excluded, r.record_id
        assert all(how.strip() for _, how in r.membership), r.record_id
        assert r.property_values, f"{r.record_id} has no values"


# --- provenance ----------------------------------------------------------------------------
def test_every_value_cites_a_complete_source() -> None:
    cat = mg.get_catalog()
    for r in _records():
        for v in r.property_values:
            assert v.source.key in cat.sources
            # no url where only a copy was read and the original's address is unknown: the note
            # then says where it was read (tests/test_sources.py holds the bibliography's rules)
            assert v.source.title and (v.source.url or v.source.doi or v.source.note), v.source.key
            assert v.published, (r.record_id, v.property)


def test_every_source_is_used() -> None:
    cat = mg.get_catalog()
    unused = cat.unused_sources()
    designation_sources = set()
    # sources that the designation tables, the scope vocabulary, the element groups and the check
    # rules (data/checks/rules.csv) cite
    cited_elsewhere = ("designations", "vocabulary", "elements")
    paths = [p for folder in cited_elsewhere for p in (DATA / folder).glob("*.csv")]
    for path in [*paths, DATA / "checks" / "rules.csv"]:
        with open(path, newline="", encoding="utf-8") as fh:
            designation_sources |= {row["source"] for row in csv.DictReader(fh)}
    assert unused - designation_sources == set()


def test_no_duplicate_rows() -> None:
    for folder in ("records", "values", "sources", "compositions", "aliases", "curves"):
        seen: dict[tuple[str, ...], str] = {}
        for path in sorted((DATA / folder).glob("*.csv")):
            with open(path, newline="", encoding="utf-8") as fh:
                for i, row in enumerate(csv.reader(fh)):
                    if i == 0:
                        continue
                    key = tuple(row)
                    if folder == "sources" and key in seen:
                        continue  # the same bibliography row may stand in several files
                    assert key not in seen, f"{path.name}:{i + 1} repeats {seen[key]}"
                    seen[key] = f"{path.name}:{i + 1}"


ELEMENT_GROUPS = {"LRE", "HRE", "RE", "MM"}


def test_element_groups_are_sourced_rare_earths() -> None:
    """groups.csv: known groups, one sourced claim per row, LRE/HRE/MM members are rare earths."""
    cat = mg.get_catalog()
    with open(DATA / "elements" / "groups.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and set(rows[0]) == {"group", "element", "source", "locator", "note"}
    members: dict[str, set[str]] = defaultdict(set)
    seen = set()
    for row in rows:
        key = (row["group"], row["element"], row["source"])
        assert key not in seen, f"groups.csv repeats {key}"
        seen.add(key)
        assert row["group"] in ELEMENT_GROUPS, row
        assert row["source"] in cat.sources and row["locator"], row
        members[row["group"]].add(row["element"])
    assert set(members) == ELEMENT_GROUPS
    assert len(members["RE"]) == 17  # Sc, Y and the 15 lanthanides
    for group in ("LRE", "HRE", "MM"):
        assert members[group] <= members["RE"], group


# --- plausibility and invariants ------------------------------------------------------------
def test_plausible_ranges() -> None:
    bad = []
    for r in _records():
        if "reference" in r.families and r.record_id != "Mg":
            continue  # Al, Cu, Ag are not magnesium alloys
        for v in r.property_values:
            info = v.info
            if info.is_hardness:
                continue
            for x in (v.value, v.value_max):
                out = x is not None and not info.mg_min <= x <= info.mg_max
                if out and not _excused(r.record_id, "plausible_range", v.property, v.source.key):
                    bad.append((r.record_id, v.property, x, v.source.key))
    assert not bad


def test_lithium_free_alloys_are_not_lighter_than_magnesium() -> None:
    """Only lithium lowers the density of a Mg alloy much below pure Mg (1.74 g/cm³)."""
    bad = []
    for r in _records():
        if "mg-li" in r.families or ("reference" in r.families and r.record_id != "Mg"):
            continue
        if any(c.element == "Li" for c in r.composition):
            continue
        for v in r.values("density"):
            if v.low.to("g/cm**3").magnitude < 1.70 and not _excused(
                r.record_id, "density_above_pure_mg", "density", v.source.key
            ):
                bad.append((r.record_id, v.published, v.source.key))
    assert not bad


def test_reference_metals_positive() -> None:
    for r in mg.alloys(family="reference"):
        assert all(v.value > 0 for v in r.property_values if v.property != "poisson_ratio")


def _same_conditions(values: list[PropertyValue]) -> Iterator[tuple[PropertyValue, PropertyValue]]:
    groups: dict[tuple[object, ...], dict[str, PropertyValue]] = defaultdict(dict)
    for v in values:
        key = (v.source.key, round(_kelvin(v)), v.kind, v.conditions.note)
        groups[key][v.property] = v
    for g in groups.values():
        if "tensile_strength" in g and "yield_strength" in g:
            yield g["tensile_strength"], g["yield_strength"]


def test_uts_at_least_ys_within_record_and_source() -> None:
    bad = []
    for r in _records():
        strengths = [v for v in r.property_values if v.property in ("tensile_strength", "yield_strength")]
        for uts, ys in _same_conditions(strengths):
            if uts.high.magnitude < ys.low.magnitude and not _excused(
                r.record_id, "uts_ge_ys", "", uts.source.key
            ):
                bad.append((r.record_id, uts.source.key, uts.published, ys.published))
    assert not bad


def test_liquidus_at_least_solidus_within_source() -> None:
    for r in _records():
        by_src: dict[str, dict[str, PropertyValue]] = defaultdict(dict)
        for v in r.property_values:
            if v.property in ("solidus", "liquidus"):
                by_src[v.source.key][v.property] = v
        for src, d in by_src.items():
            if len(d) == 2:
                assert d["liquidus"].value >= d["solidus"].value, (r.record_id, src)


def test_conductivity_resistivity_and_iacs_agree_within_a_source() -> None:
    bad = []
    for r in _records():
        by_src: dict[str, list[PropertyValue]] = defaultdict(list)
        for v in r.values("electrical_conductivity", room_temperature=True):
            by_src[v.source.key].append(v)
        for src, vs in by_src.items():
            xs = [v.quantity.magnitude for v in vs]
            disagree = len(xs) > 1 and max(xs) / min(xs) > 1.05
            if disagree and not _excused(r.record_id, "conductivity_agreement", "", src):
                bad.append((r.record_id, src, [v.published for v in vs]))
    assert not bad


def _lorenz(tc: PropertyValue, ec: PropertyValue) -> float:
    sigma = float(ec.quantity.to("S/m").magnitude)
    return float(tc.quantity.to("W/(m*K)").magnitude) / (sigma * _kelvin(tc))


def test_wiedemann_franz_within_a_source() -> None:
    lo, hi = LORENZ_BAND
    bad = []
    for r in _records():
        for tc in r.values("thermal_conductivity", room_temperature=True):
            for ec in r.values("electrical_conductivity", room_temperature=True, source=tc.source.key):
                if not lo <= _lorenz(tc, ec) <= hi and not _excused(
                    r.record_id, "wiedemann_franz", "", tc.source.key
                ):
                    bad.append(
                        (r.record_id, tc.source.key, tc.published, ec.published, f"{_lorenz(tc, ec):.2e}")
                    )
    assert not bad


def test_wiedemann_franz_of_the_default_values() -> None:
    """The pair a user sees first (possibly from two sources) fits the band or is explained."""
    lo, hi = LORENZ_BAND
    bad = []
    for r in _records():
        tc, ec = r.value("thermal_conductivity"), r.value("electrical_conductivity")
        if tc is None or ec is None:
            continue
        if not lo <= _lorenz(tc, ec) <= hi and not _excused(r.record_id, "wiedemann_franz_default"):
            bad.append((r.record_id, tc.source.key, ec.source.key, f"{_lorenz(tc, ec):.2e}"))
    assert not bad


def test_composition_sums() -> None:
    """Per source (each specifies the whole alloy): minima and nominal contents sum to <= 100 wt.%."""
    for r in _records():
        by_source: dict[str, list[CompositionRange]] = defaultdict(list)
        for c in r.composition:
            by_source[c.source.key].append(c)
            assert all(x is None or 0.0 <= x <= 100.0 for x in (c.min, c.max, c.nominal)), (
                r.grade,
                c.element,
            )
        for src, rows in by_source.items():
            assert sum(c.min or 0.0 for c in rows) <= 100.0, (r.grade, src)
            assert sum(c.nominal or 0.0 for c in rows) <= 100.0, (r.grade, src)
            elements = [c.element for c in rows]
            assert len(elements) == len(set(elements)), f"{r.grade}: {src} lists an element twice"


# --- curves across temperature (issue 11) -----------------------------------------------------------
STRENGTHS = ("tensile_strength", "yield_strength", "compressive_yield_strength", "shear_strength")
FALLS_ABOVE_K = 150.0 + 273.15  # strength falls with temperature above ~150 °C
DIGITISED_NOISE = 0.03  # a point read off a plot: 3 % of its value (a project choice)


def _resolution(published: str, canonical: str) -> float:
    """One unit in the last printed digit, in the canonical unit: two rounded values may differ
    by this much in the wrong direction. ``'85 %RT of 36 ksi'`` rounds to 1 % of 36 ksi."""
    number, _, unit = published.partition(" ")
    step = 10.0 ** -len(number.partition(".")[2])
    if unit.startswith("%RT of "):
        return float(mg.Q_(unit.removeprefix("%RT of ")).to(canonical).magnitude) * step / 100.0
    return float(mg.Q_(step, unit).to(canonical).magnitude)


def strength_rises(c: Curve) -> list[tuple[str, str]]:
    """Pairs of neighbouring points above 150 °C where the strength rises by more than the
    source's noise (the rounding of the printed numbers; 3 % more for digitised points)."""
    if c.property not in STRENGTHS:
        return []
    t = c.temperatures.to("kelvin").magnitude
    out = []
    for i in range(len(c.points) - 1):
        a, b = c.points[i], c.points[i + 1]
        if t[i] < FALLS_ABOVE_K:
            continue
        ya, yb = (float(p.value.to(c.unit).magnitude) for p in (a, b))
        noise = max(_resolution(p.published, c.unit) for p in (a, b))
        if "digitised" in (a.reading, b.reading):
            noise += DIGITISED_NOISE * max(ya, yb)
        if yb - ya > noise:
            out.append((a.label, b.label))
    return out


def test_strength_falls_with_temperature_above_150_c() -> None:
    bad = []
    for c in (c for a in mg.alloys() for c in a.series):
        rises = strength_rises(c)
        if rises and not _excused(c.record_id, "strength_falls_above_150C", c.property, c.source.key):
            bad.append((c.record_id, c.property, c.source.key, rises))
    assert not bad, "strength rises with temperature: if the source prints it, explain in exceptions.csv"


def test_the_monotonicity_check_can_fail() -> None:
    pts = [("100 degC", "200 MPa"), ("200 degC", "150 MPa"), ("300 degC", "160 MPa")]
    assert strength_rises(Curve.from_points("uts", pts, source="t")) == [("200 °C", "300 °C")]
    assert strength_rises(Curve.from_points("uts", pts[:2], source="t")) == []
    el = [(t, v.replace("MPa", "%")) for t, v in pts]
    assert strength_rises(Curve.from_points("el", el, source="t")) == []
    small_rise = Curve.from_points("ys", [("200 degC", "150 MPa"), ("300 degC", "152 MPa")], source="t")
    assert strength_rises(small_rise) == [("200 °C", "300 °C")]  # printed: 2 MPa > 1 MPa rounding


def test_curve_values_are_plausible() -> None:
    bad = []
    for c in (c for a in mg.alloys() for c in a.series):
        if c.origin == "values" or ("reference" in mg.alloy(c.record_id).families and c.record_id != "Mg"):
            continue  # values/ rows are checked above; Al, Cu, Ag are not magnesium alloys
        info = mg.property_info(c.property)
        for p in c.points:
            x = float(p.value.to(info.unit).magnitude)
            out = not info.mg_min <= x <= info.mg_max
            if out and not _excused(c.record_id, "plausible_range", c.property, c.source.key):
                bad.append((c.record_id, c.property, p.label, x, c.source.key))
    assert not bad


def test_every_exception_is_still_needed() -> None:
    # run the checks (in case this test runs alone), then compare
    for check in (
        test_plausible_ranges,
        test_uts_at_least_ys_within_record_and_source,
        test_conductivity_resistivity_and_iacs_agree_within_a_source,
        test_wiedemann_franz_within_a_source,
        test_wiedemann_franz_of_the_default_values,
        test_strength_falls_with_temperature_above_150_c,
        test_curve_values_are_plausible,
    ):
        check()
    assert set(EXCEPTIONS) - USED == set(), "exceptions.csv lists outliers that no check finds"


# --- the pinned summary ---------------------------------------------------------------------
def summarize() -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for path in sorted(p for p in DATA.rglob("*") if p.suffix in (".csv", ".json") or p.name == "VERSION"):
        raw = path.read_bytes()
        lines = len(raw.decode("utf-8-sig").strip().splitlines())
        rows = max(lines - 1, 0) if path.suffix == ".csv" else lines  # JSON: lines
        out[path.relative_to(DATA).as_posix()] = {"rows": rows, "sha256": hashlib.sha256(raw).hexdigest()}
    return out


#: the properties issue 25 measures provenance on
TARGET_PROPERTIES = (
    "tensile_strength", "yield_strength", "elongation", "density", "thermal_conductivity",
    "electrical_conductivity", "max_service_temperature",
)  # fmt: skip
#: kinds of source that publish the values themselves (issue 25's share)
PRIMARY_KINDS = frozenset({"standard", "handbook", "producer_datasheet", "paper", "book"})
#: kinds that repeat or resell others' values
COMPILATION_KINDS = frozenset({"compilation", "stockist", "fabricator"})
HOT_C = 100.0  # strength "above 100 degC"


def _magnesium(r: Alloy) -> bool:
    return "reference" not in r.families or r.record_id == "Mg"  # Al, Cu, Ag are not counted


def provenance() -> dict[str, object]:
    """Where the target-property values of the magnesium records come from (issue 25).

    ``values_by_source_kind``: values/ rows of the target properties by their source's kind;
    ``primary_share``: the share of them from standards, handbooks, makers' datasheets, papers
    and books; ``compilation_only_pairs``: record-property pairs whose every value comes from a
    compilation, stockist or fabricator; ``papers_with_doi``: of the ``papers`` in the bibliography;
    ``records_with_hot_strength``: records with tensile or
    yield strength at two or more temperatures above 100 degC (curves/ and values/ points)."""
    kinds: dict[str, int] = defaultdict(int)
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    mg_records = {r.record_id for r in _records() if _magnesium(r)}
    for r in _records():
        for v in r.property_values:
            if r.record_id in mg_records and v.property in TARGET_PROPERTIES:
                kinds[v.source.kind.value] += 1
                pairs[(r.record_id, v.property)].add(v.source.kind.value)
    hot: dict[str, set[int]] = defaultdict(set)
    for c in (c for r in _records() for c in r.curves()):
        if c.record_id in mg_records and c.property in ("tensile_strength", "yield_strength"):
            celsius = c.temperatures.to("degC").magnitude
            hot[c.record_id] |= {round(float(t)) for t in celsius if t > HOT_C}
    total = sum(kinds.values())
    papers = [s for s in mg.get_catalog().sources.values() if s.kind.value == "paper"]
    return {
        "papers": len(papers),
        "papers_with_doi": sum(1 for s in papers if s.doi),
        "values_by_source_kind": dict(sorted(kinds.items())),
        "target_values": total,
        "primary_share": round(sum(n for k, n in kinds.items() if k in PRIMARY_KINDS) / total, 4),
        "compilation_only_pairs": sum(1 for ks in pairs.values() if ks <= COMPILATION_KINDS),
        "record_property_pairs": len(pairs),
        "records_with_hot_strength": sum(1 for ts in hot.values() if len(ts) >= 2),
        "records_with_hot_strength_ids": sorted(r for r, ts in hot.items() if len(ts) >= 2),
    }


def pinned_summary() -> dict[str, object]:
    """The data files (rows and hash) and the provenance figures, as tests/data_summary.json holds them."""
    return {**summarize(), "provenance": provenance()}


def test_pinned_summary() -> None:
    """Every data change shows up here: re-pin with --update-summary and add a CHANGELOG line.
    The ``provenance`` block shows the issue-25 figures moving with it."""
    pinned = json.loads(SUMMARY.read_text(encoding="utf-8"))
    assert pinned_summary() == pinned


def test_every_data_file_is_pinned() -> None:
    """The pin covers every data file: a file the summary would skip (not CSV or JSON) fails here.

    (This replaces a test that asserted CHANGELOG.md contains the word "data", which it always
    does.)"""
    files = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file() and p.name != "README.md"}
    assert files == set(summarize()), sorted(files ^ set(summarize()))


if __name__ == "__main__":
    if "--update-summary" in sys.argv:
        SUMMARY.write_text(json.dumps(pinned_summary(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {SUMMARY}")
    else:
        pytest.main([__file__, "-q"])


def test_element_table_equals_periodictable() -> None:
    # data/elements/elements.csv is periodictable's table written out for a fast first lookup:
    # it must never drift from its source (rewrite it with `python -m mgalloys.elements`)
    from mgalloys.elements import table_from_periodictable

    assert (DATA / "elements" / "elements.csv").read_text(encoding="utf-8") == table_from_periodictable()
