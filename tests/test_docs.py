"""The docs' sources kept in step with the code (the built site is tested in tests/browser)."""

from __future__ import annotations

import re
from pathlib import Path

import mgalloys as mg

ROOT = Path(__file__).resolve().parent.parent
# A Sphinx role that mkdocstrings would print as text (":class:`Target`").
SPHINX_ROLE = re.compile(r":(?:class|func|meth|attr|mod|exc|data|obj|ref):`")


def _api_names() -> set[str]:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    names = {m.group(1).rsplit(".", 1)[-1] for m in re.finditer(r"^::: ([\w.]+)", text, re.M)}
    # a module rendered with an explicit member list documents those members
    for members in re.findall(r"members: \[([^\]]*)\]", text):
        names |= {m.strip() for m in members.split(",")}
    return names


def test_api_page_documents_every_public_name() -> None:
    missing = sorted(set(mg.__all__) - _api_names())
    assert not missing, f"docs/api.md lacks a '::: mgalloys.<module>.<name>' entry for {missing}"


def test_api_page_documents_nothing_private_or_gone() -> None:
    extra = sorted(_api_names() - set(mg.__all__) - {"ashby", "chart_command", "INDICES"})  # mgalloys.plot's
    assert not extra, f"docs/api.md documents names that mgalloys.__all__ does not export: {extra}"


def test_docstrings_use_no_sphinx_roles() -> None:
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in sorted((ROOT / "mgalloys").glob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if SPHINX_ROLE.search(line)
    ]
    assert not found, f"Sphinx roles render as raw text in mkdocstrings; use plain code: {found}"
