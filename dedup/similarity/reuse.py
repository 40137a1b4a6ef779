"""Answer reuse by sentence alignment: whole copies and passages inside longer answers.

Paragraph-level cosine misses a paragraph pasted inside a longer answer; matching
sentences and measuring how much of each answer they cover does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from dedup.parse.normalize import comparison_form
from dedup.parse.sentences import split_sentences
from dedup.settings import Settings
from dedup.similarity.candidates import tfidf_matrix, top_k_pairs_of_copies

_DEFAULT = Settings()


@dataclass(frozen=True, slots=True)
class Reuse:
    """How answers `a` and `b` share text: the share of each covered, and the kind."""

    a: int
    b: int
    coverage_a: float
    coverage_b: float
    similarity: float  # mean fuzz.ratio of the matched sentences, 0-100
    kind: str  # verbatim | near-verbatim | partial


def _sentences(text: str, min_chars: int) -> list[str]:
    forms = [comparison_form(s.text) for s in split_sentences(text)]
    return [f for f in forms if len(f) >= min_chars] or [comparison_form(text)]


def find_reuse(texts: Sequence[str], settings: Settings = _DEFAULT) -> list[Reuse]:
    """Pairs of answers that share sentences, classified by how much they share."""
    owners: list[tuple[int, int]] = []
    forms: list[str] = []
    per_answer: list[list[str]] = []
    for i, text in enumerate(texts):
        sents = _sentences(text, settings.min_sentence_chars)
        per_answer.append(sents)
        for k, s in enumerate(sents):
            owners.append((i, k))
            forms.append(s)
    if len(forms) < 2:
        return []
    # Copied answers repeat sentences: the candidates are ranked once per distinct sentence.
    pairs = top_k_pairs_of_copies(
        tfidf_matrix(forms, word_weight=settings.word_ngram_weight),
        forms,
        k=settings.sentence_top_k,
        min_cosine=settings.sentence_candidate_cosine,
    )
    # The sentences of two answers; the ratios of those not equal in one rapidfuzz call.
    between = [(u, v) for u, v in pairs if owners[u][0] != owners[v][0]]
    differ = [(u, v) for u, v in between if forms[u] != forms[v]]
    ratio_of = dict(zip(differ, _ratios(differ, forms), strict=True))
    matched: dict[tuple[int, int], dict[str, dict[int, float]]] = {}
    for u, v in between:
        (ia, ka), (ib, kb) = owners[u], owners[v]
        ratio = ratio_of.get((u, v), 100.0)
        if ratio < settings.sentence_ratio:
            continue
        if ia > ib:
            ia, ib, ka, kb = ib, ia, kb, ka
        m = matched.setdefault((ia, ib), {"a": {}, "b": {}})
        m["a"][ka] = max(m["a"].get(ka, 0.0), ratio)
        m["b"][kb] = max(m["b"].get(kb, 0.0), ratio)
    out: list[Reuse] = []
    for (ia, ib), m in sorted(matched.items()):
        cov_a = _coverage(per_answer[ia], m["a"])
        cov_b = _coverage(per_answer[ib], m["b"])
        ratios = list(m["a"].values()) + list(m["b"].values())
        sim = sum(ratios) / len(ratios)
        shared_chars = min(
            sum(len(per_answer[ia][k]) for k in m["a"]), sum(len(per_answer[ib][k]) for k in m["b"])
        )
        # Every sentence lightly reworded ("ongeveer" -> "circa"): few sentences match
        # on their own, but the passages as wholes still do.
        whole = fuzz.ratio(" ".join(per_answer[ia]), " ".join(per_answer[ib]))
        kind = reuse_kind(cov_a, cov_b, sim, len(m["a"]), shared_chars, settings, whole=whole)
        if kind == "near-verbatim" and min(cov_a, cov_b) < settings.near_verbatim_coverage:
            cov_a, cov_b, sim = 1.0, 1.0, whole
        if kind is not None:
            out.append(Reuse(ia, ib, round(cov_a, 3), round(cov_b, 3), round(sim, 1), kind))
    return out


def _ratios(pairs: list[tuple[int, int]], forms: list[str]) -> list[float]:
    """`fuzz.ratio(forms[u], forms[v])` of each pair: `process.cpdist` runs the same scorer
    over the two lists in C, without a Python call per pair."""
    if not pairs:
        return []
    scores = process.cpdist(
        [forms[u] for u, _ in pairs],
        [forms[v] for _, v in pairs],
        scorer=fuzz.ratio,
        dtype=np.float64,  # cpdist's default float32 would round the ratios
    )
    out: list[float] = scores.tolist()
    return out


def _coverage(sentences: list[str], matched: dict[int, float]) -> float:
    total = sum(len(s) for s in sentences) or 1
    return sum(len(sentences[k]) for k in matched) / total


def reuse_kind(
    cov_a: float,
    cov_b: float,
    sim: float,
    shared: int,
    shared_chars: int,
    settings: Settings = _DEFAULT,
    *,
    whole: float | None = None,
) -> str | None:
    """verbatim | near-verbatim | partial | None, for a document and for the corpus.

    `cov_a`, `cov_b`: share of each answer covered by matched sentences; `sim`: their
    mean fuzz.ratio; `shared`: matched sentences; `shared_chars`: their characters;
    `whole`: fuzz.ratio of the two answers as wholes, when known.
    """
    full = settings.verbatim_coverage
    if cov_a >= full and cov_b >= full and sim >= settings.verbatim_ratio:
        return "verbatim"
    near = settings.near_verbatim_coverage
    if cov_a >= near and cov_b >= near:
        return "near-verbatim"
    # One answer mostly inside the other, or a substantial run of shared sentences.
    most = max(cov_a, cov_b)
    if most >= settings.partial_coverage and (shared >= 2 or most >= near):
        return "partial"
    if whole is not None and whole >= settings.sentence_ratio:
        return "near-verbatim"
    if shared >= 2 and shared_chars >= settings.partial_chars:
        # A passage of several sentences pasted into answers that are otherwise
        # different: reuse, however small a share of either answer it is.
        return "partial"
    return None
