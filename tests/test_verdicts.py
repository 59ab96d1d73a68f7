"""Reasoned verdicts, evidence levels, faithful readings and margins in plain sight (issue 21,
parts 2-4): the rules of ``data/checks/rules.csv``, measured against the bundled data, and every
view of a check and of the scorecard naming what each verdict rests on."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys.cli import main
from mgalloys.evidence import Evidence, judge, rules
from mgalloys.models import Alloy
from mgalloys.plausibility import LORENZ_BAND, density_estimate
from mgalloys.verdicts import Verdict

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "002_316b365fd875f406.txt"
FLAGSHIPS = ("Mg-11Gd-4.5Y-1.5Zn-1Nd-0.5Zr-T5-extrusion", "Mg-2.5Gd-0.75Y-0.5Zn-0.3Mn-T5-extrusion")
GW103K = ("Mg-10Gd-3Y-0.5Zr-T6", "Mg-10Gd-3Y-0.5Zr-T6-250C", "Mg-10Gd-3Y-0.5Zr-T6-squeeze-cast")
STRENGTHS = ("tensile_strength", "yield_strength")
DECIDED = (Verdict.PASS, Verdict.FAIL)


@pytest.fixture(scope="module")
def card() -> mg.Scorecard:
    return mg.scorecard()


@pytest.fixture(scope="module")
def strict_card() -> mg.Scorecard:
    return mg.scorecard(strict=True)


def _rule(rule_id: str) -> mg.evidence.Rule:
    return next(r for r in rules() if r.id == rule_id)


def _without(a: Alloy, prop: str) -> Alloy:
    """The record with every value and curve of ``prop`` removed (the rest untouched)."""
    fields = {f: getattr(a, f) for f in Alloy.model_fields}
    fields["property_values"] = tuple(v for v in a.property_values if v.property != prop)
    fields["series"] = tuple(s for s in a.series if s.property != prop)
    return Alloy.model_construct(**fields)


def _magnesium(a: Alloy) -> bool:
    return a.material_class in ("magnesium alloy", "unalloyed magnesium")


# --- evidence levels ---------------------------------------------------------------------------
def test_every_decided_cell_names_its_evidence(card: mg.Scorecard) -> None:
    for r in card.results:
        assert (r.evidence is not None) == (r.verdict in DECIDED), (r.alloy, r.target, r.verdict)
        for c in r.criteria:
            assert (c.evidence is not None) == (c.verdict in DECIDED), (r.alloy, c.criterion.text)
    levels = {r.evidence for r in card.results if r.evidence is not None}
    assert levels == set(Evidence), "the bundled scorecard holds all four levels of evidence"


@pytest.mark.parametrize(
    ("name", "target", "level", "rule"),
    [
        ("AZ91D", 8, Evidence.MEASURED, ""),
        ("EZ33A-T5", "uts > 100 MPa at 250 degC", Evidence.INTERPOLATED, ""),
        ("Mg97Zn1Y2-RSPM", 4, Evidence.BOUNDED, "uts-at-least-ys"),
        ("WE43A-T6", "uts > 400 MPa at 250 degC", Evidence.BOUNDED, "hot-strength-at-most-rt"),
        ("LAJ932-extruded", 9, Evidence.ESTIMATED, "density-from-composition"),
    ],
)
def test_each_level_of_evidence(name: str, target: object, level: Evidence, rule: str) -> None:
    res = mg.check(name, target)
    assert res.verdict in DECIDED and res.evidence is level
    assert any(c.rule == rule for c in res.criteria)
    assert level.value in res.explain()
    if rule:
        assert rule in res.explain()
        assert mg.check(name, target, strict=True).evidence in (
            None,
            Evidence.MEASURED,
            Evidence.INTERPOLATED,
        )


def test_a_fail_rests_on_its_strongest_failing_criterion_a_pass_on_its_weakest() -> None:
    fail = mg.check({"uts": "100 MPa", "ys": "450 MPa"}, "uts > 400 MPa and ys > 400 MPa")
    assert fail.verdict is Verdict.FAIL and fail.evidence is Evidence.MEASURED
    both = mg.check({"ys": "450 MPa"}, "uts > 400 MPa and ys > 400 MPa")
    assert both.verdict is Verdict.PASS and both.evidence is Evidence.BOUNDED
    assert [c.evidence for c in both.criteria] == [Evidence.BOUNDED, Evidence.MEASURED]


def test_strict_turns_the_rules_off(card: mg.Scorecard, strict_card: mg.Scorecard) -> None:
    assert card.records == strict_card.records and strict_card.strict
    levels = {r.evidence for r in strict_card.results}
    assert levels <= {None, Evidence.MEASURED, Evidence.INTERPOLATED}
    for loose, strict in zip(card.results, strict_card.results, strict=True):
        # reasoning only settles unknowns: it never overturns a verdict on measured values
        if strict.verdict is not Verdict.UNKNOWN:
            assert loose.verdict is strict.verdict, (loose.alloy, loose.target)
    assert strict_card.totals()["unknown"] > card.totals()["unknown"]
    assert "Mg97Zn1Y2-RSPM" in [a.record_id for a in mg.which_meet(4)]
    assert "Mg97Zn1Y2-RSPM" not in [a.record_id for a in mg.which_meet(4, strict=True)]
    assert all(r.evidence is not Evidence.BOUNDED for r in mg.closest(4, n=20, strict=True))
    assert any(r.evidence is Evidence.BOUNDED for r in mg.closest(4, n=20))
    strict_rules = {c.rule for r in mg.frontier(9, n=20, strict=True).closest for c in r.criteria}
    loose_rules = {c.rule for r in mg.frontier(9, n=20).closest for c in r.criteria}
    assert strict_rules <= {""} and "density-from-composition" in loose_rules


def test_frontier_best_values_are_measured_and_name_their_evidence() -> None:
    fr = mg.frontier(4)
    for b in fr.best:
        if b.result is not None:
            assert b.result.evidence in (Evidence.MEASURED, Evidence.INTERPOLATED)
    assert "evidence" in fr.to_frame().columns
    assert "measured" in fr.render() and "measured" in fr._repr_html_()


# --- the scorecard's views ---------------------------------------------------------------------
def test_the_frame_shows_evidence_and_flags(card: mg.Scorecard) -> None:
    df = card.to_frame()
    assert df.loc["Mg97Zn1Y2-RSPM", "ultra-high-strength evidence"] == "bounded"
    assert df.loc["ZK60A-T5", "high-electrical-conductivity"] == "pass"
    assert "marginal" in df.loc["ZK60A-T5", "high-electrical-conductivity flags"]
    assert df.loc["AZ91D-F", "rare-earth-structural"] == "no target"
    assert df.loc["AZ91D-F", "rare-earth-structural evidence"] == ""
    assert list(df.columns[:3]) == [
        "rare-earth-structural",
        "rare-earth-structural evidence",
        "rare-earth-structural flags",
    ]


def test_render_repr_and_html_show_evidence_marks_and_no_target(card: mg.Scorecard) -> None:
    text = card.render()
    zk = next(line for line in text.splitlines() if line.startswith("ZK60A-T5 "))
    assert "pass/m~" in zk, zk
    rspm = next(line for line in text.splitlines() if line.startswith("Mg97Zn1Y2-RSPM "))
    assert "pass/b" in rspm
    assert "no tgt" in text and "/b bounded" in text and "~ = marginal" in text and "! = disputed" in text
    totals = card.totals()
    assert f"{totals['no target']} no target" in repr(card) and f"{totals['unknown']} unknown" in repr(card)
    html = card._repr_html_()
    assert "no target" in html and "/b" in html and "~" in html


def test_results_with_evidence_round_trip_through_json() -> None:
    sc = mg.scorecard(["Mg97Zn1Y2-RSPM", "ZK60A-T5", "LAJ932-extruded", "AZ91D"], strict=False)
    back = mg.Scorecard.model_validate_json(sc.model_dump_json())
    assert back.results == sc.results and back.render() == sc.render()
    assert {r.evidence for r in back.results} >= {Evidence.BOUNDED, Evidence.ESTIMATED, Evidence.MEASURED}


def test_counts_keep_no_target_apart_from_unknown(card: mg.Scorecard) -> None:
    counts = card.counts()
    for fid in ("rare-earth-structural", "composites"):
        assert counts[fid]["unknown"] == 0 and counts[fid]["no target"] > 0
        assert counts[fid]["pass"] == counts[fid]["fail"] == 0
    assert sum(c["no target"] for c in counts.values()) == card.totals()["no target"]
    assert mg.check("AZ91D", 1).verdict is Verdict.NO_TARGET
    assert mg.check("AZ91D", 1).evidence is None and not mg.check("AZ91D", 1).missing


def _cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out):
        code = main(list(args))
    return code, out.getvalue()


def test_cli_scorecard_csv_json_and_strict() -> None:
    code, out = _cli("scorecard", "--family", "3", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and set(rows[0]) == {
        "record",
        "high-electrical-conductivity",
        "high-electrical-conductivity evidence",
        "high-electrical-conductivity flags",
    }
    zk = next(r for r in rows if r["record"] == "ZK60A-T5")
    assert (zk["high-electrical-conductivity"], zk["high-electrical-conductivity flags"]) == (
        "pass",
        "marginal",
    )
    code, out = _cli("scorecard", "--family", "4", "--format", "json", "--no-rules")
    rows = json.loads(out)
    assert code == 0 and {r["ultra-high-strength evidence"] for r in rows} <= {"", "measured", "interpolated"}
    code, out = _cli("scorecard", "--family", "4")
    assert "pass/b" in out and "/b bounded" in out


def test_cli_check_names_evidence_and_strict() -> None:
    code, out = _cli("check", "Mg97Zn1Y2-RSPM", "--family", "4")
    assert code == 0 and "bounded" in out and "uts-at-least-ys" in out
    code, out = _cli("check", "Mg97Zn1Y2-RSPM", "--family", "4", "--no-rules")
    assert code == 1 and "UNKNOWN" in out
    code, out = _cli("check", "ZK60A-T5", "--family", "3", "--format", "json")
    rows = json.loads(out)
    ec = next(r for r in rows if r["criterion"] == "electrical_conductivity > 17 MS/m")
    assert ec["evidence"] == "measured" and ec["marginal"] is True


# --- the rules: data, sources, docs --------------------------------------------------------------
def test_every_rule_is_a_sourced_row_and_documented() -> None:
    concepts = (ROOT / "docs" / "concepts.md").read_text(encoding="utf-8")
    with (ROOT / "data" / "checks" / "rules.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["rule"] for r in rows] == [r.id for r in rules()]
    assert len({r["rule"] for r in rows}) == len(rows)
    for r in rules():
        assert r.statement and r.source.key, r.id
        assert f"`{r.id}`" in concepts and r.source.key in concepts, f"docs/concepts.md must explain {r.id}"
        if r.mechanism in ("temperature", "composition", "uncertainty"):
            assert r.values and r.evidence, f"{r.id}: a parameter needs its measured evidence"
    for level in Evidence:
        assert f"**{level.value}**" in concepts


def test_uts_at_least_ys_decides_the_ultra_high_yield_alloys(card: mg.Scorecard) -> None:
    high_ys = [
        a.record_id
        for a in mg.alloys()
        if (ys := a.value("yield_strength")) is not None
        and ys.low.to("MPa").magnitude > 400
        and a.value("tensile_strength") is None
    ]
    assert "Mg97Zn1Y2-RSPM" in high_ys
    for rid in high_ys:
        res = card.result(rid, 4)
        assert res.verdict is Verdict.PASS and res.evidence is Evidence.BOUNDED, rid
        assert res.criteria[0].rule == "uts-at-least-ys"


def _hot_points() -> Iterator[tuple[str, str, float, float, float]]:
    """Every strength tested above room temperature that has a room-temperature value of the
    same record, property and kind: (record, property, temperature in °C, hot value, highest RT)."""
    for a in mg.alloys():
        for p in STRENGTHS:
            for cv in a.curves(p):
                rt = [
                    v for v in a.values(p, room_temperature=True) if v.kind is cv.kind and not v.implausible
                ]
                rt_pts = [y for t, y in zip(cv._t, cv._y, strict=True) if 288.15 <= t <= 303.15]
                tops = [float(v.high.to(cv.unit).magnitude) for v in rt] + [float(y) for y in rt_pts]
                if not tops:
                    continue
                for t, y in zip(cv._t, cv._y, strict=True):
                    if t > 303.15:
                        yield a.record_id, p, float(t) - 273.15, float(y), max(tops)


def test_the_hot_strength_tolerance_covers_every_rise_in_the_data() -> None:
    points = list(_hot_points())
    rule = _rule("hot-strength-at-most-rt")
    assert rule.value is not None
    worst = max(y / top - 1 for *_, y, top in points)
    assert worst <= rule.value, f"a strength rises {worst:.1%} above room temperature: widen the tolerance"
    n_records = len({p[0] for p in points})
    assert (
        f"{len(points)} tensile and yield strengths" in rule.evidence
        and f"on {n_records} records" in rule.evidence
    )


def test_the_density_band_covers_every_printed_density_of_a_magnesium_alloy() -> None:
    band = _rule("density-from-composition").value
    assert band is not None
    devs = []
    for a in mg.alloys():
        span = density_estimate(a.composition) if _magnesium(a) else None
        if span is None:
            continue
        for v in a.values("density"):
            if not v.implausible:
                d = float(v.quantity.to("g/cm**3").magnitude)
                devs.append(d / span[0] - 1 if d < span[0] else d / span[1] - 1 if d > span[1] else 0.0)
    assert len(devs) >= 50 and max(abs(x) for x in devs) <= band
    assert f"{len(devs)} densities" in _rule("density-from-composition").evidence


def test_zc71_pair_keeps_to_wiedemann_franz() -> None:
    """ZC71-T6's 18.5 MS/m (from its 5.4 µΩ·cm) and 122 W/(m·K) of one page: a Lorenz number of
    2.25e-8 W·Ω/K², inside the band (Chen et al. measure 2.19e-8 to 2.60e-8 on Mg alloys), so the
    pair is consistent and its conductivity a default; a pair outside the band never is."""
    a = mg.alloy("ZC71-T6")
    ec, tc = a.value("electrical_conductivity"), a.value("thermal_conductivity")
    assert ec is not None and tc is not None and ec.source.key == tc.source.key
    lorenz = float(tc.quantity.to("W/(m*K)").magnitude) / (float(ec.quantity.to("S/m").magnitude) * 293.15)
    assert LORENZ_BAND[0] <= lorenz <= LORENZ_BAND[1] and lorenz == pytest.approx(2.25e-8, rel=0.01)
    assert not ec.implausible and mg.check("ZC71-T6", 3).criteria[0].evidence is Evidence.MEASURED


def test_scope_readings_of_the_description() -> None:
    res = mg.check("MA8-half-hard-sheet", 5)
    assert res.verdict is Verdict.NOT_APPLICABLE and "temper-half-hard" in res.scope_rules
    assert "read from the record's description" in res.scope_reason
    assert mg.check("MA8-half-hard-sheet", 5, strict=True).verdict is Verdict.UNKNOWN
    assert mg.check("AZ31B-H112-sheet", 5).verdict is Verdict.NOT_APPLICABLE
    assert mg.check("MA18", 8).verdict is Verdict.NOT_APPLICABLE  # "Russian wrought Mg-Li alloy"
    aged = mg.check("Mg-4.4Zn-0.3Zr-0.4Y-aged-extrusion", 5)
    assert aged.scope_state == "in" and "temper-aged-after-hot-working" in aged.scope_rules
    # a description naming a solution treatment is not read as T5
    assert mg.evidence.scope_reading(mg.alloy("Mg-7Zn-5Gd-0.6Zr-extruded"))[0] == {}


# --- a bound never contradicts a measured value present in the data ----------------------------
def _pairs() -> list[tuple[str, str]]:
    """(record, property) where the data holds the property and a rule could bound it."""
    out = []
    for a in mg.alloys():
        for p in (
            "tensile_strength",
            "yield_strength",
            "density",
            "thermal_conductivity",
            "electrical_conductivity",
        ):
            if any(not v.implausible for v in a.values(p)):
                out.append((a.record_id, p))
    return out


PAIRS = _pairs()


def _bound_agrees(rid: str, prop: str, fraction: float, op: str, hot: str | None) -> int:
    """With the property's own values hidden, a rule's verdict agrees with every measured value of
    the record (both ends of a range): 1 when a rule decided, 0 when none did."""
    a = mg.alloy(rid)
    at = f" at {hot}" if hot and prop in STRENGTHS else ""
    values = [v for v in a.values(prop) if not v.implausible and v.kind in (mg.Kind.typical, mg.Kind.range)]
    if not values:
        return 0
    unit = mg.property_info(prop).unit
    base = float(values[0].quantity.to(unit).magnitude)
    crit = mg.target(f"{prop} {op} {base * fraction:.6g} {unit}{at}").criteria[0]
    j = judge(_without(a, prop), crit, crit.threshold)
    if j.evidence not in (Evidence.BOUNDED, Evidence.ESTIMATED):
        return 0
    t = float(crit.threshold.to(unit).magnitude)
    verdict = crit.op.holds(float(j.compared.to(unit).magnitude), t)
    for v in judge(a, crit, crit.threshold, strict=True).accepted:
        for end in (v.low, v.high):
            assert crit.op.holds(float(end.to(unit).magnitude), t) == verdict, (
                rid,
                crit.text,
                v.describe(),
                j.why,
            )
    return 1


@settings(max_examples=150, deadline=None)
@given(
    pair=st.sampled_from(PAIRS),
    fraction=st.floats(min_value=0.3, max_value=3.0),
    op=st.sampled_from([">", ">=", "<", "<="]),
    hot=st.sampled_from([None, "250 degC", ">= 200 degC"]),
)
def test_a_bound_never_contradicts_a_measured_value(
    pair: tuple[str, str], fraction: float, op: str, hot: str | None
) -> None:
    _bound_agrees(*pair, fraction, op, hot)


def test_no_bound_contradicts_any_measured_value_in_the_data() -> None:
    """Every record and property the rules can bound, at thresholds on both sides of its values."""
    decided = sum(
        _bound_agrees(rid, prop, fraction, op, hot)
        for rid, prop in PAIRS
        for hot in ((None, "250 degC", ">= 200 degC") if prop in STRENGTHS else (None,))
        for fraction in (0.8, 1.25)
        for op in (">", "<=")
    )
    assert decided > 300  # the rules decide hundreds of these hidden values, none against the data


# --- loosening a threshold never turns pass into fail ------------------------------------------
RECORDS = [a.record_id for a in mg.alloys()]
LOOSEN = {
    "tensile_strength": ("MPa", 50.0, 700.0),
    "yield_strength": ("MPa", 30.0, 650.0),
    "density": ("g/cm**3", 1.2, 2.8),
    "electrical_conductivity": ("MS/m", 3.0, 30.0),
    "thermal_conductivity": ("W/(m*K)", 30.0, 170.0),
}


@settings(max_examples=200, deadline=None)
@given(
    rid=st.sampled_from(RECORDS),
    prop=st.sampled_from(sorted(LOOSEN)),
    op=st.sampled_from([">", ">=", "<", "<="]),
    position=st.floats(min_value=0.0, max_value=1.0),
    loosen=st.floats(min_value=0.0, max_value=1.0),
    hot=st.sampled_from(["", " at 250 degC", " at >= 250 degC"]),
    strict=st.booleans(),
)
def test_loosening_a_threshold_never_turns_pass_into_fail(
    rid: str, prop: str, op: str, position: float, loosen: float, hot: str, strict: bool
) -> None:
    unit, lo, hi = LOOSEN[prop]
    t = lo + position * (hi - lo)
    looser = t - loosen * (t - lo) if op.startswith(">") else t + loosen * (hi - t)
    at = hot if prop in STRENGTHS else ""
    before = mg.check(rid, f"{prop} {op} {t:.6g} {unit}{at}", strict=strict).verdict
    after = mg.check(rid, f"{prop} {op} {looser:.6g} {unit}{at}", strict=strict).verdict
    if before is Verdict.PASS:
        assert after is Verdict.PASS, (rid, prop, op, t, looser, at, strict)
    if after is Verdict.FAIL:
        assert before is Verdict.FAIL


# --- faithful readings -----------------------------------------------------------------------------
def _paper() -> str:
    text = SEED.read_text(encoding="utf-8").replace("¬∞C", "°C").replace("¬∑", "·")
    return " ".join(text.split())


def test_every_reading_cites_the_papers_sentence() -> None:
    if not SEED.is_file():
        pytest.skip("the seed paper is not beside the project")
    paper = _paper()
    for f in mg.families():
        for r in f.readings:
            assert r.rests_on, f"{f.id} reading {r.id} cites no sentence"
            for passage in r.rests_on.split(" [...] "):
                assert " ".join(passage.split()) in paper, (f.id, r.id, passage[:60])


def test_family_6_reads_light_rare_earths() -> None:
    fam = mg.family(6)
    assert fam.reading == "la-ce-die-castings"
    assert "LRE" in [c.property for c in fam.target.scope.composition]
    assert mg.check("Mg-8Gd-3Y-0.4Zr-T4", 6).verdict is Verdict.NOT_APPLICABLE
    assert mg.check("Mg-8Gd-3Y-0.4Zr-T4", mg.family(6, reading="re-die-castings")).verdict is not Verdict.FAIL
    assert "Mg-8Gd-3Y-0.4Zr-T4" not in [a.record_id for a in mg.which_meet(6)]


def test_families_4_and_10_read_strength_the_same_way() -> None:
    assert mg.family(10).reading == "strength-retained"
    uhs, hr = mg.family(4).target.criteria[0], mg.family(10).target.criteria[0]
    assert (uhs.property, uhs.op, uhs.threshold, uhs.room_temperature) == (
        hr.property,
        hr.op,
        hr.threshold,
        True,
    )
    hot = mg.family(10).target.criteria[1]
    assert hot.temperature_min.to("degC").magnitude == pytest.approx(250) and hot.temperature_max is None


@pytest.mark.parametrize("name", FLAGSHIPS)
def test_the_papers_mg_gd_flagships_pass_family_10(name: str) -> None:
    res = mg.check(name, 10)
    assert res.verdict is Verdict.PASS and res.evidence is Evidence.MEASURED, res.explain()


@pytest.mark.parametrize("name", ["WE43A-T6", "WE43B-T6", "WE54A-T6", *GW103K])
def test_we43_we54_gw103k_fail_family_10(name: str) -> None:
    assert mg.check(name, 10).verdict is Verdict.FAIL


@pytest.mark.parametrize("name", ["WE43A-T6", "WE43B-T6", "WE54A-T6", "Mg-10Gd-3Y-0.5Zr-T6"])
def test_a_hot_400_mpa_fails_by_bound_below_400_at_room_temperature(name: str) -> None:
    res = mg.check(name, mg.family(10, reading="strength-at-temperature"))
    assert res.verdict is Verdict.FAIL and res.evidence is Evidence.BOUNDED
    assert res.criteria[0].rule == "hot-strength-at-most-rt"
    assert (
        mg.check(name, mg.family(10, reading="strength-at-temperature"), strict=True).verdict
        is Verdict.UNKNOWN
    )


# --- margins in plain sight ----------------------------------------------------------------------
def test_zk60a_t5_is_a_marginal_pass_in_every_view(card: mg.Scorecard) -> None:
    res = card.result("ZK60A-T5", 3)
    assert res.verdict is Verdict.PASS and res.marginal and res.flags == "marginal"
    assert "marginal" in res.explain() and "~" in res._repr_html_()
    for near in ("ZK60A-F", "ZK61A-T5"):
        assert card.result(near, 3).verdict is Verdict.FAIL and card.result(near, 3).marginal


def test_a_margin_inside_the_measurement_uncertainty_is_marginal() -> None:
    r = mg.check({"tc": "130.1 W/(m*K)"}, "tc > 125 W/(m*K)").criteria[0]
    assert r.verdict is Verdict.PASS and r.marginal and "measurement uncertainty" in r.marginal_reason
    far = mg.check({"tc": "140.1 W/(m*K)"}, "tc > 125 W/(m*K)").criteria[0]
    assert not far.marginal


def test_a_relative_threshold_compares_one_sources_values() -> None:
    fam = mg.family(6, reading="re-die-castings")
    res = mg.check("AE44", fam)
    c = res.criteria[0]
    assert res.verdict is Verdict.FAIL, res.explain()
    assert c.threshold.to("percent").magnitude == pytest.approx(12.0)
    assert {v.source.key for v in c.reference_values} == {"lunt-material-properties"}
    assert "asm-mg-tripod-cast-alloys" in c.disputed and "lunt-material-properties" in c.disputed
    assert "6 %" in c.disputed and "12 %" in c.disputed
    assert res.disputed and res.flags == "disputed"


def test_disputes_name_both_values_and_sources() -> None:
    res = mg.check({"uts": "310 MPa"}, "uts > 300 MPa")
    assert not res.disputed
    for r in mg.scorecard().results:
        for c in r.criteria:
            if c.disputed:
                keys = re.findall(r"\[([\w.-]+)\]", c.disputed)
                assert len(keys) >= 2, c.disputed


# --- done means ------------------------------------------------------------------------------------
#: unknown cells over all cells of the bundled scorecard, "no target" apart: 614 of 1672 (36.7 %)
#: on main before these rules (471, 28.2 %, once the 143 cells without a target are counted apart);
#: 353 (21.1 %) with them; 381 (22.8 %) once an element a composition does not list is unknown
#: unless its source gives the balance or a full specification (issue 21, part 1: AE44 is no
#: longer known to hold no lithium). A floor that may only fall; a share, as the data grows.
UNKNOWN_SHARE_FLOOR = 0.23


def test_unknown_cells_fell(card: mg.Scorecard) -> None:
    assert card.totals()["unknown"] <= UNKNOWN_SHARE_FLOOR * len(card.results)


@pytest.mark.xfail(
    strict=True,
    reason="issue 21's goal of at most 300 unknown cells is not reached on the 152 bundled records: "
    "the rest lack any value of the criterion's property (see the report). Remove this mark when it passes.",
)
def test_no_more_than_300_unknown_cells(card: mg.Scorecard) -> None:
    assert card.totals()["unknown"] <= 300
