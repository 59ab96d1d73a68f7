"""Tests on the bibliography (``data/sources/``, issue 25): every source cites the original work.

The source rows are read as CSV here, not through ``mgalloys``: these tests hold the columns
themselves (the loader may keep only some of them). Two small tables in ``data/checks/`` are
the one home of what they judge by: ``copy_hosts.csv`` (sites that host copies of other
people's documents: a source's url is never one of them) and ``citation_exceptions.csv`` (a
paper without a journal, year, or volume and pages, and why).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
HEADER = [
    "key", "kind", "title", "authors", "container_title", "publisher", "year", "date", "volume",
    "issue", "pages", "edition", "number", "url", "doi", "isbn", "note", "terms",
]  # fmt: skip
#: share of ``paper`` sources that carry a DOI (issue 25's goal)
DOI_SHARE_GOAL = 0.90
#: the share reached so far (24 of 66 papers, 2026-12-07): a floor, raised as DOIs are found
DOI_SHARE_FLOOR = 24 / 66
#: what a paper must name, and the fields an exception can excuse
PAPER_FIELDS = ("container_title", "year", "volume_or_pages")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
#: words in publisher or container_title that name where an abstract was read, not the journal
NOT_A_JOURNAL = re.compile(r"abstract page|publication database|aminer|acemap|researcher\.life", re.I)


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _source_files() -> list[Path]:
    return sorted((DATA / "sources").glob("*.csv"))


def _sources() -> dict[str, dict[str, str]]:
    """Each key once (the tests below hold that repeated rows are identical)."""
    out: dict[str, dict[str, str]] = {}
    for path in _source_files():
        for row in _rows(path):
            out.setdefault(row["key"], row)
    return out


def _papers() -> dict[str, dict[str, str]]:
    return {k: r for k, r in _sources().items() if r["kind"] == "paper"}


def copy_hosts() -> tuple[str, ...]:
    return tuple(row["domain"] for row in _rows(DATA / "checks" / "copy_hosts.csv"))


def copy_host(url: str, hosts: tuple[str, ...]) -> str | None:
    """The copy-hosting domain a url points at (its host, or any host inside it, as a proxy's
    address carries the site behind it), or None."""
    host = (urlsplit(url).hostname or "").lower()
    for domain in hosts:
        if host == domain or host.endswith("." + domain) or re.search(rf"[/.]{re.escape(domain)}(/|$)", url):
            return domain
    return None


def _exceptions() -> dict[tuple[str, str], str]:
    out = {}
    for row in _rows(DATA / "checks" / "citation_exceptions.csv"):
        assert row["field"] in PAPER_FIELDS, row
        assert row["reason"].strip(), f"citation exception {row['key']} needs a reason"
        out[(row["key"], row["field"])] = row["reason"]
    return out


# --- the columns -----------------------------------------------------------------------------
@pytest.mark.parametrize("path", _source_files(), ids=lambda p: p.name)
def test_every_source_file_has_the_full_header(path: Path) -> None:
    with open(path, newline="", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == HEADER


def test_a_key_in_several_files_is_identical_in_all() -> None:
    seen: dict[str, tuple[dict[str, str], str]] = {}
    for path in _source_files():
        for row in _rows(path):
            first = seen.setdefault(row["key"], (row, path.name))
            assert first[0] == row, f"{row['key']}: {path.name} differs from {first[1]}"


def test_fields_are_well_formed() -> None:
    for key, r in _sources().items():
        assert not r["doi"] or DOI.match(r["doi"]), f"{key}: doi {r['doi']!r} (no https://doi.org/ prefix)"
        assert not r["year"] or re.fullmatch(r"\d{4}", r["year"]), key
        if r["date"]:
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", r["date"]), f"{key}: date {r['date']!r}"
            assert not r["year"] or r["date"][:4] == r["year"], f"{key}: date and year disagree"
        assert not r["url"] or r["url"].startswith(("http://", "https://")), key


def test_a_source_without_url_says_where_it_was_read() -> None:
    """Where no original address is known the url is empty (never a copy's): the note then says
    where the work was read."""
    for key, r in _sources().items():
        if not r["url"]:
            assert re.search(r"\bread\b", r["note"]), f"{key}: no url; the note must say where it was read"


# --- no copies -------------------------------------------------------------------------------
def test_no_url_points_at_a_copy_hosting_site() -> None:
    hosts = copy_hosts()
    bad = {k: r["url"] for k, r in _sources().items() if copy_host(r["url"], hosts)}
    assert not bad, "cite the original (publisher's or maker's page, or none); the note names the copy read"


def test_the_copy_host_check_can_fail() -> None:
    hosts = copy_hosts()
    assert len(hosts) == len(set(hosts)) and all(h == h.lower() for h in hosts)
    assert copy_host("https://de.scribd.com/document/222831683/DS482", hosts) == "scribd.com"
    assert copy_host("https://tomorrow.paperai.life/https://www.scribd.com/document/1", hosts)
    assert copy_host("https://www.mdpi.com/2075-4701/11/6/898", hosts) is None
    assert copy_host("https://notscribd.com/x", hosts) is None


# --- papers ----------------------------------------------------------------------------------
def _missing(r: dict[str, str]) -> list[str]:
    have = {
        "container_title": r["container_title"],
        "year": r["year"],
        "volume_or_pages": r["volume"] or r["pages"],
    }
    return [f for f in PAPER_FIELDS if not have[f].strip()]


def test_every_paper_names_journal_year_volume_pages_or_says_why_not() -> None:
    excused = _exceptions()
    papers = _papers()
    unexplained = [(k, f) for k, r in papers.items() for f in _missing(r) if (k, f) not in excused]
    assert not unexplained, "add the field, or a row to data/checks/citation_exceptions.csv"
    stale = [kf for kf in excused if kf[0] not in papers or kf[1] not in _missing(papers[kf[0]])]
    assert not stale, f"citation_exceptions.csv rows no longer needed: {stale}"


def test_a_paper_names_its_journal_not_where_the_abstract_was_read() -> None:
    for key, r in _papers().items():
        for field in ("container_title", "publisher"):
            assert not NOT_A_JOURNAL.search(r[field]), f"{key}: {field} {r[field]!r}"


def doi_share(papers: dict[str, dict[str, str]]) -> float:
    return sum(1 for r in papers.values() if r["doi"]) / len(papers)


@pytest.mark.xfail(
    strict=True,
    reason="issue 25's goal is not reached: 24 of 66 papers carry a DOI read on a page naming them; "
    "data/searches/source_citations.csv says what was searched for the others. "
    "Remove this mark when it passes.",
)
def test_papers_carry_a_doi() -> None:
    papers = _papers()
    lacking = sorted(k for k, r in papers.items() if not r["doi"])
    share = doi_share(papers)
    assert share >= DOI_SHARE_GOAL, f"{share:.0%} of papers have a DOI; lacking: {lacking}"


def test_papers_with_a_doi_do_not_fall() -> None:
    """Until the goal is met, the share may only rise (a DOI is never dropped to make room)."""
    assert doi_share(_papers()) >= DOI_SHARE_FLOOR


def test_doi_count_is_per_work() -> None:
    by_doi: dict[str, set[str]] = defaultdict(set)
    for key, r in _papers().items():
        if r["doi"]:
            by_doi[r["doi"].lower()].add(key)
    assert all(len(keys) == 1 for keys in by_doi.values()), {d: k for d, k in by_doi.items() if len(k) > 1}
