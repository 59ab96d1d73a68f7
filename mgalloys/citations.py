r"""Citations of sources as BibTeX, CSL-JSON (what Zotero and pandoc read) or plain text.

The bibliographic fields are those of ``Source`` (CSL-JSON's: container title, date, volume,
issue, pages, edition, number, ISBN); each style carries every one of them. What is cited is
decided by the caller (``CheckResult.citations``: the values a check used; ``Alloy.citations``:
the record's sources; exports: the numbers written).

BibTeX entry types by source kind: a paper is an ``article`` (``journal``, ``volume``,
``number`` = issue, ``pages``); a book or handbook a ``book``, or an ``inbook`` with
``booktitle`` when it is a part of a book; a report or standard a ``techreport`` (a standard's
``type`` says so, its number in ``number``); a maker's datasheet a ``manual``; anything else
``misc``. Every field is escaped: TeX's special characters as commands (``\&``, ``\_``,
``\textbackslash{}``, ``\textbraceleft{}``), so that every brace written is one of a balanced
pair and no backslash can escape the brace that ends a field; in ``url`` and ``doi`` the
characters a URL may not hold unencoded (braces, backslash, spaces, controls) are
percent-encoded, so the address still leads to the same place. Control characters and line
separators are spaces (BibTeX reads every run of white space as one space). A key that is not a
plain BibTeX key (letters, digits, ``-_:./+``) becomes one, with a short hash of the original so
that two keys never merge.

Examples:
    >>> import mgalloys as mg
    >>> print(mg.format_citations(mg.alloy("AZ91D").sources()[:1], "bibtex"))  # doctest: +ELLIPSIS
    @misc{meridian-lightweight-alloys,
      title = {Lightweight Alloys: Materials Properties Chart},
      publisher = {Meridian Lightweight Technologies},
    ...
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from .bibliography import Source, SourceKind
from .errors import CitationStyleError

__all__ = ["STYLES", "bibtex_key", "csl_items", "format_citations", "tex", "unique_sources"]

#: The styles ``format_citations`` writes.
STYLES = ("bibtex", "csl-json", "text")

_BIBTEX_TYPE = {
    SourceKind.paper: "article",
    SourceKind.book: "book",
    SourceKind.handbook: "book",
    SourceKind.report: "techreport",
    SourceKind.standard: "techreport",
    SourceKind.producer_datasheet: "manual",
}
_CSL_TYPE = {
    SourceKind.paper: "article-journal",
    SourceKind.book: "book",
    SourceKind.handbook: "book",
    SourceKind.thesis: "thesis",
    SourceKind.report: "report",
    SourceKind.patent: "patent",
    SourceKind.standard: "standard",
    SourceKind.producer_datasheet: "report",
}
_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_SPECIAL = re.compile("[" + re.escape("".join(_TEX)) + "]")
_SPACE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # BibTeX: white space
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:./+-]*")
# In a URL: keep what RFC 3986 allows (and % as it is: the address is already encoded).
_URL_SAFE = "!#$%&'()*+,-./:;=?@[]_~"


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
        family, _, given = (x.strip() for x in part.partition(","))
        if family or given:  # a stray comma names nobody
            people.append((family, given))
    return people, others


def tex(text: str) -> str:
    r"""Text as a BibTeX field holds it: special characters as TeX commands, so that braces are
    balanced and no backslash escapes the closing brace; control characters as spaces.

    Examples:
        >>> print(tex("50% Mg & {Al}_x \\"))
        50\% Mg \& \textbraceleft{}Al\textbraceright{}\_x \textbackslash{}
    """
    text = _SURROGATE.sub("\ufffd", _SPACE.sub(" ", text))
    return _TEX_SPECIAL.sub(lambda m: _TEX[m.group()], text)


def _url(text: str) -> str:
    """An address as a BibTeX field holds it: what a URL may not hold unencoded, percent-encoded."""
    return quote(_SURROGATE.sub("\ufffd", text), safe=_URL_SAFE)


def bibtex_key(key: str) -> str:
    """The source key as a BibTeX key: as it is when it is a plain key, else made one, with a
    hash of the original so that distinct keys stay distinct.

    Examples:
        >>> bibtex_key("azom-az91d"), bibtex_key("my key, 2")
        ('azom-az91d', 'my-key--2-33f69fab')
    """
    if _PLAIN_KEY.fullmatch(key):
        return key
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    plain = re.sub(r"[^A-Za-z0-9_:./+-]", "-", key)[:60].strip("-") or "source"
    return f"{plain}-{digest}"


def _name(family: str, given: str) -> str:
    """One author for BibTeX's ``and``-separated list: a family name alone (an organisation) is
    braced; a part holding the word "and" or a comma is braced, so it stays one part. White
    space at either end of a part means nothing to BibTeX and is dropped."""
    if not given:
        return f"{{{tex(family).strip()}}}"
    risky = re.compile(r"(^|\s)and(\s|$)|,", re.IGNORECASE)
    parts = [f"{{{t}}}" if risky.search(t) else t for t in (tex(p).strip() for p in (family, given))]
    return ", ".join(parts)


def _bibtex_type(s: Source) -> str:
    if s.kind in (SourceKind.book, SourceKind.handbook) and s.container_title:
        return "inbook"
    return _BIBTEX_TYPE.get(s.kind, "misc")


def _bibtex_fields(s: Source) -> list[tuple[str, str]]:
    """(field, value) in BibTeX's names; values not yet escaped."""
    entry = _bibtex_type(s)
    article = entry == "article"
    container = s.container_title or (s.publisher if article else "")  # older rows: journal in publisher
    publisher = "" if article and not s.container_title else s.publisher
    publisher_field = {"techreport": "institution", "manual": "organization"}.get(entry, "publisher")
    fields = [
        ("title", s.title),
        ("journal" if article else "booktitle", container),
        (publisher_field, publisher),
        ("type", "Standard" if s.kind is SourceKind.standard else ""),
        ("year", str(s.year) if s.year else s.date[:4]),
        ("date", s.date),
        ("volume", s.volume),
        ("number", s.issue if article else s.number),
        ("eid" if article else "issue", s.number if article else s.issue),
        ("pages", s.pages),
        ("edition", s.edition),
        ("isbn", s.isbn),
        ("doi", s.doi),
        ("url", s.url),
        ("note", s.note),
    ]
    return [(k, v) for k, v in fields if v]


def _bibtex(s: Source) -> str:
    people, others = _people(s.authors)
    names = [_name(f, g) for f, g in people] + (["others"] if others else [])
    body = [f"  {k} = {{{_url(v) if k in ('url', 'doi') else tex(v)}}}" for k, v in _bibtex_fields(s)]
    if names:
        body.insert(1, f"  author = {{{' and '.join(names)}}}")
    return f"@{_bibtex_type(s)}{{{bibtex_key(s.key)},\n" + ",\n".join(body) + "\n}"


def _issued(s: Source) -> dict[str, Any] | None:
    """CSL's date: the parts of ``date`` (year, month, day), else the year."""
    if s.date:
        return {"date-parts": [[int(p) for p in s.date.split("-")]]}
    return {"date-parts": [[s.year]]} if s.year else None


def _csl(s: Source) -> dict[str, Any]:
    chapter = s.kind in (SourceKind.book, SourceKind.handbook) and bool(s.container_title)
    item: dict[str, Any] = {
        "id": s.key,
        "type": "chapter" if chapter else _CSL_TYPE.get(s.kind, "webpage"),
        "title": s.title,
    }
    people, _ = _people(s.authors)
    if people:
        item["author"] = [{"family": f, "given": g} if g else {"literal": f} for f, g in people]
    paper = s.kind is SourceKind.paper
    container = s.container_title or (s.publisher if paper else "")  # older rows: journal in publisher
    fields = {
        "container-title": container,
        "publisher": "" if paper and not s.container_title else s.publisher,
        "volume": s.volume,
        "issue": s.issue,
        "page": s.pages,
        "edition": s.edition,
        "number": s.number,
        "ISBN": s.isbn,
        "DOI": s.doi,
        "URL": s.url,
        "note": s.note,
    }
    item.update({k: v for k, v in fields.items() if v})
    issued = _issued(s)
    if issued:
        item["issued"] = issued
    return item


def csl_items(sources: Iterable[Source]) -> list[dict[str, Any]]:
    """The sources (each once) as CSL-JSON items (dicts), for embedding in a JSON document."""
    return [_csl(s) for s in unique_sources(sources)]


def _text(s: Source) -> str:
    """One line per source: control characters and line separators as spaces."""
    return _SPACE.sub(" ", f"[{s.key}] {s.citation}")


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
        return "\n".join(_text(s) for s in chosen)
    raise CitationStyleError(f"unknown citation style {style!r}; known: {', '.join(STYLES)}")
