"""Corpus results do not depend on the order documents are added: "earlier" is by date.

Real SQLite files, whole verslagen (variants of the sample, so answers are copied across
them), dated so that no order of adding below is their chronological order.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from dedup.corpus.api import Corpus
from dedup.corpus.db import RECLAIM_FREE_SHARE, SCHEMA_VERSION
from dedup.corpus.export import read_tables
from dedup.corpus.report import build_report, render_markdown
from dedup.corpus.synthetic import VariantOptions
from tests.test_corpus import write_variants

# The dates in the three files' front matter (variants 73-75), in file order.
DATES = ("2019-02-17", "2024-09-28", "2022-10-14")
ORDERS = ((0, 1, 2), (2, 1, 0), (1, 2, 0))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_variants(
        tmp_path_factory.mktemp("order"), range(73, 76), VariantOptions(sections=2)
    )


def _build(db: Path, files: list[Path], order: tuple[int, ...], *, one_by_one: bool) -> None:
    with Corpus(db, create=True) as c:
        if one_by_one:
            for i in order:
                c.add([files[i]], jobs=1)
        else:  # one add of all three, in the order given
            c.add([files[i] for i in order], jobs=2)
        assert [d["date"] for d in c.documents()] == [DATES[i] for i in order]


def _without_ids(value: Any) -> Any:
    """The report with the documents' own ids left out: they record the order of adding."""
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "document_id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    if isinstance(value, str):
        return re.sub(r"^#\d+ ", "", value)
    return value


def _outputs(db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    from dedup.corpus.db import register_functions

    register_functions(conn)
    try:
        by_year = build_report(conn)
        out: dict[str, Any] = {
            "year": _without_ids(by_year),
            "fraction": _without_ids(build_report(conn, _opts("fraction"))),
            "markdown": re.sub(r"\\#\d+ ", "", render_markdown(by_year)),
        }
        doc = _without_ids(build_report(conn, _opts("document")))
        doc["groups"] = sorted(doc["groups"], key=lambda g: g["group"])
        out["document"] = doc
        tables = read_tables(conn)
        exported = {}
        for name, (cols, rows) in tables.items():
            keep = [i for i, c in enumerate(cols) if c not in ("document_id", "added_at")]
            exported[name] = [[cols[i] for i in keep], [[r[i] for i in keep] for r in rows]]
        out["export"] = exported
        return out
    finally:
        conn.close()


def _opts(by: str) -> Any:
    from dedup.corpus.report import ReportOptions

    return ReportOptions(by=by, top=50)


def test_three_orders_of_adding_give_identical_reports_and_exports(
    files: list[Path], tmp_path: Path
) -> None:
    """A, B, C one by one, C, B, A and B, C, A: the same groups, figures, passages (with
    their first occurrence in the earliest-dated document), Markdown report and export."""
    results = []
    for order in ORDERS:
        db = tmp_path / ("-".join(map(str, order)) + ".sqlite")
        _build(db, files, order, one_by_one=True)
        results.append(_outputs(db))
    first = results[0]
    for other in results[1:]:
        for key in first:
            assert other[key] == first[key], key
    passages = first["year"]["top_passages"]
    assert passages, "the variants share copied answers"
    copied = [p for p in passages if p["documents"] == 3]
    assert copied
    earliest = files[DATES.index(min(DATES))].name
    for p in copied:
        # The first occurrence (what later documents copied) is in the earliest document.
        assert p["members"][0]["document"] == earliest
        assert p["members"][0]["kind"] == "first"
    reuse = {g["group"]: g["reuse_across_share"] for g in first["year"]["groups"]}
    assert reuse["2019"] == 0.0 and reuse["2022"] > 0.3 and reuse["2024"] > 0.3


def test_one_add_of_all_files_equals_adding_them_by_date(files: list[Path], tmp_path: Path) -> None:
    """One `add` of the three files in an order not by date, two workers, equals adding
    them one by one in date order (the index is placed again by date at the end)."""
    by_date = tuple(sorted(range(3), key=lambda i: DATES[i]))
    chrono = tmp_path / "chrono.sqlite"
    _build(chrono, files, by_date, one_by_one=True)
    with Corpus(chrono) as c:
        assert (
            c.conn.execute("SELECT COUNT(*) FROM meta WHERE key = 'placement_stale'").fetchone()[0]
            == 0
        )
    bulk = tmp_path / "bulk.sqlite"
    _build(bulk, files, (0, 1, 2), one_by_one=False)
    assert _outputs(bulk) == _outputs(chrono)

    # Row ids of groups and passages too: what a chronological build gives.
    def ids(db: Path) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(db)
        try:
            return conn.execute(
                "SELECT d.sha256, a.aid, a.id, a.passage, a.kind, a.coverage FROM answers a "
                "JOIN documents d ON d.id = a.doc_id ORDER BY d.sha256, a.aid"
            ).fetchall()
        finally:
            conn.close()

    assert ids(bulk) == ids(chrono)
    assert json.dumps(_outputs(bulk)["year"]["totals"]) == json.dumps(
        _outputs(chrono)["year"]["totals"]
    )


def test_placing_again_by_date_leaves_no_free_pages_behind(tmp_path: Path) -> None:
    """Placing every document again rewrites the corpus in one transaction, which left
    free pages in the file (9 of 221 pages for these four whole verslagen, added latest
    first); the add gives them back (VACUUM) and keeps every row."""
    files = write_variants(tmp_path / "docs", range(60, 64), VariantOptions(sections=8))
    db = tmp_path / "c.sqlite"
    with Corpus(db, create=True) as c:
        assert len(c.add(list(reversed(files)), jobs=1).added) == len(files)
    conn = sqlite3.connect(db)
    try:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert (
            conn.execute("SELECT COUNT(*) FROM meta WHERE key = 'placement_stale'").fetchone()[0]
            == 0
        )
    finally:
        conn.close()
    assert free < RECLAIM_FREE_SHARE * pages, (free, pages)
    with Corpus(db, readonly=True) as c:
        assert c.report(top=5)["totals"]["documents"] == len(files)


OLD_DB = Path(__file__).resolve().parent.parent / "fixtures" / "corpus" / "schema-2.sqlite"


def test_schema_2_corpus_is_migrated_on_open_and_keeps_everything(
    files: list[Path], tmp_path: Path
) -> None:
    """A corpus written by the previous dedup (schema 2, two documents, fixtures/corpus)
    opens, is migrated, and keeps every text; then it takes a new, earlier document."""
    db = tmp_path / "old.sqlite"
    db.write_bytes(OLD_DB.read_bytes())
    raw = sqlite3.connect(db)
    answers = raw.execute("SELECT id, text FROM answers ORDER BY id").fetchall()
    questions = raw.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
    asked = raw.execute(
        "SELECT q.text FROM questions q JOIN answer_questions aq ON aq.question = q.id "
        "ORDER BY q.id LIMIT 1"
    ).fetchone()[0]
    assert raw.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 2
    raw.close()
    with Corpus(db, readonly=True) as c:  # a report on an old corpus upgrades it first
        report = c.report(top=50)
        assert c.stats()["schema_version"] == SCHEMA_VERSION
    assert report["totals"]["answers"] == len(answers)
    shared = [p for p in report["top_passages"] if p["documents"] == 2]
    assert shared and all(p["text"] for p in shared)
    with Corpus(db) as c:
        migrated = c.conn.execute(
            "SELECT a.id, answer_text(d.answer_texts, a.n) FROM answers a "
            "JOIN documents d ON d.id = a.doc_id ORDER BY a.id"
        ).fetchall()
        assert migrated == answers
        assert c.conn.execute("SELECT COUNT(*) FROM question_fts").fetchone()[0] == questions
        hit = c.search(asked)
        assert hit and hit[0].text == asked and hit[0].answers[0].text
        assert c.add([files[0]], jobs=1).added  # 2019: earlier than both stored documents
        assert c.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        first = c.report(top=50)["top_passages"][0]["members"][0]
        assert first["document"] == files[0].name and first["kind"] == "first"
