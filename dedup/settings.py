"""Thresholds and weights, validated on construction."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from dedup.errors import InvalidSettings


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Every threshold and weight of the analysis. Scores are 0-1, rapidfuzz ratios 0-100.

    Each comment says where the value came from: bench/quality.py (the sample, its
    partial gold, the sample re-wrapped and interleaved, the hand-made layout documents),
    or the reasoning when no measurement decides it. The corpus index derives its
    parameters from these (dedup.corpus.index.IndexParams.from_settings).
    """

    # -- question pairs: the word score (similarity/scores.py) ------------------------
    # score = cosine_weight x TF-IDF cosine + ordered_weight x max(ratio, token_sort)
    # + set_weight x token_set_ratio; the cosine carries inflection and compounds, the
    # ratios word order and containment (first bench, kept: 0.6/0.4 without the cosine
    # lost paraphrases with different word forms).
    cosine_weight: float = 0.4
    ordered_weight: float = 0.3  # (see cosine_weight)
    set_weight: float = 0.3  # (see cosine_weight)
    near_identical: float = 0.85  # word score of the same question in near-same words
    paraphrase: float = 0.55  # combined score plus structural evidence for the same need
    # Average link of two groups, as a share of `paraphrase`, for them to merge: a third
    # question may not chain two unrelated ones (first bench: 0.9 kept purity at 0.94).
    average_link: float = 0.9
    # -- candidates (similarity/candidates.py) ----------------------------------------
    top_k: int = 10  # candidates per item from the TF-IDF index
    candidate_cosine: float = 0.1  # own words: below this nothing is shared but stopwords
    # Surroundings (topic + statement + question) share more words by nature, so their
    # floor is higher (first bench: 0.2 found the context paraphrases without doubling
    # the candidate count).
    context_candidate_cosine: float = 0.2
    # Word n-grams weigh 0.7 of character n-grams in the TF-IDF rows: characters carry
    # compounds and inflection (dakloosheid / dakloze), words carry exact phrasing.
    word_ngram_weight: float = 0.7
    # -- structural evidence (compare.py) ---------------------------------------------
    answer_evidence: float = 0.2  # bonus when two questions' answers are copies
    # Copies of one answer that each answer this one question alone: the ministry read
    # the two as one question (stronger than copies answering a block of siblings).
    one_answer_evidence: float = 0.3
    # Answers count as copies for that evidence when verbatim, near-verbatim, or when at
    # least this share of each recurs in the other.
    shared_answer_coverage: float = 0.5
    context_weight: float = 0.25  # weight of the preceding statements/topic in paraphrases
    min_lexical: float = 0.3  # below this base score no evidence makes two questions one
    # ... except copies of one answer under each of the two questions alone, which say
    # the ministry read them as one (nota fixture: a planted paraphrase at 0.29).
    min_lexical_one_answer: float = 0.2
    # A short question pointing back (`deze aanpak`) means what its context says: there
    # the context weighs this much (sample: 0.6 kept `deze signalen` look-alikes apart).
    pointing_context_weight: float = 0.6
    # Two requests to react to what was said (`Kan de Minister hierop reageren?`, `... op
    # deze verschillende cijfers reageren?`): their words are the frame, so the statements
    # they react to weigh this much (sample: the CBS-figures pair of CDA and
    # GroenLinks-PvdA; hand-made test verslag; min_referent still keeps reactions to
    # different statements apart).
    reaction_context_weight: float = 0.8
    # A pointing-back main question is short; longer ones say themselves what they mean.
    pointing_max_words: int = 14
    # Below this cosine of their referents two pointing-back questions point at different
    # things (sample: the two `Herkent de Staatssecretaris deze signalen?` sit at 0.2-0.3,
    # true pairs at 0.5 and above).
    min_referent: float = 0.45
    # Wanting the same kind of answer (a number, a moment, a reason) adds this; wanting
    # different kinds subtracts need_penalty. Sized so that it decides between two
    # clusters a member is close to (slaapzalen: 0.53 vs 0.56) but cannot make a pair.
    need_bonus: float = 0.05
    need_penalty: float = 0.1  # (see need_bonus)
    # -- answer reuse (similarity/reuse.py) -------------------------------------------
    sentence_ratio: float = 85.0  # fuzz.ratio for two answer sentences to count as the same
    # Sentences shorter than this are not aligned alone ("Ja.", "Dat klopt."): they
    # recur everywhere without being reuse.
    min_sentence_chars: int = 20
    sentence_top_k: int = 12  # candidate sentences per sentence (a passage pasted 12x)
    # TF-IDF floor for two sentences to be compared at all; fuzz.ratio 85 needs far more
    # shared n-grams than this, so it only saves work.
    sentence_candidate_cosine: float = 0.45
    # Verbatim: everything covered at (almost) identical sentence ratio; the slack is
    # for typography that comparison forms do not fold.
    verbatim_coverage: float = 0.99
    verbatim_ratio: float = 99.5  # (see verbatim_coverage)
    near_verbatim_coverage: float = 0.8  # share of each answer covered for near-verbatim
    partial_coverage: float = 0.5  # share of an answer that must recur for partial reuse
    partial_chars: int = 250  # or: this many characters in 2+ sentences recur (a passage)
    # -- answer clusters (cluster.py) -------------------------------------------------
    # A connected group of more than `cohesive_size` answers with density below
    # `cohesive_density` is split by Louvain communities: a passage copied into two
    # otherwise different answers must not bridge their clusters.
    cohesive_size: int = 3
    cohesive_density: float = 0.6  # (see cohesive_size)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            lo, hi = _RANGES.get(f.name, (0, 1))
            if not lo <= value <= hi:
                raise InvalidSettings(None, f"{f.name} must be between {lo} and {hi}, not {value}")
        if self.paraphrase > self.near_identical:
            raise InvalidSettings(None, "paraphrase threshold must not exceed near_identical")


# Ranges of the settings that are not scores in 0-1.
_RANGES: dict[str, tuple[float, float]] = {
    "top_k": (1, 1000),
    "sentence_top_k": (1, 1000),
    "partial_chars": (20, 100_000),
    "min_sentence_chars": (1, 1000),
    "pointing_max_words": (1, 100),
    "cohesive_size": (2, 1000),
    "sentence_ratio": (0, 100),
    "verbatim_ratio": (0, 100),
}


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
    import tomllib  # only when a settings file is read (0.01 s to import)

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
