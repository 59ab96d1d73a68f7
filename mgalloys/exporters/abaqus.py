"""Abaqus / CalculiX ``*MATERIAL`` cards.

Each card is written only with values the record has: ``*DENSITY``, ``*ELASTIC`` (E and ν),
``*CONDUCTIVITY``, ``*SPECIFIC HEAT``, ``*EXPANSION``. A property with a temperature series
becomes a table (value, temperature rows); constants have no temperature column. ``**`` lines
carry the unit system and the provenance of every number.

No text of the data can become a keyword line: every comment line starts with ``**``, holds no
control character or line separator (``one_line``) and is at most ``WIDTH`` characters long
(CalculiX reads the rest of a line longer than 1320 characters as a new line); the material
name keeps only letters, digits, ``_`` and ``-``.

Examples:
    >>> material_names(["AZ91D-F", "az91d-f", "my alloy 1.5%"])
    ['AZ91D-F', 'az91d-f_1', 'my_alloy_1_5_']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ._core import Card, Document, Format, comment_lines, fmt_number, provenance_lines, register, table

__all__ = ["CARDS", "FORMAT", "WIDTH", "material_names", "write"]

CARDS = (
    Card("*DENSITY", ("density",)),
    Card("*ELASTIC", ("elastic_modulus", "poisson_ratio")),
    Card("*CONDUCTIVITY", ("thermal_conductivity",)),
    Card("*SPECIFIC HEAT", ("specific_heat",)),
    Card("*EXPANSION", ("thermal_expansion",)),
)
#: The longest line written: the traditional card image of 132 columns, well inside Abaqus'
#: 256 and CalculiX's 1320.
WIDTH = 132
_NAME_LENGTH = 80  # Abaqus and CalculiX: names of at most 80 characters
_UNSAFE = re.compile(r"[^A-Za-z0-9_\-]")


def material_names(record_ids: Sequence[str]) -> list[str]:
    """Names solvers accept, one per record, unique without regard to case (as solvers compare
    them): letters, digits, ``_`` and ``-``, at most 80 characters.

    A name already taken gets the first free suffix ``_1``, ``_2``, ...: with n records at most
    n - 1 names are taken, so one of the first n suffixes is free and the search always ends.
    """
    taken: set[str] = set()
    out = []
    for rid in record_ids:
        base = _UNSAFE.sub("_", rid)[:_NAME_LENGTH] or "material"
        name = base
        if name.upper() in taken:
            suffixes = (f"_{k}" for k in range(1, len(record_ids) + 1))
            name = next(c for s in suffixes if (c := base[: _NAME_LENGTH - len(s)] + s).upper() not in taken)
        taken.add(name.upper())
        out.append(name)
    return out


def _comments(lines: Sequence[str]) -> list[str]:
    return [c for line in lines for c in comment_lines("** ", line, WIDTH)]


def write(doc: Document) -> str:
    lines = _comments(doc.head)
    names = material_names([mat.name for mat, _ in doc.materials])
    for (mat, cards), name in zip(doc.materials, names, strict=True):
        lines.append("**")
        lines += _comments(provenance_lines(mat))
        if name != mat.name:
            lines += _comments([f"(material name {name} stands for record {mat.name})"])
        lines.append(f"*MATERIAL, NAME={name}")
        for card in cards:
            lines.append(card.name)
            for values, temp in table(mat, card.needs):
                cells = [fmt_number(v) for v in values]
                if temp is not None:
                    cells.append(fmt_number(temp))
                lines.append(", ".join(cells))
    lines.append("**")
    lines += _comments(doc.tail())
    return "\n".join(lines) + "\n"


FORMAT = register(
    Format(
        "abaqus",
        ("calculix", "ccx", "inp"),
        write,
        "Abaqus/CalculiX *MATERIAL cards",
        cards=CARDS,
        tables=True,
    )
)
