"""What each command does: one ``cmd_<name>`` function per command, given the parsed arguments."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import mgalloys as mg

from ..datasheet import composition_lines, datasheet_rows
from ..errors import UsageError
from ..inputs import as_family, as_target, column_map
from ..propertytable import default_properties
from ..values import as_kinds
from .output import EXIT_FAIL, EXIT_OK, emit, frame_rows, grouped, say, table_text, unit_args


def cmd_show(args: argparse.Namespace) -> int:
    a = mg.alloy(args.name)
    units = unit_args(args.units)
    if args.format == "json":
        print(a.model_dump_json(indent=1))
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
    for key, text in composition_lines(a.composition):  # the site's pages print the same
        say(f"composition, wt.%: {text} [{key}]")
    print()
    print(table_text(grouped(rows), ["property", "", "value", "kind", "at", "source, where, conditions"]))
    print()
    print("* = the default value (docs: concepts); '-' = not measured at a temperature")
    print("sources:")
    for src in a.sources():
        say(f"[{src.key}] {src.citation}")
    print("typical values are not design allowables")
    return EXIT_OK


def cmd_frontier(args: argparse.Namespace) -> int:
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
        emit(rows, args.format)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    recs = list(mg.alloys(family=args.family, grade=args.grade, has=args.has or None, where=args.where))
    show = [
        mg.property_info(p)
        for p in (args.columns.split(",") if args.columns else default_properties())
    ]
    units = unit_args(args.units)
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
    emit(rows, args.format)
    if args.format == "table":
        print(f"\n{len(rows)} record(s); empty cells are unknown")
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
    emit(rows, args.format)
    if args.verbose and args.format == "table":
        for f in mg.families():
            print(f'\n{f.number}. {f.name}\n  "{f.quote}"\n  interpretation: {f.interpretation}')
    return EXIT_OK


def _target_arg(args: argparse.Namespace) -> Any:
    """The family (by id or number) or the target text given with --family or --target."""
    if bool(args.family) == bool(args.target):
        raise UsageError("give exactly one of --family ID and --target TEXT")
    if args.family:
        return as_family(args.family)  # a number, id or name, as everywhere
    return as_target(args.target)


def cmd_check(args: argparse.Namespace) -> int:
    tgt = _target_arg(args)
    kinds = as_kinds(args.kinds) if args.kinds is not None else None
    units = unit_args(args.units)
    results = [mg.check(name, tgt, kinds=kinds) for name in args.names]
    if args.format == "table":
        for r in results:
            print(r.explain())
    else:
        rows = []
        for r in results:
            df = r.to_frame(units=units)
            rows += frame_rows(df)
        emit(rows, args.format)
    return EXIT_OK if all(r.verdict is mg.Verdict.PASS for r in results) else EXIT_FAIL


def cmd_convert(args: argparse.Namespace) -> int:
    q = mg.convert(args.quantity, args.unit)
    if args.format == "json":
        print(json.dumps({"magnitude": float(q.magnitude), "unit": args.unit}))
    elif args.format == "csv":  # every --format is honoured: csv was the table's text
        emit([{"magnitude": float(q.magnitude), "unit": args.unit}], "csv")
    else:
        print(mg.format_quantity(q, args.digits))
    return EXIT_OK


def cmd_scorecard(args: argparse.Namespace) -> int:
    fams = args.family or None
    sc = mg.scorecard(families=fams)
    if args.format == "table":
        n = len(sc.families)
        print(f"Which bundled alloys meet which family's targets (strategy paper, {n} families)\n")
        print(sc.render(only_known=args.only_known))
    else:
        df = sc.to_frame().reset_index()
        emit(frame_rows(df), args.format)
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    props = args.props.split(",") if args.props else list(default_properties())
    df = mg.compare(args.names, props, units=unit_args(args.units) or None)
    if args.format == "table":
        print(df.to_string(float_format=lambda x: f"{x:.4g}", na_rep="unknown"))
    else:
        out = df.reset_index()
        emit(frame_rows(out), args.format)
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
    check_output(args.output)
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
    row = {
        "record": a.record_id,
        "property": res.property,
        "temperature": mg.format_quantity(res.temperature),
        "value": "unknown" if shown is None else mg.format_quantity(shown, 4),
        "method": res.method.value,
        "source": "" if res.source is None else res.source.key,
        "explanation": res.explanation,
    }
    emit([row], args.format)
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
    emit(rows, args.format)
    return EXIT_OK


def _export_records(args: argparse.Namespace) -> list[Any]:
    """The names given, plus the members of --family; at least one of them."""
    records: list[Any] = list(args.names)
    if args.family:
        records += mg.alloys(family=args.family)  # a number, id or name, as everywhere
    if not records:
        raise UsageError("give one or more alloy names, or --family ID")
    return records


def _write_out(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(output)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def cmd_export(args: argparse.Namespace) -> int:
    if args.partial and args.strict:
        raise UsageError("give at most one of --partial and --strict")
    partial = True if args.partial else (False if args.strict else None)
    text = mg.export(_export_records(args), to=args.to, units=args.units, kind=args.kind, partial=partial)
    _write_out(text, args.output)
    return EXIT_OK


def cmd_cite(args: argparse.Namespace) -> int:
    from ..exporters import exported_sources

    records = _export_records(args)
    if args.to:
        sources = exported_sources(
            records, to=args.to, kind=args.kind, partial=True if args.partial else None
        )
    elif args.check or args.target:
        if args.check and args.target:
            raise UsageError("give at most one of --check FAMILY and --target TEXT")
        tgt = _target_arg(argparse.Namespace(family=args.check, target=args.target))
        sources = tuple(s for name in records for s in mg.check(name, tgt).sources())
    else:
        sources = tuple(s for name in records for s in _as_record(name).sources())
    _write_out(mg.format_citations(sources, args.style), args.output)
    return EXIT_OK


def _as_record(name: Any) -> Any:
    return name if isinstance(name, mg.Alloy) else mg.alloy(name)
