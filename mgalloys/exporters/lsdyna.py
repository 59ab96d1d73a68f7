"""LS-DYNA keyword cards: ``*MAT_ELASTIC`` and ``*MAT_THERMAL_ISOTROPIC``.

Fixed format, 8 fields of 10 characters. Material ids count from 1 in the order of the records;
the thermal material of record *i* has the same id. Room-temperature constants only (the
temperature-dependent variants are not written); no plasticity card is synthesised. ``$`` lines
carry the unit system and the provenance of every number: each holds no control character or
line separator (``one_line``) and is at most 80 characters long, the width of a card, so no text
of the data can become a keyword line.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._core import Card, Document, Format, Material, comment_lines, provenance_lines, register

__all__ = ["CARDS", "FORMAT", "WIDTH", "field", "write"]

CARDS = (
    Card("*MAT_ELASTIC", ("density", "elastic_modulus", "poisson_ratio")),
    Card("*MAT_THERMAL_ISOTROPIC", ("density", "specific_heat", "thermal_conductivity")),
)
WIDTH = 80  #: a card image: the longest line written


def field(x: float | int) -> str:
    """A number in a 10-character field, with as many significant digits as fit.

    Examples:
        >>> field(45000.0), field(1.81e-09), field(0.35)
        ('     45000', '1.81000e-9', '      0.35')
    """
    if isinstance(x, int):
        return f"{x:>10d}"
    for digits in range(9, 0, -1):
        plain = f"{x:.{digits}g}"
        if "e" not in plain and len(plain) <= 10:
            return f"{plain:>10}"
        sci = _compact(f"{x:.{digits - 1}e}")
        if len(sci) <= 10:
            return f"{sci:>10}"
    raise ValueError(f"{x!r} does not fit a 10-character field")  # pragma: no cover


def _compact(text: str) -> str:
    """``1.5e-09`` -> ``1.5e-9``, ``2e+29`` -> ``2e29``: Fortran reads both, and they are shorter."""
    if "e" not in text:
        return text
    mantissa, exp = text.split("e")
    return f"{mantissa}e{int(exp)}"


def _card(card: Card, mid: int, mat: Material) -> list[str]:
    v = {p: mat.constant(p).magnitude for p in card.needs}
    if card.name == "*MAT_ELASTIC":
        return [
            card.name,
            "$      MID        RO         E        PR",
            field(mid) + field(v["density"]) + field(v["elastic_modulus"]) + field(v["poisson_ratio"]),
        ]
    return [
        card.name,
        "$     TMID       TRO     TGRLC    TGMULT      TLAT      HLAT",
        field(mid) + field(v["density"]) + field(0) + field(0.0) + field(0.0) + field(0.0),
        "$       HC        TC",
        field(v["specific_heat"]) + field(v["thermal_conductivity"]),
    ]


def _comments(lines: Sequence[str]) -> list[str]:
    return [c for line in lines for c in comment_lines("$ ", line, WIDTH)]


def write(doc: Document) -> str:
    lines = ["*KEYWORD", *_comments(doc.head)]
    for mid, (mat, cards) in enumerate(doc.materials, start=1):
        lines.append("$")
        lines += _comments(provenance_lines(mat))
        lines += _comments([f"material id {mid} = {mat.name}"])
        for card in cards:
            lines += _card(card, mid, mat)
    lines.append("$")
    lines += _comments(doc.tail())
    lines.append("*END")
    return "\n".join(lines) + "\n"


FORMAT = register(
    Format(
        "lsdyna",
        ("ls-dyna", "dyna", "k"),
        write,
        "LS-DYNA *MAT_ELASTIC and *MAT_THERMAL_ISOTROPIC cards",
        cards=CARDS,
    )
)
