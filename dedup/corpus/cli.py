"""`dedup corpus ...`: many documents in one database. Only click is imported here; every
command imports what it needs when it runs, so `dedup --help` stays fast.

Errors are DedupError subclasses; the top-level `dedup` group prints them as one line
and exits with code 2.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from dedup.cli_common import (
    F,
    console_for,
    emit,
    lang_option,
    max_size_option,
    output_options,
    show,
)
from dedup.control_chars import visible_controls

META_OPTIONS = (
    ("kamerstuk", "Kamerstuk number, e.g. '29 325, nr. 157'."),
    ("vergaderjaar", "Vergaderjaar, e.g. 2023-2024."),
    ("date", "Date (vastgesteld), YYYY-MM-DD or '23 oktober 2025'."),
    ("ministry", "Ministry, e.g. 'Volksgezondheid, Welzijn en Sport'."),
    ("bewindspersoon", "Bewindspersoon, e.g. 'Staatssecretaris van VWS'."),
    ("commission", "Commission (vaste commissie voor ...)."),
    ("title", "Dossier title."),
)


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="DEDUP_DB",
        default="dedup.sqlite",
        show_default="dedup.sqlite, or $DEDUP_DB",
        help="The corpus database (SQLite).",
    )(func)


def _show(render: Callable[[Any], None], out: Path | None, force: bool, no_color: bool) -> None:
    show(render, out, force, no_color, width=140)


def _open(db_path: Path, *, create: bool = False, readonly: bool = False) -> Any:
    from dedup.corpus.api import Corpus

    return Corpus(db_path, create=create, readonly=readonly)


EPILOG = """
\b
Examples:
  dedup corpus add verslagen/ --jobs 2
  dedup corpus add 'archief/**/*.pdf' --manifest metadata.csv
  dedup corpus report --by ministry --format html --out report.html --charts charts/
  dedup corpus search "Hoeveel woonplekken zijn er gerealiseerd?"
  dedup corpus search --file inbreng.txt
  dedup corpus export --format csv tables/
"""


@click.group(epilog=EPILOG)
def corpus() -> None:
    """Many documents in one database: reuse across documents and years.

    The database is dedup.sqlite in the current folder unless --db or DEDUP_DB says
    otherwise. It can be read (report, search) while an `add` is running.
    """


@corpus.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: all cores).",
)
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="CSV or JSON with metadata per file (column `file` or `sha256`, then any of: "
    "kamerstuk, vergaderjaar, date, ministry, bewindspersoon, commission, title).",
)
@max_size_option
@click.option(
    "--config",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Settings file for the thresholds of a new corpus (default: the nearest one).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
def add(
    paths: tuple[str, ...],
    db_path: Path,
    jobs: int | None,
    manifest: Path | None,
    max_size: float,
    config: Path | None,
    quiet: bool,
    **meta: str | None,
) -> None:
    """Add files, directories and globs (PATHS) to the corpus.

    Idempotent: a file whose content is already stored is skipped (metadata given by
    options or the manifest is still applied to it). Each document is committed on its
    own, so an interrupted run keeps what it finished; run it again to add the rest.
    Metadata is read from the text (kamerstuk, vergaderjaar, date, ministry,
    bewindspersoon, commission); the manifest overrides it, options override both.
    """
    from dedup.corpus.errors import IngestFailed
    from dedup.corpus.metadata import load_manifest, validate
    from dedup.settings import find_config, load_settings

    overrides = validate({k: v for k, v in meta.items() if v}, source="metadata option")
    if manifest is not None:
        from dedup.ingest.files import check_input

        check_input(manifest)  # a FIFO or device would block the read
    loaded = load_manifest(manifest) if manifest else None
    settings = load_settings(config or find_config(Path.cwd()))
    started = time.monotonic()
    with _open(db_path, create=True) as c:
        progress, finish, on_plan = _progress(quiet)
        try:
            summary = c.add(
                paths,
                jobs=jobs,
                metadata=overrides,
                manifest=loaded,
                max_bytes=int(max_size * 2**20),
                settings=settings,
                progress=progress,
                on_plan=on_plan,
            )
        finally:
            finish()
    for failure in summary.failed:
        click.echo(visible_controls(f"dedup: skipped {failure.path}: {failure.problem}"), err=True)
    total = len(summary.added) + len(summary.unchanged) + len(summary.updated)
    if not quiet:
        click.echo(
            f"added {len(summary.added)}, unchanged {len(summary.unchanged)}, "
            f"metadata updated {len(summary.updated)}, failed {len(summary.failed)} "
            f"in {time.monotonic() - started:.1f} s -> {db_path}",
            err=True,
        )
    if summary.failed:
        rest = "; the others are in the corpus" if total else ""
        raise IngestFailed(
            None,
            f"{len(summary.failed)} of {total + len(summary.failed)} inputs could not be "
            f"added (listed above){rest}",
        )


for _name, _help in META_OPTIONS:
    add = click.option(f"--{_name}", _name, default=None, help=_help)(add)


def _progress(
    quiet: bool,
) -> tuple[Callable[[str, str], None] | None, Callable[[], None], Callable[[int], None] | None]:
    """A rich progress bar on stderr when it is a terminal (callbacks for the ingest)."""
    console = None if quiet else console_for(False, stderr=True)
    if console is None or not console.is_terminal:
        return None, lambda: None, None
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        # The description holds a file name: shown as text, never parsed as markup.
        TextColumn("{task.description}", style="progress.description", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    )
    task = bar.add_task("adding", total=None)
    started = [False]

    def on_plan(n: int) -> None:
        bar.update(task, total=n)

    def advance(path: str, status: str) -> None:
        # Files already stored are counted before the work starts; the bar appears with
        # the first prepared document, when the worker processes are already forked
        # (no display thread runs while they are created).
        if status not in ("added", "failed"):
            return
        if not started[0]:
            bar.start()
            started[0] = True
        bar.update(task, advance=1, description=f"{status} {Path(path).name[:40]}")

    def finish() -> None:
        if started[0]:
            bar.stop()

    return advance, finish, on_plan


@corpus.command(name="list")
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["rich", "json", "csv"]), default="rich", show_default=True
)
@click.option("--no-color", is_flag=True, help="No colour (also honoured: NO_COLOR).")
def list_documents(db_path: Path, fmt: str, no_color: bool) -> None:
    """List the documents in the corpus."""
    import json

    with _open(db_path, readonly=True) as c:
        docs = c.documents()
    if fmt == "json":
        sys.stdout.write(json.dumps(docs, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "csv":
        from dedup.render.escape import csv_text

        cols = list(docs[0]) if docs else ["id"]
        sys.stdout.write(csv_text(cols, [[d[c] for c in cols] for d in docs]))
        return
    from rich.table import Table

    from dedup.render.to_terminal import data_text

    # At 80 columns the text columns wrap (file names in full); numbers and headers never cut.
    noun = "document" if len(docs) == 1 else "documents"
    table = Table(title=data_text(f"{len(docs)} {noun} in {db_path}"), title_justify="left")
    for col in ("id", "name", "kamerstuk", "date", "ministry", "questions", "answers"):
        number = col in ("id", "questions", "answers")
        table.add_column(
            col,
            justify="right" if number else "left",
            no_wrap=number or col == "date",
            overflow="fold",
            min_width=len(col),
        )
    for d in docs:
        table.add_row(
            str(d["id"]),
            data_text(d["name"]),
            data_text(d["kamerstuk"] or ""),
            data_text(d["date"] or (str(d["year"]) if d["year"] else "")),
            data_text(d["ministry"] or ""),
            str(d["n_questions"]),
            str(d["n_answers"]),
        )
    console_for(no_color).print(table)


@corpus.command()
@click.argument("docs", nargs=-1, required=True)
@db_option
def remove(docs: tuple[str, ...], db_path: Path) -> None:
    """Remove documents (DOCS: id, sha256 prefix, file name or kamerstuk number)."""
    with _open(db_path) as c:
        for ref in docs:
            doc_id, name = c.remove(ref)
            click.echo(visible_controls(f"removed #{doc_id} {name}"), err=True)


@corpus.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["rich", "json"]), default="rich", show_default=True
)
def stats(db_path: Path, fmt: str) -> None:
    """Sizes of the corpus and of its index."""
    import json

    with _open(db_path, readonly=True) as c:
        data = c.stats()
    if fmt == "json":
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    for key, value in data.items():
        if key == "index":
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        click.echo(f"{key.replace('_', ' ')}: {value}")


@corpus.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["rich", "html", "md", "csv", "json"]),
    default="rich",
    show_default=True,
    help="csv holds the per-group table; json everything.",
)
@click.option(
    "--by",
    type=click.Choice(["year", "vergaderjaar", "fraction", "ministry", "commission", "document"]),
    default="year",
    show_default=True,
    help="Group the duplicate and reuse rates by this.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="How many reused passages and repeated questions to list.",
)
@click.option(
    "--charts",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also write the trend charts as PNG and SVG into this folder.",
)
@output_options
@click.option("--no-color", is_flag=True, help="No colour (also honoured: NO_COLOR).")
@lang_option
def report(
    db_path: Path,
    fmt: str,
    by: str,
    top: int,
    charts: Path | None,
    out: Path | None,
    force: bool,
    no_color: bool,
    lang: str = "nl",
) -> None:
    """Duplicate-question and answer-reuse rates per group, the most reused answer
    passages across documents, questions repeated across documents, and trends."""
    from dedup.corpus import report as rep

    # Written while the snapshot is open: the top lists' occurrences are read as they go
    # out, so the report of a corpus of any size takes bounded memory.
    with _open(db_path, readonly=True) as c, c.report_snapshot(by=by, top=top) as data:
        if charts is not None:
            _write_charts(data, charts, force, lang)
        if fmt == "json":
            emit(rep.json_chunks(data), out, force)
        elif fmt == "csv":
            emit(rep.render_csv(data), out, force)
        elif fmt == "md":
            emit(rep.markdown_chunks(data, lang), out, force)
        elif fmt == "html":
            from dedup.corpus.plots import svg_charts

            emit(rep.html_chunks(data, svg_charts(data, lang), lang), out, force)
        else:
            _show(lambda console: rep.render_rich(data, console, lang=lang), out, force, no_color)


def _write_charts(data: dict[str, Any], folder: Path, force: bool, lang: str = "nl") -> None:
    from dedup.corpus.plots import CHARTS, render_chart
    from dedup.outputs import write_folder

    files = {
        f"{name}.{fmt}": render_chart(data, name, fmt, lang)
        for name in CHARTS
        for fmt in ("png", "svg")
    }
    write_folder(folder, files, force=force)
    click.echo(f"wrote {len(files)} charts to {folder}", err=True)


@corpus.command()
@click.argument("question", required=False)
@db_option
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Search every Part I question of this document (e.g. a new inbreng).",
)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="Lowest question score (0-1) to show.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["rich", "json"]), default="rich", show_default=True
)
@output_options
@click.option("--no-color", is_flag=True, help="No colour (also honoured: NO_COLOR).")
@lang_option
def search(
    question: str | None,
    db_path: Path,
    file: Path | None,
    limit: int,
    min_score: float,
    fmt: str,
    out: Path | None,
    force: bool,
    no_color: bool,
    lang: str = "nl",
) -> None:
    """Has QUESTION been asked before? Earlier questions, best first, with their
    documents, fractions, dates and the answer passages linked to them."""
    from dedup.corpus.search import hits_json, render_hits

    if (question is None) == (file is None):
        raise click.UsageError("give either a QUESTION or --file, not both or neither")
    with _open(db_path, readonly=True) as c:
        if file is not None:
            from dedup.pipeline import segment_file

            seg = segment_file(file)
            results = c.search_segmentation(seg, limit=limit, min_score=min_score)
        else:
            assert question is not None
            results = [(question, c.search(question, limit=limit, min_score=min_score))]
    if fmt == "json":
        emit(hits_json(results), out, force)
    else:
        _show(lambda console: render_hits(results, console, lang=lang), out, force, no_color)


@corpus.command()
@click.argument("out", type=click.Path(path_type=Path))
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet", "json"]),
    default="csv",
    show_default=True,
    help="csv/parquet: a folder OUT with one file per table; json: one file OUT.",
)
@click.option("--force", is_flag=True, help="Overwrite existing output files.")
def export(out: Path, db_path: Path, fmt: str, force: bool) -> None:
    """Export documents, questions, answers and reused passages for pandas or R."""
    with _open(db_path, readonly=True) as c:
        written = c.export(fmt, out, force=force)
    click.echo(f"wrote {', '.join(str(p) for p in written)}", err=True)
