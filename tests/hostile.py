"""Hostile text for the writers' tests: what could steer a file it is written into.

``hostile_text`` draws strings built from pieces that break or steer one of the formats written
(a solver deck's keyword line after a newline, an XML comment's end, CDATA's end, a spreadsheet
formula, BibTeX braces and a trailing backslash, control characters, NUL, lone surrogates,
Unicode line separators), mixed with arbitrary text. ``hostile_alloy`` puts such text in every
text field a record, its values and its source have.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

import mgalloys as mg
from mgalloys.values import Conditions, PropertyValue

PIECES = (
    "\n",
    "\r",
    "\r\n",
    "\n*INCLUDE, INPUT=/etc/passwd\n",
    "\n*PARAMETER\nx = __import__('os').system('id')\n",
    "\n$\n*KEYWORD\n",
    "-->",
    "--->",
    "--",
    "---",
    "-",
    "]]>",
    "<![CDATA[",
    "<Injected>pwn</Injected>",
    "&amp;",
    "&",
    "<",
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=cmd|' /C calc'!A0",
    "-3.5",
    "{",
    "}",
    "\\",
    "\\}",
    "{\\",
    "%",
    "#",
    "~",
    "^",
    "$",
    "_",
    '"',
    "'",
    ",",
    ";",
    " and ",
    "et al.",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1b[2J",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ud800",
    "\ufffe",
    "\ufeff",
    "\u202e",
    "é°µΩ",
    " ",
    "x" * 1400,
)

#: Strings made of hostile pieces and arbitrary text.
hostile_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), min_size=1, max_size=6).map("".join)

# Plausible values of an AZ91D-like die casting, in canonical units: every card can be written.
VALUES = (
    ("density", 1.81, "g/cm**3"),
    ("elastic_modulus", 45.0, "GPa"),
    ("poisson_ratio", 0.35, "dimensionless"),
    ("thermal_conductivity", 51.0, "W/(m*K)"),
    ("specific_heat", 1020.0, "J/(kg*K)"),
    ("thermal_expansion", 26.0, "micrometer/(meter*kelvin)"),
    ("tensile_strength", 240.0, "MPa"),
)
FIELDS = 17  # how many texts hostile_alloy takes


def hostile_source(t: Sequence[str]) -> mg.Source:
    return mg.Source(
        key=t[0],
        kind="paper",
        title=t[1],
        authors=t[2],
        container_title=t[3],
        publisher=t[4],
        year=2020,
        date="2020-05-02",
        volume=t[5],
        issue=t[6],
        pages=t[7],
        edition=t[8],
        number=t[9],
        url=t[10],
        doi=t[11],
        isbn=t[12],
        note=t[13],
    )


def hostile_alloy(t: Sequence[str]) -> mg.Alloy:
    """A record whose every text field (id, grade, temper, product form; each value's locator,
    note, published text and conditions; its source's every field) is hostile."""
    assert len(t) >= FIELDS
    src = hostile_source(t)
    values = tuple(
        PropertyValue(
            property=prop,
            value=value,
            unit=unit,
            kind=mg.Kind.typical,
            source=src,
            locator=t[14],
            note=t[15],
            published=t[16],
            conditions=Conditions(note=t[13]),
        )
        for prop, value, unit in VALUES
    )
    return mg.Alloy(
        record_id=t[0],
        grade=t[1],
        temper=t[2],
        product_form=t[3],
        material_class=t[4],
        property_values=values,
    )


#: Every piece at once, in every field: the one example each writer test always runs.
EVERY_PIECE = ["".join(PIECES[i:] + PIECES[:i]) for i in range(FIELDS)]
