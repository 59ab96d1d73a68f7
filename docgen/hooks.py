"""MkDocs hooks (``hooks:`` in mkdocs.yml): before every build, generate what the docs show from
the bundled data, so that no page or chart can go stale.

This folder sits outside ``docs/`` so that none of it is published with the site. Run by hand
with ``python docgen/hooks.py`` (it prints what it wrote).

A generator is a function returning ``{path relative to docs/: text or bytes}``; add one to
``GENERATORS`` to publish more generated pages (one generator may write many pages). A file is
written only when its content changes, and a file under a generated folder (``docs/generated/``,
and ``docs/alloys/``, the alloy datasheets at their addresses ``alloys/<record id>/``) that no
generator produced any more is removed. Both folders are ignored by git.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads this file by its path: make the checkout importable
    sys.path.insert(0, str(ROOT))

from docgen import alloys, charts, pages  # noqa: E402  (needs the path above)

DOCS = ROOT / "docs"
GENERATED = "generated"  # ignored by git: rebuilt on every build
#: Every folder under docs/ that generators own whole (ignored by git, emptied of stale files).
GENERATED_DIRS = (GENERATED, "alloys")

Files = Mapping[str, "str | bytes"]


def data_pages() -> Files:
    """The data-driven pages (families, frontier, properties, coverage, ...) and their charts."""
    return {f"{GENERATED}/{name}": content for name, content in pages.data_pages().items()}


def readme_chart() -> Files:
    """The Ashby chart the README and the charts page show, drawn by the code that page prints.
    It is committed (the README links it), and rewritten by every build in which it changed."""
    return {charts.README_CHART: charts.readme_chart()}


def alloy_pages() -> Files:
    """A datasheet page per bundled record and their index (docgen.alloys)."""
    return alloys.alloy_pages()


GENERATORS: tuple[Callable[[], Files], ...] = (data_pages, readme_chart, alloy_pages)

# The screening how-to runs on this published table, which lives beside the project, not in it.
SCREENING_DATASET = ROOT.parent / "shared/external/mg-cast-alloys-parhamvs/Mg-GA-Added.csv"


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write ``content`` to ``path`` unless it already holds exactly that; True when written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def generate(docs: Path = DOCS) -> list[Path]:
    """Run every generator; write what changed, remove generated files nothing produces now.
    Returns the paths written."""
    files: dict[str, str | bytes] = {}
    for make in GENERATORS:
        for rel, content in make().items():
            if rel in files:
                raise ValueError(f"two generators write docs/{rel}")
            files[rel] = content
    written = [docs / rel for rel, content in files.items() if write_if_changed(docs / rel, content)]
    produced = {(docs / rel).resolve() for rel in files}
    for folder in GENERATED_DIRS:
        for old in sorted((docs / folder).rglob("*"), reverse=True):
            if old.is_file() and old.resolve() not in produced:
                old.unlink()
            elif old.is_dir() and not any(old.iterdir()):
                old.rmdir()
    return written


def on_pre_build(config: Any) -> None:  # MkDocs hook
    if not SCREENING_DATASET.is_file():  # the how-to would print nothing useful: stop loudly
        raise FileNotFoundError(
            f"docs/howto-screen.md needs {SCREENING_DATASET}: put shared/ beside the project"
        )
    generate(Path(config["docs_dir"]))


if __name__ == "__main__":
    for path in generate():
        print(path.relative_to(ROOT))
