"""ASTM-style magnesium designations: parse and format ``AZ91D-T6``, the letter and temper tables,
and the coverage of the bundled alloys' cross-references (UNS numbers and other names).

A designation has four parts (``data/designations/rules.csv`` cites the rule for each):

* **letters**: one to three letter codes of the principal alloying elements, in order of
  decreasing content (``AZ`` = aluminium, zinc). The codes are ``data/designations/letters.csv``
  (ASTM B951, with the GB/T 5153 additions J and V and the letters only SubSTech prints);
* **digits**: the nominal contents in wt.%, rounded to whole numbers, one number per letter. A
  content of 10 % or more takes two digits and comes first (``LA141`` = 14 Li, 1 Al);
* **variant**: an optional letter telling apart alloys of the same system (``D`` in ``AZ91D``);
* **temper**: optional, after a dash (``T6``), from ``data/designations/tempers.csv``; a known
  temper followed by further digits (``T61``) is read as a subdivision of that temper.

The parser reads the form of a name only: it does not know whether a designation is registered.
Composition-style names (``Mg-10Gd-3Y-0.5Zr``) and trade names (``Elektron 21``) are not
designations; look those up with ``mgalloys.alloy``.

Examples:
    >>> from mgalloys.designations import parse_designation
    >>> d = parse_designation("az91d t6")
    >>> str(d), d.letters, d.variant
    ('AZ91D-T6', 'AZ', 'D')
    >>> {el: c.wt_percent for el, c in d.elements.items()}
    {'Al': 9, 'Zn': 1}
    >>> d.temper.meaning
    'solution heat treated and artificially aged'
    >>> parse_designation("LA141").elements["Li"].wt_percent
    14
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from ._data import read_table
from .bibliography import Source
from .errors import DataError, DesignationError
from .names import fold
from .tempers import (
    SEPARATORS,
    Temper,
    is_temper,
    need_columns,
    read_temper,
    table_source,
    temper,
    temper_table,
    tempers,
)
from .units import quantity
from .values import CompositionRange

__all__ = [
    "Designation",
    "DesignationError",
    "DesignationRule",
    "LetterCode",
    "NominalContent",
    "Temper",
    "designation_rules",
    "format_designation",
    "implied_composition",
    "is_temper",
    "letter_codes",
    "parse_designation",
    "temper",
    "tempers",
]

_MAX_LETTERS = 3
_ALLOWED = re.compile(r"^[A-Z0-9\-]+$")
_HEAD = re.compile(r"^(?P<letters>[A-Z]+)-?(?P<digits>[0-9]*)(?P<rest>.*)$")
_COMPOSITION = re.compile(r"^MG(?:-|[0-9]|$)")


class LetterCode(BaseModel):
    """One row of the letter table: the letter, the element it stands for, and its source."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    letter: str
    element: str
    name: str
    system: str
    source: Source
    locator: str = ""
    note: str = ""

    def __str__(self) -> str:
        return f"{self.letter} = {self.element} ({self.name}, {self.system})"


class DesignationRule(BaseModel):
    """One rule of the designation system as a source states it (``rules.csv``)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    part: str
    rule: str
    source: Source
    locator: str = ""
    note: str = ""


class NominalContent(BaseModel):
    """The nominal content of one element as a designation states it: a whole number of wt.%."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    letter: str
    element: str
    wt_percent: int
    code: LetterCode

    @property
    def quantity(self) -> Any:
        """The content as a Quantity in percent (mass fraction)."""
        return quantity(self.wt_percent, "percent")

    def __str__(self) -> str:
        return f"{self.element} ~{self.wt_percent} wt.% ({self.letter} = {self.code.name})"


class Designation(BaseModel):
    """A parsed designation; ``str(d)`` formats it back (``AZ91D-T6``)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    letters: str
    contents: tuple[NominalContent, ...]
    variant: str | None = None
    temper: Temper | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Designation:
        if not re.fullmatch(rf"[A-Z]{{1,{_MAX_LETTERS}}}", self.letters):
            raise ValueError(f"letters must be 1 to {_MAX_LETTERS} capital letters, got {self.letters!r}")
        if len(set(self.letters)) != len(self.letters):
            raise ValueError(f"letters repeat a letter: {self.letters!r}")
        if "".join(c.letter for c in self.contents) != self.letters:
            raise ValueError(f"contents must follow the letters {self.letters!r} one to one")
        sizes = [len(str(c.wt_percent)) for c in self.contents]
        if any(not 0 <= c.wt_percent <= 99 for c in self.contents):
            raise ValueError("each content is a whole number of wt.% from 0 to 99")
        if sizes != sorted(sizes, reverse=True):
            raise ValueError("a two-digit content must come before every one-digit content")
        if self.variant is not None and not re.fullmatch("[A-Z]", self.variant):
            raise ValueError(f"the variant is one capital letter, got {self.variant!r}")
        return self

    @property
    def elements(self) -> dict[str, NominalContent]:
        """Element symbol -> nominal content, in the order of the letters."""
        return {c.element: c for c in self.contents}

    @property
    def digits(self) -> str:
        return "".join(str(c.wt_percent) for c in self.contents)

    @property
    def alloy(self) -> str:
        """The designation without its temper (``AZ91D``)."""
        return f"{self.letters}{self.digits}{self.variant or ''}"

    def __str__(self) -> str:
        return self.alloy + (f"-{self.temper.code}" if self.temper else "")

    def describe(self) -> str:
        """One line in words, e.g. ``'AZ91D-T6: Al ~9 wt.%, Zn ~1 wt.%; variant D; T6: ...'``."""
        parts = [", ".join(f"{c.element} ~{c.wt_percent} wt.%" for c in self.contents)]
        if self.variant:
            parts.append(f"variant {self.variant}")
        if self.temper:
            parts.append(str(self.temper))
        return f"{self}: " + "; ".join(parts)


# --- the tables ----------------------------------------------------------------------------
@cache
def letter_codes() -> tuple[LetterCode, ...]:
    """Every row of ``data/designations/letters.csv``, in file order."""
    rows = []
    for where, row in read_table("designations/letters.csv"):
        need_columns(where, row, "letter", "element", "name", "system", "source")
        if not re.fullmatch("[A-Z]", row["letter"]):
            raise DataError(f"{where}: a letter code is one capital letter, got {row['letter']!r}")
        rows.append(
            LetterCode(
                letter=row["letter"],
                element=row["element"],
                name=row["name"],
                system=row["system"],
                source=table_source(where, row["source"]),
                locator=row.get("locator", ""),
                note=row.get("note", ""),
            )
        )
    return tuple(rows)


@cache
def _letter_table() -> dict[str, LetterCode]:
    """The row the parser uses per letter: the first ASTM row, else the first row."""
    table: dict[str, LetterCode] = {}
    for code in letter_codes():
        old = table.get(code.letter)
        if old is None or (old.system != "ASTM" and code.system == "ASTM"):
            table[code.letter] = code
    return dict(sorted(table.items()))


@cache
def implied_composition(grade: str) -> tuple[CompositionRange, ...]:
    """The contents a grade's designation states, for a record whose sources print none: each
    element at its whole number ± 0.5 wt.% (the digits are contents rounded to whole numbers:
    the ``digits`` rule of ``rules.csv``), and every other element at most as much as the last
    one named (``Others each``: the letters name the major alloying elements in decreasing
    order, the ``letters`` rule). Empty when the grade is not a designation.

    Examples:
        >>> [(r.element, r.min, r.max) for r in implied_composition("LAZ931")]
        [('Li', 8.5, 9.5), ('Al', 2.5, 3.5), ('Zn', 0.5, 1.5), ('Others each', None, 1.5)]
    """
    try:
        d = parse_designation(grade)
    except DesignationError:
        return ()
    rule = next(r for r in designation_rules() if r.part == "digits")
    letters = next(r for r in designation_rules() if r.part == "letters")
    note = (
        f"implied by the designation {grade}: no source of the record prints its composition; "
        "a specification may reach beyond the rounding (AZ91D: Al 8.3-9.7 wt.%)"
    )
    rows = [
        CompositionRange.model_construct(
            element=c.element,
            min=max(0.0, c.wt_percent - 0.5),
            max=c.wt_percent + 0.5,
            source=rule.source,
            locator=f"{rule.locator} (the designation rule for digits)",
            note=note,
        )
        for c in d.contents
    ]
    # the letters name the major alloying elements in decreasing order: no other element is
    # present in a larger amount than the last one named (whose content is at most its digit + 0.5)
    least = min(r.max for r in rows if r.max is not None)
    rows.append(
        CompositionRange.model_construct(
            element="Others each",
            max=least,
            source=letters.source,
            locator=f"{letters.locator} (the designation rule for letters)",
            note=f"implied by the designation {grade}: each element it does not name is at most the "
            f"{least:g} wt.% of the last one it names",
        )
    )
    return tuple(rows)


@cache
def designation_rules() -> tuple[DesignationRule, ...]:
    """The rules of the designation system, each with its source (``rules.csv``)."""
    rows = []
    for where, row in read_table("designations/rules.csv"):
        need_columns(where, row, "part", "rule", "source")
        rows.append(
            DesignationRule(
                part=row["part"],
                rule=row["rule"],
                source=table_source(where, row["source"]),
                locator=row.get("locator", ""),
                note=row.get("note", ""),
            )
        )
    return tuple(rows)


def _known_letters() -> tuple[str, ...]:
    return tuple(f"{c.letter} ({c.element})" for c in _letter_table().values())


# --- parsing and formatting ----------------------------------------------------------------
def _not_a_designation(text: str, why: str) -> DesignationError:
    return DesignationError(
        text,
        "name",
        f"not an ASTM-style designation ({why}); a designation is 1 to {_MAX_LETTERS} element letters, "
        "their rounded contents in wt.%, an optional variant letter and an optional temper after a "
        "dash, e.g. 'AZ91D-T6'; look up other names (trade names, compositions such as "
        "'Mg-10Gd-3Y-0.5Zr') with mg.alloy()",
    )


def parse_designation(text: str) -> Designation:
    """Parse an ASTM-style magnesium designation such as ``AZ91D-T6``.

    Case, spaces, underscores and dashes are forgiven (``" az91d t6 "``). Without a separator a
    letter after the digits is the variant (``AZ91F``: variant F); after a separator a lone letter
    that is a temper code is the temper (``AZ91-F``: temper F), any other lone letter the variant
    (``AZ91 D``). Raises ``DesignationError`` naming the part that is wrong.

    Examples:
        >>> str(parse_designation("ZK60A-T5")), parse_designation("ZK60A-T5").elements["Zr"].wt_percent
        ('ZK60A-T5', 0)
    """
    if not isinstance(text, str):
        raise DesignationError(repr(text), "name", "give the designation as a string, e.g. 'AZ91D-T6'")
    s = SEPARATORS.sub("-", fold(text).upper()).strip("-")
    if not s:
        raise _not_a_designation(text, "the text is empty")
    if not _ALLOWED.match(s):
        bad = sorted({ch for ch in s if not (ch.isascii() and ch.isalnum()) and ch != "-"})
        kind = "it reads as a composition or a mixture" if set(bad) & set("./%") else "it has other signs"
        raise _not_a_designation(text, f"{kind}: {' '.join(repr(b) for b in bad)}")
    if _COMPOSITION.match(s):
        raise _not_a_designation(text, "it starts with Mg: pure magnesium or a composition-style name")
    head = _HEAD.match(s)
    if head is None:
        raise _not_a_designation(text, "it does not start with element letters")
    letters, digits, rest = head["letters"], head["digits"], head["rest"]
    if len(letters) > _MAX_LETTERS:
        raise _not_a_designation(text, f"{letters!r} is a word, not 1 to {_MAX_LETTERS} element letters")
    table = _letter_table()
    known = _known_letters()
    for letter in letters:
        if letter not in table:
            raise DesignationError(
                text,
                "letters",
                f"unknown alloying-element letter {letter!r} (known letters: {', '.join(known)})",
                known,
            )
    if len(set(letters)) != len(letters):
        raise DesignationError(text, "letters", f"the letters {letters!r} repeat a letter", known)
    n = len(letters)
    if not digits and rest:
        raise _not_a_designation(text, f"{letters!r} is followed by {rest.lstrip('-')!r}, not by contents")
    if not digits:
        raise DesignationError(
            text,
            "digits",
            f"digits missing: the letters {letters!r} must be followed by the rounded contents in wt.%, "
            f"one or two digits per letter ({n} to {2 * n} digits, e.g. 'AZ91')",
        )
    if not n <= len(digits) <= 2 * n:
        raise DesignationError(
            text,
            "digits",
            f"{n} letter{'s' if n > 1 else ''} ({letters!r}) take {n} to {2 * n} digits, one or two per "
            f"letter; got {len(digits)} ({digits!r})",
        )
    two = len(digits) - n  # the leading contents of 10 % or more take two digits each
    parts = [digits[2 * i : 2 * i + 2] for i in range(two)] + list(digits[2 * two :])
    for p in parts:
        if len(p) == 2 and p.startswith("0"):
            raise DesignationError(
                text, "digits", f"the content {p!r} has a leading zero (read {digits!r} as {'-'.join(parts)})"
            )
    variant, temper_code = _tail(text, rest)
    contents = tuple(
        NominalContent(letter=ch, element=table[ch].element, wt_percent=int(p), code=table[ch])
        for ch, p in zip(letters, parts, strict=True)
    )
    return Designation(
        letters=letters,
        contents=contents,
        variant=variant,
        temper=None if temper_code is None else read_temper(text, temper_code),
    )


def _tail(text: str, rest: str) -> tuple[str | None, str | None]:
    """Variant and temper code from what follows the digits."""
    if not rest:
        return None, None
    separated = rest.startswith("-")
    tokens = rest.lstrip("-").split("-")
    if len(tokens) > 2:
        raise _not_a_designation(text, f"too many parts after the digits: {rest.lstrip('-')!r}")
    if len(tokens) == 2:
        variant, code = tokens
        if not re.fullmatch("[A-Z]", variant):
            raise DesignationError(
                text, "variant", f"the variant is one letter before the temper, got {variant!r}"
            )
        return variant, code
    tok = tokens[0]
    if re.fullmatch("[A-Z]", tok):
        if separated and tok in temper_table():
            return None, tok
        return tok, None
    if re.fullmatch("[A-Z][0-9]+", tok):
        return None, tok
    if re.fullmatch("[A-Z][A-Z][0-9]*", tok):
        return tok[0], tok[1:]
    if tok[:1].isdigit():
        raise _not_a_designation(text, f"digits after the separator: {tok!r}")
    raise _not_a_designation(text, f"{tok!r} after the digits is neither a variant letter nor a temper")


def format_designation(designation: Designation) -> str:
    """The designation as text, the inverse of ``parse_designation`` (``str(designation)``)."""
    return str(designation)
