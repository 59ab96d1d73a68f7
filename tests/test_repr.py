"""Notebook representations: short plain reprs, HTML tables for the rich ones."""

from __future__ import annotations

import mgalloys as mg


def test_plain_reprs_are_short_and_useful() -> None:
    a = mg.alloy("AZ91D")
    assert repr(a).startswith("<Alloy AZ91D-F (AZ91D, die casting):")
    assert repr(a.value("density")).startswith("<PropertyValue density 1.81 g/cm³ (typical, RT)")
    assert repr(mg.family(8)) == (
        "<Family 8 high-strength-casting: tensile_strength > 300 MPa and elongation > 10 % "
        "for magnesium alloys, castings>"
    )
    assert repr(mg.check("AZ91D", 8)) == "<CheckResult AZ91D-F against family high-strength-casting: fail>"
    assert repr(mg.scorecard(["AZ91D"])).startswith("<Scorecard 1 records x 11 families:")
    for obj in (a, mg.family(8), mg.check("AZ91D", 8), mg.scorecard(["AZ91D"])):
        assert len(repr(obj)) < 200


def test_html_reprs() -> None:
    a = mg.alloy("AZ91D")
    html = a._repr_html_()
    assert html.startswith("<table>") and "meridian-lightweight-alloys" in html and "AZ91D-F" in html
    assert html.count("<tr>") == len(a.values()) + 1
    check_html = mg.check("AZ91D", 8)._repr_html_()
    assert "tensile_strength &gt; 300 MPa" in check_html and "fail" in check_html
    fam_html = mg.family(9)._repr_html_()
    assert "density &gt;= 1.35 g/cm³" in fam_html and "1.35 ~ 1.65" in fam_html
    sc_html = mg.scorecard(["AZ91D", "AE44"])._repr_html_()
    assert sc_html.count("<tr>") == 3 and "pass*" in sc_html
