"""Answer reuse by sentence alignment: whole copies and passages inside longer answers.

Paragraph-level cosine misses a paragraph pasted inside a longer answer; matching
sentences and measuring how much of each answer they cover does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from dedup.collector import held_off_during
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


# Matching sentences of answers makes a few containers per sentence pair (120 000 at 20
# copies of the sample) that form no cycles: with the collector on, its passes over every
# live object were a third of the time (dedup.collector).
@held_off_during
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
    matched = _matched(
        [(u, v, ratio_of.get((u, v), 100.0)) for u, v in between], owners, settings.sentence_ratio
    )
    # Each answer's sentence lengths, and its length (`_coverage`'s total).
    lengths = [[len(s) for s in sents] for sents in per_answer]
    totals = [sum(ls) or 1 for ls in lengths]
    found: list[tuple[int, int, float, float, float, int, int]] = []
    for (ia, ib), (a, b) in matched:
        covered_a = sum(lengths[ia][k] for k, _ in a)
        covered_b = sum(lengths[ib][k] for k, _ in b)
        ratios = [r for _, r in a] + [r for _, r in b]
        found.append(
            (
                ia,
                ib,
                covered_a / totals[ia],
                covered_b / totals[ib],
                sum(ratios) / len(ratios),
                len(a),
                min(covered_a, covered_b),
            )
        )
    # Every sentence lightly reworded ("ongeveer" -> "circa"): few sentences match on their
    # own, but the passages as wholes still do. reuse_kind compares `whole` (0-100) with
    # one threshold: where it gives one kind with `whole` at both ends of the scale, the
    # actual ratio changes nothing but the mean of a near-verbatim pair it alone made so
    # (below), so it is measured (in one rapidfuzz call) for the other pairs only: at 20
    # copies of the sample 23 000 of 44 000 pairs, each a fuzz.ratio call of its own before.
    # Below `sentence_ratio` the value is never read (reuse_kind only asks whether it
    # reaches that bar, and only a whole ratio at or over it makes the near-verbatim
    # mean), so rapidfuzz may stop early there.
    unsettled = [
        (ia, ib)
        for ia, ib, cov_a, cov_b, sim, shared, chars in found
        if (kind := reuse_kind(cov_a, cov_b, sim, shared, chars, settings, whole=0.0))
        != reuse_kind(cov_a, cov_b, sim, shared, chars, settings, whole=100.0)
        or (kind == "near-verbatim" and min(cov_a, cov_b) < settings.near_verbatim_coverage)
    ]
    joined = [" ".join(sents) for sents in per_answer]
    whole_of = dict(
        zip(unsettled, _whole_ratios(unsettled, joined, settings.sentence_ratio), strict=True)
    )
    out: list[Reuse] = []
    for ia, ib, cov_a, cov_b, sim, shared, chars in found:
        whole = whole_of.get((ia, ib))
        kind = reuse_kind(cov_a, cov_b, sim, shared, chars, settings, whole=whole)
        if kind == "near-verbatim" and min(cov_a, cov_b) < settings.near_verbatim_coverage:
            # Only `whole` makes a pair near-verbatim below that coverage: it is known here.
            assert whole is not None
            cov_a, cov_b, sim = 1.0, 1.0, whole
        if kind is not None:
            out.append(Reuse(ia, ib, round(cov_a, 3), round(cov_b, 3), round(sim, 1), kind))
    return out


def _matched(
    scored: list[tuple[int, int, float]], owners: list[tuple[int, int]], min_ratio: float
) -> list[tuple[tuple[int, int], tuple[list[tuple[int, float]], list[tuple[int, float]]]]]:
    """Per pair of answers (ia < ib, in order): the sentences of each that match one of the
    other's, as (sentence, best ratio) in the order they are first met in `scored`.

    `scored` holds sentence pairs (u, v, fuzz.ratio) of two answers; `owners[u]` is
    sentence u's (answer, place). Pairs below `min_ratio` do not match. The order within a
    side is the one the mean ratio adds in, so it is kept as the pairs give it.
    """
    matched: dict[tuple[int, int], tuple[dict[int, float], dict[int, float]]] = {}
    for u, v, ratio in scored:
        if ratio < min_ratio:
            continue
        (ia, ka), (ib, kb) = owners[u], owners[v]
        if ia > ib:
            ia, ib, ka, kb = ib, ia, kb, ka
        m = matched.get((ia, ib))
        if m is None:
            m = matched[(ia, ib)] = ({}, {})
        side_a, side_b = m
        # A sentence keeps its place (first met) and its best ratio.
        best = side_a.get(ka)
        if best is None or ratio > best:
            side_a[ka] = ratio
        best = side_b.get(kb)
        if best is None or ratio > best:
            side_b[kb] = ratio
    return [
        ((ia, ib), (list(a.items()), list(b.items())))
        for (ia, ib), (a, b) in sorted(matched.items())
    ]


def _whole_ratios(pairs: list[tuple[int, int]], joined: list[str], cutoff: float) -> list[float]:
    """`fuzz.ratio(joined[a], joined[b])` of each pair, or 0.0 where that is below `cutoff`
    (rapidfuzz then stops early), each distinct pair of texts once (copies of an answer
    repeat them)."""
    slot: dict[tuple[str, str], int] = {}
    which = [slot.setdefault((joined[a], joined[b]), len(slot)) for a, b in pairs]
    if not slot:
        return []
    scores = process.cpdist(
        [a for a, _ in slot],
        [b for _, b in slot],
        scorer=fuzz.ratio,
        dtype=np.float64,
        score_cutoff=cutoff,
    )
    once: list[float] = scores.tolist()
    return [once[k] for k in which]


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
