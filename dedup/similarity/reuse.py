"""Answer reuse by sentence alignment: whole copies and passages inside longer answers.

Paragraph-level cosine misses a paragraph pasted inside a longer answer; matching
sentences and measuring how much of each answer they cover does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from dedup.parse.normalize import comparison_form
from dedup.parse.sentences import split_sentences
from dedup.similarity.candidates import tfidf_matrix, top_k_pairs_of_copies


@dataclass(frozen=True, slots=True)
class Reuse:
    """How answers `a` and `b` share text: the share of each covered, and the kind."""

    a: int
    b: int
    coverage_a: float
    coverage_b: float
    similarity: float  # mean fuzz.ratio of the matched sentences, 0-100
    kind: str  # verbatim | near-verbatim | partial


def _sentences(text: str) -> list[str]:
    forms = [comparison_form(s.text) for s in split_sentences(text)]
    return [f for f in forms if len(f) >= 20] or [comparison_form(text)]


def find_reuse(
    texts: Sequence[str],
    *,
    sentence_threshold: float = 85.0,
    near_verbatim_coverage: float = 0.8,
    partial_coverage: float = 0.5,
    partial_chars: int = 250,
) -> list[Reuse]:
    """Pairs of answers that share sentences, classified by how much they share."""
    owners: list[tuple[int, int]] = []
    forms: list[str] = []
    per_answer: list[list[str]] = []
    for i, text in enumerate(texts):
        sents = _sentences(text)
        per_answer.append(sents)
        for k, s in enumerate(sents):
            owners.append((i, k))
            forms.append(s)
    if len(forms) < 2:
        return []
    # Copied answers repeat sentences: the candidates are ranked once per distinct sentence.
    pairs = top_k_pairs_of_copies(tfidf_matrix(forms), forms, k=12, min_cosine=0.45)
    matched: dict[tuple[int, int], dict[str, dict[int, float]]] = {}
    for (u, v), _cos in pairs.items():
        (ia, ka), (ib, kb) = owners[u], owners[v]
        if ia == ib:
            continue
        ratio = 100.0 if forms[u] == forms[v] else fuzz.ratio(forms[u], forms[v])
        if ratio < sentence_threshold:
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
        kind = _kind(cov_a, cov_b, sim, near_verbatim_coverage, partial_coverage, len(m["a"]))
        if kind is None:
            # Every sentence lightly reworded ("ongeveer" -> "circa"): few sentences
            # match on their own, but the passages as wholes still do.
            whole = fuzz.ratio(" ".join(per_answer[ia]), " ".join(per_answer[ib]))
            if whole >= sentence_threshold:
                kind, cov_a, cov_b, sim = "near-verbatim", 1.0, 1.0, whole
        if kind is None and len(m["a"]) >= 2 and shared_chars >= partial_chars:
            # A passage of several sentences pasted into answers that are otherwise
            # different: reuse, however small a share of either answer it is.
            kind = "partial"
        if kind is not None:
            out.append(Reuse(ia, ib, round(cov_a, 3), round(cov_b, 3), round(sim, 1), kind))
    return out


def _coverage(sentences: list[str], matched: dict[int, float]) -> float:
    total = sum(len(s) for s in sentences) or 1
    return sum(len(sentences[k]) for k in matched) / total


def _kind(
    cov_a: float, cov_b: float, sim: float, near: float, partial: float, shared: int
) -> str | None:
    if cov_a >= 0.99 and cov_b >= 0.99 and sim >= 99.5:
        return "verbatim"
    if cov_a >= near and cov_b >= near:
        return "near-verbatim"
    # One answer mostly inside the other, or a substantial run of shared sentences.
    if max(cov_a, cov_b) >= partial and (shared >= 2 or max(cov_a, cov_b) >= near):
        return "partial"
    return None
