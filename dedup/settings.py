"""Thresholds and weights, validated on construction."""

from __future__ import annotations

from dataclasses import dataclass, fields

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
    sentence_ratio: float = 85.0  # fuzz.ratio for two answer sentences to count as the same
    partial_coverage: float = 0.5  # share of an answer that must recur for partial reuse
    top_k: int = 10  # candidates per item from the TF-IDF index

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "top_k":
                if not 1 <= value <= 1000:
                    raise InvalidSettings(None, f"top_k must be between 1 and 1000, not {value}")
            elif f.name == "sentence_ratio":
                if not 0 <= value <= 100:
                    raise InvalidSettings(None, f"{f.name} must be between 0 and 100, not {value}")
            elif not 0 <= value <= 1:
                raise InvalidSettings(None, f"{f.name} must be between 0 and 1, not {value}")
        if self.paraphrase > self.near_identical:
            raise InvalidSettings(None, "paraphrase threshold must not exceed near_identical")
