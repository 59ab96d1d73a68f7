"""The bundled data's index (mgalloys/dataindex.jsonl): never stale, the same records as the CSV
files, and a first lookup that reads it instead of every CSV file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import mgalloys as mg
from mgalloys import _data, dataindex, indexedrows
from mgalloys._data import data_root, index_file
from mgalloys.catalog import Catalog
from mgalloys.recordrows import Layer
from mgalloys.strictcsv import read_csv

ROOT = Path(__file__).resolve().parent.parent

#: A fresh interpreter's first lookup, counting every file it opens (an audit hook sees every
#: open(), os.open() and importlib.resources read).
FIRST_LOOKUP = """
import json, sys
opened = []
sys.addaudithook(lambda event, args: event == "open" and isinstance(args[0], str) and opened.append(args[0]))
import mgalloys as mg
mg.alloy("AZ91D").density
print(json.dumps([p for p in opened if p.endswith((".csv", ".json", ".jsonl"))]))
"""


def test_the_index_is_the_csv_files_read_again() -> None:
    """Written again from the CSV files (read whole and strictly, every record built), the index
    is the committed one, byte for byte: rewrite it with `python -m mgalloys.dataindex`."""
    written = Path(str(index_file())).read_text(encoding="utf-8")
    assert dataindex.index_text() == written, (
        "the index is stale (the data, or the gates, family rules or unit conversions it holds, "
        "changed): run python -m mgalloys.dataindex"
    )


def test_the_check_command_says_stale_or_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert dataindex.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_a_first_lookup_opens_at_most_12_data_files() -> None:
    run = subprocess.run([sys.executable, "-c", FIRST_LOOKUP], capture_output=True, text=True, check=True)
    opened = json.loads(run.stdout)
    csv_files = [p for p in opened if p.endswith(".csv")]
    assert len(csv_files) <= 12, csv_files
    assert not [p for p in csv_files if "/values/" in p or "/records/" in p or "/sources/" in p]
    assert sum(p.endswith("dataindex.jsonl") for p in opened) == 1


#: What a first lookup has no use for: reading CSV folders and judging their records, the
#: families and targets, composition criteria, designations, user input (issue 26: about 20 ms of
#: every cold start). The catalog imports the loader only when it reads CSV files.
NOT_FOR_A_FIRST_LOOKUP = ("loader", "families", "targets", "composition", "plausibility",
                          "designations", "inputs", "checking", "tables")  # fmt: skip


def test_a_first_lookup_imports_only_what_it_needs() -> None:
    code = "import sys, mgalloys as mg; mg.alloy('AZ91D').density; print(' '.join(sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    imported = set(run.stdout.split())
    assert "mgalloys.indexedrows" in imported  # the measure can see the modules a lookup uses
    assert not {f"mgalloys.{m}" for m in NOT_FOR_A_FIRST_LOOKUP} & imported
    assert "pandas" not in imported


def test_the_index_and_the_csv_files_build_the_same_catalog() -> None:
    indexed = mg.get_catalog()
    assert type(indexed._rows).__name__ == "IndexedRows"  # the bundled catalog reads the index
    read = Catalog(layers=[Layer(data_root(), deferred=True)])
    assert indexed.record_ids == read.record_ids
    for rid in indexed.record_ids:
        a, b = indexed.record(rid), read.record(rid)
        assert a == b and repr(a) == repr(b), rid
        assert a.model_dump_json() == b.model_dump_json(), rid
        assert indexed.equivalents(rid) == read.equivalents(rid), rid
    assert list(indexed.sources.items()) == list(read.sources.items())
    assert indexed.unused_sources() == read.unused_sources()
    assert indexed.origin == read.origin and indexed.source_origin == read.source_origin
    assert indexed.loaded.files == read.loaded.files  # validate's counts: from the CSV files


def test_a_bundled_record_answers_the_same_in_a_users_catalog(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    for sub in ("records", "values", "sources"):
        (root / sub).mkdir(parents=True)
    (root / "sources" / "lab.csv").write_text("key,title,kind\nlab,Our tests,user\n", encoding="utf-8")
    (root / "records" / "lab.csv").write_text("record_id,grade\nXA1-T6,XA1\n", encoding="utf-8")
    mine = mg.load(root)
    with mg.using(mine):
        inside = mg.alloy("AZ91D")
    assert inside == mg.alloy("AZ91D") and repr(inside) == repr(mg.alloy("AZ91D"))
    assert inside is not mg.alloy("AZ91D")  # built from the CSV files, not taken from the index


def _copy_data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(Path(str(data_root())), copy)
    return copy


@pytest.fixture
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Patch where the index and the data are looked for; the index is read again after."""
    _data.bundled_index.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    _data.bundled_index.cache_clear()


def test_an_index_that_does_not_match_the_files_is_not_used(
    tmp_path: Path, fresh_index: pytest.MonkeyPatch
) -> None:
    copy = _copy_data(tmp_path)
    fresh_index.setattr(_data, "data_root", lambda: copy)

    def index() -> _data.BundledIndex | None:
        _data.bundled_index.cache_clear()
        return _data.bundled_index()

    assert index() is not None and indexedrows.bundled_rows() is not None  # the same files: read
    values = copy / "values" / "mg_al_zn.csv"
    text = values.read_text(encoding="utf-8")
    values.write_text(text + "\n", encoding="utf-8")
    assert index() is None and indexedrows.bundled_rows() is None  # a file grew: the CSV files are read
    values.write_text(text, encoding="utf-8")
    assert index() is not None
    (copy / "elements" / "more.csv").write_text("symbol\n", encoding="utf-8")
    assert index() is None  # a file more, even outside the loader's folders
    (copy / "elements" / "more.csv").unlink()
    (copy / "properties.csv").write_text("id\n", encoding="utf-8")
    assert index() is None
    assert _data.read_table("properties.csv") == []  # read from the file, not from the index


def test_an_index_of_another_layout_is_not_used(tmp_path: Path, fresh_index: pytest.MonkeyPatch) -> None:
    lines = Path(str(index_file())).read_bytes().split(b"\n")
    head = json.loads(lines[0])
    fake = tmp_path / "dataindex.jsonl"
    fake.write_bytes(b"\n".join([json.dumps({**head, "format": 0}).encode(), *lines[1:]]))
    fresh_index.setattr(_data, "index_file", lambda: fake)
    assert _data.bundled_index() is None and indexedrows.bundled_rows() is None
    _data.bundled_index.cache_clear()
    fresh_index.setattr(_data, "index_file", lambda: tmp_path / "none.jsonl")
    assert _data.bundled_index() is None


def test_every_indexed_table_is_the_file_read_strictly() -> None:
    """The tables outside the loader's folders (properties, elements, vocabulary...) come from
    the index as `read_csv` reads the files: header, rows, line numbers, lines, blank lines."""
    index = _data.bundled_index()
    assert index is not None
    root = Path(str(data_root()))
    labels = list(index.head["tables"])
    assert "data/properties.csv" in labels and "data/elements/elements.csv" in labels
    for label in labels:
        assert index.table(label) == read_csv(root / label.removeprefix("data/"), label), label


def test_the_index_refuses_a_folder_that_does_not_load(tmp_path: Path) -> None:
    """The index is written from a folder that loads whole: a bad row gives its error, file,
    line and column, and no index."""
    copy = _copy_data(tmp_path)
    values = copy / "values" / "mg_al_zn.csv"
    lines = values.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("Mg,density,1.74,,g/cm**3,")
    lines[1] = lines[1].replace("g/cm**3", "mm", 1)  # a density in millimetres
    values.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(mg.DataError, match=r"data/values/mg_al_zn.csv:2: column 5 \(unit\)"):
        dataindex.index_text(copy)


def test_threads_building_records_at_once_get_each_record_once() -> None:
    """The index's state grows as records are built: two threads never read a record's rows
    twice (a value would then appear twice)."""
    from concurrent.futures import ThreadPoolExecutor

    rows = indexedrows.bundled_rows()
    assert rows is not None
    cat = Catalog(layers=[Layer(data_root(), deferred=True)])
    specs = rows.specs()
    ids = list(specs)[:40] * 3
    with ThreadPoolExecutor(4) as pool:
        built = list(pool.map(lambda rid: rows.build(rid, specs[rid]), ids))
    assert all(b == cat.record(b.record_id) for b in built)
