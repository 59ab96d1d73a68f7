"""Citations: every bundled source, and hostile text in every field, read back by a real BibTeX
parser (bibtexparser) and as CSL-JSON; the one-line citation shows where a work appeared."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import bibtexparser
import pytest
from bibtexparser.middlewares import SeparateCoAuthors
from hostile import EVERY_PIECE, hostile_source, hostile_text
from hypothesis import given
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys.citations import _people, bibtex_key

# What LaTeX prints for each command the writer may use: the reader's side, written out here.
LATEX = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
}
_LATEX = re.compile("|".join(re.escape(k) for k in LATEX))
_WHITE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # BibTeX reads these as white space
_FIELDS = ("title", "container_title", "publisher", "volume", "issue", "pages", "edition", "number")


def untex(text: str) -> str:
    return _LATEX.sub(lambda m: LATEX[m.group()], text)


def as_bibtex_reads(text: str) -> str:
    """What a BibTeX field can carry of ``text``: controls as spaces, no lone surrogates."""
    return re.sub("[\ud800-\udfff]", "\ufffd", _WHITE.sub(" ", text))


def unbrace(part: str) -> str:
    return part[1:-1] if part.startswith("{") and part.endswith("}") else part


def parse(bib: str) -> list[bibtexparser.model.Entry]:
    lib = bibtexparser.parse_string(bib, append_middleware=[SeparateCoAuthors()])
    assert lib.failed_blocks == [] and lib.comments == []
    return list(lib.entries)


def read_back(s: mg.Source) -> None:
    """The BibTeX entry of ``s``, parsed, carries every field of ``s`` unchanged."""
    (entry,) = parse(mg.format_citations([s], "bibtex"))
    assert entry.key == bibtex_key(s.key)
    got = {k: f.value for k, f in entry.fields_dict.items()}
    article = entry.entry_type == "article"
    container = s.container_title or (s.publisher if article else "")
    want = {
        "title": s.title,
        "journal" if article else "booktitle": container,
        "volume": s.volume,
        "number": s.issue if article else s.number,
        "eid" if article else "issue": s.number if article else s.issue,
        "pages": s.pages,
        "edition": s.edition,
        "isbn": s.isbn,
        "note": s.note,
        "date": s.date,
        "year": str(s.year) if s.year else s.date[:4],
    }
    publisher = "" if article and not s.container_title else s.publisher
    want[{"techreport": "institution", "manual": "organization"}.get(entry.entry_type, "publisher")] = (
        publisher
    )
    for field, value in want.items():
        assert untex(got.get(field, "")) == as_bibtex_reads(value), field
    for field, value in (("url", s.url), ("doi", s.doi)):  # the same address, percent-encoded
        assert unquote(got.get(field, "")) == unquote(re.sub("[\ud800-\udfff]", "\ufffd", value)), field
    people, others = _people(s.authors)
    names = got.get("author", [])
    if others:
        assert names[-1] == "others"
        names = names[:-1]
    assert len(names) == len(people)
    for name, (family, first) in zip(names, people, strict=True):
        parts = name.split(", ", 1) if first else [name]
        assert [untex(unbrace(p)) for p in parts] == [  # BibTeX: white space at the ends means nothing
            as_bibtex_reads(x).strip() for x in ((family, first) if first else (family,))
        ]


def test_every_bundled_source_reads_back_with_the_same_fields() -> None:
    sources = list(mg.get_catalog().sources.values())
    assert len(sources) > 100
    entries = parse(mg.format_citations(sources, "bibtex"))
    assert [e.key for e in entries] == [s.key for s in sources]  # bundled keys are plain keys
    for s in sources:
        read_back(s)


def test_entry_types_and_fields_follow_the_kind() -> None:
    paper = mg.Source(
        key="ma-2005",
        kind="paper",
        title="Development of IMR-41",
        authors="Ma, Y.; Chen, R.; Han, E.",
        container_title="Materials Science Forum",
        volume="488-489",
        pages="265-268",
        year=2005,
        doi="10.4028/www.scientific.net/MSF.488-489.265",
    )
    (e,) = parse(mg.format_citations([paper], "bibtex"))
    assert e.entry_type == "article"
    assert {k: e.fields_dict[k].value for k in ("journal", "volume", "pages")} == {
        "journal": "Materials Science Forum",
        "volume": "488-489",
        "pages": "265-268",
    }
    assert paper.citation == (
        "Ma, Y.; Chen, R.; Han, E. (2005). Development of IMR-41. Materials Science Forum 488-489, 265-268. "
        "https://doi.org/10.4028/www.scientific.net/MSF.488-489.265"
    )
    chapter = mg.Source(
        key="asm",
        kind="handbook",
        title="Magnesium alloys",
        container_title="ASM Handbook",
        publisher="ASM International",
        edition="10",
        volume="2",
        pages="480-516",
        year=1990,
    )
    standard = mg.Source(
        key="astm-b94",
        kind="standard",
        title="Standard Specification for Magnesium-Alloy Die Castings",
        publisher="ASTM International",
        number="B94-18",
        year=2018,
    )
    sheet = mg.Source(
        key="luxfer-we43",
        kind="producer_datasheet",
        title="Elektron 43",
        publisher="Luxfer MEL",
        number="DS 467",
        date="2019-07",
    )
    got = {e.key: e for e in parse(mg.format_citations([chapter, standard, sheet], "bibtex"))}
    assert got["asm"].entry_type == "inbook" and got["asm"].fields_dict["booktitle"].value == "ASM Handbook"
    assert (
        got["astm-b94"].entry_type == "techreport" and got["astm-b94"].fields_dict["number"].value == "B94-18"
    )
    assert got["astm-b94"].fields_dict["institution"].value == "ASTM International"
    assert (
        got["luxfer-we43"].entry_type == "manual"
        and got["luxfer-we43"].fields_dict["number"].value == "DS 467"
    )
    assert got["luxfer-we43"].fields_dict["year"].value == "2019"  # Source fills the year from the date
    assert chapter.citation == (
        "ASM International (1990). Magnesium alloys. In: ASM Handbook, vol. 2, 10th ed., pp. 480-516"
    )
    csl = {c["id"]: c for c in json.loads(mg.format_citations([paper, chapter, standard, sheet], "csl-json"))}
    assert (
        csl["ma-2005"]["container-title"] == "Materials Science Forum" and csl["ma-2005"]["page"] == "265-268"
    )
    assert csl["asm"]["type"] == "chapter" and csl["asm"]["edition"] == "10"
    assert csl["astm-b94"]["number"] == "B94-18" and csl["astm-b94"]["type"] == "standard"
    assert csl["luxfer-we43"]["issued"] == {"date-parts": [[2019, 7]]}


def test_older_rows_with_the_journal_in_publisher_still_give_a_journal() -> None:
    s = mg.Source(key="k", kind="paper", title="T", authors="Doe, J.", publisher="J. Mg 1", year=2020)
    (e,) = parse(mg.format_citations([s], "bibtex"))
    assert e.fields_dict["journal"].value == "J. Mg 1" and "publisher" not in e.fields_dict
    assert json.loads(mg.format_citations([s], "csl-json"))[0]["container-title"] == "J. Mg 1"


def test_citation_styles() -> None:
    a = mg.alloy("AZ91D")
    csl = json.loads(a.citations("csl-json"))
    assert [c["id"] for c in csl] == [s.key for s in a.sources()]
    assert a.citations("text").count("\n") == len(a.sources()) - 1
    with pytest.raises(mg.CitationStyleError, match="known: bibtex, csl-json, text"):
        a.citations("apa")
    paper = mg.Source(
        key="x-2020",
        kind="paper",
        title="Mg & Al: 50% lighter_alloys",
        authors="Li, J.; Peng, R.; et al.",
        publisher="J. Alloys",
        year=2020,
        doi="10.1/abc_d",
    )
    bib = mg.format_citations([paper, paper], "bibtex")
    assert bib.count("@article{x-2020,") == 1
    assert r"Mg \& Al: 50\% lighter\_alloys" in bib and "doi = {10.1/abc_d}" in bib
    assert "author = {Li, J. and Peng, R. and others}" in bib
    item = json.loads(mg.format_citations([paper], "csl-json"))[0]
    assert item["author"][0] == {"family": "Li", "given": "J."} and item["issued"] == {"date-parts": [[2020]]}


def test_braces_and_a_trailing_backslash_cannot_break_out() -> None:
    s = mg.Source(
        key="k}",
        kind="paper",
        title="T \\",
        authors="A}, B{",
        url="http://x/}\\",
        doi="10.1/}",
        note="} @misc{evil, title={pwn}",
    )
    bib = mg.format_citations([s, mg.Source(key="next", kind="book", title="Next")], "bibtex")
    entries = parse(bib)
    assert [e.key for e in entries] == [bibtex_key("k}"), "next"]  # no third entry, nothing swallowed
    read_back(s)


@given(st.lists(hostile_text, min_size=14, max_size=14), st.sampled_from([k.value for k in mg.SourceKind]))
def test_hostile_sources_read_back(texts: list[str], kind: str) -> None:
    s = hostile_source(texts).model_copy(update={"kind": mg.SourceKind(kind)})
    read_back(s)
    (item,) = json.loads(mg.format_citations([s], "csl-json"))
    assert (item["id"], item["title"]) == (s.key, s.title)
    assert len(mg.format_citations([s], "text").splitlines()) == 1


def test_every_hostile_piece_reads_back() -> None:
    read_back(hostile_source(EVERY_PIECE))


def test_distinct_keys_stay_distinct() -> None:
    keys = ["a b", "a,b", "a{b", "a}b", "a b ", "a\nb"]
    assert len({bibtex_key(k) for k in keys}) == len(keys)
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_:./+-]*", bibtex_key(k)) for k in keys)


def test_a_source_date_is_iso_8601() -> None:
    with pytest.raises(ValueError):
        mg.Source(key="k", kind="book", title="T", date="5 May 2020")
    assert mg.Source(key="k", kind="book", title="T", date="2020-05-02").citation == "(2020-05-02). T"
    assert mg.Source(key="k", kind="book", title="T", date="2020", isbn="978-0-87170-378-1").citation == (
        "(2020). T. ISBN 978-0-87170-378-1"
    )


# --- the bibliography columns of a data folder ------------------------------------------------------
HEADER = ",".join(mg.Source.model_fields)  # the header data/sources/*.csv have


def _folder(tmp_path: Path, source_row: str) -> Path:
    root = tmp_path / "mine"
    for sub in ("records", "values", "sources"):
        (root / sub).mkdir(parents=True)
    (root / "sources" / "lab.csv").write_text(f"{HEADER}\n{source_row}\n", encoding="utf-8")
    (root / "records" / "lab.csv").write_text(
        "record_id,grade,temper,product_form,families\nXA1-T6,XA1,T6,casting,\n", encoding="utf-8"
    )
    (root / "values" / "lab.csv").write_text(
        "record_id,property,value,unit,kind,test_temperature,source,locator\n"
        "XA1-T6,density,1.80,g/cm**3,typical,RT,ma-2005,Table 1\n",
        encoding="utf-8",
    )
    return root


def test_a_folder_s_sources_carry_every_bibliographic_column(tmp_path: Path) -> None:
    row = (
        'ma-2005,paper,Development of IMR-41,"Ma, Y.",Materials Science Forum,Trans Tech,,2005-01,'
        "488-489,,265-268,,,,10.4028/www.scientific.net/MSF.488-489.265,,,"
    )
    cat = mg.load(_folder(tmp_path, row))
    s = cat.lookup("XA1").value("density").source  # type: ignore[union-attr]
    assert (s.container_title, s.volume, s.pages, s.date, s.year) == (
        "Materials Science Forum",
        "488-489",
        "265-268",
        "2005-01",
        2005,  # from the date
    )
    (e,) = parse(mg.format_citations([s], "bibtex"))
    assert e.fields_dict["journal"].value == "Materials Science Forum"
    assert e.fields_dict["pages"].value == "265-268" and e.fields_dict["volume"].value == "488-489"


@pytest.mark.parametrize(
    ("year", "date", "message"),
    [
        ("", "5 May 2005", "is not an ISO 8601 date"),
        ("2004", "2005-01", "disagree"),
        ("", "2005-13", "ISO 8601"),
    ],
)
def test_a_bad_date_names_file_and_line(tmp_path: Path, year: str, date: str, message: str) -> None:
    row = f"ma-2005,paper,T,,,,{year},{date},,,,,,,,,,"
    with pytest.raises(mg.DataError, match=rf"lab\.csv:2\b.*{message}"):
        mg.load(_folder(tmp_path, row))
