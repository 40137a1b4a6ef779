"""The progress bar: on a terminal the compare stage shows a real bar with the question
pairs scored out of all; off a terminal nothing is drawn."""

from __future__ import annotations

import io
import itertools
import re

from click.testing import CliRunner
from rich.console import Console

from dedup.cli import cli
from dedup.compare import compare_answers, question_candidates
from dedup.pipeline import analyze_segmentation
from dedup.render.progress import stage_bar
from dedup.settings import Settings
from tests.conftest import SAMPLE, sample_segmentation


def _pairs_in_all() -> int:
    seg = sample_segmentation()
    settings = Settings()
    reuse = compare_answers(seg.answers, settings)
    return len(question_candidates(seg.part_one(), settings, seg.answers, reuse))


def test_compare_stage_reports_pairs_scored_out_of_all() -> None:
    """The pipeline reports the scored pairs as they go: from 0 to every candidate pair,
    never backwards, in about a hundred steps (not once per pair)."""
    heard: list[tuple[str, int, int]] = []
    analyze_segmentation(sample_segmentation(), progress=lambda *a: heard.append(a))
    pairs = [(done, total) for step, done, total in heard if step == "pairs"]
    total = _pairs_in_all()
    assert total > 1000
    assert pairs[0] == (0, total) and pairs[-1] == (total, total)
    assert all(a[0] < b[0] for a, b in itertools.pairwise(pairs))
    assert 50 <= len(pairs) <= 110
    assert [s for s, _, _ in heard if s != "pairs"] == ["answers", "questions", "clusters"]


def test_terminal_shows_a_bar_with_counts() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100, color_system=None)
    with stage_bar(console, "verslag.txt") as advance:
        analyze_segmentation(sample_segmentation(), progress=advance)
    text = buffer.getvalue()
    total = _pairs_in_all()
    assert "vragenparen vergelijken" in text
    assert f"{total}/{total}" in text  # rich writes the counts without grouping
    assert "━" in text  # the bar itself
    english = io.StringIO()
    console = Console(file=english, force_terminal=True, width=100, color_system=None)
    with stage_bar(console, "verslag.txt", "en") as advance:
        advance("pairs", 5, 10)
    assert "comparing question pairs" in english.getvalue()
    assert re.search(r"\b5/10\b", english.getvalue())


def test_no_bar_when_not_a_terminal() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False, width=100)
    with stage_bar(console, "verslag.txt") as advance:
        analyze_segmentation(sample_segmentation(), progress=advance)
    assert buffer.getvalue() == ""
    result = CliRunner().invoke(cli, ["analyze", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0 and result.stderr == ""
