"""The terminal report (rich): content on the fixture, 80 and 160 columns, with and
without colour, `--only`, NO_COLOR, the pager and the progress bar decision."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from dedup import cli as cli_module
from dedup import cli_common
from dedup.cli import cli, progress_wanted
from dedup.model import AnswerCluster, QuestionCluster
from dedup.render.to_terminal import render_summary
from dedup.stats import stats_dict
from tests.conftest import SAMPLE
from tests.test_analyze import analysis


def slaapzalen() -> QuestionCluster:
    an = analysis()
    qs = {q.id: q for q in an.segmentation.questions}
    return next(
        c
        for c in an.question_clusters
        if any(qs[m].text.startswith("Op welke termijn worden slaapzalen") for m in c.members)
    )


def dashboard() -> AnswerCluster:
    an = analysis()
    answers = {a.id: a for a in an.segmentation.answers}
    return next(
        c
        for c in an.answer_clusters
        if answers[c.members[0]].text.startswith("Eén van de indicatoren uit het Dashboard")
    )


def render(width: int, color: bool, only: str | None = None) -> tuple[str, str]:
    """The report as plain text and as ANSI text, from a recording console."""
    console = Console(
        record=True,
        width=width,
        file=io.StringIO(),
        force_terminal=color,
        color_system="truecolor" if color else None,
        no_color=not color,
    )
    render_summary(analysis(), console, only=only, lang="en")
    styled = console.export_text(styles=True, clear=False)
    return console.export_text(), styled


@pytest.mark.parametrize("color", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("width", [80, 160])
def test_report_fits_width_and_shows_clusters(width: int, color: bool) -> None:
    """Lines fit; summary, slaapzalen (VVD/D66 lines), Dashboard sections and overlap show."""
    an = analysis()
    text, styled = render(width, color)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    stats = stats_dict(an)
    stats_line = next(line for line in lines if "After bundling" in line)
    assert f"{stats['unique_information_needs']} unique information needs" in stats_line
    assert f"{stats['questions']} in Part I" in text
    assert "Which answers were reused where" in text
    assert "Shared questions" in text and "GL-PvdA" in text

    cluster = slaapzalen()
    qs = {q.id: q for q in an.segmentation.questions}
    heading = next(line for line in lines if line.startswith(cluster.id + " "))
    assert cluster.kind in heading
    start = lines.index(heading)
    end = lines.index("", start)
    block = "\n".join(lines[start:end])
    for m in cluster.members:
        assert f"{qs[m].fraction}" in block and f"line {qs[m].line}" in block
    assert {"VVD", "D66"} <= {qs[m].fraction for m in cluster.members}
    assert "line 50" in block and "line 105" in block

    dash = dashboard()
    answers = {a.id: a for a in an.segmentation.answers}
    start = next(i for i, line in enumerate(lines) if line.startswith(dash.id + " "))
    end = next(i for i, line in enumerate(lines[start + 1 :], start + 1) if line[:1] == "R")
    block = "\n".join(lines[start:end])
    assert "Eén van de indicatoren uit het Dashboard" in block
    for m in dash.members:
        a = answers[m]
        assert f"{a.line_start}-{a.line_end}" in block
        assert a.section_fraction in block
    assert "“de mate waarin” → “in hoeverre”" in block

    if color:
        assert re.search(r"\x1b\[[0-9;]*33[0-9;]*mHoeveel", styled), "added words in yellow"
        assert "{+Hoeveel+}" not in text
    else:
        assert "[-Hoe veel-] {+Hoeveel+}" in text


def test_only_narrows_the_report() -> None:
    """`only` shows one part: questions without the answer section, and the reverse."""
    questions, _ = render(100, False, only="questions")
    answers, _ = render(100, False, only="answers")
    summary, _ = render(100, False, only="summary")
    assert "Duplicate questions" in questions and "Which answers were reused" not in questions
    assert "Which answers were reused" in answers and "Duplicate questions" not in answers
    assert "unique information needs" in summary and "Duplicate questions ·" not in summary
    with pytest.raises(ValueError, match="only must be one of"):
        render_summary(analysis(), Console(file=io.StringIO()), only="everything")


def test_no_color_env_and_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR and --no-color both give a console without colour."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli_common.console_for(False).no_color is False
    assert cli_common.console_for(True).no_color is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli_common.console_for(False).no_color is True


def _fake_terminal(monkeypatch: pytest.MonkeyPatch, height: int) -> io.StringIO:
    """Make the CLI render to a 100×`height` terminal and reuse the cached analysis."""
    screen = io.StringIO()

    def console(no_color: bool, *, stderr: bool = False) -> Console:
        return Console(
            file=screen, force_terminal=True, width=100, height=height, no_color=no_color
        )

    monkeypatch.setattr(cli_common, "console_for", console)
    monkeypatch.setattr(cli_module, "_analysis", lambda *args: analysis())
    return screen


def test_pager_for_long_output_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal, long output is paged (unless --no-pager), short output is printed."""
    paged: list[str] = []
    monkeypatch.setattr("pydoc.pager", paged.append)
    screen = _fake_terminal(monkeypatch, height=30)
    result = CliRunner().invoke(cli, ["analyze", str(SAMPLE), "--only", "questions"])
    assert result.exit_code == 0, result.output
    assert len(paged) == 1 and "Dubbele vragen" in paged[0]
    assert screen.getvalue() == ""

    result = CliRunner().invoke(cli, ["analyze", str(SAMPLE), "--only", "questions", "--no-pager"])
    assert result.exit_code == 0 and len(paged) == 1
    assert "Dubbele vragen" in screen.getvalue()

    screen = _fake_terminal(monkeypatch, height=500)
    result = CliRunner().invoke(cli, ["analyze", str(SAMPLE), "--only", "summary"])
    assert result.exit_code == 0 and len(paged) == 1
    assert "unieke informatiebehoeften" in screen.getvalue()

    result = CliRunner().invoke(cli, ["analyze", str(SAMPLE), "--only", "summary", "--pager"])
    assert result.exit_code == 0 and len(paged) == 2


def test_progress_bar_only_for_long_inputs_on_a_terminal(tmp_path: Path) -> None:
    """The progress bar shows for the fixture on a terminal, not for a pipe or a small file."""
    small = tmp_path / "klein.txt"
    small.write_text("x\n", encoding="utf-8")
    assert progress_wanted(SAMPLE, True)
    assert not progress_wanted(SAMPLE, False)
    assert not progress_wanted(small, True)
    assert not progress_wanted(tmp_path / "missing.txt", True)


def test_plain_text_out_has_no_trailing_spaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`analyze --out FILE` writes the plain report, without trailing blanks or colour codes."""
    monkeypatch.setattr(cli_module, "_analysis", lambda *args: analysis())
    out = tmp_path / "summary.txt"
    result = CliRunner().invoke(cli, ["analyze", str(SAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Welke antwoorden waar zijn hergebruikt" in text and "\x1b[" not in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_progress_hears_counts_of_the_compare_stage() -> None:
    """The pipeline reports how many answers and questions it has compared, in order,
    which the CLI's rich bar shows as `144/340`."""
    from dedup.pipeline import analyze_segmentation
    from tests.conftest import sample_segmentation

    seg = sample_segmentation()
    heard: list[tuple[str, int, int]] = []
    analyze_segmentation(seg, progress=lambda step, done, total: heard.append((step, done, total)))
    total = len(seg.answers) + len(seg.part_one())
    # (the pairs scored within the question stage: tests/test_render_progress.py)
    assert [h for h in heard if h[0] != "pairs"] == [
        ("answers", 0, total),
        ("questions", len(seg.answers), total),
        ("clusters", total, total),
    ]
