"""Where the bundled data lives, and reading its CSV files (through `mgalloys.strictcsv`).

In an installed wheel the top-level ``data/`` folder is shipped as ``mgalloys/data`` and found
through ``importlib.resources``; in a source checkout (or an editable install) the loader falls
back to the ``data/`` folder beside the package.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from .strictcsv import Row, Table, Traversable, read_csv

__all__ = [
    "Row",
    "Traversable",
    "data_root",
    "data_version",
    "index_file",
    "read_folder",
    "read_table",
    "read_tables",
]


@cache
def data_root() -> Traversable:
    """The folder holding ``properties.csv`` and the data sub-folders."""
    packaged = resources.files("mgalloys").joinpath("data")
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(  # pragma: no cover - a broken installation
        "mgalloys cannot find its data folder: reinstall the package"
    )


def index_file() -> Traversable:
    """The bundled data's index (`mgalloys.dataindex`), shipped beside the package's modules."""
    return resources.files("mgalloys").joinpath("dataindex.jsonl")


@cache
def data_version() -> str:
    """The version of the bundled dataset (``data/VERSION``), versioned apart from the code:
    it changes whenever a value, source or record changes (listed in CHANGELOG.md)."""
    return data_root().joinpath("VERSION").read_text(encoding="utf-8").strip()


def _inside(root: Traversable) -> Path | None:
    """The folder that a file under ``root`` must not leave through a symbolic link."""
    return root.resolve() if isinstance(root, Path) else None


def read_table(name: str, root: Traversable | None = None) -> list[tuple[str, Row]]:
    """Rows of one CSV file under the data root, each with its ``file:line`` location."""
    base = root or data_root()
    return list(read_csv(base.joinpath(name), f"data/{name}", inside=_inside(base)).records())


def read_folder(
    folder: str,
    root: Traversable | None = None,
    label: str = "data",
    known: Sequence[str] | None = None,
    required: Sequence[str] = (),
) -> list[Table]:
    """Every ``*.csv`` of a data sub-folder (of ``root``, default the bundled data), in name
    order, read strictly (`mgalloys.strictcsv`); errors name ``<label>/<folder>/<file>``."""
    if root is None or root == data_root():
        return list(_bundled(folder, label, None if known is None else tuple(known), tuple(required)))
    return _read_folder(folder, root, label, known, required)


@cache
def _bundled(
    folder: str, label: str, known: tuple[str, ...] | None, required: tuple[str, ...]
) -> tuple[Table, ...]:
    # The bundled files never change while the library runs: read once, however many user
    # folders are loaded beside them (each mg.load read all of them again: a tenth of its time).
    return tuple(_read_folder(folder, data_root(), label, known, required))


def _read_folder(
    folder: str, root: Traversable, label: str, known: Sequence[str] | None, required: Sequence[str]
) -> list[Table]:
    sub = root.joinpath(folder)
    if not sub.is_dir():
        return []
    inside = _inside(root)
    entries = sorted((e for e in sub.iterdir() if e.name.endswith(".csv")), key=lambda e: e.name)
    return [
        read_csv(e, f"{label}/{folder}/{e.name}", inside=inside, known=known, required=required)
        for e in entries
    ]


def read_tables(folder: str, root: Traversable | None = None, label: str = "data") -> list[tuple[str, Row]]:
    """Rows of every ``*.csv`` in a data sub-folder (see `read_folder`), files in name order;
    locations read ``<label>/<folder>/<file>:<line>``."""
    return [r for table in read_folder(folder, root, label) for r in table.records()]
