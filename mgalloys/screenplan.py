"""The plan of a screen: a target and a column mapping worked out once, before any row is
read (each threshold in its column's unit, test temperature windows, column labels, why a
criterion is unknown on every row), the checks of a frame's columns against it, and the rows a
file reader may keep for the passing rows alone. ``mgalloys.screening`` runs the plan on the rows.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

from ._columns import affine, hardness_scale, parse_column_name
from .checking import resolve_threshold
from .errors import (
    ColumnNotFoundError,
    DataError,
    IncompatibleScalesError,
    InputTypeError,
    InputValueError,
    TemperatureError,
    WrongDimensionError,
)
from .families import Family
from .inputs import as_target, column_map, column_name
from .propertytable import PropertyInfo, property_info
from .targets import Criterion, Target
from .units import is_temperature_difference, parse_unit, quantity
from .values import Kind, as_kind

__all__ = [
    "ColumnMap",
    "CriterionPlan",
    "RowFilter",
    "ScreenPlan",
    "TargetLike",
    "check_frame",
    "check_schema",
    "make_plan",
    "no_column",
    "row_filter",
]

ColumnMap = Mapping[str, tuple[str, str] | Sequence[str]]
TargetLike = Target | Family | str | int | Mapping[str, Any]


# --- the plan: everything worked out once, before touching the rows --------------------------
@dataclass(frozen=True)
class CriterionPlan:
    text: str
    column: str | None  # None: unknown on every row (reason in ``why``)
    threshold: float  # in the column's unit
    wants_high: bool
    strict: bool
    fraction_factor: float  # margin (column unit) -> margin fraction
    window: tuple[float, float] | None  # accepted test temperatures in the temperature column's unit
    rt_ok: bool  # NaN test temperature (= room temperature) is accepted
    margin_label: str
    fraction_label: str
    why: str = ""


@dataclass(frozen=True)
class ScreenPlan:
    criteria: tuple[CriterionPlan, ...]
    temperature: str | None
    fractions: bool
    target: str
    absolute_zero: float = -math.inf  # 0 K in the temperature column's unit

    @property
    def columns(self) -> tuple[str, ...]:
        cols = [c.column for c in self.criteria if c.column is not None]
        if self.temperature is not None:
            cols.append(self.temperature)
        return tuple(dict.fromkeys(cols))


def _mapping(columns: ColumnMap | None, frame_columns: Sequence[Any]) -> dict[str, tuple[str, str]]:
    """property id -> (column, unit); units are parsed and dimension-checked here."""
    out: dict[str, tuple[str, str]] = {}
    if columns is None:
        for name in frame_columns:
            parsed = parse_column_name(name)
            if parsed is not None and parsed[0] not in out:
                out[parsed[0]] = (str(name), parsed[1])  # stored or derived: one namespace
        return out
    if not isinstance(columns, Mapping):
        raise InputTypeError(
            "columns must map property names to (column, unit), e.g. "
            "{'tensile_strength': ('UTS (MPa)', 'MPa')}; got " + type(columns).__name__
        )
    return column_map(columns)  # the same checks as the command line's --column


def _check_unit(info: PropertyInfo, column: str, unit: str) -> None:
    try:
        info.coerce(quantity(1.0, unit))
    except WrongDimensionError as exc:
        raise WrongDimensionError(
            f"column {column!r}, mapped to {info.id} with unit {unit!r},", exc.expected, exc.given
        ) from None


def _window(c: Criterion, info: PropertyInfo, t_unit: str | None) -> tuple[tuple[float, float] | None, bool]:
    """Accepted test temperatures as a closed interval in the temperature column's unit, and
    whether a NaN (room) temperature is accepted. ``(None, True)``: every row counts."""
    if not info.temperature_dependent:
        return None, True
    if t_unit is None:  # no column of test temperatures: every row is at room temperature
        return (None, True) if c.room_temperature else ((math.inf, -math.inf), False)
    lo_k, hi_k = c.window_kelvin()  # the same window Criterion.accepts_temperature uses
    a, b = affine("kelvin", t_unit)
    return (lo_k * a + b, hi_k * a + b), c.room_temperature


def _label(base: str, used: set[str]) -> str:
    label, k = base, 2
    while label in used:
        label, k = f"{base} ({k})", k + 1
    used.add(label)
    return label


def _temperature_column(temperature: tuple[str, str] | Sequence[str] | None) -> tuple[str | None, str | None]:
    """The test temperature column and its unit, checked: ``(None, None)`` when not given."""
    if temperature is None:
        return None, None
    if isinstance(temperature, str) or not isinstance(temperature, Sequence) or len(temperature) != 2:
        raise InputValueError(
            f"temperature must be a (column name, unit) pair such as ('T (°C)', 'degC'); got {temperature!r}"
        )
    t_col, t_unit = temperature
    column_name(t_col, "the test temperature column")
    if not isinstance(t_unit, str):
        got = f"{type(t_unit).__name__} {t_unit!r}"
        raise InputTypeError(f"the unit of the test temperature column is a string such as 'degC'; got {got}")
    if parse_unit(t_unit).dimensionality != parse_unit("kelvin").dimensionality:
        raise WrongDimensionError(
            f"the test temperature column {t_col!r} with unit {t_unit!r}",
            "[temperature] (e.g. degC, K, degF)",
            str(parse_unit(t_unit).dimensionality),
        )
    if is_temperature_difference(t_unit):
        raise TemperatureError(
            f"the test temperature column {t_col!r} is given in {t_unit!r}, a temperature difference; give "
            "the unit of its temperatures, e.g. 'degC' or 'K'"
        )
    return t_col, t_unit


def make_plan(
    target: TargetLike,
    columns: ColumnMap | None,
    frame_columns: Sequence[Any],
    temperature: tuple[str, str] | Sequence[str] | None,
    kind: Kind | str,
    fractions: bool,
) -> ScreenPlan:
    t = as_target(target)
    value_kind = as_kind(kind)
    mapping = _mapping(columns, frame_columns)
    t_col, t_unit = _temperature_column(temperature)
    unmapped = [c.property for c in t.criteria if c.property not in mapping]
    if unmapped:
        have = ", ".join(f"{k} -> {v[0]!r}" for k, v in mapping.items()) or "nothing"
        raise ColumnNotFoundError(
            f"the target {str(t)!r} needs a column for {', '.join(dict.fromkeys(unmapped))}; "
            f"map it in columns={{property: (column name, unit)}} (mapped: {have})"
        )
    plans = []
    used: set[str] = {"verdict"}
    for c in t.criteria:
        info = property_info(c.property)
        column, unit = mapping[c.property]
        thr, _refs, problem = resolve_threshold(c)
        window, rt_ok = _window(c, info, t_unit)
        why = problem
        if not why and value_kind not in c.kinds:
            accepted = "/".join(k.value for k in c.kinds)
            why = f"the table's values are {value_kind.value}; the criterion accepts {accepted}"
        if not why and window is not None and window[0] > window[1]:
            why = f"the criterion is for {c.window_text} and no test temperature column is mapped"
        if not why and c.throughout and info.temperature_dependent and c.temperature_min != c.temperature_max:
            # as mg.check: throughout a window needs one curve covering it; a row is one test
            why = f"throughout {c.window_text} needs a series covering the window; a row is one test"
        threshold, factor = math.nan, math.nan
        if thr is not None:
            if info.is_hardness:
                if hardness_scale(unit) != hardness_scale(str(thr.units)):
                    raise IncompatibleScalesError(
                        f"column {column!r} holds {unit} hardness and {c.text!r} is on the "
                        f"{hardness_scale(str(thr.units))} scale; hardness scales never convert"
                    )
                threshold, a = float(thr.magnitude), 1.0
            else:
                threshold = float(thr.to(parse_unit(unit)).magnitude)
                a = affine(unit, str(thr.units))[0]
            factor = a / abs(float(thr.magnitude)) if thr.magnitude else math.nan
        label = _label(f"{c.text}: margin [{unit}]", used)
        plans.append(
            CriterionPlan(
                text=c.text,
                column=None if why else column,
                threshold=threshold,
                wants_high=c.op.wants_high,
                strict=c.op.value in (">", "<"),
                fraction_factor=factor,
                window=window,
                rt_ok=rt_ok,
                margin_label=label,
                fraction_label=_label(f"{c.text}: margin fraction", used),
                why=why,
            )
        )
    zero = -math.inf if t_unit is None else affine("kelvin", t_unit)[1]
    return ScreenPlan(tuple(plans), t_col, fractions, str(t), zero)


# --- the frame's columns, checked before any work -----------------------------------------------
def no_column(name: str, names: Sequence[str]) -> ColumnNotFoundError:
    low = str(name).lower()
    close = [c for c in names if low in c.lower() or c.lower() in low]
    close += difflib.get_close_matches(str(name), list(names), n=3, cutoff=0.5)
    close = list(dict.fromkeys(close))[:3]
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    shown = ", ".join(repr(c) for c in names[:30]) + (", ..." if len(names) > 30 else "")
    return ColumnNotFoundError(f"the frame has no column {name!r}{hint} (its columns: {shown})")


def check_frame(plan: ScreenPlan, frame_columns: Any, dtypes: Any) -> None:
    """The needed columns of a pandas or Dask frame: present, once, numeric."""
    for name in plan.columns:
        if name not in frame_columns:
            raise no_column(name, [str(c) for c in frame_columns])
        loc = frame_columns.get_loc(name)
        if not isinstance(loc, int):
            raise DataError(f"the frame has several columns named {name!r}; rename them apart")
        dtype = dtypes.iloc[loc]
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            raise DataError(
                f"column {name!r} holds {dtype}, not numbers; convert it first, e.g. "
                f"df[{name!r}] = pd.to_numeric(df[{name!r}], errors='coerce')"
            )


def check_schema(plan: ScreenPlan, names: Sequence[str], schema: Mapping[str, Any]) -> None:
    """The needed columns of a polars or Arrow frame (narwhals dtypes): present, numeric."""
    for name in plan.columns:
        if name not in schema:
            raise no_column(name, list(names))
        if not schema[name].is_numeric():
            raise DataError(
                f"column {name!r} holds {schema[name]}, not numbers; convert it first, e.g. "
                f"pl.col({name!r}).cast(pl.Float64, strict=False)"
            )


# --- the rows a reader may keep, for a pushed-down filter ------------------------------------------
@dataclass(frozen=True)
class RowFilter:
    """The rows a reader keeps for ``only="pass"``: those where every ``(column, op, value)`` of
    ``all_of`` holds (op: ``>``, ``>=``, ``<``, ``<=``; none when ``nothing_passes``), and, whatever
    those say, any row with an infinite value in a ``finite`` column, so that the screen can
    refuse it, and any row whose ``(column, lowest)`` of ``below`` is under its lowest value (a
    test temperature below absolute zero). A superset of the passing rows (test temperature
    windows are left out): the screen checks every row read again."""

    all_of: tuple[tuple[str, str, float], ...]
    nothing_passes: bool
    finite: tuple[str, ...]
    below: tuple[tuple[str, float], ...] = ()


def row_filter(plan: ScreenPlan) -> RowFilter:
    nothing = not plan.criteria or any(c.column is None for c in plan.criteria)
    ops = {(True, True): ">", (True, False): ">=", (False, True): "<", (False, False): "<="}
    all_of = tuple(
        (cast(str, c.column), ops[c.wants_high, c.strict], c.threshold) for c in plan.criteria if not nothing
    )
    below = () if plan.temperature is None else ((plan.temperature, plan.absolute_zero),)
    return RowFilter(all_of=all_of, nothing_passes=nothing, finite=plan.columns, below=below)
