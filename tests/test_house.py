"""The house rules that code review would otherwise have to remember (issue 17).

- Rooms of a readable size: no function over ``MAX_FUNCTION`` lines and no class over
  ``MAX_CLASS`` lines, measured over the package's syntax tree, unless :data:`ALLOWED` gives the
  reason beside it. An allowance that is no longer needed fails too, so the list stays short.
- The plan of docs/contributing.md holds: every module has a layer and imports only from its own
  or lower layers, with no cycle (imports inside functions and under TYPE_CHECKING counted); no
  private name is imported across modules; few imports sit inside functions, each with its
  reason; no module is over 700 lines; every exception class is in errors.py and exported.
- One home per fact: the family ids, the Ashby indices and the temper codes are written only in
  ``data/``.
"""

from __future__ import annotations

import ast
import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mgalloys"
MAX_FUNCTION = 80
MAX_CLASS = 250

#: ``module:qualified name`` -> why it may be longer than the limit.
ALLOWED: dict[str, str] = {
    "cli.parser:build_parser": "declarative: one add_parser block per command, read as a table",
    "models:Alloy": "one typed one-line accessor per stored property (density, tensile_strength, ...)",
    "curves:Curve": "at() typed twice over (one temperature gives a CurveValue, several a CurveValues)",
}

#: Family ids that may appear as a string in the code, and why (not as a list of the families).
FAMILY_WORDS: dict[str, str] = {
    "superplastic": "targets: a word in a test's note and a window flag (superplastic tests)",
    "composites": "loader: plausibility skips the density estimate for composites (branch h12-data's rule)",
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
    assert sizes["cli.parser:build_parser"] > MAX_FUNCTION  # an allowance the measure does find
    assert -sizes["models:Alloy"] > MAX_CLASS


# --- the plan: layers, imports, homes -----------------------------------------------------------
MAX_MODULE = 700
#: Imports inside functions, outside the command line and the facade: ``module:line`` ->
#: nothing (the reason must stand beside the import, as a comment). At most MAX_DEFERRED.
MAX_DEFERRED = 8
FACES_FREE = ("mgalloys/cli/", "mgalloys/__init__.py")


def _modules() -> dict[str, ast.Module]:
    paths = PACKAGE.rglob("*.py")
    return {p.relative_to(ROOT).as_posix(): ast.parse(p.read_text(encoding="utf-8")) for p in paths}


def _dotted(path: str) -> str:
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def _target(path: str, node: ast.ImportFrom) -> str | None:
    """The package module a relative or absolute ``from`` import names (None: another package)."""
    if node.level == 0:
        return node.module if (node.module or "").split(".")[0] == "mgalloys" else None
    base = _dotted(path).split(".")
    if not path.endswith("__init__.py"):
        base = base[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports() -> list[tuple[str, str, tuple[str, ...], ast.ImportFrom]]:
    """Every import of a package module: (importing file, imported module, names, node), anywhere
    in the file (module level, inside functions, under TYPE_CHECKING)."""
    found = []
    modules = {_dotted(p) for p in _modules()}
    for path, tree in _modules().items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            target = _target(path, node)
            if target is None:
                continue
            names = tuple(a.name for a in node.names)
            # ``from . import plot`` names a module: the edge goes to it
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules]
            for t in subs or [target]:
                found.append((path, t, names, node))
    return found


def _layers() -> dict[str, int]:
    """Module path (or folder) -> layer number, from the plan's table in docs/contributing.md."""
    page = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    out: dict[str, int] = {}
    for number, cells in re.findall(r"^\| (\d)\. [a-z ]+ \|[^|]*\|(.*)\|$", page, re.M):
        for module in re.findall(r"`(mgalloys/[\w/.]+)`", cells):
            assert module not in out, f"{module} is in two layers of the plan"
            out[module] = int(number)
    return out


def _layer(path: str, layers: dict[str, int]) -> int:
    for key, number in layers.items():
        if path == key or (key.endswith("/") and path.startswith(key)):
            return number
    raise AssertionError(f"docs/contributing.md places {path} in no layer")


def _path_of(module: str) -> str:
    base = module.replace(".", "/")
    return f"{base}.py" if (ROOT / f"{base}.py").exists() else f"{base}/__init__.py"


def test_every_module_has_a_layer_and_imports_only_downward() -> None:
    layers = _layers()
    named = {m for m in layers if not m.endswith("/")}
    assert named <= set(_modules()), f"the plan names missing modules {sorted(named - set(_modules()))}"
    upward = []
    for path, target, _, node in _imports():
        mine, theirs = _layer(path, layers), _layer(_path_of(target), layers)
        if theirs < mine:  # a smaller number is a higher layer
            upward.append(f"{path}:{node.lineno} imports {target} (layer {theirs} over {mine})")
    assert not upward, "imports that run up the layers:\n" + "\n".join(upward)


def test_no_import_cycle_counting_every_import() -> None:
    graph: dict[str, set[str]] = {}
    for path, target, _, _ in _imports():
        graph.setdefault(_dotted(path), set()).add(target)
    # Tarjan's strongly connected components
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                scc.append(w)
                if w == v:
                    break
            if len(scc) > 1 or v in graph.get(v, ()):
                cycles.append(sorted(scc))

    for v in list(graph):
        if v not in index:
            visit(v)
    # the package imports its facade (mgalloys) for __version__ only from the exporters
    assert not cycles, f"import cycles: {cycles}"


def test_no_private_name_is_imported_across_modules() -> None:
    private = [
        f"{path}:{node.lineno} takes {name} from {target}"
        for path, target, names, node in _imports()
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not private, "private names imported across modules:\n" + "\n".join(private)


def _deferred() -> list[tuple[str, int, str]]:
    """Imports inside functions outside the command line and the facade: (file, line, source line)."""
    out = []
    for path, tree in _modules().items():
        if path.startswith(FACES_FREE):
            continue
        lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        out.append((path, node.lineno, lines[node.lineno - 1]))
    return out


def test_deferred_imports_are_few_and_say_why() -> None:
    found = _deferred()
    assert len(found) <= MAX_DEFERRED, f"{len(found)} imports in functions, at most {MAX_DEFERRED}: {found}"
    silent = []
    for path, line, text in found:
        above = (ROOT / path).read_text(encoding="utf-8").splitlines()[line - 2]
        if "#" not in text and not above.strip().startswith("#"):
            silent.append(f"{path}:{line}: {text.strip()}")
    assert not silent, "imports inside functions without their reason beside them:\n" + "\n".join(silent)


def test_no_module_over_the_limit() -> None:
    sizes = {p: len((ROOT / p).read_text(encoding="utf-8").splitlines()) for p in _modules()}
    over = {p: n for p, n in sizes.items() if n > MAX_MODULE}
    assert not over, f"modules over {MAX_MODULE} lines: {over}"


def test_every_exception_class_lives_in_errors() -> None:
    elsewhere = []
    for path, tree in _modules().items():
        if path == "mgalloys/errors.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                if any(b.endswith(("Error", "Exception")) for b in bases):
                    elsewhere.append(f"{path}: {node.name}")
    assert not elsewhere, f"exception classes outside errors.py: {elsewhere}"
    import mgalloys as mg
    import mgalloys.errors as errors

    exported = set(mg.__all__)
    for name in errors.__all__:
        if isinstance(getattr(errors, name), type):
            assert name in exported, f"{name} is not exported from mgalloys"


def test_the_plan_checks_can_fail() -> None:
    """The measures above find what they look for on a made-up example."""
    tree = ast.parse("from ._data import _private\nfrom ..catalog import Catalog\n")
    nodes = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert _target("mgalloys/exporters/x.py", nodes[1]) == "mgalloys.catalog"
    assert _target("mgalloys/values.py", nodes[0]) == "mgalloys._data"
    assert _layer("mgalloys/cli/__init__.py", _layers()) < _layer("mgalloys/catalog.py", _layers())


def test_contributing_page_names_test_files_that_exist() -> None:
    page = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
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


# --- definitions stand on their own (issue 23) -------------------------------------------------
def test_a_record_answers_the_same_in_any_catalog(tmp_path: Path) -> None:
    """A record holds its curves: inside ``mg.using`` a user's catalog it answers ``curves()`` and
    ``at()`` as outside (once it asked whichever catalog was active, and had no curves there)."""
    import mgalloys as mg

    record = mg.alloy("EZ33A-T5")
    outside = (record.curves(), record.at("uts", "250 degC"))
    folder = tmp_path / "lab"
    (folder / "records").mkdir(parents=True)
    (folder / "records" / "lab.csv").write_text(
        "record_id,grade,temper,product_form,material_class\nX-1,X1,F,sand casting,magnesium alloy\n",
        encoding="utf-8",
    )
    with mg.using(mg.load(folder, extend=False)):
        inside = (record.curves(), record.at("uts", "250 degC"))
    assert len(outside[0]) == 3 and inside[0] == outside[0]
    assert inside[1] == outside[1] and inside[1].known


def test_parsing_a_relative_threshold_reads_no_catalog() -> None:
    """``uts > AZ91D`` names a record; it is looked up when a check runs, so parsing builds no
    catalog (it once built the whole bundled catalog)."""
    code = (
        "import mgalloys as mg; from mgalloys import catalog; t = mg.target('uts > AZ91D');"
        "assert not catalog._CATALOG, 'parsing built the catalog';"
        "assert t.criteria[0].relative_to == ('AZ91D',)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
