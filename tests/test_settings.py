"""Settings: validated ranges, config files, precedence of command-line options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup.cli import cli
from dedup.errors import InvalidSettings
from dedup.settings import Settings, find_config, load_settings
from tests.conftest import SAMPLE


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"near_identical": 1.2}, "between 0 and 1"),
        ({"sentence_ratio": 101.0}, "between 0 and 100"),
        ({"top_k": 0}, "between 1 and 1000"),
        ({"paraphrase": 0.9, "near_identical": 0.8}, "must not exceed"),
    ],
)
def test_out_of_range_is_refused(kwargs: dict[str, float], message: str) -> None:
    """Each out-of-range value is refused with a message naming the allowed range."""
    with pytest.raises(InvalidSettings, match=message):
        Settings(**kwargs)  # type: ignore[arg-type]


def test_pyproject_tool_table_is_found_from_a_subfolder(tmp_path: Path) -> None:
    """[tool.dedup] in a parent pyproject.toml applies; a pyproject without it is skipped."""
    (tmp_path / "pyproject.toml").write_text(
        "[tool.dedup]\nnear-identical = 0.9\nparaphrase = 0.6\n", encoding="utf-8"
    )
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    found = find_config(sub)
    assert found == tmp_path / "pyproject.toml"
    settings = load_settings(found)
    assert (settings.near_identical, settings.paraphrase) == (0.9, 0.6)


def test_dedup_toml_and_overrides(tmp_path: Path) -> None:
    """dedup.toml values apply, and explicit overrides win over them."""
    config = tmp_path / "dedup.toml"
    config.write_text("[dedup]\nsentence_ratio = 90\ntop-k = 5\n", encoding="utf-8")
    settings = load_settings(config, sentence_ratio=80.0, paraphrase=None)
    assert settings.sentence_ratio == 80.0
    assert settings.top_k == 5
    assert settings.paraphrase == Settings().paraphrase


def test_unknown_key_names_the_file(tmp_path: Path) -> None:
    """A misspelt setting is an error naming the file and the known settings."""
    config = tmp_path / "dedup.toml"
    config.write_text("near_identicl = 0.9\n", encoding="utf-8")
    with pytest.raises(InvalidSettings, match="unknown setting 'near_identicl'") as info:
        load_settings(config)
    assert str(config) in str(info.value)


def test_cli_reads_config_and_reports_bad_one(tmp_path: Path) -> None:
    """`analyze --config` applies the file; a bad value gives one line and exit 2."""
    good = tmp_path / "dedup.toml"
    good.write_text("paraphrase = 0.85\nnear_identical = 0.99\n", encoding="utf-8")
    args = ["analyze", str(SAMPLE), "--format", "json"]
    strict = CliRunner().invoke(cli, [*args, "--config", str(good)])
    default = CliRunner().invoke(cli, args)
    assert strict.exit_code == default.exit_code == 0
    strict_n = len(json.loads(strict.output)["question_clusters"])
    default_n = len(json.loads(default.output)["question_clusters"])
    assert strict_n < default_n
    bad = tmp_path / "bad.toml"
    bad.write_text("paraphrase = 2\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(SAMPLE), "--config", str(bad)])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "between 0 and 1" in result.output


def test_every_setting_says_where_its_value_came_from() -> None:
    """Each Settings field carries a comment (on its line or right above it)."""
    import dataclasses

    import dedup.settings as module

    lines = Path(module.__file__).read_text(encoding="utf-8").splitlines()
    for f in dataclasses.fields(Settings):
        at = next(i for i, ln in enumerate(lines) if ln.strip().startswith(f"{f.name}:"))
        above = lines[at - 1].strip()
        assert "#" in lines[at] or above.startswith("#"), f.name


def test_corpus_parameters_derive_from_settings() -> None:
    """The corpus index takes its thresholds and weights from Settings, not its own."""
    from dedup.corpus.index import IndexParams

    custom = Settings(near_identical=0.9, sentence_ratio=80.0, cosine_weight=0.5)
    params = IndexParams.from_settings(custom)
    assert (params.question_threshold, params.sentence_ratio) == (0.9, 80.0)
    back = params.settings()
    assert (back.near_identical, back.sentence_ratio, back.cosine_weight) == (0.9, 80.0, 0.5)
    default = IndexParams()
    assert default.settings().near_identical == Settings().near_identical
