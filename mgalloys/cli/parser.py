"""The commands and their options: one ``add_parser`` block per command, read as a table."""

from __future__ import annotations

import argparse
from typing import NoReturn

from . import charts, commands, site
from .output import EXIT_USAGE

__all__ = ["Parser", "build_parser", "digits", "positive"]


class Parser(argparse.ArgumentParser):
    """argparse with one-line usage errors (exit 2), like every other error of the command line."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {n}")
    return n


def digits(text: str) -> int:
    """An argparse type: significant figures, 1 to 17 (a float has 17)."""
    n = positive(text)
    if n > 17:
        raise argparse.ArgumentTypeError(f"significant figures go from 1 to 17, got {n}")
    return n


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="mgalloys",
        description="Look up magnesium alloys, check them against the strategy paper's family "
        "targets or your own, and convert the field's units. Every number has a source.",
        epilog="examples: mgalloys scorecard | mgalloys show AZ91D | "
        "mgalloys check AZ91D --family high-strength-casting | "
        "mgalloys check AZ91D --target 'uts > 300 MPa and el > 10 %%' | mgalloys convert '35 ksi' MPa",
    )
    fmt = Parser(add_help=False)
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
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    s = sub.add_parser("scorecard", parents=[fmt], help="every bundled alloy against every family")
    s.add_argument("--family", action="append", help="only this family (repeatable)")
    s.add_argument("--only-known", action="store_true", help="hide records that are unknown everywhere")
    s.set_defaults(func=commands.cmd_scorecard)

    s = sub.add_parser("show", parents=[fmt], help="a datasheet: every value with kind, conditions, source")
    s.add_argument(
        "name", help="record id, grade, grade-temper or alias (e.g. AZ91D, AZ31B-O, 'Elektron 21')"
    )
    s.add_argument("--units", action="append", metavar="PROP=UNIT", help="display unit, e.g. uts=ksi")
    s.set_defaults(func=commands.cmd_show)

    s = sub.add_parser("list", parents=[fmt], help="records with their default values, filtered")
    s.add_argument("--family", help="family id, e.g. mg-li")
    s.add_argument("--grade", help="grade, e.g. AZ31B")
    s.add_argument("--has", action="append", metavar="PROP", help="only records with values of PROP")
    s.add_argument("--where", metavar="TARGET", help="only records passing a target, e.g. 'uts > 40 ksi'")
    s.add_argument("--columns", help="comma-separated properties (default density,uts,ys,el,tc,ec)")
    s.add_argument("--units", action="append", metavar="PROP=UNIT", help="column unit, e.g. uts=ksi")
    s.set_defaults(func=commands.cmd_list)

    s = sub.add_parser(
        "frontier", parents=[fmt], help="per family criterion: the best value known, its record, source, gap"
    )
    s.add_argument("family", nargs="?", help="family id or number (default: every family)")
    s.add_argument("--reading", help="a reading of the family (see the families docs page)")
    s.add_argument("-n", type=int, default=5, help="records to rank by shortfall (default 5)")
    s.set_defaults(func=commands.cmd_frontier)

    s = sub.add_parser("families", parents=[fmt], help="the strategy paper's families and their targets")
    s.add_argument("-v", "--verbose", action="store_true", help="also the quoted passages")
    s.set_defaults(func=commands.cmd_families)

    s = sub.add_parser(
        "check", parents=[fmt], help="check alloys against a family or a target (exit 1 if not all pass)"
    )
    s.add_argument("names", nargs="+", help="one or more alloys")
    s.add_argument("--family", help="family id or number")
    s.add_argument("--target", help="e.g. 'uts > 300 MPa and el > 10 %%'")
    s.add_argument("--kinds", help="accepted value kinds, comma-separated (default typical,range)")
    s.add_argument("--units", action="append", metavar="PROP=UNIT", help="units of csv/json output")
    s.set_defaults(func=commands.cmd_check)

    s = sub.add_parser(
        "convert", parents=[fmt], help="convert a quantity, e.g. '35 ksi' MPa, '4.3 µΩ·cm' MS/m"
    )
    s.add_argument("quantity")
    s.add_argument("unit")
    s.add_argument("--digits", type=digits, default=6, help="significant figures, 1 to 17 (default 6)")
    s.set_defaults(func=commands.cmd_convert)

    s = sub.add_parser("compare", parents=[fmt], help="alloys side by side, in any units")
    s.add_argument("names", nargs="+", help="two or more alloys")
    s.add_argument("--props", help="comma-separated properties (default: the table's default columns)")
    s.add_argument("--units", action="append", metavar="PROP=UNIT", help="row unit, e.g. uts=ksi")
    s.set_defaults(func=commands.cmd_compare)

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
        type=positive,
        default=200_000,
        help="rows read at a time when pyarrow is not installed (default 200000)",
    )
    s.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    s.set_defaults(func=commands.cmd_screen)

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
    s.set_defaults(func=charts.cmd_chart)

    s = sub.add_parser(
        "validate", help="check a data folder of your own as the bundled data is checked (exit 1 on problems)"
    )
    s.add_argument("folder", help="a folder laid out like mgalloys' data/ (records/, values/, sources/...)")
    s.set_defaults(func=commands.cmd_validate)

    s = sub.add_parser(
        "export", help="material data for solvers (Abaqus/CalculiX, LS-DYNA, MatML, Ansys, CSV, JSON)"
    )
    s.add_argument("names", nargs="*", help="alloys to export (e.g. AZ91D AM60B)")
    s.add_argument("--family", help="also every member of this family (id or number)")
    s.add_argument("--to", default="abaqus", help="abaqus (= calculix), lsdyna, matml, ansys, csv or json")
    s.add_argument("--units", default="SI", help="unit system: SI, mm-t-s or US (default SI)")
    s.add_argument("--kind", action="append", help="value kind (default typical; e.g. b_basis; repeatable)")
    s.add_argument("--partial", action="store_true", help="leave out cards with missing values, say so")
    s.add_argument("--strict", action="store_true", help="matml, ansys: refuse missing values")
    s.add_argument("-o", "--output", help="write to this file instead of stdout")
    s.set_defaults(func=commands.cmd_export)

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
    s.set_defaults(func=commands.cmd_cite)

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
    s.set_defaults(func=charts.cmd_vs_temperature)

    s = sub.add_parser("at", parents=[fmt], help="a property at a temperature, with its source and how")
    s.add_argument("name", help="alloy")
    s.add_argument("property", help="property, e.g. uts")
    s.add_argument("temperature", help="e.g. '250 degC', '500 degF'")
    s.add_argument("--unit", help="unit of the value, e.g. ksi")
    s.add_argument("--extrapolate", action="store_true", help="extrapolate beyond the data (labelled)")
    s.set_defaults(func=commands.cmd_at)

    s = sub.add_parser(
        "site", help="a static website of a folder's records: a datasheet page each, an index, search"
    )
    s.add_argument("folder", help="a folder laid out like mgalloys' data/ (records/, values/, sources/...)")
    s.add_argument("-o", "--output", required=True, metavar="DIR", help="the site folder (new or empty)")
    s.add_argument("--title", help="the site's name (default: the folder's name)")
    s.set_defaults(func=site.cmd_site)

    s = sub.add_parser("properties", parents=[fmt], help="the property table: ids, aliases, units")
    s.set_defaults(func=commands.cmd_properties)
    return p
