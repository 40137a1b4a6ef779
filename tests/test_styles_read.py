"""The test documents in fixtures/styles/ (one per real publication style, written by
hand with their expected annotation) are read as annotated: layout family, every
question by its first words, its asker(s), every answer linked to its question."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.real_excerpts import FAMILY, score

STYLES = Path(__file__).resolve().parent.parent / "fixtures" / "styles"
CASES = sorted(p.name.removesuffix(".expected.json") for p in STYLES.glob("*.expected.json"))


def _entry(name: str) -> dict[str, Any]:
    entry: dict[str, Any] = json.loads((STYLES / f"{name}.expected.json").read_text("utf-8"))
    entry["file"] = f"../styles/{name}.txt"
    return entry


@pytest.mark.parametrize("name", CASES)
def test_style_document_read_as_annotated(name: str) -> None:
    entry = _entry(name)
    s = score(entry)
    assert s.layout_right, (FAMILY.get(entry["layout"], entry["layout"]), s.layout)
    assert s.found == s.questions
    assert s.askers_right == s.found
    assert s.linked == s.answers
