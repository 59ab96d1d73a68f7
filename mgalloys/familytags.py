"""The family tags records may carry: the ids of the strategy paper's families, in its order
(``data/roadmap/families.json``), and ``reference``.

A record's ``families`` cell is checked against these tags when its folder is read, and a catalog
selects records by them; the families themselves (their targets, readings and membership rules)
are `mgalloys.families`, which reads the same file.

Examples:
    >>> from mgalloys.familytags import family_ids
    >>> family_ids()[8], family_ids()[-1]
    ('mg-li', 'reference')
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from typing import Any

from ._data import data_root
from .errors import FamilyNotFoundError, InputTypeError, describe_input

__all__ = ["REFERENCE", "family_ids", "family_tag", "paper_families"]

#: The tag of records that are references (pure Mg, the metals Mg competes with), not a family.
REFERENCE = "reference"


@cache
def _families_text() -> str:
    return data_root().joinpath("roadmap").joinpath("families.json").read_text(encoding="utf-8")


def paper_families() -> dict[str, Any]:
    """``data/roadmap/families.json`` as read: the paper (``source``) and its ``families``; a
    fresh copy at each call, so that no caller can change what another reads."""
    out: dict[str, Any] = json.loads(_families_text())
    return out


@cache
def family_ids(reference: bool = True) -> tuple[str, ...]:
    """The ids of the paper's families in its order, followed by `REFERENCE` unless
    ``reference=False``: the tags records may carry."""
    ids = tuple(str(f["id"]) for f in paper_families()["families"])
    return (*ids, REFERENCE) if reference else ids


def family_tag(tag: object) -> str:
    """``tag`` when it is a family tag; else `mgalloys.InputTypeError` (not a string) or
    `mgalloys.FamilyNotFoundError` naming the closest tag and every known one."""
    if not isinstance(tag, str):
        raise InputTypeError(
            f"a family tag is a family id such as 'mg-li' or 'reference' (mg.alloys also takes a "
            f"family's number or name); got {describe_input(tag)}"
        )
    known = family_ids()
    if tag not in known:
        close = difflib.get_close_matches(tag, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise FamilyNotFoundError(f"unknown family {tag!r}{hint} (known: {', '.join(known)})")
    return tag
