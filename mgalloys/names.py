"""How names are matched: one normalisation of names and keys at every entry point (lookups,
users' folders, the command line, targets' record names, designations).

Text copied from a PDF or a word processor carries look-alikes of the hyphen (dashes, the minus
sign) and of the space, and invisible format characters (soft hyphen, zero-width space and
joiners, byte-order mark, bidirectional controls) where the writer saw '-' and ' '.

Examples:
    >>> fold("ＡＺ９１Ｄ\u2212F"), fold("  Elektron\u00a021 ")
    ('az91d-f', 'elektron 21')
    >>> name_key("az91d f"), name_key("AZ91D\u2010F")
    ('AZ91DF', 'AZ91DF')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "name_key"]

_DASHES = re.compile("[\u2010-\u2015\u2212\u2043\u2e3a\u2e3b\ufe58\ufe63\uff0d]")
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[\s\-_]+")


def fold(text: str) -> str:
    """The identity of a name or key: Unicode NFKC (full-width letters and digits, ligatures
    and non-breaking spaces become plain ones), look-alike hyphens as ``-``, invisible format
    characters removed, runs of spaces as one, case folded (``'ß'`` is ``'ss'``)."""
    if text.isascii():  # the common case, without the Unicode tables
        return " ".join(text.split()).casefold()
    text = _DASHES.sub("-", _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)))
    return _SPACES.sub(" ", text).strip().casefold()


def name_key(name: str) -> str:
    """The lookup key of an alloy name, record id, grade or alias: `fold`, then without spaces,
    hyphens and underscores, in upper case."""
    # a folder of user data names each record on every one of its rows: a short name's key is
    # kept (bounded: at most _KEPT names of at most _SHORT characters), a long text's never is
    return _short_key(name) if len(name) <= _SHORT else _key(name)


_SHORT, _KEPT = 80, 16384


@lru_cache(maxsize=_KEPT)
def _short_key(name: str) -> str:
    return _key(name)


def _key(name: str) -> str:
    if name.isascii():  # the common case: fold's spaces and case folding are implied here
        return _SEPARATORS.sub("", name).upper()
    return _SEPARATORS.sub("", fold(name)).upper()
