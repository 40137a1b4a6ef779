"""Thresholds and weights, validated on construction."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from dedup.errors import InvalidSettings


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Analysis thresholds. Scores are 0-1, rapidfuzz ratios 0-100.

    Defaults come from bench/quality.py on the sample; see the README for the figures.
    """

    near_identical: float = 0.85  # combined score for the same question in near-same words
    paraphrase: float = 0.55  # combined score plus structural evidence for the same need
    answer_evidence: float = 0.2  # bonus when two questions' answers are copies
    context_weight: float = 0.25  # weight of the preceding statements/topic in paraphrases
    min_lexical: float = 0.3  # below this base score no evidence makes two questions one
    # ... except copies of one answer under each of the two questions alone, which say
    # the ministry read them as one (nota fixture: a planted paraphrase at 0.29).
    min_lexical_one_answer: float = 0.2
    # A short question pointing back (`deze aanpak`) means what its context says: there
    # the context weighs this much (sample: 0.6 kept `deze signalen` look-alikes apart).
    pointing_context_weight: float = 0.6
    # Below this cosine of their referents two pointing-back questions point at different
    # things (sample: the two `Herkent de Staatssecretaris deze signalen?` sit at 0.2-0.3,
    # true pairs at 0.5 and above).
    min_referent: float = 0.45
    # Wanting the same kind of answer (a number, a moment, a reason) adds this; wanting
    # different kinds subtracts need_penalty. Sized so that it decides between two
    # clusters a member is close to (slaapzalen: 0.53 vs 0.56) but cannot make a pair.
    need_bonus: float = 0.05
    need_penalty: float = 0.1
    sentence_ratio: float = 85.0  # fuzz.ratio for two answer sentences to count as the same
    partial_coverage: float = 0.5  # share of an answer that must recur for partial reuse
    partial_chars: int = 250  # or: this many characters in 2+ sentences recur (a passage)
    top_k: int = 10  # candidates per item from the TF-IDF index

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "top_k":
                if not 1 <= value <= 1000:
                    raise InvalidSettings(None, f"top_k must be between 1 and 1000, not {value}")
            elif f.name == "partial_chars":
                if not 20 <= value <= 100_000:
                    raise InvalidSettings(
                        None, f"partial_chars must be between 20 and 100000, not {value}"
                    )
            elif f.name == "sentence_ratio":
                if not 0 <= value <= 100:
                    raise InvalidSettings(None, f"{f.name} must be between 0 and 100, not {value}")
            elif not 0 <= value <= 1:
                raise InvalidSettings(None, f"{f.name} must be between 0 and 1, not {value}")
        if self.paraphrase > self.near_identical:
            raise InvalidSettings(None, "paraphrase threshold must not exceed near_identical")


CONFIG_FILES = ("dedup.toml", "pyproject.toml")


def find_config(start: Path) -> Path | None:
    """The nearest dedup.toml, or pyproject.toml with a [tool.dedup] table, from `start` up."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name == "dedup.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "dedup" in _read_toml(path).get("tool", {})
    except InvalidSettings:
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InvalidSettings(str(path), f"cannot read settings ({exc})") from exc


def load_settings(config: Path | None = None, **overrides: float | int | None) -> Settings:
    """Defaults, then the config file's values, then `overrides` that are not None.

    In dedup.toml the keys sit at the top level or under [dedup]; in pyproject.toml under
    [tool.dedup]. Names are the Settings fields, with - or _ (`near-identical = 0.9`).
    """
    values: dict[str, Any] = {}
    if config is not None:
        data = _read_toml(config)
        table = data.get("tool", {}).get("dedup") if config.name == "pyproject.toml" else None
        if table is None:
            table = data.get("dedup", data)
        known = {f.name for f in fields(Settings)}
        for key, value in table.items():
            name = key.replace("-", "_")
            if name not in known:
                raise InvalidSettings(
                    str(config), f"unknown setting {key!r}; known: {', '.join(sorted(known))}"
                )
            values[name] = value
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**values)
    except TypeError as exc:
        raise InvalidSettings(str(config) if config else None, str(exc)) from exc
    except InvalidSettings as exc:
        raise InvalidSettings(str(config) if config else None, exc.problem) from exc
