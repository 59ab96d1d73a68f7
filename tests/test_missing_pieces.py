"""The missing pieces (`mg.missing_pieces`): which piece of data would settle which unknown
verdict, ranked, and the documents that may print it."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mgalloys as mg
from docgen import pages
from mgalloys.frontier import _names_grade, _needs
from mgalloys.verdicts import Verdict

ROOT = Path(__file__).resolve().parent.parent

# --- a hand-made catalog whose ranking is worked out by hand ---------------------------------------
# Made-up records of made-up grades (XA1 ...), checked against three targets of our own:
T1 = "uts > 300 MPa and el > 10 % for castings"
T2 = "ys >= XR1-F"  # XR1-F has no yield strength: every check of T2 waits on it
T3 = "uts > 190 MPa at 250 degC"
FILES = {
    "sources/lab.csv": "key,title\nlab,Made-up tests for the test suite (not measurements)\n",
    "records/lab.csv": (
        "record_id,grade,temper,product_form,material_class,families\n"
        "XA1-T6,XA1,T6,sand casting,magnesium alloy,\n"
        "XB1-T6,XB1,T6,sand casting,magnesium alloy,\n"
        "XC1-T6,XC1,T6,,magnesium alloy,\n"  # no product form: T1's scope is unknown for it
        "XE1-F,XE1,F,extrusion,magnesium alloy,\n"
        "XR1-F,XR1,F,sand casting,magnesium alloy,\n"
    ),
    "values/lab.csv": (
        "record_id,property,value,unit,kind,test_temperature,source,locator\n"
        "XA1-T6,tensile_strength,320,MPa,typical,RT,lab,t1\n"
        "XA1-T6,yield_strength,200,MPa,typical,RT,lab,t1\n"
        "XC1-T6,tensile_strength,250,MPa,typical,RT,lab,t2\n"
        "XE1-F,tensile_strength,350,MPa,typical,RT,lab,t3\n"
        "XE1-F,elongation,12,%,typical,RT,lab,t3\n"
        "XE1-F,yield_strength,250,MPa,typical,RT,lab,t3\n"
        "XR1-F,tensile_strength,280,MPa,typical,RT,lab,t4\n"
    ),
    "curves/lab.csv": (
        "record_id,property,temperature,value,unit,kind,source,locator,reading\n"
        "XA1-T6,tensile_strength,200 degC,230,MPa,typical,lab,t5,printed\n"
        "XA1-T6,tensile_strength,300 degC,170,MPa,typical,lab,t6,printed\n"
    ),
    "searches/lab.csv": (
        "record_id,topic,searched_for,where,result,searched_on\n"
        "XB1-T6,strength_vs_temperature,Made-up datasheet 999 (XB1 at 150-300 degC),our shelf,"
        "not found,2026-01-01\n"
        ",strength_vs_temperature,Made-up handbook table 4.2 for XC1 and XE1 at 250 degC,"
        "the library,only its index was read,2026-01-02\n"
        ",composition,XC1 composition,the library,not found,2026-01-03\n"  # another topic
        "XR1-F,target_properties,XR1 room-temperature datasheet,our shelf,lost,2026-01-04\n"
    ),
}

RT, AT250 = " at room temperature (typical or range)", " at 250 °C (typical or range)"  # the kinds read
# (piece, the (record, target) verdicts it alone settles, how many verdicts wait on it), in rank
# order: most settled first, then most waiting, then record by record.
EXPECTED = [
    # T2: XA1 and XE1 have their own yield strength and XR1 checks itself: only XR1's is missing
    (f"yield_strength of XR1-F{RT}", {("XA1-T6", T2), ("XE1-F", T2), ("XR1-F", T2)}, 5),
    (f"elongation of XA1-T6{RT}", {("XA1-T6", T1)}, 1),  # uts passes T1
    (f"tensile_strength of XB1-T6{AT250}", {("XB1-T6", T3)}, 1),
    (f"tensile_strength of XC1-T6{AT250}", {("XC1-T6", T3)}, 1),
    # XC1's uts fails T1: in scope it fails, outside it does not apply; its form alone decides
    ("product form of XC1-T6", {("XC1-T6", T1)}, 1),
    (f"tensile_strength of XE1-F{AT250}", {("XE1-F", T3)}, 1),  # (T1 does not apply to XE1)
    (f"tensile_strength of XR1-F{AT250}", {("XR1-F", T3)}, 1),  # (XR1 fails T1 on its uts)
    # waiting with another piece: nothing settled alone
    (f"elongation of XB1-T6{RT}", set(), 1),
    (f"tensile_strength of XB1-T6{RT}", set(), 1),
    (f"yield_strength of XB1-T6{RT}", set(), 1),  # with XR1's
    (f"yield_strength of XC1-T6{RT}", set(), 1),
]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> mg.Catalog:
    root = tmp_path_factory.mktemp("lab")
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return mg.load(root, extend=False)


def test_the_ranking_of_a_hand_made_catalog(lab: mg.Catalog) -> None:
    pieces = mg.missing_pieces([T1, T2, T3], catalog=lab)
    text = {str(mg.target(t)): t for t in (T1, T2, T3)}  # a result names its target as parsed
    got = [(p.text, {(r.alloy, text[r.target]) for r in p.settles}, len(p.needed_by)) for p in pieces]
    assert got == EXPECTED
    for p in pieces:  # every verdict counted is unknown, and settled ones are among the waiting
        assert all(r.verdict is Verdict.UNKNOWN for r in p.needed_by)
        assert {id(r) for r in p.settles} <= {id(r) for r in p.needed_by}


def test_each_piece_names_the_documents_that_may_print_it(lab: mg.Catalog) -> None:
    pieces = {p.text: p for p in mg.missing_pieces([T1, T2, T3], catalog=lab)}
    # the record's own search row, for a piece above room temperature of a tensile test
    (own,) = pieces[f"tensile_strength of XB1-T6{AT250}"].leads
    assert (own.basis, own.document) == ("searched", "Made-up datasheet 999 (XB1 at 150-300 degC)")
    assert own.location.endswith("searches/lab.csv:2")
    assert (own.searched_in, own.found, own.searched_on) == ("our shelf", "not found", "2026-01-01")
    # a row of no record that names the grade; then the source the record cites for its values
    xc1 = pieces[f"tensile_strength of XC1-T6{AT250}"].leads
    assert [x.basis for x in xc1] == ["searched", "cited"]
    assert xc1[0].document.startswith("Made-up handbook table 4.2")
    assert xc1[1].source == "lab" and xc1[1].found == "prints for XC1-T6: tensile_strength at RT"
    # a room-temperature topic serves a room-temperature piece only; a composition row never
    xr1 = pieces[f"yield_strength of XR1-F{RT}"].leads
    assert xr1[0].document == "XR1 room-temperature datasheet"
    assert all(x.basis == "cited" for x in pieces[f"tensile_strength of XR1-F{AT250}"].leads)
    assert not [x for x in pieces["product form of XC1-T6"].leads if x.basis == "searched"]
    # nothing logged and nothing cited: not known
    assert pieces[f"elongation of XB1-T6{RT}"].leads == ()


def test_a_grade_is_named_only_as_a_word_of_its_own() -> None:
    assert _names_grade("for AZ31B, AZ61A, ZK60A, AZ91C/E, EZ33A", "EZ33A")
    assert not _names_grade("for AZ91C/E", "AZ91")
    assert not _names_grade("Mg-La, Mg-Ce binary alloys", "Mg")
    assert not _names_grade("tested at 250 °C", "C")


def test_a_criterion_decided_is_never_waited_on(lab: mg.Catalog) -> None:
    with mg.using(lab):
        a = mg.alloy("XB1-T6")
        res = mg.check(a, T1)
        assert _needs(a, mg.target(T1), res) == {
            next(iter(_needs(a, mg.target("uts > 300 MPa"), mg.check(a, "uts > 300 MPa")))),
            next(iter(_needs(a, mg.target("el > 10 %"), mg.check(a, "el > 10 %")))),
        }
        # the elongation decided (by a value, or by a bound another rule finds): the verdict now
        # waits on the tensile strength alone; decided as failing, the verdict is known: nothing
        el = res.criteria[1]
        for verdict, waits in ((Verdict.PASS, 1), (Verdict.FAIL, 0)):
            decided = el.model_copy(update={"verdict": verdict, "reason": "decided by a bound"})
            combined = Verdict.UNKNOWN if verdict is Verdict.PASS else Verdict.FAIL
            changed = res.model_copy(update={"criteria": (res.criteria[0], decided), "verdict": combined})
            assert len(_needs(a, mg.target(T1), changed)) == waits


# --- a rule for all inputs: a piece settles exactly the verdicts it alone decides -----------------
TARGETS = ("uts > 300 MPa and el > 10 % for castings", "ys > 150 MPa and uts > 300 MPa")
FILL = {  # a passing and a failing value of each piece that user_alloy can take
    "tensile_strength": ("350 MPa", "250 MPa"),
    "elongation": ("15 %", "5 %"),
    "yield_strength": ("200 MPa", "100 MPa"),
    "product form": ("sand casting", "extrusion"),
}
record = st.fixed_dictionaries(
    {},
    optional={
        "uts": st.sampled_from(["250 MPa", "350 MPa"]),
        "el": st.sampled_from(["5 %", "15 %"]),
        "ys": st.sampled_from(["100 MPa", "200 MPa"]),
        "product_form": st.sampled_from(["sand casting", "extrusion"]),
    },
)


def _filled(values: dict[str, str], piece: mg.MissingPiece, which: int) -> mg.Alloy:
    key = "product_form" if piece.property == "product form" else piece.property
    return mg.user_alloy({**values, key: FILL[piece.property][which]}, name=piece.record)


@settings(max_examples=40, deadline=None)
@given(st.lists(record, min_size=1, max_size=5))
def test_a_piece_settles_exactly_the_verdicts_it_alone_decides(records: list[dict[str, str]]) -> None:
    values = {f"u{i}": r for i, r in enumerate(records)}
    pool = [mg.user_alloy(v, name=name) for name, v in values.items()]
    for p in mg.missing_pieces(TARGETS, pool):
        settled = {(r.alloy, r.target) for r in p.settles}
        for r in p.needed_by:
            after = [mg.check(_filled(values[p.record], p, i), mg.target(r.target)).verdict for i in (0, 1)]
            if (r.alloy, r.target) in settled:  # either value decides it
                assert Verdict.UNKNOWN not in after, (p.text, r.target, after)
            else:  # a value that passes leaves it waiting on another piece
                assert after[0] is Verdict.UNKNOWN, (p.text, r.target, after)


# --- the bundled data ---------------------------------------------------------------------------
def test_the_bundled_ranking_and_its_leads() -> None:
    pieces = mg.missing_pieces()
    settled = [len(p.settles) for p in pieces]
    assert settled == sorted(settled, reverse=True) and settled[0] >= 1
    heat = [p for p in pieces if p.property == "tensile_strength" and ">= 250 °C" in p.conditions]
    assert heat, "the heat-resistant family's strength window has no missing piece"
    rows = {}
    for path in sorted((ROOT / "data" / "searches").glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), 2):
                rows[f"data/searches/{path.name}:{line}"] = row
    searched = [(p, x) for p in pieces for x in p.leads if x.basis == "searched"]
    assert searched, "no piece names a search of the data's logs"
    for p, x in searched:  # each names a real row: of the record, or of none and naming its grade
        row = rows[x.location]
        assert (row["searched_for"], row["where"], row["result"]) == (x.document, x.searched_in, x.found)
        assert row["record_id"] == p.record or (
            not row["record_id"] and mg.alloy(p.record).grade in row["searched_for"]
        ), (p.text, x.location)
    for p in pieces:  # a compilation or stockist is never named as the document to read
        for x in p.leads:
            if x.source is not None:
                assert mg.get_catalog().sources[x.source].kind.value not in ("compilation", "stockist")


def test_a_search_log_without_its_columns_is_an_error(tmp_path: Path) -> None:
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    bad = "record_id,topic,searched_for\nXB1-T6,x,y\n"  # where, result and searched_on left out
    (tmp_path / "searches" / "lab.csv").write_text(bad, encoding="utf-8")
    with pytest.raises(mg.DataError, match=r"searches/lab\.csv:2: .*where, result, searched_on"):
        mg.missing_pieces([T3], catalog=mg.load(tmp_path, extend=False))


def test_the_coverage_page_shows_the_ranking() -> None:
    page = pages.coverage_page()
    section = page.split("## What to measure first", 1)[1]
    settling = [p for p in mg.missing_pieces() if p.settles]
    items = [line for line in section.splitlines() if re.match(r"\d+\. \*\*", line)]
    assert len(items) == len(settling)
    for line, p in zip(items, settling, strict=True):
        assert f"**{pages._md_text(p.text)}** settles" in line
    used = set(re.findall(r"\]\[(family-\d+)\]", section))
    defined = set(re.findall(r"^\[(family-\d+)\]: families\.md#", section, re.M))
    assert used and used <= defined
