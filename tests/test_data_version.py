"""The dataset's own version and the citation file agree."""

from __future__ import annotations

import re
from pathlib import Path

import mgalloys as mg

ROOT = Path(__file__).resolve().parent.parent


def test_data_version_is_read_from_data_and_cited() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", mg.data_version)
    assert mg.data_version == (ROOT / "data" / "VERSION").read_text(encoding="utf-8").strip()
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{mg.data_version}"' in citation
    assert f'version: "{mg.__version__}"' in citation


def test_every_source_states_its_terms() -> None:
    assert all(s.terms for s in mg.get_catalog().sources.values())
