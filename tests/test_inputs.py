"""Bad input never wins (issue 16): a test per row of the issue's table owned here, pickling of
every error, read-only results, the catalog built once, and fuzzing of every parser in
mgalloys/inputs.py and mgalloys/units.py (near-valid inputs give a normal result or the
library's own error)."""

from __future__ import annotations

import contextlib
import copy
import importlib
import json
import math
import pickle
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys import inputs
from mgalloys.alloylike import as_alloy
from mgalloys.errors import MgAlloysError
from mgalloys.units import MAX_TEXT_LENGTH, parse_unit
from mgalloys.values import as_kinds


# --- row 1: thousands separators --------------------------------------------------------------
@pytest.mark.parametrize("text", ["46,000 psi", "1,234,567.5 MPa", "-1,000 MPa", "46,000.0 psi"])
def test_row1_thousands_separators_are_refused_with_a_hint(text: str) -> None:
    with pytest.raises(mg.UnitParseError, match="thousands separator") as info:
        mg.Q_(text)
    assert text.split()[0].replace(",", "") in str(info.value)  # the hint: the plain number
    with pytest.raises(mg.UnitParseError):
        mg.check({"uts": text, "el": "12 %"}, 8)


def test_row1_a_decimal_comma_is_still_read() -> None:
    assert mg.Q_("1,81 g/cm3").magnitude == pytest.approx(1.81)
    assert mg.Q_("1,5 mm").magnitude == pytest.approx(1.5)
    mine = {"uts": "46000 psi", "el": "12 %", "product_form": "sand casting"}  # family 8: castings
    assert mg.check(mine, 8).verdict is mg.Verdict.PASS


# --- row 2 and issue 10 item 9: dimensionless units are strict ----------------------------------
@pytest.mark.parametrize("unit", ["%%", "%²", "ppm", "permille", "ppb"])
def test_row2_meaningless_dimensionless_units_are_refused(unit: str) -> None:
    with pytest.raises(MgAlloysError):
        mg.target(f"el > 10 {unit}")
    with pytest.raises(MgAlloysError):
        mg.check({"el": f"3 {unit}"}, "el > 10 %")


def test_row2_percent_and_explicit_fractions() -> None:
    assert mg.check({"el": "12 %"}, "el > 10 %").verdict is mg.Verdict.PASS
    assert mg.check({"el": (0.12, "1")}, "el > 10 %").verdict is mg.Verdict.PASS  # documented
    with pytest.raises(mg.WrongDimensionError, match="empty unit"):
        mg.check({"el": (12, "")}, "el > 10 %")  # row 15: never 1200 %
    with pytest.raises(MgAlloysError, match="plain number"):
        mg.target("nu < 30 %")
    with pytest.raises(mg.WrongDimensionError):
        mg.screen(pd.DataFrame({"El": [12.0]}), "el > 10 %", columns={"el": ("El", "")})


# --- row 4 and 15: non-finite and overflowing values --------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["1e999 MPa", "1 x 10^999 MPa", "-1e400 MPa", "inf MPa", "nan MPa", "1 x 10^" + "9" * 150 + " MPa"],
)
def test_row4_non_finite_values_are_refused(text: str) -> None:
    with pytest.raises(mg.UnitsError):
        mg.Q_(text)


def test_row4_overflow_in_numbers_and_conversions() -> None:
    with pytest.raises(mg.UnitsError, match="too long"):
        mg.Q_("1 x 10^" + "9" * 5000 + " MPa")
    with pytest.raises(mg.UnitsError, match="too large"):
        mg.convert("1 km**300", "m**300")
    for bad in (math.inf, -math.inf, math.nan, 10**400):
        with pytest.raises(mg.UnitsError):
            mg.quantity(bad, "MPa")
    assert mg.Q_("1.5 x 10^3 MPa").magnitude == 1500.0


def test_row15_prefixed_ksi_is_refused() -> None:
    with pytest.raises(mg.UnitParseError, match="ksi"):
        mg.Q_("35 kksi")
    assert mg.Q_("35 kpsi").to("ksi").magnitude == pytest.approx(35.0)


def test_row15_closest_needs_a_positive_count() -> None:
    with pytest.raises(mg.InputValueError, match="at least 1"):
        mg.closest(8, n=-1)
    with pytest.raises(mg.InputTypeError):
        mg.closest(8, n="x")  # type: ignore[arg-type]
    assert len(mg.closest(8, n=2)) == 2


# --- issue 14 item 4: units as tables print them -------------------------------------------------
@pytest.mark.parametrize(
    ("table", "pint_text"),
    [
        ("W·m-1·K-1", "W/(m*K)"),
        ("W m-1 K-1", "W/(m*K)"),
        ("g/cm3", "g/cm**3"),
        ("g·cm-3", "g/cm**3"),
        ("MPa·m^0.5", "MPa*m**0.5"),
        ("MPa√m", "MPa*m**0.5"),
        ("J·kg-1·K-1", "J/(kg*K)"),
        ("K-1", "1/K"),
    ],
)
def test_table_spellings(table: str, pint_text: str) -> None:
    assert parse_unit(table) == parse_unit(pint_text)


def test_ambiguous_and_unknown_spellings_say_what_to_write() -> None:
    with pytest.raises(mg.UnitParseError, match="millikelvin") as info:
        mg.Q_("96 W/mK")
    assert "W/(m*K)" in str(info.value)
    for bad in ("J/kgK", "W/m K)", "MPa m^^2", "µΩ*cm*"):
        with pytest.raises(mg.UnitParseError) as err:
            parse_unit(bad)
        msg = str(err.value)
        assert "W·m-1·K-1" in msg and "ParserHelper" not in msg and "Traceback" not in msg


# --- row 6: hardness scales in check --------------------------------------------------------
def test_row6_hardness_scales_in_check_as_in_screen() -> None:
    with pytest.raises(mg.IncompatibleScalesError, match="never convert"):
        mg.check({"hardness": "60 HV"}, "hardness > 50 HB")
    with pytest.raises(mg.IncompatibleScalesError):
        mg.screen(pd.DataFrame({"H": [60.0]}), "hardness > 50 HB", columns={"hardness": ("H", "HV")})
    assert mg.check({"hardness": "60 HV"}, "hardness > 50 HV").verdict is mg.Verdict.PASS
    # a bundled record whose hardness is on another scale: unknown, never an error or a pass
    res = mg.check("AZ91D", "hardness > 1 HRF")
    assert res.verdict is mg.Verdict.UNKNOWN


# --- row 7: target dicts and files --------------------------------------------------------
@pytest.mark.parametrize(
    "spec",
    [
        {"criteria": [{"property": "uts"}]},
        {"criteria": 5},
        {"criteria": [5]},
        {"uts": 5},
        {3: "> 300 MPa"},
    ],
)
def test_row7_target_dicts_of_the_wrong_shape(spec: Any) -> None:
    with pytest.raises(mg.InputValueError, match="accepted"):
        mg.target(spec)


def test_row7_target_files(tmp_path: Path) -> None:
    cases = {
        "missing.json": None,
        "bad.json": "{bad",
        "bad.toml": "= =",
        "list.json": "[1, 2]",
    }
    for name, text in cases.items():
        if text is not None:
            (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "bin.json").write_bytes(bytes(range(256)))
    (tmp_path / "dir.json").mkdir()
    for name in [*cases, "bin.json", "dir.json", "x.yaml"]:
        with pytest.raises(mg.InputValueError) as info:
            mg.target(tmp_path / name)
        assert name in str(info.value) or "must end in" in str(info.value)
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"criteria": "uts > 300 MPa"}), encoding="utf-8")
    assert mg.target(good).criteria[0].property == "tensile_strength"
    assert mg.check({"uts": "310 MPa"}, good).verdict is mg.Verdict.PASS
    with pytest.raises(mg.InputTypeError):
        mg.target(3.5)  # type: ignore[arg-type]


# --- row 8: duplicate properties -------------------------------------------------------------
def test_row8_duplicate_properties_are_an_error_in_either_order() -> None:
    for values in (
        {"uts": "350 MPa", "tensile_strength": "100 MPa", "el": "12 %"},
        {"tensile_strength": "100 MPa", "uts": "350 MPa", "el": "12 %"},
        {"UTS": "350 MPa", "uts": "350 MPa"},
    ):
        with pytest.raises(mg.InputValueError, match="both name tensile_strength"):
            mg.check(values, 8)
        with pytest.raises(mg.InputValueError):
            mg.user_alloy(values)


# --- row 9: a column mapped to None ------------------------------------------------------------
@pytest.mark.parametrize("spec", [(None, "MPa"), ("", "MPa"), ("  ", "MPa")])
def test_row9_a_column_mapped_to_nothing_is_an_error(spec: Any) -> None:
    df = pd.DataFrame({"UTS": [310.0]})
    with pytest.raises(mg.InputValueError, match="names no column"):
        mg.screen(df, "uts > 300 MPa", columns={"uts": spec})


# --- row 10: long inputs are refused before any work -------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "1" + " " * 40_000 + "MPa",
        "1 " + "a" * 20_000,
        "," * 100_000,
        "1" * 100_000 + " MPa",
        "1 " + "m*" * 50_000 + "m",
    ],
)
def test_row10_long_quantities_fail_fast(text: str) -> None:
    start = time.perf_counter()
    with pytest.raises(mg.UnitParseError, match=f"at most {MAX_TEXT_LENGTH}"):
        mg.Q_(text)
    with pytest.raises(mg.UnitParseError):
        parse_unit(text)
    assert time.perf_counter() - start < 1.0  # generous: the refusal reads only the length


@pytest.mark.parametrize(
    "call",
    [
        lambda t: mg.alloy(t),
        lambda t: mg.family(t),
        lambda t: mg.property_info(t),
        lambda t: inputs.unit_pairs([t + "=ksi"]),
        lambda t: inputs.unit_pairs(["uts=" + t]),
        lambda t: inputs.column_map({"uts": ("UTS", t)}),
        lambda t: as_kinds(t),
        lambda t: mg.alloys(family=t),
    ],
)
def test_row10_long_names_are_refused_with_a_short_message(call: Any) -> None:
    with pytest.raises(MgAlloysError) as info:
        call("x" * 100_000)
    assert len(str(info.value)) < 2_000  # the message quotes the start, not 10^5 characters


# --- row 11: what a caller receives cannot change the bundled data ---------------------------------
def test_row11_mutating_returned_values_leaves_the_next_lookup_unchanged() -> None:
    az91 = mg.alloy("AZ91D")
    before = az91.density.magnitude
    q = mg.alloy("AZ91D").density
    q.ito("kg/m**3")  # the caller's own copy
    assert mg.alloy("AZ91D").density.magnitude == before
    v = az91.value("density")
    assert v is not None
    v.quantity.ito("lb/in**3")
    assert v.quantity.magnitude == before
    thr = mg.family(8).target.criteria[0].threshold
    with pytest.raises(mg.ReadOnlyError, match=r"\.to\("):
        thr.ito("ksi")
    assert str(mg.family(8).target.criteria[0].threshold.units) == "megapascal"
    assert thr.to("ksi").magnitude == pytest.approx(43.5113, rel=1e-5)  # .to() works as ever
    hot = [v for a in mg.alloys() for v in a.property_values if v.conditions.test_temperature is not None]
    assert hot
    with pytest.raises(mg.ReadOnlyError):
        hot[0].conditions.test_temperature.ito("degF")
    dens = mg.family(2).reference_densities
    with pytest.raises(TypeError):
        dens["Ag"] = mg.Q_("1 g/cm**3")  # type: ignore[index]
    with pytest.raises(mg.ReadOnlyError):
        dens["Ag"].ito("kg/m**3")
    with pytest.raises(TypeError):
        mg.get_catalog().sources["x"] = None  # type: ignore[index]
    assert mg.family(2).reference_densities["Ag"].magnitude == pytest.approx(10.5)


def test_a_users_quantity_is_copied_into_a_model() -> None:
    mine = mg.Q_("300 MPa")
    c = mg.Criterion(property="tensile_strength", op=">", threshold=mine)
    mine.ito("ksi")
    assert str(c.threshold.units) == "megapascal"


# --- row 12 and 13: the command line never prints a traceback --------------------------------------
def _files(tmp: Path) -> dict[str, str]:
    (tmp / "empty.csv").write_text("", encoding="utf-8")
    (tmp / "bin.csv").write_bytes(bytes(range(256)) * 4)
    (tmp / "utf16.csv").write_bytes("uts,el\n310,12\n".encode("utf-16"))
    (tmp / "long.csv").write_text("uts,el\n310,12\n320,11,5\n", encoding="utf-8")
    (tmp / "long_first.csv").write_text("uts,el\n310,12,9\n320,11\n", encoding="utf-8")
    (tmp / "good.csv").write_text("uts,el\n310,12\n", encoding="utf-8")
    (tmp / "dir").mkdir()
    return {p.name: str(p) for p in tmp.iterdir()}


BAD_CLI: list[tuple[list[str], list[str]]] = [
    (["show", "AZ91D", "--units", "uts=kg"], ["'kg'", "tensile_strength"]),
    (["show", "AZ91D", "--units", "el="], ["PROPERTY=UNIT"]),
    (["list", "--units", "uts=furlong"], ["furlong"]),
    (["list", "--members", "Mg-Xx"], ["no family"]),
    (["export", "AZ91D", "--family", "²"], ["no family"]),  # a digit to isdigit(), not a number
    (["frontier", "²"], ["no family"]),
    (["check", "AZ91D", "--family", "8", "--kinds", "bogus"], ["bogus", "typical"]),
    (["check", "AZ91D", "--family", "99"], ["no family number 99"]),
    (["check", "AZ91D", "--target", "el > 10 %%"], ["percent to the power 2"]),
    (["convert", "46,000 psi", "MPa"], ["thousands separator"]),
    (["check", "AZ91D", "--family", "8", "--format", "csv", "--units", "uts=K"], ["'K'"]),
    (["convert", "35 ksi", "MPa", "--digits", "-1"], ["--digits", "at least 1"]),
    (["convert", "35 ksi", "MPa", "--digits", "x"], ["--digits"]),
    (["convert", "1e999 MPa", "ksi"], ["finite"]),
    (["convert", "1 km**300", "m**300"], ["too large"]),
    (["convert", "35 kksi", "MPa"], ["ksi"]),
    (["compare", "AZ91D", "AM60B", "--units", "uts=W"], ["'W'"]),
    (["scorecard", "--family", "99"], ["no family number 99"]),
    (["screen", "{empty.csv}", "--family", "8"], ["empty"]),
    (["screen", "{bin.csv}", "--family", "8"], ["UTF-8"]),
    (["screen", "{utf16.csv}", "--family", "8"], ["UTF-8"]),
    (["screen", "{dir}", "--family", "8"], ["folder"]),
    (["screen", "{missing.csv}", "--family", "8"], ["No such file"]),
    (
        [
            "screen",
            "{good.csv}",
            "--family",
            "8",
            "--column",
            "uts=uts:MPa",
            "--column",
            "el=el:%",
            "-o",
            "{dir}",
        ],
        ["folder"],
    ),
    (["screen", "{good.csv}", "--family", "8", "--chunk-rows", "0"], ["--chunk-rows"]),
    (["screen", "{good.csv}", "--family", "8", "--format", "table"], ["invalid choice"]),
    (["screen", "{good.csv}", "--target", "uts > 3 MPa", "--column", "uts=uts"], ["PROPERTY=COLUMN:UNIT"]),
    (["screen", "{good.csv}", "--target", "el > 3 %", "--column", "el=el:"], ["empty unit"]),
    (
        ["screen", "{long.csv}", "--target", "uts > 300 MPa", "--column", "uts=uts:MPa"],
        ["csv:3: column 3", "3 fields"],
    ),
    (
        ["screen", "{long_first.csv}", "--target", "uts > 300 MPa", "--column", "uts=uts:MPa"],
        ["csv:2: column 3"],
    ),
    (["chart", "--units", "uts"], ["property=unit"]),
    (["nonsense"], ["invalid choice"]),
    (["check"], ["required"]),
]


@pytest.mark.parametrize(("argv", "words"), BAD_CLI)
def test_row12_bad_invocations_are_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], words: list[str]
) -> None:
    from mgalloys.cli import main

    files = _files(tmp_path)
    files["missing.csv"] = str(tmp_path / "missing.csv")
    args = [files[a[1:-1]] if a.startswith("{") and a.endswith("}") else a for a in argv]
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's own errors exit through SystemExit
        code = int(exc.code or 0)
    _out, err = capsys.readouterr()
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    for w in words:
        assert w in err, err


def test_row13_a_good_csv_still_screens(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from mgalloys.cli import main

    files = _files(tmp_path)
    code = main(
        ["screen", files["good.csv"], "--family", "8", "--column", "uts=uts:MPa", "--column", "el=el:%"]
    )
    out, err = capsys.readouterr()
    assert code == 0 and "pass" in out and "1 pass" in err


def test_every_format_is_honoured(capsys: pytest.CaptureFixture[str]) -> None:
    from mgalloys.cli import main

    assert main(["convert", "35 ksi", "MPa", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("magnitude,unit\n241.3")
    assert main(["convert", "35 ksi", "MPa", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["unit"] == "MPa"


# --- row 14: wrong types and values get the library's errors ----------------------------------------
@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: mg.alloy([]), mg.InputTypeError, ["a string"]),
        (lambda: mg.alloy("   "), mg.AlloyNotFoundError, ["empty"]),
        (lambda: mg.alloys(family=123), mg.FamilyNotFoundError, ["123", "1 to 11"]),
        (lambda: mg.alloys(family=2.5), mg.InputTypeError, ["family"]),
        (lambda: mg.screen(None, 8), mg.InputTypeError, ["DataFrame"]),
        (lambda: mg.check("AZ91D", 8, kinds=["bogus"]), mg.InputValueError, ["bogus", "typical"]),
        (lambda: mg.check("AZ91D", 8, kinds=[]), mg.InputValueError, ["empty"]),
        (lambda: mg.check(3, 8), mg.InputTypeError, ["a name such as"]),
        (lambda: mg.check("AZ91D", 3.5), mg.InputTypeError, ["a target is"]),
        (lambda: mg.check("AZ91D", True), mg.InputTypeError, ["bool"]),
        (lambda: mg.check({"uts": 310}, 8), mg.InputTypeError, ["needs a unit"]),
        (lambda: mg.check({"uts": None}, 8), mg.InputTypeError, ["needs a unit"]),
        (lambda: mg.check({"uts": (310, "MPa", 1)}, 8), mg.InputValueError, ["(number, unit)"]),
        (lambda: mg.alloy("AZ91D").get("uts", "W"), mg.WrongDimensionError, ["AZ91D-F", "'W'"]),
        (lambda: mg.alloy("AZ91D").values(kind="typ"), mg.InputValueError, ["typ", "typical"]),
        (lambda: mg.closest(8, n="x"), mg.InputTypeError, ["at least 1"]),
        (lambda: mg.scorecard(["AZ91D"]).verdict("nope", 8), mg.AlloyNotFoundError, ["nope"]),
        (lambda: mg.scorecard(["AZ91D"]).verdict("AZ91D", "nope"), mg.FamilyNotFoundError, ["nope"]),
        (
            lambda: mg.scorecard(["AZ91D"], families=[8]).verdict("AZ91D", 9),
            mg.FamilyNotFoundError,
            ["mg-li"],
        ),
        (lambda: mg.user_alloy({"uts": "310 MPa"}, kind="typ"), mg.InputValueError, ["typ", "typical"]),
        (lambda: mg.scorecard(alloys=5), mg.InputTypeError, ["alloys"]),
        (lambda: mg.to_frame(units={"uts": 3}), mg.InputTypeError, ["string"]),
    ],
)
def test_row14_wrong_types_and_values(call: Any, error: type[Exception], words: list[str]) -> None:
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, MgAlloysError)
    for w in words:
        assert w in str(info.value)


def test_row14_families_by_number_id_or_name() -> None:
    assert mg.alloys(family=9) == mg.alloys(family="mg-li") == mg.alloys(family="Mg-Li")
    assert mg.alloys(family=mg.family(9).name) == mg.alloys(family=9)
    assert mg.alloys(family="reference")
    sc = mg.scorecard(["AZ91D"])
    assert sc.verdict("AZ91D", 8) is sc.verdict("AZ91D-F", "high-strength-casting")


# --- row 17: the catalog is built once -----------------------------------------------------------
def test_row17_one_catalog_under_concurrent_first_use() -> None:
    from mgalloys import catalog

    saved = list(catalog._CATALOG)
    catalog._CATALOG.clear()
    built: list[int] = []
    real = catalog.Catalog.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        built.append(1)
        time.sleep(0.05)  # widen the window in which a second thread could start a build
        real(self, *args, **kwargs)

    catalog.Catalog.__init__ = counting  # type: ignore[method-assign]
    try:
        got: list[Any] = []
        threads = [threading.Thread(target=lambda: got.append(catalog.get_catalog())) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        catalog.Catalog.__init__ = real  # type: ignore[method-assign]
        catalog._CATALOG[:] = saved  # later tests keep the catalog their records came from
    assert len(built) == 1 and len({id(c) for c in got}) == 1


# --- row 18: every error pickles ---------------------------------------------------------------------
def _all_error_classes() -> set[type[BaseException]]:
    for name in ("screening", "designations", "plot", "targets", "families", "inputs"):
        importlib.import_module(f"mgalloys.{name}")
    seen: set[type[BaseException]] = set()
    todo: list[type[BaseException]] = [MgAlloysError]
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.add(cls)
            todo.extend(cls.__subclasses__())
    return {c for c in seen if c.__module__.startswith("mgalloys")}


def _sample_errors() -> list[BaseException]:
    from mgalloys.errors import TargetSyntaxError

    out: list[BaseException] = []
    for call in (
        lambda: mg.alloy("AZ19D"),
        lambda: mg.alloy("AZ91D-T6"),
        lambda: mg.alloy("ZK60"),
        lambda: mg.property_info("utz"),
        lambda: mg.convert("1 MPa", "K"),
        lambda: mg.convert("60 HB", "HV"),
        lambda: mg.Q_("1 foo"),
        lambda: mg.family("nope"),
        lambda: mg.target("utz > 3 MPa"),
        lambda: mg.alloy([]),
        lambda: mg.closest(8, n=0),
        lambda: mg.screen(pd.DataFrame({"a": [1.0]}), "uts > 3 MPa"),
        lambda: mg.parse_designation("???"),
        lambda: mg.plot.ashby(units={"E": "GPa"}),
        lambda: mg.plot.ashby("density", "fatigue_strength", families="mg-li"),
        lambda: mg.family(8).target.criteria[0].threshold.ito("ksi"),
        lambda: mg.convert("10 delta_degC", "degC"),
    ):
        try:
            call()
        except MgAlloysError as exc:
            out.append(exc)
    for call in (
        lambda: mg.export("AZ91D", to="nope"),
        lambda: mg.export("Mg-8Li-FSP", to="abaqus"),
        lambda: mg.export(mg.user_alloy({"nu": (0.9, "")}, name="x"), to="json"),
        lambda: mg.alloy("AZ91D").citations("apa"),
    ):
        try:
            call()
        except MgAlloysError as exc:
            out.append(exc)
    out.append(mg.DataError("values/x.csv line 3: bad"))
    out.append(mg.UnitsError("bad"))
    out.append(TargetSyntaxError("uts >", 5, "a threshold must follow"))
    out.append(mg.MatplotlibMissingError("install mgalloys[plot]"))
    out.append(mg.UsageError("give at most one of --partial and --strict"))
    return out


def test_row18_every_error_class_survives_pickle() -> None:
    samples = _sample_errors()
    assert len(samples) >= 20
    covered = {type(e) for e in samples} | {MgAlloysError}
    missing = _all_error_classes() - covered
    assert not missing, f"add a sample of {sorted(c.__name__ for c in missing)}"
    for err in samples:
        copy = pickle.loads(pickle.dumps(err))
        assert type(copy) is type(err) and str(copy) == str(err)
        assert copy.__dict__ == err.__dict__


def test_every_error_subclasses_a_matching_builtin() -> None:
    for cls in _all_error_classes() - {MgAlloysError}:
        assert issubclass(cls, (ValueError, LookupError, TypeError, ImportError)), cls


# --- row 19: the same input means the same thing everywhere ----------------------------------------
def test_row19_family_names_and_numbers_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    from mgalloys.cli import main

    fam = mg.family(8)
    same = {mg.check("AZ91D", x).verdict for x in (fam, fam.name, fam.id, 8, "8", fam.target)}
    assert same == {mg.Verdict.FAIL}
    assert mg.family("8") is mg.family(8) is mg.family(fam.name)
    assert main(["scorecard", "--family", "8", "--format", "json"]) == 0
    assert set(json.loads(capsys.readouterr().out)[0]) == {
        "record",
        fam.id,
        f"{fam.id} evidence",
        f"{fam.id} flags",
    }
    assert main(["check", "AZ91D", "--family", fam.name]) == 1
    capsys.readouterr()


# --- fuzzing: near-valid inputs give a result or the library's own error ---------------------------
_UNITS = ["MPa", "ksi", "%", "g/cm3", "W·m-1·K-1", "degC", "HB", "%IACS", "µΩ·cm", "kpsi", "MPa√m"]
_NOISE = st.sampled_from(
    [",", ".", " ", "e", "E", "-", "+", "x", "^", "*", "%", "·", "√", "(", ")", "/", "0", "9", "١"]
)


@st.composite
def near_quantity(draw: st.DrawFn) -> str:
    number = draw(st.one_of(st.integers(-(10**6), 10**6).map(str), st.floats(allow_nan=True).map(repr)))
    text = f"{number} {draw(st.sampled_from(_UNITS))}"
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(_NOISE) + text[i:]
    return text


def _library_or_result(call: Any) -> Any:
    try:
        return call()
    except MgAlloysError:
        return None


@given(near_quantity())
def test_fuzz_quantities(text: str) -> None:
    q = _library_or_result(lambda: mg.Q_(text))
    if q is not None:
        assert math.isfinite(q.magnitude)
        _library_or_result(lambda: mg.convert(q, "MPa"))
        _library_or_result(lambda: inputs.property_quantity(mg.property_info("uts"), text))


@given(st.text(max_size=40))
def test_fuzz_units_and_kinds(text: str) -> None:
    _library_or_result(lambda: parse_unit(text))
    _library_or_result(lambda: as_kinds(text))
    _library_or_result(lambda: inputs.unit_pairs([text]))
    _library_or_result(lambda: inputs.unit_pairs({"uts": text}))


@given(
    st.one_of(
        st.text(max_size=12),
        st.sampled_from(["AZ91D", "az91 d", "AZ91D-F", "M11916", "AZ31B-O", "AZ91D-T9", "AZ9", ""]).flatmap(
            lambda s: st.sampled_from([s, s + "-", " " + s, s.lower(), s + "F", s[:-1]])
        ),
        st.integers(),
        st.none(),
        st.lists(st.text(max_size=3), max_size=2),
    )
)
def test_fuzz_designations_and_alloy_likes(name: Any) -> None:
    a = _library_or_result(lambda: as_alloy(name))
    assert a is None or isinstance(a, mg.Alloy)
    _library_or_result(lambda: mg.parse_designation(name))
    _library_or_result(lambda: inputs.as_family(name))


@given(
    st.dictionaries(
        st.sampled_from(["uts", "tensile_strength", "el", "UTS", "nope", "", "hardness", "density"]),
        st.one_of(
            st.sampled_from(["310 MPa", "12 %", "60 HB", "1.8 g/cm3", "46,000 psi", "1e999 MPa", ""]),
            st.tuples(st.floats(allow_nan=True), st.sampled_from(["MPa", "%", "", "1", "HV", "kg"])),
            st.integers(),
            st.none(),
        ),
        max_size=4,
    )
)
def test_fuzz_user_values(values: dict[str, Any]) -> None:
    res = _library_or_result(lambda: mg.check(values, 8))
    assert res is None or res.verdict in set(mg.Verdict)


@given(
    st.dictionaries(
        st.sampled_from(["uts", "el", "nope", "density"]),
        st.one_of(
            st.tuples(
                st.sampled_from(["UTS", "El", None, "", "missing"]),
                st.sampled_from(["MPa", "%", "", "kg", "1"]),
            ),
            st.text(max_size=5),
            st.none(),
            st.tuples(st.just("UTS")),
        ),
        max_size=3,
    )
)
def test_fuzz_column_maps(columns: dict[str, Any]) -> None:
    df = pd.DataFrame({"UTS": [310.0, 280.0], "El": [12.0, math.nan]})
    res = _library_or_result(lambda: mg.screen(df, "uts > 300 MPa", columns=columns))
    assert res is None or (len(res) == 2 and set(res["verdict"]) <= {"pass", "fail", "unknown"})
    if res is not None and columns.get("uts") == ("UTS", "MPa"):
        assert list(res["verdict"]) == ["pass", "fail"]


_ARGS = st.sampled_from(
    [
        "show",
        "list",
        "check",
        "convert",
        "screen",
        "scorecard",
        "compare",
        "families",
        "properties",
        "AZ91D",
        "AZ19D",
        "--family",
        "8",
        "99",
        "mg-li",
        "--target",
        "uts > 3 MPa",
        "el > 10 %%",
        "--units",
        "uts=ksi",
        "uts=kg",
        "--format",
        "csv",
        "json",
        "table",
        "xml",
        "--kinds",
        "bogus",
        "35 ksi",
        "MPa",
        "--digits",
        "-1",
        "0",
        "--columns",
        "uts,el",
        "--chunk-rows",
        "--where",
    ]
)


@given(st.lists(_ARGS, min_size=1, max_size=6))
def test_fuzz_command_lines(argv: list[str]) -> None:
    import contextlib
    import io

    from mgalloys.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: --help, and usage errors
            code = int(exc.code or 0)
    assert code in (0, 1, 2), (argv, err.getvalue())
    assert "Traceback" not in err.getvalue()
    if code == 2:
        assert len(err.getvalue().strip().splitlines()) <= 1 or "usage" in out.getvalue(), err.getvalue()


# --- issue 22: odd input gets the library's errors, and models travel -------------------------------
@pytest.mark.parametrize("n", range(1, 12))
def test_a_family_pickles_and_deep_copies(n: int) -> None:
    """``mg.family(n)`` held a MappingProxyType, which neither pickles nor deep-copies."""
    fam = mg.family(n)
    for copied in (pickle.loads(pickle.dumps(fam)), copy.deepcopy(fam)):
        assert copied == fam and copied.target.text == fam.target.text
        assert dict(copied.reference_densities) == dict(fam.reference_densities)
    with pytest.raises(TypeError):
        fam.reference_densities["Mg"] = mg.Q_("1 g/cm**3")  # type: ignore[index]


@pytest.mark.parametrize("has", [123, [1], ["uts", None], 1.5])
def test_alloys_has_takes_property_names(has: Any) -> None:
    with pytest.raises(mg.InputTypeError, match=r"has= takes a property name or a list of them"):
        mg.alloys(has=has)


def test_screen_column_names_are_names() -> None:
    df = pd.DataFrame({"u": [300.0], "T": [20.0]})
    with pytest.raises(mg.InputTypeError, match=r"names a column by a string"):
        mg.screen(df, "uts > 1 MPa", {"uts": (["u"], "MPa")})
    with pytest.raises(mg.InputTypeError, match=r"names a column by a string"):
        mg.screen(df, "uts > 1 MPa", {"uts": ("u", "MPa")}, temperature=(["T"], "degC"))
    with pytest.raises(mg.InputTypeError, match=r"a string such as 'degC'"):
        mg.screen(df, "uts > 1 MPa", {"uts": ("u", "MPa")}, temperature=("T", ["degC"]))


def test_catalog_root_takes_a_string(tmp_path: Path) -> None:
    """``Catalog(root="...")`` raised AttributeError: 'str' object has no attribute 'joinpath'."""
    from mgalloys._data import data_root

    root = tmp_path / "data"
    shutil.copytree(Path(str(data_root())), root)
    assert mg.Catalog(root=str(root)).record_ids == mg.get_catalog().record_ids
    with pytest.raises(mg.DataError, match="is not a folder"):
        mg.Catalog(root=str(tmp_path / "nowhere"))
    with pytest.raises(mg.InputTypeError, match="a str or Path"):
        mg.Catalog(root=5)  # type: ignore[arg-type]
    with pytest.raises(mg.DataError, match="an empty folder name"):
        mg.load("")


@pytest.mark.parametrize("text", ["el > 0.1 dimensionless", "el > 12 %", "poisson > 0.3", "el >= 0.05 1"])
def test_target_text_round_trips_for_dimensionless_thresholds(text: str) -> None:
    """``target("el > 0.1 dimensionless").text`` read 'elongation > 0.1', which does not parse."""
    t = mg.target(text)
    again = mg.target(t.text)
    assert again.text == t.text and again.criteria == t.criteria


def test_parse_designation_reads_each_prefix_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A temper of n digits looked its n prefixes up in the temper table, each a copy of up to n
    characters: 200,000 characters took 38 s. Linear now: the table is asked about prefixes no
    longer than its longest temper (the time is in benchmarks/bench_readers.py)."""
    from mgalloys import tempers

    asked: list[str] = []

    class Counting(dict):  # type: ignore[type-arg]
        def get(self, key: Any, default: Any = None) -> Any:
            asked.append(key)
            return super().get(key, default)

    table = Counting(tempers.temper_table())
    monkeypatch.setattr(tempers, "temper_table", lambda: table)
    for text in ("AZ91D-T" + "9" * 20_000, "AZ91D-W" + "1" * 20_000):
        asked.clear()
        with contextlib.suppress(mg.MgAlloysError):
            mg.parse_designation(text)
        assert len(asked) <= max(map(len, table)) + 1
        assert sum(map(len, asked)) <= 100


# --- names of properties and families are matched as record names are (issue 22) -------------------
_LOOK_ALIKES = st.sampled_from(["\u2010", "\u2011", "\u2212", "\uff0d"])  # hyphens a PDF may carry


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(
    name=st.sampled_from(
        [a for p in mg.properties() for a in (p.id, *p.aliases)] + [f.id for f in mg.families()]
    ),
    dash=_LOOK_ALIKES,
    width=st.booleans(),
    upper=st.booleans(),
)
def test_property_and_family_names_fold_as_record_names_do(
    name: str, dash: str, width: bool, upper: bool
) -> None:
    """Full-width letters, look-alike hyphens, case and invisible characters never make a
    property or family a different one (or an unknown one) at any entry point."""
    variant = name.replace("-", dash)
    variant = variant.upper() if upper else variant
    variant = _full_width(variant) if width else variant
    variant = "\u200b" + variant
    if name in {f.id for f in mg.families()}:
        assert mg.family(variant).id == name
    else:
        pid = mg.property_info(name).id
        assert mg.property_info(variant).id == pid
        assert mg.target(f"{variant} > 1 {mg.property_info(pid).unit}").criteria[0].property == pid
