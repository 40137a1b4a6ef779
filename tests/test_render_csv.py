"""The CSV tables load back (csv module, as pandas or R would) with the JSON's counts."""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dedup import cli as cli_module
from dedup.cli import cli
from dedup.render.to_csv import CSV_FILES, render_csv
from dedup.render.to_json import analysis_dict
from tests.conftest import SAMPLE
from tests.test_analyze import analysis
from tests.test_render_terminal import dashboard, slaapzalen


@cache
def tables() -> dict[str, list[dict[str, str]]]:
    return {
        name: list(csv.DictReader(io.StringIO(text)))
        for name, text in render_csv(analysis(), "en").items()
    }


@cache
def json_data() -> dict[str, Any]:
    return analysis_dict(analysis())


def test_counts_match_the_json() -> None:
    """Rows per table equal the JSON's questions, answers and cluster memberships."""
    data = json_data()
    t = tables()
    assert set(t) == set(CSV_FILES)
    assert len(t["questions.csv"]) == len(data["questions"])
    assert len(t["answers.csv"]) == len(data["answers"])
    memberships = sum(len(c["members"]) for c in data["question_clusters"]) + sum(
        len(c["members"]) for c in data["answer_clusters"]
    )
    assert len(t["clusters.csv"]) == memberships
    by_type = [r["type"] for r in t["clusters.csv"]]
    assert by_type.count("question") == sum(len(c["members"]) for c in data["question_clusters"])


def test_fields_agree_with_the_json() -> None:
    """Ids, lines, clusters and texts are the JSON's values, question by question."""
    data = json_data()
    for row, q in zip(tables()["questions.csv"], data["questions"], strict=True):
        assert row["id"] == q["id"] and int(row["line"]) == q["line"]
        assert row["cluster"] == (q["cluster"] or "")
        assert row["text"] == q["text"]
    for row, a in zip(tables()["answers.csv"], data["answers"], strict=True):
        assert row["answers_questions"].split(";") == (a["answers_questions"] or [""])
        assert row["cluster"] == (a["cluster"] or "")


def test_slaapzalen_and_dashboard_memberships() -> None:
    """clusters.csv has slaapzalen's VVD/D66 rows with lines and every Dashboard section."""
    rows = tables()["clusters.csv"]
    sl = [r for r in rows if r["cluster"] == slaapzalen().id]
    assert {(r["fraction"], r["line_start"]) for r in sl} >= {("VVD", "50"), ("D66", "105")}
    assert all(r["type"] == "question" and r["kind"] == slaapzalen().kind for r in sl)
    dash = [r for r in rows if r["cluster"] == dashboard().id]
    assert [r["position"] for r in dash] == [str(i) for i in range(1, len(dash) + 1)]
    assert {r["fraction"] for r in dash} == set(dashboard().fractions)
    assert dash[0]["similarity_to_first"] == "" and all(r["similarity_to_first"] for r in dash[1:])


def test_utf8_header_and_newlines() -> None:
    """Every table starts with its header and ends lines with \\n; Dutch characters survive."""
    files = render_csv(analysis(), "en")
    assert files["questions.csv"].startswith("id,fraction,part,line,")
    assert "\r" not in files["answers.csv"]
    assert "Eén van de indicatoren" in files["answers.csv"]


def test_cli_writes_folder_and_refuses_existing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--format csv --out DIR` writes three files; if any exists it refuses without --force."""
    monkeypatch.setattr(cli_module, "_analysis", lambda *args: analysis())
    out = tmp_path / "tables"
    args = ["analyze", str(SAMPLE), "--format", "csv", "--out", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(CSV_FILES)
    (out / "questions.csv").unlink()
    refused = CliRunner().invoke(cli, args)
    assert (
        refused.exit_code == 2 and "answers.csv" in refused.output and "--force" in refused.output
    )
    assert not (out / "questions.csv").exists(), "nothing is written when one file is refused"
    assert CliRunner().invoke(cli, [*args, "--force"]).exit_code == 0
    assert (out / "questions.csv").read_text(encoding="utf-8") == render_csv(analysis())[
        "questions.csv"
    ]
    missing = CliRunner().invoke(cli, args[:4])
    assert missing.exit_code == 2 and "--out FOLDER" in missing.output
