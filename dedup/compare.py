"""Pair scores for questions (words + document structure) and answers (sentence reuse)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dedup.model import Answer, Question
from dedup.parse.normalize import comparison_form
from dedup.parse.sentences import Role, sentence_role, split_sentences
from dedup.settings import Settings
from dedup.similarity.candidates import pair_cosines, tfidf_matrices, top_k_pairs_of_copies
from dedup.similarity.reuse import Reuse, find_reuse
from dedup.similarity.scores import PairScore, score_pair


@dataclass(frozen=True, slots=True)
class QuestionPair:
    """Two Part I questions: word score, and the score with structural evidence."""

    a: str
    b: str
    words: PairScore
    context: float
    shared_answer: bool
    score: float


def compare_answers(answers: Sequence[Answer], settings: Settings) -> list[Reuse]:
    return find_reuse(
        [a.text for a in answers],
        sentence_threshold=settings.sentence_ratio,
        partial_coverage=settings.partial_coverage,
        partial_chars=settings.partial_chars,
    )


def compare_questions(
    questions: Sequence[Question],
    answers: Sequence[Answer],
    reuse: Sequence[Reuse],
    settings: Settings,
    *,
    one_asker: bool = False,
) -> list[QuestionPair]:
    """Candidate pairs from TF-IDF top-k, scored with rapidfuzz, context and answers.

    A question's words alone miss paraphrases and confuse look-alikes (`Herkent de
    Staatssecretaris deze signalen?` about different signals); the statements before it,
    its topic and whether the ministry answered both with copies of one text say more.
    """
    forms = [comparison_form(q.text) for q in questions]
    # The referent of `dit plan` sits in the statement right before the question; older
    # statements dilute it (measured: pairwise F1 with paraphrases 0.74 -> 0.80).
    contexts = [
        comparison_form(f"{q.topic or ''} {_last_sentence(q.context)} {q.text}") for q in questions
    ]
    if len(questions) < 2:
        return []
    # What a question pointing back refers to: its topic and the statement before it.
    # In a lijst the statement sits inside the numbered item: "Op pagina 4 staat ... Kunt u
    # dit nader toelichten?"; its statements count as what the question refers to.
    referents = [
        comparison_form(f"{q.topic or ''} {_last_sentence(q.context)} {_statements(q.text)}")
        for q in questions
    ]
    x, cx, rx = tfidf_matrices([forms, contexts, referents])
    # Candidates by their own words, and by their surroundings (paraphrases).
    # Repeated questions are ranked once (same pairs as ranking every copy).
    candidates = set(top_k_pairs_of_copies(x, forms, k=settings.top_k, min_cosine=0.1))
    candidates |= set(top_k_pairs_of_copies(cx, contexts, k=settings.top_k, min_cosine=0.2))
    pointing = [_anaphoric(q.text) for q in questions]
    answered_by = _answered_by(answers)
    reused_with = _reuse_partners(reuse)
    ordered = sorted(candidates)
    cosines = pair_cosines(x, ordered)
    context_cosines = pair_cosines(cx, ordered)
    referent_cosines = pair_cosines(rx, ordered)
    out: list[QuestionPair] = []
    for (i, j), cos, ctx, ref in zip(
        ordered, cosines, context_cosines, referent_cosines, strict=True
    ):
        words = score_pair(forms[i], forms[j], cos)
        if words.score < settings.min_lexical:
            continue
        qa, qb = questions[i], questions[j]
        shared = _share_answer(answered_by.get(qa.id, ()), answered_by.get(qb.id, ()), reused_with)
        score = words.score
        if qa.fraction != qb.fraction or one_asker:
            # Structure as evidence: similar surroundings and copied answers pull a
            # paraphrase up; dissimilar surroundings pull a look-alike down.
            # A short question pointing back (`deze signalen`, `dit plan`) means what its
            # context says, so there the context weighs more than the words.
            weight = settings.context_weight
            has_referents = bool(referents[i].strip() and referents[j].strip())
            back_a, back_b = pointing[i], pointing[j]
            if back_a or back_b:
                weight = max(weight, 0.6)
            if back_a and back_b and has_referents:
                ctx = ref  # the question's own words would make look-alikes agree
            score = (1 - weight) * words.score + weight * ctx
            if back_a and back_b and has_referents and ref < MIN_REFERENT:
                # Both only say "deze signalen": the same words about different things.
                score = min(score, settings.paraphrase - 0.01)
            if shared:
                score += settings.answer_evidence
                if _answers_only(qa.id, answered_by, answers) and _answers_only(
                    qb.id, answered_by, answers
                ):
                    # Each copy answers this one question alone, not a block of siblings:
                    # the ministry itself treated the two as one question.
                    score += settings.answer_evidence / 2
        out.append(
            QuestionPair(qa.id, qb.id, words, round(ctx, 4), shared, round(min(score, 1.0), 4))
        )
    return out


# "deze signalen", "dit plan", "Hoe ziet de Minister dit?", "hiervan": a question that
# means what the text before it says. "op dit moment" and "dat" as a conjunction do not.
_POINTS_BACK = re.compile(
    r"\b(?:deze|dit)\s+(?!moment\b|jaar\b|week\b|maand\b|najaar\b|voorjaar\b|zomer\b|"
    r"winter\b|kabinetsperiode\b|tijd\b)[a-zà-ÿ]{3,}"
    r"|\b(?:dit|dat)\s*\?"
    r"|\b(?:hier|daar)(?:van|mee|over|op|bij|voor|aan|in|uit|door)\b",
    re.I,
)
# Below this cosine two pointing-back questions point at different things.
MIN_REFERENT = 0.45


def _anaphoric(text: str) -> bool:
    """A short main question pointing back: `Herkent de Minister deze signalen?`.

    The main question is the first sentence asking something; follow-ups ("Kan de
    Minister dit toelichten?") point back at the question, not at the context.
    """
    asked = [s.text for s in split_sentences(text) if s.text.endswith("?")] or [text]
    return len(asked[0].split()) <= 14 and bool(_POINTS_BACK.search(asked[0]))


def _statements(text: str) -> str:
    """The sentences of a question unit that are not themselves questions."""
    return " ".join(
        s.text for s in split_sentences(text) if sentence_role(s.text, None) is Role.STATEMENT
    )


def _last_sentence(text: str) -> str:
    spans = split_sentences(text)
    return spans[-1].text if spans else ""


def _answered_by(answers: Sequence[Answer]) -> dict[str, tuple[int, ...]]:
    result: dict[str, list[int]] = {}
    for idx, a in enumerate(answers):
        for qid in a.answers_questions:
            result.setdefault(qid, []).append(idx)
    return {k: tuple(v) for k, v in result.items()}


def _reuse_partners(reuse: Sequence[Reuse]) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for r in reuse:
        if r.kind in ("verbatim", "near-verbatim") or min(r.coverage_a, r.coverage_b) >= 0.5:
            pairs.add((r.a, r.b))
            pairs.add((r.b, r.a))
    return pairs


def _answers_only(
    qid: str, answered_by: dict[str, tuple[int, ...]], answers: Sequence[Answer]
) -> bool:
    return all(len(answers[k].answers_questions) == 1 for k in answered_by.get(qid, ()))


def _share_answer(a: Sequence[int], b: Sequence[int], partners: set[tuple[int, int]]) -> bool:
    return any((x, y) in partners for x in a for y in b)
