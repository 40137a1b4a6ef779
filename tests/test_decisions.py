"""The clerk's review decisions applied by `bundle` and `analyze --decisions`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from dedup.cli import cli
from dedup.decisions import InvalidDecisions, apply_decisions, parse_decisions
from tests.conftest import ROOT, SAMPLE
from tests.test_analyze import analysis

SCHEMA = json.loads((ROOT / "dedup" / "schema" / "decisions.schema.json").read_text())


def decisions(*items: dict[str, Any], sha: str | None = None) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "document_sha256": sha or analysis().segmentation.document.sha256,
        "decisions": list(items),
    }


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    jsonschema.validate(data, SCHEMA)
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_split_and_attach_change_the_clusters() -> None:
    an = analysis()
    c = next(c for c in an.question_clusters if len(c.members) >= 3)
    once = next(q.id for q in an.segmentation.part_one() if q.id not in an.question_cluster_of)
    out = apply_decisions(
        an,
        parse_decisions(
            decisions(
                {"action": "split", "questions": [c.members[-1]]},
                {"action": "attach", "questions": [once, c.members[0]]},
            )
        ),
    )
    new = out.analysis
    assert c.members[-1] not in new.question_cluster_of
    home = new.question_cluster_of[c.members[0]]
    assert new.question_cluster_of[once] == home and home in out.confirmed
    members = next(x.members for x in new.question_clusters if x.id == home)
    assert set(members) == (set(c.members) - {c.members[-1]}) | {once}
    assert out.warnings == ()
    assert len(new.question_clusters) == len(an.question_clusters)


def test_other_documents_decisions_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, decisions(sha="0" * 64))
    result = CliRunner().invoke(cli, ["bundle", str(SAMPLE), "--decisions", str(path)])
    assert result.exit_code == 2
    assert "these decisions are for another document" in result.stderr
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr


def test_unknown_id_is_a_warning_and_the_rest_apply(tmp_path: Path) -> None:
    an = analysis()
    c = next(c for c in an.question_clusters if len(c.members) == 2)
    path = write(
        tmp_path,
        decisions(
            {"action": "split", "questions": ["VVD-q99"]},
            {"action": "split", "questions": [c.members[1]]},
        ),
    )
    result = CliRunner().invoke(
        cli, ["analyze", str(SAMPLE), "--format", "json", "--decisions", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert "warning" in result.stderr and "VVD-q99" in result.stderr
    data = json.loads(result.stdout)
    assert len(data["question_clusters"]) == len(an.question_clusters) - 1
    assert all(c.members[0] not in qc["members"] for qc in data["question_clusters"])


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"schema_version": 2, "document_sha256": "0" * 64, "decisions": []},
        {"schema_version": 1, "document_sha256": "abc", "decisions": []},
        {"schema_version": 1, "document_sha256": "0" * 64, "decisions": [{"action": "x"}]},
        {
            "schema_version": 1,
            "document_sha256": "0" * 64,
            "decisions": [{"action": "merge", "questions": ["VVD-q01"]}],
        },
    ],
)
def test_malformed_decisions_are_one_line_and_exit_2(tmp_path: Path, data: Any) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    with pytest.raises(InvalidDecisions):
        parse_decisions(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["bundle", str(SAMPLE), "--decisions", str(path)])
    assert result.exit_code == 2 and result.stderr.startswith("dedup: error: ")
    missing = CliRunner().invoke(cli, ["bundle", str(SAMPLE), "--decisions", "nope.json"])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
