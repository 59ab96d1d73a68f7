"""Designations (parse and format), the letter and temper tables, alias lookup and coverage."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import mgalloys as mg
from mgalloys.catalog import Catalog, alias_coverage, normalize_name
from mgalloys.designations import (
    Designation,
    DesignationError,
    designation_rules,
    format_designation,
    letter_codes,
    parse_designation,
    temper,
    tempers,
)

DATA = Path(__file__).resolve().parent.parent / "data"
LETTERS = sorted({c.letter for c in letter_codes()})
TEMPER_CODES = [t.code for t in tempers()]


# --- the issue's example ---------------------------------------------------------------------
def test_issue_example() -> None:
    d = parse_designation("AZ91D-T6")
    assert (d.letters, d.variant, str(d), d.alloy) == ("AZ", "D", "AZ91D-T6", "AZ91D")
    assert list(d.elements) == ["Al", "Zn"]
    al, zn = d.elements["Al"], d.elements["Zn"]
    assert (al.wt_percent, zn.wt_percent) == (9, 1)
    assert al.quantity.to("dimensionless").magnitude == pytest.approx(0.09)
    assert (al.code.letter, al.code.name, al.code.system) == ("A", "aluminum", "ASTM")
    assert al.code.source.key == "astm-b951-11" and al.code.source.url
    assert d.temper is not None
    assert d.temper.code == "T6" and d.temper.meaning == "solution heat treated and artificially aged"
    assert d.temper.source.title and d.temper.subdivision_of is None
    assert format_designation(d) == "AZ91D-T6"
    assert d.describe() == (
        "AZ91D-T6: Al ~9 wt.%, Zn ~1 wt.%; variant D; T6: solution heat treated and artificially aged"
    )


@pytest.mark.parametrize(
    ("text", "formatted", "contents", "variant", "temper_code"),
    [
        ("AZ91D", "AZ91D", {"Al": 9, "Zn": 1}, "D", None),
        (" az91d t6 ", "AZ91D-T6", {"Al": 9, "Zn": 1}, "D", "T6"),
        ("AZ91_D-F", "AZ91D-F", {"Al": 9, "Zn": 1}, "D", "F"),
        ("AZ91DT6", "AZ91D-T6", {"Al": 9, "Zn": 1}, "D", "T6"),
        ("AZ91 D", "AZ91D", {"Al": 9, "Zn": 1}, "D", None),
        ("AZ91-F", "AZ91-F", {"Al": 9, "Zn": 1}, None, "F"),  # after a dash, F is the temper
        ("AZ91F", "AZ91F", {"Al": 9, "Zn": 1}, "F", None),  # without one, the variant
        ("AZ91T6", "AZ91-T6", {"Al": 9, "Zn": 1}, None, "T6"),
        ("K1A", "K1A", {"Zr": 1}, "A", None),
        ("M1A-F", "M1A-F", {"Mn": 1}, "A", "F"),
        ("ZK60A-T5", "ZK60A-T5", {"Zn": 6, "Zr": 0}, "A", "T5"),
        ("AZ31B-H24", "AZ31B-H24", {"Al": 3, "Zn": 1}, "B", "H24"),
        ("WE43", "WE43", {"Y": 4, "RE": 3}, None, None),
        ("EV31A-T6", "EV31A-T6", {"RE": 3, "Gd": 1}, "A", "T6"),
        ("LA141", "LA141", {"Li": 14, "Al": 1}, None, None),
        ("AM100A-T61", "AM100A-T61", {"Al": 10, "Mn": 0}, "A", "T61"),
        ("LAZ1151-F", "LAZ1151-F", {"Li": 11, "Al": 5, "Zn": 1}, None, "F"),
        ("ZK61M", "ZK61M", {"Zn": 6, "Zr": 1}, "M", None),
        ("VW64M", "VW64M", {"Gd": 6, "Y": 4}, "M", None),
    ],
)
def test_parse_examples(
    text: str, formatted: str, contents: dict[str, int], variant: str | None, temper_code: str | None
) -> None:
    d = parse_designation(text)
    assert str(d) == formatted
    assert {el: c.wt_percent for el, c in d.elements.items()} == contents
    assert d.variant == variant
    assert (d.temper.code if d.temper else None) == temper_code


# --- round trips --------------------------------------------------------------------------
@st.composite
def designations(draw: st.DrawFn) -> tuple[str, str]:
    """A canonical designation string and a messy spelling of it."""
    letters = draw(st.lists(st.sampled_from(LETTERS), min_size=1, max_size=3, unique=True))
    n = len(letters)
    two = draw(st.integers(0, n))
    contents = [draw(st.integers(10, 99)) for _ in range(two)] + [
        draw(st.integers(0, 9)) for _ in range(n - two)
    ]
    variant = draw(st.none() | st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    temper_code = draw(st.none() | st.sampled_from(TEMPER_CODES))
    if temper_code is not None and draw(st.booleans()):
        temper_code += str(draw(st.integers(0, 9)))  # a subdivision such as T61
    head = "".join(letters)
    digits = "".join(map(str, contents))
    canonical = f"{head}{digits}{variant or ''}" + (f"-{temper_code}" if temper_code else "")
    sep = draw(st.sampled_from([" ", "_", "-", " - ", "\u2013"]))
    messy = f"{head}{draw(st.sampled_from(['', ' ']))}{digits}{variant or ''}"
    if temper_code:
        messy += sep + temper_code
    messy = draw(st.sampled_from([str.lower, str.upper, str.title]))(messy)
    return canonical, f"  {messy} "


@given(designations())
def test_round_trip(pair: tuple[str, str]) -> None:
    canonical, messy = pair
    d = parse_designation(canonical)
    assert format_designation(d) == canonical
    assert str(parse_designation(messy)) == canonical
    assert parse_designation(str(d)) == d
    assert Designation.model_validate(d.model_dump()) == d
    digits_back = "".join(str(c.wt_percent) for c in d.contents)
    assert canonical.startswith(d.letters + digits_back)


@given(st.text(max_size=20))
def test_any_text_parses_or_raises_a_designation_error(text: str) -> None:
    try:
        d = parse_designation(text)
    except DesignationError as exc:
        assert isinstance(exc, mg.MgAlloysError) and isinstance(exc, ValueError)
        assert str(exc).startswith(repr(text)) and exc.part in {
            "name",
            "letters",
            "digits",
            "variant",
            "temper",
        }
    else:
        assert parse_designation(str(d)) == d


# --- invalid strings: the error names the part -----------------------------------------------
@pytest.mark.parametrize(
    ("text", "part", "fragment"),
    [
        ("XZ91", "letters", "unknown alloying-element letter 'X' (known letters: A (Al), "),
        ("ZZ11", "letters", "repeat a letter"),
        ("AZ", "digits", "digits missing"),
        ("AZ9", "digits", "take 2 to 4 digits, one or two per letter; got 1 ('9')"),
        ("AZ91234", "digits", "got 5"),
        ("AZ091", "digits", "leading zero"),
        ("AZ91D-T99", "temper", "unknown temper 'T99' (known tempers: F, O, "),
        ("AZ91D-W", "temper", "unknown temper 'W'"),
        ("AZ91D-TX", "temper", "a temper is a letter and optional digits"),
        ("AZ91DE-T6", "variant", "the variant is one letter"),
        ("Mg-10Gd-3Y-0.5Zr", "name", "not an ASTM-style designation"),
        ("Elektron 21", "name", "'ELEKTRON' is a word"),
        ("Mg96Zn2Y2", "name", "starts with Mg"),
        ("1100", "name", "does not start with element letters"),
        ("AZ91/SiCp", "name", "'/'"),
        ("EN-MC21120", "name", "is followed by 'MC21120'"),
        ("AZ91D-T6-X", "name", "too many parts"),
        ("", "name", "empty"),
    ],
)
def test_invalid(text: str, part: str, fragment: str) -> None:
    with pytest.raises(DesignationError) as info:
        parse_designation(text)
    assert info.value.part == part
    assert fragment in str(info.value)
    assert isinstance(info.value, mg.MgAlloysError) and isinstance(info.value, ValueError)


def test_error_lists_what_is_accepted() -> None:
    with pytest.raises(DesignationError) as info:
        parse_designation("XZ91")
    assert set(info.value.known) == {
        f"{c.letter} ({c.element})" for c in letter_codes() if c.system == "ASTM"
    }
    with pytest.raises(DesignationError) as info:
        parse_designation("AZ91D-T1")
    assert set(info.value.known) == set(TEMPER_CODES)
    assert all(code in str(info.value) for code in TEMPER_CODES)


def test_non_string() -> None:
    with pytest.raises(DesignationError, match="as a string"):
        parse_designation(91)  # type: ignore[arg-type]


def test_inconsistent_model_is_refused() -> None:
    d = parse_designation("LA141")
    with pytest.raises(ValidationError, match="two-digit content must come before"):
        li, al = d.contents
        Designation(
            letters="LA",
            contents=(li.model_copy(update={"wt_percent": 1}), al.model_copy(update={"wt_percent": 14})),
        )
    with pytest.raises(ValidationError, match="one to one"):
        Designation(letters="AL", contents=d.contents)


# --- the tables --------------------------------------------------------------------------
def test_letter_table_rows_have_sources() -> None:
    rows = letter_codes()
    assert len({r.letter for r in rows}) >= 19
    for r in rows:
        assert r.source.title and (r.source.url or r.source.doi), r
    gb = {r.letter: r.element for r in rows if r.system == "GB/T 5153"}
    assert gb == {"J": "Sr", "V": "Gd"}
    # the parser uses the ASTM row when GB/T 5153 repeats a letter
    assert parse_designation("VW64M").elements["Gd"].code.system == "ASTM"


def test_temper_table() -> None:
    assert {"F", "O", "H24", "T4", "T5", "T6", "T8", "T2"} <= set(TEMPER_CODES)
    for t in tempers():
        assert t.meaning and t.source.title and (t.source.url or t.source.doi), t
    assert temper(" t5 ").meaning == "artificially aged"
    sub = temper("T61")
    assert (sub.subdivision_of, sub.meaning, sub.source) == ("T6", temper("T6").meaning, temper("T6").source)
    assert "subdivision of T6" in str(sub)
    assert temper("H12").subdivision_of == "H"
    with pytest.raises(DesignationError, match="unknown temper 'T1'"):
        temper("T1")


def test_rules_cite_sources() -> None:
    rules = designation_rules()
    assert {r.part for r in rules} == {"letters", "digits", "variant", "temper"}
    assert all(r.source.title and r.source.url for r in rules)


def test_every_bundled_temper_is_in_the_table() -> None:
    for rec in mg.alloys():
        if rec.temper is not None:
            assert temper(rec.temper).subdivision_of is None, rec.record_id


def test_bundled_designations_parse_back() -> None:
    parsed = 0
    for rec in mg.alloys():
        try:
            d = parse_designation(rec.grade if rec.temper is None else f"{rec.grade}-{rec.temper}")
        except DesignationError:
            continue
        parsed += 1
        assert d.alloy == normalize_name(rec.grade), rec.record_id
        assert (d.temper.code if d.temper else None) == rec.temper
    assert parsed >= 40


# --- alias lookup ---------------------------------------------------------------------------
def _alias_rows() -> list[dict[str, str]]:
    rows = []
    for path in sorted((DATA / "aliases").glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            rows += list(csv.DictReader(fh))
    return rows


ALIAS_ROWS = _alias_rows()


def _grades_named(alias: str) -> set[str]:
    return {r["grade"] for r in ALIAS_ROWS if normalize_name(r["alias"]) == normalize_name(alias)}


@pytest.mark.parametrize("row", ALIAS_ROWS, ids=lambda r: f"{r['grade']}:{r['alias']}")
def test_every_alias_resolves_to_its_grade(row: dict[str, str]) -> None:
    names = [row["alias"]]
    if row["scheme"] == "UNS":
        names.append(f"UNS {row['alias']}")
    grades = _grades_named(row["alias"])
    for name in names:
        if len(grades) == 1:
            assert mg.alloy(name).grade == row["grade"], name
        else:
            with pytest.raises(mg.AmbiguousAlloyError) as info:
                mg.alloy(name)
            assert set(info.value.candidates) == grades
            assert "the alias names several grades" in str(info.value)


def test_aliases_carry_their_sources() -> None:
    aliases = mg.alloy("AZ91D").aliases
    assert {a.alias for a in aliases} >= {"M11916", "3.5912"}
    assert all(a.source.title and (a.source.url or a.source.doi) for a in aliases)


def test_sources_that_disagree_are_both_kept() -> None:
    uns = {a.alias: a for a in mg.alloy("AM50A").aliases if a.scheme == "UNS"}
    assert set(uns) == {"M10500", "M10501"}
    assert uns["M10500"].source.key != uns["M10501"].source.key
    assert "M10500" in uns["M10501"].note
    assert mg.alloy("M10500") is mg.alloy("M10501") is mg.alloy("AM50A")


@pytest.mark.parametrize(
    "name", ["EN-MC21120", "EN MC21120", "ENMC21120", "en-mc 21120", "MC21120", "EN\u2013MC21120"]
)
def test_en_number_spellings(name: str) -> None:
    assert mg.alloy(name).grade == "AZ91E"


@pytest.mark.parametrize("name", ["M11916", "UNS M11916", "uns-m11916", "M11916-F", "UNS M11916 F"])
def test_uns_spellings(name: str) -> None:
    assert mg.alloy(name).record_id == "AZ91D-F"


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Elektron 12", "Elektron 21"),
        ("Electron 21", "Elektron 21"),
        ("EN-MC21121", "EN-MC21120"),
        ("M11961", "M11916"),
        ("WD21106", "WD21160"),
        ("RZ 6", "RZ5"),
    ],
)
def test_near_misses_get_suggestions(name: str, suggestion: str) -> None:
    with pytest.raises(mg.AlloyNotFoundError) as info:
        mg.alloy(name)
    assert suggestion in info.value.suggestions
    assert f"'{suggestion}'" in str(info.value)


def test_unknown_temper_lists_the_grades_tempers() -> None:
    with pytest.raises(mg.TemperNotFoundError) as info:
        mg.alloy("AZ91D-T8")
    assert "AZ91D has: F (AZ91D-F)" in str(info.value)
    assert info.value.tempers == {"F": ("AZ91D-F",)}
    with pytest.raises(mg.TemperNotFoundError) as info:
        mg.alloy("ZK60A-T6")
    assert info.value.tempers == {"F": ("ZK60A-F",), "T5": ("ZK60A-T5", "ZK60A-T5-forging")}
    assert "T5 (ZK60A-T5, ZK60A-T5-forging)" in str(info.value)
    with pytest.raises(mg.TemperNotFoundError, match=r"ZM21 has: .*no temper given \(ZM21-"):
        mg.alloy("ZM21-T6")
    with pytest.raises(mg.TemperNotFoundError, match="AZ91D has: F"):
        mg.alloy("UNS M11916-T6")  # through an alias too


def test_an_alias_of_several_grades_is_ambiguous(tmp_path: Path) -> None:
    root = _two_grades(tmp_path, aliases=[("XA1", "Shared 7", "trade_name"), ("XB2", "shared-7", "common")])
    cat = Catalog(root)
    for name in ("Shared 7", "SHARED7", "shared 7 t5"):
        with pytest.raises(mg.AmbiguousAlloyError) as info:
            cat.lookup(name)
        assert set(info.value.candidates) == {"XA1", "XB2"}
        assert "the alias names several grades" in str(info.value)
        assert isinstance(info.value, LookupError)
    assert cat.lookup("XA1").grade == "XA1"


def test_alias_prefix_forms_in_a_small_catalog(tmp_path: Path) -> None:
    root = _two_grades(
        tmp_path,
        aliases=[("XA1", "M99990", "UNS"), ("XB2", "EN-MB99990", "EN_number"), ("XB2", "ENX1", "common")],
    )
    cat = Catalog(root)
    assert cat.lookup("UNS M99990").grade == "XA1"
    assert cat.lookup("MB99990").grade == cat.lookup("EN MB 99990").grade == "XB2"
    with pytest.raises(mg.AlloyNotFoundError):
        cat.lookup("X1")  # only EN numbers (EN-M...) may drop their prefix


def _two_grades(tmp_path: Path, aliases: list[tuple[str, str, str]]) -> Path:
    root = tmp_path / "data"
    for sub in ("records", "values", "sources", "compositions", "aliases"):
        (root / sub).mkdir(parents=True)
    (root / "properties.csv").write_text(
        (DATA / "properties.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (root / "records" / "a.csv").write_text(
        "record_id,grade,temper,product_form,grade_default,families,family_basis,description\n"
        "XA1-T5,XA1,T5,extrusion,,mg-al-zn-zk,test,test\nXB2-T5,XB2,T5,extrusion,,mg-al-zn-zk,test,test\n",
        encoding="utf-8",
    )
    (root / "values" / "a.csv").write_text(
        "record_id,property,value,value_max,unit,kind,test_temperature,strain_rate,conditions,source,locator,note\n",
        encoding="utf-8",
    )
    (root / "sources" / "a.csv").write_text(
        "key,kind,title,authors,publisher,year,url,doi,note\ns,compilation,T,,P,,https://example.org,,\n",
        encoding="utf-8",
    )
    (root / "compositions" / "a.csv").write_text(
        "grade,element,min,max,nominal,source,locator,note\n", encoding="utf-8"
    )
    (root / "aliases" / "a.csv").write_text(
        "grade,alias,scheme,source,locator,note\n" + "".join(f"{g},{a},{s},s,,\n" for g, a, s in aliases),
        encoding="utf-8",
    )
    return root


# --- coverage ----------------------------------------------------------------------------
def test_alias_coverage() -> None:
    rows = alias_coverage()
    assert [r.record_id for r in rows] == list(mg.get_catalog().record_ids)
    by_id = {r.record_id: r for r in rows}
    az91d = by_id["AZ91D-F"]
    assert az91d.uns == ("M11916",) and az91d.cross_references >= 1
    assert set(az91d.uns_sources) == {"azom-az91d-f", "makeitfrom-az91d"}
    assert by_id["AM50A-F"].uns == ("M10500", "M10501") and "2 UNS numbers" in by_id["AM50A-F"].note
    assert by_id["AZ61A-F"].schemes == ("EN_name", "ISO", "former_name")
    for r in rows:
        rec = mg.alloy(r.record_id)
        assert set(r.uns) == {a.alias for a in rec.aliases if a.scheme == "UNS"}
        assert r.cross_references == len({a.alias for a in rec.aliases if a.scheme != "UNS"})
        assert bool(r.note) == (len(r.uns) > 1)
    json.dumps([r.model_dump() for r in rows])  # plain data for the docs


def test_uns_coverage_of_astm_magnesium_grades() -> None:
    """Every bundled grade written as an ASTM designation with its variant letter (AZ91D, not AZ91
    or AE42, which have no registered variant in the data) has a UNS number with a source.
    Chinese GB/T grades (ME20M) share the form but have no UNS number: their records say GB."""
    without = set()
    for r in alias_coverage():
        if re.search(r"\bGB\b", mg.alloy(r.record_id).description):
            continue
        try:
            d = parse_designation(r.grade)
        except DesignationError:
            continue
        if d.variant and not r.uns:
            without.add(r.grade)
    assert not without, sorted(without)
