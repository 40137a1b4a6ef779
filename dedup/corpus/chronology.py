"""Placing every document again in chronological order, after one came in out of order.

Which answer leads a passage, which question leads a group and which sentence leads a
cluster is decided by the order documents are placed in. That order is the documents'
chronological order (`documents.sortkey`: date, ties broken by content hash), never the
order of adding: when a document earlier than a stored one arrives (or a date changes),
the placement is marked stale and `replace_all` redoes it from the stored rows alone
(texts, lines, the questions' clusters within their document), one document at a time,
in one transaction. The result, row ids of questions, answers, groups and passages
included, is what adding the documents in chronological order gives; only the
documents' own ids keep recording the order of adding.

The cost is that of writing the whole corpus again (no segmentation): it is paid once
per `add` that brought documents out of order, not once per document. The free pages
the rewrite leaves are then given back (`dedup.corpus.db.reclaim_free_pages`).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Mapping

from dedup.corpus.bands import merge_if_full
from dedup.corpus.db import reclaim_free_pages, transaction
from dedup.corpus.index import (
    AnswerRow,
    IndexParams,
    PreparedAnswer,
    PreparedQuestion,
    QuestionRow,
    sign_answers,
    sign_questions,
)
from dedup.corpus.store import STALE_KEY, place
from dedup.corpus.texts import unpack_texts

# The tables whose rows come from placing (all rebuilt), and the row counters reset so
# that the ids are those of a chronological build.
INDEX_TABLES = (
    "qgroup_bands",
    "qgroup_bands_recent",
    "sentence_bands_recent",
    "qforms",
    "qgroups",
    "sentence_bands",
    "passage_index",
    "shapes",
    "passages",
    "sentences",
)
RENUMBERED = ("questions", "answers", "qgroups", "passages")
# Documents placed between two checks whether the recent LSH entries are due to be
# merged (a check counts up to `dedup.corpus.bands.RECENT_ROWS` entries).
MERGE_EVERY = 32


def _load(conn: sqlite3.Connection, doc_id: int) -> tuple[list[QuestionRow], list[AnswerRow]]:
    """A stored document's questions and answers, as segmentation gave them."""
    questions = [
        QuestionRow(*r)
        for r in conn.execute(
            "SELECT q.qid, q.fraction, q.line, q.line_end, "
            "question_text(d.question_texts, q.n), q.topic, q.own_cluster "
            "FROM questions q JOIN documents d ON d.id = q.doc_id "
            "WHERE q.doc_id = ? ORDER BY q.id",
            (doc_id,),
        )
    ]
    asked: dict[int, list[str]] = defaultdict(list)
    for answer, qid in conn.execute(
        "SELECT aq.answer, q.qid FROM answer_questions aq JOIN questions q ON q.id = aq.question "
        "WHERE q.doc_id = ? ORDER BY aq.answer, q.id",
        (doc_id,),
    ):
        asked[int(answer)].append(str(qid))
    blob = conn.execute("SELECT answer_texts FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    texts = unpack_texts(bytes(blob)) if blob is not None else ()
    answers = [
        AnswerRow(aid, fraction, start, end, texts[n], tuple(asked.get(int(a), ())))
        for a, aid, fraction, start, end, n in conn.execute(
            "SELECT id, aid, section_fraction, line_start, line_end, n FROM answers "
            "WHERE doc_id = ? ORDER BY id",
            (doc_id,),
        )
    ]
    return questions, answers


SignTask = tuple[int, list[QuestionRow], list[AnswerRow], IndexParams]
Signed = tuple[int, tuple[PreparedQuestion, ...], tuple[PreparedAnswer, ...]]


def _sign(task: SignTask) -> Signed:
    doc_id, questions, answers, params = task
    return doc_id, sign_questions(questions, params), sign_answers(answers, params)


def _signed_in_order(
    conn: sqlite3.Connection,
    docs: list[int],
    params: IndexParams,
    jobs: int,
    signed: Mapping[int, Signed],
) -> Iterator[Signed]:
    """Every document of `docs`, in that order, signed: from `signed` where it is there,
    else read back and signed again in `jobs` worker processes (a few documents ahead)."""
    from dedup.corpus.ingest import ordered_map

    todo = [d for d in docs if d not in signed]
    loaded = ((doc_id, *_load(conn, doc_id), params) for doc_id in todo)
    rest = ordered_map(_sign, loaded, max(1, min(jobs, len(todo))))
    for doc_id in docs:
        got = signed.get(doc_id)
        if got is None:
            got = next(rest)
            assert got[0] == doc_id, "documents are signed in the order they are placed"
        yield got
    assert next(rest, None) is None  # ends the worker pool, if one was started


def replace_all(
    conn: sqlite3.Connection,
    params: IndexParams,
    *,
    jobs: int = 1,
    signed: Mapping[int, Signed] | None = None,
) -> int:
    """Place every stored document again, in chronological order; returns how many.

    One transaction: an interrupted rebuild leaves the corpus as it was, still marked
    stale, and the next `add` rebuilds it. Foreign keys are checked at the end (and
    are off meanwhile: emptying tables that every row points into one by one would
    cost a look-up per row). Signing the documents again (half the work) runs in `jobs`
    worker processes, a few documents ahead of the placing, which is one at a time:
    a document's rows are read before earlier ones are placed, which touches only
    their own rows (new ids stay below the old rows' moved ones). `signed`: documents
    (by id) whose signatures are at hand (those of the `add` that made the placement
    stale, as its workers prepared them), placed without being read and signed again."""
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with transaction(conn):
            docs = [
                int(d) for (d,) in conn.execute("SELECT id FROM documents ORDER BY sortkey, id")
            ]
            # Move the old rows out of the way of the ids a chronological build gives.
            top_q = conn.execute("SELECT COALESCE(MAX(id), 0) FROM questions").fetchone()[0]
            top_a = conn.execute("SELECT COALESCE(MAX(id), 0) FROM answers").fetchone()[0]
            conn.execute("UPDATE questions SET id = id + ?", (top_q,))
            conn.execute("UPDATE answers SET id = id + ?", (top_a,))
            conn.execute(
                "UPDATE answer_questions SET answer = answer + ?, question = question + ?",
                (top_a, top_q),
            )
            conn.execute("INSERT INTO question_fts (question_fts) VALUES ('delete-all')")
            for table in INDEX_TABLES:
                conn.execute(f"DELETE FROM {table}")  # fixed table names
            conn.execute(
                f"DELETE FROM sqlite_sequence WHERE name IN ({','.join('?' * len(RENUMBERED))})",
                RENUMBERED,
            )
            for n, (doc_id, questions, answers) in enumerate(
                _signed_in_order(conn, docs, params, jobs, signed or {})
            ):
                conn.execute(
                    "DELETE FROM answer_questions WHERE answer IN "
                    "(SELECT id FROM answers WHERE doc_id = ?)",
                    (doc_id,),
                )
                conn.execute("DELETE FROM answers WHERE doc_id = ?", (doc_id,))
                conn.execute("DELETE FROM questions WHERE doc_id = ?", (doc_id,))
                place(conn, doc_id, questions, answers, params)
                if n % MERGE_EVERY == MERGE_EVERY - 1:
                    merge_if_full(conn)
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:  # a bug, never the input: keep the corpus as it was
                raise RuntimeError(f"rebuilding the corpus index broke references: {problems[:3]}")
            conn.execute("DELETE FROM meta WHERE key = ?", (STALE_KEY,))
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    reclaim_free_pages(conn)
    return len(docs)
