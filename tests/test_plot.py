"""Ashby charts (issue 7): what is drawn, checked on the matplotlib artists, with the Agg backend."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib.image import imread
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.path import Path as MplPath

import mgalloys as mg
from mgalloys import plot
from mgalloys.cli.charts import chart_command

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_LABELS = {"Mg (pure)", "Al", "6061-T6", "A380-F", "Cu", "Ag"}


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def tagged(ax: Any, gid: str) -> list[Any]:
    """The artists of the chart whose gid is ``gid`` (or starts with ``gid`` followed by ':')."""
    return [a for a in ax.get_children() if a.get_gid() == gid or (a.get_gid() or "").startswith(gid + ":")]


def offsets(ax: Any, gid: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for coll in tagged(ax, gid) for x, y in coll.get_offsets()]


def legend_texts(ax: Any) -> list[str]:
    """The legend's entries, with the wrapped ones joined back into one line."""
    return [" ".join(t.get_text().split()) for t in ax.get_legend().get_texts()]


def both(records: Any, x: str, y: str) -> dict[str, tuple[float, float]]:
    """Independent count: records whose default values of x and y are both known."""
    xu, yu = mg.property_info(x).unit, mg.property_info(y).unit
    out = {}
    for r in records:
        qx, qy = r.get(x), r.get(y)
        if qx is not None and qy is not None:
            out[r.record_id] = (qx.to(xu).magnitude, qy.to(yu).magnitude)
    return out


def family_records(ids: list[str] | None = None) -> list[mg.Alloy]:
    fams = ids or [f.id for f in mg.families()]
    return list({r.record_id: r for f in fams for r in mg.alloys(family=f)}.values())


# --- axes and labels -------------------------------------------------------------------------
def test_log_axes_and_labels_with_units() -> None:
    ax = plot.ashby()
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_xlabel() == "Density ρ [g/cm³]"
    assert ax.get_ylabel() == "Ultimate tensile strength UTS [MPa]"


def test_units_override_by_axis_or_property() -> None:
    ax = plot.ashby(units={"y": "ksi"})
    assert ax.get_ylabel().endswith("[ksi]")
    ax = plot.ashby(units={"uts": "ksi", "rho": "kg/m**3"})
    assert ax.get_ylabel().endswith("[ksi]") and ax.get_xlabel().endswith("[kg/m³]")
    # the points move with the unit: AZ91D-F at 1810 kg/m³ and 240 MPa = 34.8 ksi
    pts = offsets(ax, "mgalloys:points")
    assert any(math.isclose(x, 1810.0) and math.isclose(y, 240 / 6.894757293168361) for x, y in pts)


# --- points and families ---------------------------------------------------------------------
def flat(pairs: Any) -> list[float]:
    """(x, y) pairs as one flat list: pytest.approx compares flat sequences only."""
    return [float(v) for pair in pairs for v in pair]


@pytest.mark.parametrize(
    ("x", "y", "fams"),
    [
        ("density", "tensile_strength", None),
        ("density", "elastic_modulus", None),
        ("thermal_conductivity", "yield_strength", None),
        ("density", "uts", ["mg-li", "mg-al-zn-zk"]),
    ],
)
def test_one_point_per_record_with_both_values(x: str, y: str, fams: list[str] | None) -> None:
    expected = both(family_records(fams), x, y)
    ax = plot.ashby(x, y, families=fams, references=False, clip_outliers=False)
    pts = offsets(ax, "mgalloys:points")
    assert len(pts) == len(expected) > 0
    assert flat(sorted(pts)) == pytest.approx(flat(sorted(expected.values())))
    assert not tagged(ax, "mgalloys:reference")


def test_legend_counts_records_drawn_of_each_family() -> None:
    ax = plot.ashby(references=False, clip_outliers=False)
    texts = legend_texts(ax)
    for fam in mg.families():
        members = mg.alloys(family=fam.id)
        n = len(both(members, "density", "tensile_strength"))
        assert f"{fam.id} ({n}/{len(members)})" in texts
        clouds = tagged(ax, f"mgalloys:family:{fam.id}")
        assert len(clouds) == (1 if n else 0)


def test_family_clouds_enclose_their_points() -> None:
    ax = plot.ashby(clip_outliers=False)
    for fam in mg.families():
        pts = both(mg.alloys(family=fam.id), "density", "tensile_strength")
        for cloud in tagged(ax, f"mgalloys:family:{fam.id}"):
            assert isinstance(cloud, Polygon)
            hull = MplPath([(math.log10(a), math.log10(b)) for a, b in cloud.get_xy()])
            for px, py in pts.values():
                assert hull.contains_point((math.log10(px), math.log10(py))), (fam.id, px, py)


def test_reference_metals_drawn_and_labelled() -> None:
    ax = plot.ashby(fit_references=True)
    pts = offsets(ax, "mgalloys:reference")
    defaults = [r for r in mg.alloys(family="reference") if mg.alloy(r.grade) == r]  # one per metal
    refs = both(defaults, "density", "tensile_strength")
    assert flat(sorted(pts)) == pytest.approx(flat(sorted(refs.values())))
    labels = {t.get_text(): t.xy for t in tagged(ax, "mgalloys:reference-label")}
    assert set(labels) == REFERENCE_LABELS
    assert labels["Al"] == pytest.approx(refs["Al"])
    ax = plot.ashby(references=["Al", "6061-T6"], fit_references=True)
    assert {t.get_text() for t in tagged(ax, "mgalloys:reference-label")} == {"Al", "6061-T6"}
    with pytest.raises(mg.PlotError, match="not a reference metal"):
        plot.ashby(references=["AZ91D"])


def test_reference_metals_do_not_stretch_the_axes() -> None:
    ax = plot.ashby()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    defaults = [r for r in mg.alloys(family="reference") if mg.alloy(r.grade) == r]  # one per metal
    refs = both(defaults, "density", "tensile_strength")
    mg_pts = both(family_records(), "density", "tensile_strength")
    assert x1 < refs["Cu"][0] and x1 < 2 * max(px for px, _ in mg_pts.values())
    inside = {k for k, (px, py) in refs.items() if x0 <= px <= x1 and y0 <= py <= y1}
    assert {t.get_text() for t in tagged(ax, "mgalloys:reference-label")} == {
        "Mg (pure)" if k == "Mg" else k for k in inside
    }
    # the others sit at the edge, labelled with their values in the axis units
    edge = offsets(ax, "mgalloys:reference-edge")
    assert len(edge) == len(refs) - len(inside) > 0
    assert all(x0 <= px <= x1 and y0 <= py <= y1 for px, py in edge)
    labels = [t.get_text() for t in tagged(ax, "mgalloys:off-chart-label")]
    assert f"Cu ({refs['Cu'][0]:.3g}, {refs['Cu'][1]:.3g})" in labels


def test_outliers_drawn_at_the_edge_with_a_note() -> None:
    # yield strength: two records stand far above the others in today's data
    ax = plot.ashby("density", "yield_strength", references=False)
    y0, y1 = ax.get_ylim()
    pts = both(family_records(), "density", "yield_strength")
    far = {k for k, (_, py) in pts.items() if not y0 <= py <= y1}
    assert far, "the data has records far from the others"
    assert len(offsets(ax, "mgalloys:outlier")) == len(far)
    assert len(offsets(ax, "mgalloys:points")) == len(pts) - len(far)
    title = " ".join(ax.get_title(loc="left").split())
    assert f"{len(far)} far outside the others drawn at the edge" in title
    labels = " ".join(t.get_text() for t in tagged(ax, "mgalloys:off-chart-label"))
    assert all(k in labels for k in far)
    # asked for, every record fits: nothing at the edge
    ax = plot.ashby("density", "yield_strength", references=False, clip_outliers=False)
    assert not tagged(ax, "mgalloys:outlier") and ax.get_ylim()[1] > max(py for _, py in pts.values())


def test_records_in_several_families_are_ringed() -> None:
    ax = plot.ashby(references=False, clip_outliers=False)
    several = [r for r in family_records() if len([f for f in r.families if f != "reference"]) > 1]
    drawn = both(several, "density", "tensile_strength")
    assert drawn, "the data has records in two families"
    rings = [
        (tuple(xy), tuple(ec))
        for coll in tagged(ax, "mgalloys:points")
        for xy, ec in zip(coll.get_offsets(), coll.get_edgecolors(), strict=False)
    ]
    ringed = [xy for xy, ec in rings if ec[:3] != (1.0, 1.0, 1.0)]
    assert flat(sorted(ringed)) == pytest.approx(flat(sorted(drawn.values())))
    assert "ring: also in another family" in legend_texts(ax)


def test_palette_is_distinct_from_the_target_and_each_family_has_a_marker() -> None:
    from matplotlib.colors import to_rgb

    assert len(plot.FAMILY_COLOURS) == len(plot.FAMILY_MARKERS) == len(mg.families())
    assert len(set(plot.FAMILY_MARKERS)) == len(mg.families()) and "D" not in plot.FAMILY_MARKERS
    target = to_rgb(plot.layout.TARGET_COLOUR)
    for colour in plot.FAMILY_COLOURS:
        assert sum(abs(a - b) for a, b in zip(to_rgb(colour), target, strict=True)) > 0.3, colour


def test_highlight_and_annotate() -> None:
    ax = plot.ashby(highlight="AZ91D", annotate=True)
    (ring,) = tagged(ax, "mgalloys:highlight")
    assert [tuple(p) for p in ring.get_offsets()] == [pytest.approx((1.81, 240.0))]
    assert [t.get_text() for t in tagged(ax, "mgalloys:highlight-label")] == ["AZ91D-F"]
    names = [t.get_text() for t in tagged(ax, "mgalloys:alloy-label")]
    assert len(names) == len(offsets(ax, "mgalloys:points")) - 1 and "AZ91D-F" not in names
    with pytest.raises(mg.NoPlotDataError, match="LA43"):
        plot.ashby(highlight="LA43")  # density but no tensile strength


# --- target regions --------------------------------------------------------------------------
def region(ax: Any) -> tuple[float, float, float, float]:
    (patch,) = tagged(ax, "mgalloys:target")
    assert isinstance(patch, Polygon)
    xy = patch.get_xy()
    return min(xy[:, 0]), max(xy[:, 0]), min(xy[:, 1]), max(xy[:, 1])


def test_target_region_above_the_threshold() -> None:
    ax = plot.ashby(target=mg.family("high-strength-casting"))
    x0, x1, y0, y1 = region(ax)
    assert y0 == pytest.approx(300.0)
    assert (x0, x1) == pytest.approx(ax.get_xlim()) and y1 == pytest.approx(ax.get_ylim()[1])
    assert ax.get_ylim()[0] < 300 < ax.get_ylim()[1]
    legend = " ".join(legend_texts(ax))
    assert "tensile_strength > 300 MPa" in legend and "not on this chart" in legend and "elongation" in legend
    # every drawn point above 300 MPa is inside the shaded region, every point below is not
    (patch,) = tagged(ax, "mgalloys:target")
    path = MplPath(patch.get_xy())
    for px, py in offsets(ax, "mgalloys:points"):
        assert path.contains_point((px, py)) == (py > 300.0)


def test_target_region_in_the_axis_unit() -> None:
    ax = plot.ashby(target="uts > 300 MPa", units={"y": "ksi"})
    assert region(ax)[2] == pytest.approx(mg.convert("300 MPa", "ksi").magnitude)
    assert "43.51 ksi" in " ".join(legend_texts(ax))


def test_target_region_on_x_and_relative_thresholds() -> None:
    x0, x1, _, _ = region(plot.ashby(target=mg.family("mg-li")))
    assert (x0, x1) == pytest.approx((1.35, 1.65))
    ax = plot.ashby(target="high-electrical-conductivity")  # density < min(6061-T6, A380-F)
    lightest = min(mg.alloy(r).get("density", "g/cm**3").magnitude for r in ("6061-T6", "A380-F"))
    x0, x1, _, _ = region(ax)
    assert x1 == pytest.approx(lightest) and x0 == pytest.approx(ax.get_xlim()[0])


def test_target_with_nothing_to_shade_is_an_error() -> None:
    with pytest.raises(mg.PlotError, match=r"somewhere in 250\.\.400 °C"):
        plot.ashby(target=mg.family("heat-resistant", reading="strength-at-temperature"))  # hot only
    with pytest.raises(mg.PlotError, match="nothing to shade"):
        plot.ashby(target="el > 10 %")
    with pytest.raises(mg.PlotError, match="nothing to shade on the y axis"):
        plot.ashby(target="uts > 400 MPa and uts < 300 MPa")


def test_drawable_criteria() -> None:
    on, off = plot.drawable_criteria(mg.family("superplastic"), "density", "ys")
    assert [c.text for c in on] == ["yield_strength > 250 MPa"]
    assert len(off) == 3


# --- guide lines ---------------------------------------------------------------------------
def slopes(ax: Any) -> list[float]:
    out = []
    for line in tagged(ax, "mgalloys:guide"):
        assert isinstance(line, Line2D) and line.get_linestyle() == "--"
        (x0, x1), (y0, y1) = line.get_xdata(), line.get_ydata()
        out.append((math.log10(y1) - math.log10(y0)) / (math.log10(x1) - math.log10(x0)))
    return out


@pytest.mark.parametrize(
    ("y", "index", "slope"),
    [
        ("tensile_strength", "sigma/rho", 1.0),
        ("tensile_strength", "sigma^(2/3)/rho", 1.5),
        ("yield_strength", "σ^(1/2)/ρ", 2.0),
        ("elastic_modulus", "E/rho", 1.0),
        ("elastic_modulus", "E^(1/2)/rho", 2.0),
        ("elastic_modulus", "E^(1/3)/rho", 3.0),
        ("elastic_modulus", "sqrt(E)/rho", 2.0),
        ("tensile_strength", 2.5, 2.5),
        ("tensile_strength", "3/2", 1.5),
    ],
)
def test_guide_lines_have_the_index_slope(y: str, index: str | float, slope: float) -> None:
    ax = plot.ashby("density", y, index=index)
    found = slopes(ax)
    assert len(found) >= 2  # at least two parallel lines (a narrow E range fits only two)
    assert found == pytest.approx([slope] * len(found))
    intercepts = {round(math.log10(line.get_ydata()[0]), 6) for line in tagged(ax, "mgalloys:guide")}
    assert len(intercepts) == len(found)  # parallel, not the same line drawn twice


def test_guide_lines_are_labelled_with_their_index_value() -> None:
    ax = plot.ashby("density", "elastic_modulus", index="E^(1/2)/rho")
    lines = tagged(ax, "mgalloys:guide")
    labels = [float(t.get_text()) for t in tagged(ax, "mgalloys:guide-label")]
    assert len(labels) == len(lines)
    for line, m in zip(lines, labels, strict=True):
        for x, e in zip(line.get_xdata(), line.get_ydata(), strict=True):
            assert math.sqrt(e) / x == pytest.approx(m)  # M = E^(1/2) / ρ along the line
    assert any("E^(1/2)/ρ = const (slope 2" in t for t in legend_texts(ax))


def test_index_that_does_not_fit_the_chart() -> None:
    with pytest.raises(mg.PlotError, match="elastic_modulus on the y axis"):
        plot.ashby("density", "uts", index="E^(1/2)/rho")
    with pytest.raises(mg.PlotError, match="a strength"):
        plot.ashby("density", "thermal_conductivity", index="sigma/rho")
    with pytest.raises(mg.PlotError, match="density on the x axis"):
        plot.ashby("thermal_conductivity", "uts", index="sigma/rho")
    with pytest.raises(mg.PlotError, match="sigma/rho"):
        plot.ashby(index="strength per weight")
    for bad in (0, True, float("nan")):
        with pytest.raises(mg.PlotError):
            plot.ashby(index=bad)
    found = slopes(plot.ashby("thermal_conductivity", "uts", index=1))
    assert len(found) >= 3 and found == pytest.approx([1.0] * len(found))


# --- bad input -------------------------------------------------------------------------------
def test_unknown_property_names() -> None:
    with pytest.raises(mg.UnknownPropertyError, match="did you mean 'density'"):
        plot.ashby(x="densty")
    with pytest.raises(mg.UnknownPropertyError):
        plot.ashby(y="strength")
    with pytest.raises(mg.PlotError, match="both tensile_strength"):
        plot.ashby("uts", "tensile_strength")


def _family_lacking(x: str, y: str, *, any_x: bool) -> str:
    """A family whose members lack x (any_x) or lack x and y together, found in the data now."""
    for fam in mg.families():
        recs = mg.alloys(family=fam)
        has_x = [a for a in recs if a.get(x) is not None]
        if recs and (not has_x if any_x else not [a for a in has_x if a.get(y) is not None]):
            return fam.id
    pytest.skip(f"every family now has {x} and {y} data")


def test_no_data_is_a_clear_error() -> None:
    # chosen from the data as it is, so that the test stays true as gaps are filled
    fam = _family_lacking("density", "tensile_strength", any_x=True)
    with pytest.raises(mg.NoPlotDataError, match="has a room-temperature density value") as exc:
        plot.ashby(families=fam)
    assert isinstance(exc.value, mg.MgAlloysError) and "tensile_strength" in str(exc.value)
    fam = _family_lacking("density", "fatigue_strength", any_x=False)
    with pytest.raises(mg.NoPlotDataError, match="fatigue_strength"):
        plot.ashby("density", "fatigue_strength", families=fam)


def test_bad_units_and_families() -> None:
    with pytest.raises(mg.PlotError, match="'x', 'y', 'density' or 'tensile_strength'"):
        plot.ashby(units={"E": "GPa"})
    with pytest.raises(mg.WrongDimensionError, match="y axis"):
        plot.ashby(units={"y": "g/cm**3"})
    with pytest.raises(mg.UnitParseError):
        plot.ashby(units={"y": "megafoo"})
    with pytest.raises(mg.FamilyNotFoundError, match="references=True"):
        plot.ashby(families="reference")
    with pytest.raises(mg.FamilyNotFoundError, match="mg-li"):
        plot.ashby(families=["mgli"])


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    monkeypatch.delitem(sys.modules, "mgalloys.plot.ashby", raising=False)  # drawn afresh
    monkeypatch.delitem(plot.__dict__, "ashby", raising=False)
    with pytest.raises(mg.MatplotlibMissingError, match=r"'plot' extra: pip install '\.\[plot\]'"):
        plot.ashby()


# --- the CLI's entry point -------------------------------------------------------------------
def test_chart_command_writes_a_png(tmp_path: Path) -> None:
    before = plt.get_fignums()
    out = chart_command("density", "uts", "mg-li", tmp_path / "chart.png", index="sigma/rho")
    assert out == tmp_path / "chart.png"
    assert imread(out).shape[:2] == (800, 1200)
    assert plt.get_fignums() == before  # drawn without pyplot: no window, no figure left open
    out = chart_command("density", "uts", None, tmp_path / "all.svg", units=["uts=ksi"])
    assert "ksi" in out.read_text(encoding="utf-8")


def test_chart_command_bad_input(tmp_path: Path) -> None:
    with pytest.raises(mg.PlotError, match=r"\.png"):
        chart_command("density", "uts", None, tmp_path / "chart.jpg")
    with pytest.raises(mg.PlotError, match="does not exist"):
        chart_command("density", "uts", None, tmp_path / "missing" / "chart.png")
    with pytest.raises(mg.InputValueError, match="property=unit"):
        chart_command("density", "uts", None, tmp_path / "chart.png", units=["ksi"])
    with pytest.raises(mg.UnknownPropertyError):
        chart_command("density", "utz", None, tmp_path / "chart.png")


def test_chart_command_shades_the_family_target_when_it_can(tmp_path: Path, monkeypatch: Any) -> None:
    drawn: list[Any] = []
    real = plot.ashby

    def spy(*args: Any, **kwargs: Any) -> Any:
        drawn.append(kwargs["target"])
        return real(*args, **kwargs)

    monkeypatch.setattr(plot, "ashby", spy)
    chart_command("density", "uts", "mg-li", tmp_path / "a.png")
    chart_command("density", "uts", "heat-resistant", tmp_path / "b.png")  # its RT criterion shades
    assert drawn == [mg.family("mg-li"), mg.family("heat-resistant")]


# --- import cost, docs -----------------------------------------------------------------------
def test_import_mgalloys_does_not_import_matplotlib_or_pandas() -> None:
    code = (
        "import sys, mgalloys, mgalloys.plot; "
        "print(sorted(m for m in ('matplotlib', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_the_docs_example_renders_the_committed_chart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (ROOT / "docs" / "plotting.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(import mgalloys.*?)```", page, re.DOTALL)
    assert code is not None and "docs/img/ashby_density_uts.png" in code[1]
    assert "(img/ashby_density_uts.png)" in page
    (tmp_path / "docs" / "img").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    exec(compile(code[1], "docs/plotting.md", "exec"), {})
    rendered = imread(tmp_path / "docs" / "img" / "ashby_density_uts.png")
    committed = imread(ROOT / "docs" / "img" / "ashby_density_uts.png")
    assert rendered.shape == committed.shape == (800, 1200, 4)
