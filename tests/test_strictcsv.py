"""The strict CSV reader (issue 22): every data file, bundled or a user's, is read whole or refused
with an error naming the file, the line and the column; `mgalloys validate` exits 1 on each defect."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys._data import data_root

VALUES = "record_id,property,value,unit,kind,test_temperature,source,locator"
GOOD = "XA1-T6,tensile_strength,200,MPa,typical,RT,lab,s1"


def _folder(tmp_path: Path, values: str, header: str = VALUES) -> Path:
    root = tmp_path / "mine"
    for sub in ("records", "values", "sources"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "sources" / "lab.csv").write_text("key,title\nlab,Our tests\n", encoding="utf-8")
    (root / "records" / "lab.csv").write_text(
        "record_id,grade,temper,product_form,families\nXA1-T6,XA1,T6,casting,\n", encoding="utf-8"
    )
    (root / "values" / "lab.csv").write_bytes(f"{header}\n{values}\n".encode())
    return root


def _cli(*args: str, timeout: float = 120, limit_memory: bool = False) -> subprocess.CompletedProcess[str]:
    """``python -m mgalloys ARGS`` in a fresh interpreter (this checkout), with a time limit and,
    when asked, a memory limit (a file that reads forever must not take the machine down)."""

    def cap() -> None:  # pragma: no cover - runs in the child
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))

    env = {**os.environ, "PYTHONPATH": str(Path(mg.__file__).parent.parent)}
    return subprocess.run(
        [sys.executable, "-m", "mgalloys", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        preexec_fn=cap if limit_memory else None,
    )


def _refused_everywhere(root: Path, where: str, run: subprocess.CompletedProcess[str] | None = None) -> None:
    """mg.load raises a DataError at ``where`` ('values/lab.csv:3: column 8'); validate exits 1
    with the same place, and no traceback (``run``: validate already run on ``root``)."""
    with pytest.raises(mg.DataError) as info:
        mg.load(root)
    assert re.search(r"\.csv:\d+: column \d+", str(info.value)), str(info.value)
    assert where in str(info.value), str(info.value)
    run = run or _cli("validate", str(root))
    assert run.returncode == 1, (run.returncode, run.stdout, run.stderr)
    assert where in run.stderr and "does not load" in run.stdout
    assert "Traceback" not in run.stderr + run.stdout


# --- each defect of issue 22, through mg.load and mgalloys validate ---------------------------
ROW = "XA1-T6,density,1.8,g/cm**3,typical,RT,lab,"  # a value row up to its locator
UTS = "XA1-T6,tensile_strength,100,MPa,typical,"  # ... up to its test temperature
DEFECTS = [
    # an unclosed quote swallowed every following row into one cell, and loaded
    ("unclosed quote", f'{ROW}"sheet 1\n{GOOD}', VALUES, "lab.csv:2: column 8"),
    ("quote inside a cell", f'{ROW}12" bar', VALUES, "lab.csv:2: column 8"),
    ("text after a quote", f'{ROW}"a"b', VALUES, "lab.csv:2: column 8"),
    ("space before a quote", f'{ROW} "a, b"', VALUES, "lab.csv:2: column 8"),
    # the last of two 'value' columns won: 46 ksi read as 460
    ("duplicate column", "XA1-T6,uts,46,ksi,typical,RT,lab,s,460", VALUES + ",value", "lab.csv:1: column 9"),
    (
        "unknown column",
        "XA1-T6,el,12,%,typical,RT,lab,s",
        VALUES.replace("unit", "unti"),
        "lab.csv:1: column 4",
    ),
    ("nameless column", "XA1-T6,el,12,%,typical,RT,lab,s,", VALUES + ",", "lab.csv:1: column 9"),
    (
        "missing column",
        "XA1-T6,el,12,%,typical,lab,s",
        VALUES.replace(",test_temperature", ""),
        "lab.csv:1: column 8",
    ),
    # an empty unit read elongation 12 as 1200 %
    (
        "empty unit, percentage",
        "XA1-T6,elongation,12,,typical,RT,lab,s",
        VALUES,
        "lab.csv:2: column 4 (unit)",
    ),
    ("empty unit, dimension", "XA1-T6,density,1.8,,typical,RT,lab,s", VALUES, "lab.csv:2: column 4 (unit)"),
    # finite as written, infinite once converted: broke check, scorecard and show for the whole catalog
    ("overflow", "XA1-T6,tensile_strength,1e308,GPa,typical,RT,lab,s", VALUES, "lab.csv:2: column 3 (value)"),
    ("infinite", "XA1-T6,tensile_strength,inf,MPa,typical,RT,lab,s", VALUES, "lab.csv:2: column 3 (value)"),
    ("below 0 K", f"{UTS}-300 degC,lab,s", VALUES, "lab.csv:2: column 6 (test_temperature)"),
    # a temperature difference raised pint's own error and the CLI exited 3
    ("a difference", f"{UTS}250 delta_degC,lab,s", VALUES, "lab.csv:2: column 6 (test_temperature)"),
    ("control character", f"{ROW}s\x0c1", VALUES, "lab.csv:2: column 8"),
    ("lone carriage return", f"{ROW}s\r1", VALUES, "lab.csv:2: column 8"),
    ("bidi override", f"{ROW}s\u202e1", VALUES, "lab.csv:2: column 8"),
    ("too many fields", f"{ROW}s,extra", VALUES, "lab.csv:2: column 9"),
    ("too few fields", ROW[:-1], VALUES, "lab.csv:2: column 8 (locator)"),
]


@pytest.fixture(scope="module")
def defect_runs(
    tmp_path_factory: pytest.TempPathFactory, cli: Callable[..., list[subprocess.CompletedProcess[str]]]
) -> dict[str, tuple[Path, subprocess.CompletedProcess[str]]]:
    """Each defect's folder, and ``python -m mgalloys validate`` run on it."""
    folders = {name: _folder(tmp_path_factory.mktemp("defect"), v, h) for name, v, h, _ in DEFECTS}
    runs = cli([["validate", str(root)] for root in folders.values()])
    return {name: (root, run) for (name, root), run in zip(folders.items(), runs, strict=True)}


@pytest.mark.parametrize(("defect", "where"), [(d[0], d[3]) for d in DEFECTS], ids=[d[0] for d in DEFECTS])
def test_each_defect_is_refused_with_file_line_and_column(
    defect_runs: dict[str, tuple[Path, subprocess.CompletedProcess[str]]], defect: str, where: str
) -> None:
    root, run = defect_runs[defect]
    _refused_everywhere(root, where, run)


def test_a_long_quoted_cell_is_read_whole(tmp_path: Path) -> None:
    """A cell longer than the csv module's field limit (131,072 characters) is read, not an error."""
    note = "a, " + "x" * 300_000
    root = _folder(tmp_path, f'{ROW}s1,"{note}"', VALUES + ",note")
    assert mg.load(root).lookup("XA1").value("density").note == note


def test_two_byte_order_marks(tmp_path: Path) -> None:
    root = _folder(tmp_path, GOOD)
    path = root / "values" / "lab.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert mg.load(root).lookup("XA1").value("uts").value == 200.0  # one BOM: as Excel saves
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with pytest.raises(mg.DataError, match=r"lab.csv:1: column 1: the file starts with two byte-order marks"):
        mg.load(root)
    _refused_everywhere(root, "lab.csv:1: column 1")


def test_not_utf8_and_binary_name_the_line_and_column(tmp_path: Path) -> None:
    root = _folder(tmp_path, GOOD)
    path = root / "values" / "lab.csv"
    path.write_bytes(f"{VALUES}\n{GOOD}\n".encode() + b"XA1-T6,density,1\xff8,g/cm**3,typical,RT,lab,s\n")
    _refused_everywhere(root, "lab.csv:3: column 3")
    path.write_bytes(f"{VALUES}\n{GOOD}\n".encode() + b"XA1-T6,density,1.8\x00,g/cm**3\n")
    _refused_everywhere(root, "lab.csv:3: column 3")


# --- special files, links, size ----------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    root = _folder(tmp_path, GOOD)
    os.mkfifo(root / "values" / "pipe.csv")  # mg.load waited for a writer forever
    run = _cli("validate", str(root), timeout=60)
    assert run.returncode == 1 and "pipe.csv:1: column 1: not a regular file" in run.stderr
    with pytest.raises(mg.DataError, match="not a regular file"):
        mg.load(root)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_a_device_is_refused_not_read_forever(tmp_path: Path) -> None:
    root = _folder(tmp_path, GOOD)
    (root / "values" / "zero.csv").symlink_to("/dev/zero")  # read until memory ran out
    run = _cli("validate", str(root), timeout=60, limit_memory=True)
    assert run.returncode == 1 and "zero.csv:1: column 1" in run.stderr, run.stderr


def test_links_out_of_the_folder_are_refused_links_inside_followed(tmp_path: Path) -> None:
    root = _folder(tmp_path, GOOD)
    outside = tmp_path / "elsewhere.csv"
    outside.write_text(f"{VALUES}\nXA1-T6,density,1.8,g/cm**3,typical,RT,lab,s\n", encoding="utf-8")
    (root / "values" / "link.csv").symlink_to(outside)
    with pytest.raises(mg.DataError, match=r"link.csv:1: column 1: leads through a symbolic link to .*"):
        mg.load(root)
    (root / "values" / "link.csv").unlink()
    (root / "kept.csv").write_text(outside.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "values" / "link.csv").symlink_to(root / "kept.csv")
    assert mg.load(root).lookup("XA1").value("density").value == pytest.approx(1.8)
    (tmp_path / "shared_values").mkdir()
    (tmp_path / "shared_values" / "lab.csv").write_text(outside.read_text(encoding="utf-8"), encoding="utf-8")
    for path in (root / "values").iterdir():
        path.unlink()
    (root / "values").rmdir()
    (root / "values").symlink_to(tmp_path / "shared_values")  # a whole sub-folder leading out
    with pytest.raises(mg.DataError, match=r"values/lab.csv:1: column 1: leads through a symbolic link"):
        mg.load(root)


def test_a_folder_named_like_a_table_and_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mgalloys import strictcsv  # (imported here: the other tests run against any version)

    root = _folder(tmp_path, GOOD)
    (root / "values" / "more.csv").mkdir()
    with pytest.raises(mg.DataError, match=r"more.csv:1: column 1: not a regular file"):
        mg.load(root)
    (root / "values" / "more.csv").rmdir()
    monkeypatch.setattr(strictcsv, "MAX_FILE_BYTES", 80)  # the values file has 103 bytes
    with pytest.raises(mg.DataError, match=r"values/lab.csv:1: column 1: larger than 80 bytes"):
        mg.load(root, extend=False)


# --- nothing lost: lines, rows and loaded values add up ----------------------------------------
def test_validate_counts_rows_against_lines(tmp_path: Path) -> None:
    root = _folder(tmp_path, f"{GOOD}\n\nXA1-T6,density,1.8,g/cm**3,typical,RT,lab,s1")
    run = _cli("validate", str(root))
    assert run.returncode == 0, run.stderr
    assert "values/lab.csv: 2 row(s) read from 4 line(s) (1 header, 1 blank)" in run.stdout
    assert run.stdout.strip().endswith("ok")


def test_the_bundled_data_reads_whole() -> None:
    """Every bundled CSV file, whoever reads it (the loader, the docs, the tests): its lines are
    the header, its rows and its blank lines. (A search-log row with an unquoted comma was read
    by csv.DictReader with its last fields shifted.)"""
    from mgalloys.strictcsv import read_csv

    root = Path(str(data_root()))
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.csv"))
    assert len(files) > 100
    for name in files:  # the files themselves, not the index a first lookup reads
        table = list(read_csv(root / name, f"data/{name}").records())
        raw = (root / name).read_bytes()
        assert len(table) + 1 + raw.count(b"\n\n") == raw.count(b"\n") + (not raw.endswith(b"\n")), name
        assert all(len(row) == len(table[0][1]) for _, row in table), name


# --- property: what the reader returns is what csv wrote, or an error that says where ---------
HOSTILE = st.sampled_from(
    ["-->", "]]>", "<!--", "=1+1", "+cmd", "-2", "@SUM(A1)", "{x}", "}", "\\", '"', '""', ",", ", ",
     "\n", "\r", "\r\n", "\t", "\x0c", "\x00", "\u2028", "\u202e", "\ufeff", "*INCLUDE", "é", "µΩ·cm"]
)  # fmt: skip
TEXT = st.lists(st.one_of(HOSTILE, st.text(max_size=6)), max_size=5).map("".join)
# what the reader refuses: line breaks inside a cell, control and invisible characters, bytes
# that are not UTF-8 (a lone surrogate); everything else csv writes comes back as written
_BAD = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


@given(st.lists(st.lists(TEXT, min_size=3, max_size=3), max_size=6))
def test_read_csv_returns_what_csv_wrote_or_says_where(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]]
) -> None:
    from mgalloys.strictcsv import read_csv

    # csv writes a carriage return at the end of a row's last cell unquoted: the line then ends in
    # CR LF, a Windows line end, which any reader takes as one (the cell was never in the file)
    assume(not any(r[-1].endswith("\r") for r in rows))
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([["a", "b", "c"], *rows])
    path.write_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))
    bad = any(_BAD.search(c) for r in rows for c in r)
    try:
        table = read_csv(path, "t.csv")
    except mg.DataError as exc:
        assert bad and re.match(r"t\.csv:\d+: column \d+( \(.*?\))?: ", str(exc)), str(exc)
        return
    assert not bad  # never read silently
    assert table.rows == [[c.strip() for c in r] for r in rows]
    assert table.lines == 1 + len(table.rows) + table.blank


@given(locator=TEXT, note=TEXT, title=TEXT)
def test_hostile_text_through_the_loader(
    tmp_path_factory: pytest.TempPathFactory, locator: str, note: str, title: str
) -> None:
    """Free text with newlines, comment ends, formulas, braces and control characters: loaded
    exactly as written (cells are stripped) or refused with file, line and column."""
    root = tmp_path_factory.mktemp("hostile")
    for sub in ("records", "values", "sources"):
        (root / sub).mkdir()
    tables = {
        "sources": [["key", "title"], ["lab", title or "t"]],
        "records": [["record_id", "grade", "description"], ["XA1-T6", "XA1", note]],
        "values": [[*VALUES.split(","), "note"], [*GOOD.split(",")[:-1], locator, note]],
    }
    for sub, rows in tables.items():
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        (root / sub / "lab.csv").write_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))
    try:
        cat = mg.load(root)
    except mg.DataError as exc:
        assert re.search(r"lab\.csv:\d+: column \d+", str(exc)), str(exc)
        return
    v = cat.lookup("XA1-T6").value("uts")
    assert (v.locator, v.note, v.source.title) == (locator.strip(), note.strip(), (title or "t").strip())
    assert cat.lookup("XA1-T6").description == note.strip()
