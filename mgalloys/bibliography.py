"""The bibliography: every source a value, composition, alias or table cites, and its kind.

A source is a row of ``data/sources/*.csv`` (or of a user's ``sources/`` folder): key, kind,
title, authors and the bibliographic fields a citation needs (see data/README.md). This module is
the sources' home below the catalog: the catalog's layers read their rows with
`source_from_row`, and the tables that cite the bundled bibliography on their own (designation
letters and tempers, element groups) take them from `bundled_sources`. Citation styles are in
`mgalloys.citations`.

Examples:
    >>> from mgalloys.bibliography import bundled_sources
    >>> bundled_sources()["asm-alloying-2001-magnesium"].kind.value
    'handbook'
"""

from __future__ import annotations

import re
from enum import Enum
from functools import cache
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ._data import Row, read_tables
from .errors import DataError
from .strictcsv import cell_error

__all__ = ["ISO_DATE", "SOURCE_COLUMNS", "Source", "SourceKind", "bundled_sources", "source_from_row"]


class SourceKind(str, Enum):
    """What kind of publication a source is (judged from who publishes it, not from its heading)."""

    standard = "standard"
    handbook = "handbook"
    producer_datasheet = "producer_datasheet"  #: a maker's own datasheet for its own material
    paper = "paper"
    book = "book"
    thesis = "thesis"
    report = "report"
    patent = "patent"  #: a published patent or patent application, cited by its number
    stockist = "stockist"  #: a distributor or stockist reselling material
    fabricator = "fabricator"  #: a die caster, foundry, machine shop or parts maker
    compilation = "compilation"  #: a web compilation (AZoM, MakeItFrom, MatWeb-like)
    user = "user"  #: values the user supplied


#: An ISO 8601 date of publication as sources give it: year, year-month or year-month-day (or empty).
ISO_DATE = r"^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$"


class Source(BaseModel):
    """A bibliography entry; the optional text fields follow CSL-JSON (what Zotero and pandoc read).

    Examples:
        >>> s = Source(key="ma-2005", kind="paper", title="Development of IMR-41", authors="Ma, Y.",
        ...     container_title="Materials Science Forum", volume="488-489", pages="265-268", year=2005)
        >>> s.citation
        'Ma, Y. (2005). Development of IMR-41. Materials Science Forum 488-489, 265-268'
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    key: str
    kind: SourceKind
    title: str
    authors: str = ""
    container_title: str = Field(
        "", description="the journal, the proceedings, or the book a chapter is in"
    )
    publisher: str = ""
    year: int | None = None
    date: str = Field(
        "",
        description="ISO 8601 date of publication, more precise than year: 2021, 2021-03 or 2021-03-15",
        pattern=ISO_DATE,
    )
    volume: str = ""
    issue: str = ""
    pages: str = Field("", description="a page or a page range, e.g. '265-268'")
    edition: str = ""
    number: str = Field("", description="a standard's, report's or datasheet's number")
    url: str = ""
    doi: str = ""
    isbn: str = ""
    note: str = ""
    terms: str = Field("", description="terms of use as far as known, e.g. 'CC BY 4.0'")

    @property
    def citation(self) -> str:
        """One-line citation: authors or publisher, date (the year, or the full date when known),
        title, where it appeared (journal, volume, issue and pages; the book a chapter is in;
        edition), publisher, number, ISBN, where to find it."""
        who = self.authors or self.publisher
        when = self.date if len(self.date) > 4 else (self.year or self.date)
        text = " ".join(p for p in (who, f"({when})" if when else "(n.d.)") if p)
        text += f". {self.title}" if self.title else ""
        isbn = f"ISBN {self.isbn}" if self.isbn else ""
        for piece in (self._appeared_in(), self.publisher if self.authors else "", self.number, isbn):
            if piece:
                text += f". {piece}"
        where = f"https://doi.org/{self.doi}" if self.doi else self.url
        return f"{text}. {where}".rstrip(". ") if where else text

    def _appeared_in(self) -> str:
        """``Journal 12(3), 265-270``; ``In: Book, 2nd ed., pp. 4-9``; empty when nothing is known."""
        issue = f"({self.issue})" if self.issue else ""
        volume = f"{self.volume}{issue}" if self.volume else issue
        if self.container_title and self.kind in (SourceKind.paper,):
            head = " ".join(p for p in (self.container_title, volume) if p)
            return ", ".join(p for p in (head, self.pages) if p)
        pages = f"pp. {self.pages}" if self.pages else ""
        edition = f"{_ordinal(self.edition)} ed." if self.edition else ""
        vol = f"vol. {volume}" if volume else ""
        where = f"In: {self.container_title}" if self.container_title else ""
        return ", ".join(p for p in (where, vol, edition, pages) if p)


def _ordinal(text: str) -> str:
    """``'2'`` -> ``'2nd'``; any other text as it is (``'2nd'``, ``'Revised'``)."""
    if not text.isdecimal():
        return text
    n = int(text)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


#: The text fields of a source row, read as printed.
_SOURCE_TEXT = tuple(f for f, info in Source.model_fields.items() if info.annotation is str)
#: The columns a sources/ file may have besides ``key`` and ``title`` (data/README.md).
SOURCE_COLUMNS = ("kind", "year", *(f for f in _SOURCE_TEXT if f not in ("key", "title")))


def source_from_row(where: str, row: Row) -> Source:
    """A bibliography row as a model. Its typed fields are checked here, as a value's are, so that
    a first lookup does not build pydantic's validator for 200 sources; tests re-validate them."""
    for column in ("key", "kind", "title"):
        if not row.get(column):
            raise cell_error(where, row, column, f"a source row needs a {column}")
    try:
        kind = SourceKind(row["kind"])
    except ValueError:
        known = ", ".join(k.value for k in SourceKind)
        why = f"unknown source kind {row['kind']!r} (known: {known})"
        raise cell_error(where, row, "kind", why) from None
    year = row.get("year") or None
    if year is not None and not year.isdecimal():
        raise cell_error(where, row, "year", f"year {year!r} is not a year (a whole number such as 2019)")
    date = row.get("date") or ""
    if date and not _ISO_DATE.fullmatch(date):
        why = f"{date!r} is not an ISO 8601 date (2021, 2021-03 or 2021-03-15)"
        raise cell_error(where, row, "date", why)
    if date and year is not None and int(year) != int(date[:4]):
        raise cell_error(where, row, "date", f"date {date!r} and year {year} disagree")
    fields: dict[str, Any] = {f: row[f] for f in _SOURCE_TEXT if row.get(f)}
    year = year or date[:4] or None  # a date alone gives the year
    return Source.model_construct(**fields, kind=kind, year=None if year is None else int(year))


_ISO_DATE = re.compile(ISO_DATE)  # the pattern of Source.date


@cache
def bundled_sources() -> MappingProxyType[str, Source]:
    """The bundled bibliography (``data/sources/*.csv``), key -> source, read-only."""
    found: dict[str, Source] = {}
    for where, row in read_tables("sources"):
        src = source_from_row(where, row)
        if found.setdefault(src.key, src) != src:
            raise DataError(f"{where}: source key {src.key!r} is defined twice with different fields")
    return MappingProxyType(found)

