"""How the writer stores documents: placed at once when they come in date order, stored
unplaced (and placed once, at the end of the add) after one came out of order, and sent
from the workers as compact pickles with their texts already packed. Real SQLite files,
whole verslagen (variants of the sample)."""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from dedup.corpus.db import connect, transaction
from dedup.corpus.index import IndexParams, Prepared, pack_prepared
from dedup.corpus.ingest import Failed, FileTask, IngestSummary, prepare_file, write_prepared
from dedup.corpus.store import index_params, is_stale, remove, sortkey
from dedup.corpus.synthetic import VariantOptions
from tests.test_corpus import run, write_variants
from tests.test_corpus_crash import check_integrity


@pytest.fixture(scope="module")
def by_date(tmp_path_factory: pytest.TempPathFactory) -> list[Prepared]:
    """Four prepared verslagen, earliest first."""
    files = write_variants(tmp_path_factory.mktemp("placement"), range(81, 85), VariantOptions())
    params = IndexParams()
    prepared = [prepare_file(FileTask(str(f), f.name, {}, 2**25, params)) for f in files]
    docs = [p for p in prepared if isinstance(p, Prepared)]
    assert len(docs) == 4
    return sorted(docs, key=lambda p: sortkey(p.meta, p.sha256))


def _open(db: Path, params: IndexParams) -> sqlite3.Connection:
    conn = connect(db, create=True)
    with transaction(conn):
        index_params(conn, params)
    return conn


def _placed(conn: sqlite3.Connection, doc: Prepared) -> tuple[int, int]:
    """(answers in a passage, questions whose group is led by another document's question)."""
    doc_id = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (doc.sha256,)).fetchone()[0]
    passages = conn.execute(
        "SELECT COUNT(*) FROM answers WHERE doc_id = ? AND passage IS NOT NULL", (doc_id,)
    ).fetchone()[0]
    shared = conn.execute(
        "SELECT COUNT(*) FROM questions q JOIN qgroups g ON g.id = q.qgroup "
        "JOIN questions l ON l.id = g.leader WHERE q.doc_id = ? AND l.doc_id != ?",
        (doc_id, doc_id),
    ).fetchone()[0]
    return int(passages), int(shared)


def _tables(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, documents named by content hash (their own ids record
    the order of adding; every other id is the by-date build's)."""
    conn = sqlite3.connect(db)
    try:
        sha = dict(conn.execute("SELECT id, sha256 FROM documents"))
        out: dict[str, list[tuple[object, ...]]] = {}
        names = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'question_fts%' ORDER BY name"
        ).fetchall()
        for (name,) in names:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
            rows = []
            for row in conn.execute(f"SELECT * FROM {name}"):
                values = dict(zip(cols, row, strict=True))
                if name == "documents":
                    values.pop("id")
                    values.pop("added_at")
                if "doc_id" in values:
                    values["doc_id"] = sha[values["doc_id"]]
                rows.append(tuple(sorted(values.items(), key=lambda kv: kv[0])))
            out[name] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


class _Interrupted(Exception):
    """Stands for the process dying before the add's end (where placement is redone)."""


def test_documents_after_an_out_of_order_one_wait_unplaced_then_place_as_by_date(
    by_date: list[Prepared], tmp_path: Path
) -> None:
    params = IndexParams()
    reference = tmp_path / "by-date.sqlite"
    conn = _open(reference, params)
    write_prepared(conn, by_date, params, IngestSummary())
    assert not is_stale(conn)
    conn.close()

    # The latest first, then the earliest: from the second document on, placement is stale.
    order = [by_date[3], by_date[0], by_date[2], by_date[1]]

    def interrupted() -> Iterator[Prepared | Failed]:
        yield from order
        raise _Interrupted

    db = tmp_path / "c.sqlite"
    conn = _open(db, params)
    try:
        with pytest.raises(_Interrupted):
            write_prepared(
                conn, interrupted(), params, IngestSummary(), batch_documents=1, batch_seconds=3600
            )
        assert is_stale(conn)
        # The first document was placed (it leads its passages); the later ones wait,
        # whole, their questions already searchable.
        assert _placed(conn, order[0])[0] > 0
        for doc in order[1:]:
            assert _placed(conn, doc) == (0, 0)
        sentences = conn.execute("SELECT COUNT(*) FROM sentences").fetchone()[0]
        assert 0 < sentences <= sum(len(a.sentences) for a in order[0].answers)
    finally:
        conn.close()
    assert check_integrity(db) == 4
    # Until then every report says so at its top, in each format.
    for fmt in ("md", "rich", "html"):
        assert "nog niet opnieuw in datumvolgorde geplaatst" in _report_top(db, fmt)

    # The next add, even of nothing new, places them (signing them again in two worker
    # processes): the corpus is the by-date one.
    conn = _open(db, params)
    try:
        write_prepared(conn, [], params, IngestSummary(), jobs=2)
        assert not is_stale(conn)
        for doc in order[1:]:
            assert _placed(conn, doc)[0] > 0
        assert _placed(conn, by_date[3])[1] > 0  # the latest now joins earlier groups
    finally:
        conn.close()
    assert check_integrity(db) == 4
    assert _tables(db) == _tables(reference)
    for fmt in ("md", "rich", "html"):
        top = _report_top(db, fmt)
        assert "geplaatst" not in top and "Corpus" in top


def _report_top(db: Path, fmt: str) -> str:
    """The first lines of `dedup corpus report` in this format."""
    code, out, err = run("corpus", "report", "--db", str(db), "--format", fmt)
    assert code == 0, err
    lines = [line for line in out.splitlines() if line.strip()]
    if fmt == "html":
        lines = [out.split("<h1>")[1].split("<h2>")[0]]  # the title, notice and totals
    return "\n".join(lines[:3])


def test_an_unplaced_document_can_be_removed(by_date: list[Prepared], tmp_path: Path) -> None:
    """Its questions are in the search index, so removing it leaves the index whole."""
    params = IndexParams()
    db = tmp_path / "c.sqlite"
    conn = _open(db, params)
    try:

        def two_then_stop() -> Iterator[Prepared | Failed]:
            yield by_date[1]
            yield by_date[0]  # earlier: stale, stored unplaced
            raise _Interrupted

        with pytest.raises(_Interrupted):
            write_prepared(
                conn,
                two_then_stop(),
                params,
                IngestSummary(),
                batch_documents=1,
                batch_seconds=3600,
            )
        unplaced = conn.execute(
            "SELECT id FROM documents WHERE sha256 = ?", (by_date[0].sha256,)
        ).fetchone()[0]
        with transaction(conn):
            remove(conn, int(unplaced))
        write_prepared(conn, [], params, IngestSummary())
        assert conn.execute("INSERT INTO question_fts(question_fts) VALUES ('integrity-check')")
    finally:
        conn.close()
    assert check_integrity(db) == 1


def test_prepared_pickles_to_an_equal_document_with_its_texts_packed(
    by_date: list[Prepared],
) -> None:
    doc = by_date[0]
    assert doc.packed == pack_prepared(doc)
    back = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == doc
    assert back.answers[0].sentences[0] == doc.answers[0].sentences[0]
    assert type(back.questions[0]) is type(doc.questions[0])


@pytest.mark.parametrize("keep", [0, 2, 4])
def test_placing_again_with_kept_signatures_equals_the_by_date_build(
    by_date: list[Prepared], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep: int
) -> None:
    """One add out of date order keeps the signatures of its first `KEEP_SIGNED`
    documents for placing them again and reads back and signs the others: all kept, some
    (the others signed again in between, in date order) or none, the corpus is the
    by-date one."""
    import dedup.corpus.chronology as chronology
    import dedup.corpus.ingest as ingest

    params = IndexParams()
    reference = tmp_path / "by-date.sqlite"
    conn = _open(reference, params)
    write_prepared(conn, by_date, params, IngestSummary())
    conn.close()

    signed_again: list[int] = []
    sign = chronology._sign

    def counted(task: chronology.SignTask) -> chronology.Signed:
        signed_again.append(task[0])
        return sign(task)

    monkeypatch.setattr(ingest, "KEEP_SIGNED", keep)
    monkeypatch.setattr(chronology, "_sign", counted)
    db = tmp_path / "c.sqlite"
    conn = _open(db, params)
    try:
        order = [by_date[3], by_date[0], by_date[2], by_date[1]]
        write_prepared(conn, order, params, IngestSummary(), batch_documents=1, jobs=1)
        assert not is_stale(conn)
    finally:
        conn.close()
    # Documents 1..keep (ids in the order of adding) were not read back and signed again.
    assert sorted(signed_again) == list(range(keep + 1, 5))
    assert check_integrity(db) == 4
    assert _tables(db) == _tables(reference)


@pytest.mark.parametrize(
    "text", ["Het antwoord is ja.", "", "een\x1fscheiding", "\x1f", "tab\tin de tekst"]
)
def test_packs_unchanged_says_whether_a_text_comes_back_as_packed(text: str) -> None:
    from dedup.corpus.texts import pack_texts, packs_unchanged, unpack_texts

    back = unpack_texts(pack_texts(["ervoor", text, "erna"]))
    assert packs_unchanged(text) == (back == ("ervoor", text, "erna"))
