"""Click options and output helpers shared by `dedup` and `dedup corpus`.

Only click and the standard library are imported here, so `dedup --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from dedup.limits import MAX_INPUT_MIB

F = TypeVar("F", bound=Callable[..., Any])


def max_size_option(func: F) -> F:
    """`--max-size`: refuse inputs that cannot be one document."""
    return click.option(
        "--max-size",
        type=click.FloatRange(min=0.001),
        default=MAX_INPUT_MIB,
        show_default=True,
        help="Refuse inputs larger than this many MiB.",
    )(func)


def output_options(func: F) -> F:
    """`--out FILE` (written atomically) and `--force`."""
    func = click.option("--force", is_flag=True, help="Overwrite --out if it exists.")(func)
    return click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file (atomically) instead of standard output.",
    )(func)


def emit(text: str | bytes | Iterator[str], out: Path | None, force: bool) -> None:
    """Print `text`, or write it to `out` atomically (refusing to overwrite without force).
    `text` may be a text's pieces (a large corpus report), written as they come."""
    if out is None:
        if isinstance(text, bytes):
            raise click.UsageError("this format is binary: give --out FILE")
        if isinstance(text, str):
            sys.stdout.write(text)
        else:
            for piece in text:
                sys.stdout.write(piece)
        return
    if out.is_dir():
        raise click.UsageError(f"--out {out} is a folder; give a file name")
    from dedup.outputs import write_atomic

    write_atomic(out, text, force=force)
    click.echo(f"wrote {out}", err=True)


def console_for(no_color: bool, *, stderr: bool = False) -> Any:
    """A rich Console that honours --no-color and NO_COLOR."""
    from rich.console import Console

    return Console(
        no_color=no_color or bool(os.environ.get("NO_COLOR")), highlight=False, stderr=stderr
    )


def show(
    render: Callable[[Any], None],
    out: Path | None,
    force: bool,
    no_color: bool,
    *,
    width: int,
    pager: bool | None = False,
) -> None:
    """Render to the terminal (through a pager when asked, or by default when the output
    is taller than the terminal), or as plain text into --out."""
    if out is None:
        console = console_for(no_color)
        if not console.is_terminal or pager is False:
            render(console)
            return
        with console.capture() as capture:
            render(console)
        text = capture.get()
        if pager or text.count("\n") > console.height:
            import pydoc

            os.environ.setdefault("LESS", "FRX")  # keep colours; quit if it fits a screen
            pydoc.pager(text)
        else:
            console.file.write(text)
        return
    from rich.console import Console

    with Path(os.devnull).open("w") as sink:
        console = Console(record=True, width=width, no_color=True, file=sink)
        render(console)
    text = "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"
    emit(text, out, force)


def lang_option(func: F) -> F:
    """`--lang nl|en`: the language of the reports (JSON keys stay English)."""
    return click.option(
        "--lang",
        type=click.Choice(["nl", "en"]),
        default="nl",
        show_default=True,
        help="Language of the report (terminal, HTML, Markdown, CSV headers).",
    )(func)
