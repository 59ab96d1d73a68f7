"""Atomic masses and densities of the elements, from ``periodictable``, read fast.

``periodictable`` is the source (a well-kept library); importing it costs about 0.2 s, which a
first lookup must not pay. ``data/elements/elements.csv`` is its table written out once
(``python -m mgalloys.elements`` rewrites it), and a data test holds every row equal to
``periodictable``, so the file can never drift from its source. A symbol the file lacks falls
back to ``periodictable`` itself.
"""

from __future__ import annotations

import csv
import io
import sys
from functools import cache
from types import ModuleType

from ._data import read_table
from .errors import DataError

__all__ = ["atomic_mass", "density", "table_from_periodictable"]

_COLUMNS = ("symbol", "atomic_mass", "density", "source")


@cache
def _table() -> dict[str, tuple[float, float | None]]:
    out: dict[str, tuple[float, float | None]] = {}
    for where, row in read_table("elements/elements.csv"):
        try:
            dens = float(row["density"]) if row["density"] else None
            out[row["symbol"]] = (float(row["atomic_mass"]), dens)
        except (KeyError, ValueError) as exc:
            raise DataError(f"{where}: {exc}") from None
    return out


def atomic_mass(symbol: str) -> float | None:
    """Standard atomic mass in g/mol, ``None`` for a symbol that is no element."""
    if symbol in _table():
        return _table()[symbol][0]
    row = _from_periodictable(symbol)
    return None if row is None else row[0]


def density(symbol: str) -> float | None:
    """Density of the element at room temperature in g/cm³ (``None`` where unknown)."""
    if symbol in _table():
        return _table()[symbol][1]
    row = _from_periodictable(symbol)
    return None if row is None else row[1]


def _periodictable() -> ModuleType:
    # deferred: importing periodictable costs about 0.2 s, which a first lookup must not pay; the
    # written-out table above answers for every element the data uses
    import periodictable

    return periodictable


@cache
def _from_periodictable(symbol: str) -> tuple[float, float | None] | None:
    try:
        el = _periodictable().elements.symbol(symbol)
    except ValueError:
        return None
    return float(el.mass), None if el.density is None else float(el.density)


def table_from_periodictable() -> str:
    """The CSV text of ``data/elements/elements.csv``, from the installed ``periodictable``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(_COLUMNS)  # the package's version is in the source's note (data/sources/elements.csv)
    for el in _periodictable().elements:
        if el.number == 0:
            continue  # the neutron
        dens = "" if el.density is None else repr(float(el.density))
        w.writerow([el.symbol, repr(float(el.mass)), dens, "periodictable"])
    return buf.getvalue()


if __name__ == "__main__":  # pragma: no cover - rewrites the data file
    from ._data import data_root

    path = data_root().joinpath("elements/elements.csv")
    with open(str(path), "w", encoding="utf-8") as fh:
        fh.write(table_from_periodictable())
    sys.stdout.write(f"wrote {path}\n")
