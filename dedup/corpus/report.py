"""Corpus report: duplicate-question and answer-reuse rates per group, the answer passages
reused across the most documents, questions repeated across documents, and trends.

Definitions (chronological order = document date, else year, else order of adding):
- a question is a *duplicate* when another fraction in the same document asks it in
  near-identical words (its cross-document group has another member in that document);
- a question is *asked before* when its group has a member in an earlier document;
- answer words are *reused within* a document when their passage occurred earlier in
  the same document (the first occurrence is original), and *reused across* documents
  when the passage occurred in an earlier document; a partial reuse counts the share of
  the answer that the passage covers.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import escape as _html_escape
from typing import Any, overload

from dedup.control_chars import strip_controls
from dedup.corpus.store import is_stale
from dedup.render.escape import markdown as md
from dedup.render.messages import DEFAULT_LANGUAGE, Messages, messages

GROUPINGS = ("year", "vergaderjaar", "fraction", "ministry", "commission", "document")
FORMATS = ("rich", "html", "md", "csv", "json")

_DOC_GROUP = {
    "year": "COALESCE(CAST(year AS TEXT), 'unknown')",
    "vergaderjaar": "COALESCE(vergaderjaar, 'unknown')",
    "ministry": "COALESCE(ministry, 'unknown')",
    "commission": "COALESCE(commission, 'unknown')",
    "document": "'#' || doc || ' ' || name",
}


@dataclass(frozen=True, slots=True)
class ReportOptions:
    by: str = "year"
    top: int = 20


def _share(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


# Both queries below aggregate per (group, document) first, through the covering indexes
# `questions_qgroup` and `answers_passage`, and join those few rows to the documents:
# window functions over every question and answer (the previous form) sorted the whole
# table twice, 2.5 times the time at 1,000 real-size documents; same figures.


def _question_rows(conn: sqlite3.Connection, by: str) -> list[tuple[Any, ...]]:
    """(group, documents, questions, duplicates, asked before) per group: a question
    is a duplicate when its group has another member in its document, asked before when
    its group's first document is earlier than its own."""
    per = (
        "per AS (SELECT qgroup, doc_id, COUNT(*) AS n FROM questions GROUP BY qgroup, doc_id), "
        "first AS (SELECT p.qgroup, MIN(d.sortkey) AS first_key FROM per p "
        "JOIN documents d ON d.id = p.doc_id GROUP BY p.qgroup)"
    )
    if by == "fraction":
        # Each (group, document) count split by the fraction that asked.
        return conn.execute(
            f"""
            WITH {per}, cell AS (
                SELECT fraction, qgroup, doc_id, COUNT(*) AS m FROM questions
                GROUP BY fraction, qgroup, doc_id
            )
            SELECT c.fraction AS g, COUNT(DISTINCT c.doc_id), SUM(c.m),
                   SUM(CASE WHEN p.n > 1 THEN c.m ELSE 0 END),
                   SUM(CASE WHEN d.sortkey > f.first_key THEN c.m ELSE 0 END)
            FROM cell c JOIN per p ON p.qgroup = c.qgroup AND p.doc_id = c.doc_id
            JOIN first f ON f.qgroup = c.qgroup JOIN documents d ON d.id = c.doc_id
            GROUP BY g
            """
        ).fetchall()
    return conn.execute(
        f"""
        WITH {per}, x AS (
            SELECT p.n, f.first_key, d.id AS doc, d.name, d.year, d.vergaderjaar,
                   d.ministry, d.commission, d.sortkey
            FROM per p JOIN first f ON f.qgroup = p.qgroup JOIN documents d ON d.id = p.doc_id
        )
        SELECT {_DOC_GROUP[by]} AS g, COUNT(DISTINCT doc), SUM(n),
               SUM(CASE WHEN n > 1 THEN n ELSE 0 END),
               SUM(CASE WHEN sortkey > first_key THEN n ELSE 0 END)
        FROM x GROUP BY g
        """
    ).fetchall()


def _answer_rows(conn: sqlite3.Connection, by: str) -> list[tuple[Any, ...]]:
    """(group, documents, answers, words, reused within, reused across) per group: the
    first answer of a passage in its first document is original, the passage's later
    answers in that document reuse within, its answers in later documents across."""
    group = "section_fraction" if by == "fraction" else _DOC_GROUP[by]
    return conn.execute(
        f"""
        WITH firsts AS (
            SELECT passage, doc_id FROM answers WHERE passage IS NOT NULL
            GROUP BY passage, doc_id
        ), pk AS (
            SELECT f.passage, MIN(d.sortkey) AS first_key FROM firsts f
            JOIN documents d ON d.id = f.doc_id GROUP BY f.passage
        ), a AS (
            SELECT a.id, a.doc_id, a.words, a.coverage, a.passage, a.section_fraction,
                   d.id AS doc, d.name, d.year, d.vergaderjaar, d.ministry, d.commission,
                   d.sortkey, pk.first_key
            FROM answers a JOIN documents d ON d.id = a.doc_id
            LEFT JOIN pk ON pk.passage = a.passage
        )
        SELECT {group} AS g, COUNT(DISTINCT doc), COUNT(*), SUM(words),
            -- an earlier answer of the passage in the same document: one index look-up
            -- (answers_passage), for answers in the passage's first document only
            SUM(CASE WHEN passage IS NOT NULL AND sortkey = first_key AND EXISTS (
                         SELECT 1 FROM answers b WHERE b.passage = a.passage
                         AND b.doc_id = a.doc_id AND b.id < a.id)
                     THEN words * coverage ELSE 0 END),
            SUM(CASE WHEN passage IS NOT NULL AND sortkey > first_key
                     THEN words * coverage ELSE 0 END)
        FROM a GROUP BY g
        """
    ).fetchall()


def group_table(conn: sqlite3.Connection, by: str) -> list[dict[str, Any]]:
    """One row per group with the question and answer figures."""
    rows: dict[str, dict[str, Any]] = {}

    def row(name: str) -> dict[str, Any]:
        return rows.setdefault(
            name,
            {
                "group": name,
                "documents": 0,
                "questions": 0,
                "duplicate_questions": 0,
                "duplicate_share": 0.0,
                "asked_before": 0,
                "asked_before_share": 0.0,
                "answers": 0,
                "answer_words": 0,
                "reused_within": 0,
                "reused_across": 0,
                "reuse_share": 0.0,
                "reuse_across_share": 0.0,
            },
        )

    for g, docs, n, dup, before in _question_rows(conn, by):
        r = row(str(g))
        r["documents"] = max(r["documents"], int(docs))
        r.update(questions=int(n), duplicate_questions=int(dup or 0), asked_before=int(before or 0))
    for g, docs, n, words, within, across in _answer_rows(conn, by):
        r = row(str(g))
        r["documents"] = max(r["documents"], int(docs))
        r.update(
            answers=int(n),
            answer_words=int(words or 0),
            reused_within=round(within or 0),
            reused_across=round(across or 0),
        )
    for r in rows.values():
        r["duplicate_share"] = _share(r["duplicate_questions"], r["questions"])
        r["asked_before_share"] = _share(r["asked_before"], r["questions"])
        r["reuse_share"] = _share(r["reused_within"] + r["reused_across"], r["answer_words"])
        r["reuse_across_share"] = _share(r["reused_across"], r["answer_words"])

    def order(name: str) -> tuple[int, Any]:
        if by == "document":
            return (0, int(name.split(" ", 1)[0].lstrip("#")))
        return (1 if name == "unknown" else 0, name)

    return [rows[k] for k in sorted(rows, key=order)]


class Occurrences(Sequence[dict[str, Any]]):
    """Every occurrence of one answer passage or question group, in the report's order,
    read from the database each time it is iterated (inside the report's snapshot) and
    never all held at once: at 10,000 documents the top lists have hundreds of thousands
    of occurrences, ~700 MB as dictionaries. `len` is the occurrence count the list's
    head query counted; a slice from the start reads only that many rows (the terminal
    report shows the first few of each)."""

    __slots__ = ("_conn", "_key", "_n", "_row", "_sql")

    def __init__(
        self,
        conn: sqlite3.Connection,
        sql: str,
        key: int,
        n: int,
        row: Callable[[tuple[Any, ...]], dict[str, Any]],
    ) -> None:
        self._conn, self._sql, self._key, self._n, self._row = conn, sql, key, n, row

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for m in self._conn.execute(self._sql, (self._key,)):
            yield self._row(m)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._n)
            return (
                list(itertools.islice(self, start, stop, step))
                if step > 0
                else [list(self)[i] for i in range(start, stop, step)]
            )
        i = index + self._n if index < 0 else index
        if not 0 <= i < self._n:
            raise IndexError("occurrence index out of range")
        return next(itertools.islice(self, i, None))


_PASSAGE_MEMBERS = """
    SELECT d.id, d.name, d.kamerstuk, d.date, d.year, a.section_fraction, a.aid,
           a.line_start, a.line_end, a.kind, a.coverage
    FROM answers a JOIN documents d ON d.id = a.doc_id
    WHERE a.passage = ? ORDER BY d.sortkey, a.id
"""


def _passage_member(m: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "document_id": m[0],
        "document": m[1],
        "kamerstuk": m[2],
        "date": m[3],
        "year": m[4],
        "section": m[5],
        "answer": m[6],
        "lines": [m[7], m[8]],
        "kind": m[9],
        "coverage": m[10],
    }


def top_passages(conn: sqlite3.Connection, top: int) -> list[dict[str, Any]]:
    """The answer passages found in the most documents; each one's occurrences are
    `Occurrences`, read as they are shown."""
    heads = conn.execute(
        """
        SELECT passage, COUNT(DISTINCT doc_id) AS nd, COUNT(*) AS n FROM answers
        WHERE passage IS NOT NULL GROUP BY passage HAVING nd >= 2
        ORDER BY nd DESC, n DESC, passage LIMIT ?
        """,
        (top,),
    ).fetchall()
    out = []
    for pid, nd, n in heads:
        first, words = conn.execute(
            "SELECT a.id, a.words FROM answers a JOIN documents d ON d.id = a.doc_id "
            "WHERE a.passage = ? ORDER BY d.sortkey, a.id LIMIT 1",
            (pid,),
        ).fetchone()
        text = conn.execute(  # one text unpacked, not every member's
            "SELECT answer_text(d.answer_texts, a.n) FROM answers a "
            "JOIN documents d ON d.id = a.doc_id WHERE a.id = ?",
            (first,),
        ).fetchone()[0]
        out.append(
            {
                "passage": int(pid),
                "documents": int(nd),
                "occurrences": int(n),
                "words": int(words),
                "text": text,
                "members": Occurrences(conn, _PASSAGE_MEMBERS, pid, int(n), _passage_member),
            }
        )
    return out


_QUESTION_MEMBERS = """
    SELECT d.id, d.name, d.kamerstuk, d.date, d.year, q.fraction, q.qid, q.line, q.score
    FROM questions q JOIN documents d ON d.id = q.doc_id
    WHERE q.qgroup = ? ORDER BY d.sortkey, q.id
"""


def _question_member(m: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "document_id": m[0],
        "document": m[1],
        "kamerstuk": m[2],
        "date": m[3],
        "year": m[4],
        "fraction": m[5],
        "question": m[6],
        "line": m[7],
        "score": m[8],
    }


def repeated_questions(conn: sqlite3.Connection, top: int) -> list[dict[str, Any]]:
    """Question groups asked in the most documents; each one's occurrences are
    `Occurrences`, read as they are shown."""
    heads = conn.execute(
        """
        SELECT qgroup, COUNT(DISTINCT doc_id) AS nd, COUNT(*) AS n FROM questions
        GROUP BY qgroup HAVING nd >= 2 ORDER BY nd DESC, n DESC, qgroup LIMIT ?
        """,
        (top,),
    ).fetchall()
    out = []
    for gid, nd, n in heads:
        (first,) = conn.execute(
            "SELECT q.id FROM questions q JOIN documents d ON d.id = q.doc_id "
            "WHERE q.qgroup = ? ORDER BY d.sortkey, q.id LIMIT 1",
            (gid,),
        ).fetchone()
        out.append(
            {
                "group": int(gid),
                "documents": int(nd),
                "occurrences": int(n),
                "text": conn.execute(  # one text unpacked, not every member's
                    "SELECT question_text(d.question_texts, q.n) FROM questions q "
                    "JOIN documents d ON d.id = q.doc_id WHERE q.id = ?",
                    (first,),
                ).fetchone()[0],
                "members": Occurrences(conn, _QUESTION_MEMBERS, gid, int(n), _question_member),
            }
        )
    return out


def fraction_overlap(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """fraction x fraction: question groups both fractions asked (anywhere in the corpus)."""
    fractions = [
        f for (f,) in conn.execute("SELECT DISTINCT fraction FROM questions ORDER BY fraction")
    ]
    matrix = {f: dict.fromkeys(fractions, 0) for f in fractions}
    # One group's fractions at a time, as the rows come (they come in group order): the
    # groups of a 10k-document corpus are not held.
    rows = conn.execute(
        """
        SELECT qgroup, fraction FROM questions WHERE qgroup IN (
            SELECT qgroup FROM questions GROUP BY qgroup HAVING COUNT(DISTINCT fraction) > 1
        ) GROUP BY qgroup, fraction ORDER BY qgroup, fraction
        """
    )
    for _, group in itertools.groupby(rows, key=lambda row: row[0]):
        members = [f for _, f in group]
        for f in members:
            for g in members:
                if f != g:
                    matrix[f][g] += 1
    return matrix


def totals(conn: sqlite3.Connection) -> dict[str, int]:
    one = conn.execute(
        "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM questions), "
        "(SELECT COUNT(*) FROM answers), (SELECT COALESCE(SUM(words), 0) FROM answers)"
    ).fetchone()
    return {"documents": one[0], "questions": one[1], "answers": one[2], "answer_words": one[3]}


@contextlib.contextmanager
def report_snapshot(
    conn: sqlite3.Connection, opts: ReportOptions | None = None
) -> Iterator[dict[str, Any]]:
    """Everything the renderers show, read in one snapshot (one read transaction, open
    while inside): the occurrences of the top lists are `Occurrences`, read as a renderer
    goes through them, so a report of any size is written in bounded memory."""
    opts = opts or ReportOptions()
    conn.execute("BEGIN")
    try:
        years = group_table(conn, "year")
        yield {
            "by": opts.by,
            "totals": totals(conn),
            "groups": group_table(conn, opts.by) if opts.by != "year" else years,
            "top_passages": top_passages(conn, opts.top),
            "repeated_questions": repeated_questions(conn, opts.top),
            "trends": {
                "questions_per_year": {r["group"]: r["questions"] for r in years},
                "reuse_share_per_year": {r["group"]: r["reuse_share"] for r in years},
                "reuse_across_share_per_year": {r["group"]: r["reuse_across_share"] for r in years},
            },
            "fraction_overlap": fraction_overlap(conn),
            # Some documents wait to be placed (an add was interrupted before it placed
            # the corpus again in date order): every renderer says so at the top.
            "placement_stale": is_stale(conn),
        }
    finally:
        conn.execute("COMMIT")


def build_report(conn: sqlite3.Connection, opts: ReportOptions | None = None) -> dict[str, Any]:
    """The report as plain data (every occurrence in a list), read in one snapshot."""
    with report_snapshot(conn, opts) as report:
        for key in ("top_passages", "repeated_questions"):
            for item in report[key]:
                item["members"] = list(item["members"])
        return report


# --- renderers --------------------------------------------------------------------------
# Words come from the one catalogue (dedup.render.messages), Dutch unless `lang="en"`;
# the JSON and CSV keep the English keys (they are the interface for pandas or R).

GROUP_COLUMNS = (
    ("group", "group"),
    ("documents", "documents"),
    ("questions", "questions"),
    ("duplicate_share", "duplicate"),
    ("asked_before_share", "asked_before"),
    ("answer_words", "answer_words"),
    ("reuse_share", "reused"),
    ("reuse_across_share", "from_other"),
)


def _headers(m: Messages, by: str) -> list[str]:
    return [
        m(f"corpus.col.group.{by}") if key == "group" else m(f"corpus.col.{label}")
        for key, label in GROUP_COLUMNS
    ]


def escape(value: object) -> str:
    """Text for the HTML report: escaped, without control characters."""
    return _html_escape(strip_controls(str(value)))


def _cell(key: str, value: Any, m: Messages) -> str:
    if key.endswith("share"):
        text = f"{100 * float(value):.1f}%"
        return text.replace(".", ",") if m.lang == "nl" else text
    if key == "group" and value == "unknown":
        return m("corpus.unknown")
    if isinstance(value, int):
        return m.number(value)
    return str(value)


def _where(m: dict[str, Any], msg: Messages) -> str:
    lines = m.get("lines")
    at = msg("corpus.lines", a=lines[0], b=lines[1]) if lines else msg("corpus.line", n=m["line"])
    item = m.get("answer") or m.get("question")
    section = m.get("section") or m.get("fraction")
    when = m.get("date") or m.get("year") or ""
    where = f"#{m['document_id']} {m['document']} ({when}) {section} {item} {at}"
    return where.replace(" ()", "")


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _totals(report: dict[str, Any], m: Messages) -> str:
    t = report["totals"]
    return m(
        "corpus.totals",
        documents=m.count("corpus.documents", t["documents"]),
        questions=m.number(t["questions"]),
        answers=m.number(t["answers"]),
        words=m.number(t["answer_words"]),
    )


def _stale(report: dict[str, Any], m: Messages) -> list[str]:
    """The sentence that says the placement is unfinished, or nothing."""
    return [m("corpus.placement_stale")] if report.get("placement_stale") else []


def _times(p: dict[str, Any], m: Messages) -> str:
    return m(
        "corpus.in_documents",
        documents=m.count("corpus.documents", p["documents"]),
        n=p["occurrences"],
    )


# Strings of a streamed report joined per write: few writes, little held at once (JSON's
# encoder makes strings of ~8 characters on average: pieces of ~32 KiB; Markdown and HTML
# make lines: a few hundred KiB).
PIECE_PARTS = 4096


def _pieces(text: Iterable[str]) -> Iterator[str]:
    """`text`'s strings joined `PIECE_PARTS` at a time (by `str.join`: a loop in Python
    over the JSON encoder's eight million strings at 2,000 documents cost a second)."""
    parts = iter(text)
    while block := list(itertools.islice(parts, PIECE_PARTS)):
        yield "".join(block)


class _Streamed(list[dict[str, Any]]):
    """`Occurrences` as json's encoder takes them: it writes any list with `for`, so the
    rows go out one by one as they are read; the list itself stays empty. Lives only
    inside `json_chunks`."""

    def __init__(self, rows: Occurrences) -> None:
        super().__init__()
        self._rows = rows

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _streamed(value: object) -> list[dict[str, Any]]:
    if isinstance(value, Occurrences):
        return _Streamed(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def json_chunks(report: dict[str, Any]) -> Iterator[str]:
    """The JSON report in pieces (`PIECE_PARTS` strings each), the same text as
    `json.dumps(report, ensure_ascii=False, indent=2)` of `build_report`'s lists (the
    encoder is the same; with an indent it is the pure-Python one either way), with the
    occurrences read as they go out."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2, default=_streamed)
    return _pieces(itertools.chain(encoder.iterencode(report), ["\n"]))


def render_json(report: dict[str, Any]) -> str:
    return "".join(json_chunks(report))


def render_csv(report: dict[str, Any]) -> str:
    """The per-group table (one row per group); headers are the JSON keys."""
    from dedup.render.escape import csv_text

    keys = list(report["groups"][0]) if report["groups"] else [k for k, _ in GROUP_COLUMNS]
    return csv_text(keys, [[row[k] for k in keys] for row in report["groups"]])


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(md(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(md(c) for c in r) + " |" for r in rows]
    return out


def _trend_rows(report: dict[str, Any], m: Messages) -> list[list[str]]:
    tr = report["trends"]
    return [
        [
            _cell("group", y, m),
            m.number(n),
            _cell("share", tr["reuse_share_per_year"][y], m),
            _cell("share", tr["reuse_across_share_per_year"][y], m),
        ]
        for y, n in tr["questions_per_year"].items()
    ]


def markdown_chunks(report: dict[str, Any], lang: str = DEFAULT_LANGUAGE) -> Iterator[str]:
    """The Markdown report in pieces (`PIECE_PARTS` lines each), made as they are
    written (a top list's occurrences are read as they go out, see `Occurrences`)."""
    return _pieces(_markdown_text(report, lang))


def render_markdown(report: dict[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    return "".join(markdown_chunks(report, lang))


def _markdown_text(report: dict[str, Any], lang: str) -> Iterator[str]:
    """The Markdown report, each line with its line break."""
    m = messages(lang)
    head = [
        f"# {m('corpus.title')}",
        "",
        *[f"**{md(line)}**\n" for line in _stale(report, m)],
        _totals(report, m) + ".",
        "",
        f"## {m('corpus.by.' + report['by'])}",
        "",
        *_md_table(
            _headers(m, report["by"]),
            [[_cell(k, g[k], m) for k, _ in GROUP_COLUMNS] for g in report["groups"]],
        ),
        "",
        f"## {m('corpus.top_passages')}",
        "",
    ]
    yield from (line + "\n" for line in head)
    for i, p in enumerate(report["top_passages"], 1):
        yield (
            f"{i}. **{_times(p, m)}** ({m('corpus.words', n=m.number(p['words']))}): "
            f"{md(_clip(p['text'], 300))}\n"
        )
        for w in p["members"]:
            yield f"   - {md(_where(w, m))} ({md(m.kind(w['kind']))})\n"
    if not report["top_passages"]:
        yield m("corpus.no_passages") + "\n"
    yield f"\n## {m('corpus.repeated_questions')}\n\n"
    for i, q in enumerate(report["repeated_questions"], 1):
        docs = m.count("corpus.documents", q["documents"])
        yield f"{i}. **{docs}**: {md(_clip(q['text'], 300))}\n"
        for w in q["members"]:
            yield f"   - {md(_where(w, m))}\n"
    if not report["repeated_questions"]:
        yield m("corpus.no_questions") + "\n"
    out = ["", f"## {m('corpus.trends')}", ""]
    out += _md_table(
        [
            m("corpus.col.year"),
            m("corpus.col.questions"),
            m("corpus.col.reused_words"),
            m("corpus.col.from_other_documents"),
        ],
        _trend_rows(report, m),
    )
    out += ["", f"## {m('corpus.overlap')}", ""]
    fr = list(report["fraction_overlap"])
    out += _md_table(
        ["", *fr], [[f, *(str(report["fraction_overlap"][f][g]) for g in fr)] for f in fr]
    )
    yield from (line + "\n" for line in out)


def render_rich(
    report: dict[str, Any], console: Any, *, members: int = 8, lang: str = DEFAULT_LANGUAGE
) -> None:
    """Tables on the console; every value from the database goes in as `Text`, never markup."""
    from rich.table import Table
    from rich.text import Text

    from dedup.render.to_terminal import data_text

    m = messages(lang)
    for line in _stale(report, m):
        console.print(Text(line, style="bold yellow"))
    console.print(Text.assemble(("Corpus", "bold"), ": ", _totals(report, m)))
    # At 80 columns the group names wrap (in full); the figures never wrap and their
    # headers are one word a line, so no column is squeezed below its header's words
    # (rich's last-resort shrinking would otherwise crop the table's right edge).
    table = Table(title=data_text(m("corpus.by." + report["by"])), title_justify="left")
    for (key, _), label in zip(GROUP_COLUMNS, _headers(m, report["by"]), strict=True):
        table.add_column(
            label if key == "group" else "\n".join(label.split()),
            justify="left" if key == "group" else "right",
            overflow="fold",
            no_wrap=key != "group",
        )
    for g in report["groups"]:
        table.add_row(*(data_text(_cell(k, g[k], m)) for k, _ in GROUP_COLUMNS))
    console.print(table)
    for title, rows, column, none in (
        (
            m("corpus.top_passages"),
            report["top_passages"],
            m("corpus.col.passage"),
            m("corpus.no_passages"),
        ),
        (
            m("corpus.repeated_questions"),
            report["repeated_questions"],
            m("corpus.col.question"),
            m("corpus.no_questions"),
        ),
    ):
        if not rows:  # a sentence, not an empty table
            console.print(Text(title, style="italic"))
            console.print(Text(none))
            continue
        pt = Table(title=title, title_justify="left")
        pt.add_column("#", justify="right")
        pt.add_column(m("corpus.col.documents"), justify="right", no_wrap=True)
        pt.add_column(column, overflow="fold")
        pt.add_column(m("corpus.col.where"), overflow="fold")
        for i, p in enumerate(rows, 1):
            where = [_where(w, m) for w in p["members"][:members]]
            if len(p["members"]) > members:
                where.append(m("corpus.more", n=len(p["members"]) - members))
            text = data_text(_clip(p["text"], 160))
            pt.add_row(str(i), str(p["documents"]), text, data_text("\n".join(where)))
        console.print(pt)
    yt = Table(title=m("corpus.trends"), title_justify="left")
    for label in (
        m("corpus.col.year"),
        m("corpus.col.questions"),
        m("corpus.col.reused"),
        m("corpus.col.from_other"),
    ):
        yt.add_column("\n".join(label.split()), justify="right", no_wrap=True)
    for row in _trend_rows(report, m):
        yt.add_row(*(data_text(c) for c in row))
    console.print(yt)


def html_chunks(
    report: dict[str, Any], charts: dict[str, str] | None = None, lang: str = DEFAULT_LANGUAGE
) -> Iterator[str]:
    """The HTML page in pieces (`PIECE_PARTS` strings each), made as they are written
    (a top list's occurrences are read as they go out, see `Occurrences`)."""
    return _pieces(_html_text(report, charts, lang))


def render_html(
    report: dict[str, Any], charts: dict[str, str] | None = None, lang: str = DEFAULT_LANGUAGE
) -> str:
    """A self-contained page: tables, and the charts as inline SVG (no scripts)."""
    return "".join(html_chunks(report, charts, lang))


def _html_text(report: dict[str, Any], charts: dict[str, str] | None, lang: str) -> Iterator[str]:
    """The page, one line per part (a top list's item with its occurrences is one line)."""
    m = messages(lang)

    def table(header: list[str], rows: list[list[str]]) -> str:
        head = "".join(f"<th>{escape(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{m.lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(m('corpus.html_title'))}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;"
        "padding:0 1rem;color:#1b1f24}table{border-collapse:collapse;margin:1rem 0}"
        "th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;"
        "vertical-align:top}th{background:#f6f8fa}li{margin:.3rem 0}.where{color:#57606a;"
        "font-size:.9em}figure{margin:1rem 0}svg{max-width:100%;height:auto}</style>",
        "</head><body>",
        f"<h1>{escape(m('corpus.title'))}</h1>",
        *[f'<p class="stale"><strong>{escape(line)}</strong></p>' for line in _stale(report, m)],
        f"<p>{escape(_totals(report, m))}.</p>",
        f"<h2>{escape(m('corpus.by.' + report['by']))}</h2>",
        table(
            _headers(m, report["by"]),
            [[_cell(k, g[k], m) for k, _ in GROUP_COLUMNS] for g in report["groups"]],
        ),
    ]
    if charts:
        parts.append(f"<h2>{escape(m('corpus.trends_short'))}</h2>")
        for name, svg in charts.items():
            parts.append(f'<figure id="chart-{escape(name)}">{svg}</figure>')
    parts.append(f"<h2>{escape(m('corpus.top_passages'))}</h2><ol>")
    yield from (part + "\n" for part in parts)
    for p in report["top_passages"]:
        words = m("corpus.words", n=m.number(p["words"]))
        yield (
            f"<li><strong>{escape(_times(p, m))}</strong> "
            f"({escape(words)}): {escape(_clip(p['text'], 400))}<ul>"
        )
        for w in p["members"]:
            kind = escape(m.kind(str(w["kind"])))
            yield f'<li class="where">{escape(_where(w, m))} ({kind})</li>'
        yield "</ul></li>\n"
    if not report["top_passages"]:
        yield f"<li>{escape(m('corpus.no_passages'))}</li>\n"
    yield f"</ol><h2>{escape(m('corpus.repeated_questions'))}</h2><ol>\n"
    for q in report["repeated_questions"]:
        docs = m.count("corpus.documents", q["documents"])
        yield f"<li><strong>{escape(docs)}</strong>: {escape(_clip(q['text'], 400))}<ul>"
        for w in q["members"]:
            yield f'<li class="where">{escape(_where(w, m))}</li>'
        yield "</ul></li>\n"
    if not report["repeated_questions"]:
        yield f"<li>{escape(m('corpus.no_questions'))}</li>\n"
    yield f"</ol><h2>{escape(m('corpus.overlap_short'))}</h2>\n"
    fr = list(report["fraction_overlap"])
    yield (
        table(["", *fr], [[f, *(str(report["fraction_overlap"][f][g]) for g in fr)] for f in fr])
        + "\n"
    )
    yield "</body></html>\n"
