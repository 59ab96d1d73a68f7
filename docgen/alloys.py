"""The alloy datasheets of the docs: one page per bundled record at ``alloys/<record id>/`` and
an index at ``alloys/``, written by the same code as ``mgalloys site`` (`mgalloys.cli.sitepages`)
for a user's folder, so that the docs show what a user's site shows.
"""

from __future__ import annotations

import mgalloys as mg
from mgalloys.cli.sitepages import SiteLinks, site_files, snippets_for

#: The docs' families and frontier pages (docgen.pages), each with a section per family.
LINKS = SiteLinks(families="generated/families.md", frontier="generated/frontier.md")

INTRO = """\
Every bundled record, one page each: its names, composition, every value with its kind,
conditions and source, its curves across temperature, its verdict against each of the strategy
paper's families and its citations. The pages are generated from `data/` by the docs build, with
the formatting of `mgalloys show` and the notebook view; `mgalloys site FOLDER -o DIR` builds the
same pages for a folder of your own ([Your own data](../userdata.md#a-site-of-your-own))."""


def alloy_pages() -> dict[str, str | bytes]:
    """The index, each record's page and charts, the index's script and the stylesheet."""
    return site_files(list(mg.alloys()), LINKS, snippets_for, INTRO)
