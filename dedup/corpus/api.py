"""The corpus library API: one object per database, taking the same inputs as
single-document mode (file paths, or a `Segmentation` from `dedup.segment_file`).

    from dedup.corpus import Corpus

    with Corpus("dedup.sqlite", create=True) as corpus:
        corpus.add(["verslagen/"], jobs=2)
        report = corpus.report(by="year")
        for hit in corpus.search("Hoeveel woonplekken zijn gerealiseerd?"):
            print(hit.score, hit.document, hit.fraction, hit.text)
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from dedup.corpus import db
from dedup.corpus.index import IndexParams
from dedup.corpus.ingest import IngestSummary, Progress, add_files, add_segmentations
from dedup.corpus.metadata import DocMeta, Manifest
from dedup.corpus.report import ReportOptions, build_report, report_snapshot
from dedup.corpus.search import Hit, search
from dedup.corpus.store import find_document, read_params, remove
from dedup.limits import MAX_INPUT_BYTES
from dedup.model import Segmentation
from dedup.settings import Settings


def params_from_settings(settings: Settings | None) -> IndexParams:
    """Index parameters with the thresholds of `settings` (used when a corpus is created)."""
    return IndexParams.from_settings(settings) if settings is not None else IndexParams()


class Corpus:
    """A corpus database (SQLite); `create` makes it when it does not exist."""

    def __init__(
        self, path: str | Path | None = None, *, create: bool = False, readonly: bool = False
    ) -> None:
        """`readonly`: open for reading only (SQLite `mode=ro`); add and remove then fail."""
        self.path = Path(path) if path is not None else db.default_db()
        self.conn = db.connect(self.path, create=create, readonly=readonly)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def add(
        self,
        paths: Iterable[str | Path],
        *,
        jobs: int | None = None,
        metadata: Mapping[str, str] | None = None,
        manifest: Manifest | None = None,
        max_bytes: int = MAX_INPUT_BYTES,
        settings: Settings | None = None,
        progress: Progress | None = None,
        on_plan: Callable[[int], None] | None = None,
    ) -> IngestSummary:
        """Add files, directories and globs (idempotent by content hash)."""
        return add_files(
            self.conn,
            paths,
            jobs=jobs,
            overrides=metadata,
            manifest=manifest,
            max_bytes=max_bytes,
            params=params_from_settings(settings),
            progress=progress,
            on_plan=on_plan,
        )

    def add_segmentation(self, seg: Segmentation, meta: DocMeta | None = None) -> bool:
        """Add one segmented document; False when the same content is already stored."""
        summary = add_segmentations(self.conn, [(seg, meta or DocMeta())])
        return bool(summary.added)

    def remove(self, ref: str) -> tuple[int, str]:
        """Remove the document `ref` names (id, sha256 prefix, file name, kamerstuk)."""
        with db.transaction(self.conn):
            doc_id, name = find_document(self.conn, ref)
            remove(self.conn, doc_id)
        return doc_id, name

    def documents(self) -> list[dict[str, Any]]:
        cur = self.conn.execute(
            "SELECT id, name, kamerstuk, date, year, ministry, n_questions, n_answers, sha256 "
            "FROM documents ORDER BY id"
        )
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def stats(self) -> dict[str, Any]:
        """Sizes of the corpus and of its index."""
        c = self.conn
        c.execute("BEGIN")
        try:
            one = c.execute(
                """
                SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM questions),
                       (SELECT COUNT(*) FROM answers),
                       (SELECT COALESCE(SUM(words), 0) FROM answers),
                       (SELECT COUNT(*) FROM sentences),
                       (SELECT COUNT(DISTINCT cluster) FROM sentences),
                       (SELECT COUNT(DISTINCT qgroup) FROM questions),
                       (SELECT COUNT(*) FROM (SELECT qgroup FROM questions GROUP BY qgroup
                                             HAVING COUNT(DISTINCT doc_id) > 1)),
                       (SELECT COUNT(DISTINCT passage) FROM answers),
                       (SELECT COUNT(*) FROM (SELECT passage FROM answers
                                             WHERE passage IS NOT NULL GROUP BY passage
                                             HAVING COUNT(DISTINCT doc_id) > 1))
                """
            ).fetchone()
            params = read_params(c)
        finally:
            c.execute("COMMIT")
        return {
            "database": str(self.path),
            "schema_version": db.schema_version(c),
            "bytes": db.database_size(self.path),
            "documents": one[0],
            "questions": one[1],
            "answers": one[2],
            "answer_words": one[3],
            "distinct_sentences": one[4],
            "sentence_clusters": one[5],
            "question_groups": one[6],
            "question_groups_across_documents": one[7],
            "passages": one[8],
            "passages_across_documents": one[9],
            "index": {
                "num_perm": params.num_perm,
                "bands": params.bands,
                "rows": params.rows,
                "sentence_ratio": params.sentence_ratio,
                "question_threshold": params.question_threshold,
            },
        }

    def report(self, by: str = "year", top: int = 20) -> dict[str, Any]:
        return build_report(self.conn, ReportOptions(by=by, top=top))

    def report_snapshot(
        self, by: str = "year", top: int = 20
    ) -> contextlib.AbstractContextManager[dict[str, Any]]:
        """The report to write while inside (one read snapshot): the top lists'
        occurrences are read as they are iterated, for a corpus of any size in bounded
        memory (`report` holds every one of them in lists)."""
        return report_snapshot(self.conn, ReportOptions(by=by, top=top))

    def search(
        self,
        text: str,
        *,
        limit: int = 10,
        min_score: float = 0.5,
        exclude_sha256: str | None = None,
    ) -> list[Hit]:
        return search(
            self.conn, text, limit=limit, min_score=min_score, exclude_sha256=exclude_sha256
        )

    def search_segmentation(
        self, seg: Segmentation, *, limit: int = 5, min_score: float = 0.5
    ) -> list[tuple[str, list[Hit]]]:
        """Every Part I question of a (new) document, each with its earlier occurrences
        in other documents (the document itself is left out if it is in the corpus)."""
        return [
            (
                q.text,
                self.search(
                    q.text, limit=limit, min_score=min_score, exclude_sha256=seg.document.sha256
                ),
            )
            for q in seg.part_one()
        ]

    def export(self, fmt: str, out: Path, *, force: bool = False) -> list[Path]:
        from dedup.corpus.export import export

        return export(self.conn, fmt, out, force=force)
