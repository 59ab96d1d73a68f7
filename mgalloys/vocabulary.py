"""The scope vocabulary: material classes, product forms and process routes (``data/vocabulary``).

Each term has a definition, a parent (``die casting`` is a ``casting``; ``sheet`` is ``rolled``,
which is ``wrought``) and, where one exists, a source. A target's scope names terms; a record is
inside when its class, product form or process route is the term or below it, outside when it is
in another branch, and unknown when the record only states a broader term (a ``casting`` of
unstated route for a target on ``die castings``) or no form at all.

Example:
    Examples:
        >>> from mgalloys.vocabulary import term, lineage
        >>> term("die castings").term, lineage("die casting")
        ('die casting', ('die casting', 'casting'))
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from ._data import read_tables
from .errors import DataError, MgAlloysError

__all__ = ["Term", "lineage", "term", "terms"]

VOCABULARIES = ("material_class", "product_form", "process_route")


class Term(BaseModel):
    """One term of the scope vocabulary."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    vocabulary: str
    term: str
    parent: str = ""
    plural: str = ""
    definition: str
    source: str = ""
    locator: str = ""

    @property
    def dimension(self) -> str:
        """``material_class`` or ``form`` (product forms and process routes share one tree)."""
        return "material_class" if self.vocabulary == "material_class" else "form"


@cache
def terms() -> tuple[Term, ...]:
    """Every term, in file order."""
    out = []
    for where, row in read_tables("vocabulary"):
        if row.get("vocabulary") not in VOCABULARIES:
            raise DataError(f"{where}: vocabulary must be one of {', '.join(VOCABULARIES)}")
        for column in ("term", "definition"):
            if not row.get(column):
                raise DataError(f"{where}: a vocabulary row needs a {column}")
        # every field is text, checked above: built without pydantic's validator (tests re-validate)
        fields: dict[str, Any] = {f: row[f] for f in Term.model_fields if f in row}
        out.append(Term.model_construct(**fields))
    names = {t.term for t in out}
    for t in out:
        if t.parent and t.parent not in names:
            raise DataError(f"data/vocabulary: {t.term!r} has unknown parent {t.parent!r}")
    return tuple(out)


@cache
def _index() -> dict[str, Term]:
    idx: dict[str, Term] = {}
    for t in terms():
        idx[t.term.lower()] = t
        if t.plural:
            idx[t.plural.lower()] = t
    return idx


def term(name: str) -> Term:
    """A term by its name or plural (case-insensitive)."""
    key = " ".join(name.lower().split())
    try:
        return _index()[key]
    except KeyError:
        known = ", ".join(t.plural or t.term for t in terms())
        raise MgAlloysError(f"unknown scope term {name!r}; known: {known}") from None


def find(name: str) -> Term | None:
    """A term by its name or plural, or ``None``."""
    return _index().get(" ".join(name.lower().split()))


def lineage(name: str) -> tuple[str, ...]:
    """The term and its ancestors, nearest first."""
    out = []
    t: Term | None = term(name)
    while t is not None:
        out.append(t.term)
        t = term(t.parent) if t.parent else None
    return tuple(out)
