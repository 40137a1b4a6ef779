"""`search`: has this question been asked before, by whom, when, and what was answered?

Candidates come from two indexes and are ranked by half the question score (rapidfuzz,
the wording) and half the IDF-weighted share of the query's content words they contain
(the subject):
- the MinHash LSH bands of the question groups (near-identical wording, any length);
- SQLite FTS5 over the questions' comparison forms, for rewordings: the questions
  holding all of the query's rarest words (ranked by bm25), and the most recent ones
  holding each of them.
Every step reads a bounded number of index entries (document frequencies are counted
up to `DF_CAP`), so a search stays fast however large the corpus grows.
"""

from __future__ import annotations

import heapq
import json
import math
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from dedup.corpus import bands as lsh
from dedup.corpus.errors import BadQuery
from dedup.corpus.index import IndexParams, band_keys, question_score
from dedup.corpus.store import _select_in, read_params

# Words that say nothing about what is asked.
STOPWORDS = frozenset(
    [
        "aan",
        "af",
        "al",
        "alle",
        "als",
        "bij",
        "daarbij",
        "daarnaast",
        "dan",
        "dat",
        "de",
        "deze",
        "die",
        "dit",
        "doen",
        "doet",
        "door",
        "een",
        "en",
        "er",
        "fractie",
        "gaan",
        "gaat",
        "genoemde",
        "graag",
        "had",
        "heb",
        "hebben",
        "heeft",
        "het",
        "hier",
        "hij",
        "hoe",
        "hoeveel",
        "hun",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "kabinet",
        "kan",
        "komen",
        "komt",
        "kunnen",
        "leden",
        "maar",
        "meer",
        "met",
        "mij",
        "minister",
        "na",
        "naar",
        "nee",
        "niet",
        "nog",
        "nu",
        "of",
        "om",
        "onder",
        "ook",
        "op",
        "over",
        "regering",
        "staatssecretaris",
        "te",
        "toe",
        "tot",
        "uit",
        "van",
        "veel",
        "vernemen",
        "voor",
        "vraag",
        "vragen",
        "waar",
        "waarom",
        "wanneer",
        "was",
        "wat",
        "we",
        "wel",
        "welk",
        "welke",
        "werd",
        "weten",
        "wie",
        "wil",
        "willen",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zoals",
        "zou",
        "zouden",
        "zullen",
    ]
)
RARE_TERMS = 3
DF_CAP = 2000
FTS_CANDIDATES = 100
PER_TERM = 150
LSH_CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class LinkedAnswer:
    answer: str
    section: str
    lines: tuple[int, int]
    text: str


@dataclass(frozen=True, slots=True)
class Hit:
    score: float
    question: str
    fraction: str
    line: int
    text: str
    group: int
    document_id: int
    document: str
    kamerstuk: str | None
    date: str | None
    year: int | None
    ministry: str | None
    bewindspersoon: str | None
    answers: tuple[LinkedAnswer, ...]


def content_words(form: str) -> list[str]:
    return sorted({w for w in form.split() if len(w) >= 3 and w not in STOPWORDS and w.isalnum()})


def _document_frequencies(conn: sqlite3.Connection, words: list[str]) -> dict[str, int]:
    """How many questions hold each word, counted up to DF_CAP (absent words left out)."""
    out = {}
    for w in words:
        n = conn.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM question_fts WHERE question_fts MATCH ? "
            f"LIMIT {DF_CAP})",
            (f'"{w}"',),
        ).fetchone()[0]
        if n:
            out[w] = int(n)
    return out


def _stem(word: str) -> str:
    return word[:6]


@dataclass(frozen=True, slots=True)
class Query:
    """A question to search for: its comparison form and IDF-weighted content words."""

    form: str
    weights: dict[str, float]  # content word -> idf
    terms: list[str]  # the rarest content words present in the index, rarest first

    def coverage(self, other: str) -> float:
        """IDF-weighted share of the query's content words found in `other` (by stem)."""
        total = sum(self.weights.values())
        if not total:
            return 0.0
        stems = {_stem(w) for w in other.split()}
        return sum(v for w, v in self.weights.items() if _stem(w) in stems) / total

    def score(self, other: str) -> float:
        """0-1: half the question score (wording), half the content-word coverage."""
        return round(0.5 * question_score(self.form, other) + 0.5 * self.coverage(other), 4)


def make_query(conn: sqlite3.Connection, form: str) -> Query:
    words = content_words(form)
    df = _document_frequencies(conn, words)
    n = conn.execute("SELECT MAX(rowid) FROM question_fts").fetchone()[0] or 1
    weights = {w: math.log((n + 1) / (df.get(w, 0) + 0.5)) for w in words}
    present = sorted((w for w in words if w in df), key=lambda w: (df[w], w))
    return Query(form, weights, present[:RARE_TERMS])


def candidates(conn: sqlite3.Connection, query: Query, params: IndexParams) -> dict[int, str]:
    """question row id -> comparison form, from the LSH bands and full-text search (which
    holds no text: the forms are the questions' own, recomputed)."""
    keys = band_keys([query.form], params)[0]
    marks = ",".join("?" * len(keys))
    ids: dict[int, None] = dict.fromkeys(
        int(q)
        for (q,) in conn.execute(
            f"""
            SELECT q.id FROM questions q
            WHERE q.qgroup IN ({lsh.items_sql("qgroup_bands", marks)})
            LIMIT {LSH_CANDIDATES}
            """,
            [*keys, *keys],
        )
    )
    if query.terms:
        match = " AND ".join(f'"{t}"' for t in query.terms)
        ids.update(
            (int(q), None)
            for (q,) in conn.execute(
                "SELECT rowid FROM question_fts WHERE question_fts MATCH ? "
                f"ORDER BY rank LIMIT {FTS_CANDIDATES}",
                (match,),
            )
        )
    for term in query.terms:
        ids.update(
            (int(q), None)
            for (q,) in conn.execute(
                "SELECT rowid FROM question_fts WHERE question_fts MATCH ? "
                f"ORDER BY rowid DESC LIMIT {PER_TERM}",
                (f'"{term}"',),
            )
        )
    return _forms(conn, list(ids))


def _forms(conn: sqlite3.Connection, rows: list[int]) -> dict[int, str]:
    """question row id -> its comparison form, for `rows` in their order (ids of no
    stored question left out). `questions.hash` is the hash of that form (index format
    2), so each distinct form is unpacked and computed once, from its first row: a
    question copied into a thousand documents was a thousand documents' texts unpacked
    (70% of a search's time at 1k documents)."""
    from dedup.corpus.texts import question_search_form, unpack_texts

    where: dict[int, tuple[int, int, int]] = {
        int(q): (int(h), int(d), int(n))
        for q, h, d, n in _select_in(
            conn, "SELECT id, hash, doc_id, n FROM questions WHERE id IN ({})", rows
        )
    }
    first: dict[int, tuple[int, int]] = {}  # form hash -> (document, place) of its first row
    for q in rows:
        if q in where:
            h, d, n = where[q]
            first.setdefault(h, (d, n))
    blobs = dict(
        _select_in(
            conn,
            "SELECT id, question_texts FROM documents WHERE id IN ({})",
            sorted({d for d, _ in first.values()}),
        )
    )
    forms: dict[int, str] = {}
    for h, (d, n) in first.items():
        blob = blobs.get(d)
        texts = unpack_texts(bytes(blob)) if blob is not None else ()
        if 0 <= n < len(texts):
            forms[h] = question_search_form(texts[n])
    return {q: forms[where[q][0]] for q in rows if q in where and where[q][0] in forms}


def search(
    conn: sqlite3.Connection,
    text: str,
    *,
    limit: int = 10,
    min_score: float = 0.5,
    exclude_sha256: str | None = None,
) -> list[Hit]:
    """Earlier questions like `text`, best first (ties: the most recent first)."""
    from dedup.parse.normalize import comparison_form

    form = comparison_form(text)
    if len(form) < 3:
        raise BadQuery(None, "the question to search for is empty")
    params = read_params(conn)
    query = make_query(conn, form)
    excluded: set[int] = set()
    if exclude_sha256 is not None:
        excluded = {
            int(q)
            for (q,) in conn.execute(
                "SELECT q.id FROM questions q JOIN documents d ON d.id = q.doc_id "
                "WHERE d.sha256 = ?",
                (exclude_sha256,),
            )
        }
    # The wording score (the costly half) is at most the sum of its weights, so a
    # candidate whose subject coverage cannot lift it above the `limit`-th best exact
    # score so far is never scored: the same hits, in the same order, for far less work.
    weights = params.cosine_weight + params.ordered_weight + params.set_weight
    found = {q: f for q, f in candidates(conn, query, params).items() if q not in excluded}
    # Copies of one question share their form: its coverage is computed once.
    coverage = {f: query.coverage(f) for f in set(found.values())}
    bounded = sorted(
        (
            (round(0.5 * weights + 0.5 * coverage[other], 4), qrow, other)
            for qrow, other in found.items()
        ),
        key=lambda x: (-x[0], x[1]),
    )
    scored = []
    best: list[float] = []  # the `limit` best exact scores so far (a min-heap)
    seen: dict[str, float] = {}  # a question copied into many documents is scored once
    for bound, qrow, other in bounded:
        if bound < min_score or (len(best) >= limit and bound < best[0]):
            break
        s = seen.get(other)
        if s is None:
            s = seen[other] = query.score(other)
        if s >= min_score:
            scored.append((s, qrow))
            if len(best) < limit:
                heapq.heappush(best, s)
            elif s > best[0]:
                heapq.heapreplace(best, s)
    if not scored:
        return []
    # The hits' own texts are read once they are chosen: reading every scored row's text
    # unpacked as many documents' questions as there were scored rows.
    rows = {
        r[0]: r
        for r in _select_in(
            conn,
            """
            SELECT q.id, q.qid, q.fraction, q.line, q.n, q.qgroup, d.id, d.name, d.kamerstuk,
                   d.date, d.year, d.ministry, d.bewindspersoon, d.sha256, d.sortkey
            FROM questions q JOIN documents d ON d.id = q.doc_id
            WHERE q.id IN ({})
            """,
            [q for _, q in scored],
        )
    }
    kept = [(s, rows[q]) for s, q in scored if q in rows and rows[q][13] != exclude_sha256]
    if len(kept) > limit:  # only rows scoring at least the `limit`-th best can rank
        cut = sorted(s for s, _ in kept)[-limit]
        kept = [x for x in kept if x[0] >= cut]
    ranked = sorted(kept, key=lambda x: (-x[0], _desc(x[1][14]), x[1][0]))[:limit]
    texts = dict(
        _select_in(
            conn,
            "SELECT q.id, question_text(d.question_texts, q.n) FROM questions q "
            "JOIN documents d ON d.id = q.doc_id WHERE q.id IN ({})",
            [r[0] for _, r in ranked],
        )
    )
    hits = []
    for s, r in ranked:
        answers = conn.execute(
            """
            SELECT a.aid, a.section_fraction, a.line_start, a.line_end,
                   answer_text(d.answer_texts, a.n)
            FROM answer_questions aq JOIN answers a ON a.id = aq.answer
            JOIN documents d ON d.id = a.doc_id
            WHERE aq.question = ? ORDER BY a.id
            """,
            (r[0],),
        ).fetchall()
        hits.append(
            Hit(
                score=s,
                question=r[1],
                fraction=r[2],
                line=r[3],
                text=texts[r[0]],
                group=r[5],
                document_id=r[6],
                document=r[7],
                kamerstuk=r[8],
                date=r[9],
                year=r[10],
                ministry=r[11],
                bewindspersoon=r[12],
                answers=tuple(LinkedAnswer(a[0], a[1], (a[2], a[3]), a[4]) for a in answers),
            )
        )
    return hits


_DESC_ASCII = {c: 0x10FFFF - c for c in range(128)}


def _desc(key: str) -> str:
    """Sort key for `sortkey` descending (the most recent document first)."""
    if key.isascii():  # every sortkey (a date and a hex hash): one C call per key
        return key.translate(_DESC_ASCII)
    return "".join(chr(0x10FFFF - ord(c)) for c in key)


def hits_json(results: list[tuple[str, list[Hit]]]) -> str:
    data: list[dict[str, Any]] = [
        {"query": q, "hits": [asdict(h) for h in hits]} for q, hits in results
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_hits(
    results: list[tuple[str, list[Hit]]], console: Any, *, answers: int = 2, lang: str = "nl"
) -> None:
    """The hits on the console, in Dutch unless `lang="en"` (dedup.render.messages)."""
    from rich.markup import escape

    from dedup.render.messages import messages

    m = messages(lang)
    for query, hits in results:
        console.print(f"[bold]{m('search.query')}[/bold]: {escape(_clip(query, 200))}")
        if not hits:
            console.print("  " + m("search.none"))
            continue
        for i, h in enumerate(hits, 1):
            when = h.date or (str(h.year) if h.year else m("search.no_date"))
            ks = f", Kamerstuk {h.kamerstuk}" if h.kamerstuk else ""
            where = m("search.at", id=escape(h.question), line=h.line)
            console.print(
                f"  {i}. [bold]{m.score(h.score)}[/bold] {escape(h.fraction)} ({where}) "
                f"in #{h.document_id} {escape(h.document)}{escape(ks)}, "
                f"{escape(when)}" + (f", {escape(h.bewindspersoon)}" if h.bewindspersoon else "")
            )
            console.print(f"     {escape(_clip(h.text, 240))}", style="dim")
            for a in h.answers[:answers]:
                lines = m("lines_n", lines=f"{a.lines[0]}-{a.lines[1]}")
                console.print(
                    f"     → {escape(a.answer)} ({escape(a.section)}, {lines}): "
                    f"{escape(_clip(a.text, 300))}"
                )
            if len(h.answers) > answers:
                console.print("     → " + m("search.more", n=len(h.answers) - answers))
        console.print()


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
