"""The two-level LSH index (dedup.corpus.bands): which table holds a band entry, the
small recent one or the main one it is merged into, never changes what is stored or
found. Real SQLite files, pre-segmented real-size documents (the bench's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedup.corpus import bands, chronology
from dedup.corpus.index import IndexParams, Prepared
from dedup.corpus.ingest import IngestSummary, write_prepared
from dedup.corpus.search import search
from dedup.corpus.synthetic import SyntheticTask, synthetic_prepared
from tests.conftest import SAMPLE
from tests.test_corpus_crash import check_integrity
from tests.test_corpus_placement import _open, _tables

DOCS = 8


def _docs(chronological: bool) -> list[Prepared]:
    params = IndexParams()
    return [
        synthetic_prepared(SyntheticTask(str(SAMPLE), 5, i, 2, params, chronological))
        for i in range(DOCS)
    ]


def _build(db: Path, docs: list[Prepared], recent_rows: int, mp: pytest.MonkeyPatch) -> None:
    mp.setattr(bands, "RECENT_ROWS", recent_rows)
    mp.setattr(chronology, "MERGE_EVERY", 2)  # check while placing again, too
    params = IndexParams()
    conn = _open(db, params)
    try:
        write_prepared(conn, docs, params, IngestSummary(), batch_documents=1)
    finally:
        conn.close()


def _count(tables: dict[str, list[tuple[object, ...]]], name: str) -> int:
    return len(tables[name])


@pytest.mark.parametrize("chronological", [True, False])
def test_merging_the_recent_entries_changes_nothing_stored_or_found(
    chronological: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built with merges after almost every document (and, out of date order, during the
    placing again) or with none: the same rows in every other table, the same band
    entries in all, the same search hits."""
    docs = _docs(chronological)
    merged, unmerged = tmp_path / "merged.sqlite", tmp_path / "unmerged.sqlite"
    _build(merged, docs, 500, monkeypatch)
    _build(unmerged, docs, 10**9, monkeypatch)
    a, b = _tables(merged), _tables(unmerged)
    for table in bands.TABLES:
        # Merged: most entries are in the main table; never merged: all are recent.
        assert _count(b, table) == 0 and _count(b, bands.recent(table)) > 1000
        assert _count(a, table) > _count(a, bands.recent(table))
        assert sorted(a[table] + a[bands.recent(table)], key=repr) == b[bands.recent(table)]
    skip = set(bands.TABLES) | {bands.recent(t) for t in bands.TABLES}
    assert {k: v for k, v in a.items() if k not in skip} == {
        k: v for k, v in b.items() if k not in skip
    }
    assert check_integrity(merged) == check_integrity(unmerged) == DOCS
    queries = [q.text for q in docs[0].questions[:60:6]]
    for db in (merged, unmerged):
        conn = _open(db, IndexParams())
        try:
            found = [
                [(h.score, h.question, h.document_id) for h in search(conn, q)] for q in queries
            ]
        finally:
            conn.close()
        if db == merged:
            expected = found
    assert found == expected and any(found)
