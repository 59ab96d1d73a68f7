"""The command line, driven as a user would: through the entry point and a real subprocess."""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

import mgalloys as mg
from mgalloys.cli import main
from mgalloys.cli.output import NUMBER_DIGITS, data_number, fill, unit_spelling
from mgalloys.cli.parser import ALIASES, EXAMPLES, OPTIONS, build_parser
from mgalloys.datasheet import datasheet_rows

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def shell(*argv: str, columns: int | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m mgalloys`` in a real process whose stdout is a pipe, at ``columns`` columns."""
    environ = {**os.environ, **env}
    environ.pop("FORCE_COLOR", None)
    if columns is not None:
        environ["COLUMNS"] = str(columns)
    return subprocess.run(
        [sys.executable, "-m", "mgalloys", *argv], capture_output=True, text=True, env=environ, cwd=ROOT
    )


def test_help_is_clear() -> None:
    out = shell("--help").stdout
    for cmd in ("scorecard", "show", "list", "families", "check", "convert"):
        assert cmd in out
    sub = _commands()["check"].format_help()
    assert "--family" in sub and "--target" in sub


def test_no_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert code == 2 and "usage" in out


def test_version_names_the_library_and_the_data() -> None:
    proc = shell("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"mgalloys {mg.__version__} (data version {mg.data_version})"


def test_scorecard(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "scorecard")
    assert code == 0
    assert "AZ91D-F" in out and "unknown" in out and "pass" in out and "#11" in out
    code, out, _ = run(capsys, "scorecard", "--format", "json", "--family", "mg-li")
    rows = json.loads(out)
    assert code == 0 and all(set(r) == {"record", "mg-li", "mg-li evidence", "mg-li flags"} for r in rows)


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "AZ91D", "--units", "uts=ksi")
    assert code == 0
    assert "AZ91D-F" in out and "ksi" in out and "meridian-lightweight-alloys" in out
    assert "not design allowables" in out
    code, out, _ = run(capsys, "show", "AZ91D", "--format", "json")
    assert json.loads(out)["record_id"] == "AZ91D-F"


def test_check_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "AZ91D", "--family", "high-strength-casting")
    assert code == 1 and "FAIL" in out and "tensile_strength" in out
    code, out, _ = run(capsys, "check", "Mg", "--target", "tc > 125 W/(m*K)")
    assert code == 0 and "PASS" in out
    code, out, _ = run(capsys, "check", "AZ91D", "--family", "8", "--format", "csv", "--units", "uts=ksi")
    assert code == 1 and out.startswith("alloy,criterion")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["show", "AZ19D"], ["no alloy 'AZ19D'", "did you mean 'AZ91D'"]),
        (["check", "AZ91D", "--target", "tensile_strenght > 3 MPa"], ["unknown property", "at character 1"]),
        (["check", "AZ91D"], ["exactly one of --family"]),
        (["check", "AZ91D", "--family", "mgli"], ["did you mean 'mg-li'"]),
        (["convert", "35 ksi", "W/(m*K)"], ["dimension"]),
        (["convert", "63 HB", "HV"], ["not interconvertible"]),
        (["list", "--units", "uts"], ["PROPERTY=UNIT"]),
        (["list", "--family", "mg-li"], ["--members"]),
        (["export", "AZ91D", "--units", "uts=ksi"], ["--unit-system", "SI"]),
        (["cite", "--family", "8"], ["--members"]),
    ],
)
def test_bad_input_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: list[str]
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    for w in words:
        assert w in err


def test_bad_input_in_a_real_process_has_no_traceback() -> None:
    proc = shell("show", "nope")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "no alloy" in proc.stderr


def test_convert_and_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "convert", "4.3 µΩ·cm", "MS/m")
    assert code == 0 and out.startswith("23.2558")
    code, out, _ = run(capsys, "convert", "30 %IACS", "MS/m", "--format", "json")
    assert json.loads(out)["magnitude"] == pytest.approx(17.4)
    code, out, _ = run(capsys, "list", "--members", "mg-li", "--format", "csv", "--units", "density=lb/in**3")
    assert code == 0 and "density [lb/in³]" in out.splitlines()[0]
    code, out, _ = run(capsys, "list", "--where", "tc > 125 W/(m*K)", "--format", "json")
    assert all(r["thermal_conductivity [W/(m·K)]"] > 125 for r in json.loads(out))


def test_families_and_properties(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "families", "-v")
    assert code == 0 and "thermal conductivity > 125" in out and "interpretation" in out
    code, out, _ = run(capsys, "properties", "--format", "json")
    assert {r["id"] for r in json.loads(out)} >= {"density", "tensile_strength"}


def test_chart_writes_a_png(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "chart.png"
    code, out, _ = run(
        capsys, "chart", "--x", "density", "--y", "uts", "--members", "mg-li", "-o", str(out_file)
    )
    assert code == 0 and out.strip() == str(out_file)
    assert out_file.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, _, err = run(capsys, "chart", "--y", "nope", "-o", str(out_file))
    assert code == 2 and "unknown property 'nope'" in err


def test_chart_has_the_options_of_ashby(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mgalloys import plot

    seen: list[dict[str, object]] = []
    monkeypatch.setattr(plot, "ashby", lambda *a, **kw: seen.append(kw))
    out_file = str(tmp_path / "chart.png")
    assert run(capsys, "chart", "-o", out_file)[0] == 0
    opts = ("references", "fit_references", "clip_outliers", "highlight")
    assert [seen[-1][k] for k in opts] == [True, False, True, None]
    flags = ["--no-references", "--fit-references", "--no-clip"]
    flags += ["--highlight", "AZ91D", "--highlight", "AE44"]
    assert run(capsys, "chart", "-o", out_file, *flags)[0] == 0
    assert [seen[-1][k] for k in opts] == [False, True, False, ["AZ91D", "AE44"]]


def test_chart_family_shades_and_members_select(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mgalloys import plot

    seen: list[dict[str, Any]] = []
    monkeypatch.setattr(plot, "ashby", lambda *a, **kw: seen.append(kw))
    out_file = str(tmp_path / "chart.png")
    assert run(capsys, "chart", "--family", "mg-li", "-o", out_file)[0] == 0
    assert seen[-1]["families"] is None and seen[-1]["target"] == mg.family("mg-li")
    assert run(capsys, "chart", "--members", "mg-li", "-o", out_file)[0] == 0
    assert seen[-1]["families"] == "mg-li" and seen[-1]["target"] is None


def test_compare(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "AZ91D", "AM60B", "AE44", "--units", "uts=ksi")
    assert code == 0
    assert "tensile_strength [ksi]" in out and "AZ91D-F" in out and "AE44-F" in out
    code, out, _ = run(capsys, "compare", "AZ91D", "AM60B", "--props", "uts,el", "--format", "json")
    rows = json.loads(out)
    assert {r["property"] for r in rows} == {"tensile_strength [MPa]", "elongation [%]"}


def test_screen_a_users_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "mine.csv"
    data.write_text("name,UTS (ksi),El%\na,46,12\nb,40,15\nc,50,\n", encoding="utf-8")
    out_file = tmp_path / "out.csv"
    code, _, err = run(
        capsys,
        "screen",
        str(data),
        "--family",
        "8",
        "--column",
        "uts=UTS (ksi):ksi",
        "--column",
        "el=El%:%",
        "-o",
        str(out_file),
        "--keep-columns",
    )
    assert code == 0 and "3 rows: 1 pass, 1 fail, 1 unknown" in err
    lines = out_file.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("row,name,UTS (ksi),El%,verdict")
    assert [ln.split(",")[4] for ln in lines[1:]] == ["pass", "fail", "unknown"]
    code, _, err = run(capsys, "screen", str(data), "--family", "8", "--column", "uts=Nope:MPa")
    assert code == 2 and "Nope" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "screen", str(data), "--family", "8", "--column", "uts")
    assert code == 2 and "PROPERTY=COLUMN:UNIT" in err


@pytest.mark.parametrize(
    "mapping",
    [
        ["--column", "uts=Nope:MPa", "--column", "el=El%:%"],
        ["--column", "uts=UTS (ksi):ksi", "--column", "el=El%:%", "--temperature", "T [K]:K"],
    ],
)
def test_a_wrong_column_names_the_columns_that_exist(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, mapping: list[str]
) -> None:
    data = tmp_path / "mine.csv"
    data.write_text("name,UTS (ksi),El%\na,46,12\n", encoding="utf-8")
    code, _, err = run(capsys, "screen", str(data), "--family", "8", *mapping)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "pyarrow" not in err and "its columns: 'name', 'UTS (ksi)', 'El%'" in err


# --- tables that fit the terminal, identifiers whole ---------------------------------------------
def _whole(text: str, ident: str) -> int:
    """How often ``ident`` is printed whole (not as a part of a longer identifier)."""
    return len(re.findall(r"(?<![\w.%/-])" + re.escape(ident) + r"(?![\w%/-])", text))


def _fits(out: str, width: int) -> None:
    wide = [line for line in out.splitlines() if cell_len(line) > width]
    assert not wide, f"{len(wide)} line(s) wider than {width}: {wide[:2]}"
    assert "\x1b" not in out and not re.search("[\u2500-\u257f]", out)  # a pipe gets plain text


@pytest.mark.parametrize("width", [80, 120, 200])
def test_list_prints_every_record_id_whole_in_lines_that_fit(width: int) -> None:
    proc = shell("list", columns=width)
    assert proc.returncode == 0, proc.stderr
    _fits(proc.stdout, width)
    split = [a.record_id for a in mg.alloys() if _whole(proc.stdout, a.record_id) != 1]
    assert not split, f"{len(split)} record ids not printed whole once: {split[:5]}"


def _show(name: str, width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    if name == "AZ91D":  # through a real process and a pipe, as the issue measured it
        proc = shell("show", name, columns=width)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, err = run(capsys, "show", name)
    assert code == 0, err
    return out


@pytest.mark.parametrize("width", [80, 120, 200])
@pytest.mark.parametrize("name", ["AZ91D", "WE43", "Mg"])
def test_show_prints_every_source_key_and_value_whole_in_lines_that_fit(
    name: str, width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _show(name, width, capsys, monkeypatch)
    _fits(out.split("\nsources:\n")[0], width)  # a citation's URL is one word: it may run over
    rows = datasheet_rows(mg.alloy(name))
    lines = out.splitlines()
    for key in {r["source"] for r in rows}:
        assert _whole(out, key) >= sum(r["source"] == key for r in rows), key
    for r in rows:  # a value with its unit, the kind and the temperature, each on one line
        for cell in (r["value"], r["at"]):
            assert any(cell in line for line in lines), cell


def _at(width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


def test_a_table_that_fits_is_a_table_and_one_that_does_not_is_blocks(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    wide = _at(200, capsys, monkeypatch, "list", "--members", "mg-li").splitlines()
    assert wide[0].split()[:2] == ["density", "uts"] and set(wide[2]) <= {"-", " "}
    narrow = _at(80, capsys, monkeypatch, "list", "--members", "mg-li")
    assert re.search(r"^LA141\n  (form: [a-z ]+; )?density \[g/cm³\]: 1\.3", narrow, re.M), narrow[:300]


def test_cut_and_grep_read_a_piped_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _at(120, capsys, monkeypatch, "list", "--members", "mg-li", "--props", "uts")
    rows = [line.split() for line in out.splitlines()[3:] if line.startswith("LA141")]
    assert rows == [["LA141", *rows[0][1:]]] and rows[0][-1].replace(".", "").isdigit()


def test_a_terminal_gets_colour_and_a_ruled_header(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, out, _ = run(capsys, "list", "--members", "mg-li")
    assert code == 0 and "\x1b[" in out and "─" in out


@given(
    st.lists(st.text(alphabet="abcdefgh-%./°·", min_size=1, max_size=30), min_size=1, max_size=30),
    st.integers(10, 200),
)
def test_fill_never_splits_an_atom_and_keeps_to_the_width(atoms: list[str], width: int) -> None:
    lines = fill(atoms, width, "  ")
    assert " ".join(" ".join(lines).split()) == " ".join(atoms)
    for line in lines:
        assert cell_len(line) <= width or len(line.split()) == 1


# --- one meaning per option ---------------------------------------------------------------------
def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"": parser, **sub.choices}


def test_every_option_has_one_documented_meaning() -> None:
    used, hidden = set(), set()
    for name, parser in _commands().items():
        for action in parser._actions:
            flags = [o for o in action.option_strings if o not in ("-h", "--help")]
            if not flags:
                continue
            if action.help == argparse.SUPPRESS:
                hidden |= {f"{name} {o}" for o in flags}
                continue
            longest = max(flags, key=len)
            assert longest in OPTIONS, f"{name} {longest} has no meaning in parser.OPTIONS"
            used.add(longest)
    assert used == set(OPTIONS), f"OPTIONS names options no command has: {set(OPTIONS) - used}"
    assert hidden == set(ALIASES)
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "OPTIONS" in page and "ALIASES" in page  # the page prints both tables


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (["list", "--columns", "uts", "--format", "csv"], ["list", "--props", "uts", "--format", "csv"]),
        (
            ["check", "AZ91D", "--family", "8", "--kinds", "minimum", "--format", "csv"],
            ["check", "AZ91D", "--family", "8", "--kind", "minimum", "--format", "csv"],
        ),
        (["export", "AZ91D", "--units", "US"], ["export", "AZ91D", "--unit-system", "US"]),
        (["export", "--family", "mg-li", "--to", "json"], ["export", "--members", "mg-li", "--to", "json"]),
        (["cite", "AZ91D", "--check", "8"], ["cite", "AZ91D", "--family", "8"]),
    ],
)
def test_old_spellings_read_as_the_new_ones(
    capsys: pytest.CaptureFixture[str], old: list[str], new: list[str]
) -> None:
    assert run(capsys, *old)[:2] == run(capsys, *new)[:2]


def test_kind_is_repeatable_and_comma_separated(capsys: pytest.CaptureFixture[str]) -> None:
    one = run(capsys, "check", "AZ31B", "--family", "8", "--kind", "minimum,typical", "--format", "json")
    two = run(
        capsys,
        "check",
        "AZ31B",
        "--family",
        "8",
        "--kind",
        "minimum",
        "--kind",
        "typical",
        "--format",
        "json",
    )
    assert one == two


# --- every example of --help runs ------------------------------------------------------------------
def _help_examples() -> list[tuple[str, str]]:
    """(command, example) for every example any --help shows, read from the formatted help."""
    found = []
    for name, parser in _commands().items():
        text = parser.format_help().split("\nexamples:\n", 1)
        assert len(text) == 2, f"{name or 'mgalloys'} --help shows no examples"
        joined = re.sub(r" \\\n\s+", " ", text[1])
        found += [(name, line.strip()) for line in joined.splitlines() if line.strip()]
    return found


def test_help_examples_are_the_listed_ones() -> None:
    shown = _help_examples()
    assert [e for _, e in shown] == [e for name in _commands() for e in EXAMPLES[name]]
    assert all(e.startswith("mgalloys ") for _, e in shown)


def _user_files(folder: Path) -> None:
    """The files the examples name: a table of your own, a data folder of your own."""
    (folder / "table.csv").write_text(
        "name,UTS (MPa),El%,T [K]\na,320,12,293\nb,280,15,\nc,350,,523\n", encoding="utf-8"
    )
    pcsv, pq = pytest.importorskip("pyarrow.csv"), pytest.importorskip("pyarrow.parquet")
    pq.write_table(pcsv.read_csv(folder / "table.csv"), folder / "table.parquet")
    mine = folder / "mine"
    for sub in ("records", "values", "sources"):
        (mine / sub).mkdir(parents=True)
    (mine / "sources" / "lab.csv").write_text("key,title\nlab,Our tests\n", encoding="utf-8")
    (mine / "records" / "lab.csv").write_text(
        "record_id,grade,temper,product_form,families\nXA1-T6,XA1,T6,casting,\n", encoding="utf-8"
    )
    (mine / "values" / "lab.csv").write_text(
        "record_id,property,value,unit,kind,test_temperature,source,locator\n"
        "XA1-T6,density,1.80,g/cm**3,typical,RT,lab,sheet 1\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(("command", "example"), _help_examples())
def test_every_help_example_runs(
    command: str,
    example: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _user_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(example)
    code, out, err = run(capsys, *argv[1:])
    assert code in (0, 1), f"{example}: exit {code}: {err}"  # 1: a check that does not pass
    assert "error" not in err and (out or err)


def test_every_e_g_in_an_option_help_is_in_an_example() -> None:
    for name, parser in _commands().items():
        examples = " ".join(EXAMPLES[name])
        for action in parser._actions:
            if not action.help or action.help == argparse.SUPPRESS:
                continue
            help_text = action.help % {"prog": parser.prog}
            for m in re.finditer(r"e\.g\. (.+?)(?=\(|\)|;|$)", help_text):
                for piece in re.split(r", | or ", m[1].strip().rstrip(",")):
                    piece = piece.strip()
                    bare = piece[1:-1] if piece[:1] == piece[-1:] == "'" else piece
                    if bare:
                        assert bare in examples, f"{name} {action.option_strings}: {bare!r} in no example"


def test_the_top_help_shows_no_doubled_percent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = _commands()[""].format_help() + _commands()["check"].format_help()
    assert "%%" not in out and "el > 10 %'" in out


# --- CSV and JSON: one number format, one unit spelling ------------------------------------------
DATA_COMMANDS = [
    ["list", "--members", "mg-li"],
    ["list", "--units", "uts=ksi", "--units", "density=lb/in**3"],
    ["compare", "AZ91D", "AM60B", "AE44", "Mg", "--units", "uts=ksi"],
    ["check", "AZ91D", "AE44", "--family", "2", "--units", "tc=BTU/(h*ft*degF)"],
    ["check", "EZ33A", "--target", "uts > 100 MPa at 250 degC"],
    ["frontier", "8"],
    ["frontier"],
    ["at", "EZ33A", "uts", "250 degC", "--unit", "ksi"],
    ["at", "WE43", "ys", "250 degC"],
    ["convert", "36 ksi", "MPa"],
    ["properties"],
    ["families"],
    ["scorecard", "--family", "8"],
    ["show", "AE44"],
]
_NUMBER = re.compile(r"(?<![\w.])-?\d+\.\d+(?:e[-+]?\d+)?(?![\w.])")


def _figures(token: str) -> int:
    return len(token.lstrip("-").split("e")[0].replace(".", "").lstrip("0"))


_LONG_UNITS = re.compile(r"megapascal|degree_Celsius|gram / centimeter|watt / meter|percent\b|kelvin\b")


def _numbers(value: Any) -> list[float]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _numbers(v)]
    if isinstance(value, list):
        return [x for v in value for x in _numbers(v)]
    return [float(value)] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


def _units(value: Any, key: str = "") -> list[str]:
    if isinstance(value, dict):
        return [u for k, v in value.items() for u in _units(v, k)]
    if isinstance(value, list):
        return [u for v in value for u in _units(v, key)]
    return [value] if key == "unit" and value else []


@pytest.mark.parametrize("argv", DATA_COMMANDS, ids=lambda a: " ".join(a))
def test_csv_and_json_share_one_number_format_and_unit_spelling(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, text, err = run(capsys, *argv, "--format", "json")
    assert code in (0, 1), err
    data = json.loads(text)
    for x in _numbers(data):
        assert x == data_number(x), x  # at most NUMBER_DIGITS significant figures
    for unit in _units(data):
        assert unit == unit_spelling(unit), unit
    assert not _LONG_UNITS.search(text) and "NaN" not in text
    code, text, err = run(capsys, *argv, "--format", "csv")
    assert code in (0, 1), err
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        for key, cell in row.items():
            assert cell.lower() not in ("nan", "none", "inf", "-inf"), (key, cell)
            if key == "unit":
                assert cell == unit_spelling(cell)
            if re.fullmatch(r"-?[\d.]+(e[-+]?\d+)?", cell):
                assert float(cell) == data_number(float(cell)), (key, cell)
    noisy = [t for t in _NUMBER.findall(text) if _figures(t) > NUMBER_DIGITS]
    assert not noisy or "show" in argv, noisy[:5]  # show: DOIs and URLs hold long numbers
    assert not _LONG_UNITS.search(text)


def test_compare_writes_missing_values_as_empty_cells(capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run(capsys, "compare", "AZ91D", "AM60B", "--units", "uts=ksi", "--format", "csv")
    rows = {r["property"]: r for r in csv.DictReader(io.StringIO(text))}
    assert code == 0 and rows["electrical_conductivity [MS/m]"]["AM60B-F"] == ""
    assert rows["tensile_strength [ksi]"]["AZ91D-F"] == "34.8091"  # 240 MPa, six figures
    code, text, _ = run(capsys, "compare", "AZ91D", "AM60B", "--format", "json")
    by = {r["property"]: r for r in json.loads(text)}
    assert by["electrical_conductivity [MS/m]"]["AM60B-F"] is None


def test_frontier_writes_units_as_the_property_table_does(capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run(capsys, "frontier", "8", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert code == 0 and {r["unit"] for r in rows} == {"MPa", "%"}
    assert rows[0]["gap_fraction"] == "0.276667"


@given(st.floats(allow_nan=True, allow_infinity=True, width=64))
def test_data_number_has_at_most_six_figures(x: float) -> None:
    y = data_number(x)
    if not math.isfinite(x):
        assert y is None
        return
    assert isinstance(y, float) and float(repr(y)) == y
    digits = repr(abs(y)).split("e")[0].replace(".", "").strip("0")
    assert len(digits) <= NUMBER_DIGITS
    assert y == pytest.approx(x, rel=10 ** (1 - NUMBER_DIGITS), abs=1e-300)


# --- issue 22: every odd input of the review, through python -m mgalloys ----------------------------
# (name, argv with {d} for the folder of inputs, exit status, text the output must hold)
ODD = [
    ("convert difference to temperature", ["convert", "10 delta_degC", "degC"], 2, "temperature difference"),
    ("convert temperature to difference", ["convert", "10 degC", "delta_degC"], 2, "temperature difference"),
    ("convert below 0 K", ["convert", "-300 degC", "K"], 2, "below absolute zero"),
    ("at a difference", ["at", "EZ33A-T5", "uts", "523.15 delta_degC"], 2, "'523.15 degC' or '523.15 K'"),
    ("at below 0 K", ["at", "EZ33A-T5", "uts", "-500 degC", "--extrapolate"], 2, "below absolute zero"),
    ("target at a difference", ["check", "AZ91D", "--target", "uts > 1 MPa at 5 delta_degC"], 2, "differ"),
    ("screen delta column", ["screen", "{d}/s.csv", "--target", "uts > 1 MPa at 250 degC", "--column",
                             "uts=u:MPa", "--temperature", "T:delta_degC"], 2, "a temperature difference"),
    ("screen to /dev/stdout", ["screen", "{d}/s.csv", "--target", "uts > 1 MPa", "--column", "uts=u:MPa",
                               "-o", "/dev/stdout"], 0, "0,pass"),
    ("screen infinite", ["screen", "{d}/inf.csv", "--target", "uts > 1 MPa", "--column", "uts=u:MPa"], 2,
     "not a finite number"),
    ("screen below 0 K", ["screen", "{d}/cold.csv", "--target", "uts > 1 MPa", "--column", "uts=u:MPa",
                          "--temperature", "T:degC"], 2, "below absolute zero"),
    ("screen unclosed quote", ["screen", "{d}/quote.csv", "--target", "uts > 1 MPa", "--column", "uts=u:MPa"],
     2, "quote.csv:3: column 2: a quote opened in this row is not closed"),
    ("screen duplicate column", ["screen", "{d}/dup.csv", "--target", "uts > 1 MPa", "--column", "uts=u:MPa"],
     2, "dup.csv:1: column 2: the column 'u' appears twice"),
    ("screen two BOMs", ["screen", "{d}/bom.csv", "--target", "uts > 1 MPa", "--column", "uts=u:MPa"], 2,
     "two byte-order marks"),
    ("screen a FIFO", ["screen", "{d}/fifo.csv", "--target", "uts > 1 MPa", "--column", "uts=u:MPa"], 2,
     "not a regular file"),
    ("empty --data", ["--data", "", "show", "AZ91D"], 2, "an empty folder name"),
    ("user record hijack", ["--data", "{d}/hijack", "show", "AZ91D-F"], 2, "lab.csv:2: column 1 (record_id)"),
    ("user delta test temperature", ["--data", "{d}/delta", "show", "XA1"], 2, "lab.csv:2: column 6"),
    ("look-alike name", ["show", "\uff21\uff3a\uff19\uff11\uff24\u2212F"], 0, "AZ91D-F"),
    ("list has a number", ["list", "--has", "123"], 2, "unknown property '123'"),
]  # fmt: skip


@pytest.fixture(scope="module")
def odd_runs(tmp_path_factory: pytest.TempPathFactory, cli: Any) -> dict[str, Any]:
    d = tmp_path_factory.mktemp("odd")
    files = {
        "s.csv": "u,T\n300,250\n",
        "inf.csv": "u\n300\ninf\n",
        "cold.csv": "u,T\n300,-300\n",
        "quote.csv": 'u,n\n100,a\n200,"b\n300,c\n',  # the last two rows were read as one cell
        "dup.csv": "u,u\n100,300\n",
    }
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    (d / "bom.csv").write_bytes(b"\xef\xbb\xbf\xef\xbb\xbfu\n300\n")
    if hasattr(os, "mkfifo"):
        os.mkfifo(d / "fifo.csv")
    for name, record, value in (
        ("hijack", "az91d-f,AZ91D,F,die casting", "az91d-f,tensile_strength,100,MPa,typical,RT,lab,s"),
        ("delta", "XA1-T6,XA1,T6,casting", "XA1-T6,tensile_strength,100,MPa,typical,250 delta_degC,lab,s"),
    ):
        for sub in ("records", "values", "sources"):
            (d / name / sub).mkdir(parents=True)
        (d / name / "sources" / "lab.csv").write_text("key,title\nlab,Tests\n", encoding="utf-8")
        (d / name / "records" / "lab.csv").write_text(f"record_id,grade,temper,product_form\n{record}\n")
        (d / name / "values" / "lab.csv").write_text(
            f"record_id,property,value,unit,kind,test_temperature,source,locator\n{value}\n"
        )
    argvs = [[a.replace("{d}", str(d)) for a in argv] for _, argv, _, _ in ODD]
    return dict(zip([o[0] for o in ODD], cli(argvs, timeout=60), strict=True))


@pytest.mark.parametrize(("name", "code", "says"), [(o[0], o[2], o[3]) for o in ODD], ids=[o[0] for o in ODD])
def test_odd_input_gets_one_line_never_a_traceback(
    odd_runs: dict[str, Any], name: str, code: int, says: str
) -> None:
    if name == "screen a FIFO" and not hasattr(os, "mkfifo"):
        pytest.skip("FIFOs are POSIX")
    run = odd_runs[name]
    output = run.stdout + run.stderr
    assert "Traceback" not in output and run.returncode != 3, output
    assert run.returncode == code, output
    assert says in output, output
    if code == 2:
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr
