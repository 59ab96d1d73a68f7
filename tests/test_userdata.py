"""User catalogs (mg.load, Catalog.from_folder), mg.from_frame, validate, and screen at table scale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import mgalloys as mg
from mgalloys.catalog import normalize_name
from mgalloys.cli import main

CHEN = "mg-thermal-conductivity-chen2025"
PARHAM = "mg-cast-alloys-parhamvs"
TC_COL, EC_COL, T_COL = "λ [W·m-1·K-1]", "σ [S·m-1]", "T [K]"


def _chen(shared: Path) -> pd.DataFrame:
    return pd.read_csv(shared / CHEN / "measurements.csv")


def _chen_folder(shared: Path, folder: Path) -> mg.Catalog:
    return mg.from_frame(
        _chen(shared),
        folder,
        grade="Formula [at.%]",
        temper="F",
        product_form="casting",
        temperature=(T_COL, "K"),
        columns={"tc": (TC_COL, "W/(m*K)"), "ec": (EC_COL, "S/m")},
        source={"key": "chen2025-sample", "kind": "paper", "title": "Chen et al. 2025 sample set"},
        notes=["Ref"],
    )


def _mini(tmp_path: Path, values: str = "XA1-T6,density,1.80,g/cm**3,typical,RT,lab,sheet 1") -> Path:
    root = tmp_path / "mine"
    for sub in ("records", "values", "sources"):
        (root / sub).mkdir(parents=True)
    (root / "sources" / "lab.csv").write_text("key,title\nlab,Our tests\n", encoding="utf-8")
    (root / "records" / "lab.csv").write_text(
        "record_id,grade,temper,product_form,families\nXA1-T6,XA1,T6,casting,\n", encoding="utf-8"
    )
    (root / "values" / "lab.csv").write_text(
        f"record_id,property,value,unit,kind,test_temperature,source,locator\n{values}\n", encoding="utf-8"
    )
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- user catalogs -----------------------------------------------------------------------------
def test_user_folder_extends_or_stands_alone(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    cat = mg.load(root)
    a = cat.lookup("XA1")
    assert a.density.magnitude == pytest.approx(1.80)
    assert a.value("density").source.kind is mg.SourceKind.user  # no kind given: user
    assert cat.lookup("AZ91D").record_id == "AZ91D-F"  # the bundled records are there too
    alone = mg.Catalog.from_folder(root, extend=False)
    assert alone.record_ids == ("XA1-T6",)
    with pytest.raises(mg.AlloyNotFoundError):
        mg.alloy("XA1")  # the bundled catalog is untouched


def test_catalog_keyword_reaches_every_function(tmp_path: Path) -> None:
    cat = mg.load(_mini(tmp_path, "XA1-T6,tensile_strength,400,MPa,typical,RT,lab,sheet 1"))
    assert mg.alloy("XA1", catalog=cat).grade == "XA1"
    assert mg.check("XA1", "uts > 350 MPa", catalog=cat).verdict is mg.Verdict.PASS
    assert "XA1-T6" in [a.record_id for a in mg.which_meet("uts > 350 MPa", catalog=cat)]
    assert "XA1-T6" in mg.scorecard(catalog=cat).records
    assert "XA1-T6" in set(mg.to_frame(catalog=cat)["record_id"])
    assert "XA1-T6" in set(mg.rank("uts", catalog=cat)["record_id"])
    assert "XA1-T6" in mg.compare(["XA1", "AZ91D"], ["uts"], catalog=cat).columns
    assert str(mg.frontier("uts > 350 MPa", catalog=cat)) != str(mg.frontier("uts > 350 MPa"))  # XA1 counts
    res = mg.screen(pd.DataFrame({"u": [500.0]}), "uts > XA1-T6", {"uts": ("u", "MPa")}, catalog=cat)
    assert res["verdict"].tolist() == ["pass"]
    with mg.using(cat):
        assert mg.alloy("XA1").record_id == "XA1-T6"


def test_clash_with_a_bundled_record_needs_shadow(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    (root / "records" / "lab.csv").write_text(
        "record_id,grade,temper,product_form,families\nAZ91D-F,AZ91D,F,die casting,\n", encoding="utf-8"
    )
    (root / "values" / "lab.csv").write_text(
        "record_id,property,value,unit,kind,test_temperature,source,locator\n"
        "AZ91D-F,density,1.5,g/cm**3,typical,RT,lab,sheet 1\n",
        encoding="utf-8",
    )
    with pytest.raises(mg.DataError, match=r"lab.csv:2: column 1 \(record_id\): record 'AZ91D-F'.*shadow"):
        mg.load(root)
    shadowed = mg.load(root, shadow=True).lookup("AZ91D")
    assert [v.value for v in shadowed.values("density")] == [1.5]  # the bundled values are gone
    assert mg.alloy("AZ91D").density.magnitude == pytest.approx(1.81)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("XA1-T6,density,nan,g/cm**3,typical,RT,lab,s", "finite number"),
        ("XA1-T6,density,inf,g/cm**3,typical,RT,lab,s", "finite number"),
        ("XA1-T6,density,-1.8,g/cm**3,typical,RT,lab,s", "negative"),
        ("XA1-T6,density,1.8,g/cm**3,typical,RT,nobody,s", "source 'nobody'"),
        ("XA1-T6,density,1.8,MPa,typical,RT,lab,s", "dimension"),
        ("XA1-T6,density,1.8,g/cm**3,typical,RT,lab,s\n" * 2 + "XA1-T6,el,2,%,typical,RT,lab,s", "repeats"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    root = _mini(tmp_path, line)
    with pytest.raises(mg.DataError, match=message) as info:
        mg.load(root)
    n = 3 if message == "repeats" else 2
    assert f"{root}/values/lab.csv:{n}:" in str(info.value)


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ("key,title,kind\nlab,Our tests,blog\n", "2: column 3 \\(kind\\): unknown source kind 'blog'"),
        ("key,title,year\nlab,Our tests,MMXX\n", "2: column 3 \\(year\\): year 'MMXX' is not a year"),
        ("key,kind,title\nlab,paper,\n", "2: column 3 \\(title\\): a source row needs a title"),
    ],
)
def test_bad_source_rows_name_file_and_line(tmp_path: Path, sources: str, message: str) -> None:
    root = _mini(tmp_path)
    (root / "sources" / "lab.csv").write_text(sources, encoding="utf-8")
    with pytest.raises(mg.DataError, match=f"sources/lab.csv:{message}"):
        mg.load(root)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    (root / "values" / "zz.csv").write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(mg.DataError, match=r"zz.csv:1: column 1: a binary file"):
        mg.load(root)
    (root / "values" / "zz.csv").write_bytes(b"record_id\n\xa0\xff\n")
    with pytest.raises(mg.DataError, match=r"zz.csv:2: column 1: not a UTF-8"):
        mg.load(root)


# --- literature tables in: both shared datasets -------------------------------------------------
def test_chen_round_trip_check_screen_export(shared_external: Path, tmp_path: Path) -> None:
    df = _chen(shared_external)
    cat = _chen_folder(shared_external, tmp_path / "chen")
    mine = [r for r, label in cat.origin.items() if label != "data"]
    assert len(mine) == df["Formula [at.%]"].nunique()
    back = {  # every measurement is a value of its record, at its temperature
        (v.conditions.test_temperature.to("K").magnitude, v.value)
        for rid in mine
        for v in cat.record(rid).values("thermal_conductivity")
    }
    assert back == {(float(t), float(x)) for t, x in zip(df[T_COL], df[TC_COL], strict=True)}
    ok = mg.check("Mg99.81Zn0.19", "tc > 125 W/(m*K)", catalog=cat)
    assert ok.verdict is mg.Verdict.PASS and ok.criteria[0].value.source.key == "chen2025-sample"
    frame = mg.to_frame(mine, catalog=cat)
    assert len(frame) == len(mine)
    res = mg.screen(df, "tc > 125 W/(m*K)", {"tc": (TC_COL, "W/(m*K)")}, temperature=(T_COL, "K"))
    assert res["verdict"].value_counts()["pass"] == 21  # 400 degC rows are not room temperature


def test_parhamvs_round_trip_with_composition(shared_external: Path, tmp_path: Path) -> None:
    df = pd.read_csv(shared_external / PARHAM / "Mg-GA-Added.csv")
    elements = ["Mg", "Ca", "Sr", "Zn", "Zr", "Nd", "Y", "Mn", "Al", "Si", "Cu", "Gd"]
    cat = mg.from_frame(
        df,
        tmp_path / "parham",
        composition=elements,
        temper="Heat Treatment",
        product_form="casting",
        columns={"ys": ("YS (MPa)", "MPa"), "uts": ("UTS (MPa)", "MPa"), "el": ("El%", "%")},
        source={"key": "parhamvs-mg-ml", "kind": "compilation", "title": "parhamvs/Mg-ML Mg-GA-Added"},
    )
    mine = [cat.record(r) for r, label in cat.origin.items() if label != "data"]
    assert len(mine) == len(df)  # no two rows share composition and temper
    first = cat.lookup("Mg-15Gd-F")
    assert first.value("uts").value == 175.0
    assert {c.element: c.nominal for c in first.composition}["Gd"] == 15.0
    n_values = sum(len(a.property_values) for a in mine)
    assert n_values == int(df[["YS (MPa)", "UTS (MPa)", "El%"]].notna().sum().sum())


def test_corrupted_value_names_file_and_line_and_validate(
    shared_external: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "chen"
    _chen_folder(shared_external, good)
    code, out, _ = run(capsys, "validate", str(good))
    assert code == 0 and out.strip().endswith("ok")
    bad = tmp_path / "bad"
    shutil.copytree(good, bad)
    values = bad / "values" / "chen2025-sample.csv"
    lines = values.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(lines[5].split(",")[2], "12..5", 1)
    values.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(mg.DataError, match=r"chen2025-sample.csv:6: column 3 \(value\): must be a plain"):
        mg.load(bad)
    code, out, err = run(capsys, "validate", str(bad))
    assert code != 0 and "chen2025-sample.csv:6" in err and "does not load" in out


def test_validate_reports_physics_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _mini(
        tmp_path,
        "XA1-T6,tensile_strength,145,MPa,typical,RT,lab,s\nXA1-T6,yield_strength,220,MPa,typical,RT,lab,s\n"
        "XA1-T6,tc,150,W/(m*K),typical,RT,lab,s\nXA1-T6,ec,5,MS/m,typical,RT,lab,s",
    )
    code, out, _ = run(capsys, "validate", str(root))
    assert code == 1 and "yield_strength 220 MPa is above tensile_strength 145 MPa" in out
    assert "Lorenz number of 1.02e-07" in out
    assert "2 problem(s)" in out


# --- the command line ---------------------------------------------------------------------------
def test_cli_screen_temperature_matches_python(
    shared_external: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = shared_external / CHEN / "measurements.csv"
    df = pd.read_csv(src)
    want = mg.screen(df, "tc > 125 W/(m*K)", {"tc": (TC_COL, "W/(m*K)")}, temperature=(T_COL, "K"))
    counts = want["verdict"].value_counts()
    args = ["screen", str(src), "--target", "tc > 125 W/(m*K)", "--temperature", f"{T_COL}:K"]
    args += ["--column", f"tc={TC_COL}:W/(m*K)"]
    code, out, err = run(capsys, *args)
    assert code == 0
    assert f"{counts['pass']} pass, {counts['fail']} fail, {counts['unknown']} unknown" in err
    got = pd.read_csv(pd.io.common.StringIO(out))
    assert got["verdict"].tolist() == want["verdict"].astype(str).tolist()
    pq_out = tmp_path / "out.parquet"
    assert run(capsys, *args, "-o", str(pq_out))[0] == 0
    assert pd.read_parquet(pq_out)["verdict"].tolist() == want["verdict"].astype(str).tolist()
    code, out, _ = run(capsys, *args, "--format", "json")
    assert code == 0 and len(pd.read_json(pd.io.common.StringIO(out))) == len(df)


def test_cli_data_folder_and_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _mini(tmp_path, "XA1-T6,tensile_strength,400,MPa,typical,RT,lab,sheet 1")
    code, out, _ = run(capsys, "--data", str(root), "check", "XA1", "--target", "uts > 350 MPa")
    assert code == 0 and "PASS" in out
    with pytest.raises(SystemExit):
        main(["screen", "x.csv", "--target", "uts > 1 MPa", "--format", "table"])
    capsys.readouterr()
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3,4,5\n", encoding="utf-8")
    code, _, err = run(capsys, "screen", str(bad), "--target", "uts > 1 MPa", "--column", "uts=a:MPa")
    assert code == 2 and "bad.csv:3: column 3: 3 fields where the header has 2" in err
    bad.write_text("a,b\n1,2,3\n", encoding="utf-8")  # pandas alone would shift this row
    code, _, err = run(capsys, "screen", str(bad), "--target", "uts > 1 MPa", "--column", "uts=a:MPa")
    assert code == 2 and "bad.csv:2: column 3:" in err


@pytest.mark.parametrize("module", ["catalog", "loader", "importing", "tablefiles", "validation"])
def test_rooms_of_a_readable_size(module: str) -> None:
    """Issue 17: the catalog split keeps functions under ~80 lines and classes under ~250."""
    import ast

    tree = ast.parse((Path(mg.__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            assert size <= (250 if isinstance(node, ast.ClassDef) else 80), (
                f"{module}.{node.name}: {size} lines"
            )


def test_every_format_is_honoured(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "convert", "35 ksi", "MPa", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "magnitude,unit" and out.splitlines()[1].endswith(",MPa")


def test_export_takes_the_catalog(tmp_path: Path) -> None:
    cat = mg.load(_mini(tmp_path))
    text = mg.export(["XA1"], to="csv", catalog=cat)
    assert "XA1-T6" in text and "lab" in text


# --- identity: case- and Unicode-insensitive everywhere (issue 22) ---------------------------------
LOOK_ALIKES = [
    "az91d-f",  # case
    "AZ91D\u2010F",  # hyphen
    "AZ91D\u2212F",  # minus sign
    "AZ91D\uff0dF",  # full-width hyphen-minus
    "\uff21\uff3a\uff19\uff11\uff24-F",  # full-width letters and digits
    "AZ91D\u00a0F",  # no-break space
    "AZ91D\u200b-F",  # zero-width space
    "AZ91D\u00ad-F",  # soft hyphen
]


def _records(root: Path, rows: str) -> None:
    (root / "records" / "lab.csv").write_text(
        f"record_id,grade,temper,product_form,families\n{rows}\n", encoding="utf-8"
    )


def _values(root: Path, rows: str) -> None:
    (root / "values" / "lab.csv").write_text(
        f"record_id,property,value,unit,kind,test_temperature,source,locator\n{rows}\n", encoding="utf-8"
    )


@pytest.mark.parametrize("rid", LOOK_ALIKES)
def test_a_record_spelled_like_a_bundled_one_needs_shadow(tmp_path: Path, rid: str) -> None:
    """A user record 'az91d-f' loaded without shadow=True, and lookup('AZ91D-F') then returned it
    (100 MPa instead of 240)."""
    root = _mini(tmp_path)
    _records(root, f"{rid},AZ91D,F,die casting,")
    _values(root, f"{rid},tensile_strength,100,MPa,typical,RT,lab,s")
    with pytest.raises(mg.DataError, match=r"records/lab.csv:2: column 1 \(record_id\): .*shadow=True"):
        mg.load(root)
    cat = mg.load(root, shadow=True)
    assert cat.lookup("AZ91D-F").value("uts").value == 100.0  # the user's record, knowingly
    assert [r for r in cat.record_ids if normalize_name(r) == "AZ91DF"] == [rid]  # one record, not two
    assert mg.alloy("AZ91D-F").value("uts").value != 100.0  # the bundled catalog is untouched


@pytest.mark.parametrize("rid", ["AZ91D-F", "az91d\u2010f"])
def test_user_values_for_a_bundled_record_need_shadow(tmp_path: Path, rid: str) -> None:
    """User values for a bundled record became its default without shadow=True (source kind
    'user' ranks first)."""
    root = _mini(tmp_path)
    _values(
        root, f"XA1-T6,density,1.8,g/cm**3,typical,RT,lab,s\n{rid},tensile_strength,100,MPa,typical,RT,lab,s"
    )
    with pytest.raises(
        mg.DataError, match=r"values/lab.csv:3: column 1 \(record_id\): .*bundled data.*shadow=True"
    ):
        mg.load(root)
    a = mg.load(root, shadow=True).lookup("AZ91D")
    assert a.value("uts").value == 100.0 and a.value("uts").source.kind is mg.SourceKind.user
    assert len(a.values("uts")) > 1  # joined the bundled values, first by the documented ranking


def test_a_users_own_records_match_look_alikes(tmp_path: Path) -> None:
    root = _mini(tmp_path, "\uff38\uff21\uff11\u2212t6,density,1.8,g/cm**3,typical,RT,LAB,s")
    cat = mg.load(root)
    assert cat.lookup("XA1-T6").value("density").source.key == "lab"
    for name in ("xa1 t6", "XA1\u2010T6", "ＸＡ１－Ｔ６"):
        assert cat.lookup(name).record_id == "XA1-T6"
    _records(root, "XA1-T6,XA1,T6,casting,\nxa1\u2011t6,XA1,T6,casting,")
    with pytest.raises(
        mg.DataError, match=r"records/lab.csv:3: column 1 \(record_id\): record .* defined twice"
    ):
        mg.load(root)


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_look_alikes_resolve_alike_at_every_entry_point(name: str) -> None:
    assert mg.alloy(name).record_id == "AZ91D-F"
    assert mg.check("AE44", f"uts > {name}").verdict is mg.check("AE44", "uts > AZ91D-F").verdict
    assert str(mg.parse_designation(name)) == "AZ91D-F"
    assert [a.record_id for a in mg.alloys(grade=name[:-2])] == ["AZ91D-F"]


def test_grade_rows_apply_to_their_own_layer_unless_shadowing(tmp_path: Path) -> None:
    """A user's composition row for a bundled grade reaches the user's record of that grade, never
    the bundled record (unless the folder shadows); with no record of it in the folder it is an
    error, not a row lost."""
    root = _mini(tmp_path)
    _records(root, "XA1-T6,XA1,T6,casting,\nAZ91D-T6,AZ91D,T6,casting,")
    _values(
        root, "XA1-T6,density,1.8,g/cm**3,typical,RT,lab,s\nAZ91D-T6,density,1.8,g/cm**3,typical,RT,lab,s"
    )
    (root / "compositions").mkdir()
    (root / "compositions" / "lab.csv").write_text(
        "grade,element,min,max,nominal,source,locator,note\nAZ91D,Zn,,,5,lab,s,\n", encoding="utf-8"
    )
    cat = mg.load(root)
    mine = [c.nominal for c in cat.lookup("AZ91D-T6").composition if c.source.key == "lab"]
    bundled = [c.source.key for c in cat.lookup("AZ91D-F").composition]
    assert mine == [5.0] and "lab" not in bundled
    assert "lab" in [c.source.key for c in mg.load(root, shadow=True).lookup("AZ91D-F").composition]
    _records(root, "XA1-T6,XA1,T6,casting,")
    _values(root, "XA1-T6,density,1.8,g/cm**3,typical,RT,lab,s")
    with pytest.raises(mg.DataError, match=r"compositions/lab.csv:2: column 1 \(grade\): .*shadow=True"):
        mg.load(root)


def test_from_frame_refuses_what_the_folder_could_not_hold(tmp_path: Path) -> None:
    """A line break in a cell would be written, then refused by the strict reader on reading the
    folder back: refused before writing, naming the row and column."""
    df = pd.DataFrame({"g": ["XA1", "XA2"], "u": [200.0, 300.0], "n": ["line 1\nline 2", "ok"]})
    with pytest.raises(mg.InputValueError, match=r"would hold a line break in 'note'"):
        mg.from_frame(
            df, tmp_path / "f", grade="g", temper="F", product_form="casting", columns={"uts": ("u", "MPa")},
            source={"key": "k", "title": "t"}, notes=["n"],
        )  # fmt: skip
    assert not (tmp_path / "f" / "values").exists()


def test_validate_finds_a_row_read_and_not_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count of rows read against values loaded can fail: a reader that dropped a row."""
    from mgalloys import loader, recordrows

    root = _mini(tmp_path, "XA1-T6,density,1.8,g/cm**3,typical,RT,lab,s\nXA1-T6,el,9,%,typical,RT,lab,s")
    assert run(capsys, "validate", str(root))[0] == 0
    spec = next(s for s in loader.TABLES if s.folder == "values")
    seen: list[str] = []

    def drops_the_second(state: recordrows.Loaded, where: str, row: dict[str, str]) -> None:
        seen.extend([where] if state.label != "data" else [])
        if len(seen) != 2 or state.label == "data":
            spec.reader(state, where, row)

    patched = [recordrows.TableSpec(s.folder, drops_the_second, s.required, s.optional) if s is spec else s
               for s in loader.TABLES]  # fmt: skip
    monkeypatch.setattr(loader, "TABLES", patched)
    code, out, _ = run(capsys, "validate", str(root))
    assert code == 1 and "values/: 2 row(s) read, 1 loaded; a row was lost" in out


@pytest.mark.parametrize("rid", ["EZ33A-T5", "ez33a-t5"])
def test_a_shadowed_record_leaves_the_bundled_curves_behind(tmp_path: Path, rid: str) -> None:
    """The user's record replaces the bundled one, curves included: a check at 250 degC does not
    use the bundled curve (nor fail for the id's other spelling)."""
    root = _mini(tmp_path)
    _records(root, f"{rid},EZ33A,T5,sand casting,")
    _values(root, f"{rid},tensile_strength,100,MPa,typical,RT,lab,s")
    cat = mg.load(root, shadow=True)
    assert mg.check("EZ33A-T5", "uts > 100 MPa at 250 degC", catalog=cat).verdict is mg.Verdict.UNKNOWN
    assert mg.check("EZ33A-T5", "uts > 100 MPa at 250 degC").verdict is mg.Verdict.PASS  # bundled: its curve


def test_a_folder_alone_checks_at_a_temperature(tmp_path: Path) -> None:
    cat = mg.load(_mini(tmp_path, "XA1-T6,tensile_strength,100,MPa,typical,RT,lab,s"), extend=False)
    assert mg.check("XA1-T6", "uts > 50 MPa at 250 degC", catalog=cat).verdict is mg.Verdict.UNKNOWN
