"""The layout registry: one source for the CLI choices and the schemas; --layout is
honoured or refused with a reason, never replaced; the evidence is in the JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dedup.cli import cli
from dedup.errors import NoStructure
from dedup.layouts import NAMES, REGISTRY
from dedup.pipeline import segment_file
from tests.conftest import FIXTURES, ROOT

SAMPLE = FIXTURES / "kst-29325-157.txt"
NOTA = FIXTURES / "layouts" / "nota-naar-aanleiding.txt"


@pytest.mark.parametrize("schema", ["analysis", "segmentation"])
def test_schema_layout_enum_is_the_registry(schema: str) -> None:
    data = json.loads((ROOT / "dedup" / "schema" / f"{schema}.schema.json").read_text("utf-8"))
    document = data["$defs"]["document"]["properties"]
    assert document["layout"]["enum"] == list(NAMES)
    assert document["layout_evidence"]["properties"]["layout"]["enum"] == list(NAMES)


def test_cli_choices_are_the_registry() -> None:
    option = next(p for p in cli.commands["segment"].params if p.name == "layout")
    assert tuple(option.type.choices) == NAMES == tuple(REGISTRY)  # type: ignore[attr-defined]
    for name, layout in REGISTRY.items():
        assert layout.name == name
        assert isinstance(layout.one_asker, bool) and isinstance(layout.has_reply_part, bool)


def test_evidence_names_the_cues_and_the_runner_up() -> None:
    seg = segment_file(SAMPLE)
    e = seg.document.layout_evidence
    assert e is not None and e.layout == "verslag" and not e.forced
    assert any("Part II heading" in c for c in e.cues)
    assert e.runner_up == "inbreng" and e.runner_up_score < e.score


def test_forced_layout_is_honoured_not_relabelled() -> None:
    """--layout inbreng on a verslag reads Part I only (and says the reply was left out)."""
    seg = segment_file(SAMPLE, layout="inbreng")
    assert seg.document.layout == "inbreng"
    assert seg.answers == () and all(q.part == "I" for q in seg.questions)
    assert "reply-ignored" in {w.code for w in seg.warnings}
    e = seg.document.layout_evidence
    assert e is not None and e.forced


def test_forced_layout_without_its_cues_is_refused() -> None:
    with pytest.raises(NoStructure, match="--layout verslag: none of that layout's cues"):
        segment_file(NOTA, layout="verslag")
    result = CliRunner().invoke(cli, ["segment", str(NOTA), "--layout", "verslag"])
    assert result.exit_code == 2
    assert "reads as 'nota'" in result.output and len(result.output.strip().splitlines()) == 1
