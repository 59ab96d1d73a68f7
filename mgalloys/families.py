"""The alloy families of the strategy paper, their targets, market goals and industry figures.

The data is ``data/roadmap/families.json``, ``membership.json`` and ``goals.json``: each family
carries the paper's own passage (quoted) and its *readings*: where the paper's words allow more
than one target, each reading is a target with its interpretation and why, one of them the
default (``mg.family(10, reading="two-indices")`` picks another). Membership is a rule over the
catalog (composition, class, product form) plus additions and exclusions, each with a basis.

Examples:
    >>> import mgalloys as mg
    >>> fam = mg.family("high-strength-casting")
    >>> fam.number, fam.target.text
    (8, 'tensile_strength > 300 MPa and elongation > 10 % for magnesium alloys, castings')
    >>> [r.id for r in mg.family(10).readings]
    ['strength-retained', 'strength-at-temperature', 'two-indices']
    >>> mg.family(9).id
    'mg-li'
    >>> len(mg.families())
    11
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WrapSerializer

from ._data import data_root
from ._html import escape, table
from .applicability import IN, scope_outcome
from .errors import FamilyNotFoundError, InputTypeError
from .familytags import REFERENCE, family_ids, paper_families
from .models import Alloy
from .names import fold
from .targets import Target, parse_target
from .units import too_long, ureg
from .values import QuantityField

__all__ = [
    "FAMILY_IDS",
    "PAPER",
    "REFERENCE",
    "Family",
    "FamilyNotFoundError",
    "Goal",
    "IndustryFigure",
    "MarketGoal",
    "Reading",
    "by_family",
    "families",
    "family",
    "family_ids",
    "industry_2019",
    "roadmap_goals",
]


class MarketGoal(BaseModel):
    """A market share goal the paper sets for a family."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    share: QuantityField
    comparator: str
    year: int
    of: str


class ReadOnlyMap(Mapping[str, Any]):
    """A dict that cannot be changed, and that pickles and deep-copies (a ``MappingProxyType``
    does neither, so a family would not go to another process)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] = MappingProxyType({})) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"ReadOnlyMap({self._items!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (ReadOnlyMap, (self._items,))


def _read_only(d: Mapping[str, Any]) -> Mapping[str, Any]:
    return ReadOnlyMap(d)  # a family's dicts cannot be changed through a lookup


class Reading(BaseModel):
    """One reading of a family's passage: the target it gives, the interpretation and why."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str
    target: Target
    interpretation: str
    why: str
    default: bool = False
    rests_on: str = ""  #: the paper's sentence(s) the reading rests on, quoted ("[...]" between)


class Family(BaseModel):
    """One alloy family of the paper, with its quoted passage and its checkable target.

    ``target`` and ``interpretation`` are those of the selected reading (``reading``, by default
    the documented default); ``readings`` lists them all.
    """

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
    reference_densities: Annotated[
        Mapping[str, QuantityField],
        AfterValidator(_read_only),
        WrapSerializer(lambda d, to: to(dict(d))),
    ] = Field(default_factory=ReadOnlyMap)
    readings: tuple[Reading, ...] = ()
    reading: str = ""

    def with_reading(self, reading: str) -> Family:
        """This family checked under another of its readings."""
        for r in self.readings:
            if r.id == reading:
                return self.model_copy(
                    update={"reading": r.id, "target": r.target, "interpretation": r.interpretation}
                )
        known = ", ".join(r.id for r in self.readings)
        raise FamilyNotFoundError(f"family {self.number} has no reading {reading!r}; known: {known}")

    def __str__(self) -> str:
        return f"{self.number}. {self.name} ({self.id})"

    def __repr__(self) -> str:
        return f"<Family {self.number} {self.id}: {self.target.text or 'no property target'}>"

    def _repr_html_(self) -> str:
        # The passage and its reading are paragraphs, not a table caption: a caption is held to the
        # width of its one-column table, which squeezed the card to 150 px.
        rows = [[escape(c.text)] for c in self.target.criteria] or [["(no property target in the paper)"]]
        return (
            f"<div style='max-width:60em'><p><b>{self.number}. {escape(self.name)}</b> "
            f"(<code>{escape(self.id)}</code>)</p><blockquote><i>{escape(self.quote)}</i></blockquote>"
            + table(["criterion"], rows)
            + f"<p>{escape(self.interpretation)}</p></div>"
        )


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
    fams = paper_families()
    goals = json.loads(data_root().joinpath("roadmap").joinpath("goals.json").read_text(encoding="utf-8"))
    return {"source": fams["source"], "families": fams["families"], **goals}


if TYPE_CHECKING:  # pragma: no cover
    #: Family ids records may carry: the paper's families (families.json) and ``'reference'``.
    FAMILY_IDS: tuple[str, ...]


def __getattr__(name: str) -> Any:
    # FAMILY_IDS is read from data/roadmap/families.json on first use, not at import
    if name == "FAMILY_IDS":
        return family_ids()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def families() -> tuple[Family, ...]:
    """All the paper's families, in its order."""
    out = []
    for raw in _roadmap()["families"]:
        data = dict(raw)
        readings = []
        for r in data.pop("readings"):
            name = f"family {data['id']}" + ("" if r.get("default") else f" ({r['id']})")
            readings.append(Reading.model_validate({**r, "target": parse_target(r["target"], name=name)}))
        default = next(r for r in readings if r.default)
        data.update(readings=readings, reading=default.id, target=default.target)
        data["interpretation"] = default.interpretation
        out.append(Family.model_validate(data))
    return tuple(out)


@cache
def _membership_data() -> dict[str, Any]:
    raw = data_root().joinpath("roadmap").joinpath("membership.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    data["parsed"] = [(r["family"], parse_target(r["rule"]).scope, r) for r in data["rules"]]
    return data


def membership(a: Alloy) -> tuple[tuple[str, str], ...]:
    """``(family id, how)`` for each family the record belongs to: the rule, the addition or the
    record file's claim that puts it there (exclusions in ``membership.json`` win)."""
    data = _membership_data()
    excluded = {x["family"] for x in data["exclude"] if x["record"] == a.record_id}
    found: dict[str, str] = {}
    for fam, scope, rule in data["parsed"]:
        if fam not in found and scope_outcome(a, scope)[0] == IN:
            found[fam] = f"rule '{rule['rule']}': {rule['basis']}"
    for x in data["add"]:
        if x["record"] == a.record_id:
            found.setdefault(x["family"], f"added: {x['basis']}")
    for fam in a.families:
        found.setdefault(fam, f"record file: {a.family_basis}")
    return tuple((f, how) for f, how in found.items() if f not in excluded)


def family(key: str | int | Family, reading: str | None = None) -> Family:
    """A family by id (``'mg-li'``), number (``9`` or ``"9"``) or name (case-insensitive), under its
    default reading or the named one (``Family.readings`` lists them)."""
    if reading is not None:
        return family(key).with_reading(reading)
    if isinstance(key, Family):
        return key
    fams = families()
    if isinstance(key, str) and key.strip().isdecimal():
        key = int(key.strip())  # "8" on a command line or in a config file means family 8
    if isinstance(key, int) and not isinstance(key, bool):
        for f in fams:
            if f.number == key:
                return f
        raise FamilyNotFoundError(f"no family number {key}; the paper has families 1 to {len(fams)}")
    if not isinstance(key, str):
        raise InputTypeError(
            f"a family is given by id ('mg-li'), number (9) or name; got {type(key).__name__} {key!r}"
        )
    long = too_long(key, "a family name")
    if long:
        raise FamilyNotFoundError(long)
    k = fold(key)  # as names are matched: case, full-width letters, look-alike hyphens and spaces
    for f in fams:
        if k in (f.id, fold(f.name)):
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
