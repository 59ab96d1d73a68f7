"""The catalog: loads the bundled data on first use, validates it, and looks alloys up by name.

How names resolve (see docs/concepts.md):

1. A record id (``AZ31B-H24``, ``WE43A-T6``) names exactly one record.
2. A bare grade (``AZ31B``) resolves to the grade's default record (``grade_default`` in the
   data; the only record when there is one). A grade with several records and no default is
   ambiguous and the error lists the records.
3. A grade followed by a temper (``AZ91D-F``, ``az91d f``) resolves to that grade's record in
   that temper; several product forms in that temper are ambiguous; a temper the data lacks gives
   an error listing the tempers it has.
4. An alias (UNS number, EN name, trade name...) resolves like the grade it names; a UNS number
   may carry its prefix (``UNS M11916``) and an EN number may drop it (``MC21120``). An alias
   that sources give for several grades is ambiguous and the error lists the grades.

Matching ignores case, spaces, hyphens and underscores, and reads Unicode look-alikes as what
they look like (`mgalloys.names.name_key`: full-width letters, dashes and the minus sign,
non-breaking and zero-width spaces); user folders, targets and the command line match the same
way. Values of different records are never mixed: a record holds only the values of its own
temper and product form.

Examples:
    >>> import mgalloys as mg
    >>> mg.alloy(" az91 d ").record_id
    'AZ91D-F'
    >>> mg.alloy("AZ31B-O").temper
    'O'
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from pydantic import BaseModel, ConfigDict

from ._data import Traversable, data_root
from .bibliography import Source, SourceKind
from .errors import (
    AlloyNotFoundError,
    AmbiguousAlloyError,
    DataError,
    InputTypeError,
    TemperNotFoundError,
)
from .familytags import family_tag
from .indexedrows import bundled_rows
from .models import Alloy
from .names import name_key
from .propertytable import property_info
from .recordrows import (
    EQUIVALENT_RELATIONS,
    EQUIVALENT_SCHEMES,
    Layer,
    Loaded,
    RecordRows,
    no_cycle_collection,
)
from .tempers import is_temper
from .units import too_long
from .values import Equivalent

__all__ = [
    "EQUIVALENT_RELATIONS",
    "EQUIVALENT_SCHEMES",
    "AliasCoverage",
    "Catalog",
    "alias_coverage",
    "alloy",
    "equivalents",
    "get_catalog",
    "load",
    "normalize_name",
    "using",
]

# A designation without its variant letter (AM60, QE22): letters then digits.
_VARIANTLESS = re.compile(r"^[A-Z]{1,3}\d{1,4}$")


def normalize_name(name: str) -> str:
    """Lookup key of a name: upper case without spaces, hyphens or underscores, Unicode
    look-alikes read as what they look like (``mgalloys.names.name_key``)."""
    return name_key(name)


class Catalog:
    """Alloy records, validated and indexed: the bundled ones (`get_catalog`), or a folder
    of your own with or without them (`from_folder`, `mgalloys.load`)."""

    def __init__(
        self,
        root: Traversable | str | os.PathLike[str] | None = None,
        *,
        layers: Iterable[Layer] | None = None,
    ) -> None:
        if isinstance(root, (str, os.PathLike)):
            root = _folder(root)
        elif root is not None and not isinstance(root, Traversable):
            raise InputTypeError(f"a catalog's root is a folder (a str or Path); got {type(root).__name__}")
        self.root = root
        rows: RecordRows | None = None
        if layers is None and root is None:
            rows = bundled_rows()  # one record's rows at a time, from the index
        with no_cycle_collection():  # the rows, their specs and the indexes: long-lived, no cycles
            if rows is None:
                if layers is None:
                    layers = [Layer(root)] if root is not None else [Layer(data_root(), deferred=True)]
                rows = _read(list(layers))
            self._rows = rows
            self._specs: dict[str, dict[str, Any]] = rows.specs()
            self._grade_default = rows.grade_defaults()
            self.origin: dict[str, str] = rows.origin  # record id -> folder ("data": bundled)
            self._built: dict[str, Alloy] = {}
            self._index()
        self._cache: dict[str, Alloy] = {}

    @property
    def sources(self) -> Mapping[str, Source]:
        """Every source of the catalog (key -> source), read-only."""
        return self._rows.bibliography()

    @property
    def source_origin(self) -> dict[str, str]:
        """Source key -> the folder it was read from (``data``: bundled)."""
        return self._rows.source_origin

    @property
    def loaded(self) -> Loaded:
        """The checked rows of every file, and what was read from each (``mgalloys validate``
        counts them); for the bundled catalog, read from the CSV files on first use."""
        return self._rows if isinstance(self._rows, Loaded) else _bundled_rows()

    @classmethod
    def from_folder(cls, folder: str | Path, *, extend: bool = True, shadow: bool = False) -> Catalog:
        """A catalog of the records in ``folder`` (laid out like the bundled ``data/``).

        Args:
            folder: a folder with ``records/``, ``values/``, ``sources/`` and optionally
                ``compositions/`` and ``aliases/`` sub-folders of CSV files.
            extend: add the records to the bundled ones (default); False: the folder alone.
            shadow: a record id that the bundled data also has replaces the bundled record
                (default False: such a clash is a `mgalloys.DataError`).

        A source row without a ``kind`` is of kind ``user``. Every file is read strictly
        (`mgalloys.strictcsv`) and every row checked as the bundled data is; errors name the file,
        line and column (docs: "Your own data").
        """
        path = _folder(folder)
        user = Layer(path, str(path), shadow=shadow, default_source_kind=SourceKind.user.value)
        return cls(path, layers=[Layer(data_root(), deferred=True), user] if extend else [user])

    # --- building models -----------------------------------------------------------------
    @property
    def record_ids(self) -> tuple[str, ...]:
        """Every record id, in data-file order."""
        return tuple(self._specs)

    @property
    def records(self) -> dict[str, Alloy]:
        """Every record as a model (builds those not built yet)."""
        return {rid: self.record(rid) for rid in self._specs}

    def record(self, record_id: str) -> Alloy:
        """The record with exactly this id, built on first request."""
        built = self._built.get(record_id)
        if built is not None:
            return built
        spec = self._specs[record_id]
        built = self._built[record_id] = self._rows.build(record_id, spec)
        return built

    # --- indexing and lookup -------------------------------------------------------------
    def _index(self) -> None:
        self._by_key: dict[str, str] = {}
        self._grades: dict[str, list[str]] = {}
        self._alias_grades: dict[str, set[str]] = {}
        self._display: dict[str, str] = {}
        for rid, spec in self._specs.items():
            grade = spec["grade"]
            self._by_key[normalize_name(rid)] = rid
            self._display.setdefault(normalize_name(rid), rid)
            self._grades.setdefault(normalize_name(grade), []).append(rid)
            self._display.setdefault(normalize_name(grade), grade)
            for al in spec["aliases"]:
                for key in _alias_keys(al["alias"], al["scheme"]):
                    self._alias_grades.setdefault(key, set()).add(normalize_name(grade))
                self._display.setdefault(normalize_name(al["alias"]), al["alias"])

    def _grade_record(self, name: str, gkey: str) -> Alloy:
        rids = self._grades[gkey]
        if len(rids) == 1:
            return self.record(rids[0])
        defaults = [r for r in rids if r in self._grade_default]
        if defaults:
            return self.record(defaults[0])
        raise AmbiguousAlloyError(name, rids, "the grade has several records")

    def _with_temper(self, name: str, gkey: str, temper: str) -> Alloy:
        rids = self._grades[gkey]
        grade = self._specs[rids[0]]["grade"]
        hits = [r for r in rids if (self._specs[r]["temper"] or "").upper() == temper]
        if len(hits) == 1:
            return self.record(hits[0])
        if hits:
            raise AmbiguousAlloyError(name, hits, f"{grade}-{temper} exists in several product forms")
        tempers: dict[str, list[str]] = {}
        for r in rids:
            tempers.setdefault(self._specs[r]["temper"] or "", []).append(r)
        raise TemperNotFoundError(name, grade, temper, rids, tempers)

    def lookup(self, name: str) -> Alloy:
        """Resolve a name to one record (see the module docs for the rules)."""
        if not isinstance(name, str):
            got = f"{type(name).__name__} {name!r}"
            raise InputTypeError(f"an alloy name is a string such as 'AZ91D'; got {got}")
        hit = self._cache.get(name)
        if hit is not None:
            return hit
        long = too_long(name, "an alloy name")
        if long:
            raise AlloyNotFoundError(name[:20] + "...", (), long)
        key = normalize_name(name)
        if not key:
            raise AlloyNotFoundError(name, (), "an empty name; mg.alloys() lists every record")
        rec = self._resolve(name, key)
        self._cache[name] = rec
        return rec

    def _resolve(self, name: str, key: str) -> Alloy:
        if key in self._by_key:
            return self.record(self._by_key[key])
        if key in self._grades:
            return self._grade_record(name, key)
        if key in self._alias_grades:
            grades = sorted(self._alias_grades[key])
            if len(grades) > 1:
                raise AmbiguousAlloyError(
                    name, [self._display[g] for g in grades], "the alias names several grades"
                )
            return self._grade_record(name, grades[0])
        # grade or alias followed by a temper: the longest matching prefix wins
        for prefix in sorted({*self._grades, *self._alias_grades}, key=len, reverse=True):
            if key.startswith(prefix) and is_temper(key[len(prefix) :]):
                grades = [prefix] if prefix in self._grades else sorted(self._alias_grades[prefix])
                if len(grades) > 1:
                    raise AmbiguousAlloyError(
                        name, [self._display[g] for g in grades], "the alias names several grades"
                    )
                return self._with_temper(name, grades[0], key[len(prefix) :])
        variants = self._variants(key)
        if _VARIANTLESS.match(key) and variants:
            if len(variants) == 1:
                return self._grade_record(name, variants[0])
            raise AmbiguousAlloyError(
                name, [self._display[g] for g in variants], "the designation has several variants"
            )
        if variants:  # a variant the data lacks (LA141A): name the designations it has
            shown = [self._display[g] for g in variants]
            raise AlloyNotFoundError(name, shown, "the data has other variants of this designation")
        close = difflib.get_close_matches(key, list(self._display), n=3, cutoff=0.6)
        raise AlloyNotFoundError(name, [self._display[c] for c in close], "mg.alloys() lists every record")

    def _variants(self, key: str) -> list[str]:
        """Grades that differ from ``key`` only by a trailing variant letter (AM60 -> AM60A,
        AM60B; LA141A -> LA141)."""
        stem = key[:-1] if key[-1:].isalpha() and key[-2:-1].isdigit() else key
        if not _VARIANTLESS.match(stem):
            return []
        return sorted(
            g for g in self._grades if g != key and (g == stem or (g[:-1] == stem and g[-1].isalpha()))
        )

    def equivalents(self, name: str) -> tuple[Equivalent, ...]:
        """Sourced equivalents of the grade ``name`` resolves to: rows of ``equivalents/`` first,
        then the grade's aliases (another scheme's name of the same grade is ``identical``, a
        ``former_name`` alias a ``former_name``)."""
        rec = self.lookup(name)
        found = self._rows.equivalents_of(rec.record_id, rec.grade)
        seen = {normalize_name(e.equivalent) for e in found}
        for al in rec.aliases:
            relation = "former_name" if al.scheme == "former_name" else "identical"
            if normalize_name(al.alias) in seen:
                continue  # one row per name: the first source that gives it
            seen.add(normalize_name(al.alias))
            found.append(
                Equivalent.model_construct(
                    grade=rec.grade,
                    equivalent=al.alias,
                    scheme=al.scheme,
                    relation=relation,
                    source=al.source,
                    locator=al.locator,
                    note=al.note,
                )
            )
        return tuple(found)

    def select(
        self,
        *,
        family: str | None = None,
        grade: str | None = None,
        has: str | Iterable[str] | None = None,
    ) -> tuple[Alloy, ...]:
        """The records tagged ``family`` (a family id or ``'reference'``: `mgalloys.alloys` takes
        a family's number or name too), of ``grade``, with values of every property of ``has``."""
        recs: Iterable[Alloy] = self.records.values()
        if family is not None:
            tag = family_tag(family)
            recs = [r for r in recs if tag in r.families]
        if grade is not None:
            if not isinstance(grade, str):
                raise InputTypeError(f"a grade is a string such as 'AZ31B'; got {type(grade).__name__}")
            gkey = normalize_name(grade)
            if gkey not in self._grades:
                close = difflib.get_close_matches(gkey, list(self._grades), n=3)
                raise AlloyNotFoundError(grade, [self._display[c] for c in close], "unknown grade")
            recs = [r for r in recs if normalize_name(r.grade) == gkey]
        if has is not None:
            names = [has] if isinstance(has, str) else list(has) if isinstance(has, Iterable) else [has]
            if not all(isinstance(p, str) for p in names):
                raise InputTypeError(
                    f"has= takes a property name or a list of them, e.g. 'uts' or ['uts', 'el']; got {has!r}"
                )
            props = [property_info(p).id for p in names]
            recs = [r for r in recs if all(r.values(p) for p in props)]
        return tuple(recs)

    def unused_sources(self) -> set[str]:
        """Bibliography keys that no value, curve, composition, alias or equivalents row cites."""
        return self._rows.unused_sources()


def _folder(folder: Any) -> Path:
    """A user's data folder as a Path, checked: a str or Path of a folder with data sub-folders."""
    if not isinstance(folder, (str, os.PathLike)):
        raise InputTypeError(f"a data folder is a str or Path; got {type(folder).__name__} {folder!r}")
    if not os.fspath(folder).strip():
        raise DataError("an empty folder name; give a folder laid out like mgalloys' data/")
    path = Path(folder)
    if not path.is_dir():
        raise DataError(f"{str(folder)!r} is not a folder; give a folder laid out like mgalloys' data/")
    if not any((path / sub).is_dir() for sub in ("records", "values", "sources")):
        raise DataError(f"{str(path)!r} has no records/, values/ or sources/ folder (see 'Your own data')")
    return path


_EN_NUMBER = re.compile(r"^EN(M[A-Z]\d+)$")


def _alias_keys(alias: str, scheme: str) -> tuple[str, ...]:
    """Lookup keys of an alias: its normalized form, plus the spellings with or without the
    scheme's prefix that engineers write ("UNS M11916" for M11916, "MC21120" for EN-MC21120)."""
    key = normalize_name(alias)
    if scheme == "UNS":
        return (key, "UNS" + key)
    en = _EN_NUMBER.match(key) if scheme == "EN_number" else None
    return (key, en.group(1)) if en else (key,)


@functools.cache
def _bundled_rows() -> Loaded:
    """The bundled data read from its CSV files, every file counted (``Catalog.loaded``)."""
    return _read([Layer(data_root(), deferred=True)])


def _read(layers: list[Layer]) -> Loaded:
    """Every table of ``layers`` read from its CSV files and checked (`mgalloys.loader`)."""
    # deferred: the loader (and the families, targets and plausibility gates that judge the records
    # it reads) costs about 15 ms of every cold start, and the bundled catalog reads its index
    from .loader import load_layers

    return load_layers(layers)


_ACTIVE: ContextVar[Catalog | None] = ContextVar("mgalloys_catalog", default=None)


_CATALOG_LOCK = threading.Lock()
_CATALOG: list[Catalog] = []  # the bundled catalog, once built


def bundled_catalog() -> Catalog:
    """The bundled catalog, loaded and validated on first call (once, even when many threads
    ask at the same time)."""
    if _CATALOG:
        return _CATALOG[0]
    with _CATALOG_LOCK:  # functools.cache alone lets concurrent first callers each build one
        if not _CATALOG:
            _CATALOG.append(Catalog())
        return _CATALOG[0]


def get_catalog() -> Catalog:
    """The catalog in use: the one of the enclosing `using` block, else the bundled one."""
    return _ACTIVE.get() or bundled_catalog()


@contextmanager
def using(catalog: Catalog | None) -> Iterator[Catalog]:
    """Make ``catalog`` the one every lookup, check and table uses inside the block
    (``None``: leave the catalog in use as it is).

    Examples:
        >>> import mgalloys as mg
        >>> with mg.using(mg.get_catalog()) as cat:
        ...     mg.alloy("AZ91D") is cat.lookup("AZ91D")
        True
    """
    if catalog is None:
        yield get_catalog()
        return
    token = _ACTIVE.set(catalog)
    try:
        yield catalog
    finally:
        _ACTIVE.reset(token)


P = ParamSpec("P")
R = TypeVar("R")


def with_catalog(fn: Callable[P, R]) -> Callable[P, R]:
    """Let ``fn``'s keyword ``catalog=`` choose the catalog its lookups use (see `using`)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        catalog = kwargs.get("catalog")
        if catalog is None:
            return fn(*args, **kwargs)
        if not isinstance(catalog, Catalog):
            raise DataError(f"catalog= takes a Catalog (e.g. mg.load(folder)), not {type(catalog).__name__}")
        with using(catalog):
            return fn(*args, **kwargs)

    return wrapper


def load(folder: str | Path, *, extend: bool = True, shadow: bool = False) -> Catalog:
    """Load a folder of your own records (see `Catalog.from_folder`).

    Pass the catalog as ``catalog=`` to lookups, checks, tables and screens, or make it the one
    in use with `using`.
    """
    return Catalog.from_folder(folder, extend=extend, shadow=shadow)


def alloy(name: str, *, catalog: Catalog | None = None) -> Alloy:
    """Look up one bundled alloy record by record id, grade, grade and temper, or alias.

    Examples:
        >>> import mgalloys as mg
        >>> mg.alloy("AZ91D-F").density.to("lb/in**3").magnitude  # doctest: +ELLIPSIS
        0.0653...
    """
    return (catalog or get_catalog()).lookup(name)


def equivalents(name: str, *, catalog: Catalog | None = None) -> tuple[Equivalent, ...]:
    """Sourced equivalents of a bundled grade in other designation schemes, each with its
    relation (``identical``, ``nearest``, ``former_name``) and source.

    Reads ``data/equivalents/*.csv`` and the grade's aliases.

    Examples:
        >>> import mgalloys as mg
        >>> uns = [e for e in mg.equivalents("AZ91D") if e.scheme == "UNS"]
        >>> uns[0].equivalent, uns[0].relation
        ('M11916', 'identical')
    """
    return (catalog or get_catalog()).equivalents(name)


# --- coverage of the alias index ------------------------------------------------------------
class AliasCoverage(BaseModel):
    """The cross-references one bundled record has, for the docs' coverage matrix."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    record_id: str
    grade: str
    uns: tuple[str, ...]
    uns_sources: tuple[str, ...]
    cross_references: int
    schemes: tuple[str, ...]
    note: str = ""


def alias_coverage(*, catalog: Catalog | None = None) -> list[AliasCoverage]:
    """Per bundled record (or ``catalog``'s): its UNS number(s) with their sources, and how many
    other names it has.

    ``cross_references`` counts distinct non-UNS names; ``schemes`` lists their schemes; ``note``
    says when sources give several UNS numbers. ``[row.model_dump() for row in ...]`` gives plain
    dicts.

    Examples:
        >>> from mgalloys.catalog import alias_coverage
        >>> row = next(r for r in alias_coverage() if r.record_id == "AZ91D-F")
        >>> row.uns
        ('M11916',)
    """
    out = []
    for rec in (catalog or get_catalog()).records.values():
        uns = list(dict.fromkeys(a.alias for a in rec.aliases if a.scheme == "UNS"))
        others = list(dict.fromkeys(a.alias for a in rec.aliases if a.scheme != "UNS"))
        note = ""
        if len(uns) > 1:
            note = f"sources give {len(uns)} UNS numbers: {', '.join(uns)} (see the aliases' notes)"
        out.append(
            AliasCoverage(
                record_id=rec.record_id,
                grade=rec.grade,
                uns=tuple(uns),
                uns_sources=tuple(dict.fromkeys(a.source.key for a in rec.aliases if a.scheme == "UNS")),
                cross_references=len(others),
                schemes=tuple(dict.fromkeys(a.scheme for a in rec.aliases if a.scheme != "UNS")),
                note=note,
            )
        )
    return out
