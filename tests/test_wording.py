"""Messages and views that said the wrong thing: plurals, limits, empty tables, and
corpus views and charts that cut names."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from dedup.cli import cli
from dedup.corpus.plots import render_chart
from tests.conftest import FIXTURES, SAMPLE


def test_size_limit_below_one_mib_is_written_as_given(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["segment", str(SAMPLE), "--max-size", "0.01"])
    assert result.exit_code == 2
    assert "above the 0.01 MiB limit" in result.stderr


def test_segment_of_a_lijst_has_no_empty_fractions_table() -> None:
    lijst = FIXTURES / "layouts" / "lijst-vragen-antwoorden.txt"
    result = CliRunner().invoke(cli, ["segment", str(lijst), "--no-color"])
    assert result.exit_code == 0, result.output
    assert "indeling lijst" in result.output
    assert "Fractie" not in result.output and "Niet gekoppeld" not in result.output
    english = CliRunner().invoke(cli, ["segment", str(lijst), "--no-color", "--lang", "en"])
    expected = json.loads(lijst.with_suffix(".expected.json").read_text(encoding="utf-8"))
    n = expected["question_count"]
    assert f"no fractions (questions from: commissie) · {n} questions" in english.output
    assert "0 fractions" not in english.output


def test_one_warning_is_singular(tmp_path: Path) -> None:
    """A document with exactly one segmentation warning says `1 waarschuwing`."""
    text = SAMPLE.read_text(encoding="utf-8")
    # Cut inside the reply: the last fraction's answers are missing, one warning each.
    lines = text.splitlines(keepends=True)
    found = None
    for cut in range(len(lines) - 1, len(lines) - 400, -1):
        path = tmp_path / "cut.txt"
        path.write_text("".join(lines[:cut]), encoding="utf-8")
        result = CliRunner().invoke(cli, ["segment", str(path), "--no-color"])
        if re.search(r"^1 waarschuwing$", result.output, flags=re.MULTILINE):
            found = result.output
            break
    assert found is not None and "1 waarschuwingen" not in found


def test_corpus_add_with_every_input_unusable_does_not_mention_others(tmp_path: Path) -> None:
    empty = tmp_path / "leeg.txt"
    empty.write_text("", encoding="utf-8")
    db = tmp_path / "c.sqlite"
    result = CliRunner().invoke(cli, ["corpus", "add", str(empty), "--db", str(db)])
    assert result.exit_code == 2
    assert "1 of 1 inputs could not be added" in result.stderr
    assert "the others" not in result.stderr


def test_corpus_list_and_report_at_80_columns_keep_names_and_headers(tmp_path: Path) -> None:
    name = "kst-29325-157-verslag-schriftelijk-overleg-dakloosheid.txt"
    shutil.copy(SAMPLE, tmp_path / name)
    db = tmp_path / "c.sqlite"
    added = CliRunner().invoke(cli, ["corpus", "add", str(tmp_path / name), "--db", str(db)])
    assert added.exit_code == 0, added.output
    env = {"COLUMNS": "80"}
    listed = CliRunner().invoke(cli, ["corpus", "list", "--db", str(db), "--no-color"], env=env)
    assert listed.exit_code == 0, listed.output
    assert max(len(line) for line in listed.stdout.splitlines()) <= 80
    rows = [line.split("│") for line in listed.stdout.splitlines() if line.startswith("│")]
    assert "".join(cells[2].strip() for cells in rows) == name
    assert listed.stdout.startswith("1 document in ")
    for header in ("questions", "answers", "ministry"):
        assert header in listed.stdout
    assert "…" not in listed.stdout
    for lang, headers, next_title in (
        (
            "nl",
            ("dubbel", "eerder", "gesteld", "woorden", "antwoord", "herhaald", "andere"),
            "Meest",
        ),
        ("en", ("duplicate", "before", "answer", "words", "reused", "from", "other"), "Most"),
    ):
        report = CliRunner().invoke(
            cli, ["corpus", "report", "--db", str(db), "--no-color", "--lang", lang], env=env
        )
        assert report.exit_code == 0, report.output
        assert max(len(line) for line in report.stdout.splitlines()) <= 80
        for header in headers:
            assert header in report.stdout
        assert "…" not in report.stdout.split(next_title)[0]


def test_overlap_heatmap_has_whole_number_ticks_and_full_names() -> None:
    names = ["VVD", "D66", "GroenLinks-PvdA", "ChristenUnie"]
    overlap = {
        f: {g: (0 if f == g else 1 + (i + j) % 2) for j, g in enumerate(names)}
        for i, f in enumerate(names)
    }
    report = {"fraction_overlap": overlap, "trends": {}}
    svg = render_chart(report, "fraction_overlap", "svg").decode("utf-8")
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert labels.count("GroenLinks-PvdA") == 2
    ticks = [t for t in labels if re.fullmatch(r"[\d.,−-]+", t)]
    assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), ticks
    assert re.search(r'viewBox="0 0 [\d.]+ [\d.]+"', svg)
