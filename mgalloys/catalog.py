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

Matching ignores case, spaces, hyphens and underscores. Values of different records are never
mixed: a record holds only the values of its own temper and product form.

Examples:
    >>> import mgalloys as mg
    >>> mg.alloy(" az91 d ").record_id
    'AZ91D-F'
    >>> mg.alloy("AZ31B-O").temper
    'O'
"""

from __future__ import annotations

import difflib
import re
import sys
import threading
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ._data import Row, read_tables
from .errors import (
    AlloyNotFoundError,
    AmbiguousAlloyError,
    DataError,
    InputTypeError,
    MgAlloysError,
    TemperNotFoundError,
    UnknownPropertyError,
    WrongDimensionError,
)
from .models import Alias, Alloy, CompositionRange, Conditions, Equivalent, Kind, PropertyValue, Source
from .plausibility import gates
from .propertytable import PropertyInfo, property_info
from .roadmap import family_ids
from .units import affine, freeze, quantity

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover
    from importlib.abc import Traversable

__all__ = ["FAMILY_IDS", "Catalog", "alloy", "alloys", "equivalents", "get_catalog", "normalize_name"]


if TYPE_CHECKING:  # pragma: no cover
    #: Family ids records may carry: the paper's families (families.json) and ``'reference'``.
    FAMILY_IDS: tuple[str, ...]


def __getattr__(name: str) -> Any:
    # FAMILY_IDS is read from data/roadmap/families.json on first use, not at import
    if name == "FAMILY_IDS":
        return family_ids()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_STRIP = re.compile(r"[\s\-_\u2010-\u2015]+")
_SWAP_KIND = {Kind.minimum: Kind.maximum, Kind.maximum: Kind.minimum}
_NUMBER = r"(\d+(?:\.\d*)?|\.\d+)"
_THICKNESS = re.compile(rf"^\s*{_NUMBER}\s*(?:(?:-|\u2013|to)\s*{_NUMBER})?\s*([A-Za-z]+)\s*$")
_DIRECTIONS = ("L", "LT", "ST")
#: Schemes and relations of ``equivalents/*.csv`` rows (data/README.md).
EQUIVALENT_SCHEMES = ("GB", "ASTM", "EN", "ISO", "JIS", "GOST", "UNS", "trade_name")
EQUIVALENT_RELATIONS = ("identical", "nearest", "former_name")
# A designation without its variant letter (AM60, QE22): letters then digits.
_VARIANTLESS = re.compile(r"^[A-Z]{1,3}\d{1,4}$")


def _is_temper(code: str) -> bool:
    """Whether ``code`` is a temper of ``data/designations/tempers.csv`` (or a subdivision, T61)."""
    from .designations import DesignationError, temper  # designations imports this module

    try:
        temper(code)
    except DesignationError:
        return False
    return True


def normalize_name(name: str) -> str:
    """Lookup key of a name: upper case without spaces, hyphens or underscores."""
    return _STRIP.sub("", name).upper()


def _opt_float(text: str, where: str, column: str) -> float | None:
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        raise DataError(f"{where}: column {column!r} must be a plain number, got {text!r}") from None


class Catalog:
    """All bundled alloy records, validated and indexed. Build it with ``get_catalog``."""

    def __init__(self, root: Traversable | None = None) -> None:
        self.root = root
        self.sources: Mapping[str, Source] = {}
        self._specs: dict[str, dict[str, Any]] = {}
        self._built: dict[str, Alloy] = {}
        self._converters: dict[tuple[str, str], tuple[float, float]] = {}
        self._quantities: dict[str, Any] = {}
        self._reciprocal_factor: float | None = None
        self._load()
        self._index()
        self._cache: dict[str, Alloy] = {}
        self.sources = MappingProxyType(dict(self.sources))  # a read-only view for callers

    # --- loading -----------------------------------------------------------------------------
    def _load(self) -> None:
        for where, row in read_tables("sources", self.root):
            try:
                src = Source.model_validate({**row, "year": row.get("year") or None})
            except ValidationError as exc:
                raise DataError(f"{where}: bad source row: {_first_error(exc)}") from None
            old = self.sources.get(src.key)
            if old is not None and old != src:
                raise DataError(f"{where}: source key {src.key!r} is defined twice with different fields")
            self.sources[src.key] = src  # type: ignore[index]  # a dict while loading
        self._used_sources: set[str] = set()

        record_rows: dict[str, tuple[str, Row]] = {}
        for where, row in read_tables("records", self.root):
            rid = row.get("record_id", "")
            if not rid:
                raise DataError(f"{where}: record without record_id")
            if rid in record_rows:
                raise DataError(f"{where}: record {rid!r} is defined twice (first at {record_rows[rid][0]})")
            for fam in _split(row.get("families", "")):
                if fam not in (known := family_ids()):
                    close = difflib.get_close_matches(fam, known, n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    raise DataError(f"{where}: unknown family {fam!r}{hint} (known: {', '.join(known)})")
            record_rows[rid] = (where, row)

        values: dict[str, list[dict[str, Any]]] = {rid: [] for rid in record_rows}
        for where, row in read_tables("values", self.root):
            rid = row.get("record_id", "")
            if rid not in record_rows:
                raise DataError(f"{where}: value for unknown record {rid!r}")
            rec = record_rows[rid][1]
            pv = self._value(where, row, rec)
            values[rid].append(pv)
            reciprocal = self._reciprocal(pv)
            if reciprocal is not None:
                values[rid].append(reciprocal)

        compositions: dict[str, list[dict[str, Any]]] = {}
        for where, row in read_tables("compositions", self.root):
            if not row.get("grade") or not row.get("element"):
                raise DataError(f"{where}: a composition row needs a grade and an element")
            lo = _opt_float(row.get("min", ""), where, "min")
            hi = _opt_float(row.get("max", ""), where, "max")
            if lo is not None and hi is not None and hi < lo:
                raise DataError(f"{where}: max {hi} is below min {lo}")
            comp: dict[str, Any] = {
                "element": row["element"],
                "min": lo,
                "max": hi,
                "nominal": _opt_float(row.get("nominal", ""), where, "nominal"),
                "source": self._source(where, row.get("source", "")),
                "locator": row.get("locator", ""),
                "note": row.get("note", ""),
            }
            compositions.setdefault(row["grade"], []).append(comp)

        aliases: dict[str, list[dict[str, Any]]] = {}
        for where, row in read_tables("aliases", self.root):
            if not row.get("grade") or not row.get("alias") or not row.get("scheme"):
                raise DataError(f"{where}: an alias row needs grade, alias and scheme")
            aliases.setdefault(row["grade"], []).append(
                {
                    "alias": row["alias"],
                    "scheme": row["scheme"],
                    "source": self._source(where, row.get("source", "")),
                    "locator": row.get("locator", ""),
                    "note": row.get("note", ""),
                }
            )

        self._equivalents: dict[str, list[Equivalent]] = {}
        for where, row in read_tables("equivalents", self.root):
            self._equivalent(where, row)

        grades = {row["grade"] for _, row in record_rows.values()}
        for table, name in (
            (compositions, "composition"),
            (aliases, "alias"),
            (self._equivalents, "equivalent"),
        ):
            for grade in table:
                if grade not in grades:
                    raise DataError(f"{name} rows name grade {grade!r}, which no record has")

        for rid, (where, row) in record_rows.items():
            grade = row.get("grade", "")
            if not grade:
                raise DataError(f"{where}: record {rid!r} has no grade")
            self._specs[rid] = {
                "record_id": rid,
                "grade": grade,
                "temper": row.get("temper") or None,
                "product_form": row.get("product_form") or None,
                "material_class": row.get("material_class") or None,
                "process_route": row.get("process_route") or None,
                "families": tuple(_split(row.get("families", ""))),
                "family_basis": row.get("family_basis", ""),
                "description": row.get("description", ""),
                "composition": compositions.get(grade, []),
                "aliases": aliases.get(grade, []),
                "property_values": values[rid],
            }
        self._grade_default = {
            rid for rid, (_, row) in record_rows.items() if row.get("grade_default", "").lower() == "yes"
        }

    def _equivalent(self, where: str, row: Row) -> None:
        if not row.get("grade") or not row.get("equivalent"):
            raise DataError(f"{where}: an equivalents row needs a grade and an equivalent")
        for column, known in (("scheme", EQUIVALENT_SCHEMES), ("relation", EQUIVALENT_RELATIONS)):
            if row.get(column, "") not in known:
                raise DataError(
                    f"{where}: unknown {column} {row.get(column, '')!r} (known: {', '.join(known)})"
                )
        eq = Equivalent.model_construct(
            grade=row["grade"],
            equivalent=row["equivalent"],
            scheme=row["scheme"],
            relation=row["relation"],
            source=self._source(where, row.get("source", "")),
            locator=row.get("locator", ""),
            note=row.get("note", ""),
        )
        self._equivalents.setdefault(row["grade"], []).append(eq)

    def equivalents(self, name: str) -> tuple[Equivalent, ...]:
        """Sourced equivalents of the grade ``name`` resolves to: rows of ``equivalents/`` first,
        then the grade's aliases (another scheme's name of the same grade is ``identical``, a
        ``former_name`` alias a ``former_name``)."""
        rec = self.lookup(name)
        found = list(self._equivalents.get(rec.grade, ()))
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

    def _source(self, where: str, key: str) -> Source:
        try:
            src = self.sources[key]
        except KeyError:
            close = difflib.get_close_matches(key, list(self.sources), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise DataError(f"{where}: source {key!r} is not in data/sources/{hint}") from None
        self._used_sources.add(key)
        return src

    def _convert(self, where: str, value: float, unit: str, info: PropertyInfo) -> float:
        key = (unit, info.id)
        conv = self._converters.get(key)
        if conv is None:
            try:
                info.coerce(quantity(1.0, unit))  # dimension check, once per unit
                conv = affine(unit, info.unit)
            except MgAlloysError as exc:
                raise DataError(f"{where}: {exc}") from None
            self._converters[key] = conv
        return conv[0] * value + conv[1]

    def _value(self, where: str, row: Row, rec: Row) -> dict[str, Any]:
        try:
            info = property_info(row.get("property", ""))
        except UnknownPropertyError as exc:
            raise DataError(f"{where}: {exc}") from None
        if info.computed:
            raise DataError(f"{where}: {info.id} is computed from {', '.join(info.inputs)}; store those")
        raw = _opt_float(row.get("value", ""), where, "value")
        if raw is None:
            raise DataError(f"{where}: a value row needs a value (leave unknown values out)")
        raw_max = _opt_float(row.get("value_max", ""), where, "value_max")
        unit = row.get("unit", "")
        kind_text = row.get("kind", "")
        try:
            kind = Kind(kind_text)
        except ValueError:
            raise DataError(
                f"{where}: unknown kind {kind_text!r} (known: {', '.join(k.value for k in Kind)})"
            ) from None
        if (kind is Kind.range) != (raw_max is not None):
            raise DataError(f"{where}: kind 'range' and value_max go together")
        if info.is_hardness:
            try:
                info.coerce(quantity(raw, unit))
            except MgAlloysError as exc:
                raise DataError(f"{where}: {exc}") from None
            value, value_max, canonical = raw, raw_max, unit
        else:
            value = self._convert(where, raw, unit, info)
            value_max = None if raw_max is None else self._convert(where, raw_max, unit, info)
            canonical = info.unit
        if value_max is not None and value_max < value:
            raise DataError(f"{where}: value_max {raw_max} is below value {raw}")
        temp_text = row.get("test_temperature", "")
        if temp_text == "" and info.temperature_dependent:
            raise DataError(f"{where}: {info.id} needs a test_temperature ('RT' or e.g. '250 degC')")
        try:
            test_temperature = None if temp_text in ("", "RT") else self._parsed(temp_text, "kelvin")
            rate_text = row.get("strain_rate", "")
            strain_rate = self._parsed(rate_text, "1/s") if rate_text else None
        except MgAlloysError as exc:
            raise DataError(f"{where}: bad conditions: {exc}") from None
        conditions = (
            rec.get("temper") or None,
            rec.get("product_form") or None,
            test_temperature,
            strain_rate,
            row.get("conditions", ""),
            *self._thickness(where, row.get("thickness", "")),
            _direction(where, row.get("direction", "")),
        )
        published = f"{raw:g}" + (f"-{raw_max:g}" if raw_max is not None else "") + f" {unit}"
        return {
            "property": info.id,
            "value": value,
            "value_max": value_max,
            "unit": canonical,
            "kind": kind,
            "conditions": conditions,
            "source": self._source(where, row.get("source", "")),
            "locator": row.get("locator", ""),
            "note": row.get("note", ""),
            "published": published,
            "derived_from": None,
            "significant_figures": _significant_figures(row.get("value", "")),
        }

    def _thickness(self, where: str, text: str) -> tuple[Any, Any]:
        """``'0.016-0.249 in'`` or ``'6.35 mm'`` as (thinnest, thickest) lengths."""
        if not text:
            return None, None
        m = _THICKNESS.match(text)
        if m is None:
            raise DataError(f"{where}: thickness {text!r} is not a number or range with a unit ('0.5-2 in')")
        lo, hi, unit = m.group(1), m.group(2) or m.group(1), m.group(3)
        try:
            return self._parsed(f"{lo} {unit}", "m"), self._parsed(f"{hi} {unit}", "m")
        except MgAlloysError as exc:
            raise DataError(f"{where}: bad thickness: {exc}") from None

    def _parsed(self, text: str, dimension_of: str) -> Any:
        q = self._quantities.get(text)
        if q is None:
            q = quantity(text)
            expected = quantity(1.0, dimension_of).dimensionality
            if q.dimensionality != expected:
                raise WrongDimensionError(f"{text!r}", str(expected), str(q.dimensionality))
            q = self._quantities[text] = freeze(q)  # shared by many values: read-only
        return q

    def _reciprocal(self, pv: dict[str, Any]) -> dict[str, Any] | None:
        """Conductivity from resistivity and the other way round, marked as derived."""
        other = property_info(pv["property"]).reciprocal_of
        if not other:
            return None
        if self._reciprocal_factor is None:
            # canonical units: sigma [MS/m] = factor / rho [microohm*cm], and the other way round
            one = quantity(1.0, property_info("electrical_resistivity").unit)
            sigma = property_info("electrical_conductivity").unit
            self._reciprocal_factor = float((1 / one).to(sigma).magnitude)
        k = self._reciprocal_factor
        lo, hi = pv["value"], pv["value_max"]
        name = pv["property"].replace("_", " ")
        return {
            **pv,
            "property": other,
            "value": k / (hi if hi is not None else lo),
            "value_max": k / lo if hi is not None else None,
            "unit": property_info(other).unit,
            "kind": _SWAP_KIND.get(pv["kind"], pv["kind"]),
            "note": f"computed as the reciprocal of the {name} {pv['published']}",
            "derived_from": pv["property"],
            "significant_figures": None,
        }

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
        # Every field was checked while loading, so the models are constructed without a second
        # validation pass; tests re-validate every record through pydantic.
        conds: dict[tuple[Any, ...], Conditions] = {}
        values = []
        for v in spec["property_values"]:
            c = v["conditions"]
            cond = conds.get(c)
            if cond is None:
                cond = conds[c] = Conditions.model_construct(
                    temper=c[0],
                    product_form=c[1],
                    test_temperature=c[2],
                    strain_rate=c[3],
                    note=c[4],
                    thickness_min=c[5],
                    thickness_max=c[6],
                    direction=c[7],
                )
            values.append(PropertyValue.model_construct(**{**v, "conditions": cond}, implausible=""))
        composition = tuple(CompositionRange.model_construct(**c) for c in spec["composition"])
        # a reference metal is not magnesium-based, and a composite's composition leaves out
        # the reinforcement: no density estimate for either
        mg_based = not ({"reference", "composites"} & set(spec["families"])) or spec["grade"] == "Mg"
        for i, reason in gates(values, composition, magnesium_balance=mg_based).items():
            values[i] = values[i].model_copy(update={"implausible": reason})
        built = Alloy.model_construct(
            **{
                **spec,
                "composition": composition,
                "aliases": tuple(Alias.model_construct(**a) for a in spec["aliases"]),
                "property_values": tuple(values),
            }
        )
        from .roadmap import membership  # rules need only the record itself

        found = membership(built)
        built = built.model_copy(update={"families": tuple(f for f, _ in found), "membership": found})
        self._built[record_id] = built
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
        for rids in self._grades.values():
            defaults = [r for r in rids if r in self._grade_default]
            if len(defaults) > 1:
                raise DataError(
                    f"grade {self._specs[rids[0]]['grade']!r} has several grade_default records: {defaults}"
                )

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
        from .inputs import too_long

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
            if key.startswith(prefix) and _is_temper(key[len(prefix) :]):
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

    def select(
        self,
        *,
        family: Any = None,
        grade: str | None = None,
        has: str | Iterable[str] | None = None,
    ) -> tuple[Alloy, ...]:
        from .inputs import family_id

        recs: Iterable[Alloy] = self.records.values()
        if family is not None:
            fid = family_id(family)  # a family's number, id or name, or 'reference'
            recs = [r for r in recs if fid in r.families]
        if grade is not None:
            if not isinstance(grade, str):
                raise InputTypeError(f"a grade is a string such as 'AZ31B'; got {type(grade).__name__}")
            gkey = normalize_name(grade)
            if gkey not in self._grades:
                close = difflib.get_close_matches(gkey, list(self._grades), n=3)
                raise AlloyNotFoundError(grade, [self._display[c] for c in close], "unknown grade")
            recs = [r for r in recs if normalize_name(r.grade) == gkey]
        if has is not None:
            props = [property_info(has).id] if isinstance(has, str) else [property_info(p).id for p in has]
            recs = [r for r in recs if all(r.values(p) for p in props)]
        return tuple(recs)

    def unused_sources(self) -> set[str]:
        """Bibliography keys that no value, composition or alias cites."""
        return set(self.sources) - self._used_sources


_EN_NUMBER = re.compile(r"^EN(M[A-Z]\d+)$")


def _alias_keys(alias: str, scheme: str) -> tuple[str, ...]:
    """Lookup keys of an alias: its normalized form, plus the spellings with or without the
    scheme's prefix that engineers write ("UNS M11916" for M11916, "MC21120" for EN-MC21120)."""
    key = normalize_name(alias)
    if scheme == "UNS":
        return (key, "UNS" + key)
    en = _EN_NUMBER.match(key) if scheme == "EN_number" else None
    return (key, en.group(1)) if en else (key,)


def _direction(where: str, text: str) -> str:
    if text and text.upper() not in _DIRECTIONS:
        raise DataError(f"{where}: direction {text!r} is not one of {', '.join(_DIRECTIONS)} (or empty)")
    return text.upper()


def _significant_figures(text: str) -> int | None:
    """Significant figures of a number as printed: ``'1.80'`` has 3, ``'1.8'`` 2, ``'290'`` 3
    (trailing zeros of an integer are read as printed, i.e. significant)."""
    digits = text.strip().lstrip("+-").lower().split("e")[0].replace(".", "").lstrip("0")
    return len(digits) if digits.isdigit() else None


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"])
    return f"{loc}: {err['msg']}"


_CATALOG_LOCK = threading.Lock()
_CATALOG: list[Catalog] = []  # the bundled catalog, once built


def get_catalog() -> Catalog:
    """The bundled catalog, loaded and validated on first call (once, even when many threads
    ask at the same time)."""
    if _CATALOG:
        return _CATALOG[0]
    with _CATALOG_LOCK:  # functools.cache alone lets concurrent first callers each build one
        if not _CATALOG:
            _CATALOG.append(Catalog())
        return _CATALOG[0]


def alloy(name: str) -> Alloy:
    """Look up one bundled alloy record by record id, grade, grade and temper, or alias.

    Examples:
        >>> import mgalloys as mg
        >>> mg.alloy("AZ91D-F").density.to("lb/in**3").magnitude  # doctest: +ELLIPSIS
        0.0653...
    """
    return get_catalog().lookup(name)


def equivalents(name: str) -> tuple[Equivalent, ...]:
    """Sourced equivalents of a bundled grade in other designation schemes, each with its
    relation (``identical``, ``nearest``, ``former_name``) and source.

    Reads ``data/equivalents/*.csv`` and the grade's aliases.

    Examples:
        >>> import mgalloys as mg
        >>> uns = [e for e in mg.equivalents("AZ91D") if e.scheme == "UNS"]
        >>> uns[0].equivalent, uns[0].relation
        ('M11916', 'identical')
    """
    return get_catalog().equivalents(name)


def alloys(
    *,
    family: str | int | Any = None,
    grade: str | None = None,
    has: str | Iterable[str] | None = None,
    where: str | None = None,
) -> tuple[Alloy, ...]:
    """Bundled alloy records, optionally of one family, of one grade, with values of ``has``,
    or meeting the target text ``where`` (``"Gd > 0 wt%"``, ``"RE > 5 wt% and uts > 250 MPa"``).

    ``family`` is a family's number, id or name (as ``mgalloys.family`` takes it), or
    ``'reference'`` for the reference metals.

    Examples:
        >>> import mgalloys as mg
        >>> all(r.grade == "AZ31B" for r in mg.alloys(grade="AZ31B"))
        True
        >>> "EV31A-T6" in [r.record_id for r in mg.alloys(where="Gd > 0 wt%")]
        True
    """
    recs = get_catalog().select(family=family, grade=grade, has=has)
    if where is None:
        return recs
    from .checking import which_meet  # checking builds on the catalog

    return which_meet(where, recs)
