"""Screening tables of your own against a target or family, vectorized over pandas or Dask.

``screen(df, target, columns)`` reads the columns you map, in the units you name, and returns
a new DataFrame with the same index: a ``verdict`` column (categorical ``pass``/``fail``/
``unknown``) and, per criterion, its margin in the column's unit and its margin fraction.

Examples:
    >>> import pandas as pd
    >>> import mgalloys as mg
    >>> from mgalloys.screening import screen
    >>> df = pd.DataFrame({"UTS (ksi)": [46.0, 40.0, 50.0], "El%": [12.0, 15.0, None]})
    >>> res = screen(df, mg.family("high-strength-casting"),
    ...              columns={"uts": ("UTS (ksi)", "ksi"), "elongation": ("El%", "%")})
    >>> res["verdict"].tolist()
    ['pass', 'fail', 'unknown']
    >>> res.columns.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['verdict', 'tensile_strength > 300 MPa: margin [ksi]', 'tensile_strength > 300 MPa: margin fraction',
     'elongation > 10 %: margin [%]', 'elongation > 10 %: margin fraction']

Rules (the same as ``mgalloys.check``, row by row; tests hold ``screen`` and ``check`` to it):

* A row passes when every criterion passes, fails when any criterion fails, and is unknown
  otherwise. **NaN in a needed column makes that criterion unknown, never fail.**
* The margin is ``value - threshold`` for ``>``/``>=`` and ``threshold - value`` for ``<``/``<=``,
  in the **column's** unit (positive = room to spare); NaN when the criterion is unknown. The
  margin fraction is the margin over the threshold, as in ``mgalloys.CheckResult``.
* Each threshold is converted **once** into its column's unit with pint (a scalar), and the
  comparison runs on the column's float64 array: no per-row unit work. Relative thresholds
  (``> A380-F``, ``< min(6061-T6, A380-F)``) are resolved once from the bundled records.
* The table's values are taken as ``kind`` values (default ``typical``, like
  ``mgalloys.checking.user_alloy``); a criterion that accepts other kinds only is unknown.
* **Test temperature**: without ``temperature=(column, unit)`` every row is taken as measured at
  room temperature, so a criterion with a temperature window (``at 250 degC``) is unknown on every
  row (as ``mgalloys.check`` finds for an alloy without values at that temperature). With a
  temperature column, each row counts for the criteria whose window holds its test temperature
  (NaN there means room temperature), with the tolerance of ``mgalloys.Criterion``. Rows
  are not joined into curves, so a ``throughout`` window is unknown on every row.
* Values must be finite, as ``mgalloys.check`` requires: an infinite value in a needed column
  (or a test temperature below absolute zero) is a ``DataError`` naming the column, the first
  row and how many there are; NaN stays *unknown*.
* Every problem in the mapping is an error **before any work**: a property the library does not
  know (``UnknownPropertyError``), a unit of the wrong dimension
  (``WrongDimensionError``) or of another hardness scale
  (``IncompatibleScalesError``), a criterion without a mapped column or a mapped
  column missing from the frame (``ColumnNotFoundError``), a column that is not numeric
  (``DataError``). Mapped columns that the target does not use are not read.
* The input frame is never modified and the result shares no memory with it.

Dask: pass a ``dask.dataframe.DataFrame`` (``pip install ".[dask]"``) and ``screen``
checks the mapping against its columns and dtypes, resolves the thresholds once, and returns a
lazy Dask DataFrame that applies the same function to every partition (``map_partitions``). Call
``.compute()`` (or keep it lazy and filter). Works on a ``dask.distributed`` cluster.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import pandas as pd

from ._columns import affine, hardness_scale, parse_column_name
from .catalog import Catalog, with_catalog
from .checking import Verdict, resolve_threshold
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
from .inputs import as_frame, as_target, column_map, column_name
from .propertytable import PropertyInfo, property_info
from .targets import Criterion, Target
from .units import is_temperature_difference, parse_unit, quantity
from .values import Kind, as_kind

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

__all__ = ["VERDICTS", "ColumnNotFoundError", "screen"]

#: The verdict categories, in code order (0 = pass, 1 = fail, 2 = unknown).
VERDICTS = (Verdict.PASS.value, Verdict.FAIL.value, Verdict.UNKNOWN.value)
_PASS, _FAIL, _UNKNOWN = 0, 1, 2

ColumnMap = Mapping[str, tuple[str, str] | Sequence[str]]
TargetLike = Target | Family | str | int | Mapping[str, Any]


# --- the plan: everything worked out once, before touching the rows --------------------------
@dataclass(frozen=True)
class _CriterionPlan:
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
class _Plan:
    criteria: tuple[_CriterionPlan, ...]
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


def _plan(
    target: TargetLike,
    columns: ColumnMap | None,
    frame_columns: Sequence[Any],
    temperature: tuple[str, str] | Sequence[str] | None,
    kind: Kind | str,
    fractions: bool,
) -> _Plan:
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
            _CriterionPlan(
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
    return _Plan(tuple(plans), t_col, fractions, str(t), zero)


def _check_frame(plan: _Plan, frame_columns: Any, dtypes: Any) -> None:
    for name in plan.columns:
        if name not in frame_columns:
            names = [str(c) for c in frame_columns]
            low = str(name).lower()
            close = [c for c in names if low in c.lower() or c.lower() in low]
            close += difflib.get_close_matches(str(name), names, n=3, cutoff=0.5)
            close = list(dict.fromkeys(close))[:3]
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            shown = ", ".join(repr(c) for c in names[:30]) + (", ..." if len(names) > 30 else "")
            raise ColumnNotFoundError(f"the frame has no column {name!r}{hint} (its columns: {shown})")
        loc = frame_columns.get_loc(name)
        if not isinstance(loc, int):
            raise DataError(f"the frame has several columns named {name!r}; rename them apart")
        dtype = dtypes.iloc[loc]
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            raise DataError(
                f"column {name!r} holds {dtype}, not numbers; convert it first, e.g. "
                f"df[{name!r}] = pd.to_numeric(df[{name!r}], errors='coerce')"
            )


# --- the work ---------------------------------------------------------------------------------
def _floats(frame: pd.DataFrame, name: str) -> FloatArray:
    s = frame[name]
    if s.dtype == np.float64:
        out: FloatArray = s.to_numpy(copy=False)
        return out
    return np.asarray(s.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)


def _row(frame: pd.DataFrame, bad: Any) -> str:
    """The index label of the first flagged row, as a reader writes it."""
    label = frame.index[int(np.argmax(bad))]
    return repr(label) if isinstance(label, str) else str(label)


def _finite(frame: pd.DataFrame, name: str) -> FloatArray:
    """A needed column as floats: NaN (unknown) is kept, an infinite value is an error."""
    x = _floats(frame, name)
    bad = np.isinf(x)
    if bad.any():
        raise DataError(
            f"column {name!r} holds {int(bad.sum())} infinite value(s) (the first at row "
            f"{_row(frame, bad)}); values must be finite, as check() requires: fix them, or make them "
            "NaN (unknown)"
        )
    return x


def _above_absolute_zero(frame: pd.DataFrame, plan: _Plan, temps: FloatArray) -> None:
    with np.errstate(invalid="ignore"):
        bad = temps < plan.absolute_zero
    if bad.any():
        raise DataError(
            f"column {plan.temperature!r} holds {int(bad.sum())} test temperature(s) below absolute zero "
            f"(the first at row {_row(frame, bad)}); check its unit"
        )


@cache
def _verdict_dtype() -> Any:
    return pd.CategoricalDtype(list(VERDICTS), ordered=False)


def _apply(frame: pd.DataFrame, plan: _Plan) -> pd.DataFrame:
    """The screen of one pandas frame (also one Dask partition)."""
    n = len(frame)
    arrays = {name: _finite(frame, name) for name in plan.columns}
    temps = arrays.get(plan.temperature) if plan.temperature is not None else None
    if temps is not None:
        _above_absolute_zero(frame, plan, temps)
    data: dict[str, Any] = {"verdict": None}
    all_pass = np.ones(n, dtype=bool)
    any_fail = np.zeros(n, dtype=bool)
    tmp = np.empty(n, dtype=bool)
    for c in plan.criteria:
        if c.column is None:
            margin = np.full(n, np.nan)
            all_pass[:] = False
        else:
            x = arrays[c.column]
            margin = np.subtract(x, c.threshold) if c.wants_high else np.subtract(c.threshold, x)
            if c.window is not None and temps is not None:
                with np.errstate(invalid="ignore"):
                    lo, hi = c.window
                    reject = (temps < lo) | (temps > hi)
                    if not c.rt_ok:
                        reject |= np.isnan(temps)
                margin[reject] = np.nan
            # NaN compares False both ways: a NaN margin neither passes nor fails
            (np.greater if c.strict else np.greater_equal)(margin, 0.0, out=tmp)
            np.logical_and(all_pass, tmp, out=all_pass)
            (np.less_equal if c.strict else np.less)(margin, 0.0, out=tmp)
            np.logical_or(any_fail, tmp, out=any_fail)
        data[c.margin_label] = margin
        if plan.fractions:
            data[c.fraction_label] = margin * c.fraction_factor
    if not plan.criteria:
        all_pass[:] = False  # no criterion: nothing to pass on (as check())
    # codes: 0 pass, 1 fail, 2 unknown = 2*(not all_pass) - any_fail (any fail implies not all pass)
    codes = np.logical_not(all_pass).view(np.int8)
    np.add(codes, codes, out=codes)
    np.subtract(codes, any_fail.view(np.int8), out=codes)
    try:
        verdict = pd.Categorical.from_codes(codes, dtype=_verdict_dtype(), validate=False)
    except TypeError:  # pragma: no cover - pandas < 2.1 has no 'validate'
        verdict = pd.Categorical.from_codes(codes, dtype=_verdict_dtype())
    data["verdict"] = verdict
    out: pd.DataFrame = pd.DataFrame(data, index=frame.index, copy=False)
    return out


def columns_needed(
    target: TargetLike,
    columns: ColumnMap | None,
    frame_columns: Sequence[Any],
    temperature: tuple[str, str] | None = None,
) -> tuple[str, ...]:
    """The columns `screen` reads for this target and mapping (to read only those)."""
    return _plan(target, columns, frame_columns, temperature, Kind.typical, False).columns


def _is_dask(obj: Any) -> bool:
    return type(obj).__module__.split(".")[0] in ("dask", "dask_expr") and hasattr(obj, "map_partitions")


@overload
def screen(
    df: pd.DataFrame,
    target: TargetLike,
    columns: ColumnMap | None = None,
    *,
    temperature: tuple[str, str] | None = None,
    kind: Kind | str = Kind.typical,
    fractions: bool = True,
    catalog: Catalog | None = None,
) -> pd.DataFrame: ...


@overload
def screen(
    df: Any,
    target: TargetLike,
    columns: ColumnMap | None = None,
    *,
    temperature: tuple[str, str] | None = None,
    kind: Kind | str = Kind.typical,
    fractions: bool = True,
    catalog: Catalog | None = None,
) -> Any: ...


@with_catalog
def screen(
    df: Any,
    target: TargetLike,
    columns: ColumnMap | None = None,
    *,
    temperature: tuple[str, str] | None = None,
    kind: Kind | str = Kind.typical,
    fractions: bool = True,
    catalog: Catalog | None = None,
) -> Any:
    """Screen every row of ``df`` against ``target``; see the module docs for the rules.

    Args:
        df: a pandas DataFrame, or a Dask DataFrame (the result is then a lazy Dask DataFrame).
        target: a ``Target``, a ``Family``, a family id or number,
            target text (``"uts > 43.5 ksi and el > 10 %"``) or a dict.
        columns: ``{property id or alias: (column name, unit)}``, e.g.
            ``{"tensile_strength": ("UTS (MPa)", "MPa"), "el": ("El%", "%")}``. Default: the
            columns named like ``'tensile_strength [MPa]'`` (as ``mgalloys.tables.to_frame``
            writes them).
        temperature: ``(column name, unit)`` of the rows' test temperature (NaN = room
            temperature); without it every row is a room-temperature value.
        kind: what the table's values are (default ``typical``).
        fractions: also return each criterion's margin fraction (default True).
        catalog: the catalog that relative thresholds (``> A380-F``) are resolved in (default:
            the one in use, see `mgalloys.using`).

    Returns:
        A new frame on ``df``'s index: ``verdict`` (categorical: pass, fail, unknown), then per
        criterion ``'<criterion>: margin [<column unit>]'`` and ``'<criterion>: margin fraction'``.
        Join it to your table with ``df.join(result)``; filter with ``df[result.verdict == "pass"]``.
    """
    as_frame(df)
    plan = _plan(target, columns, list(df.columns), temperature, kind, fractions)
    _check_frame(plan, df.columns, df.dtypes)
    if _is_dask(df):
        meta = _apply(df._meta, plan)
        return df.map_partitions(_apply, plan, meta=meta)
    return _apply(df, plan)
