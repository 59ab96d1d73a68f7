"""The command line, driven as a user would: through the entry point and a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mgalloys.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_is_clear() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mgalloys", "--help"], capture_output=True, text=True, check=True
    )
    for cmd in ("scorecard", "show", "list", "families", "check", "convert"):
        assert cmd in out.stdout
    sub = subprocess.run(
        [sys.executable, "-m", "mgalloys", "check", "--help"], capture_output=True, text=True, check=True
    )
    assert "--family" in sub.stdout and "--target" in sub.stdout


def test_no_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert code == 2 and "usage" in out


def test_scorecard(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scorecard")
    assert code == 0
    assert "AZ91D-F" in out and "unknown" in out and "pass" in out and "#11" in out
    code, out, _ = run(capsys, "scorecard", "--format", "json", "--family", "mg-li")
    rows = json.loads(out)
    assert code == 0 and all(set(r) == {"record", "mg-li"} for r in rows)


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
    proc = subprocess.run([sys.executable, "-m", "mgalloys", "show", "nope"], capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "no alloy" in proc.stderr


def test_convert_and_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "convert", "4.3 µΩ·cm", "MS/m")
    assert code == 0 and out.startswith("23.2558")
    code, out, _ = run(capsys, "convert", "30 %IACS", "MS/m", "--format", "json")
    assert json.loads(out)["magnitude"] == pytest.approx(17.4)
    code, out, _ = run(capsys, "list", "--family", "mg-li", "--format", "csv", "--units", "density=lb/in**3")
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
        capsys, "chart", "--x", "density", "--y", "uts", "--family", "mg-li", "-o", str(out_file)
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
     "infinite value"),
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
