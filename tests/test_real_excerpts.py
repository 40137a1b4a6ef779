"""Every real excerpt in fixtures/real/ and fixtures/formats/ against its hand annotation
(fixtures/real/ANNOTATIONS.json): layout family, questions found by their first words,
the right asker, answers linked to their question; a non-Q&A text is refused."""

from __future__ import annotations

from typing import Any

import pytest

from tests.real_excerpts import load_annotations, score

ENTRIES = load_annotations()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"][:40] for e in ENTRIES])
def test_excerpt_read_as_annotated(entry: dict[str, Any]) -> None:
    s = score(entry)
    assert s.layout_right, (entry["layout"], s.layout)
    assert s.refused == (entry["layout"] == "none")
    assert s.found == s.questions
    assert s.askers_right == s.found
    assert s.linked == s.answers
