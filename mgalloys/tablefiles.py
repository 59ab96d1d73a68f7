"""Reading and writing table files (CSV, Parquet, JSON) for the command line's ``screen``.

pyarrow (``pip install "mgalloys[arrow]"``) reads and writes CSV with many threads and is the
only way to Parquet; without it, CSV goes through pandas. Either way a row with more fields than
the header is an error naming its line (pandas alone would shift the columns silently), and so
is a quote never closed (both readers would read the rest of the file into one cell): the rows
read are counted against the lines of the file. The input must be a regular file (it is opened
twice: the header, then the columns needed), with a header naming each needed column once.

For the passing rows alone (``screen --only pass``), a Parquet file is read through
``pyarrow.dataset`` with the screen's thresholds as a filter: row groups whose statistics rule
out every row are skipped and the other rows are dropped as they are read, before any copy.
"""

from __future__ import annotations

import csv
import difflib
import io
import itertools
import math
import operator
import os
import stat
import warnings
from collections.abc import Sequence
from functools import reduce
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from .errors import ColumnNotFoundError, DataError, MgAlloysError
from .strictcsv import field_of

try:  # the optional 'arrow' extra; without it, CSV goes through pandas and Parquet is refused
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    _ARROW = True
except ImportError:  # pragma: no cover - tested where pyarrow is missing; every use asks has_arrow()
    _ARROW = False

__all__ = [
    "FORMATS",
    "check_header",
    "conform",
    "format_of",
    "has_arrow",
    "parquet_filter",
    "read_filtered",
    "read_header",
    "read_table_file",
    "write_table_file",
]

#: Output formats of ``screen``; ``table`` is refused there (a screen's output is data).
FORMATS = ("csv", "json", "parquet")


def has_arrow() -> bool:
    """Whether pyarrow (the 'arrow' extra) is installed."""
    return _ARROW


def _need_arrow(what: str) -> None:
    if not has_arrow():
        raise MgAlloysError(f"{what} needs pyarrow: pip install 'mgalloys[arrow]'")


def format_of(path: str | None, given: str | None) -> str:
    """The format asked for with ``--format``, else the one the file name says, else CSV."""
    if given:
        return given
    suffix = Path(path).suffix.lower() if path else ""
    return {".parquet": "parquet", ".pq": "parquet", ".json": "json"}.get(suffix, "csv")


def _regular(path: str) -> None:
    """Refuse a FIFO, a device or a folder: screen opens its input twice."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(mode):
        raise DataError(
            f"{path} is not a regular file (a FIFO, a device or a folder): screen reads its input twice "
            "(the header, then the columns needed); save the table to a file first"
        )


def read_header(path: str) -> list[str]:
    """The column names of a CSV or Parquet file, without reading its rows."""
    _regular(path)
    if format_of(path, None) == "parquet":
        _need_arrow("reading Parquet")
        try:
            return list(pq.read_schema(path).names)
        except pa.ArrowException as exc:
            raise DataError(f"{path}: not a Parquet file pyarrow can read ({exc})") from None
    with open(path, "rb") as raw:
        if b"\x00" in raw.read(4096):
            raise DataError(f"{path} is not UTF-8 text: save it as UTF-8 CSV (a binary or UTF-16 file?)")
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            header = next(csv.reader(fh), [])
    except UnicodeDecodeError:
        raise DataError(f"{path} is not UTF-8 text: save it as UTF-8 CSV (or Parquet)") from None
    if not header:
        raise DataError(f"{path} is empty: screen reads a CSV file with a header row")
    if header[0].startswith("\ufeff"):
        raise DataError(
            f"{path}:1: column 1: the file starts with two byte-order marks (U+FEFF), not one: it was saved "
            "with a BOM twice; save it again as CSV UTF-8"
        )
    return header


def check_header(path: str, header: Sequence[str], needed: Sequence[str] | None) -> None:
    """Refuse a needed column (every column when ``needed`` is None) named twice in the header:
    which of the two a reader takes is not defined."""
    for name in header if needed is None else needed:
        at = [i for i, h in enumerate(header, start=1) if h == name]
        if len(at) > 1:
            raise DataError(
                f"{path}:1: column {at[1]}: the column {name!r} appears twice in the header (columns "
                f"{at[0]} and {at[1]}); rename one"
            )


def _bad_line(path: str) -> DataError | None:
    """The error for the first row whose field count differs from the header's, or whose quote
    is never closed (slow path); None when every row fits."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh, strict=True)
        width = len(next(reader, []))
        start = reader.line_num + 1
        try:
            for fields in reader:
                if fields and len(fields) != width:
                    return DataError(
                        f"{path}:{reader.line_num}: column {min(len(fields), width) + 1}: {len(fields)} "
                        f"fields where the header has {width}; fix that row (a comma inside a value needs "
                        "quotes)"
                    )
                start = reader.line_num + 1
        except csv.Error as exc:
            with open(path, newline="", encoding="utf-8-sig") as again:
                line = next(itertools.islice(again, start - 1, None), "")
            return DataError(
                f"{path}:{start}: column {field_of(line)}: a quote opened in this row is not closed where it "
                f"should be ({exc}): the rest of the file would be one cell; close it (and double a quote "
                "inside a quoted cell)"
            )
    return None


def _rows_lost(path: str, rows: int) -> None:
    """Refuse a CSV file whose lines are not all read as rows: a quote never closed makes both
    readers take the rest of the file as one cell. Counting lines is fast; the slow path only
    runs when the counts differ (blank lines, line breaks inside quoted cells, or a defect)."""
    lines, last = 0, b"\n"
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            lines, last = lines + chunk.count(b"\n"), chunk[-1:]
    if rows + 1 == lines + (last != b"\n"):
        return
    bad = _bad_line(path)
    if bad is not None:
        raise bad


def read_table_file(
    path: str, columns: Sequence[str] | None = None, chunk_rows: int = 200_000
) -> pd.DataFrame:
    """A CSV or Parquet file as a DataFrame (only ``columns`` when given: a column the file lacks
    is an error naming the columns it has)."""
    if columns:
        _has_columns(path, columns, read_header(path))
    if format_of(path, None) == "parquet":
        _need_arrow("reading Parquet")
        try:  # ParquetFile.read takes column names as they are (read_table parses dots and brackets)
            frame: pd.DataFrame = (
                pq.ParquetFile(path).read(columns=list(columns) if columns else None).to_pandas()
            )
        except pa.ArrowException as exc:
            raise DataError(f"{path}: not a Parquet file pyarrow can read ({exc})") from None
        return frame
    frame = _read_csv_arrow(path, columns) if has_arrow() else _read_csv_pandas(path, columns, chunk_rows)
    _rows_lost(path, len(frame))
    return frame


def _has_columns(path: str, columns: Sequence[str], header: Sequence[str]) -> None:
    for name in columns:
        if name in header:
            continue
        close = difflib.get_close_matches(name, list(header), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        shown = ", ".join(repr(c) for c in header[:30]) + (", ..." if len(header) > 30 else "")
        raise ColumnNotFoundError(f"{path} has no column {name!r}{hint} (its columns: {shown})")


def _read_csv_arrow(path: str, columns: Sequence[str] | None) -> pd.DataFrame:
    frame: pd.DataFrame = _arrow_csv_table(path, columns).to_pandas()
    return frame


def _arrow_csv_table(path: str, columns: Sequence[str] | None) -> Any:
    convert = pcsv.ConvertOptions(include_columns=list(columns) if columns else None)
    try:
        return pcsv.read_csv(path, convert_options=convert)
    except pa.ArrowException as exc:
        bad = _bad_line(path) if "Expected" in str(exc) and "columns" in str(exc) else None
        if bad is not None:
            raise bad from None
        raise DataError(f"{path}: not a CSV file pyarrow can read ({exc})") from None


_OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


def parquet_filter(
    all_of: Sequence[tuple[str, str, float]],
    infinite_in: Sequence[str],
    below: Sequence[tuple[str, float]] = (),
) -> Any:
    """Rows where every ``(column, op, value)`` holds (none when ``all_of`` is empty), or where a
    column of ``infinite_in`` is infinite, or a ``(column, lowest)`` of ``below`` is under its
    lowest value: a pyarrow expression whose comparisons the Parquet reader checks against each
    row group's statistics."""
    keep = reduce(operator.and_, (_OPS[op](pc.field(c), v) for c, op, v in all_of)) if all_of else None
    for c in infinite_in:
        inf = (pc.field(c) == math.inf) | (pc.field(c) == -math.inf)
        keep = inf if keep is None else keep | inf
    for c, lowest in below:
        cold = pc.field(c) < lowest
        keep = cold if keep is None else keep | cold
    return pc.scalar(False) if keep is None else keep


def read_filtered(
    path: str,
    all_of: Sequence[tuple[str, str, float]],
    infinite_in: Sequence[str],
    below: Sequence[tuple[str, float]] = (),
) -> tuple[Any, int]:
    """The rows of a CSV or Parquet file where every ``(column, op, value)`` of ``all_of`` holds
    (``op``: ``>``, ``>=``, ``<``, ``<=``; none when ``all_of`` is empty) or a column of
    ``infinite_in`` is infinite or one of ``below`` under its lowest value, with all the file's
    columns, as a pyarrow Table; and the number of rows in the file. A Parquet file is filtered
    as it is read (row groups that the statistics rule out are skipped); a CSV file is read whole
    (its caller filters it)."""
    _need_arrow("reading the passing rows")
    if format_of(path, None) != "parquet":
        table = _arrow_csv_table(path, None)
        _rows_lost(path, table.num_rows)
        return table, table.num_rows
    try:
        file = pq.ParquetFile(path)
        texts = _dictionary_texts(file)
        # text columns stored with a dictionary are read as one (codes, not strings), and made
        # text again once only the rows kept are left: 2-3x faster for a column of alloy names
        options = ds.ParquetReadOptions(dictionary_columns=list(texts))
        data = ds.dataset(path, format=ds.ParquetFileFormat(read_options=options))
        table = data.to_table(filter=parquet_filter(all_of, infinite_in, below), batch_size=1 << 20)
    except pa.ArrowException as exc:
        raise DataError(f"{path}: not a Parquet file pyarrow can read ({exc})") from None
    for name, kind in texts.items():
        i = table.schema.get_field_index(name)
        table = table.set_column(i, name, table.column(i).cast(kind))
    return table, file.metadata.num_rows


def conform(table: Any, path: str) -> Any:
    """``table`` with each column that the Parquet file at ``path`` also has cast to the file's
    type (another reader may hand text back as large strings, categories as other dictionaries)."""
    wanted = {field.name: field.type for field in pq.read_schema(path)}
    for i, field in enumerate(table.schema):
        kind = wanted.get(field.name)
        if kind is not None and kind != field.type:
            table = table.set_column(i, field.name, table.column(i).cast(kind))
    return table


def _dictionary_texts(file: Any) -> dict[str, Any]:
    """The text columns of a Parquet file stored with a dictionary in every row group, and their
    Arrow types."""
    schema, meta = file.schema_arrow, file.metadata
    out = {}
    for i, field in enumerate(schema):
        if not (pa.types.is_string(field.type) or pa.types.is_large_string(field.type)):
            continue
        if schema.get_all_field_indices(field.name) != [i] or meta.num_columns != len(schema):
            continue  # a repeated or nested name: read as it is
        if all(meta.row_group(g).column(i).has_dictionary_page for g in range(meta.num_row_groups)):
            out[field.name] = field.type
    return out


def _read_csv_pandas(path: str, columns: Sequence[str] | None, chunk_rows: int) -> pd.DataFrame:

    with warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.ParserWarning)  # the first row too long: an error
        try:
            chunks = pd.read_csv(
                path, usecols=list(columns) if columns else None, index_col=False, chunksize=chunk_rows
            )
            return pd.concat(list(chunks), ignore_index=True)
        except (pd.errors.ParserError, pd.errors.ParserWarning) as exc:
            raise _bad_line(path) or DataError(f"{path}: not a CSV file pandas can read ({exc})") from None


def write_table_file(
    df: pd.DataFrame | Any, path: str | None, fmt: str, stdout: IO[str], index: bool = True
) -> None:
    """Write ``df`` (a pandas DataFrame, with its index as a column ``row`` when ``index``, or a
    pyarrow Table) as ``fmt`` to ``path`` or ``stdout``."""
    if fmt not in FORMATS:
        raise MgAlloysError(f"screen writes {', '.join(FORMATS)}; not {fmt!r}")
    arrow = not isinstance(df, pd.DataFrame)
    if fmt == "json":
        plain: Any = df
        text = (plain.to_pandas() if arrow else plain).to_json(orient="records")
        _out(path, text, stdout)
        return
    if fmt == "parquet":
        _need_arrow("writing Parquet")
        if path is None:
            raise MgAlloysError("Parquet is binary: give a file with -o/--output")
        pq.write_table(df if arrow else _arrow_table(df, dictionary=True, index=index), path)
        return
    if has_arrow():
        table = df if arrow else _arrow_table(df, index=index)
        if path is not None:
            with open(path, "wb") as fh:
                if fh.seekable():
                    _arrow_csv(table, fh)
                else:  # /dev/stdout, a pipe: _arrow_csv seeks back on a retry, so write from memory
                    fh.write(_arrow_csv_bytes(table))
        else:
            stdout.write(_arrow_csv_bytes(table).decode("utf-8"))
        return
    _out(path, df.to_csv(index_label="row") if index else df.to_csv(index=False), stdout)


def _arrow_csv(table: Any, sink: IO[bytes]) -> None:
    for i, field in enumerate(table.schema):  # a category (the verdict) as its plain text
        if pa.types.is_dictionary(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(field.type.value_type))
    # the header as the csv module writes it (pyarrow quotes every column name)
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(table.column_names)
    sink.write(header.getvalue().encode("utf-8"))
    start = sink.tell()
    try:  # unquoted, as the csv module writes plain cells; pyarrow refuses cells that need quotes
        pcsv.write_csv(table, sink, pcsv.WriteOptions(include_header=False, quoting_style="none"))
    except pa.ArrowInvalid:
        sink.seek(start)
        sink.truncate()
        pcsv.write_csv(table, sink, pcsv.WriteOptions(include_header=False))


def _arrow_csv_bytes(table: Any) -> bytes:
    buf = io.BytesIO()
    _arrow_csv(table, buf)
    return buf.getvalue()


def _arrow_table(df: pd.DataFrame, dictionary: bool = False, index: bool = True) -> Any:
    cols: dict[str, Any] = {"row": pa.array(np.asarray(df.index))} if index else {}
    for name in df.columns:
        s = df[name]
        if hasattr(s, "cat"):  # the verdict
            labels = pa.array(np.asarray(s.cat.categories, dtype=object))
            codes = pa.array(s.cat.codes.to_numpy())
            # Parquet keeps a dictionary column as one (read back as categories); CSV, plain strings
            cols[str(name)] = (
                pa.DictionaryArray.from_arrays(codes, labels) if dictionary else labels.take(codes)
            )
        else:
            cols[str(name)] = pa.array(s.to_numpy(), from_pandas=True)  # NaN: an empty cell, as pandas writes
    return pa.table(cols)


def _out(path: str | None, text: str, stdout: IO[str]) -> None:
    if path is None:
        stdout.write(text)
    else:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
