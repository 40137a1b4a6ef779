"""Corpus mode on real SQLite files: add, re-add, remove, report, search, export, errors,
and cross-document reuse in a corpus of the fixture and realistic variants of it."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from dedup.cli import cli
from dedup.corpus import Corpus
from dedup.corpus.db import SCHEMA_VERSION, connect
from dedup.corpus.errors import CorpusError
from dedup.corpus.synthetic import VariantOptions, parse_skeleton, variant_text
from tests.conftest import SAMPLE

VARIANTS = 4


@dataclass(frozen=True)
class Built:
    db: Path
    folder: Path
    files: list[Path]


def write_variants(folder: Path, seeds: range, opts: VariantOptions | None = None) -> list[Path]:
    skel = parse_skeleton(SAMPLE.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for seed in seeds:
        path = folder / f"variant-{seed:02d}.txt"
        path.write_text(variant_text(skel, seed, opts), encoding="utf-8")
        files.append(path)
    return files


def fingerprint(db: Path) -> list[tuple[object, ...]]:
    """Everything a report depends on, independent of row ids."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            """
            SELECT d.sha256, 'q', q.qid, q.fraction, (SELECT MIN(q2.doc_id || ':' || q2.qid)
                FROM questions q2 WHERE q2.qgroup = q.qgroup), NULL
            FROM questions q JOIN documents d ON d.id = q.doc_id
            UNION ALL
            SELECT d.sha256, 'a', a.aid, a.section_fraction, (SELECT MIN(a2.doc_id || ':' || a2.aid)
                FROM answers a2 WHERE a2.passage = a.passage), a.kind
            FROM answers a JOIN documents d ON d.id = a.doc_id
            ORDER BY 1, 2, 3
            """
        ).fetchall()
        docs = {r[0]: r[1] for r in conn.execute("SELECT id, sha256 FROM documents")}
    finally:
        conn.close()

    def anchor(value: object) -> object:
        if isinstance(value, str) and ":" in value:
            doc, item = value.split(":", 1)
            return f"{docs.get(int(doc), doc)}:{item}"
        return value

    return [tuple(anchor(v) for v in r) for r in rows]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture plus four variants, added through the CLI with two workers."""
    root = tmp_path_factory.mktemp("corpus")
    folder = root / "docs"
    files = write_variants(folder, range(1, VARIANTS + 1))
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    db = root / "corpus.sqlite"
    code, _, err = run("corpus", "add", str(folder), "--db", str(db), "--jobs", "2")
    assert code == 0, err
    return Built(db, folder, [folder / SAMPLE.name, *files])


@pytest.fixture
def corpus(built: Built) -> Iterator[Corpus]:
    with Corpus(built.db) as c:
        yield c


def test_add_stores_every_document_in_full(corpus: Corpus) -> None:
    """Every file becomes one document with all its questions and answers."""
    docs = corpus.documents()
    assert len(docs) == VARIANTS + 1
    for d in docs:
        assert d["n_questions"] > 150 and d["n_answers"] > 120
        n_q = corpus.conn.execute("SELECT COUNT(*) FROM questions WHERE doc_id = ?", (d["id"],))
        n_a = corpus.conn.execute("SELECT COUNT(*) FROM answers WHERE doc_id = ?", (d["id"],))
        assert n_q.fetchone()[0] == d["n_questions"]
        assert n_a.fetchone()[0] == d["n_answers"]
    assert corpus.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert corpus.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert corpus.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_metadata_from_front_matter_and_footers(corpus: Corpus) -> None:
    """Variants carry front matter and footers; the fixture only footers."""
    docs = {d["name"]: d for d in corpus.documents()}
    assert docs[SAMPLE.name]["kamerstuk"] == "29 325, nr. 157"
    assert docs[SAMPLE.name]["year"] == 2023
    for name, d in docs.items():
        if name != SAMPLE.name:
            assert d["date"] and d["ministry"] and d["kamerstuk"].endswith(name[-6:-4])


def test_readding_changes_nothing(built: Built) -> None:
    """Adding the same files again leaves the database exactly as it was."""
    before = fingerprint(built.db)
    code, _, err = run("corpus", "add", str(built.folder), "--db", str(built.db))
    assert code == 0, err
    assert f"added 0, unchanged {VARIANTS + 1}" in err
    assert fingerprint(built.db) == before


def test_cross_document_reuse_found_document_by_document(built: Built, corpus: Corpus) -> None:
    """Each variant answer copied from a fixture answer (reworded, moved) shares its passage."""
    conn = corpus.conn
    sample_id = conn.execute("SELECT id FROM documents WHERE name = ?", (SAMPLE.name,)).fetchone()[
        0
    ]
    originals = conn.execute(
        "SELECT answer_text(d.answer_texts, a.n), a.passage FROM answers a "
        "JOIN documents d ON d.id = a.doc_id WHERE a.doc_id = ? AND a.passage IS NOT NULL",
        (sample_id,),
    ).fetchall()
    for doc_id, name in conn.execute("SELECT id, name FROM documents WHERE id != ?", (sample_id,)):
        rows = conn.execute(
            "SELECT answer_text(d.answer_texts, a.n), a.passage FROM answers a "
            "JOIN documents d ON d.id = a.doc_id WHERE a.doc_id = ? AND a.passage IS NOT NULL",
            (doc_id,),
        ).fetchall()
        # Brute force on this small corpus: which fixture answers each answer copies.
        ratios = cdist([r[0] for r in rows], [o[0] for o in originals], scorer=fuzz.ratio)
        found = missed = 0
        for (_, passage), row in zip(rows, ratios, strict=True):
            same = {originals[j][1] for j in range(len(originals)) if row[j] >= 90}
            if not same:
                continue  # not derived from a fixture answer (a pasted or merged one)
            if passage in same:
                found += 1
            else:
                missed += 1
        assert found > 100, name
        assert missed <= found * 0.02, f"{name}: {missed} of {found + missed} not linked"


def test_boilerplate_passage_lists_every_document(corpus: Corpus) -> None:
    """The dashboard boilerplate is one passage listing every document and section it occurs in."""
    report = corpus.report(top=50)
    dashboard = [p for p in report["top_passages"] if "Dashboard Nationaal Actieplan" in p["text"]]
    assert dashboard and dashboard[0]["documents"] == VARIANTS + 1
    members = dashboard[0]["members"]
    assert {m["document"] for m in members} == {d["name"] for d in corpus.documents()}
    assert all(m["section"] and m["answer"].startswith("A") for m in members)
    assert len(members) >= 4 * (VARIANTS + 1)


def test_report_rates_and_trends(corpus: Corpus) -> None:
    """Rates per year are shares in 0-1; later documents reuse the earlier ones' answers."""
    report = corpus.report(by="year")
    groups = report["groups"]
    assert sum(g["questions"] for g in groups) == report["totals"]["questions"]
    assert sum(g["documents"] for g in groups) == report["totals"]["documents"]
    for g in groups:
        assert 0 <= g["duplicate_share"] <= 1 and 0 <= g["reuse_share"] <= 1
        assert g["reuse_across_share"] <= g["reuse_share"]
    ordered = sorted(groups, key=lambda g: g["group"])
    assert ordered[0]["asked_before_share"] < 0.1  # the earliest document is original
    assert all(g["reuse_across_share"] > 0.6 for g in ordered[1:])
    # Fractions repeat each other: within a document the corpus groups as `analyze`
    # clusters (paraphrases included; tests/test_corpus_agreement.py), 43% on the sample.
    assert 0.15 < ordered[0]["duplicate_share"] < 0.6
    assert set(report["trends"]["questions_per_year"]) == {g["group"] for g in groups}
    overlap = report["fraction_overlap"]
    assert overlap["VVD"]["GroenLinks-PvdA"] > 0 and overlap["VVD"]["VVD"] == 0


@pytest.mark.parametrize("by", ["fraction", "ministry", "document", "vergaderjaar", "commission"])
def test_report_groupings(corpus: Corpus, by: str) -> None:
    """Every grouping covers all questions."""
    report = corpus.report(by=by)
    assert sum(g["questions"] for g in report["groups"]) == report["totals"]["questions"]
    if by == "document":
        assert len(report["groups"]) == VARIANTS + 1


def test_repeated_questions_across_documents(corpus: Corpus) -> None:
    """A question asked in every document is one group listing each document."""
    report = corpus.report(top=5)
    top = report["repeated_questions"][0]
    assert top["documents"] == VARIANTS + 1
    assert len({m["document"] for m in top["members"]}) == VARIANTS + 1


@pytest.mark.parametrize("fmt", ["json", "md", "csv", "html", "rich"])
def test_report_formats(built: Built, tmp_path: Path, fmt: str) -> None:
    """Each report format is written atomically to --out and not overwritten without --force."""
    out = tmp_path / f"report.{fmt}"
    code, _, err = run(
        "corpus", "report", "--db", str(built.db), "--format", fmt, "--out", str(out)
    )
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(text)["totals"]["documents"] == VARIANTS + 1
    elif fmt == "csv":
        rows = list(csv.DictReader(text.splitlines()))
        assert rows and "reuse_share" in rows[0]
    elif fmt == "html":
        assert text.count("<svg") == 3 and "<script" not in text
        assert "Meest hergebruikte antwoordpassages" in text
    else:
        assert "Meest hergebruikte antwoordpassages" in text
    code, _, err = run(
        "corpus", "report", "--db", str(built.db), "--format", fmt, "--out", str(out)
    )
    assert code == 2 and "already exists" in err and len(err.strip().splitlines()) == 1


def test_report_charts_png_and_svg(built: Built, tmp_path: Path) -> None:
    """--charts writes each trend chart as PNG and SVG."""
    folder = tmp_path / "charts"
    code, _, err = run(
        "corpus", "report", "--db", str(built.db), "--format", "json", "--charts", str(folder)
    )
    assert code == 0, err
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        f"{c}.{e}"
        for c in ("fraction_overlap", "questions_per_year", "reuse_share_per_year")
        for e in ("png", "svg")
    )
    assert (folder / "questions_per_year.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (
        (folder / "fraction_overlap.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    )


def test_search_finds_earlier_question_with_answers(corpus: Corpus) -> None:
    """A reworded fixture question finds the fixture's question, its fraction and answers."""
    hits = corpus.search(
        "Hoeveel woonplekken zijn er als onderdeel van het actieplan tot nu toe gerealiseerd?"
    )
    assert len(hits) == VARIANTS + 1 or len(hits) == 10
    best = hits[0]
    assert best.score > 0.9 and "woonplekken" in best.text
    assert {h.document for h in hits} >= {SAMPLE.name}
    assert best.answers and best.answers[0].text
    assert corpus.search("Welke maatregelen neemt het kabinet tegen stikstof?") == []


def test_search_scores_only_what_can_rank_and_finds_the_same_hits(corpus: Corpus) -> None:
    """Skipping candidates whose coverage bounds them below the best hits changes nothing:
    the hits equal those of scoring every candidate (the slow obvious reference)."""
    from dedup.corpus.search import _desc, candidates, make_query
    from dedup.corpus.store import read_params
    from dedup.parse.normalize import comparison_form

    conn = corpus.conn
    texts = [
        t
        for (t,) in conn.execute(
            "SELECT question_text(d.question_texts, q.n) FROM questions q "
            "JOIN documents d ON d.id = q.doc_id ORDER BY q.id LIMIT 40"
        )
    ]
    for text in texts[::4]:
        for limit in (1, 3, 10):
            query = make_query(conn, comparison_form(text))
            everything = [
                (query.score(f), q) for q, f in candidates(conn, query, read_params(conn)).items()
            ]
            keys = dict(
                conn.execute(
                    "SELECT q.id, d.sortkey FROM questions q JOIN documents d ON d.id = q.doc_id"
                )
            )
            reference = sorted(
                ((s, q) for s, q in everything if s >= 0.5),
                key=lambda x: (-x[0], _desc(keys[x[1]]), x[1]),
            )[:limit]
            hits = corpus.search(text, limit=limit)
            assert [(h.score, h.question, h.document_id) for h in hits] == [
                (
                    s,
                    *conn.execute(
                        "SELECT qid, doc_id FROM questions WHERE id = ?", (q,)
                    ).fetchone(),
                )
                for s, q in reference
            ]


def test_search_file_excludes_itself(built: Built) -> None:
    """--file searches every question of a document; the document itself is left out."""
    code, out, err = run(
        "corpus",
        "search",
        "--db",
        str(built.db),
        "--file",
        str(SAMPLE),
        "--format",
        "json",
        "--limit",
        "3",
    )
    assert code == 0, err
    results = json.loads(out)
    assert len(results) > 150
    assert all(h["document"] != SAMPLE.name for r in results for h in r["hits"])
    assert sum(1 for r in results if r["hits"]) > 0.9 * len(results)


def test_search_needs_a_question(built: Built) -> None:
    """search without QUESTION or --file is a usage error, not a traceback."""
    code, _, err = run("corpus", "search", "--db", str(built.db))
    assert code == 2 and "QUESTION or --file" in err


def test_export_csv_json_parquet(built: Built, tmp_path: Path) -> None:
    """Export writes all tables as CSV, Parquet and JSON for pandas; no overwrite w/o --force."""
    import pandas as pd

    csv_dir = tmp_path / "csv"
    assert run("corpus", "export", "--db", str(built.db), "--format", "csv", str(csv_dir))[0] == 0
    questions = pd.read_csv(csv_dir / "questions.csv")
    assert len(questions) == sum(
        1 for _ in Corpus(built.db).conn.execute("SELECT id FROM questions")
    )
    assert {"question_group", "group_documents", "fraction"} <= set(questions.columns)
    answers = pd.read_csv(csv_dir / "answers.csv")
    assert answers["passage_documents"].max() == VARIANTS + 1
    code, _, err = run("corpus", "export", "--db", str(built.db), "--format", "csv", str(csv_dir))
    assert code == 2 and "already exists" in err
    assert (
        run("corpus", "export", "--db", str(built.db), "--format", "csv", str(csv_dir), "--force")[
            0
        ]
        == 0
    )
    pq_dir = tmp_path / "pq"
    assert (
        run("corpus", "export", "--db", str(built.db), "--format", "parquet", str(pq_dir))[0] == 0
    )
    docs = pd.read_parquet(pq_dir / "documents.parquet")
    assert len(docs) == VARIANTS + 1 and "ministry" in docs.columns
    out = tmp_path / "all.json"
    assert run("corpus", "export", "--db", str(built.db), "--format", "json", str(out))[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"documents", "questions", "answers", "passages"}


def test_list_and_stats(built: Built) -> None:
    """list and stats describe the corpus; JSON output parses."""
    code, out, _ = run("corpus", "list", "--db", str(built.db), "--format", "json")
    assert code == 0 and len(json.loads(out)) == VARIANTS + 1
    code, out, _ = run("corpus", "stats", "--db", str(built.db), "--format", "json")
    stats = json.loads(out)
    assert stats["documents"] == VARIANTS + 1 and stats["schema_version"] == SCHEMA_VERSION
    assert stats["passages_across_documents"] > 50
    code, out, _ = run("corpus", "list", "--db", str(built.db))
    assert code == 0 and SAMPLE.name[:8] in out


def test_remove_then_readd(tmp_path: Path) -> None:
    """remove deletes a document's rows, re-adding restores the counts, unknown is one line."""
    db = tmp_path / "c.sqlite"
    files = write_variants(tmp_path / "docs", range(20, 22), VariantOptions(sections=2))
    assert run("corpus", "add", *map(str, files), "--db", str(db), "--jobs", "1")[0] == 0
    with Corpus(db) as c:
        before = c.stats()
    code, _, err = run("corpus", "remove", files[1].name, "--db", str(db))
    assert code == 0 and "removed #2" in err
    with Corpus(db) as c:
        s = c.stats()
        assert s["documents"] == 1
        assert c.conn.execute("SELECT COUNT(*) FROM questions WHERE doc_id = 2").fetchone()[0] == 0
        assert c.conn.execute("SELECT COUNT(*) FROM question_fts").fetchone()[0] == s["questions"]
        assert c.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    code, _, err = run("corpus", "remove", "nothing-like-this.txt", "--db", str(db))
    assert code == 2 and "no such document" in err and len(err.strip().splitlines()) == 1
    assert run("corpus", "add", str(files[1]), "--db", str(db))[0] == 0
    with Corpus(db) as c:
        after = c.stats()
    for key in ("documents", "questions", "answers", "question_groups", "passages"):
        assert after[key] == before[key], key


def test_order_not_jobs_decides_the_result(tmp_path: Path) -> None:
    """One worker or two: the same groups and passages (documents are written in order)."""
    files = write_variants(tmp_path / "docs", range(30, 33), VariantOptions(sections=2))
    for jobs in ("1", "2"):
        code, _, err = run(
            "corpus", "add", *map(str, files), "--db", str(tmp_path / f"{jobs}.db"), "--jobs", jobs
        )
        assert code == 0, err
    assert fingerprint(tmp_path / "1.db") == fingerprint(tmp_path / "2.db")


def test_bad_inputs_are_skipped_with_one_line_each(tmp_path: Path) -> None:
    """Unusable inputs are one line each with exit code 2; the good files are committed."""
    good = write_variants(tmp_path / "docs", range(40, 41), VariantOptions(sections=2))[0]
    (tmp_path / "docs" / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "docs" / "prose.txt").write_text("Geen verslag. Alleen tekst.\n", encoding="utf-8")
    db = tmp_path / "c.sqlite"
    code, _, err = run(
        "corpus", "add", str(tmp_path / "docs"), str(tmp_path / "missing*.txt"), "--db", str(db)
    )
    assert code == 2
    lines = err.strip().splitlines()
    assert sum(ln.startswith("dedup: skipped ") for ln in lines) == 3
    assert "Traceback" not in err and "3 of 4 inputs could not be added" in lines[-1]
    with Corpus(db) as c:
        assert [d["name"] for d in c.documents()] == [good.name]


def test_manifest_and_options_override_text(tmp_path: Path) -> None:
    """Options override the manifest, which overrides the text; re-adding updates metadata."""
    files = write_variants(tmp_path / "docs", range(50, 52), VariantOptions(sections=2))
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        f"file,ministry,date\ndocs/{files[0].name},Defensie,2001-02-03\n", encoding="utf-8"
    )
    db = tmp_path / "c.sqlite"
    code, _, err = run(
        "corpus",
        "add",
        *map(str, files),
        "--db",
        str(db),
        "--manifest",
        str(manifest),
        "--commission",
        "Defensie",
    )
    assert code == 0, err
    with Corpus(db) as c:
        docs = {d["name"]: d for d in c.documents()}
        row = c.conn.execute("SELECT commission FROM documents").fetchall()
    assert docs[files[0].name]["ministry"] == "Defensie"
    assert docs[files[0].name]["date"] == "2001-02-03" and docs[files[0].name]["year"] == 2001
    assert docs[files[1].name]["ministry"] != "Defensie"
    assert row == [("Defensie",), ("Defensie",)]
    code, _, err = run("corpus", "add", str(files[1]), "--db", str(db), "--date", "2011-11-11")
    assert code == 0 and "metadata updated 1" in err
    with Corpus(db) as c:
        assert {d["name"]: d for d in c.documents()}[files[1].name]["year"] == 2011


def test_bad_database_is_one_line_error(tmp_path: Path) -> None:
    """A missing corpus, a non-SQLite file and another SQLite database are refused."""
    code, _, err = run("corpus", "report", "--db", str(tmp_path / "none.sqlite"))
    assert code == 2 and "no corpus database here" in err
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database at all " * 100, encoding="utf-8")
    code, _, err = run("corpus", "stats", "--db", str(junk))
    assert code == 2 and "not a dedup corpus" in err and len(err.strip().splitlines()) == 1
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    code, _, err = run("corpus", "list", "--db", str(other))
    assert code == 2 and "something else" in err


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    """A database from a newer dedup is not touched."""
    db = tmp_path / "c.sqlite"
    connect(db, create=True).close()
    raw = sqlite3.connect(db)
    raw.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    raw.commit()
    raw.close()
    with pytest.raises(CorpusError, match="newer dedup"):
        connect(db)


def test_migration_fills_search_index(tmp_path: Path) -> None:
    """A version-1 database (no search index; the schema-2 fixture without it) is migrated
    on open and becomes searchable."""
    db = tmp_path / "old.sqlite"
    db.write_bytes((SAMPLE.parent / "corpus" / "schema-2.sqlite").read_bytes())
    raw = sqlite3.connect(db)
    raw.executescript("DROP TABLE question_fts; DELETE FROM schema_version WHERE version > 1;")
    asked = raw.execute("SELECT text FROM questions ORDER BY id DESC LIMIT 1").fetchone()[0]
    raw.close()
    with Corpus(db) as c:
        assert c.stats()["schema_version"] == SCHEMA_VERSION
        n = c.conn.execute("SELECT COUNT(*) FROM question_fts").fetchone()[0]
        assert n == c.stats()["questions"]
        assert c.search(asked)[0].text == asked


def test_library_add_segmentation(tmp_path: Path) -> None:
    """The library takes a Segmentation like single-document mode; twice is a no-op."""
    from dedup.corpus.metadata import DocMeta
    from tests.conftest import sample_segmentation

    with Corpus(tmp_path / "lib.sqlite", create=True) as c:
        assert c.add_segmentation(sample_segmentation(), DocMeta(ministry="Defensie"))
        assert not c.add_segmentation(sample_segmentation())
        assert c.documents()[0]["ministry"] == "Defensie"
        assert c.stats()["questions"] == len(sample_segmentation().part_one())


def test_corpus_cli_imports_no_heavy_library() -> None:
    """`dedup corpus --help` stays fast: the group imports no heavy library."""
    import subprocess
    import sys

    probe = (
        "import sys; from dedup.corpus.cli import corpus\n"
        "heavy = ('sklearn', 'rapidfuzz', 'networkx', 'rich', 'pypdf', 'numpy', 'matplotlib')\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
    code, out, _ = run("corpus", "--help")
    assert code == 0
    assert all(c in out for c in ("add", "list", "remove", "stats", "report", "search", "export"))
