"""The `dedup` command: options -> library call -> renderer. The only module importing click.

Heavy libraries are imported inside the commands so that `dedup --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from dedup import __version__
from dedup.cli_common import F, emit, lang_option, max_size_option, output_options, show
from dedup.control_chars import visible_controls
from dedup.layouts import NAMES as LAYOUT_CHOICES
from dedup.limits import DOWNLOAD_SECONDS, READ_TIMEOUT_SECONDS

EXAMPLES = """
\b
Examples:
  dedup analyze fixtures/kst-29325-157.txt
  dedup analyze fixtures/kst-29325-157.txt --only answers
  dedup analyze verslag.pdf --format html --out verslag.html
  dedup analyze verslag.pdf --format csv --out verslag-csv/
  dedup bundle verslag.pdf --out gebundeld.docx
  dedup segment fixtures/kst-29325-157.txt
"""

# Inputs at least this large get a progress bar on stderr (when stderr is a terminal).
PROGRESS_MIN_BYTES = 64 * 1024


class DedupGroup(click.Group):
    """Turns library errors into one line on stderr and exit code 2, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        from dedup.errors import DedupError

        try:
            return super().invoke(ctx)
        except DedupError as exc:
            # A path or quoted input may hold control characters: shown, never sent raw.
            click.echo(visible_controls(f"dedup: error: {exc}"), err=True)
            ctx.exit(2)
        except MemoryError:
            click.echo("dedup: error: out of memory; the input is too large", err=True)
            ctx.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("DEDUP_DEBUG"):
                raise
            click.echo(
                visible_controls(
                    f"dedup: internal error: {type(exc).__name__}: {exc} "
                    "(set DEDUP_DEBUG=1 for a traceback, and please report it)"
                ),
                err=True,
            )
            ctx.exit(2)


def input_options(func: F) -> F:
    """Options every command reading a document shares."""
    func = click.option(
        "--layout",
        type=click.Choice(LAYOUT_CHOICES),
        default=None,
        help="The document's layout, if detection gets it wrong (default: detected).",
    )(func)
    func = max_size_option(func)
    return click.argument("file", type=click.Path(dir_okay=False, path_type=Path))(func)


def strict_option(func: F) -> F:
    return click.option(
        "--strict",
        is_flag=True,
        help="Exit with code 1 when the result is emptier than the document promises "
        "(no questions found, answers linked to nothing, Kamervragen without askers).",
    )(func)


def _exit_if_strict(strict: bool, seg: Any) -> None:
    """`--strict`: the warnings of dedup.layouts.checks end the command with exit code 1."""
    from dedup.layouts.checks import ALERTS

    found = [w for w in seg.warnings if w.code in ALERTS]
    if strict and found:
        click.echo(f"dedup: strict: {found[0].code}: {found[0].message}", err=True)
        sys.exit(1)


def report_output_options(func: F) -> F:
    """`--out` that may also name a folder (for the CSV tables), and `--force`."""
    func = click.option("--force", is_flag=True, help="Overwrite existing output files.")(func)
    return click.option(
        "--out",
        type=click.Path(path_type=Path),
        help="Write to this file (atomically) instead of standard output; "
        "for --format csv, the folder for questions.csv, answers.csv and clusters.csv.",
    )(func)


def decisions_option(func: F) -> F:
    """`--decisions FILE`: the clerk's review exported by the HTML report."""
    return click.option(
        "--decisions",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Apply the review exported from the HTML report (confirm, split, merge, "
        "attach); decisions for another document are refused.",
    )(func)


def _reviewed(an: Any, decisions: Path | None) -> tuple[Any, frozenset[str]]:
    """The analysis with the clerk's decisions applied; skipped decisions warned on stderr."""
    if decisions is None:
        return an, frozenset()
    from dedup.decisions import apply_decisions, load_decisions

    reviewed = apply_decisions(an, load_decisions(decisions), str(decisions))
    for line in reviewed.warnings:
        click.echo(f"dedup: warning: {line}", err=True)
    return reviewed.analysis, reviewed.confirmed


def analysis_options(func: F) -> F:
    """Thresholds and the settings file, shared by the commands that run the analysis."""
    func = click.option(
        "--config",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        default=None,
        help="Settings file (dedup.toml, or pyproject.toml with [tool.dedup]); "
        "default: the nearest one from the current folder up.",
    )(func)
    func = click.option(
        "--answer-threshold",
        type=click.FloatRange(0, 100),
        default=None,
        help="fuzz.ratio for two answer sentences to count as one (default 85).",
    )(func)
    func = click.option(
        "--paraphrase-threshold",
        type=click.FloatRange(0, 1),
        default=None,
        help="Score with structural evidence for paraphrases (default 0.55).",
    )(func)
    return click.option(
        "--question-threshold",
        type=click.FloatRange(0, 1),
        default=None,
        help="Combined score for near-identical questions (default 0.85).",
    )(func)


def display_options(
    format_help: str, choices: tuple[str, ...] = ("rich", "json")
) -> Callable[[F], F]:
    """`--format` and `--no-color`, shared by the commands that print a result."""

    def decorate(func: F) -> F:
        func = click.option(
            "--no-color", is_flag=True, help="No colour (also honoured: NO_COLOR)."
        )(func)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(list(choices)),
            default="rich",
            show_default=True,
            help=format_help,
        )(func)

    return decorate


def _emit_folder(files: dict[str, str], out: Path | None, force: bool) -> None:
    """Write several files into the folder `out`; refuse if any exists, unless --force."""
    if out is None:
        raise click.UsageError("--format csv writes three files: give --out FOLDER")
    from dedup.outputs import write_folder

    write_folder(out, files, force=force)
    click.echo(f"wrote {', '.join(str(out / name) for name in files)}", err=True)


def progress_wanted(file: Path, stderr_is_terminal: bool) -> bool:
    """A progress bar helps on a terminal, for inputs that take a while."""
    try:
        size = file.stat().st_size
    except OSError:
        return False
    return stderr_is_terminal and size >= PROGRESS_MIN_BYTES


def _analysis(
    file: Path,
    max_size: float,
    no_color: bool,
    question_threshold: float | None,
    paraphrase_threshold: float | None,
    answer_threshold: float | None,
    config: Path | None,
    layout: str | None = None,
    lang: str = "nl",
) -> Any:
    """Settings from options and config, then the analysis, with a progress bar on stderr
    for long inputs when stderr is a terminal."""
    from dedup.ingest.files import check_input
    from dedup.pipeline import analyze_file, analyze_segmentation, segment_file
    from dedup.settings import find_config, load_settings

    if config is not None:
        check_input(config)  # a FIFO or device would block the read
    settings = load_settings(
        config or find_config(Path.cwd()),
        near_identical=question_threshold,
        paraphrase=paraphrase_threshold,
        sentence_ratio=answer_threshold,
    )
    max_bytes = int(max_size * 2**20)
    if not progress_wanted(file, sys.stderr.isatty()):
        return analyze_file(file, settings, max_bytes=max_bytes, layout=layout)
    from rich.console import Console

    from dedup.render.progress import stage_bar

    err = Console(stderr=True, no_color=no_color or bool(os.environ.get("NO_COLOR")))
    with stage_bar(err, file.name, lang) as advance:
        seg = segment_file(file, max_bytes=max_bytes, layout=layout)
        return analyze_segmentation(seg, settings, progress=advance)


@click.group(cls=DedupGroup, epilog=EXAMPLES)
@click.version_option(__version__, prog_name="dedup")
def cli() -> None:
    """Find duplicate questions and reused answers in Dutch written consultations
    (verslag schriftelijk overleg): .txt, .pdf, .html/.xml and .docx."""


@cli.command(epilog="\b\nExample:\n  dedup segment fixtures/kst-29325-157.txt --format json")
@input_options
@output_options
@display_options("An outline for people, or the JSON contract for scripts.")
@strict_option
@lang_option
def segment(
    file: Path,
    max_size: float,
    layout: str | None,
    strict: bool,
    out: Path | None,
    force: bool,
    fmt: str,
    no_color: bool,
    lang: str = "nl",
) -> None:
    """Split FILE into fractions, questions and answer passages, with their lines."""
    from dedup.pipeline import segment_file

    seg = segment_file(file, max_bytes=int(max_size * 2**20), layout=layout)
    if fmt == "json":
        from dedup.render.to_json import render_segmentation

        emit(render_segmentation(seg), out, force)
        _exit_if_strict(strict, seg)
        return
    from dedup.render.to_terminal import render_outline

    show(lambda console: render_outline(seg, console, lang), out, force, no_color, width=100)
    _exit_if_strict(strict, seg)


@cli.command(
    epilog="\b\nExamples:\n  dedup analyze fixtures/kst-29325-157.txt --only questions\n"
    "  dedup analyze fixtures/kst-29325-157.txt --format html --out report.html\n"
    "  dedup analyze fixtures/kst-29325-157.txt --format csv --out tables/"
)
@input_options
@report_output_options
@display_options(
    "rich: the terminal report; json: the contract (schema_version 1); html: one "
    "self-contained page; md: Markdown; csv: three tables in the --out folder.",
    choices=("rich", "json", "html", "md", "csv"),
)
@click.option(
    "--only",
    type=click.Choice(["summary", "questions", "answers"]),
    default=None,
    help="Terminal report: show only this part.",
)
@click.option(
    "--pager/--no-pager",
    default=None,
    help="Page the terminal report (default: when it is taller than the terminal).",
)
@analysis_options
@strict_option
@lang_option
@decisions_option
def analyze(
    file: Path,
    max_size: float,
    layout: str | None,
    strict: bool,
    out: Path | None,
    force: bool,
    fmt: str,
    no_color: bool,
    only: str | None,
    pager: bool | None,
    question_threshold: float | None,
    paraphrase_threshold: float | None,
    answer_threshold: float | None,
    config: Path | None,
    lang: str = "nl",
    decisions: Path | None = None,
) -> None:
    """Find duplicate questions across fractions and answers reused between sections."""
    if only is not None and fmt != "rich":
        raise click.UsageError("--only applies to the terminal report (--format rich)")
    an = _analysis(
        file,
        max_size,
        no_color,
        question_threshold,
        paraphrase_threshold,
        answer_threshold,
        config,
        layout,
        lang,
    )
    an, _ = _reviewed(an, decisions)
    if fmt == "json":
        from dedup.render.to_json import render_analysis

        emit(render_analysis(an), out, force)
    elif fmt == "html":
        from dedup.render.to_html import render_html

        emit(render_html(an, lang), out, force)
    elif fmt == "md":
        from dedup.render.to_markdown import render_markdown

        emit(render_markdown(an, lang), out, force)
    elif fmt == "csv":
        from dedup.render.to_csv import render_csv

        _emit_folder(render_csv(an, lang), out, force)
    else:
        from dedup.render.to_terminal import render_summary

        show(
            lambda console: render_summary(an, console, only=only, lang=lang),
            out,
            force,
            no_color,
            width=120,
            pager=pager,
        )
    _exit_if_strict(strict, an.segmentation)


@cli.command(
    epilog="\b\nExamples:\n  dedup bundle fixtures/kst-29325-157.txt\n"
    "  dedup bundle fixtures/kst-29325-157.txt --merge paraphrase --out gebundeld.docx"
)
@input_options
@output_options
@click.option(
    "--merge",
    type=click.Choice(["near-identical", "paraphrase"]),
    default="near-identical",
    show_default=True,
    help="Merge near-identical clusters only (paraphrases are proposed, not merged), "
    "or paraphrase clusters too.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "docx"]),
    default=None,
    help="Markdown or Word; default: docx when --out ends in .docx, else md.",
)
@analysis_options
@decisions_option
@lang_option
def bundle(
    file: Path,
    max_size: float,
    layout: str | None,
    out: Path | None,
    force: bool,
    merge: str,
    fmt: str | None,
    question_threshold: float | None,
    paraphrase_threshold: float | None,
    answer_threshold: float | None,
    config: Path | None,
    decisions: Path | None = None,
    lang: str = "nl",
) -> None:
    """Bundle Part I into the clerk's question list: each duplicate once, under all askers.

    Questions stay in document order; a merged cluster appears where it was first asked,
    under a heading naming every fraction that asked it (`Vragen van de leden van de
    VVD- en D66-fractie`), with the other wordings' differing words. Markdown or DOCX.
    """
    from dedup.bundle import bundle as make_bundle

    fmt = fmt or ("docx" if out is not None and out.suffix.lower() == ".docx" else "md")
    if fmt == "docx" and out is None:
        raise click.UsageError("--format docx needs --out FILE.docx")
    an = _analysis(
        file,
        max_size,
        False,
        question_threshold,
        paraphrase_threshold,
        answer_threshold,
        config,
        layout,
        lang,
    )
    an, confirmed = _reviewed(an, decisions)
    result = make_bundle(an, merge=merge, confirmed=confirmed)
    if fmt == "docx":
        from dedup.render.to_docx import render_bundle_docx

        emit(render_bundle_docx(result, lang), out, force)
        return
    from dedup.render.to_markdown import render_bundle_markdown

    emit(render_bundle_markdown(result, lang), out, force)


@cli.command(
    epilog="\b\nExamples:\n  dedup fetch 29325-157\n"
    "  dedup fetch '21 501-32, nr. 1730' --format json --out a.json\n"
    "  dedup fetch 2023D06019 --offline"
)
@click.argument("ref")
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of downloaded documents (default: $XDG_CACHE_HOME/dedup or ~/.cache/dedup).",
)
@click.option("--offline", is_flag=True, help="Use only the cache; never download.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.05),
    default=READ_TIMEOUT_SECONDS,
    show_default=True,
    help="Seconds to wait for the server to connect or to send more data.",
)
@click.option(
    "--deadline",
    type=click.FloatRange(min=0.05),
    default=DOWNLOAD_SECONDS,
    show_default=True,
    help="Seconds one download may take in all (a server sending slowly is cut off).",
)
@max_size_option
@click.option("--out", type=click.Path(path_type=Path), help="As for dedup analyze.")
@click.option("--force", is_flag=True, help="Download again even if cached, and overwrite --out.")
@display_options(
    "As for dedup analyze: rich, json, html, md or csv.",
    choices=("rich", "json", "html", "md", "csv"),
)
@click.option(
    "--only",
    type=click.Choice(["summary", "questions", "answers"]),
    default=None,
    help="As for dedup analyze: show only this part of the terminal report.",
)
@click.option("--pager/--no-pager", default=None, help="As for dedup analyze.")
@click.option(
    "--layout",
    type=click.Choice(LAYOUT_CHOICES),
    default=None,
    help="The document's layout, if detection gets it wrong (default: detected).",
)
@analysis_options
@lang_option
@click.pass_context
def fetch(
    ctx: click.Context,
    ref: str,
    cache_dir: Path | None,
    offline: bool,
    timeout: float,
    deadline: float,
    max_size: float,
    out: Path | None,
    force: bool,
    fmt: str,
    no_color: bool,
    only: str | None,
    pager: bool | None,
    layout: str | None,
    question_threshold: float | None,
    paraphrase_threshold: float | None,
    answer_threshold: float | None,
    config: Path | None,
    lang: str = "nl",
) -> None:
    """Download a Kamerstuk or Tweede Kamer document (cached), then analyze it.

    REF: 29325-157, kst-29325-157, '29 325, nr. 157', 21501-32-1730 or 2023D06019.
    """
    from dedup.fetch import fetch as fetch_document

    if only is not None and fmt != "rich":
        raise click.UsageError("--only applies to the terminal report (--format rich)")
    path = fetch_document(
        ref,
        cache_dir=cache_dir,
        offline=offline,
        timeout=timeout,
        deadline=deadline,
        force=force,
        max_bytes=int(max_size * 2**20),
        report=lambda line: click.echo(line, err=True),
    )
    ctx.invoke(
        analyze,
        file=path,
        max_size=max_size,
        layout=layout,
        out=out,
        force=force,
        fmt=fmt,
        no_color=no_color,
        only=only,
        pager=pager,
        lang=lang,
        question_threshold=question_threshold,
        paraphrase_threshold=paraphrase_threshold,
        answer_threshold=answer_threshold,
        config=config,
    )


# `dedup corpus ...` (many documents in one database); the group imports only click.
from dedup.corpus.cli import corpus  # noqa: E402

cli.add_command(corpus)
