"""The words a composition row may name: element symbols, the element groups of
``data/elements/`` (``RE``, ``LRE``, ``HRE``, ``MM``) with their sourced terms, sums (``Ce+La``) and
the ``Others`` rows; and the base element a material class states.

What a row *stands for* is settled here, once, for the loader that checks composition rows and for
`mgalloys.composition`, which works out contents from them.

Examples:
    >>> from mgalloys.elementterms import row_members
    >>> sorted(row_members("Ce+La"))
    ['Ce', 'La']
    >>> row_members("Others") is None
    True
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from . import elements
from ._data import read_table
from .errors import DataError
from .vocabulary import lineage

__all__ = [
    "OTHERS",
    "OTHERS_EACH",
    "GroupTerm",
    "base_of_class",
    "element_groups",
    "group_terms",
    "is_composition_token",
    "is_element_symbol",
    "members",
    "row_members",
]

OTHERS, OTHERS_EACH = "Others", "Others each"  # rows of the other elements' total and each one's limit
_SYMBOL = re.compile(r"[A-Z][a-z]?")


# A NamedTuple rather than a frozen dataclass: as immutable and typed, and its class is built in a
# quarter of the time on import (every cold start pays for it).
class GroupTerm(NamedTuple):
    """A group term of ``data/elements/terms.csv``: whether it includes Y and Sc, what a
    composition row of that name leaves out, which other terms it includes, and its sources."""

    term: str
    includes_y: bool | None = None
    includes_sc: bool | None = None
    row_excludes: frozenset[str] = frozenset()
    includes: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()


@cache
def element_groups() -> dict[str, frozenset[str]]:
    """Element groups from ``data/elements/groups.csv`` (``RE``, ``LRE``, ``HRE``, ``MM``)."""
    out: dict[str, set[str]] = {}
    for where, row in read_table("elements/groups.csv"):
        if not row.get("group") or not row.get("element"):
            raise DataError(f"{where}: a group row needs a group and an element")
        out.setdefault(row["group"], set()).add(row["element"])
    return {k: frozenset(v) for k, v in out.items()}


_YES_NO = {"yes": True, "no": False}


@cache
def group_terms() -> dict[str, GroupTerm]:
    """The group terms and their sourced claims (``data/elements/terms.csv``)."""
    out: dict[str, GroupTerm] = {}
    for where, row in read_table("elements/terms.csv"):
        term, claim, value = row.get("term", ""), row.get("claim", ""), row.get("value", "")
        if term not in element_groups() or not row.get("source"):
            raise DataError(f"{where}: a term row needs a group of groups.csv and a source")
        old = out.get(term, GroupTerm(term=term))
        sources = tuple(dict.fromkeys((*old.sources, row["source"])))
        parts = frozenset(v.strip() for v in value.split(";") if v.strip())
        answer = _YES_NO.get(value)
        if claim in ("includes_y", "includes_sc") and (
            answer is None or getattr(old, claim) not in (None, answer)
        ):
            raise DataError(f"{where}: {claim} is 'yes' or 'no', one answer per term (got {value!r})")
        if claim == "includes_y":
            new = old._replace(includes_y=answer, sources=sources)
        elif claim == "includes_sc":
            new = old._replace(includes_sc=answer, sources=sources)
        elif claim == "row_excludes":
            new = old._replace(row_excludes=old.row_excludes | parts, sources=sources)
        elif claim == "includes":
            new = old._replace(includes=old.includes | parts, sources=sources)
        else:
            raise DataError(
                f"{where}: unknown claim {claim!r} (includes_y, includes_sc, row_excludes, includes)"
            )
        out[term] = new
    return out


def is_element_symbol(token: str) -> bool:
    """Whether ``token`` is one element's symbol (``Li``; not a group, not ``li``)."""
    return bool(_SYMBOL.fullmatch(token)) and elements.atomic_mass(token) is not None


def is_composition_token(token: str) -> bool:
    """Whether ``token`` names an element (``Li``) or an element group (``RE``)."""
    t = token.strip()
    return t in element_groups() or is_element_symbol(t)


def members(token: str) -> frozenset[str]:
    """The elements a target's token counts: a group's members, or the element itself."""
    return element_groups().get(token, frozenset({token}))


def row_members(element: str) -> frozenset[str] | None:
    """The elements a composition row stands for: the symbol itself; a total's elements
    (``RE``: the rare earths but Y; ``MM``: mischmetal's; ``Ce+La``: those named); ``None`` for the
    ``Others`` rows. A name that is none of these raises ``DataError``."""
    if element in (OTHERS, OTHERS_EACH):
        return None
    if element in element_groups():
        term = group_terms().get(element)
        return element_groups()[element] - (term.row_excludes if term else frozenset())
    parts = element.split("+")
    if all(is_element_symbol(p) for p in parts):
        return frozenset(parts)
    raise DataError(
        f"composition row {element!r} is no element symbol, group ({', '.join(element_groups())}), "
        f"sum of symbols ('Ce+La'), {OTHERS!r} or {OTHERS_EACH!r}"
    )


def base_of_class(material_class: str | None) -> str | None:
    """The base element a material class states: Mg for magnesium alloys and unalloyed magnesium
    (the vocabulary defines them by a magnesium balance), for a magnesium matrix composite (its
    matrix) and for a record that states no class (the library's default); ``None`` otherwise."""
    if material_class is None or material_class == "magnesium matrix composite":
        return "Mg"
    return "Mg" if "magnesium" in lineage(material_class) else None
