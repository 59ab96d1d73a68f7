"""True compositions (issue 21, part 1): the base element, unlisted elements, totals counted once,
rare-earth groups as terms, a user's composition as text, and the properties every composition
verdict keeps."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys.composition import (
    atomic_mass,
    base_element,
    interval,
    parse_composition,
    rare_earth_content,
    record_composition,
    record_content,
)
from mgalloys.elementterms import OTHERS, OTHERS_EACH, element_groups, group_terms, row_members

Verdict = mg.Verdict
DATA = Path(__file__).resolve().parent.parent / "data"
RECORDS = mg.alloys()
WITH_ROWS = [a for a in RECORDS if a.composition]


def _verdict(record: str | mg.Alloy, text: str) -> Verdict:
    return mg.check(record, text).criteria[0].verdict


def _reason(record: str | mg.Alloy, text: str) -> str:
    return mg.check(record, text).criteria[0].reason


# --- the base element ---------------------------------------------------------------------------
def test_every_record_has_its_base_element() -> None:
    for a in RECORDS:
        assert base_element(a) is not None, a.record_id
        assert a.base_element == base_element(a), a.record_id
    assert {r: mg.alloy(r).base_element for r in ("6061-T6", "A380-F", "Al", "Cu", "Ag")} == {
        "6061-T6": "Al",
        "A380-F": "Al",
        "Al": "Al",
        "Cu": "Cu",
        "Ag": "Ag",
    }
    for a in RECORDS:
        if a.material_class in ("magnesium alloy", "unalloyed magnesium", "magnesium matrix composite"):
            assert a.base_element == "Mg", a.record_id


def test_a_stated_base_element_is_backed_by_its_composition_source() -> None:
    """A record's own base_element cell (a reference metal) is the balance or the named content
    of its composition source, or, for a pure metal without one, its grade."""
    for path in sorted((DATA / "records").glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                base = row.get("base_element", "")
                if not base:
                    continue
                a = mg.alloy(row["record_id"])
                rows = [c for c in a.composition if c.element == base]
                if a.material_class == "fibre metal laminate":
                    assert "Mg" in a.family_basis and base == "Mg"
                elif rows:
                    assert all(c.min is None or c.min >= 50 for c in rows), a.record_id
                else:
                    assert a.grade == base and not a.composition, a.record_id


def test_the_balance_is_computed_for_the_base_only() -> None:
    assert _verdict("6061-T6", "Al >= 95 wt%") is Verdict.PASS
    assert "Al the balance" in _reason("6061-T6", "Al >= 95 wt%")
    assert _verdict("6061-T6", "Mg < 2 wt%") is Verdict.PASS  # Mg is an alloying element of 6061
    assert _verdict("AZ91D-F", "Mg > 85 wt%") is Verdict.PASS
    assert _verdict("Cu", "Cu > 99 wt%") is Verdict.PASS
    assert _verdict("Cu", "Mg > 0.1 wt%") is Verdict.FAIL  # at most what Cu >= 99.90 leaves: 0.06


def test_al_free_query_lists_no_aluminium_alloy_and_no_partial_source() -> None:
    found = mg.which_meet("Al <= 0 wt%")
    for a in found:
        assert a.base_element != "Al" and a.record_id not in ("6061-T6", "A380-F", "MA21"), a.record_id
        rows, _ = record_composition(a)
        assert not any(c.element == "Al" and interval(c)[1] > 0 for c in rows), a.record_id
        # every source that settles it gives its base as the balance: none merely omits Al
        keys = {k for c in record_content(a, "Al").known if c.high <= 0 for k in c.sources}
        for key in keys:
            assert any(c.source.key == key and c.element == a.base_element for c in rows), (a.record_id, key)
    assert "ZK60A-T5" not in {a.record_id for a in found}  # others 0.3: Al may be up to 0.3


def test_an_element_a_partial_source_omits_is_unknown_with_the_reason() -> None:
    res = mg.check("MA21", "Al <= 0 wt%").criteria[0]
    assert res.verdict is Verdict.UNKNOWN
    assert "axispanel-gost-14957-76 lists only Li" in res.reason and "Al unknown" in res.reason
    # an others limit bounds what a table does not list; a balance makes it 0
    assert "at most its others total of 0.3 wt%" in _reason("ZK60A-T5", "Al < 0.5 wt%")
    assert _verdict("ZK60A-T5", "Al < 0.5 wt%") is Verdict.PASS
    assert "gives Mg as the balance" in _reason("Mg-10Gd-3Y-0.5Zr-T6", "Al <= 0 wt%")


def test_a_zero_threshold_has_a_margin_but_no_fraction() -> None:
    res = mg.check("Mg-10Gd-3Y-0.5Zr-T6", "Al <= 0 wt%")
    assert res.criteria[0].margin is not None and res.criteria[0].margin_fraction is None
    assert "nan" not in str(res).lower() and "margin: 0" in str(res)


# --- totals counted once ------------------------------------------------------------------------
def test_we43a_reads_what_its_source_prints() -> None:
    assert _verdict("WE43A-T6", "Y <= 4.3 wt%") is Verdict.PASS
    assert _verdict("WE43A-T6", "Y >= 3.7 wt%") is Verdict.PASS
    (y,) = record_content(mg.alloy("WE43A-T6"), "Y").known
    assert (y.low, y.high) == (3.7, 4.3)
    # RE is every rare earth: Y beside the source's rare-earth total, which holds Nd
    (re,) = record_content(mg.alloy("WE43A-T6"), "RE").known
    assert (re.low, re.high) == pytest.approx((3.7 + 2.4, 4.3 + 4.4))
    assert _verdict("WE43A-T6", "RE > 5 wt%") is Verdict.PASS
    assert "Y 3.7..4.3 wt% + its RE total 2.4..4.4 wt%" in _reason("WE43A-T6", "RE > 5 wt%")
    (nd,) = record_content(mg.alloy("WE43A-T6"), "Nd").known
    assert (nd.low, nd.high) == (2.0, 2.5)
    (lre,) = record_content(mg.alloy("WE43A-T6"), "LRE").known
    assert lre.low == 2.0 and lre.high <= 4.4  # Nd, and at most the rest of the total


def test_a_total_never_counts_an_element_twice() -> None:
    for a in WITH_ROWS:
        for group in ("RE", "LRE", "HRE"):
            for c in record_content(a, group).known:
                assert c.low <= c.high <= 100.0, (a.record_id, group)
                # a total is never more than the sum of its parts' highs
                rows = [r for r in a.composition if r.source.key == c.sources[0]]
                printed = sum(interval(r)[1] for r in rows if r.element not in (OTHERS, OTHERS_EACH))
                assert c.high <= printed + 100.0, (a.record_id, group)
    # WE43A's density estimate counts Nd once (inside RE): 1.832..1.841 g/cm³ about the 1.84 its
    # maker prints, where Nd counted twice (inside and beside RE) gave 1.871..1.878
    lo, hi = mg.density_estimate(mg.alloy("WE43A-T6").composition)
    assert 1.83 < lo <= hi < 1.845


# --- rare-earth groups as terms -----------------------------------------------------------------
def test_group_terms_say_whether_they_include_y_and_sc() -> None:
    terms = group_terms()
    assert set(terms) >= {"RE", "LRE", "HRE", "MM"}
    groups = element_groups()
    for t in terms.values():
        assert t.sources
        assert t.includes_y == ("Y" in groups[t.term]), t.term
        assert t.includes_sc == ("Sc" in groups[t.term]), t.term
        for other in t.includes:
            assert groups[other] <= groups[t.term], (t.term, other)
    assert (terms["RE"].includes_y, terms["HRE"].includes_y, terms["LRE"].includes_y) == (True, True, False)
    assert row_members("RE") == groups["RE"] - {"Y"} and row_members("Ce+La") == {"Ce", "La"}
    assert row_members(OTHERS) is None


def test_targets_use_each_group() -> None:
    lre = {a.record_id for a in mg.which_meet("LRE >= 1 wt%")}
    hre = {a.record_id for a in mg.which_meet("HRE > 0 wt%")}
    assert "AE44-F" in lre and "WE43A-T6" in lre and "AE44-F" not in hre
    assert {"WE43A-T6", "Mg-10Gd-3Y-0.5Zr-T6"} <= hre
    assert mg.target("LRE >= 1 wt%").criteria[0].property == "LRE"


def test_ae44s_rare_earths_are_light_as_its_source_says() -> None:
    groups = rare_earth_content(mg.alloy("AE44"))
    assert [c.text for c in groups["LRE"].known][:1] == ["4 wt%"]
    assert [c.text for c in groups["HRE"].known][:1] == ["0 wt%"]
    assert _verdict("AE44", "LRE >= 1 wt% and HRE < 0.5 wt%") is Verdict.PASS
    assert "light-rare-earth" in mg.alloy("AE44").families
    # Mg-8Gd-3Y is heavy: never light-RE
    assert _verdict("Mg-8Gd-3Y-0.4Zr-T4", "HRE < 0.5 wt%") is Verdict.FAIL


# --- a user's composition -----------------------------------------------------------------------
def test_a_composition_as_text() -> None:
    assert parse_composition("Mg-10Gd-3Y-0.5Zr") == ("Mg", {"Gd": 10.0, "Y": 3.0, "Zr": 0.5}, "wt")
    assert parse_composition("Mg-4.5Al-2.5Ca (at%)")[2] == "at"
    a = mg.user_alloy({}, composition="Mg-9Al-1Zn")
    assert {c.element: c.nominal for c in a.composition} == {"Al": 9.0, "Zn": 1.0, "Mg": None}
    assert _verdict(a, "Al >= 9 wt%") is Verdict.PASS and _verdict(a, "Li > 0 wt%") is Verdict.FAIL
    assert _verdict(a, "Mg >= 90 wt%") is Verdict.PASS
    by_dict = mg.check({"uts": "300 MPa", "composition": "Mg-10Gd-3Y-0.5Zr"}, "HRE >= 13 wt%")
    assert by_dict.verdict is Verdict.PASS
    at = mg.user_alloy({}, composition="Mg-2Y at%")
    (y,) = [c for c in at.composition if c.element == "Y"]
    assert y.nominal == pytest.approx(
        100 * 2 * atomic_mass("Y") / (2 * atomic_mass("Y") + 98 * atomic_mass("Mg"))
    )


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (5, mg.InputTypeError),
        (["Mg", "Al"], mg.InputTypeError),
        ({"Al": True}, mg.InputTypeError),
        ({3: 1.0}, mg.InputTypeError),
        ("AZ91", mg.InputValueError),
        ("Mg-9Al-1Zq", mg.InputValueError),
        ("Mg-Al", mg.InputValueError),
        ("Mg-60Al-50Zn", mg.InputValueError),
        ("Al-4Cu", mg.InputValueError),
        ({"Al": "3 ppm"}, mg.InputValueError),
        ({"Al": math.nan}, mg.InputValueError),
        ({"Xx": 1}, mg.InputValueError),
    ],
)
def test_a_bad_composition_says_what_is_accepted(bad: object, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        mg.user_alloy({}, composition=bad)  # type: ignore[arg-type]
    said = str(info.value)
    assert any(w in said for w in ("Mg-9Al-1Zn", "such as", "base", "100")), said  # what is accepted
    with pytest.raises(error):
        mg.check({"uts": "300 MPa", "composition": bad}, "uts > 1 MPa")


# --- the data -----------------------------------------------------------------------------------
def test_composition_rows_name_what_they_stand_for() -> None:
    for a in WITH_ROWS:
        keys = {c.source.key for c in a.composition}
        for key in keys:
            rows = [c for c in a.composition if c.source.key == key]
            totals = [row_members(c.element) for c in rows if len(row_members(c.element) or ()) > 1]
            for i, one in enumerate(totals):  # no element in two totals of one source
                for other in totals[i + 1 :]:
                    assert one is not None and other is not None and not one & other, (a.record_id, key)
            each = [c.max for c in rows if c.element == OTHERS_EACH]
            total = [c.max for c in rows if c.element == OTHERS]
            if each and total:
                assert each[0] is not None and total[0] is not None and each[0] <= total[0]
            for c in rows:  # a row without an amount of the base: the balance, said where
                if c.element == a.base_element and c.min is c.max is c.nominal is None:
                    assert any(w in c.note.lower() for w in ("balance", "основа", "remainder")), c.note


def test_a_bad_base_element_or_row_names_file_and_line(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    for sub in ("records", "values", "sources", "compositions"):
        (root / sub).mkdir(parents=True)
    (root / "sources" / "lab.csv").write_text("key,title\nlab,Our tests\n", encoding="utf-8")
    (root / "values" / "lab.csv").write_text(
        "record_id,property,value,unit,kind,test_temperature,source,locator\n", encoding="utf-8"
    )
    records = "record_id,grade,material_class,base_element\nXA1,XA1,magnesium alloy,{}\n"
    (root / "records" / "lab.csv").write_text(records.format("Al"), encoding="utf-8")
    with pytest.raises(mg.DataError, match=r"records/lab\.csv:2.*contradicts the material class"):
        mg.load(root)
    (root / "records" / "lab.csv").write_text(records.format("RE"), encoding="utf-8")
    with pytest.raises(mg.DataError, match=r"records/lab\.csv:2.*not an element symbol"):
        mg.load(root)
    (root / "records" / "lab.csv").write_text(records.format(""), encoding="utf-8")
    (root / "compositions" / "lab.csv").write_text(
        "grade,element,min,max,nominal,source\nXA1,Zn,,,2,lab\nXA1,Q+Zn,,,1,lab\n", encoding="utf-8"
    )
    with pytest.raises(mg.DataError, match=r"compositions/lab\.csv:3.*'Q\+Zn'"):
        mg.load(root)
    (root / "compositions" / "lab.csv").write_text(
        "grade,element,min,max,nominal,source\nXA1,Zn,,,2,lab\nXA1,Mg,,,,lab\n", encoding="utf-8"
    )
    mine = mg.load(root).lookup("XA1")
    assert mine.base_element == "Mg" and _verdict(mine, "Al <= 0 wt%") is Verdict.PASS


# --- properties ---------------------------------------------------------------------------------
_ELEMENTS = ["Li", "Al", "Zn", "Gd", "Y", "Ca", "Mn", "Zr"]


@settings(max_examples=80, deadline=None)
@given(
    st.dictionaries(st.sampled_from(_ELEMENTS), st.floats(0.05, 12.0), min_size=1, max_size=4),
    st.data(),
    st.floats(0.05, 20.0),
    st.sampled_from([">", ">=", "<", "<="]),
)
def test_wt_and_at_percent_give_the_same_verdicts(
    comp: dict[str, float], data: st.DataObject, thr_wt: float, op: str
) -> None:
    el = data.draw(st.sampled_from(sorted(comp)))
    a = mg.user_alloy({}, composition=comp)
    at_comp = {**comp, el: thr_wt}  # the threshold in at.%: the same content at this composition
    assume(sum(at_comp.values()) < 100 and abs(comp[el] - thr_wt) > 1e-6)
    moles = {e: x / atomic_mass(e) for e, x in at_comp.items()}
    base = (100.0 - sum(at_comp.values())) / atomic_mass("Mg")
    thr_at = 100.0 * moles[el] / (sum(moles.values()) + base)
    wt, at = _verdict(a, f"{el} {op} {thr_wt!r} wt%"), _verdict(a, f"{el} {op} {thr_at!r} at%")
    assert wt is at, (comp, el, thr_wt, thr_at)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(WITH_ROWS), st.data())
def test_a_verdict_never_contradicts_a_printed_content(a: mg.Alloy, data: st.DataObject) -> None:
    row = data.draw(st.sampled_from([c for c in a.composition if c.element not in (OTHERS, OTHERS_EACH)]))
    lo, hi = interval(row)
    members = row_members(row.element) or frozenset()
    if len(members) == 1:  # an element: its content lies within what the source prints
        (el,) = members
        assert _verdict(a, f"{el} > {hi!r} wt%") is not Verdict.PASS, (a.record_id, row)
        assert lo == 0 or _verdict(a, f"{el} < {lo!r} wt%") is not Verdict.PASS, (a.record_id, row)
        if row.min is not None or row.nominal is not None:
            assert _verdict(a, f"{el} >= {lo!r} wt%") is not Verdict.FAIL, (a.record_id, row)
        if row.max is not None or row.nominal is not None:
            assert _verdict(a, f"{el} <= {hi!r} wt%") is not Verdict.FAIL, (a.record_id, row)
        return
    # a total: every group that holds all its elements holds at least its printed low end
    for group, elements in element_groups().items():
        if members <= elements and lo > 0:
            assert _verdict(a, f"{group} >= {lo!r} wt%") is not Verdict.FAIL, (a.record_id, row, group)
            assert _verdict(a, f"{group} < {lo!r} wt%") is not Verdict.PASS, (a.record_id, row, group)


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(RECORDS),
    st.sampled_from(["Li", "Al", "Zn", "Y", "Gd", "Nd", "Mg", "RE", "LRE", "HRE"]),
    st.sampled_from([">", ">=", "<", "<="]),
    st.floats(0.0, 100.0),
    st.floats(0.0, 50.0),
    st.sampled_from(["wt", "at"]),
)
def test_loosening_a_composition_threshold_never_turns_pass_into_fail(
    a: mg.Alloy, token: str, op: str, thr: float, loosen: float, basis: str
) -> None:
    looser = max(thr - loosen, 0.0) if op.startswith(">") else min(thr + loosen, 100.0)
    strict = _verdict(a, f"{token} {op} {thr!r} {basis}%")
    loose = _verdict(a, f"{token} {op} {looser!r} {basis}%")
    if strict is Verdict.PASS:
        assert loose is Verdict.PASS, (a.record_id, token, op, thr, looser)
    if loose is Verdict.FAIL:
        assert strict is Verdict.FAIL, (a.record_id, token, op, thr, looser)
