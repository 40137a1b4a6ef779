"""The corpus database: SQLite, WAL mode, foreign keys, a schema version and migrations.

One writer at a time (SQLite's lock, waited for up to `BUSY_TIMEOUT_MS`), any number
of readers beside it (WAL), so a report runs while an `add` is in progress. Every
document is written in one transaction: an interrupted run leaves either the whole
document or nothing of it.

Tables (what the reports query is indexed):
- `documents`: one row per distinct file content (`sha256` unique) with its metadata.
- `questions`: Part I questions (texts in `documents.question_texts`, read with
  `question_text(d.question_texts, q.n)`); `qgroup` is the cross-document group of
  near-identical questions; `question_fts` (FTS5, contentless) indexes their comparison
  forms for search.
- `answers`: answer passages; `passage` is the cross-document group of reused text; the
  texts are in `documents.answer_texts` (one zlib stream per document, `answers.n` is the
  place in it; SQL `answer_text(d.answer_texts, a.n)` reads one).
- `sentences`: every distinct answer sentence (comparison form, by hash) and the
  `cluster` of near-identical sentences it belongs to.
- `sentence_bands`, `qgroup_bands`: the persisted MinHash LSH index (band key -> item),
  only for cluster/group leaders, so a new item is compared with one representative of
  each group, never with the whole corpus; the latest entries wait in
  `sentence_bands_recent` and `qgroup_bands_recent` (dedup.corpus.bands).
- `passages`, `passage_index`: each passage's leader text and the sentence clusters it
  holds (cluster -> passage), to find the passages a new answer shares sentences with.
- `qforms`, `shapes`: the first occurrence of each exact question form (-> its group)
  and of each answer shape (its sentence clusters in order -> passage), so a copy is
  placed with one key look-up however often it occurred before.
- `meta`: the index parameters the corpus was built with, and `placement_stale` while
  documents added out of date order wait to be placed again (dedup.corpus.chronology).
"""

from __future__ import annotations

import os
import sqlite3
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dedup.corpus.errors import CorpusError

DEFAULT_DB = "dedup.sqlite"
ENV_DB = "DEDUP_DB"
BUSY_TIMEOUT_MS = 60_000
# Checkpoint the WAL into the database every this many pages (SQLite default: 1000).
# A bigger WAL lets the many index pages a document touches be written back once for
# many documents instead of once per document or two.
WAL_CHECKPOINT_PAGES = int(os.environ.get("DEDUP_WAL_PAGES", "10000"))

_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    layout TEXT NOT NULL,
    has_reply INTEGER NOT NULL,
    fractions TEXT NOT NULL,
    kamerstuk TEXT,
    vergaderjaar TEXT,
    date TEXT,
    year INTEGER,
    ministry TEXT,
    bewindspersoon TEXT,
    commission TEXT,
    title TEXT,
    sortkey TEXT NOT NULL,
    n_questions INTEGER NOT NULL,
    n_answers INTEGER NOT NULL,
    answer_words INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX documents_year ON documents(year);
CREATE INDEX documents_ministry ON documents(ministry);
CREATE INDEX documents_name ON documents(name);
CREATE INDEX documents_kamerstuk ON documents(kamerstuk);

CREATE TABLE qgroups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    form TEXT NOT NULL,
    leader INTEGER REFERENCES questions(id) ON DELETE SET NULL
);
CREATE TABLE qgroup_bands (
    key INTEGER NOT NULL,
    qgroup INTEGER NOT NULL REFERENCES qgroups(id),
    PRIMARY KEY (key, qgroup)
) WITHOUT ROWID;
CREATE TABLE questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    qid TEXT NOT NULL,
    fraction TEXT NOT NULL,
    line INTEGER NOT NULL,
    line_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    topic TEXT,
    hash INTEGER NOT NULL,
    qgroup INTEGER NOT NULL REFERENCES qgroups(id),
    score REAL NOT NULL,
    UNIQUE (doc_id, qid)
);
CREATE INDEX questions_qgroup ON questions(qgroup, doc_id);
CREATE INDEX questions_doc ON questions(doc_id);
CREATE INDEX qgroups_leader ON qgroups(leader);
CREATE TABLE qforms (
    hash INTEGER PRIMARY KEY,
    qgroup INTEGER NOT NULL REFERENCES qgroups(id)
);
CREATE INDEX questions_fraction ON questions(fraction);

CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL UNIQUE,
    form TEXT NOT NULL,
    cluster INTEGER NOT NULL REFERENCES sentences(id)
);
CREATE TABLE sentence_bands (
    key INTEGER NOT NULL,
    sentence INTEGER NOT NULL REFERENCES sentences(id),
    PRIMARY KEY (key, sentence)
) WITHOUT ROWID;

CREATE TABLE passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    text TEXT NOT NULL,
    chars INTEGER NOT NULL,
    exact INTEGER NOT NULL,
    leader INTEGER REFERENCES answers(id) ON DELETE SET NULL
);
CREATE TABLE passage_index (
    cluster INTEGER NOT NULL REFERENCES sentences(id),
    passage INTEGER NOT NULL REFERENCES passages(id),
    chars INTEGER NOT NULL,
    PRIMARY KEY (cluster, passage)
) WITHOUT ROWID;
CREATE TABLE answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    aid TEXT NOT NULL,
    section_fraction TEXT NOT NULL,
    line_start INTEGER NOT NULL,
    line_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    words INTEGER NOT NULL,
    passage INTEGER REFERENCES passages(id),
    kind TEXT,
    coverage REAL NOT NULL,
    UNIQUE (doc_id, aid)
);
CREATE TABLE shapes (
    shape INTEGER PRIMARY KEY,
    passage INTEGER NOT NULL REFERENCES passages(id),
    kind TEXT NOT NULL,
    coverage REAL NOT NULL,
    exact INTEGER NOT NULL
);
CREATE INDEX answers_passage ON answers(passage, doc_id);
CREATE INDEX passages_leader ON passages(leader);
CREATE INDEX answers_doc ON answers(doc_id);
CREATE TABLE answer_sentences (
    answer INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    sentence INTEGER NOT NULL REFERENCES sentences(id),
    PRIMARY KEY (answer, position)
) WITHOUT ROWID;
CREATE INDEX answer_sentences_sentence ON answer_sentences(sentence);
CREATE TABLE answer_questions (
    answer INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    question INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    PRIMARY KEY (answer, question)
) WITHOUT ROWID;
CREATE INDEX answer_questions_question ON answer_questions(question);
"""

# Version 2: full-text search over the questions' comparison forms (`dedup corpus search`),
# filled from the questions already stored by `_fill_question_fts`.
_V2 = """
CREATE VIRTUAL TABLE question_fts USING fts5(form, tokenize = 'unicode61')
"""


def _fill_question_fts(conn: sqlite3.Connection) -> None:
    from dedup.parse.normalize import comparison_form

    rows = conn.execute("SELECT id, text FROM questions").fetchall()
    conn.executemany(
        "INSERT INTO question_fts(rowid, form) VALUES (?, ?)",
        [(qid, comparison_form(text)) for qid, text in rows],
    )


# Version 3: what the reports need, stored once (a real verslag took 254 KiB, its text
# ~190 KiB). A document's answer texts are one zlib stream (`documents.answer_texts`,
# about a quarter of their size; `answers.n` is the answer's place in it, read with the
# SQL function `answer_text(answer_texts, n)` that every connection registers); the
# search index is contentless (its forms are recomputed from the question text); the
# per-answer sentence lists, which nothing read, and the indexes that repeated the
# prefix of a unique key are gone; `questions.own_cluster` keeps the question's cluster
# within its document, so the index can be rebuilt from the stored rows alone.
_V3 = """
ALTER TABLE documents ADD COLUMN answer_texts BLOB;
ALTER TABLE answers ADD COLUMN n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE questions ADD COLUMN own_cluster TEXT;
DROP INDEX questions_doc;
DROP INDEX answers_doc;
DROP INDEX questions_fraction;
DROP TABLE answer_sentences;
DROP TABLE question_fts;
CREATE VIRTUAL TABLE question_fts USING fts5(form, content = '', tokenize = 'unicode61')
"""


def _store_once(conn: sqlite3.Connection) -> None:
    """Fill version 3's columns from a version-2 corpus (migrate on write)."""
    from dedup.corpus.texts import question_search_form

    _pack_texts_of(conn, "answers", "answer_texts")
    # A version-2 corpus grouped a document's own questions as `analyze` clusters them,
    # so the questions of one document that share a group were one cluster.
    conn.execute(
        """
        UPDATE questions SET own_cluster = 'g' || qgroup WHERE EXISTS (
            SELECT 1 FROM questions o
            WHERE o.doc_id = questions.doc_id AND o.qgroup = questions.qgroup
              AND o.id != questions.id)
        """
    )
    conn.executemany(
        "INSERT INTO question_fts (rowid, form) VALUES (?, ?)",
        [(q, question_search_form(t)) for q, t in conn.execute("SELECT id, text FROM questions")],
    )


# Version 4: the question texts too, one zlib stream per document
# (`documents.question_texts`, `questions.n`, read with `question_text(question_texts, n)`),
# 23 of a real verslag's 130 KiB; of a sentence cluster only the leader keeps its form
# (the others are never compared again).
_V4 = """
ALTER TABLE documents ADD COLUMN question_texts BLOB;
ALTER TABLE questions ADD COLUMN n INTEGER NOT NULL DEFAULT 0
"""


def _pack_texts_of(conn: sqlite3.Connection, table: str, column: str) -> None:
    """Move each document's `table.text` into one zlib stream in `documents.column`,
    numbering the rows in id order (`table.n`) and emptying their own text."""
    from dedup.corpus.texts import pack_texts

    docs = [int(d) for (d,) in conn.execute("SELECT id FROM documents ORDER BY id")]
    for doc in docs:
        rows = conn.execute(
            f"SELECT id, text FROM {table} WHERE doc_id = ? ORDER BY id", (doc,)
        ).fetchall()
        conn.execute(
            f"UPDATE documents SET {column} = ? WHERE id = ?",
            (pack_texts([t for _, t in rows]), doc),
        )
        conn.executemany(
            f"UPDATE {table} SET n = ?, text = '' WHERE id = ?",
            [(i, r) for i, (r, _) in enumerate(rows)],
        )


def _pack_questions(conn: sqlite3.Connection) -> None:
    _pack_texts_of(conn, "questions", "question_texts")
    conn.execute("UPDATE sentences SET form = '' WHERE id != cluster")


# Version 5: chronological order is looked up by index (each add asks for the latest
# document; without it every row, texts included, was read once per document).
_V5 = """
CREATE INDEX IF NOT EXISTS documents_sortkey ON documents(sortkey)
"""

# Version 6: new LSH band entries go to small `*_bands_recent` tables first and are merged
# into the main ones (`dedup.corpus.bands`) in key order when the small ones are full. Band
# keys are hashes, so every entry lands on a random page: added straight to the main
# tables, a document dirtied a page per entry once they were large (60% of the WAL
# written per document, growing with the corpus: 0.6 MiB per document at 300 documents,
# 3.5 MiB at 3,000).
_V6 = """
CREATE TABLE sentence_bands_recent (
    key INTEGER NOT NULL,
    sentence INTEGER NOT NULL REFERENCES sentences(id),
    PRIMARY KEY (key, sentence)
) WITHOUT ROWID;
CREATE TABLE qgroup_bands_recent (
    key INTEGER NOT NULL,
    qgroup INTEGER NOT NULL REFERENCES qgroups(id),
    PRIMARY KEY (key, qgroup)
) WITHOUT ROWID
"""

Migration = tuple[int, str, Callable[[sqlite3.Connection], None] | None]
MIGRATIONS: tuple[Migration, ...] = (
    (1, _V1, None),
    (2, _V2, _fill_question_fts),
    (3, _V3, _store_once),
    (4, _V4, _pack_questions),
    (5, _V5, None),
    (6, _V6, None),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def default_db() -> Path:
    """`$DEDUP_DB`, else dedup.sqlite in the current folder."""
    return Path(os.environ.get(ENV_DB) or DEFAULT_DB)


def connect(
    path: str | Path, *, create: bool = False, readonly: bool = False
) -> sqlite3.Connection:
    """Open (and with `create`, make) a corpus database, migrated to the current schema.

    `readonly` (report, search, list, stats, export) opens it with SQLite's `mode=ro`:
    nothing is ever created or changed, so a wrong `--db` (an empty file, another
    program's database, a read-only copy) is reported and left exactly as it was.
    """
    p = Path(path)
    if not p.exists():
        if not create or readonly:
            raise CorpusError(
                str(p), "no corpus database here; create one with `dedup corpus add FILES`"
            )
        if not p.parent.exists():
            raise CorpusError(str(p), "the folder for the database does not exist")
    elif p.is_dir():
        raise CorpusError(str(p), "is a directory, not a corpus database")
    elif not p.is_file():
        raise CorpusError(str(p), "is not a regular file, so not a corpus database")
    elif p.stat().st_size == 0 and (readonly or not create):
        raise CorpusError(
            str(p),
            "is an empty file, not a corpus database; give the right --db, or create a "
            "corpus with `dedup corpus add FILES`",
        )
    if readonly:
        return _connect_readonly(p)
    try:
        conn = sqlite3.connect(p, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise CorpusError(str(p), f"cannot be opened ({exc})") from exc
    try:
        register_functions(conn)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            raise CorpusError(str(p), f"cannot switch to WAL journal mode (got {mode})")
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL: a committed document survives a power cut too, not only a killed process.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
        migrate(conn, str(p))
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CorpusError(str(p), _open_problem(exc)) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the corpus queries use: `answer_text(answer_texts, n)` and
    `question_text(question_texts, n)` (one packed text by its place)."""
    from dedup.corpus.texts import answer_text

    conn.create_function("answer_text", 2, answer_text, deterministic=True)
    conn.create_function("question_text", 2, answer_text, deterministic=True)


def _open_problem(exc: sqlite3.DatabaseError) -> str:
    """What is wrong, in the words of the cause: read-only, locked, or not a corpus."""
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return (
            f"cannot be written ({text}); adding and removing documents need write access "
            "to the database and its folder"
        )
    if "locked" in text or "busy" in text:
        return f"is locked by another process ({text}); try again when it has finished"
    if "unable to open" in text:
        return f"cannot be opened ({text})"
    return f"is not a dedup corpus database ({text})"


def _connect_readonly(p: Path) -> sqlite3.Connection:
    uri = f"file:{urllib.parse.quote(str(p.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise CorpusError(str(p), f"cannot be opened read-only ({exc})") from exc
    try:
        register_functions(conn)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        version = schema_version(conn)
        if version == 0:
            tables = conn.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
            problem = (
                "is an SQLite database of something else, not a corpus"
                if tables
                else "is an empty SQLite database, not a corpus; create one with "
                "`dedup corpus add FILES`"
            )
            raise CorpusError(str(p), problem)
        if version > SCHEMA_VERSION:
            raise CorpusError(
                str(p),
                f"was made by a newer dedup (schema {version}, this one knows {SCHEMA_VERSION})",
            )
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CorpusError(str(p), _open_problem(exc)) from exc
    except BaseException:
        conn.close()
        raise
    if version < SCHEMA_VERSION:
        # An older corpus is upgraded once, by a writing connection, then read as usual.
        conn.close()
        connect(p).close()
        return _connect_readonly(p)
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, name: str, *, target: int = SCHEMA_VERSION) -> int:
    """Apply the migrations above the stored version, each in its own transaction."""
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise CorpusError(
            name,
            f"was made by a newer dedup (schema {current}, this one knows {SCHEMA_VERSION})",
        )
    if current == 0:
        foreign = conn.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        if foreign:
            raise CorpusError(name, "is an SQLite database of something else, not a corpus")
    for version, script, hook in MIGRATIONS:
        if version <= current or version > target:
            continue
        with transaction(conn):
            if schema_version(conn) >= version:  # another process migrated meanwhile
                continue
            for statement in _statements(script):
                conn.execute(statement)
            if hook is not None:
                hook(conn)
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
        current = version
    return current


def _statements(script: str) -> list[str]:
    """Split a migration into statements (none of ours holds a semicolon in a literal)."""
    return [s.strip() for s in script.split(";") if s.strip()]


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (also Ctrl-C)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # Some errors (a full disk, I/O errors) make SQLite roll back by itself.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error:
        if conn.in_transaction:  # a failed COMMIT leaves the transaction open
            conn.execute("ROLLBACK")
        raise


# After every document is placed again (dedup.corpus.chronology.replace_all) about a tenth
# of the file is free pages (58 of 644 on 20 real verslagen added in no date order: 130 KiB
# per document instead of 117), because the old and the new rows coexisted in that one
# transaction. VACUUM then writes the file again without them when at least this share
# is free; it costs about one more write of the corpus, after a re-placement that
# rewrote every row anyway.
RECLAIM_FREE_SHARE = 0.02


def reclaim_free_pages(conn: sqlite3.Connection) -> bool:
    """VACUUM when `RECLAIM_FREE_SHARE` of the pages or more are free; True if it ran.

    VACUUM is one transaction: interrupted, it leaves the database as it was. It needs
    room for a copy of the database; without it the file just keeps its free pages
    (reused by later writes), so that failure is not an error of the `add`."""
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    free = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
    if not pages or free < RECLAIM_FREE_SHARE * pages:
        return False
    try:
        conn.execute("VACUUM")
    except sqlite3.OperationalError:
        return False
    return True


def get_meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM meta").fetchall())


def database_size(path: str | Path) -> int:
    """Bytes of the database with its WAL and shared-memory files."""
    total = 0
    for suffix in ("", "-wal", "-shm"):
        f = Path(f"{path}{suffix}")
        if f.exists():
            total += f.stat().st_size
    return total
