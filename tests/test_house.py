"""The house rules that code review would otherwise have to remember (issue 17).

- Rooms of a readable size: no function over ``MAX_FUNCTION`` lines and no class over
  ``MAX_CLASS`` lines, measured over the package's syntax tree, unless :data:`ALLOWED` gives the
  reason beside it. An allowance that is no longer needed fails too, so the list stays short.
- The contributing page's module map names every module of the package and only test files
  that exist.
- One home per fact: the family ids, the Ashby indices and the temper codes are written only in
  ``data/``.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mgalloys"
MAX_FUNCTION = 80
MAX_CLASS = 250

#: ``module:qualified name`` -> why it may be longer than the limit.
ALLOWED: dict[str, str] = {
    "cli:_parser": "declarative: one add_parser block per command, read as a table of the commands",
    "models:Alloy": "one typed one-line accessor per stored property (density, tensile_strength, ...)",
}

#: Family ids that may appear as a string in the code, and why (not as a list of the families).
FAMILY_WORDS: dict[str, str] = {
    "superplastic": "targets: a word in a test's note and a window flag (superplastic tests)",
    "composites": "catalog: plausibility skips the density estimate for composites (branch h12-data's rule)",
}


def _sizes() -> dict[str, int]:
    out: dict[str, int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")

        def walk(node: ast.AST, prefix: str, module: str = module) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    name = f"{prefix}{child.name}"
                    assert child.end_lineno is not None
                    out[f"{module}:{name}"] = child.end_lineno - child.lineno + 1
                    if isinstance(child, ast.ClassDef):
                        out[f"{module}:{name}"] = -out[f"{module}:{name}"]  # classes: negative
                    walk(child, f"{name}.")

        walk(ast.parse(path.read_text(encoding="utf-8")), "")
    return out


def _too_long() -> dict[str, int]:
    return {
        name: abs(n)
        for name, n in _sizes().items()
        if (n < 0 and -n > MAX_CLASS) or (n > 0 and n > MAX_FUNCTION)
    }


def test_functions_and_classes_have_a_readable_size() -> None:
    over = {name: n for name, n in _too_long().items() if name not in ALLOWED}
    assert not over, (
        f"over {MAX_FUNCTION} lines (functions) or {MAX_CLASS} (classes): {over}; split them, or add "
        "them to ALLOWED with the reason"
    )


def test_every_allowance_is_still_needed() -> None:
    stale = set(ALLOWED) - set(_too_long())
    assert not stale, f"no longer over the limit, remove from ALLOWED: {sorted(stale)}"


def test_the_size_measure_can_fail() -> None:
    sizes = _sizes()
    assert sizes["cli:_parser"] > MAX_FUNCTION  # an allowance the measure does find
    assert -sizes["models:Alloy"] > MAX_CLASS


# --- the contributing page -------------------------------------------------------------------
def test_contributing_page_maps_every_module() -> None:
    page = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(mgalloys/[\w/]+\.py)`", page))
    modules = {p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py")}
    assert modules - named == set(), f"docs/contributing.md does not place {sorted(modules - named)}"
    assert named - modules == set(), f"docs/contributing.md names missing modules {sorted(named - modules)}"
    tests = set(re.findall(r"`(tests/\w+\.py)`", page))
    missing = {t for t in tests if not (ROOT / t).exists()}
    assert tests and not missing, f"docs/contributing.md names missing tests {sorted(missing)}"
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "contributing.md" in nav


# --- one home per fact -----------------------------------------------------------------------
def _code_strings() -> list[str]:
    """Every string constant of the package's code, docstrings (and their doctest examples,
    which read the data) left out."""
    out: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                body = node.body
                if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                    docs.add(id(body[0].value))
        out += [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
        ]
    return out


def test_family_ids_live_only_in_the_data() -> None:
    fams = json.loads((ROOT / "data" / "roadmap" / "families.json").read_text(encoding="utf-8"))
    ids = {f["id"] for f in fams["families"]}
    written = sorted((ids & set(_code_strings())) - set(FAMILY_WORDS))
    assert not written, f"family ids written in the package's code: {written}"


def test_temper_codes_and_ashby_indices_live_only_in_the_data() -> None:
    strings = _code_strings()
    assert not [s for s in strings if "T\\d" in s or "H\\d" in s], "a temper regex in the package"
    with (ROOT / "data" / "properties.csv").open(encoding="utf-8") as f:
        formulas = [r["formula"] for r in csv.DictReader(f) if r["computed_from"]]
    assert formulas
    for formula in formulas:
        assert not [s for s in strings if formula in s], f"{formula!r} is written in the package's code"


@pytest.mark.parametrize("name", ["electrical_resistivity", "electrical_conductivity"])
def test_the_reciprocal_pair_lives_in_the_property_table(name: str) -> None:
    import mgalloys as mg

    other = mg.property_info(name).reciprocal_of
    assert other and mg.property_info(other).reciprocal_of == name
