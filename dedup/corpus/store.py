"""Writing one prepared document into the corpus, and removing one.

Leader clustering in chronological order (`sortkey`: the document's date, ties broken
by its content hash), so the result never depends on the order documents were added:
a document later than every stored one is placed at once; an earlier one is placed
too, but marks the placement stale, and `dedup.corpus.chronology.replace_all` then
places every document again in chronological order (at the end of the `add`). Rules:
- an answer sentence joins the cluster of the first earlier sentence form (a cluster
  leader found through the LSH bands) with fuzz.ratio >= `sentence_ratio`; else it
  leads a new cluster and its bands are indexed;
- an answer passage made of the same sentence clusters in the same order as an earlier
  answer (a copy, possibly reworded) joins that answer's passage; otherwise it joins the
  passage it shares the most sentence clusters with when the single-document reuse
  rules call them verbatim, near-verbatim or partial reuse; else it starts a new one;
- a question joins the group of an earlier identical form, or of the group leader with
  the best `question_score` >= `question_threshold` among its LSH candidates.

All statements run inside the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dedup.corpus import bands as lsh
from dedup.corpus.db import get_meta
from dedup.corpus.errors import CorpusError, NotInCorpus
from dedup.corpus.index import (
    IndexParams,
    Prepared,
    PreparedAnswer,
    PreparedQuestion,
    form_hash,
    question_score,
    reuse_kind,
)
from dedup.corpus.metadata import FIELDS, DocMeta
from dedup.corpus.texts import question_search_form


def index_params(conn: sqlite3.Connection, default: IndexParams | None = None) -> IndexParams:
    """The parameters the corpus was built with; stores `default` in a new corpus."""
    stored = get_meta(conn).get("index_params")
    if stored is not None:
        params = IndexParams.from_json(stored)
        if params.index_format != IndexParams().index_format:
            raise CorpusError(None, "the corpus index was built by another dedup version")
        return params
    params = default or IndexParams()
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('index_params', ?)", (params.to_json(),)
    )
    return params


def read_params(conn: sqlite3.Connection) -> IndexParams:
    """The stored parameters, or the defaults for a corpus that holds nothing yet."""
    stored = get_meta(conn).get("index_params")
    return IndexParams.from_json(stored) if stored is not None else IndexParams()


def sortkey(meta: DocMeta, sha256: str) -> str:
    """Chronological order: date, else the year, else last; ties by content hash, so the
    order in which documents were added never decides which one is earlier."""
    when = meta.date or (f"{meta.year:04d}-99-99" if meta.year else "9999-99-99")
    return f"{when}|{sha256}"


def document_id(conn: sqlite3.Connection, sha256: str) -> int | None:
    row = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    return int(row[0]) if row else None


def store(conn: sqlite3.Connection, doc: Prepared, params: IndexParams) -> int | None:
    """Insert `doc` with its index entries; None when its content is already stored.

    Look-ups are batched per document (one query per table, not one per item); items new
    in this document are matched against each other in memory.
    """
    if document_id(conn, doc.sha256) is not None:
        return None
    meta = doc.meta
    key = sortkey(meta, doc.sha256)
    latest = conn.execute("SELECT MAX(sortkey) FROM documents").fetchone()[0]
    if latest is not None and key < latest:
        mark_stale(conn)
    cur = conn.execute(
        "INSERT INTO documents (sha256, name, path, format, layout, has_reply, fractions, "
        "kamerstuk, vergaderjaar, date, year, ministry, bewindspersoon, commission, title, "
        "sortkey, n_questions, n_answers, answer_words, warnings, added_at, question_texts, "
        "answer_texts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?)",
        (
            doc.sha256,
            doc.name,
            doc.path,
            doc.format,
            doc.layout,
            int(doc.has_reply),
            "\n".join(doc.fractions),
            meta.kamerstuk,
            meta.vergaderjaar,
            meta.date,
            meta.year,
            meta.ministry,
            meta.bewindspersoon,
            meta.commission,
            meta.title,
            key,
            len(doc.questions),
            len(doc.answers),
            sum(a.words for a in doc.answers),
            doc.warnings,
            datetime.now(UTC).isoformat(timespec="seconds"),
            # The texts themselves: one compressed stream each (dedup.corpus.texts).
            *doc.packed_texts(),
        ),
    )
    doc_id = int(cur.lastrowid or 0)
    if is_stale(conn):
        # `replace_all` places every document again at the end of this add: placing this
        # one now would be work thrown away (it was half the writer's time on an add of
        # documents in no date order).
        store_unplaced(conn, doc_id, doc.questions, doc.answers)
    else:
        place(conn, doc_id, doc.questions, doc.answers, params)
    return doc_id


STALE_KEY = "placement_stale"


def mark_stale(conn: sqlite3.Connection) -> None:
    """Record that a document came in out of chronological order (placement to redo)."""
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", (STALE_KEY,))


def is_stale(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM meta WHERE key = ?", (STALE_KEY,)).fetchone() is not None


def place(
    conn: sqlite3.Connection,
    doc_id: int,
    questions: Sequence[PreparedQuestion],
    answers: Sequence[PreparedAnswer],
    params: IndexParams,
) -> None:
    """Insert a stored document's questions and answers into the groups and passages of
    the documents placed before it."""
    question_rows = _store_questions(conn, doc_id, questions, params)
    clusters = _sentence_clusters(conn, answers, params)
    _store_answers(conn, doc_id, answers, question_rows, clusters, params)


def _question_row(
    qrow: int, doc_id: int, q: PreparedQuestion, group: int, score: float, position: int
) -> tuple[Any, ...]:
    """A `questions` table row, in the column order of both inserts."""
    return (
        qrow,
        doc_id,
        q.qid,
        q.fraction,
        q.line,
        q.line_end,
        q.topic,
        q.hash,
        group,
        score,
        q.cluster,
        position,
    )


def _answer_row(
    arow: int,
    doc_id: int,
    a: PreparedAnswer,
    passage: int | None,
    kind: str | None,
    coverage: float,
    position: int,
) -> list[Any]:
    """An `answers` table row, in the column order of `_insert_answers` (a list: placing
    raises a leader's coverage after its row is made, see `COVERAGE`)."""
    return [
        arow,
        doc_id,
        a.aid,
        a.section_fraction,
        a.line_start,
        a.line_end,
        a.words,
        passage,
        kind,
        coverage,
        position,
    ]


def store_unplaced(
    conn: sqlite3.Connection,
    doc_id: int,
    questions: Sequence[PreparedQuestion],
    answers: Sequence[PreparedAnswer],
) -> None:
    """A document's question and answer rows without placing them among the other
    documents, for a corpus whose placement is stale (`replace_all` places it from
    these rows). Until then its questions are grouped as in the document alone and its
    answers belong to no passage, and the search index holds its questions already."""
    next_group, next_question = _next_id(conn, "qgroups"), _next_id(conn, "questions")
    groups: list[tuple[int, str, int]] = []
    by_cluster: dict[str, int] = {}
    rows: list[tuple[Any, ...]] = []
    ids: dict[str, int] = {}
    for position, q in enumerate(questions):
        qrow = next_question + position
        group = by_cluster.get(q.cluster) if q.cluster else None
        if group is None:
            group = next_group
            next_group += 1
            groups.append((group, q.form, qrow))
            if q.cluster:
                by_cluster[q.cluster] = group
        ids[q.qid] = qrow
        rows.append(_question_row(qrow, doc_id, q, group, 1.0, position))
    _insert_questions(conn, groups, rows, questions)
    next_answer = _next_id(conn, "answers")
    # No passage, kind or coverage yet: `replace_all` gives them.
    answer_rows = [
        _answer_row(next_answer + n, doc_id, a, None, None, 0, n) for n, a in enumerate(answers)
    ]
    links = [
        (next_answer + n, q)
        for n, a in enumerate(answers)
        for q in sorted({ids[qid] for qid in a.questions if qid in ids})
    ]
    _insert_answers(conn, answer_rows, links)


def _insert_questions(
    conn: sqlite3.Connection,
    groups: Sequence[tuple[int, str, int]],
    rows: Sequence[Sequence[Any]],
    questions: Sequence[PreparedQuestion],
) -> None:
    """A document's new groups (id, form, leading question row), its question rows
    (`_question_row`) and their search entries: placed and unplaced documents alike."""
    conn.executemany(
        "INSERT INTO qgroups (id, form, leader) VALUES (?, ?, NULL)", [g[:2] for g in groups]
    )
    conn.executemany(
        "INSERT INTO questions (id, doc_id, qid, fraction, line, line_end, text, topic, hash, "
        "qgroup, score, own_cluster, n) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.executemany(
        "UPDATE qgroups SET leader = ? WHERE id = ?", [(leader, g) for g, _, leader in groups]
    )
    conn.executemany(
        "INSERT INTO question_fts (rowid, form) VALUES (?, ?)",
        [(r[0], q.form) for r, q in zip(rows, questions, strict=True)],
    )


def _insert_answers(
    conn: sqlite3.Connection, rows: Sequence[Sequence[Any]], links: Sequence[tuple[int, int]]
) -> None:
    """A document's answer rows (id, doc, aid, section, lines, words, passage, kind,
    coverage, position) and their links to its question rows."""
    conn.executemany(
        "INSERT INTO answers (id, doc_id, aid, section_fraction, line_start, line_end, text, "
        "words, passage, kind, coverage, n) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)",
        rows,
    )
    conn.executemany("INSERT INTO answer_questions (answer, question) VALUES (?, ?)", links)


CHUNK = 900  # bound variables per statement


def _select_in(
    conn: sqlite3.Connection, sql: str, values: Sequence[object]
) -> list[tuple[Any, ...]]:
    """Run `sql` (with one `{}` for the placeholders of an IN list) over chunks of values."""
    rows: list[tuple[Any, ...]] = []
    unique = list(dict.fromkeys(values))
    for lo in range(0, len(unique), CHUNK):
        part = unique[lo : lo + CHUNK]
        rows += conn.execute(sql.format(",".join("?" * len(part))), part).fetchall()
    return rows


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    """The next AUTOINCREMENT id of `table` (ids of deleted rows are never reused)."""
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    return int(row[0]) + 1 if row else 1


class _Bands:
    """Band key -> items, from the database and from items new in this document."""

    def __init__(self, found: list[tuple[Any, ...]]) -> None:
        self.items: dict[int, list[int]] = defaultdict(list)
        for key, item in found:
            self.items[int(key)].append(int(item))

    def candidates(self, keys: tuple[int, ...]) -> list[int]:
        return sorted({i for k in keys for i in self.items.get(k, ())})

    def add(self, keys: tuple[int, ...], item: int) -> None:
        for k in keys:
            self.items[k].append(item)


def _store_questions(
    conn: sqlite3.Connection,
    doc_id: int,
    questions: Sequence[PreparedQuestion],
    params: IndexParams,
) -> dict[str, int]:
    grouped = [q for q in questions if q.bands]
    by_hash: dict[int, int] = {
        int(h): int(g)
        for h, g in _select_in(
            conn, "SELECT hash, qgroup FROM qforms WHERE hash IN ({})", [q.hash for q in grouped]
        )
    }
    fresh = [q for q in grouped if q.hash not in by_hash]
    bands = _Bands(lsh.lookup(conn, "qgroup_bands", [k for q in fresh for k in q.bands]))
    forms: dict[int, str] = {
        int(i): f
        for i, f in _select_in(
            conn,
            "SELECT id, form FROM qgroups WHERE id IN ({})",
            [g for q in fresh for g in bands.candidates(q.bands)],
        )
    }
    next_group, next_question = _next_id(conn, "qgroups"), _next_id(conn, "questions")
    new_groups: list[tuple[int, str, int]] = []
    new_bands: list[tuple[int, int]] = []
    new_forms: list[tuple[int, int]] = []
    rows: list[tuple[Any, ...]] = []
    ids: dict[str, int] = {}
    # Within this document the groups are its own clusters (`analyze`'s judgement); only
    # earlier documents' groups are matched by form, so one document alone reports what
    # `analyze` reports on it.
    by_cluster: dict[str, int] = {}
    own_groups: set[int] = set()
    own_forms: set[int] = set()
    for position, q in enumerate(questions):
        qrow = next_question
        next_question += 1
        group: int | None = by_cluster.get(q.cluster) if q.cluster else None
        if group is None and q.bands:
            group = by_hash.get(q.hash)
        score = 1.0
        if group is None and q.bands:
            best: tuple[float, int] | None = None
            for gid in bands.candidates(q.bands):
                if gid in own_groups:
                    continue
                sc = question_score(q.form, forms[gid], params)
                if sc >= params.question_threshold and (best is None or sc > best[0]):
                    best = (sc, gid)
            if best is not None:
                score, group = best
        if group is None:
            group = next_group
            next_group += 1
            own_groups.add(group)
            new_groups.append((group, q.form, qrow))
            if q.bands:
                new_bands += [(k, group) for k in q.bands]
                bands.add(q.bands, group)
                forms[group] = q.form
        if q.cluster:
            by_cluster.setdefault(q.cluster, group)
        if q.bands and q.hash not in by_hash and q.hash not in own_forms:
            own_forms.add(q.hash)
            new_forms.append((q.hash, group))
        ids[q.qid] = qrow
        rows.append(_question_row(qrow, doc_id, q, group, score, position))
    _insert_questions(conn, new_groups, rows, questions)
    lsh.add(conn, "qgroup_bands", new_bands)
    conn.executemany("INSERT INTO qforms (hash, qgroup) VALUES (?, ?)", new_forms)
    return ids


def _sentence_clusters(
    conn: sqlite3.Connection, answers: Sequence[PreparedAnswer], params: IndexParams
) -> dict[int, tuple[int, int]]:
    """Sentence hash -> (sentence id, cluster id) for every sentence of the document,
    inserting the new forms (and the bands of those that lead a new cluster)."""
    from rapidfuzz import fuzz

    sentences = {s.hash: s for a in answers for s in a.sentences}
    known: dict[int, tuple[int, int]] = {
        int(h): (int(i), int(c))
        for h, i, c in _select_in(
            conn, "SELECT hash, id, cluster FROM sentences WHERE hash IN ({})", list(sentences)
        )
    }
    fresh = [s for h, s in sentences.items() if h not in known]
    bands = _Bands(lsh.lookup(conn, "sentence_bands", [k for s in fresh for k in s.bands]))
    forms: dict[int, str] = {
        int(i): f
        for i, f in _select_in(
            conn,
            "SELECT id, form FROM sentences WHERE id IN ({})",
            [c for s in fresh for c in bands.candidates(s.bands)],
        )
    }
    next_id = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM sentences").fetchone()[0]) + 1
    rows: list[tuple[int, int, str, int]] = []
    new_bands: list[tuple[int, int]] = []
    for s in fresh:
        best: tuple[float, int] | None = None
        for cid in bands.candidates(s.bands):
            r = fuzz.ratio(s.form, forms[cid], score_cutoff=params.sentence_ratio)
            if r and (best is None or r > best[0]):
                best = (r, cid)
        sid = next_id
        next_id += 1
        cluster = best[1] if best is not None else sid
        if best is None:
            new_bands += [(k, sid) for k in s.bands]
            bands.add(s.bands, sid)
            forms[sid] = s.form
        # Only a cluster's leader is ever compared again (through its bands): the others
        # keep their hash and cluster, not their form.
        rows.append((sid, s.hash, s.form if best is None else "", cluster))
        known[s.hash] = (sid, cluster)
    conn.executemany("INSERT INTO sentences (id, hash, form, cluster) VALUES (?, ?, ?, ?)", rows)
    lsh.add(conn, "sentence_bands", new_bands)
    return known


COVERAGE = 9  # the coverage column of an answer row in `_store_answers`


@dataclass(slots=True)
class _PassageInfo:
    chars: int
    exact: int
    leader: int | None


def _store_answers(
    conn: sqlite3.Connection,
    doc_id: int,
    answers: Sequence[PreparedAnswer],
    question_rows: dict[str, int],
    clusters: dict[int, tuple[int, int]],
    params: IndexParams,
) -> None:
    shaped = [
        (
            [clusters[s.hash][0] for s in a.sentences],
            [clusters[s.hash][1] for s in a.sentences],
            a,
        )
        for a in answers
    ]
    shapes = [form_hash(" ".join(map(str, c))) for _, c, _ in shaped]
    copies: dict[int, tuple[int, str, float, int]] = {
        int(shape): (int(passage), str(kind), float(coverage), int(exact))
        for shape, passage, kind, coverage, exact in _select_in(
            conn,
            "SELECT shape, passage, kind, coverage, exact FROM shapes WHERE shape IN ({})",
            shapes,
        )
    }
    new_shapes: list[tuple[int, int, str, float, int]] = []
    index: dict[int, list[tuple[int, int]]] = defaultdict(list)  # cluster -> (passage, chars)
    info: dict[int, _PassageInfo] = {}
    for cluster, pid, chars, pchars, pexact, leader in _select_in(
        conn,
        "SELECT i.cluster, i.passage, i.chars, p.chars, p.exact, p.leader FROM passage_index i "
        "JOIN passages p ON p.id = i.passage WHERE i.cluster IN ({})",
        [c for _, cs, _ in shaped for c in cs],
    ):
        index[int(cluster)].append((int(pid), int(chars)))
        info[int(pid)] = _PassageInfo(int(pchars), int(pexact), leader)
    next_answer, next_passage = _next_id(conn, "answers"), _next_id(conn, "passages")
    rows: list[list[Any]] = []
    row_of: dict[int, list[Any]] = {}
    leader_cov: dict[int, float] = {}  # answer id -> coverage of its passage by others
    new_passages: list[tuple[int, str, int, int, int]] = []
    new_index: list[tuple[int, int, int]] = []
    links: list[tuple[int, int]] = []
    for position, ((sentence_ids, cluster_ids, a), shape) in enumerate(
        zip(shaped, shapes, strict=True)
    ):
        arow = next_answer
        next_answer += 1
        chars_by_cluster: dict[int, int] = defaultdict(int)
        for s, c in zip(a.sentences, cluster_ids, strict=True):
            chars_by_cluster[c] += len(s.form)
        total = sum(chars_by_cluster.values())
        exact = form_hash(" ".join(map(str, sentence_ids)))
        passage: int | None = None
        kind: str | None = None
        coverage = 0.0
        if total >= params.min_passage_chars:
            found = _copy_of(copies.get(shape), exact) or _best_passage(
                chars_by_cluster, total, exact, index, info, params
            )
            if found is not None:
                passage, kind, coverage, covered = found
                leader = info[passage].leader
                if leader is not None and covered > leader_cov.get(leader, 0.0):
                    leader_cov[leader] = covered
            else:
                passage, kind = next_passage, "first"
                next_passage += 1
                info[passage] = _PassageInfo(total, exact, arow)
                new_passages.append((passage, a.text, total, exact, arow))
                for c, n in sorted(chars_by_cluster.items()):
                    index[c].append((passage, n))
                    new_index.append((c, passage, n))
            assert kind is not None
            if shape not in copies:
                copies[shape] = (passage, kind, coverage, exact)
                new_shapes.append((shape, passage, kind, round(coverage, 4), exact))
        row = _answer_row(arow, doc_id, a, passage, kind, round(coverage, 4), position)
        rows.append(row)
        row_of[arow] = row
        links += [
            (arow, q) for q in sorted({question_rows[q] for q in a.questions if q in question_rows})
        ]
    for leader, covered in leader_cov.items():
        if leader in row_of:  # a passage first seen in this document
            row_of[leader][COVERAGE] = max(row_of[leader][COVERAGE], round(covered, 4))
    conn.executemany(
        "INSERT INTO passages (id, text, chars, exact, leader) VALUES (?, ?, ?, ?, NULL)",
        [p[:4] for p in new_passages],
    )
    conn.executemany(
        "INSERT INTO passage_index (cluster, passage, chars) VALUES (?, ?, ?)", new_index
    )
    _insert_answers(conn, rows, links)

    conn.executemany(
        "INSERT INTO shapes (shape, passage, kind, coverage, exact) VALUES (?, ?, ?, ?, ?)",
        new_shapes,
    )
    conn.executemany(
        "UPDATE passages SET leader = ? WHERE id = ?", [(p[4], p[0]) for p in new_passages]
    )
    conn.executemany(
        "UPDATE answers SET coverage = MAX(coverage, ?) WHERE id = ?",
        [(round(c, 4), leader) for leader, c in leader_cov.items() if leader not in row_of],
    )


def _copy_of(
    earlier: tuple[int, str, float, int] | None, exact: int
) -> tuple[int, str, float, float] | None:
    """The passage of an earlier answer made of the same sentence clusters in the same
    order (a copy, possibly reworded): the new answer relates to it as the earlier did."""
    if earlier is None:
        return None
    passage, kind, coverage, earlier_exact = earlier
    if kind == "first":  # a copy of the passage's own first answer
        return passage, "verbatim" if earlier_exact == exact else "near-verbatim", 1.0, 1.0
    return passage, kind, coverage, 0.0


def _best_passage(
    chars_by_cluster: dict[int, int],
    total: int,
    exact: int,
    index: dict[int, list[tuple[int, int]]],
    info: dict[int, _PassageInfo],
    params: IndexParams,
) -> tuple[int, str, float, float] | None:
    """(passage, kind, coverage of the new answer, coverage of the passage) or None."""
    shared: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for cluster in chars_by_cluster:
        for pid, chars in index.get(cluster, ()):
            shared[pid].append((cluster, chars))
    best: tuple[float, int, str, float, float] | None = None
    for pid in sorted(shared):
        matched = shared[pid]
        mine = sum(chars_by_cluster[c] for c, _ in matched)
        theirs = sum(n for _, n in matched)
        cov_new = mine / total
        cov_leader = theirs / (info[pid].chars or 1)
        kind = reuse_kind(
            cov_new, cov_leader, len(matched), min(mine, theirs), info[pid].exact == exact, params
        )
        if kind is not None and (best is None or cov_new + cov_leader > best[0]):
            best = (cov_new + cov_leader, pid, kind, cov_new, cov_leader)
    if best is None:
        return None
    return best[1], best[2], min(1.0, best[3]), min(1.0, best[4])


def find_document(conn: sqlite3.Connection, ref: str) -> tuple[int, str]:
    """(id, name) of the document `ref` names: its id, a sha256 prefix, its file name or
    path, or its kamerstuk number; one line of error when none or several match."""
    ref = ref.strip()
    rows: list[tuple[int, str]] = []
    if ref.lstrip("#").isdigit():
        rows = conn.execute(
            "SELECT id, name FROM documents WHERE id = ?", (int(ref.lstrip("#")),)
        ).fetchall()
    if not rows and len(ref) >= 6 and all(c in "0123456789abcdef" for c in ref.lower()):
        rows = conn.execute(
            "SELECT id, name FROM documents WHERE sha256 LIKE ? ORDER BY id", (ref.lower() + "%",)
        ).fetchall()
    if not rows:
        rows = conn.execute(
            "SELECT id, name FROM documents WHERE name = ? OR path = ? OR kamerstuk = ? "
            "ORDER BY id",
            (ref, ref, ref),
        ).fetchall()
    if not rows:
        raise NotInCorpus(ref, "no such document in the corpus (see `dedup corpus list`)")
    if len(rows) > 1:
        ids = ", ".join(f"#{r[0]}" for r in rows[:10])
        raise NotInCorpus(ref, f"names {len(rows)} documents ({ids}); use the id")
    return int(rows[0][0]), str(rows[0][1])


def remove(conn: sqlite3.Connection, doc_id: int) -> None:
    """Delete a document with its questions and answers (index entries stay as anchors)."""
    unindex_questions(conn, doc_id)
    conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


def unindex_questions(conn: sqlite3.Connection, doc_id: int) -> None:
    """Take a document's questions out of the (contentless) search index, which needs
    the indexed form of each to delete it."""
    rows = conn.execute(
        "SELECT q.id, question_text(d.question_texts, q.n) FROM questions q "
        "JOIN documents d ON d.id = q.doc_id WHERE q.doc_id = ?",
        (doc_id,),
    ).fetchall()
    conn.executemany(
        "INSERT INTO question_fts (question_fts, rowid, form) VALUES ('delete', ?, ?)",
        [(q, question_search_form(t)) for q, t in rows],
    )


def update_metadata(conn: sqlite3.Connection, doc_id: int, values: dict[str, str]) -> bool:
    """Overwrite some metadata fields of a stored document; True when anything changed."""
    cols = [f for f in FIELDS if f in values]
    if not cols:
        return False
    row = conn.execute(
        f"SELECT {', '.join(FIELDS)}, sha256 FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    current = DocMeta(**dict(zip(FIELDS, row[:-1], strict=True)))
    sha256 = str(row[-1])
    updated = current.merged(values)
    if updated == current:
        return False
    assignments = ", ".join(f"{f} = ?" for f in FIELDS)
    if sortkey(updated, sha256) != sortkey(current, sha256):
        mark_stale(conn)  # a new date moves the document in the chronological order
    conn.execute(
        f"UPDATE documents SET {assignments}, year = ?, sortkey = ? WHERE id = ?",
        (
            *(getattr(updated, f) for f in FIELDS),
            updated.year,
            sortkey(updated, sha256),
            doc_id,
        ),
    )
    return True
