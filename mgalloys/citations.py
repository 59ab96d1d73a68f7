"""Citations of sources as BibTeX, CSL-JSON (what Zotero and pandoc read) or plain text.

The bibliographic fields are those of ``Source``; what is cited is decided by the
caller (``CheckResult.citations``: the values a check used; ``Alloy.citations``: the record's
sources; exports: the numbers written).

Examples:
    >>> import mgalloys as mg
    >>> print(mg.format_citations(mg.alloy("AZ91D").sources()[:1], "bibtex"))  # doctest: +ELLIPSIS
    @misc{meridian-lightweight-alloys,
      title = {Lightweight Alloys: Materials Properties Chart},
      publisher = {Meridian Lightweight Technologies},
    ...
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from .bibliography import Source
from .errors import CitationStyleError

__all__ = ["STYLES", "csl_items", "format_citations", "unique_sources"]

#: The styles ``format_citations`` writes.
STYLES = ("bibtex", "csl-json", "text")

_BIBTEX_TYPE = {
    "paper": "article",
    "book": "book",
    "handbook": "book",
    "report": "techreport",
}
_CSL_TYPE = {
    "paper": "article-journal",
    "book": "book",
    "handbook": "book",
    "thesis": "thesis",
    "report": "report",
    "standard": "standard",
}
_TEX_SPECIAL = re.compile(r"([&%$#_{}])")


def unique_sources(sources: Iterable[Source]) -> tuple[Source, ...]:
    """The sources once each, in first-use order."""
    seen: dict[str, Source] = {}
    for s in sources:
        seen.setdefault(s.key, s)
    return tuple(seen.values())


def _people(authors: str) -> tuple[list[tuple[str, str]], bool]:
    """``"Li, J.; Peng, R.; et al."`` -> ``[("Li", "J."), ("Peng", "R.")]`` and whether "et al."."""
    people, others = [], False
    for part in (p.strip() for p in authors.split(";")):
        if not part:
            continue
        if part.lower().rstrip(".") == "et al":
            others = True
            continue
        family, _, given = part.partition(",")
        people.append((family.strip(), given.strip()))
    return people, others


def _tex(text: str) -> str:
    return _TEX_SPECIAL.sub(r"\\\1", text)


def _bibtex(s: Source) -> str:
    people, others = _people(s.authors)
    names = [f"{f}, {g}" if g else f"{{{f}}}" for f, g in people] + (["others"] if others else [])
    fields: list[tuple[str, str]] = [("title", s.title)]
    if names:
        fields.append(("author", " and ".join(names)))
    if s.publisher:
        fields.append(("journal" if s.kind.value == "paper" else "publisher", s.publisher))
    if s.year:
        fields.append(("year", str(s.year)))
    if s.doi:
        fields.append(("doi", s.doi))
    if s.url:
        fields.append(("url", s.url))
    if s.note:
        fields.append(("note", s.note))
    body = ",\n".join(f"  {k} = {{{v if k in ('url', 'doi') else _tex(v)}}}" for k, v in fields if v)
    return f"@{_BIBTEX_TYPE.get(s.kind.value, 'misc')}{{{s.key},\n{body}\n}}"


def _csl(s: Source) -> dict[str, Any]:
    item: dict[str, Any] = {"id": s.key, "type": _CSL_TYPE.get(s.kind.value, "webpage"), "title": s.title}
    people, _ = _people(s.authors)
    if people:
        item["author"] = [{"family": f, "given": g} if g else {"literal": f} for f, g in people]
    if s.publisher:
        item["container-title" if s.kind.value == "paper" else "publisher"] = s.publisher
    if s.year:
        item["issued"] = {"date-parts": [[s.year]]}
    if s.doi:
        item["DOI"] = s.doi
    if s.url:
        item["URL"] = s.url
    if s.note:
        item["note"] = s.note
    return item


def csl_items(sources: Iterable[Source]) -> list[dict[str, Any]]:
    """The sources (each once) as CSL-JSON items (dicts), for embedding in a JSON document."""
    return [_csl(s) for s in unique_sources(sources)]


def format_citations(sources: Iterable[Source], style: str = "text") -> str:
    """The sources (each once, in first-use order) as ``bibtex``, ``csl-json`` or ``text``.

    Examples:
        >>> import mgalloys as mg
        >>> src = mg.alloy("AZ91D").value("density").source
        >>> mg.format_citations([src], "text").startswith("[meridian-lightweight-alloys] ")
        True
        >>> import json
        >>> (item,) = json.loads(mg.format_citations([src], "csl-json"))
        >>> item.get("id")
        'meridian-lightweight-alloys'
    """
    chosen = unique_sources(sources)
    key = str(style).strip().lower().replace("_", "-")
    if key == "bibtex":
        return "\n\n".join(_bibtex(s) for s in chosen) + ("\n" if chosen else "")
    if key in ("csl-json", "csl", "json"):
        return json.dumps(csl_items(chosen), indent=1, ensure_ascii=False)
    if key in ("text", "plain"):
        return "\n".join(f"[{s.key}] {s.citation}" for s in chosen)
    raise CitationStyleError(f"unknown citation style {style!r}; known: {', '.join(STYLES)}")
