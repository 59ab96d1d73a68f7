"""The commands and their options: one ``add_parser`` block per command, read as a table; and
the examples every command's ``--help`` shows (each one runs in the tests).

One meaning per option name, in every command that takes it (docs/cli.md says each once):
``--family`` is the family whose target a command judges against or draws; ``--members`` the
records the data counts as members of a family; ``--target`` a target text; ``--units`` the
display units ``PROP=UNIT`` of properties (repeatable); ``--unit`` the unit of the one property a
command shows; ``--kind`` the value kinds accepted (repeatable, or comma-separated); ``--props``
the properties shown (comma-separated); ``--partial`` and ``--strict`` leave out or refuse what a
record lacks; ``--format`` the output format; ``-o`` the file written.
"""

from __future__ import annotations

import argparse
import shlex
from typing import NoReturn

import mgalloys as mg

from .._data import data_version
from . import charts, commands, site
from .output import EXIT_USAGE, fill

__all__ = ["ALIASES", "EXAMPLES", "OPTIONS", "HelpFormatter", "Parser", "build_parser", "digits", "positive"]

#: What each command's ``--help`` shows under "examples" (and the top ``--help``, under ``""``):
#: command lines as typed in a shell. tests/test_cli.py runs every one of them.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "mgalloys scorecard",
        "mgalloys show AZ91D",
        "mgalloys check AZ91D --family high-strength-casting",
        "mgalloys check AZ91D --target 'uts > 300 MPa and el > 10 %'",
        "mgalloys convert '35 ksi' MPa",
    ),
    "scorecard": (
        "mgalloys scorecard --family 8 --family mg-li --only-known",
        "mgalloys scorecard --format csv",
    ),
    "show": (
        "mgalloys show AZ91D",
        "mgalloys show 'Elektron 21' --units uts=ksi",
        "mgalloys show AZ31B-O --format csv",
    ),
    "list": (
        "mgalloys list --members mg-li --units uts=ksi --units 'density=lb/in**3'",
        "mgalloys list --where 'uts > 40 ksi' --props uts,ys,el",
        "mgalloys list --grade AZ31B --has tc --format json",
    ),
    "frontier": ("mgalloys frontier 8", "mgalloys frontier 10 --reading two-indices -n 3 --format csv"),
    "families": ("mgalloys families -v",),
    "check": (
        "mgalloys check AZ91D AE44 --family high-strength-casting",
        "mgalloys check AZ91D --target 'uts > 300 MPa and el > 10 %'",
        "mgalloys check AZ31B --family 8 --kind minimum,typical --format csv --units uts=ksi",
    ),
    "convert": ("mgalloys convert '35 ksi' MPa", "mgalloys convert '4.3 µΩ·cm' MS/m --digits 3"),
    "compare": (
        "mgalloys compare AZ91D AM60B AE44 --units uts=ksi",
        "mgalloys compare AZ91D AE44 --props uts,el --format json",
    ),
    "screen": (
        "mgalloys screen table.csv --family 8 --column uts='UTS (MPa)':MPa --column el=El%:%",
        "mgalloys screen table.csv --target 'uts > 300 MPa and el > 10 %' --column uts='UTS (MPa)':MPa "
        "--column el=El%:% --temperature 'T [K]:K' -o screened.csv",
        "mgalloys screen table.parquet --family 8 --column uts='UTS (MPa)':MPa --column el=El%:% "
        "--only pass --margins -o passing.parquet",
    ),
    "chart": (
        "mgalloys chart --x density --y uts -o chart.png",
        "mgalloys chart --members mg-li --family mg-li --index sigma/rho --units y=ksi "
        "--highlight LA141 -o mg-li.svg",
    ),
    "validate": ("mgalloys validate mine/",),
    "export": (
        "mgalloys export AZ91D --to abaqus --unit-system mm-t-s -o az91d.inp",
        "mgalloys export --members 10 --to matml --partial -o heat_resistant.xml",
        "mgalloys export AZ31B --to json --kind minimum,typical",
    ),
    "cite": (
        "mgalloys cite AZ91D --family 8 --style bibtex",
        "mgalloys cite AZ91D AE44 --to abaqus --partial --kind minimum,typical",
    ),
    "vs-temperature": (
        "mgalloys vs-temperature EZ33A ZE41A --property uts --family 10 -o uts.png",
        "mgalloys vs-temperature EZ33A --target 'uts > 100 MPa at 250 degC' --unit ksi -o ez33a.svg",
    ),
    "at": ("mgalloys at WE43 ys '250 degC'", "mgalloys at EZ33A uts '500 degF' --unit ksi --extrapolate"),
    "properties": ("mgalloys properties --format csv",),
    "site": ("mgalloys site mine/ -o mine-site --title 'Our alloys'",),
}


#: What each option means, the same in every command that takes it (docs/cli.md prints this
#: table; tests/test_cli.py holds every option of every command to it).
#: The help of ``--no-rules`` (Python's ``strict=True``; ``--strict`` is the exports' refusal).
NO_RULES = "judge on measured and interpolated values only: no rule of data/checks/rules.csv"

OPTIONS: dict[str, str] = {
    "--format": "the output: `table` (the default; fits the terminal), `csv` or `json` for programs "
    "(`screen`: `csv`, `json` or `parquet`)",
    "--family": "the family (number, id or name) whose target the command judges against: `check`, "
    "`screen`, `scorecard` (repeatable), `cite` (the values that check used); `chart` shades that "
    "target, `vs-temperature` draws its thresholds",
    "--members": "the records the data counts as members of a family (number, id or name): `list`, "
    "`export`, `cite`, `chart`",
    "--target": "a target text judged against, e.g. `'uts > 300 MPa and el > 10 %'`: `check`, `screen`, "
    "`cite`, `vs-temperature`",
    "--units": "the unit a property is shown in, `PROP=UNIT` (repeatable): `show`, `list`, `check` "
    "(csv and json), `compare`, `chart` (also `x=UNIT`, `y=UNIT`)",
    "--unit": "the unit of the one property the command shows: `at`, `vs-temperature`",
    "--kind": "the value kinds accepted (repeatable, or comma-separated), e.g. `minimum,typical`: "
    "`check`, `export`, `cite`",
    "--props": "the properties shown, comma-separated, e.g. `uts,ys,el`: `list`, `compare`",
    "--property": "the one property drawn: `vs-temperature`",
    "--partial": "leave out what a record lacks, and say so in the output: `export`, `cite`",
    "--strict": "refuse a record that lacks a value: `export`, `cite`",
    "--no-rules": "judge on measured and interpolated values only (no rule of data/checks/rules.csv; "
    "`strict=True` in Python): `check`, `scorecard`, `frontier`",
    "--unit-system": "the unit system of material cards: `SI`, `mm-t-s` or `US`: `export`",
    "--to": "the export format: `abaqus` (= `calculix`), `lsdyna`, `matml`, `ansys`, `csv`, `json`: "
    "`export`, `cite` (the values that export uses)",
    "--style": "the citation style: `bibtex`, `csl-json` or `text`: `cite`",
    "--output": "the file written (`-o`), instead of the standard output; for `site`, the folder the "
    "site is built in",
    "--title": "the site's name (default: the folder's name): `site`",
    "--data": "a data folder of your own, used beside the bundled data by every command",
    "--version": "the library's version and the data's",
    "--grade": "only the records of this grade: `list`",
    "--has": "only the records with values of this property (repeatable): `list`",
    "--where": "only the records that pass this target: `list`",
    "--only-known": "leave out the records unknown against every family: `scorecard`",
    "--reading": "a reading of the family's words: `frontier`",
    "-n": "how many records to rank: `frontier`",
    "--verbose": "also the paper's passages (`-v`): `families`",
    "--digits": "significant figures: `convert`",
    "--column": "a property's column in your file and its unit, `PROP=COLUMN:UNIT` (repeatable): `screen`",
    "--temperature": "the column of your rows' test temperature and its unit, `COLUMN:UNIT`: `screen`",
    "--keep-columns": "also write the input columns: `screen`",
    "--only": "write only the rows of this verdict (`pass`), with the input's columns: `screen`",
    "--margins": "with `--only pass`, also write the verdict and margin columns: `screen`",
    "--chunk-rows": "rows read at a time without pyarrow: `screen`",
    "--quiet": "no summary line (`-q`): `screen`",
    "--x": "the property on the x axis: `chart`",
    "--y": "the property on the y axis: `chart`",
    "--index": "guide lines of a performance index: `chart`",
    "--highlight": "ring and label an alloy (repeatable): `chart`",
    "--no-references": "no reference metals: `chart`",
    "--fit-references": "stretch the axes to the reference metals: `chart`",
    "--no-clip": "fit every record, outliers too: `chart`",
    "--temperature-unit": "the unit of the temperature axis: `vs-temperature`",
    "--all-sources": "every source's curve, not only the default: `vs-temperature`",
    "--extrapolate": "answer beyond the data, labelled extrapolated: `at`",
}
#: Old spellings still read (hidden from ``--help``), each where it cannot be read two ways; and
#: the one that is refused with a pointer because it could.
ALIASES: dict[str, str] = {
    "list --columns": "the old spelling of `--props`",
    "check --kinds": "the old spelling of `--kind`",
    "export --units": "the old spelling of `--unit-system` (a `PROP=UNIT` value is refused)",
    "export --family": "the old spelling of `--members` (export judges nothing)",
    "cite --check": "the old spelling of `--family`",
    "list --family": "refused with a pointer to `--members`: it listed the members, which "
    "`--family` could be read as the records passing",
}


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


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help, with the examples kept one command per line: a command longer than the
    terminal continues on the next line after a backslash (the shell reads it the same)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if not text.startswith("examples:"):
            return super()._fill_text(text, width, indent)
        lines = ["examples:"]
        for example in text.splitlines()[1:]:
            words = _shell_words(example.strip())
            lines += [f"{line} \\" for line in fill(words, width - 2, "  ", "      ")]
            lines[-1] = lines[-1].removesuffix(" \\")
        return "\n".join(indent + line for line in lines)


def _shell_words(line: str) -> list[str]:
    """A command line cut between its arguments, each as written (quotes kept)."""
    lex = shlex.shlex(line, posix=False, punctuation_chars=False)
    lex.whitespace_split = True
    lex.commenters = ""
    return list(lex)


def _examples(parser: argparse.ArgumentParser, lines: tuple[str, ...]) -> None:
    """Show ``lines`` under "examples" in the parser's help."""
    parser.formatter_class = HelpFormatter
    parser.epilog = "examples:\n" + "\n".join(lines)


def _version() -> str:
    return f"mgalloys {mg.__version__} (data version {data_version()})"


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="mgalloys",
        description="Look up magnesium alloys, check them against the strategy paper's family "
        "targets or your own, and convert the field's units. Every number has a source.",
    )
    p.add_argument(
        "--version", action="version", version=_version(), help="the library's and the data's version"
    )
    fmt = Parser(add_help=False)
    fmt.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="output: a readable table (default), or csv/json for scripts",
    )
    units = Parser(add_help=False)
    units.add_argument(
        "--units",
        action="append",
        metavar="PROP=UNIT",
        help="show a property in a unit, e.g. uts=ksi (repeatable)",
    )
    kind = Parser(add_help=False)
    kind.add_argument(
        "--kind",
        action="append",
        metavar="KIND",
        help="value kinds accepted, e.g. minimum,typical (repeatable; default: the command's)",
    )
    p.add_argument(
        "--data",
        metavar="FOLDER",
        help="also use the records of this folder (laid out like mgalloys' data/) in every command",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    s = sub.add_parser("scorecard", parents=[fmt], help="every bundled alloy against every family")
    s.add_argument("--family", action="append", help="judge against this family only (repeatable)")
    s.add_argument("--only-known", action="store_true", help="hide records that are unknown everywhere")
    s.add_argument("--no-rules", dest="strict", action="store_true", help=NO_RULES)
    s.set_defaults(func=commands.cmd_scorecard)

    s = sub.add_parser(
        "show", parents=[fmt, units], help="a datasheet: every value with kind, conditions, source"
    )
    s.add_argument("name", help="record id, grade, grade-temper or alias, e.g. AZ91D, AZ31B-O, 'Elektron 21'")
    s.set_defaults(func=commands.cmd_show)

    s = sub.add_parser("list", parents=[fmt, units], help="records with their default values, filtered")
    s.add_argument("--members", metavar="FAMILY", help="only the members of this family, e.g. mg-li")
    s.add_argument("--family", help=argparse.SUPPRESS)  # the old spelling of --members: refused, with why
    s.add_argument("--grade", help="only this grade, e.g. AZ31B")
    s.add_argument("--has", action="append", metavar="PROP", help="only records with values of PROP, e.g. tc")
    s.add_argument("--where", metavar="TARGET", help="only records passing a target, e.g. 'uts > 40 ksi'")
    s.add_argument(
        "--props", help="comma-separated properties (default density,uts,ys,el,tc,ec), e.g. uts,ys,el"
    )
    s.add_argument("--columns", dest="props", help=argparse.SUPPRESS)
    s.set_defaults(func=commands.cmd_list)

    s = sub.add_parser(
        "frontier", parents=[fmt], help="per family criterion: the best value known, its record, source, gap"
    )
    s.add_argument("family", nargs="?", help="family id or number (default: every family)")
    s.add_argument("--reading", help="a reading of the family, e.g. two-indices (see the families docs page)")
    s.add_argument("-n", type=int, default=5, help="records to rank by shortfall (default 5)")
    s.add_argument("--no-rules", dest="strict", action="store_true", help=NO_RULES)
    s.set_defaults(func=commands.cmd_frontier)

    s = sub.add_parser("families", parents=[fmt], help="the strategy paper's families and their targets")
    s.add_argument("-v", "--verbose", action="store_true", help="also the quoted passages")
    s.set_defaults(func=commands.cmd_families)

    s = sub.add_parser(
        "check",
        parents=[fmt, units, kind],
        help="check alloys against a family or a target (exit 1 if not all pass)",
    )
    s.add_argument("names", nargs="+", help="one or more alloys")
    s.add_argument("--family", help="judge against this family's target (id, number or name)")
    s.add_argument("--target", help="judge against this target, e.g. 'uts > 300 MPa and el > 10 %%'")
    s.add_argument("--kinds", dest="kind", action="append", help=argparse.SUPPRESS)  # the old spelling
    s.add_argument("--no-rules", dest="strict", action="store_true", help=NO_RULES)
    s.set_defaults(func=commands.cmd_check)

    s = sub.add_parser(
        "convert", parents=[fmt], help="convert a quantity, e.g. '35 ksi' MPa, '4.3 µΩ·cm' MS/m"
    )
    s.add_argument("quantity")
    s.add_argument("unit")
    s.add_argument("--digits", type=digits, default=6, help="significant figures, 1 to 17 (default 6)")
    s.set_defaults(func=commands.cmd_convert)

    s = sub.add_parser("compare", parents=[fmt, units], help="alloys side by side, in any units")
    s.add_argument("names", nargs="+", help="two or more alloys")
    s.add_argument("--props", help="comma-separated properties (default: the table's default columns)")
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
        "--only",
        choices=["pass"],
        help="write only the rows that pass, with the input's columns (a Parquet file is filtered "
        "as it is read, by polars where it is installed, else pyarrow: row groups that cannot "
        "pass are skipped)",
    )
    s.add_argument(
        "--margins", action="store_true", help="with --only pass, also write the verdict and margin columns"
    )
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
    s.add_argument("--members", metavar="FAMILY", help="draw only the members of this family")
    s.add_argument("--family", help="shade this family's target (where it bounds x or y at room temperature)")
    s.add_argument("-o", "--output", default="chart.png", help="output file (default chart.png)")
    s.add_argument(
        "--index", help="guide lines of a performance index (e.g. sigma/rho) or of a log-log slope"
    )
    s.add_argument(
        "--units", action="append", metavar="KEY=UNIT", help="axis unit by property or axis, e.g. y=ksi"
    )
    s.add_argument("--highlight", action="append", metavar="NAME", help="ring and label an alloy, e.g. LA141")
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
        "export",
        parents=[kind],
        help="material data for solvers (Abaqus/CalculiX, LS-DYNA, MatML, Ansys, CSV, JSON)",
    )
    s.add_argument("names", nargs="*", help="alloys to export, e.g. AZ91D")
    s.add_argument("--members", metavar="FAMILY", help="also every member of this family (id or number)")
    s.add_argument("--family", dest="members", help=argparse.SUPPRESS)  # old spelling: export judges nothing
    s.add_argument("--to", default="abaqus", help="abaqus (= calculix), lsdyna, matml, ansys, csv or json")
    s.add_argument(
        "--unit-system", default="SI", help="the cards' unit system: SI, mm-t-s or US (default SI)"
    )
    s.add_argument("--units", dest="unit_system", help=argparse.SUPPRESS)
    s.add_argument(
        "--partial", action="store_true", help="leave out what a record lacks, and say so in the file"
    )
    s.add_argument("--strict", action="store_true", help="refuse a record that lacks a value")
    s.add_argument("-o", "--output", help="write to this file instead of stdout")
    s.set_defaults(func=commands.cmd_export)

    s = sub.add_parser(
        "cite", parents=[kind], help="the sources behind the values used, as BibTeX, CSL-JSON or text"
    )
    s.add_argument("names", nargs="*", help="alloys (default: every source each record cites)")
    s.add_argument("--members", metavar="FAMILY", help="also every member of this family (id or number)")
    s.add_argument("--style", default="text", help="bibtex, csl-json or text (default text)")
    s.add_argument("--family", help="only the values a check against this family used")
    s.add_argument("--check", dest="family", help=argparse.SUPPRESS)
    s.add_argument("--target", help="only the values a check against this target used")
    s.add_argument("--to", help="only the values an export to this format uses, e.g. abaqus")
    s.add_argument("--partial", action="store_true", help="with --to: as export --partial")
    s.add_argument("--strict", action="store_true", help="with --to: as export --strict")
    s.add_argument("-o", "--output", help="write to this file instead of stdout")
    s.set_defaults(func=commands.cmd_cite)

    s = sub.add_parser(
        "vs-temperature", help="a property against test temperature, from the curves; needs the plot extra"
    )
    s.add_argument("names", nargs="+", help="one or more alloys")
    s.add_argument("--property", default="uts", help="property (default uts)")
    s.add_argument("--family", help="draw this family's target thresholds on the property")
    s.add_argument("--target", help="draw these thresholds, e.g. 'uts > 100 MPa at 250 degC'")
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
    s.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="the site's folder: new, empty or built before"
    )
    s.add_argument("--title", help="the site's name (default: the folder's name)")
    s.set_defaults(func=site.cmd_site)

    s = sub.add_parser("properties", parents=[fmt], help="the property table: ids, aliases, units")
    s.set_defaults(func=commands.cmd_properties)

    _examples(p, EXAMPLES[""])
    for name, command in sub.choices.items():
        _examples(command, EXAMPLES[name])
    return p
