"""What each command does: one ``cmd_<name>`` function per command, given the parsed arguments.

Tables and paragraphs go through ``output`` (they fit the terminal and never split an identifier);
CSV and JSON rows go through ``output.emit`` (one number format, one unit spelling).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import mgalloys as mg

from ..datasheet import DEFAULT_MARK, composition_lines, datasheet_rows
from ..errors import UsageError
from ..inputs import as_family, as_target, column_map
from ..propertytable import PropertyInfo, default_properties
from ..units import parse_unit, unit_text
from ..values import as_kinds
from .output import (
    EXIT_FAIL,
    EXIT_OK,
    Col,
    data_number,
    data_value,
    emit,
    fill,
    frame_rows,
    print_table,
    say,
    table_fits,
    terminal,
    unit_args,
    unit_spelling,
    wrap_text,
)

#: ``show``'s table: the property named once, then each value with its kind, test temperature,
#: source and where the source prints it.
_SHOW_COLUMNS = (
    Col("property"),
    Col("default", " "),
    Col("value"),
    Col("kind", text=True),
    Col("at"),
    Col("source"),
    Col("where", "where, conditions", text=True),
)


def _show_rows(rows: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """``show``'s rows for the terminal: the property named once, where and conditions together."""
    out = []
    for i, r in enumerate(rows):
        first = i == 0 or rows[i - 1]["property"] != r["property"]
        where = "; ".join(x for x in (r["where"], r["conditions"]) if x)
        out.append({**r, "property": r["property"] if first else "", "where": where})
    return out


def _show_blocks(rows: Sequence[dict[str, str]], width: int) -> None:
    """``show``'s values when the table does not fit: a property, then one paragraph per value."""
    for r in rows:
        if r["property"]:
            print(r["property"])
        kind = f"({r['kind']}" + (")" if r["at"] == "-" else ",")
        at = [] if r["at"] == "-" else [f"{r['at']})"]
        atoms = [r["value"], *kind.split(), *at, f"[{r['source']}]", *r["where"].split()]
        mark = f"  {r['default']:<1} "
        print("\n".join(fill(atoms, width, mark, " " * (len(mark) + 2))))


def cmd_show(args: argparse.Namespace) -> int:
    a = mg.alloy(args.name)
    units = unit_args(args.units)
    if args.format == "json":
        print(json.dumps(data_value(a.model_dump(mode="json")), indent=1, ensure_ascii=False))
        return EXIT_OK
    rows = datasheet_rows(a, units)  # the notebook view prints the same rows
    if args.format == "csv":
        emit(rows, "csv")
        return EXIT_OK
    say(f"{a.record_id}: {a.grade}, temper {a.temper or '-'}, {a.product_form or 'form not stated'}", "")
    if a.description:
        say(a.description)
    say(f"families: {', '.join(a.families) or '-'} ({a.family_basis})")
    if a.aliases:
        names: dict[str, list[str]] = {}
        for al in a.aliases:
            names.setdefault(f"{al.alias} ({al.scheme})", []).append(al.source.key)
        say("also known as: " + ", ".join(names))
    for key, text in composition_lines(a.composition, a.base_element):  # the site's pages print the same
        say(f"composition, wt.%: {text} [{key}]")
    print()
    shown = _show_rows(rows)
    width = terminal().width
    if table_fits(shown, _SHOW_COLUMNS, width):
        print_table(shown, _SHOW_COLUMNS)
    else:
        _show_blocks(shown, width)
    print()
    say(f"{DEFAULT_MARK} = the default value (docs: concepts); '-' = not measured at a temperature", "")
    print("sources:")
    for src in a.sources():
        say(f"[{src.key}] {src.citation}")
    print("typical values are not design allowables")
    return EXIT_OK


def cmd_frontier(args: argparse.Namespace) -> int:
    fams = [mg.family(args.family)] if args.family else list(mg.families())
    rows = []
    for f in fams:
        fr = mg.frontier(f, n=args.n, reading=args.reading, strict=args.strict)
        if args.format == "table":
            print(wrap_text(f"#{f.number} {fr.render()}") + "\n")
            continue
        for rec in fr.to_frame().to_dict("records"):
            rows.append({"family": f.id, "reading": fr.reading, **{str(k): v for k, v in rec.items()}})
    if args.format != "table":
        emit(rows, args.format)
    return EXIT_OK


def _short_name(info: PropertyInfo) -> str:
    """A column head for a narrow table: the id, or its first alias when the id is long."""
    return info.id if len(info.id) <= 10 or not info.aliases else info.aliases[0]


def _legend(shown: Sequence[PropertyInfo]) -> str:
    short = [f"{_short_name(i)} = {i.id}" for i in shown if _short_name(i) != i.id]
    return "columns: " + ", ".join(short) if short else ""


def _list_columns(shown: Sequence[PropertyInfo], units: dict[str, str], table: bool) -> list[Col]:
    cols = [Col("record"), Col("form", text=True)]
    for info in shown:
        unit = unit_text(parse_unit(units.get(info.id, info.unit)))
        key = f"{info.id} [{unit}]"
        cols.append(Col(key, f"{_short_name(info)} [{unit}]" if table else key))
    return cols


def cmd_list(args: argparse.Namespace) -> int:
    if args.family is not None:
        raise UsageError(
            f"list --family is now --members (the records the data counts as members of "
            f"{args.family}); --family names the family a command judges against"
        )
    recs = mg.alloys(family=args.members, grade=args.grade, has=args.has or None, where=args.where)
    shown = [mg.property_info(p) for p in (args.props.split(",") if args.props else default_properties())]
    units = unit_args(args.units)
    table = args.format == "table"
    cols = _list_columns(shown, units, table)
    rows = []
    for a in recs:
        row: dict[str, Any] = {"record": a.record_id, "form": a.product_form or ""}
        for info, col in zip(shown, cols[2:], strict=True):
            q = a.get(info.id, units.get(info.id))
            row[col.key] = None if q is None else float(q.magnitude)
        rows.append(row)
    emit(rows, args.format, cols)
    if table:
        print()
        say(f"{len(rows)} record(s); empty cells are unknown. {_legend(shown)}", "")
    return EXIT_OK


def cmd_families(args: argparse.Namespace) -> int:
    rows = [
        {
            "#": f.number,
            "id": f.id,
            "target": f.target.text or "(no property target)",
            "members": len(mg.alloys(family=f)),
        }
        for f in mg.families()
    ]
    emit(rows, args.format, [Col("#"), Col("id"), Col("target", text=True), Col("members")])
    if args.verbose and args.format == "table":
        for f in mg.families():
            print()
            say(f"{f.number}. {f.name}", "")
            say(f'"{f.quote}"')
            say(f"interpretation: {f.interpretation}")
    return EXIT_OK


def _target_arg(args: argparse.Namespace) -> Any:
    """The family (by id or number) or the target text given with --family or --target."""
    if bool(args.family) == bool(args.target):
        raise UsageError("give exactly one of --family ID and --target TEXT")
    if args.family:
        return as_family(args.family)  # a number, id or name, as everywhere
    return as_target(args.target)


def _kinds(given: Sequence[str] | None) -> Any:
    """--kind KIND (repeatable, or comma-separated): the value kinds accepted; None if not given."""
    return None if not given else as_kinds(",".join(given))


def cmd_check(args: argparse.Namespace) -> int:
    tgt = _target_arg(args)
    units = unit_args(args.units)
    results = [mg.check(name, tgt, kinds=_kinds(args.kind), strict=args.strict) for name in args.names]
    if args.format == "table":
        for r in results:
            print(wrap_text(r.explain()))
    else:
        rows = []
        for r in results:
            rows += frame_rows(r.to_frame(units=units))
        emit(rows, args.format)
    return EXIT_OK if all(r.verdict is mg.Verdict.PASS for r in results) else EXIT_FAIL


def cmd_convert(args: argparse.Namespace) -> int:
    q = mg.convert(args.quantity, args.unit)
    if args.format == "table":
        print(mg.format_quantity(q, args.digits))
        return EXIT_OK
    # every --format is honoured, in the number format of every command (here with --digits)
    row = {"magnitude": data_number(q.magnitude, args.digits), "unit": unit_spelling(args.unit)}
    if args.format == "json":
        print(json.dumps(row, ensure_ascii=False))
    else:
        emit([row], "csv")
    return EXIT_OK


def cmd_scorecard(args: argparse.Namespace) -> int:
    sc = mg.scorecard(families=args.family or None, strict=args.strict)
    if args.format != "table":
        emit(frame_rows(sc.to_frame().reset_index()), args.format)
        return EXIT_OK
    numbers = {f.id: f"#{f.number}" for f in mg.families()}
    heads = [numbers[f] for f in sc.families]
    rows = [
        {"record": rec, **dict(zip(heads, cells, strict=True))} for rec, cells in sc.rows(args.only_known)
    ]
    how = ", measured and interpolated values only" if args.strict else ""
    n = len(sc.families)
    print(f"Which bundled alloys meet which family's targets (strategy paper, {n} families{how})\n")
    print_table(rows, [Col("record"), *(Col(h) for h in heads)])
    print()
    for line in sc.notes():
        say(line, "")
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    props = args.props.split(",") if args.props else list(default_properties())
    df = mg.compare(args.names, props, units=unit_args(args.units) or None)
    rows = frame_rows(df.reset_index())
    emit(rows, args.format)
    if args.format == "table":
        print("\nempty cells are unknown")
    return EXIT_OK


def _column_map(specs: Sequence[str] | None) -> dict[str, tuple[str, str]]:
    """--column PROP=COLUMN:UNIT (the unit after the last colon: column names may hold colons)."""
    return column_map(list(specs or ()))


def check_output(path: str | None) -> None:
    if path is None:
        return
    if os.path.isdir(path):
        raise UsageError(f"-o {path}: that is a folder; give a file name such as results.csv")
    parent = os.path.dirname(path) or "."
    if not os.path.isdir(parent):
        raise UsageError(f"-o {path}: the folder {parent!r} does not exist")


def _temperature_arg(spec: str | None) -> tuple[str, str] | None:
    if spec is None:
        return None
    if ":" not in spec:
        raise UsageError(f"--temperature takes COLUMN:UNIT (e.g. 'T [K]:K'), got {spec!r}")
    column, unit = spec.rsplit(":", 1)
    return column, unit.strip()


def cmd_screen(args: argparse.Namespace) -> int:
    import pandas as pd  # pandas loads only for the commands that need it

    from ..screening import columns_needed
    from ..tablefiles import check_header, format_of, read_header, read_table_file, write_table_file

    tgt = _target_arg(args)
    columns = _column_map(args.column) or None
    if os.path.isdir(args.file):
        raise UsageError(f"{args.file} is a folder; screen reads a CSV or Parquet file")
    if args.margins and not args.only:
        raise UsageError("--margins goes with --only pass (a full screen always writes the margins)")
    check_output(args.output)
    temperature = _temperature_arg(args.temperature)
    fmt = format_of(args.output, args.format)
    header = read_header(args.file)
    if args.only:
        return _screen_passing(args, tgt, columns, temperature, fmt, header)
    needed = None if args.keep_columns else columns_needed(tgt, columns, header, temperature)
    check_header(args.file, header, needed)
    frame = read_table_file(args.file, needed, chunk_rows=args.chunk_rows)
    res = mg.screen(frame, tgt, columns, temperature=temperature)
    result = pd.concat([frame, res], axis=1) if args.keep_columns else res
    write_table_file(result, args.output, fmt, sys.stdout)
    counts = res["verdict"].value_counts().to_dict()
    summary = ", ".join(f"{counts.get(v, 0)} {v}" for v in ("pass", "fail", "unknown"))
    if not args.quiet:
        print(f"screened {len(result)} rows: {summary}", file=sys.stderr)
    return EXIT_OK


def _screen_passing(
    args: argparse.Namespace, tgt: Any, columns: Any, temperature: Any, fmt: str, header: list[str]
) -> int:
    """``screen --only pass``: the input's rows that pass, with its columns. A Parquet file is
    filtered as it is read: through polars' lazy scan where polars is installed (as fast as
    polars' own filter), else through pyarrow.dataset, with the thresholds pushed down."""
    from ..screening import columns_needed, passing_filter
    from ..tablefiles import (
        check_header,
        conform,
        format_of,
        has_arrow,
        read_filtered,
        read_table_file,
        write_table_file,
    )

    check_header(args.file, header, columns_needed(tgt, columns, header, temperature))
    options: dict[str, Any] = {"temperature": temperature, "only": "pass", "margins": args.margins}
    pl = _polars()
    if format_of(args.file, None) == "parquet" and pl is not None and has_arrow():
        res, total = _polars_passing(pl, args.file, tgt, columns, options)
        res = conform(res, args.file)
    elif has_arrow():
        keep = passing_filter(tgt, columns, header, temperature)
        frame, total = read_filtered(
            args.file, () if keep.nothing_passes else keep.all_of, keep.finite, keep.below
        )
        res = mg.screen(frame, tgt, columns, **options)
    else:
        frame = read_table_file(args.file, None, chunk_rows=args.chunk_rows)
        total = len(frame)
        res = mg.screen(frame, tgt, columns, **options)
    write_table_file(res, args.output, fmt, sys.stdout, index=False)
    if not args.quiet:
        print(f"screened {total} rows: {len(res)} pass", file=sys.stderr)
    return EXIT_OK


def _polars() -> Any:
    """polars where it is installed (the fastest Parquet scan), else None."""
    try:
        import polars as pl  # optional; imported only for a Parquet file's passing rows
    except ImportError:  # pragma: no cover - polars is in the test extra
        return None
    return pl


def _polars_passing(pl: Any, path: str, tgt: Any, columns: Any, options: dict[str, Any]) -> tuple[Any, int]:
    """The passing rows of a Parquet file as an Arrow table, read by polars' lazy scan, and the
    file's row count."""
    try:
        lazy = mg.screen(pl.scan_parquet(path), tgt, columns, **options)
        return lazy.collect().to_arrow(), pl.scan_parquet(path).select(pl.len()).collect().item()
    except pl.exceptions.PolarsError as exc:
        raise mg.DataError(f"{path}: not a Parquet file polars can read ({exc})") from None


def cmd_validate(args: argparse.Namespace) -> int:
    from ..validation import read_counts, validate

    catalog, found = validate(args.folder)
    for line in read_counts(catalog) if catalog is not None else ():
        print(line)
    for line in found:
        print(line, file=sys.stderr if catalog is None else sys.stdout)
    n = 0 if catalog is None else sum(label != "data" for label in catalog.origin.values())
    verdict = "does not load" if catalog is None else ("ok" if not found else f"{len(found)} problem(s)")
    print(f"{args.folder}: {n} record(s), {verdict}")
    return EXIT_OK if not found else EXIT_FAIL


def cmd_at(args: argparse.Namespace) -> int:
    a = mg.alloy(args.name)
    res = a.at(args.property, args.temperature, extrapolate=args.extrapolate)
    shown = res.value if res.value is None or not args.unit else mg.convert(res.value, args.unit)
    row: dict[str, Any] = {
        "record": a.record_id,
        "property": res.property,
        "temperature": mg.format_quantity(res.temperature),
        "value": None if shown is None else float(shown.magnitude),
        "unit": None if shown is None else unit_text(shown.units),
        "method": res.method.value,
        "source": "" if res.source is None else res.source.key,
        "explanation": res.explanation,
    }
    if args.format != "table":
        emit([row], args.format)
        return EXIT_OK
    row["value"] = "unknown" if shown is None else mg.format_quantity(shown, 4)
    del row["unit"]
    cols = [Col(k, text=k == "explanation") for k in row]
    print_table([row], cols)
    return EXIT_OK


def cmd_properties(args: argparse.Namespace) -> int:
    rows = [
        {
            "id": p.id,
            "aliases": ", ".join(p.aliases),
            "unit": p.unit,
            "name": p.name,
            "Mg range": f"{p.mg_min:g}-{p.mg_max:g}",
        }
        for p in mg.properties()
    ]
    if args.format == "table":
        rows = [{**r, "unit": unit_spelling(r["unit"])} for r in rows]
    cols = [Col("id"), Col("aliases", text=True), Col("unit"), Col("name", text=True), Col("Mg range")]
    emit(rows, args.format, cols)
    return EXIT_OK


def _export_records(args: argparse.Namespace) -> list[Any]:
    """The names given, plus the members of --members; at least one of them."""
    records: list[Any] = list(args.names)
    if args.members:
        records += mg.alloys(family=args.members)  # a number, id or name, as everywhere
    if not records:
        raise UsageError("give one or more alloy names, or --members FAMILY (the family's members)")
    return records


def _write_out(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(output)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _partial(args: argparse.Namespace) -> bool | None:
    """--partial (leave out what is missing, and say so) or --strict (refuse it); None: the format's
    default."""
    if args.partial and args.strict:
        raise UsageError("give at most one of --partial and --strict")
    return True if args.partial else (False if args.strict else None)


def cmd_export(args: argparse.Namespace) -> int:
    if "=" in args.unit_system:
        raise UsageError(
            f"export takes a unit system (--unit-system SI, mm-t-s or US), not {args.unit_system!r}: "
            "a material card is written in one consistent system"
        )
    text = mg.export(
        _export_records(args),
        to=args.to,
        units=args.unit_system,
        kind=_kinds(args.kind),
        partial=_partial(args),
    )
    _write_out(text, args.output)
    return EXIT_OK


def cmd_cite(args: argparse.Namespace) -> int:
    from ..exporters import exported_sources

    records = _export_records(args)
    if args.to:
        sources = exported_sources(records, to=args.to, kind=_kinds(args.kind), partial=_partial(args))
    elif args.family or args.target:
        tgt = _target_arg(args)
        sources = tuple(s for name in records for s in mg.check(name, tgt).sources())
    else:
        sources = tuple(s for name in records for s in _as_record(name).sources())
    _write_out(mg.format_citations(sources, args.style), args.output)
    return EXIT_OK


def _as_record(name: Any) -> Any:
    return name if isinstance(name, mg.Alloy) else mg.alloy(name)
