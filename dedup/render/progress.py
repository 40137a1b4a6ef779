"""The analysis' progress on a terminal: a rich bar per stage, with counts while the
question pairs are scored (`vragenparen vergelijken ━━━━╸━━ 1.234/5.678`).

Nothing is drawn when the console is not a terminal (a pipe, a file, CI): the callback
is then a no-op and the output holds no control sequences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from dedup.render.messages import DEFAULT_LANGUAGE, messages

Advance = Callable[[str, int, int], None]


@contextmanager
def stage_bar(console: Any, file_name: str, lang: str = DEFAULT_LANGUAGE) -> Iterator[Advance]:
    """A `progress(step, done, total)` callback for `dedup.pipeline.analyze_segmentation`
    that draws a bar on `console` (transient: it is gone when the analysis is done)."""
    if not console.is_terminal:
        yield lambda _step, _done, _total: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    m = messages(lang)
    steps = {step: m(f"progress.{step}") for step in ("answers", "questions", "pairs", "clusters")}
    columns = (
        SpinnerColumn(),
        # The description holds a file name: shown as text, never parsed as markup.
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(m("progress.reading", file=file_name), total=None)

        def advance(step: str, done: int, total: int) -> None:
            # Drawn at once: the pairs are reported about a hundred times in all, and the
            # display thread alone (ten times a second) would skip short stages.
            bar.update(task, description=steps[step], completed=done, total=total, refresh=True)

        yield advance
