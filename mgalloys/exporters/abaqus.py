"""Abaqus / CalculiX ``*MATERIAL`` cards.

Each card is written only with values the record has: ``*DENSITY``, ``*ELASTIC`` (E and ν),
``*CONDUCTIVITY``, ``*SPECIFIC HEAT``, ``*EXPANSION``. A property with a temperature series
becomes a table (value, temperature rows); constants have no temperature column. ``**`` lines
carry the unit system and the provenance of every number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ._core import Card, Material, fmt_number, provenance_lines, table

__all__ = ["CARDS", "write"]

CARDS = (
    Card("*DENSITY", ("density",)),
    Card("*ELASTIC", ("elastic_modulus", "poisson_ratio")),
    Card("*CONDUCTIVITY", ("thermal_conductivity",)),
    Card("*SPECIFIC HEAT", ("specific_heat",)),
    Card("*EXPANSION", ("thermal_expansion",)),
)

_UNSAFE = re.compile(r"[^A-Za-z0-9_\-]")


def material_name(record_id: str) -> str:
    """A name solvers accept (letters, digits, ``_``, ``-``; at most 80 characters)."""
    return _UNSAFE.sub("_", record_id)[:80]


def write(mats: Sequence[tuple[Material, list[Card]]], head: Sequence[str], tail: Sequence[str]) -> str:
    lines = [f"** {h}" for h in head]
    taken: set[str] = set()
    for mat, cards in mats:
        name = material_name(mat.name)
        while name.upper() in taken:  # solvers compare names without case
            name = material_name(f"{name}_{len(taken)}")
        taken.add(name.upper())
        lines.append("**")
        lines += [f"** {p}" for p in provenance_lines(mat)]
        if name != mat.name:
            lines.append(f"** (material name {name} stands for record {mat.name})")
        lines.append(f"*MATERIAL, NAME={name}")
        for card in cards:
            lines.append(card.name)
            for values, temp in table(mat, card.needs):
                cells = [fmt_number(v) for v in values]
                if temp is not None:
                    cells.append(fmt_number(temp))
                lines.append(", ".join(cells))
    lines.append("**")
    lines += [f"** {t}" for t in tail]
    return "\n".join(lines) + "\n"
