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

from enum import Enum
from functools import cache
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ._data import Row, read_tables
from .errors import DataError

__all__ = ["Source", "SourceKind", "bundled_sources", "source_from_row"]


class SourceKind(str, Enum):
    """What kind of publication a source is (judged from who publishes it, not from its heading)."""

    standard = "standard"
    handbook = "handbook"
    producer_datasheet = "producer_datasheet"  #: a maker's own datasheet for its own material
    paper = "paper"
    book = "book"
    thesis = "thesis"
    report = "report"
    stockist = "stockist"  #: a distributor or stockist reselling material
    fabricator = "fabricator"  #: a die caster, foundry, machine shop or parts maker
    compilation = "compilation"  #: a web compilation (AZoM, MakeItFrom, MatWeb-like)
    user = "user"  #: values the user supplied


class Source(BaseModel):
    """A bibliography entry."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    key: str
    kind: SourceKind
    title: str
    authors: str = ""
    publisher: str = ""
    year: int | None = None
    url: str = ""
    doi: str = ""
    note: str = ""
    terms: str = Field("", description="terms of use as far as known, e.g. 'CC BY 4.0'")

    @property
    def citation(self) -> str:
        """One-line citation: authors or publisher, year, title, where to find it."""
        who = self.authors or self.publisher
        parts = [p for p in (who, f"({self.year})" if self.year else "(n.d.)", self.title) if p]
        where = f"https://doi.org/{self.doi}" if self.doi else self.url
        text = " ".join(parts[:2]) + (f". {parts[2]}" if len(parts) > 2 else "")
        if self.publisher and self.authors:
            text += f". {self.publisher}"
        return f"{text}. {where}".rstrip(". ") if where else text


#: The text fields of a source row, read as printed.
_SOURCE_TEXT = tuple(f for f, info in Source.model_fields.items() if info.annotation is str)


def source_from_row(where: str, row: Row) -> Source:
    """A bibliography row as a model. Its typed fields are checked here, as a value's are, so that
    a first lookup does not build pydantic's validator for 200 sources; tests re-validate them."""
    for column in ("key", "kind", "title"):
        if not row.get(column):
            raise DataError(f"{where}: a source row needs a {column}")
    try:
        kind = SourceKind(row["kind"])
    except ValueError:
        known = ", ".join(k.value for k in SourceKind)
        raise DataError(f"{where}: unknown source kind {row['kind']!r} (known: {known})") from None
    year = row.get("year") or None
    if year is not None and not year.isdecimal():
        raise DataError(f"{where}: year {year!r} is not a year (a whole number such as 2019)")
    fields: dict[str, Any] = {f: row[f] for f in _SOURCE_TEXT if row.get(f)}
    return Source.model_construct(**fields, kind=kind, year=None if year is None else int(year))



@cache
def bundled_sources() -> MappingProxyType[str, Source]:
    """The bundled bibliography (``data/sources/*.csv``), key -> source, read-only."""
    found: dict[str, Source] = {}
    for where, row in read_tables("sources"):
        src = source_from_row(where, row)
        if found.setdefault(src.key, src) != src:
            raise DataError(f"{where}: source key {src.key!r} is defined twice with different fields")
    return MappingProxyType(found)

