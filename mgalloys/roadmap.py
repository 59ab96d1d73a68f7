"""The alloy families of the strategy paper, their targets, market goals and industry figures.

The data is ``data/roadmap/families.json`` and ``data/roadmap/goals.json``: each family carries
the paper's own passage (quoted), the target the library checks, and how vague wording was read.

Example:
    >>> import mgalloys as mg
    >>> fam = mg.family("high-strength-casting")
    >>> fam.number, fam.target.text
    (8, 'tensile_strength > 300 MPa and elongation > 10 %')
    >>> mg.family(9).id
    'mg-li'
    >>> len(mg.families())
    11
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from ._data import data_root
from ._html import family_html
from .errors import MgAlloysError
from .models import Alloy, QuantityField
from .targets import Target, parse_target
from .units import ureg

__all__ = [
    "PAPER",
    "REFERENCE",
    "Family",
    "FamilyNotFoundError",
    "Goal",
    "IndustryFigure",
    "MarketGoal",
    "by_family",
    "families",
    "family",
    "family_ids",
    "industry_2019",
    "roadmap_goals",
]


class FamilyNotFoundError(MgAlloysError, LookupError):
    """No family with that id, number or name."""

    def __str__(self) -> str:
        return str(self.args[0])


class MarketGoal(BaseModel):
    """A market share goal the paper sets for a family."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    share: QuantityField
    comparator: str
    year: int
    of: str


class Family(BaseModel):
    """One alloy family of the paper, with its quoted passage and its checkable target."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    number: int
    id: str
    name: str
    heading: str
    quote: str
    second_quote: str = ""
    target: Target
    interpretation: str
    market_goal: MarketGoal | None = None
    reference_densities: dict[str, QuantityField] = {}

    def members(self) -> tuple[Alloy, ...]:
        """The bundled records that belong to this family (by the data's family claims)."""
        from .catalog import alloys  # the catalog imports this module (family ids)

        return alloys(family=self.id)

    def __str__(self) -> str:
        return f"{self.number}. {self.name} ({self.id})"

    def __repr__(self) -> str:
        return f"<Family {self.number} {self.id}: {self.target.text or 'no property target'}>"

    def _repr_html_(self) -> str:
        return family_html(self)


class Goal(BaseModel):
    """A development goal for 2030 or 2035."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    year: int
    indicator: str
    comparator: str
    value: QuantityField
    quote: str


class IndustryFigure(BaseModel):
    """A 2019 industry figure quoted by the paper."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    year: int = 2019
    indicator: str
    value: QuantityField
    change: QuantityField
    share_of_output: QuantityField | None = None
    quote: str


@cache
def _roadmap() -> dict[str, Any]:
    root = data_root().joinpath("roadmap")
    fams = json.loads(root.joinpath("families.json").read_text(encoding="utf-8"))
    goals = json.loads(root.joinpath("goals.json").read_text(encoding="utf-8"))
    return {"source": fams["source"], "families": fams["families"], **goals}


#: The tag of records that are references (pure Mg, the metals Mg competes with), not a family.
REFERENCE = "reference"


@cache
def family_ids(reference: bool = True) -> tuple[str, ...]:
    """The ids of the paper's families in its order (``data/roadmap/families.json``), followed by
    :data:`REFERENCE` unless ``reference=False``: the tags records may carry."""
    ids = tuple(str(f["id"]) for f in _roadmap()["families"])
    return (*ids, REFERENCE) if reference else ids


@cache
def families() -> tuple[Family, ...]:
    """All the paper's families, in its order."""
    out = []
    for raw in _roadmap()["families"]:
        data = dict(raw)
        data["target"] = (
            parse_target(data["target"], name=f"family {data['id']}")
            if data["target"]
            else Target(name=f"family {data['id']} (no property target in the paper)")
        )
        out.append(Family.model_validate(data))
    return tuple(out)


def family(key: str | int | Family) -> Family:
    """A family by id (``'mg-li'``), number (``9``) or name (case-insensitive)."""
    if isinstance(key, Family):
        return key
    fams = families()
    if isinstance(key, int) and not isinstance(key, bool):
        for f in fams:
            if f.number == key:
                return f
        raise FamilyNotFoundError(f"no family number {key}; the paper has families 1 to {len(fams)}")
    if not isinstance(key, str):
        raise FamilyNotFoundError(f"give a family id, number or name, not {type(key).__name__}")
    k = key.strip().lower()
    for f in fams:
        if k in (f.id, f.name.lower()):
            return f
    close = difflib.get_close_matches(k, [f.id for f in fams], n=2, cutoff=0.5)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise FamilyNotFoundError(f"no family {key!r}{hint} (known: {', '.join(f.id for f in fams)})")


def by_family(alloys: Iterable[Alloy]) -> list[Alloy]:
    """Records grouped by their first family in the paper's order, reference metals last
    (stable: file order within a group)."""
    number = {f.id: f.number for f in families()}
    return sorted(alloys, key=lambda a: min((number.get(f, 99) for f in a.families), default=99))


@cache
def roadmap_goals() -> tuple[Goal, ...]:
    """The paper's goals for 2030 and 2035, with units and quoted passages."""
    return tuple(Goal.model_validate(g) for g in _roadmap()["goals"])


@cache
def industry_2019() -> tuple[IndustryFigure, ...]:
    """China's 2019 magnesium industry figures as the paper quotes them."""
    _ensure_currency()
    return tuple(IndustryFigure.model_validate(f) for f in _roadmap()["industry_2019"])


def _ensure_currency() -> None:
    if "yuan" not in ureg.get():
        # Currency is its own dimension: a price per tonne converts to per kg, never to a mass.
        ureg.get().define("yuan = [currency_cny] = CNY")


#: The strategy paper the families come from.
PAPER = (
    "Strategy paper on China's advanced magnesium alloy material industry: development status, "
    "problems, market demand prospect and goals for 2030 and 2035 "
    "(shared/seeds/002_316b365fd875f406.txt)"
)
