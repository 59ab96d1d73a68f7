"""Notebook representations: short plain reprs, HTML tables for the rich ones."""

from __future__ import annotations

import pytest

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
    assert sc_html.count("<tr>") == 3 and "fail/m" in sc_html and "no target*" in sc_html


def test_ranges_print_as_published_in_every_view(capsys: pytest.CaptureFixture[str]) -> None:
    from mgalloys.cli import main

    az91 = mg.alloy("AZ91D")
    el = next(v for v in az91.values("elongation") if v.value_max is not None)
    assert (el.value, el.value_max) == (0.5, 3.0)
    assert el.shown() == "0.5-3 %"
    assert main(["show", "AZ91D"]) == 0
    assert "0.5-3 %" in capsys.readouterr().out
    assert "0.5-3 %" in az91._repr_html_()
    assert el.describe().startswith("0.5-3 % (range")
    uts = next(v for v in az91.values("uts") if v.value_max is not None)
    assert uts.shown() == "240-250 MPa"
    assert uts.shown("ksi") == "34.81-36.26 ksi"


@pytest.mark.parametrize("name", ["AZ91D", "WE43", "Mg", "AE44", "LZ91"])
def test_show_fits_the_terminal(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mgalloys.cli import main

    monkeypatch.setenv("COLUMNS", "80")
    assert main(["show", name]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    # nothing is lost by wrapping: every source key is still printed whole
    for v in mg.alloy(name).values():
        assert v.source.key in out


@pytest.mark.parametrize("name", ["AZ91D", "AE42", "WE43", "Mg"])
def test_show_and_the_notebook_print_the_same_rows(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io
    import re
    from html import unescape

    from mgalloys.cli import main

    assert main(["show", name, "--format", "csv"]) == 0
    shown = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    html = mg.alloy(name)._repr_html_()
    body = html.split("<tbody>")[1]
    cells = [
        [unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]
    assert len(cells) == len(shown) > 0
    for row, cli in zip(cells, shown, strict=True):
        prop, mark, value, kind, at, source, where = row
        assert (prop, mark, value, kind, at, source) == (
            cli["property"],
            cli["default"],
            cli["value"],
            cli["kind"],
            cli["at"],
            cli["source"],
        )
        assert cli["conditions"] in where and cli["where"] in where
    assert "* = the default value" in html


def test_family_card_is_not_squeezed_into_a_caption() -> None:
    html = mg.family(9)._repr_html_()
    assert "<caption" not in html and "<blockquote>" in html and "max-width:60em" in html


def test_frontier_and_scorecard_have_readable_notebook_views() -> None:
    # Parsed back as XML: every tag closed, every '<', '>' and '&' of the text escaped.
    import xml.etree.ElementTree as ET

    fr = mg.frontier(8)
    root = ET.fromstring(fr._repr_html_())
    tables = root.findall(".//table")
    best = tables[0].findall("./tbody/tr")
    assert len(best) == len(fr.best)
    first = ["".join(td.itertext()) for td in best[0].findall("td")]
    assert first[0] == fr.best[0].criterion.text and first[2] == fr.best[0].record
    assert fr.best[0].result is not None and ", ".join(fr.best[0].result.sources) == first[3]
    assert len(tables[1].findall("./tbody/tr")) == len(fr.closest)

    sc = mg.scorecard(["AZ91D", "AE44", "LA141"])
    root = ET.fromstring(f"<div>{sc._repr_html_()}</div>")
    head = ["".join(th.itertext()) for th in root.findall(".//thead/tr/th")]
    assert head == ["record"] + [f"#{mg.family(f).number}" for f in sc.families]
    rows = root.findall(".//tbody/tr")
    assert ["".join(r[0].itertext()) for r in rows] == list(sc.records)
    cells = ["".join(td.itertext()) for td in rows[0][1:]]
    short = {"not applicable": "n/a"}
    rec = sc.records[0]
    codes = {"measured": "/m", "interpolated": "/i", "bounded": "/b", "estimated": "/e"}
    expected = [
        short.get(sc.verdict(rec, f).value, sc.verdict(rec, f).value)
        + ("" if (ev := sc.result(rec, f).evidence) is None else codes[ev.value])
        + ("~" if sc.result(rec, f).marginal else "")
        + ("!" if sc.result(rec, f).disputed else "")
        + ("*" if sc.is_member(rec, f) else "")
        for f in sc.families
    ]
    assert cells == expected
    key = "".join(root.findall("p")[0].itertext())
    assert all(f"{f}" in key for f in sc.families) and "pass" in key
