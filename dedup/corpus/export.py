"""`export`: the corpus as flat tables for pandas and R.

Tables: `documents` (metadata and counts), `questions` (with their cross-document
`question_group`), `answers` (with their reuse `passage`, `kind` and `coverage`) and
`passages` (reused passages with how many documents hold them). Rows are in chronological
order (documents by date, ties by content hash), so the export of a corpus does not
depend on the order its documents were added in. CSV and Parquet write
one file per table into the folder OUT; JSON writes one object with a list per table.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from dedup.corpus.errors import MissingExtra
from dedup.errors import OutputExists
from dedup.outputs import write_atomic, write_folder

FORMATS = ("csv", "parquet", "json")

QUERIES = {
    "documents": """
        SELECT d.id AS document_id, d.sha256, d.name, d.path, d.format, d.layout,
               d.kamerstuk, d.vergaderjaar, d.date, d.year, d.ministry, d.bewindspersoon,
               d.commission, d.title, REPLACE(d.fractions, char(10), '; ') AS fractions,
               d.n_questions AS questions, d.n_answers AS answers, d.answer_words,
               d.warnings, d.added_at
        FROM documents d ORDER BY d.sortkey
    """,
    "questions": """
        WITH g AS (SELECT qgroup, COUNT(*) AS size, COUNT(DISTINCT doc_id) AS docs
                   FROM questions GROUP BY qgroup)
        SELECT q.doc_id AS document_id, d.name AS document, q.qid AS question, q.fraction,
               q.line, q.line_end,
               question_text(d.question_texts, q.n) AS text, q.topic, q.qgroup AS question_group,
               g.size AS group_size, g.docs AS group_documents, q.score AS group_score
        FROM questions q JOIN documents d ON d.id = q.doc_id JOIN g ON g.qgroup = q.qgroup
        ORDER BY d.sortkey, q.id
    """,
    "answers": """
        WITH p AS (SELECT passage, COUNT(*) AS size, COUNT(DISTINCT doc_id) AS docs
                   FROM answers WHERE passage IS NOT NULL GROUP BY passage)
        SELECT a.doc_id AS document_id, d.name AS document, a.aid AS answer,
               a.section_fraction, a.line_start, a.line_end, a.words,
               answer_text(d.answer_texts, a.n) AS text,
               a.passage, p.size AS passage_size, p.docs AS passage_documents, a.kind,
               a.coverage,
               (SELECT group_concat(q.qid, '; ') FROM answer_questions aq
                JOIN questions q ON q.id = aq.question WHERE aq.answer = a.id) AS answers_questions
        FROM answers a JOIN documents d ON d.id = a.doc_id
        LEFT JOIN p ON p.passage = a.passage
        ORDER BY d.sortkey, a.id
    """,
    "passages": """
        SELECT a.passage, COUNT(DISTINCT a.doc_id) AS documents, COUNT(*) AS occurrences,
               p.text
        FROM answers a JOIN passages p ON p.id = a.passage
        GROUP BY a.passage HAVING occurrences > 1 ORDER BY documents DESC, a.passage
    """,
}

Table = tuple[list[str], list[tuple[Any, ...]]]


def read_tables(conn: sqlite3.Connection) -> dict[str, Table]:
    """Every export table from one consistent snapshot."""
    out: dict[str, Table] = {}
    conn.execute("BEGIN")
    try:
        for name, sql in QUERIES.items():
            cur = conn.execute(sql)
            out[name] = ([c[0] for c in cur.description], cur.fetchall())
    finally:
        conn.execute("COMMIT")
    return out


def _csv(table: Table) -> str:
    from dedup.render.escape import csv_text

    return csv_text(table[0], table[1])


def _parquet(table: Table) -> bytes:
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError as exc:
        raise MissingExtra(
            None, "Parquet export needs pyarrow: pip install 'dedup[parquet]'"
        ) from exc
    columns, rows = table
    data = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
    arrow = pa.table(data)
    sink = pa.BufferOutputStream()
    pq.write_table(arrow, sink)
    return bytes(sink.getvalue().to_pybytes())


def export(conn: sqlite3.Connection, fmt: str, out: Path, *, force: bool = False) -> list[Path]:
    """Write the tables; returns the files written. Nothing is overwritten without force."""
    if fmt == "parquet":
        _parquet((["probe"], []))  # fail before writing anything when pyarrow is missing
    tables = read_tables(conn)
    if fmt == "json":
        payload = {
            name: [dict(zip(cols, row, strict=True)) for row in rows]
            for name, (cols, rows) in tables.items()
        }
        write_atomic(out, json.dumps(payload, ensure_ascii=False, indent=1) + "\n", force=force)
        return [out]
    suffix = ".csv" if fmt == "csv" else ".parquet"
    if out.exists() and not out.is_dir():
        raise OutputExists(str(out), "is a file; CSV and Parquet export write a folder")
    files: dict[str, str | bytes] = {
        f"{name}{suffix}": _csv(table) if fmt == "csv" else _parquet(table)
        for name, table in tables.items()
    }
    return write_folder(out, files, force=force)
