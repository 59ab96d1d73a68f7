"""Screening tables of your own against a target or family: pandas, polars, Arrow or Dask.

``screen(df, target, columns)`` reads the columns you map, in the units you name, and returns
a new frame of the same kind, row for row: a ``verdict`` column (categorical ``pass``/``fail``/
``unknown``) and, per criterion, its margin in the column's unit and its margin fraction.
``screen(df, target, columns, only="pass")`` returns only the rows that pass, with ``df``'s
columns.

Examples:
    >>> import pandas as pd
    >>> import mgalloys as mg
    >>> from mgalloys.screening import screen
    >>> df = pd.DataFrame({"UTS (ksi)": [46.0, 40.0, 50.0], "El%": [12.0, 15.0, None]})
    >>> cols = {"uts": ("UTS (ksi)", "ksi"), "elongation": ("El%", "%")}
    >>> res = screen(df, mg.family("high-strength-casting"), columns=cols)
    >>> res["verdict"].tolist()
    ['pass', 'fail', 'unknown']
    >>> res.columns.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['verdict', 'tensile_strength > 300 MPa: margin [ksi]', 'tensile_strength > 300 MPa: margin fraction',
     'elongation > 10 %: margin [%]', 'elongation > 10 %: margin fraction']
    >>> screen(df, mg.family("high-strength-casting"), columns=cols, only="pass")
       UTS (ksi)   El%
    0       46.0  12.0

Rules (the same as ``mgalloys.check``, row by row; tests hold ``screen`` and ``check`` to it):

* A row passes when every criterion passes, fails when any criterion fails, and is unknown
  otherwise. **A missing value (NaN, or null in polars and Arrow) in a needed column makes that
  criterion unknown, never fail.** An infinite value is refused (``DataError``), as ``check``
  refuses one: a value is a finite number or missing.
* The margin is ``value - threshold`` for ``>``/``>=`` and ``threshold - value`` for ``<``/``<=``,
  in the **column's** unit (positive = room to spare); missing when the criterion is unknown (NaN
  in pandas and Dask, null in polars and Arrow, where NaN would compare as a number). The margin
  fraction is the margin over the threshold, as in ``mgalloys.CheckResult``.
* Each threshold is converted **once** into its column's unit with pint (a scalar), and the
  comparison runs on the column's float64 array: no per-row unit work. Relative thresholds
  (``> A380-F``, ``< min(6061-T6, A380-F)``) are resolved once from the bundled records.
* The table's values are taken as ``kind`` values (default ``typical``, like
  ``mgalloys.checking.user_alloy``); a criterion that accepts other kinds only is unknown.
* **Test temperature**: without ``temperature=(column, unit)`` every row is taken as measured at
  room temperature, so a criterion with a temperature window (``at 250 degC``) is unknown on every
  row (as ``mgalloys.check`` finds for an alloy without values at that temperature). With a
  temperature column, each row counts for the criteria whose window holds its test temperature
  (missing there means room temperature), with the tolerance of ``mgalloys.Criterion``. Rows
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

Kinds of frame (recognised with narwhals, which also reads their schemas and columns and filters
them, so that one code path serves them all): a pandas DataFrame gives a pandas DataFrame on
its index; a polars DataFrame or a pyarrow Table gives the same kind, in the same row order. The
verdicts and margins are computed once, by the same numpy code, whatever the kind.

Lazy frames stay lazy. A polars ``LazyFrame`` (``pl.scan_parquet(...)``) gives a ``LazyFrame``:
with ``only="pass"`` the thresholds are pushed into the scan as a filter, so that Parquet row
groups whose statistics rule out every row are skipped, then each row read is checked again
with the rules above. A Dask DataFrame (``pip install ".[dask]"``) gives a lazy Dask DataFrame
that applies the same function to every partition (``map_partitions``), on a
``dask.distributed`` cluster too. Call ``.collect()`` or ``.compute()``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping, Sequence
from functools import cache, partial, reduce
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd
from narwhals.exceptions import DuplicateError
from narwhals.stable.v2.dependencies import (
    get_polars,
    get_pyarrow,
    is_dask_dataframe,
    is_pandas_dataframe,
    is_polars_dataframe,
    is_polars_lazyframe,
    is_pyarrow_table,
)

from .catalog import Catalog, with_catalog
from .checking import Verdict
from .errors import (
    ColumnNotFoundError,
    DataError,
    InputTypeError,
    InputValueError,
)
from .screenplan import (
    ColumnMap,
    CriterionPlan,
    RowFilter,
    ScreenPlan,
    TargetLike,
    check_frame,
    check_schema,
    make_plan,
    row_filter,
)
from .values import Kind

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]
    CodeArray = npt.NDArray[np.int8]

__all__ = [
    "ONLY",
    "VERDICTS",
    "ColumnNotFoundError",
    "RowFilter",
    "columns_needed",
    "passing_filter",
    "screen",
]

#: The verdict categories, in code order (0 = pass, 1 = fail, 2 = unknown, 3 = no target: a target
#: without property criteria).
VERDICTS = (Verdict.PASS.value, Verdict.FAIL.value, Verdict.UNKNOWN.value, Verdict.NO_TARGET.value)
_PASS, _FAIL, _UNKNOWN, _NO_TARGET = 0, 1, 2, 3
#: What ``only=`` accepts: the rows of one verdict (today: the passing rows).
ONLY = ("pass",)

Frame = TypeVar("Frame")


# --- the work, on float64 arrays whatever the kind of frame -------------------------------------
def _refuse_unphysical(plan: ScreenPlan, arrays: Mapping[str, FloatArray], row: Callable[[int], str]) -> None:
    """An infinite value is refused, as ``check`` refuses one, and so is a test temperature below
    absolute zero (a unit mistake, most often); ``row(i)`` names the i-th row. NaN stays unknown."""
    bad = None
    for name, x in arrays.items():
        bad = np.isinf(x, out=bad)  # one buffer for every column: the arrays are as long
        if bad.any():
            i = int(bad.argmax())
            raise DataError(
                f"column {name!r}, {row(i)}: {x[i]} is not a finite number; values must be finite "
                "(leave an unknown value empty)"
            )
    if plan.temperature is not None:
        temps = arrays[plan.temperature]
        with np.errstate(invalid="ignore"):
            bad = np.less(temps, plan.absolute_zero, out=bad)
        if bad.any():
            i = int(bad.argmax())
            raise DataError(
                f"column {plan.temperature!r}, {row(i)}: {temps[i]} is below absolute zero "
                f"({int(bad.sum())} such row(s)); check its unit"
            )


def _rejected(c: CriterionPlan, temps: FloatArray | None) -> BoolArray | None:
    """The rows whose test temperature the criterion does not count (None: it counts all)."""
    if c.window is None or temps is None:
        return None
    with np.errstate(invalid="ignore"):
        lo, hi = c.window
        reject: BoolArray = (temps < lo) | (temps > hi)
        if not c.rt_ok:
            reject |= np.isnan(temps)
    return reject


def _screen_arrays(
    arrays: Mapping[str, FloatArray], n: int, plan: ScreenPlan
) -> tuple[CodeArray, dict[str, Any]]:
    """Verdict codes (0 pass, 1 fail, 2 unknown) and the margin (and fraction) columns."""
    temps = arrays.get(plan.temperature) if plan.temperature is not None else None
    data: dict[str, Any] = {}
    all_pass = np.full(n, bool(plan.criteria))  # no criterion: nothing to pass on (as check())
    any_fail = np.zeros(n, dtype=bool)
    tmp = np.empty(n, dtype=bool)
    for c in plan.criteria:
        if c.column is None:
            margin = np.full(n, np.nan)
            all_pass[:] = False
        else:
            x = arrays[c.column]
            margin = np.subtract(x, c.threshold) if c.wants_high else np.subtract(c.threshold, x)
            reject = _rejected(c, temps)
            if reject is not None:
                margin[reject] = np.nan
            # NaN compares False both ways: a NaN margin neither passes nor fails
            (np.greater if c.strict else np.greater_equal)(margin, 0.0, out=tmp)
            np.logical_and(all_pass, tmp, out=all_pass)
            (np.less_equal if c.strict else np.less)(margin, 0.0, out=tmp)
            np.logical_or(any_fail, tmp, out=any_fail)
        data[c.margin_label] = margin
        if plan.fractions:
            data[c.fraction_label] = margin * c.fraction_factor
    # codes: 0 pass, 1 fail, 2 unknown = 2*(not all_pass) - any_fail (any fail implies not all pass)
    codes: CodeArray = np.logical_not(all_pass).view(np.int8)
    np.add(codes, codes, out=codes)
    np.subtract(codes, any_fail.view(np.int8), out=codes)
    if not plan.criteria:
        codes[:] = _NO_TARGET  # as check(): a target without criteria is no target
    return codes, data


def _pass_mask(arrays: Mapping[str, FloatArray], n: int, plan: ScreenPlan) -> BoolArray:
    """The passing rows alone: ``x > t`` is ``x - t > 0`` for finite floats (no margins built)."""
    temps = arrays.get(plan.temperature) if plan.temperature is not None else None
    mask = np.full(n, bool(plan.criteria) and all(c.column is not None for c in plan.criteria))
    if not mask.any():
        return mask
    tmp = np.empty(n, dtype=bool)
    for c in plan.criteria:
        x = arrays[cast(str, c.column)]
        _COMPARE[c.wants_high, c.strict](x, c.threshold, out=tmp)  # NaN: False
        np.logical_and(mask, tmp, out=mask)
        reject = _rejected(c, temps)
        if reject is not None:
            np.logical_and(mask, ~reject, out=mask)
    return mask


_COMPARE = {
    (True, True): np.greater,
    (True, False): np.greater_equal,
    (False, True): np.less,
    (False, False): np.less_equal,
}


def _labels(plan: ScreenPlan) -> list[str]:
    """The screen's columns after ``verdict``, in the order ``_screen_arrays`` builds them."""
    out = []
    for c in plan.criteria:
        out += [c.margin_label, c.fraction_label] if plan.fractions else [c.margin_label]
    return out


# --- pandas (and each Dask partition) ---------------------------------------------------------------
def _floats(frame: pd.DataFrame, name: str) -> FloatArray:
    s = frame[name]
    if s.dtype == np.float64:
        out: FloatArray = s.to_numpy(copy=False)
        return out
    return np.asarray(s.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)


@cache
def _verdict_dtype() -> Any:
    return pd.CategoricalDtype(list(VERDICTS), ordered=False)


def _pandas_arrays(frame: pd.DataFrame, plan: ScreenPlan) -> dict[str, FloatArray]:
    arrays = {name: _floats(frame, name) for name in plan.columns}
    _refuse_unphysical(plan, arrays, lambda i: f"row {_label_of(frame.index[i])}")
    return arrays


def _label_of(label: Any) -> str:
    """An index label as a reader writes it: 11, not np.int64(11); 'a' quoted."""
    return repr(label) if isinstance(label, str) else str(label)


def _pandas_result(frame: pd.DataFrame, codes: CodeArray, data: dict[str, Any]) -> pd.DataFrame:
    try:
        verdict = pd.Categorical.from_codes(codes, dtype=_verdict_dtype(), validate=False)
    except TypeError:  # pragma: no cover - pandas < 2.1 has no 'validate'
        verdict = pd.Categorical.from_codes(codes, dtype=_verdict_dtype())
    out: pd.DataFrame = pd.DataFrame({"verdict": verdict, **data}, index=frame.index, copy=False)
    return out


def _apply(frame: pd.DataFrame, plan: ScreenPlan) -> pd.DataFrame:
    """The screen of one pandas frame (also one Dask partition)."""
    codes, data = _screen_arrays(_pandas_arrays(frame, plan), len(frame), plan)
    return _pandas_result(frame, codes, data)


def _pass_rows(frame: pd.DataFrame, plan: ScreenPlan, margins: bool) -> pd.DataFrame:
    """The passing rows of one pandas frame (also one Dask partition), with its columns."""
    arrays = _pandas_arrays(frame, plan)
    if not margins:
        kept: pd.DataFrame = frame[_pass_mask(arrays, len(frame), plan)]
        return kept
    codes, data = _screen_arrays(arrays, len(frame), plan)
    both = pd.concat([frame, _pandas_result(frame, codes, data)], axis=1)
    out: pd.DataFrame = both[codes == _PASS]
    return out


# --- polars and Arrow, through narwhals -------------------------------------------------------------
def _native_result(frame: Any, codes: CodeArray, data: dict[str, Any]) -> Any:
    """The screen's columns as a frame of ``frame``'s kind; a missing margin is null there."""
    if frame.implementation is nw.Implementation.POLARS:
        pl = get_polars()
        cols = [pl.Series("verdict", VERDICTS, dtype=pl.Enum(VERDICTS)).gather(codes)]
        return pl.DataFrame(cols + [pl.Series(k, v, nan_to_null=True) for k, v in data.items()])
    pa = get_pyarrow()
    verdict = pa.DictionaryArray.from_arrays(pa.array(codes), pa.array(VERDICTS))
    margins = [pa.array(v, from_pandas=True) for v in data.values()]  # NaN -> null
    return pa.table([verdict, *margins], names=["verdict", *data])


def _eager(native: Any, plan: ScreenPlan, only: str | None, margins: bool, where: str = "row") -> Any:
    """The screen of a polars DataFrame or an Arrow table, as the same kind."""
    frame = nw.from_native(native, eager_only=True)
    arrays = {
        name: np.asarray(frame.get_column(name).cast(nw.Float64).to_numpy(), dtype=np.float64)
        for name in plan.columns
    }
    _refuse_unphysical(plan, arrays, lambda i: f"{where} {i}" if where == "row" else where)
    if only is not None and not margins:
        mask = _pass_mask(arrays, len(frame), plan)
        return frame.filter(nw.new_series("", mask, nw.Boolean, backend=frame.implementation)).to_native()
    codes, data = _screen_arrays(arrays, len(frame), plan)
    result = nw.from_native(_native_result(frame, codes, data), eager_only=True)
    if only is None:
        return result.to_native()
    passing = nw.new_series("", codes == _PASS, nw.Boolean, backend=frame.implementation)
    return nw.concat([frame, result], how="horizontal").filter(passing).to_native()


def _prefilter(rf: RowFilter) -> Any:
    """``rf`` as a narwhals expression, for a lazy frame to push into its scan (None: no row)."""
    keep = None
    if not rf.nothing_passes:
        keep = reduce(operator.and_, (_OPS[op](nw.col(col), value) for col, op, value in rf.all_of))
    for col in rf.finite:  # infinite rows are read too, to be refused
        inf = (nw.col(col) == math.inf) | (nw.col(col) == -math.inf)
        keep = inf if keep is None else keep | inf
    for col, lowest in rf.below:  # and test temperatures below absolute zero
        cold = nw.col(col) < lowest
        keep = cold if keep is None else keep | cold
    return keep


_OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


def _lazy_polars(lf: Any, plan: ScreenPlan, only: str | None, margins: bool) -> Any:
    """A polars LazyFrame's screen, lazy: the pass filter goes into the scan (row groups whose
    statistics rule out every row are skipped), and the rows read are checked with numpy."""
    pl = get_polars()
    schema = lf.collect_schema()
    screen_schema = {"verdict": pl.Enum(VERDICTS), **dict.fromkeys(_labels(plan), pl.Float64)}
    # no pushdown through the check: a later select could drop the columns it reads
    opts = {"predicate_pushdown": False, "projection_pushdown": False, "slice_pushdown": False}
    if only is None:
        keep = list(plan.columns) or schema.names()[:1]  # one column keeps the row count
        check = partial(_eager, plan=plan, only=None, margins=False, where="a row")
        return lf.select(keep).map_batches(check, schema=screen_schema, **opts)
    keep = _prefilter(row_filter(plan))
    pre = lf.head(0) if keep is None else nw.from_native(lf).filter(keep).to_native()
    check = partial(_eager, plan=plan, only=only, margins=margins, where="a row")
    out_schema = {**schema, **screen_schema} if margins else dict(schema)
    return pre.map_batches(check, schema=out_schema, **opts)


def passing_filter(
    target: TargetLike,
    columns: ColumnMap | None,
    frame_columns: Sequence[Any],
    temperature: tuple[str, str] | None = None,
) -> RowFilter:
    """The rows a file reader may keep for ``screen(..., only="pass")``: a superset of the
    passing rows (test temperatures are not in it), plus any row with an infinite value, so that
    the screen can refuse it. The screen checks every row read again."""
    return row_filter(make_plan(target, columns, frame_columns, temperature, Kind.typical, False))


def columns_needed(
    target: TargetLike,
    columns: ColumnMap | None,
    frame_columns: Sequence[Any],
    temperature: tuple[str, str] | None = None,
) -> tuple[str, ...]:
    """The columns `screen` reads for this target and mapping (to read only those)."""
    return make_plan(target, columns, frame_columns, temperature, Kind.typical, False).columns


# --- the entry point --------------------------------------------------------------------------------
def _clash(plan: ScreenPlan, names: Sequence[str]) -> None:
    """With ``margins=True`` the screen's columns go beside the input's: no name twice."""
    both = sorted({"verdict", *_labels(plan)} & {str(n) for n in names})
    if both:
        raise DataError(f"the frame already has columns named {both}; rename them to add the margins")


def _narwhals_frame(df: Any) -> Any:
    if is_polars_dataframe(df) or is_polars_lazyframe(df) or is_pyarrow_table(df):
        try:
            return nw.from_native(df)
        except DuplicateError as exc:  # an Arrow table may repeat a name
            raise DataError(f"the frame has several columns of one name; rename them apart ({exc})") from None
    raise InputTypeError(
        "screen needs a pandas, polars or Dask DataFrame, a polars LazyFrame or a pyarrow Table; "
        f"got {type(df).__module__.split('.')[0]}.{type(df).__name__}"
    )


@with_catalog
def screen(
    df: Frame,
    target: TargetLike,
    columns: ColumnMap | None = None,
    *,
    temperature: tuple[str, str] | None = None,
    kind: Kind | str = Kind.typical,
    fractions: bool = True,
    only: Literal["pass"] | None = None,
    margins: bool = False,
    catalog: Catalog | None = None,
) -> Frame:
    """Screen every row of ``df`` against ``target``; see the module docs for the rules.

    Args:
        df: a pandas, polars or Dask DataFrame, a polars LazyFrame or a pyarrow Table; the
            result is of the same kind (lazy for a LazyFrame and a Dask DataFrame).
        target: a ``Target``, a ``Family``, a family id or number,
            target text (``"uts > 43.5 ksi and el > 10 %"``) or a dict.
        columns: ``{property id or alias: (column name, unit)}``, e.g.
            ``{"tensile_strength": ("UTS (MPa)", "MPa"), "el": ("El%", "%")}``. Default: the
            columns named like ``'tensile_strength [MPa]'`` (as ``mgalloys.tables.to_frame``
            writes them).
        temperature: ``(column name, unit)`` of the rows' test temperature (missing = room
            temperature); without it every row is a room-temperature value.
        kind: what the table's values are (default ``typical``).
        fractions: also return each criterion's margin fraction (default True).
        only: ``"pass"``: return only the passing rows, with ``df``'s columns (and index).
        margins: with ``only="pass"``, also return the screen's columns beside ``df``'s.
        catalog: the catalog that relative thresholds (``> A380-F``) are resolved in (default:
            the one in use, see `mgalloys.using`).

    Returns:
        Without ``only``, a new frame row for row with ``df`` (on its index for pandas and Dask):
        ``verdict`` (categorical: pass, fail, unknown), then per criterion
        ``'<criterion>: margin [<column unit>]'`` and ``'<criterion>: margin fraction'``.
        With ``only="pass"``, the rows of ``df`` that pass, in their order.
    """
    if only is not None and only not in ONLY:
        raise InputValueError(f"only= takes {' or '.join(map(repr, ONLY))} (or None); got {only!r}")
    if is_pandas_dataframe(df) or is_dask_dataframe(df):
        plan = make_plan(target, columns, list(df.columns), temperature, kind, fractions)
        check_frame(plan, df.columns, df.dtypes)
        if only is not None and margins:
            _clash(plan, list(df.columns))
        if is_dask_dataframe(df):
            return cast(Frame, _dask(df, plan, only, margins))
        return cast(Frame, _apply(df, plan) if only is None else _pass_rows(df, plan, margins))
    frame = _narwhals_frame(df)
    names = frame.collect_schema().names()
    plan = make_plan(target, columns, names, temperature, kind, fractions)
    check_schema(plan, names, frame.collect_schema())
    if only is not None and margins:
        _clash(plan, names)
    if isinstance(frame, nw.LazyFrame):
        return cast(Frame, _lazy_polars(df, plan, only, margins))
    return cast(Frame, _eager(df, plan, only, margins))


def _dask(df: Any, plan: ScreenPlan, only: str | None, margins: bool) -> Any:
    """A lazy Dask DataFrame: the same pandas function on every partition."""
    if only is None:
        return df.map_partitions(_apply, plan, meta=_apply(df._meta, plan))
    return df.map_partitions(_pass_rows, plan, margins, meta=_pass_rows(df._meta, plan, margins))
