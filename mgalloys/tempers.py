"""The temper codes of ``data/designations/tempers.csv`` (``F``, ``O``, ``T5``, ``T6`` ...): what each
means and its source; a known temper followed by further digits (``T61``) is a subdivision of it.

A name such as ``AZ91D-T6`` is a grade and a temper: the catalog reads the temper here when it
resolves such a name, and `mgalloys.designations` when it parses a designation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from pydantic import BaseModel, ConfigDict

from ._data import read_table
from .bibliography import Source, bundled_sources
from .errors import DataError, DesignationError
from .names import fold

__all__ = [
    "SEPARATORS",
    "TEMPER_FORM",
    "Temper",
    "is_temper",
    "known_tempers",
    "need_columns",
    "read_temper",
    "table_source",
    "temper",
    "temper_table",
    "tempers",
]

SEPARATORS = re.compile(r"[\s\-_]+")  # after names.fold: look-alikes are plain hyphens and spaces
TEMPER_FORM = re.compile(r"^[A-Z][0-9]*$")


class Temper(BaseModel):
    """A temper code, what it means, and the source of that meaning.

    ``subdivision_of`` is set for a code that the table lacks but that extends a known temper with
    further digits (``T61`` of ``T6``): the meaning is the known temper's.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    code: str
    meaning: str
    source: Source
    locator: str = ""
    note: str = ""
    subdivision_of: str | None = None

    def __str__(self) -> str:
        sub = f" (a subdivision of {self.subdivision_of})" if self.subdivision_of else ""
        return f"{self.code}: {self.meaning}{sub}"


def table_source(where: str, key: str) -> Source:
    """The source a row of a designation table cites."""
    try:
        return bundled_sources()[key]
    except KeyError:
        raise DataError(f"{where}: source {key!r} is not in data/sources/") from None


def need_columns(where: str, row: Mapping[str, str], *columns: str) -> None:
    """Refuse a row of a designation table without every one of ``columns``."""
    missing = [c for c in columns if not row.get(c)]
    if missing:
        raise DataError(f"{where}: a designation row needs {', '.join(missing)}")


@cache
def tempers() -> tuple[Temper, ...]:
    """Every row of ``data/designations/tempers.csv``, in file order."""
    rows = []
    seen: set[str] = set()
    for where, row in read_table("designations/tempers.csv"):
        need_columns(where, row, "temper", "meaning", "source")
        code = row["temper"]
        if not TEMPER_FORM.match(code):
            raise DataError(f"{where}: a temper is a letter and optional digits, got {code!r}")
        if code in seen:
            raise DataError(f"{where}: temper {code!r} is defined twice")
        seen.add(code)
        rows.append(
            Temper(
                code=code,
                meaning=row["meaning"],
                source=table_source(where, row["source"]),
                locator=row.get("locator", ""),
                note=row.get("note", ""),
            )
        )
    return tuple(rows)


@cache
def temper_table() -> dict[str, Temper]:
    """Temper code -> its row of the table."""
    return {t.code: t for t in tempers()}


def known_tempers() -> tuple[str, ...]:
    """Every temper code of the table, in file order."""
    return tuple(temper_table())


def is_temper(code: str) -> bool:
    """Whether ``code`` is a temper of ``data/designations/tempers.csv`` (or a subdivision, T61)."""
    try:
        temper(code)
    except DesignationError:
        return False
    return True


def temper(code: str) -> Temper:
    """The temper ``code`` means: a row of the temper table, or a subdivision of one (``T61``).

    Examples:
        >>> from mgalloys.tempers import temper
        >>> temper("t5").meaning
        'artificially aged'
        >>> temper("T61").subdivision_of
        'T6'
    """
    text = code if isinstance(code, str) else repr(code)
    return read_temper(text, SEPARATORS.sub("", fold(text)).upper())


def read_temper(text: str, code: str) -> Temper:
    """The temper ``code`` (``text`` as written, for the error) means; see `temper`."""
    table = temper_table()
    known = known_tempers()
    hint = (
        f"known tempers: {', '.join(known)}; a known temper may be followed by further digits "
        "for a subdivision, e.g. 'T61'"
    )
    if not TEMPER_FORM.match(code):
        raise DesignationError(
            text, "temper", f"bad temper {code!r}: a temper is a letter and optional digits ({hint})", known
        )
    if code in table:
        return table[code]
    longest = max(map(len, table))  # only prefixes a temper can be: linear in the code's length
    for end in range(min(len(code) - 1, longest), 0, -1):
        parent = table.get(code[:end])
        if parent is not None:
            return parent.model_copy(
                update={
                    "code": code,
                    "subdivision_of": parent.code,
                    "note": f"a subdivision of {parent.code} (ASTM B296 2.3: further digits mark another "
                    f"variation of the same sequence of treatments); the data has no meaning of its own "
                    f"for {code}",
                }
            )
    raise DesignationError(text, "temper", f"unknown temper {code!r} ({hint})", known)
