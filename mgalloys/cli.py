"""The ``mgalloys`` command line (also ``python -m mgalloys``).

Exit status: 0 on success, 1 when a check does not pass, 2 on bad usage or bad input (with a
one-line error that says what to do, never a traceback), 3 on an internal error (one line too;
``MGALLOYS_TRACEBACK=1`` shows the traceback).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import Any, NoReturn

import mgalloys as mg

from ._datasheet import datasheet_rows
from .errors import MgAlloysError
from .inputs import as_family, as_kinds, as_target, column_map, unit_pairs
from .propertytable import default_properties
from .targets import TargetSyntaxError

__all__ = ["main"]

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Usage(Exception):
    """Bad usage detected after argparse (exit 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line usage errors (exit 2), like every other error of the command line."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {n}")
    return n


def _digits(text: str) -> int:
    """An argparse type: significant figures, 1 to 17 (a float has 17)."""
    n = _positive(text)
    if n > 17:
        raise argparse.ArgumentTypeError(f"significant figures go from 1 to 17, got {n}")
    return n


# --- output ---------------------------------------------------------------------------------
def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A plain-text table that fits the terminal: long cells wrap inside their column."""
    if not rows:
        return "(nothing)"
    cols = list(columns or rows[0].keys())
    text = [[("" if r.get(c) is None else str(r.get(c))) for c in cols] for r in rows]
    natural = [max(len(c), *(len(t[i]) for t in text)) for i, c in enumerate(cols)]
    # prose columns (conditions, locators) give way before keys and numbers, which break badly
    prose = [sum(" " in t[i] for t in text) * 2 > len(text) for i in range(len(cols))]
    limit = shutil.get_terminal_size((100, 24)).columns
    keep = [len(c) if p else n for c, p, n in zip(cols, prose, natural, strict=True)]
    widths = _fit(_fit(natural, keep, limit), [len(c) for c in cols], limit)
    out = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    for t in text:
        cells = [textwrap.wrap(v, w, break_on_hyphens=False) or [""] for v, w in zip(t, widths, strict=True)]
        for k in range(max(len(c) for c in cells)):
            line = [(c[k] if k < len(c) else "").ljust(w) for c, w in zip(cells, widths, strict=True)]
            out.append("  ".join(line).rstrip())
    return "\n".join(out)


def _fit(natural: list[int], floor: list[int], limit: int) -> list[int]:
    """Column widths within ``limit`` characters: the widest column above its floor gives way first."""
    widths = list(natural)
    budget = limit - 2 * (len(widths) - 1)
    while sum(widths) > budget:
        shrinkable = [i for i, w in enumerate(widths) if w > max(floor[i], 8)]
        if not shrinkable:
            break  # every column is as narrow as it sensibly gets: let the line run long
        widths[max(shrinkable, key=widths.__getitem__)] -= 1
    return widths


def _emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> None:
    if fmt == "json":
        print(json.dumps(list(rows), indent=1, ensure_ascii=False, default=str))
    elif fmt == "csv":
        buf = io.StringIO()
        cols = list(columns or (rows[0].keys() if rows else []))
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        print(_table(rows, columns))


def _say(text: str, indent: str = "  ") -> None:
    """One paragraph, wrapped to the terminal."""
    width = shutil.get_terminal_size((100, 24)).columns
    print(textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent + "  "))


def _grouped(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``show``'s rows for the terminal: the property named once, where and how in one column."""
    out = []
    for i, r in enumerate(rows):
        first = i == 0 or rows[i - 1]["property"] != r["property"]
        where = ", ".join(x for x in (r["source"], r["where"], r["conditions"]) if x)
        out.append(
            {
                "property": r["property"] if first else "",
                "": r["default"],
                "value": r["value"],
                "kind": r["kind"],
                "at": r["at"],
                "source, where, conditions": where,
            }
        )
    return out


def _frame_rows(df: Any) -> list[dict[str, Any]]:
    """A DataFrame's rows as dicts with string keys, for _emit."""
    return [{str(k): v for k, v in r.items()} for r in df.to_dict(orient="records")]


def _units(pairs: Sequence[str] | None) -> dict[str, str]:
    """--units PROPERTY=UNIT pairs, each unit checked against its property before any work."""
    return unit_pairs(list(pairs or ()))


# --- commands -------------------------------------------------------------------------------
def _composition_text(a: Any) -> list[str]:
    """One line per source: the composition as that source specifies it."""
    by_source: dict[str, list[str]] = {}
    for c in a.composition:
        if c.min is not None and c.max is not None:
            rng = f"{c.min:g}-{c.max:g}"
        elif c.max is not None:
            rng = f"<={c.max:g}"
        elif c.min is not None:
            rng = f">={c.min:g}"
        else:
            rng = f"{c.nominal:g}" if c.nominal is not None else "?"
        by_source.setdefault(c.source.key, []).append(f"{c.element} {rng}")
    return [f"{', '.join(parts)} [{key}]" for key, parts in by_source.items()]


def _cmd_show(args: argparse.Namespace) -> int:
    a = mg.alloy(args.name)
    units = _units(args.units)
    if args.format == "json":
        print(a.model_dump_json(indent=1))
        return EXIT_OK
    rows = datasheet_rows(a, units)  # the notebook view prints the same rows
    if args.format == "csv":
        _emit(rows, "csv")
        return EXIT_OK
    _say(f"{a.record_id}: {a.grade}, temper {a.temper or '-'}, {a.product_form or 'form not stated'}", "")
    if a.description:
        _say(a.description)
    _say(f"families: {', '.join(a.families) or '-'} ({a.family_basis})")
    if a.aliases:
        names: dict[str, list[str]] = {}
        for al in a.aliases:
            names.setdefault(f"{al.alias} ({al.scheme})", []).append(al.source.key)
        _say("also known as: " + ", ".join(names))
    for line in _composition_text(a):
        _say(f"composition, wt.%: {line}")
    print()
    print(_table(_grouped(rows), ["property", "", "value", "kind", "at", "source, where, conditions"]))
    print()
    print("* = the default value (docs: concepts); '-' = not measured at a temperature")
    print("sources:")
    for src in a.sources():
        _say(f"[{src.key}] {src.citation}")
    print("typical values are not design allowables")
    return EXIT_OK


def _cmd_frontier(args: argparse.Namespace) -> int:
    fams = [mg.family(args.family)] if args.family else list(mg.families())
    rows = []
    for f in fams:
        fr = mg.frontier(f, n=args.n, reading=args.reading)
        if args.format == "table":
            print(f"#{f.number} {fr.render()}\n")
            continue
        for rec in fr.to_frame().to_dict("records"):
            rows.append({"family": f.id, "reading": fr.reading, **{str(k): v for k, v in rec.items()}})
    if args.format != "table":
        _emit(rows, args.format)
    return EXIT_OK


def _cmd_list(args: argparse.Namespace) -> int:
    recs = list(mg.alloys(family=args.family, grade=args.grade, has=args.has or None, where=args.where))
    show = [
        mg.property_info(p)
        for p in (args.columns.split(",") if args.columns else default_properties())
    ]
    units = _units(args.units)
    rows = []
    for a in recs:
        row: dict[str, Any] = {"record": a.record_id, "form": a.product_form or ""}
        for info in show:
            q = a.get(info.id)
            unit = units.get(info.id, info.unit)
            key = f"{info.id} [{mg.units.unit_text(mg.units.parse_unit(unit))}]"
            row[key] = (
                None
                if q is None
                else (
                    f"{q.to(unit).magnitude:.4g}" if args.format == "table" else float(q.to(unit).magnitude)
                )
            )
        rows.append(row)
    _emit(rows, args.format)
    if args.format == "table":
        print(f"\n{len(rows)} record(s); empty cells are unknown")
    return EXIT_OK


def _cmd_families(args: argparse.Namespace) -> int:
    rows = [
        {
            "#": f.number,
            "id": f.id,
            "target": f.target.text or "(no property target)",
            "members": len(f.members()),
        }
        for f in mg.families()
    ]
    _emit(rows, args.format)
    if args.verbose and args.format == "table":
        for f in mg.families():
            print(f'\n{f.number}. {f.name}\n  "{f.quote}"\n  interpretation: {f.interpretation}')
    return EXIT_OK


def _target_arg(args: argparse.Namespace) -> Any:
    """The family (by id or number) or the target text given with --family or --target."""
    if bool(args.family) == bool(args.target):
        raise _Usage("give exactly one of --family ID and --target TEXT")
    if args.family:
        return as_family(args.family)  # a number, id or name, as everywhere
    return as_target(args.target)


def _cmd_check(args: argparse.Namespace) -> int:
    tgt = _target_arg(args)
    kinds = as_kinds(args.kinds) if args.kinds is not None else None
    units = _units(args.units)
    results = [mg.check(name, tgt, kinds=kinds) for name in args.names]
    if args.format == "table":
        for r in results:
            print(r.explain())
    else:
        rows = []
        for r in results:
            df = r.to_frame(units=units)
            rows += _frame_rows(df)
        _emit(rows, args.format)
    return EXIT_OK if all(r.verdict is mg.Verdict.PASS for r in results) else EXIT_FAIL


def _cmd_convert(args: argparse.Namespace) -> int:
    q = mg.convert(args.quantity, args.unit)
    if args.format == "json":
        print(json.dumps({"magnitude": float(q.magnitude), "unit": args.unit}))
    elif args.format == "csv":  # every --format is honoured: csv was the table's text
        _emit([{"magnitude": float(q.magnitude), "unit": args.unit}], "csv")
    else:
        print(mg.format_quantity(q, args.digits))
    return EXIT_OK


def _cmd_scorecard(args: argparse.Namespace) -> int:
    fams = args.family or None
    sc = mg.scorecard(families=fams)
    if args.format == "table":
        n = len(sc.families)
        print(f"Which bundled alloys meet which family's targets (strategy paper, {n} families)\n")
        print(sc.render(only_known=args.only_known))
    else:
        df = sc.to_frame().reset_index()
        _emit(_frame_rows(df), args.format)
    return EXIT_OK


def _cmd_compare(args: argparse.Namespace) -> int:
    props = args.props.split(",") if args.props else list(default_properties())
    df = mg.compare(args.names, props, units=_units(args.units) or None)
    if args.format == "table":
        print(df.to_string(float_format=lambda x: f"{x:.4g}", na_rep="unknown"))
    else:
        out = df.reset_index()
        _emit(_frame_rows(out), args.format)
    return EXIT_OK


def _column_map(specs: Sequence[str] | None) -> dict[str, tuple[str, str]]:
    """--column PROP=COLUMN:UNIT (the unit after the last colon: column names may hold colons)."""
    return column_map(list(specs or ()))


def _check_output(path: str | None) -> None:
    if path is None:
        return
    if os.path.isdir(path):
        raise _Usage(f"-o {path}: that is a folder; give a file name such as results.csv")
    parent = os.path.dirname(path) or "."
    if not os.path.isdir(parent):
        raise _Usage(f"-o {path}: the folder {parent!r} does not exist")


def _temperature_arg(spec: str | None) -> tuple[str, str] | None:
    if spec is None:
        return None
    if ":" not in spec:
        raise _Usage(f"--temperature takes COLUMN:UNIT (e.g. 'T [K]:K'), got {spec!r}")
    column, unit = spec.rsplit(":", 1)
    return column, unit.strip()


def _cmd_screen(args: argparse.Namespace) -> int:
    import pandas as pd  # pandas loads only for the commands that need it

    from .screening import columns_needed
    from .tablefiles import check_header, format_of, read_header, read_table_file, write_table_file

    tgt = _target_arg(args)
    columns = _column_map(args.column) or None
    if os.path.isdir(args.file):
        raise _Usage(f"{args.file} is a folder; screen reads a CSV or Parquet file")
    _check_output(args.output)
    temperature = _temperature_arg(args.temperature)
    fmt = format_of(args.output, args.format)
    header = read_header(args.file)
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


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validation import read_counts, validate

    catalog, found = validate(args.folder)
    for line in read_counts(catalog) if catalog is not None else ():
        print(line)
    for line in found:
        print(line, file=sys.stderr if catalog is None else sys.stdout)
    n = 0 if catalog is None else sum(label != "data" for label in catalog.origin.values())
    verdict = "does not load" if catalog is None else ("ok" if not found else f"{len(found)} problem(s)")
    print(f"{args.folder}: {n} record(s), {verdict}")
    return EXIT_OK if not found else EXIT_FAIL


def _cmd_chart(args: argparse.Namespace) -> int:
    path = mg.plot.chart_command(
        args.x, args.y, args.family, args.output, args.index, args.units,
        references=args.references, fit_references=args.fit_references,
        clip_outliers=args.clip, highlight=args.highlight or (),
    )  # fmt: skip
    print(path)
    return EXIT_OK


def _cmd_vs_temperature(args: argparse.Namespace) -> int:
    target = args.target if args.target is not None else args.family
    path = mg.plot.vs_temperature_command(
        args.names, args.property, target, args.output, args.unit, args.temperature_unit, args.all_sources
    )
    print(path)
    return EXIT_OK


def _cmd_at(args: argparse.Namespace) -> int:
    a = mg.alloy(args.name)
    res = a.at(args.property, args.temperature, extrapolate=args.extrapolate)
    shown = res.value if res.value is None or not args.unit else mg.convert(res.value, args.unit)
    row = {
        "record": a.record_id,
        "property": res.property,
        "temperature": mg.format_quantity(res.temperature),
        "value": "unknown" if shown is None else mg.format_quantity(shown, 4),
        "method": res.method.value,
        "source": "" if res.source is None else res.source.key,
        "explanation": res.explanation,
    }
    _emit([row], args.format)
    return EXIT_OK


def _cmd_properties(args: argparse.Namespace) -> int:
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
    _emit(rows, args.format)
    return EXIT_OK


def _export_records(args: argparse.Namespace) -> list[Any]:
    """The names given, plus the members of --family; at least one of them."""
    records: list[Any] = list(args.names)
    if args.family:
        records += mg.family(args.family).members()  # a number, id or name, as everywhere
    if not records:
        raise _Usage("give one or more alloy names, or --family ID")
    return records


def _write_out(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(output)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _cmd_export(args: argparse.Namespace) -> int:
    if args.partial and args.strict:
        raise _Usage("give at most one of --partial and --strict")
    partial = True if args.partial else (False if args.strict else None)
    text = mg.export(_export_records(args), to=args.to, units=args.units, kind=args.kind, partial=partial)
    _write_out(text, args.output)
    return EXIT_OK


def _cmd_cite(args: argparse.Namespace) -> int:
    from .exporters import exported_sources

    records = _export_records(args)
    if args.to:
        sources = exported_sources(
            records, to=args.to, kind=args.kind, partial=True if args.partial else None
        )
    elif args.check or args.target:
        if args.check and args.target:
            raise _Usage("give at most one of --check FAMILY and --target TEXT")
        tgt = _target_arg(argparse.Namespace(family=args.check, target=args.target))
        sources = tuple(s for name in records for s in mg.check(name, tgt).sources())
    else:
        sources = tuple(s for name in records for s in _as_record(name).sources())
    _write_out(mg.format_citations(sources, args.style), args.output)
    return EXIT_OK


def _as_record(name: Any) -> Any:
    return name if isinstance(name, mg.Alloy) else mg.alloy(name)


# --- parser ---------------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="mgalloys",
        description="Look up magnesium alloys, check them against the strategy paper's family "
        "targets or your own, and convert the field's units. Every number has a source.",
        epilog="examples: mgalloys scorecard | mgalloys show AZ91D | "
        "mgalloys check AZ91D --family high-strength-casting | "
        "mgalloys check AZ91D --target 'uts > 300 MPa and el > 10 %%' | mgalloys convert '35 ksi' MPa",
    )
    fmt = _Parser(add_help=False)
    fmt.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="output: a readable table (default), or csv/json for scripts",
    )
    p.add_argument(
        "--data",
        metavar="FOLDER",
        help="also use the records of this folder (laid out like mgalloys' data/) in every command",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    s = sub.add_parser("scorecard", parents=[fmt], help="every bundled alloy against every family")
    s.add_argument("--family", action="append", help="only this family (repeatable)")
    s.add_argument("--only-known", action="store_true", help="hide records that are unknown everywhere")
    s.set_defaults(func=_cmd_scorecard)

    s = sub.add_parser("show", parents=[fmt], help="a datasheet: every value with kind, conditions, source")
    s.add_argument(
        "name", help="record id, grade, grade-temper or alias (e.g. AZ91D, AZ31B-O, 'Elektron 21')"
    )
    s.add_argument("--units", action="append", metavar="PROP=UNIT", help="display unit, e.g. uts=ksi")
    s.set_defaults(func=_cmd_show)

    s = sub.add_parser("list", parents=[fmt], help="records with their default values, filtered")
    s.add_argument("--family", help="family id, e.g. mg-li")
    s.add_argument("--grade", help="grade, e.g. AZ31B")
    s.add_argument("--has", action="append", metavar="PROP", help="only records with values of PROP")
    s.add_argument("--where", metavar="TARGET", help="only records passing a target, e.g. 'uts > 40 ksi'")
    s.add_argument("--columns", help="comma-separated properties (default density,uts,ys,el,tc,ec)")
    s.add_argument("--units", action="append", metavar="PROP=UNIT", help="column unit, e.g. uts=ksi")
    s.set_defaults(func=_cmd_list)

    s = sub.add_parser(
        "frontier", parents=[fmt], help="per family criterion: the best value known, its record, source, gap"
    )
    s.add_argument("family", nargs="?", help="family id or number (default: every family)")
    s.add_argument("--reading", help="a reading of the family (see the families docs page)")
    s.add_argument("-n", type=int, default=5, help="records to rank by shortfall (default 5)")
    s.set_defaults(func=_cmd_frontier)

    s = sub.add_parser("families", parents=[fmt], help="the strategy paper's families and their targets")
    s.add_argument("-v", "--verbose", action="store_true", help="also the quoted passages")
    s.set_defaults(func=_cmd_families)

    s = sub.add_parser(
        "check", parents=[fmt], help="check alloys against a family or a target (exit 1 if not all pass)"
    )
    s.add_argument("names", nargs="+", help="one or more alloys")
    s.add_argument("--family", help="family id or number")
    s.add_argument("--target", help="e.g. 'uts > 300 MPa and el > 10 %%'")
    s.add_argument("--kinds", help="accepted value kinds, comma-separated (default typical,range)")
    s.add_argument("--units", action="append", metavar="PROP=UNIT", help="units of csv/json output")
    s.set_defaults(func=_cmd_check)

    s = sub.add_parser(
        "convert", parents=[fmt], help="convert a quantity, e.g. '35 ksi' MPa, '4.3 µΩ·cm' MS/m"
    )
    s.add_argument("quantity")
    s.add_argument("unit")
    s.add_argument("--digits", type=_digits, default=6, help="significant figures, 1 to 17 (default 6)")
    s.set_defaults(func=_cmd_convert)

    s = sub.add_parser("compare", parents=[fmt], help="alloys side by side, in any units")
    s.add_argument("names", nargs="+", help="two or more alloys")
    s.add_argument("--props", help="comma-separated properties (default: the table's default columns)")
    s.add_argument("--units", action="append", metavar="PROP=UNIT", help="row unit, e.g. uts=ksi")
    s.set_defaults(func=_cmd_compare)

    s = sub.add_parser("screen", help="screen a CSV or Parquet file of your own against a family or a target")
    s.add_argument("file", help="CSV file with a header row, or a .parquet file")
    s.add_argument(
        "--format",
        choices=["csv", "json", "parquet"],
        help="output format (default: from the -o file name, else csv); parquet needs mgalloys[arrow]",
    )
    s.add_argument(
        "--temperature",
        metavar="COLUMN:UNIT",
        help="the rows' test temperature, e.g. 'T [K]:K' (empty cells: room temperature); "
        "without it every row counts as measured at room temperature",
    )
    s.add_argument("--family", help="family id or number")
    s.add_argument("--target", help="e.g. 'uts > 300 MPa and el > 10 %%'")
    s.add_argument(
        "--column",
        action="append",
        metavar="PROP=COLUMN:UNIT",
        help="map a property to a column and its unit, e.g. uts='UTS (MPa)':MPa (repeatable); "
        "without it, columns named like 'tensile_strength [MPa]' are found by name",
    )
    s.add_argument("-o", "--output", help="write here (.csv, .json, .parquet) instead of stdout")
    s.add_argument("--keep-columns", action="store_true", help="also write the input columns")
    s.add_argument(
        "--chunk-rows",
        type=_positive,
        default=200_000,
        help="rows read at a time when pyarrow is not installed (default 200000)",
    )
    s.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    s.set_defaults(func=_cmd_screen)

    s = sub.add_parser(
        "chart", help="an Ashby chart (log-log) saved as PNG, SVG or PDF; needs the plot extra"
    )
    s.add_argument("--x", default="density", help="property on the x axis (default density)")
    s.add_argument("--y", default="uts", help="property on the y axis (default uts)")
    s.add_argument("--family", help="draw this family only and shade its target")
    s.add_argument("-o", "--output", default="chart.png", help="output file (default chart.png)")
    s.add_argument("--index", help="guide lines of a performance index, e.g. 'sigma/rho' or a slope")
    s.add_argument("--units", action="append", metavar="KEY=UNIT", help="axis unit, e.g. uts=ksi or y=ksi")
    s.add_argument("--highlight", action="append", metavar="NAME", help="ring and label an alloy")
    s.add_argument("--no-references", dest="references", action="store_false", help="no reference metals")
    s.add_argument(
        "--fit-references", action="store_true", help="stretch the axes to the reference metals"
    )  # default: those beyond the magnesium records are drawn at the edge, labelled with their values
    s.add_argument("--no-clip", dest="clip", action="store_false", help="fit every record, outliers too")
    s.set_defaults(func=_cmd_chart)

    s = sub.add_parser(
        "validate", help="check a data folder of your own as the bundled data is checked (exit 1 on problems)"
    )
    s.add_argument("folder", help="a folder laid out like mgalloys' data/ (records/, values/, sources/...)")
    s.set_defaults(func=_cmd_validate)

    s = sub.add_parser(
        "export", help="material cards for simulation tools (Abaqus/CalculiX, LS-DYNA, MatML, CSV, JSON)"
    )
    s.add_argument("names", nargs="*", help="alloys to export (e.g. AZ91D AM60B)")
    s.add_argument("--family", help="also every member of this family (id or number)")
    s.add_argument("--to", default="abaqus", help="abaqus (= calculix), lsdyna, matml, csv or json")
    s.add_argument("--units", default="SI", help="unit system: SI, mm-t-s or US (default SI)")
    s.add_argument("--kind", action="append", help="value kind (default typical; e.g. b_basis; repeatable)")
    s.add_argument("--partial", action="store_true", help="leave out cards with missing values, say so")
    s.add_argument("--strict", action="store_true", help="matml: fail on missing values (default partial)")
    s.add_argument("-o", "--output", help="write to this file instead of stdout")
    s.set_defaults(func=_cmd_export)

    s = sub.add_parser("cite", help="the sources behind the values used, as BibTeX, CSL-JSON or text")
    s.add_argument("names", nargs="*", help="alloys (default: every source each record cites)")
    s.add_argument("--family", help="also every member of this family (id or number)")
    s.add_argument("--style", default="text", help="bibtex, csl-json or text (default text)")
    s.add_argument("--check", metavar="FAMILY", help="only the values a check against this family used")
    s.add_argument("--target", help="only the values a check against this target used")
    s.add_argument("--to", help="only the values an export to this format uses")
    s.add_argument("--kind", action="append", help="with --to: value kind (default typical)")
    s.add_argument("--partial", action="store_true", help="with --to: as export --partial")
    s.add_argument("-o", "--output", help="write to this file instead of stdout")
    s.set_defaults(func=_cmd_cite)

    s = sub.add_parser(
        "vs-temperature", help="a property against test temperature, from the curves; needs the plot extra"
    )
    s.add_argument("names", nargs="+", help="one or more alloys")
    s.add_argument("--property", default="uts", help="property (default uts)")
    s.add_argument("--family", help="draw this family's target thresholds on the property")
    s.add_argument("--target", help="draw these thresholds, e.g. 'uts > 200 MPa at 250 degC'")
    s.add_argument("--unit", help="unit of the property axis, e.g. ksi")
    s.add_argument("--temperature-unit", default="degC", help="unit of the temperature axis (default degC)")
    s.add_argument("--all-sources", action="store_true", help="every source's curve, not only the default")
    s.add_argument("-o", "--output", default="curves.png", help="output file (default curves.png)")
    s.set_defaults(func=_cmd_vs_temperature)

    s = sub.add_parser("at", parents=[fmt], help="a property at a temperature, with its source and how")
    s.add_argument("name", help="alloy")
    s.add_argument("property", help="property, e.g. uts")
    s.add_argument("temperature", help="e.g. '250 degC', '500 degF'")
    s.add_argument("--unit", help="unit of the value, e.g. ksi")
    s.add_argument("--extrapolate", action="store_true", help="extrapolate beyond the data (labelled)")
    s.set_defaults(func=_cmd_at)

    s = sub.add_parser("properties", parents=[fmt], help="the property table: ids, aliases, units")
    s.set_defaults(func=_cmd_properties)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        if args.data is not None:  # an empty --data "" is an error, never ignored
            from .catalog import load, using

            with using(load(args.data)):
                return int(args.func(args))
        return int(args.func(args))
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    except (_Usage, MgAlloysError, OSError, UnicodeDecodeError) as exc:
        _error(args.command, exc)
        return EXIT_USAGE
    except Exception as exc:  # a bug of ours: still one line, and how to see the traceback
        if os.environ.get("MGALLOYS_TRACEBACK"):
            raise
        _error(args.command, exc, internal=True)
        return EXIT_INTERNAL


def _error(command: str, exc: BaseException, internal: bool = False) -> None:
    if isinstance(exc, TargetSyntaxError):
        msg = f"{exc.message} (at character {exc.position + 1} of {exc.text!r})"
    elif isinstance(exc, OSError) and exc.strerror:
        msg = f"{exc.filename or ''}: {exc.strerror}".lstrip(": ")
    else:
        msg = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    if internal:
        msg = (
            f"internal error ({type(exc).__name__}: {msg}); please report it, with the command "
            "(MGALLOYS_TRACEBACK=1 shows the traceback)"
        )
    print(f"mgalloys {command}: error: {msg}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
