"""``mgalloys site FOLDER -o DIR``: a static website of a folder's records, built with MkDocs.

The pages are those of the docs' alloy datasheets (`mgalloys.cli.sitepages`): a page per record
of the folder, an index that sorts and filters, a families page with the frontier, and the
Material theme's search. A lab publishes its data by copying ``DIR`` to any web server (or
opening it from disk); nothing in it loads from another host.

Why a command and not only a recipe: the pages need the records loaded, checked against the
families and drawn, which is the library's work; a recipe would have the user write a MkDocs hook
that calls the same functions. The command writes a small MkDocs project in a scratch folder and
builds it with MkDocs' own Python API (the optional ``site`` extra: MkDocs, its Material theme,
matplotlib), so the user's site is built exactly as the docs are.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import mgalloys as mg

from ..catalog import Catalog, load, using
from ..errors import UsageError
from .output import EXIT_OK
from .sitepages import ALLOYS, STYLESHEET, SiteLinks, family_heading, site_files, snippets_for

__all__ = ["MARKER", "build_site", "cmd_site", "site_config", "user_site_files"]

#: Written into every site this command builds: the only non-empty folder ``-o`` may overwrite.
MARKER = "mgalloys-site.json"
#: A user's site has one page with each family's section and its frontier.
LINKS = SiteLinks(families="families.md", frontier="families.md")


def _folder_records(cat: Catalog) -> list[mg.Alloy]:
    return [cat.record(rid) for rid, where in cat.origin.items() if where != "data"]


def families_page(title: str) -> str:
    """Each family of the strategy paper: its default reading and target, the paper's words,
    and the frontier among the records in use (the site's and the bundled ones)."""
    lines = [
        "# Families and targets",
        "",
        f"The {len(mg.families())} alloy families of the strategy paper on China's advanced magnesium",
        "alloy industry, each under the default reading the verdicts use, with the frontier: the best",
        f"value known among the records of {title} and those bundled with mgalloys {mg.__version__}.",
        "The mgalloys documentation explains every family and reading.",
        "",
    ]
    for f in mg.families():
        fr = mg.frontier(f)
        lines += [
            f"## {family_heading(f)}",
            "",
            f"`{f.id}`, reading `{f.reading}`: `{f.target.text or 'no property target'}`",
            "",
            f"> {f.quote}",
            "",
        ]
        if fr.best:
            lines += [f"**Frontier ({fr.in_scope} records in scope):**", ""]
            lines += [f"- {b.line}" for b in fr.best]
            lines.append("")
    return "\n".join(lines)


def home_page(title: str, folder: str, n: int) -> str:
    return "\n".join(
        [
            f"# {title}",
            "",
            f"{n} record(s) from the folder `{folder}`, read and checked as mgalloys {mg.__version__}",
            f"reads its bundled data (data version {mg.data_version}); every value names its source.",
            "",
            f"- [Alloy datasheets]({ALLOYS}/index.md): every record, sortable and filtered by typing,",
            "  a page each with its values, curves, verdicts and citations.",
            "- [Families and targets](families.md): the targets the verdicts are checked against.",
            "",
            f"Built with `mgalloys site {folder} -o DIR`; typical values are not design allowables.",
            "",
        ]
    )


def user_site_files(
    folder: str | Path, title: str | None = None, *, charts: bool = True
) -> dict[str, str | bytes]:
    """Every page of the site of ``folder``'s records, by path under the docs folder."""
    path = Path(folder)
    name = path.resolve().name
    cat = load(path)
    records = _folder_records(cat)
    if not records:
        raise UsageError(f"{str(folder)!r} holds no records of its own (records/*.csv)")
    title = title or name
    intro = (
        f"The {len(records)} record(s) of `{name}`, one page each: names, composition, every value "
        "with its kind, conditions and source, curves across temperature, the verdict against each "
        "family and the citations."
    )
    with using(cat):
        files = site_files(records, LINKS, partial(snippets_for, folder=name), intro, charts=charts)
        files["families.md"] = families_page(title)
    files["index.md"] = home_page(title, name, len(records))
    files[MARKER] = json.dumps({"mgalloys": mg.__version__, "folder": name, "records": len(records)}) + "\n"
    return files


def site_config(title: str, docs: Path, site: Path) -> str:
    """The MkDocs configuration of a user's site: the docs' theme and search, no web font."""
    return "\n".join(
        [
            f"site_name: {json.dumps(title)}",
            f"docs_dir: {json.dumps(str(docs))}",
            f"site_dir: {json.dumps(str(site))}",
            "strict: true",
            "theme:",
            "  name: material",
            "  font: false  # no web fonts: the site makes no request to another host",
            "  features: [content.code.copy]",
            f"extra_css: [{STYLESHEET}]",
            "plugins: [search]",
            "markdown_extensions:",
            "  - admonition",
            "  - pymdownx.details",
            "  - pymdownx.superfences",
            "  - toc:",
            "      permalink: true",
            "not_in_nav: |",
            f"  /{ALLOYS}/*/",
            "nav:",
            "  - Home: index.md",
            f"  - Alloy datasheets: {ALLOYS}/index.md",
            "  - Families and targets: families.md",
            "",
        ]
    )


def _check_output(out: Path) -> None:
    """MkDocs empties the site folder first: refuse a folder that holds anything but a site
    this command built."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"-o {out}: that is a file; give a new or empty folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(
            f"-o {out}: the folder holds other files, which the build would delete; "
            "give a new or empty folder"
        )


@contextmanager
def _quiet_mkdocs() -> Iterator[None]:
    """MkDocs' log on our stderr only for warnings (strict mode turns them into a failure)."""
    log = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    log.addHandler(handler)
    try:
        yield
    finally:
        log.removeHandler(handler)


def build_site(files: Mapping[str, str | bytes], out: Path, title: str) -> None:
    """Build ``files`` (paths under the docs folder) into the site folder ``out`` with MkDocs."""
    # MkDocs is the optional 'site' extra: imported when a site is built, never at start-up
    try:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException
    except ImportError:
        raise UsageError(
            "building a site needs MkDocs and its Material theme: pip install 'mgalloys[site]'"
        ) from None
    _check_output(out)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # a notice about MkDocs' future, not about the site
    with tempfile.TemporaryDirectory(prefix="mgalloys-site-") as scratch:
        docs = Path(scratch) / "docs"
        for rel, content in files.items():
            target = docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            target.write_bytes(data)
        config = Path(scratch) / "mkdocs.yml"
        config.write_text(site_config(title, docs, out.resolve()), encoding="utf-8")
        try:
            with _quiet_mkdocs():
                build(load_config(config_file=str(config)))
        except MkDocsException as exc:
            raise UsageError(f"MkDocs could not build the site: {exc}") from None


#: What building a site needs beyond the library: the 'site' extra.
SITE_EXTRA = ("mkdocs", "material", "matplotlib")


def _check_extra() -> None:
    missing = [name for name in SITE_EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(
            f"building a site needs {', '.join(missing)} (MkDocs, its Material theme, matplotlib): "
            "pip install 'mgalloys[site]'"
        )


def cmd_site(args: argparse.Namespace) -> int:
    name = Path(args.folder).resolve().name
    title = args.title or name
    out = Path(args.output)
    _check_extra()  # before the work: a missing extra or a refused folder costs nothing
    _check_output(out)
    build_site(user_site_files(args.folder, title), out, title)
    print(f"{out}: {len(list(out.glob(f'{ALLOYS}/*/index.html')))} alloy page(s); open {out / 'index.html'}")
    return EXIT_OK
