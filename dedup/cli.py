"""The `dedup` command: options -> library call -> renderer. The only module importing click.

Heavy libraries are imported inside the commands so that `dedup --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from dedup import __version__

F = TypeVar("F", bound=Callable[..., Any])

EXAMPLES = """
\b
Examples:
  dedup analyze fixtures/kst-29325-157.txt
  dedup analyze verslag.pdf --format json --out verslag.json
  dedup segment fixtures/kst-29325-157.txt
"""


class DedupGroup(click.Group):
    """Turns library errors into one line on stderr and exit code 2, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        from dedup.errors import DedupError

        try:
            return super().invoke(ctx)
        except DedupError as exc:
            click.echo(f"dedup: error: {exc}", err=True)
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
                f"dedup: internal error: {type(exc).__name__}: {exc} "
                "(set DEDUP_DEBUG=1 for a traceback, and please report it)",
                err=True,
            )
            ctx.exit(2)


def input_options(func: F) -> F:
    """Options every command reading a document shares."""
    func = click.option(
        "--max-size",
        type=click.FloatRange(min=0.001),
        default=32.0,
        show_default=True,
        help="Refuse inputs larger than this many MiB.",
    )(func)
    return click.argument("file", type=click.Path(dir_okay=False, path_type=Path))(func)


def output_options(func: F) -> F:
    func = click.option("--force", is_flag=True, help="Overwrite --out if it exists.")(func)
    return click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file (atomically) instead of standard output.",
    )(func)


def display_options(format_help: str) -> Callable[[F], F]:
    """`--format rich|json` and `--no-color`, shared by the commands that print a result."""

    def decorate(func: F) -> F:
        func = click.option(
            "--no-color", is_flag=True, help="No colour (also honoured: NO_COLOR)."
        )(func)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(["rich", "json"]),
            default="rich",
            show_default=True,
            help=format_help,
        )(func)

    return decorate


def _emit(text: str, out: Path | None, force: bool) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    from dedup.outputs import write_atomic

    write_atomic(out, text, force=force)
    click.echo(f"wrote {out}", err=True)


def _console(no_color: bool) -> Any:
    from rich.console import Console

    return Console(no_color=no_color or bool(os.environ.get("NO_COLOR")), highlight=False)


def _show(
    render: Callable[[Any], None], out: Path | None, force: bool, no_color: bool, *, width: int
) -> None:
    """Render to the terminal, or as plain text into --out."""
    if out is None:
        render(_console(no_color))
        return
    from rich.console import Console

    with Path(os.devnull).open("w") as sink:
        console = Console(record=True, width=width, no_color=True, file=sink)
        render(console)
    _emit(console.export_text(), out, force)


@click.group(cls=DedupGroup, epilog=EXAMPLES)
@click.version_option(__version__, prog_name="dedup")
def cli() -> None:
    """Find duplicate questions and reused answers in Dutch written consultations
    (verslag schriftelijk overleg): .txt, .pdf, .html/.xml and .docx."""


@cli.command(epilog="\b\nExample:\n  dedup segment fixtures/kst-29325-157.txt --format json")
@input_options
@output_options
@display_options("An outline for people, or the JSON contract for scripts.")
def segment(
    file: Path, max_size: float, out: Path | None, force: bool, fmt: str, no_color: bool
) -> None:
    """Split FILE into fractions, questions and answer passages, with their lines."""
    from dedup.pipeline import segment_file

    seg = segment_file(file, max_bytes=int(max_size * 2**20))
    if fmt == "json":
        from dedup.render.to_json import render_segmentation

        _emit(render_segmentation(seg), out, force)
        return
    from dedup.render.to_terminal import render_outline

    _show(lambda console: render_outline(seg, console), out, force, no_color, width=100)


@cli.command(
    epilog="\b\nExample:\n  dedup analyze fixtures/kst-29325-157.txt --format json --out a.json"
)
@input_options
@output_options
@display_options("A terminal summary, or the JSON contract (schema_version 1).")
@click.option(
    "--question-threshold",
    type=click.FloatRange(0, 1),
    default=None,
    help="Combined score for near-identical questions (default 0.85).",
)
@click.option(
    "--paraphrase-threshold",
    type=click.FloatRange(0, 1),
    default=None,
    help="Score with structural evidence for paraphrases (default 0.55).",
)
@click.option(
    "--answer-threshold",
    type=click.FloatRange(0, 100),
    default=None,
    help="fuzz.ratio for two answer sentences to count as one (default 85).",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Settings file (dedup.toml, or pyproject.toml with [tool.dedup]); "
    "default: the nearest one from the current folder up.",
)
def analyze(
    file: Path,
    max_size: float,
    out: Path | None,
    force: bool,
    fmt: str,
    no_color: bool,
    question_threshold: float | None,
    paraphrase_threshold: float | None,
    answer_threshold: float | None,
    config: Path | None,
) -> None:
    """Find duplicate questions across fractions and answers reused between sections."""
    from dedup.pipeline import analyze_file
    from dedup.settings import find_config, load_settings

    settings = load_settings(
        config or find_config(Path.cwd()),
        near_identical=question_threshold,
        paraphrase=paraphrase_threshold,
        sentence_ratio=answer_threshold,
    )
    an = analyze_file(file, settings, max_bytes=int(max_size * 2**20))
    if fmt == "json":
        from dedup.render.to_json import render_analysis

        _emit(render_analysis(an), out, force)
        return
    from dedup.render.to_terminal import render_summary

    _show(lambda console: render_summary(an, console), out, force, no_color, width=120)
