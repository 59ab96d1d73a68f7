"""What an operation takes as an alloy: a name (looked up in the catalog in use), an
`mgalloys.Alloy`, or a dict of values (`mgalloys.user_alloy`), one or several.

Checks, tables, the frontier and the scorecard all read their alloys here, so that a name, a
record and a user's values are accepted the same way everywhere.

Examples:
    >>> from mgalloys.alloylike import as_alloys
    >>> [a.record_id for a in as_alloys(["AZ91D", {"uts": "310 MPa"}])]
    ['AZ91D-F', 'user alloy']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .catalog import alloy
from .errors import InputTypeError, describe_input
from .inputs import user_alloy
from .models import Alloy

__all__ = ["as_alloy", "as_alloys"]


def as_alloy(a: str | Alloy | Mapping[str, Any]) -> Alloy:
    """An ``mgalloys.Alloy`` from a name (looked up in the catalog in use), an Alloy, or a dict of
    values (`mgalloys.user_alloy`)."""
    if isinstance(a, Alloy):
        return a
    if isinstance(a, str):
        return alloy(a)
    if isinstance(a, Mapping):
        return user_alloy(a)
    raise InputTypeError(
        f"an alloy is a name such as 'AZ91D', an Alloy, or a dict of values such as "
        f"{{'uts': '310 MPa'}}; got {describe_input(a)}"
    )


def as_alloys(pool: object) -> list[Alloy]:
    """A list of alloys from one alloy-like or an iterable of them (never the characters of a name)."""
    if isinstance(pool, (str, Alloy, Mapping)):
        return [as_alloy(pool)]
    if not isinstance(pool, Iterable):
        got = describe_input(pool)
        raise InputTypeError(f"alloys are a list of names, Alloys or dicts of values; got {got}")
    return [as_alloy(a) for a in pool]
