"""Reading and writing table files (CSV, Parquet, JSON) for the command line's ``screen``.

pyarrow (``pip install "mgalloys[arrow]"``) reads and writes CSV with many threads and is the
only way to Parquet; without it, CSV goes through pandas. Either way a row with more fields than
the header is an error naming its line (pandas alone would shift the columns silently), and so
is a quote never closed (both readers would read the rest of the file into one cell): the rows
read are counted against the lines of the file. The input must be a regular file (it is opened
twice: the header, then the columns needed), with a header naming each needed column once.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import stat
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from .errors import DataError, MgAlloysError
from .strictcsv import field_of

try:  # the optional 'arrow' extra; without it, CSV goes through pandas and Parquet is refused
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    _ARROW = True
except ImportError:  # pragma: no cover - tested where pyarrow is missing; every use asks has_arrow()
    _ARROW = False

__all__ = [
    "FORMATS",
    "check_header",
    "format_of",
    "has_arrow",
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


def _rows_lost(path: str, frame: pd.DataFrame) -> None:
    """Refuse a CSV file whose lines are not all read as rows: a quote never closed makes both
    readers take the rest of the file as one cell. Counting lines is fast; the slow path only
    runs when the counts differ (blank lines, line breaks inside quoted cells, or a defect)."""
    lines, last = 0, b"\n"
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            lines, last = lines + chunk.count(b"\n"), chunk[-1:]
    if len(frame) + 1 == lines + (last != b"\n"):
        return
    bad = _bad_line(path)
    if bad is not None:
        raise bad


def read_table_file(
    path: str, columns: Sequence[str] | None = None, chunk_rows: int = 200_000
) -> pd.DataFrame:
    """A CSV or Parquet file as a DataFrame (only ``columns`` when given)."""
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
    _rows_lost(path, frame)
    return frame


def _read_csv_arrow(path: str, columns: Sequence[str] | None) -> pd.DataFrame:
    convert = pcsv.ConvertOptions(include_columns=list(columns) if columns else None)
    try:
        table = pcsv.read_csv(path, convert_options=convert)
    except pa.ArrowException as exc:
        bad = _bad_line(path) if "Expected" in str(exc) and "columns" in str(exc) else None
        if bad is not None:
            raise bad from None
        raise DataError(f"{path}: not a CSV file pyarrow can read ({exc})") from None
    frame: pd.DataFrame = table.to_pandas()
    return frame


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


def write_table_file(df: pd.DataFrame, path: str | None, fmt: str, stdout: IO[str]) -> None:
    """Write ``df`` (with its index as a column ``row``) as ``fmt`` to ``path`` or ``stdout``."""
    if fmt not in FORMATS:
        raise MgAlloysError(f"screen writes {', '.join(FORMATS)}; not {fmt!r}")
    if fmt == "json":
        text = df.to_json(orient="records")
        _out(path, text, stdout)
        return
    if fmt == "parquet":
        _need_arrow("writing Parquet")
        if path is None:
            raise MgAlloysError("Parquet is binary: give a file with -o/--output")

        pq.write_table(_arrow_table(df, dictionary=True), path)
        return
    if has_arrow():
        if path is not None:
            with open(path, "wb") as fh:
                if fh.seekable():
                    _arrow_csv(df, fh)
                else:  # /dev/stdout, a pipe: _arrow_csv seeks back on a retry, so write from memory
                    fh.write(_arrow_csv_bytes(df))
        else:
            stdout.write(_arrow_csv_bytes(df).decode("utf-8"))
        return
    _out(path, df.to_csv(index_label="row"), stdout)


def _arrow_csv(df: pd.DataFrame, sink: IO[bytes]) -> None:
    table = _arrow_table(df)
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


def _arrow_csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    _arrow_csv(df, buf)
    return buf.getvalue()


def _arrow_table(df: pd.DataFrame, dictionary: bool = False) -> Any:

    cols: dict[str, Any] = {"row": pa.array(np.asarray(df.index))}
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
