"""Pair scores for questions (words + document structure) and answers (sentence reuse)."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from dedup.collector import held_off_during
from dedup.model import Answer, Question
from dedup.parse.normalize import comparison_form
from dedup.parse.references import REFERENCE
from dedup.parse.sentences import Role, sentence_role, split_sentences
from dedup.settings import Settings
from dedup.similarity.candidates import (
    pair_cosines,
    pairs_by_kind,
    tfidf_matrices,
    top_k_pairs_of_copies,
)
from dedup.similarity.content import content_clause, information_needs, needs_agree
from dedup.similarity.reuse import Reuse, find_reuse
from dedup.similarity.scores import PairScore, score_pairs, score_text_pairs

if TYPE_CHECKING:
    # Annotations only: scipy is first imported under dedup.similarity (see vectorizers).
    from scipy import sparse

_T = TypeVar("_T")
_R = TypeVar("_R")


@dataclass(frozen=True, slots=True)
class QuestionPair:
    """Two Part I questions: word score, and the score with structural evidence."""

    a: str
    b: str
    words: PairScore
    context: float
    shared_answer: bool
    score: float
    # When one of the two is a compound question (`Hoe monitort ..., welke middelen ...
    # en hoe gaat ...?`) and the other matches one part of it: that part's index.
    part_a: int | None = None
    part_b: int | None = None


def compare_answers(answers: Sequence[Answer], settings: Settings) -> list[Reuse]:
    """Answer reuse, with cross-references left out of the text that is aligned.

    `Zie het antwoord op vraag 2.` under three questions is reuse by reference (found and
    counted by dedup.parse.references), not three copies of one text: as copied text it
    would list the reference as reused and make the three questions look answered alike.
    """
    return find_reuse([without_references(a.text) for a in answers], settings)


# Tens of thousands of new pairs (76 491 from a 1 MB paragraph of one repeated question),
# their features and scores set off the cyclic collector over and over, and each pass walks
# every live object: half the time of building the pairs, a tenth of the whole at 20
# copies of the sample. They form no cycles; the collector is put back as it was.
@held_off_during
def compare_questions(
    questions: Sequence[Question],
    answers: Sequence[Answer],
    reuse: Sequence[Reuse],
    settings: Settings,
    *,
    one_asker: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[QuestionPair]:
    """Candidate pairs from TF-IDF top-k, scored with rapidfuzz, context and answers;
    `progress(pairs scored, pairs in all)` hears the count now and then (a bar).

    A question's words alone miss paraphrases and confuse look-alikes (`Herkent de
    Staatssecretaris deze signalen?` about different signals); the statements before it,
    its topic and whether the ministry answered both with copies of one text say more.
    """
    if len(questions) < 2:
        return []
    # Each feature is computed once per distinct text (copies of a question repeat it).
    texts = [q.text for q in questions]
    forms = _each(question_form, texts)
    # The referent of `dit plan` sits in the statement right before the question; older
    # statements dilute it (measured: pairwise F1 with paraphrases 0.74 -> 0.80).
    contexts = _each(_context_form, questions, key=_surroundings)
    previous = _previous_in_block(questions)
    # The question before (when in the same block) is questions[k - 1]: its form is known.
    referents = _each(
        lambda qa: _referent_form(*qa),
        [(q, forms[k - 1] if previous[k] is not None else "") for k, q in enumerate(questions)],
        key=lambda qa: (_surroundings(qa[0]), qa[1]),
    )
    needs = _each(information_needs, forms)
    parts = _each(lambda t: [question_form(p) for p in compound_parts(t)], texts)
    x, cx, rx = tfidf_matrices([forms, contexts, referents], word_weight=settings.word_ngram_weight)
    answered_by = _answered_by(answers)
    reused_with = _reuse_partners(reuse, settings.shared_answer_coverage)
    candidates = _candidates(x, cx, forms, contexts, settings) | _answered_alike(
        questions, answers, answered_by, reused_with
    )
    pointing = _each(lambda t: _anaphoric(t, settings.pointing_max_words), texts)
    reacting = _each(
        lambda tp: tp[1] and _reacts(tp[0]), list(zip(texts, pointing, strict=True)), key=_first
    )
    # Questions alike in all that a pair score reads (their text, surroundings, fraction
    # and answers) score alike: each distinct pair of such kinds is scored once, by its
    # first questions, and the candidate pairs take their kinds' result.
    kind = _each(
        lambda k: k,
        range(len(questions)),
        key=lambda k: (
            texts[k],
            contexts[k],
            referents[k],
            questions[k].fraction,
            answered_by.get(questions[k].id, ()),
        ),
    )
    firsts, seconds, slot_of, ordered = pairs_by_kind(candidates, kind)
    slot = {pair: k for k, pair in enumerate(ordered)}
    # Rows of equal texts are equal rows: each distinct pair of rows is multiplied once.
    cosines = pair_cosines(x, ordered, forms)
    # Every (part, other question) the loop below may compare, scored in one batch.
    compound = [
        (i, j)
        for i, j in ordered
        if (parts[i] or parts[j]) and (questions[i].fraction != questions[j].fraction or one_asker)
    ]
    wanted = list(
        dict.fromkeys(
            [(p, forms[j]) for i, j in compound for p in parts[i]]
            + [(p, forms[i]) for i, j in compound for p in parts[j]]
        )
    )
    part_scores = dict(zip(wanted, score_text_pairs(wanted, settings), strict=True))
    scored = score_pairs(
        [forms[i] for i, _ in ordered], [forms[j] for _, j in ordered], cosines, settings
    )
    # The pairs whose words (or a part's) reach the floor; only these need the cosines
    # of their surroundings, and of their referents only where both point back.
    kept: list[tuple[int, int, PairScore, int | None, int | None, bool, bool]] = []
    tick = _ticker(progress, len(ordered))
    for (i, j), words in zip(ordered, scored, strict=True):
        tick()
        qa, qb = questions[i], questions[j]
        part_a = part_b = None
        if (parts[i] or parts[j]) and (qa.fraction != qb.fraction or one_asker):
            # A compound question is several questions: the other may ask one part of it.
            best = _best_part(parts[i], forms[j], part_scores)
            other = _best_part(parts[j], forms[i], part_scores)
            if other is not None and (best is None or other[1].score > best[1].score):
                if other[1].score > words.score:
                    part_b, words = other
            elif best is not None and best[1].score > words.score:
                part_a, words = best
        shared = _share_answer(answered_by.get(qa.id, ()), answered_by.get(qb.id, ()), reused_with)
        alone = (
            shared
            and _answers_only(qa.id, answered_by, answers)
            and _answers_only(qb.id, answered_by, answers)
        )
        # Copies of one answer, each under this one question alone: the ministry itself
        # treated the two as one question, so fewer shared words suffice.
        floor = settings.min_lexical_one_answer if alone else settings.min_lexical
        if words.score >= floor:
            kept.append((i, j, words, part_a, part_b, shared, alone))
    context_cosines = pair_cosines(cx, [(i, j) for i, j, *_ in kept], contexts)
    both_back = [
        (i, j)
        for i, j, *_ in kept
        if (questions[i].fraction != questions[j].fraction or one_asker)
        and pointing[i]
        and pointing[j]
        and referents[i].strip()
        and referents[j].strip()
    ]
    referent_cosines = dict(zip(both_back, pair_cosines(rx, both_back, referents), strict=True))
    judged: list[tuple[PairScore, float, bool, float, int | None, int | None] | None]
    judged = [None] * len(ordered)
    for (i, j, words, part_a, part_b, shared, alone), ctx in zip(
        kept, context_cosines, strict=True
    ):
        qa, qb = questions[i], questions[j]
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
                weight = max(weight, settings.pointing_context_weight)
            if reacting[i] and reacting[j] and has_referents:
                # Both only ask for a reaction: their words are the frame, their meaning
                # is the statements they react to.
                weight = max(weight, settings.reaction_context_weight)
            if back_a and back_b and has_referents:
                ref = referent_cosines[(i, j)]
                ctx = ref  # the question's own words would make look-alikes agree
            score = (1 - weight) * words.score + weight * ctx
            if back_a and back_b and has_referents:
                if ref < settings.min_referent:
                    # Both only say "deze signalen": the same words about different things.
                    score = min(score, settings.paraphrase - 0.01)
                elif words.score >= settings.near_identical:
                    # The same words about the same thing: one question, whatever else
                    # the surroundings say.
                    score = max(score, words.score)
            score += _need_evidence(needs[i], needs[j], words.score, settings)
            if alone:
                # Each copy answers this one question alone, not a block of siblings.
                # Dissimilar surroundings pull look-alikes down; here the answer already
                # says the two are one question, so they do not pull it below its words.
                score = max(score, words.score) + settings.one_answer_evidence
            elif shared:
                score += settings.answer_evidence
        judged[slot[(i, j)]] = (
            words,
            round(ctx, 4),
            shared,
            round(max(0.0, min(score, 1.0)), 4),
            part_a,
            part_b,
        )
    ids = [q.id for q in questions]
    return [
        QuestionPair(ids[i], ids[j], *found)
        for i, j, k in zip(firsts, seconds, slot_of, strict=True)
        if (found := judged[k]) is not None
    ]


def _each(
    compute: Callable[[_T], _R], items: Sequence[_T], key: Callable[[_T], Hashable] | None = None
) -> list[_R]:
    """`[compute(item) for item in items]`, computed once per distinct `key(item)` (the item
    itself by default): the others take the first one's result, which callers only read."""
    done: dict[Hashable, _R] = {}
    out: list[_R] = []
    for item in items:
        k = item if key is None else key(item)
        if k not in done:
            done[k] = compute(item)
        out.append(done[k])
    return out


def _first(pair: tuple[str, bool]) -> str:
    return pair[0]


def _surroundings(q: Question) -> tuple[str | None, str, str]:
    """What `_context_form` and `_referent_form` read of a question."""
    return (q.topic, q.context, q.text)


def _ticker(progress: Callable[[int, int], None] | None, total: int) -> Callable[[], None]:
    """A call per scored pair that reports every ~1% (and the last pair) to `progress`."""
    if progress is None:
        return lambda: None
    step = max(1, total // 100)
    done = [0]
    progress(0, total)

    def tick() -> None:
        done[0] += 1
        if done[0] % step == 0 or done[0] == total:
            progress(done[0], total)

    return tick


def _answered_alike(
    questions: Sequence[Question],
    answers: Sequence[Answer],
    answered_by: dict[str, tuple[int, ...]],
    partners: set[tuple[int, int]],
) -> set[tuple[int, int]]:
    """Question pairs whose answers are copies of one text, each answering one question.

    Words alone may not make them candidates (`kan de regering garanderen dat ...` vs
    `hoe voorkomt de regering dat ...`); the copied answer says they are one question.
    """
    index = {q.id: k for k, q in enumerate(questions)}
    owner = {
        k: a.answers_questions[0]
        for k, a in enumerate(answers)
        if len(a.answers_questions) == 1 and a.answers_questions[0] in index
    }
    out: set[tuple[int, int]] = set()
    for x, y in partners:
        if x in owner and y in owner and owner[x] != owner[y]:
            i, j = sorted((index[owner[x]], index[owner[y]]))
            out.add((i, j))
    return out


def without_references(text: str) -> str:
    """`text` without its cross-references (`Zie het antwoord op vraag 2.`)."""
    # " ".join(split()) is re.sub(r"\s+", " ", ...).strip(): `\s` and str.split cut at
    # the same characters (tests/test_content_clause.py), without a pattern's scan.
    return " ".join(REFERENCE.sub(" ", text).split())


# Where a compound question starts its next part: `..., welke middelen ...`,
# `... en hoe gaat ...`; the next sentence asking something is a part too.
_NEXT_PART = re.compile(
    r"(?:,\s*(?:en\s+)?|\s+en\s+|(?<=\?)\s+)(?=(?:[Hh]oe|[Ww]elke?|[Ww]at|[Ww]aarom|[Ww]anneer|"
    r"[Ww]aar|[Hh]oeveel|[Ii]n\s+hoeverre|[Oo]p\s+welke)\b)"
)


def compound_parts(text: str) -> list[str]:
    """The parts of a compound question, or [] when it asks one thing.

    Each part has at least `_MIN_PART_WORDS` words; `Zo ja, welke?` follow-ups are not
    parts (they ask the same thing further).
    """
    parts = [p.strip(" ,") for p in _NEXT_PART.split(text)]
    if len(parts) < 2 or any(len(p.split()) < _MIN_PART_WORDS for p in parts):
        return []
    return parts


_MIN_PART_WORDS = 4


def _best_part(
    parts: Sequence[str], other: str, scores: dict[tuple[str, str], PairScore]
) -> tuple[int, PairScore] | None:
    """The part scoring best against `other` (the first of equals); `scores` holds
    `score_texts` of each (part, other)."""
    scored = [(k, scores[(p, other)]) for k, p in enumerate(parts)]
    return max(scored, key=lambda t: (t[1].score, -t[0])) if scored else None


def question_form(text: str) -> str:
    """What a question is compared by: its content clause, request frame removed."""
    return content_clause(comparison_form(text))


def _need_evidence(a: frozenset[str], b: frozenset[str], words: float, settings: Settings) -> float:
    """A shared kind of answer wanted (a number, a moment) is evidence; different kinds
    are counter-evidence, unless the words are near-identical anyway."""
    agree = needs_agree(a, b)
    if agree is None or words >= settings.near_identical:
        return 0.0
    return settings.need_bonus if agree else -settings.need_penalty


def _previous_in_block(questions: Sequence[Question]) -> list[Question | None]:
    """For each question, the question right before it in the same block, if any.

    Same fraction, same topic, no statement in between (the context is unchanged) and
    on the next line at most: `Hoe staat het met de evaluatie ...? Wanneer krijgen
    gemeenten uitsluitsel over het vervolg van deze aanpak?`.
    """
    out: list[Question | None] = []
    for k, q in enumerate(questions):
        before = questions[k - 1] if k else None
        same_block = (
            before is not None
            and before.fraction == q.fraction
            and before.part == q.part
            and before.topic == q.topic
            and before.context == q.context
            and before.line_end >= q.line - 1
        )
        out.append(before if same_block else None)
    return out


def _referent_form(q: Question, asked_before: str) -> str:
    """What a question pointing back refers to: its topic, the statement before it, and
    the question it follows in its block (`deze aanpak` is the one that question asked
    about; `asked_before` is that question's form, or ""). In a lijst the statement sits
    inside the numbered item: "Op pagina 4 staat ... Kunt u dit nader toelichten?"; its
    statements count as what it refers to."""
    # A request to react (`Kan de Staatssecretaris op deze verschillende cijfers
    # reageren?`) asks about everything the statements before it set out, the CBS figure
    # and what the organisations say, not about the last of them alone.
    statements = q.context if _reacts(q.text) else _last_sentence(q.context)
    # The fraction's name and the request frame say nothing about what is referred to.
    return content_clause(joined_form(q.topic or "", statements, _statements(q.text), asked_before))


def _candidates(
    x: sparse.csr_matrix,
    cx: sparse.csr_matrix,
    forms: Sequence[str],
    contexts: Sequence[str],
    settings: Settings,
) -> set[tuple[int, int]]:
    """Candidates by their own words, and by their surroundings (paraphrases). Repeated
    questions are ranked once (the same pairs as ranking every copy)."""
    candidates = set(
        top_k_pairs_of_copies(x, forms, k=settings.top_k, min_cosine=settings.candidate_cosine)
    )
    candidates |= set(
        top_k_pairs_of_copies(
            cx, contexts, k=settings.top_k, min_cosine=settings.context_candidate_cosine
        )
    )
    return candidates


def question_candidates(
    questions: Sequence[Question],
    settings: Settings,
    answers: Sequence[Answer] = (),
    reuse: Sequence[Reuse] = (),
) -> set[frozenset[str]]:
    """The question pairs that get scored at all (for measuring candidate recall)."""
    if len(questions) < 2:
        return set()
    forms = [question_form(q.text) for q in questions]
    contexts = [_context_form(q) for q in questions]
    x, cx = tfidf_matrices([forms, contexts], word_weight=settings.word_ngram_weight)
    found = _candidates(x, cx, forms, contexts, settings) | _answered_alike(
        questions,
        answers,
        _answered_by(answers),
        _reuse_partners(reuse, settings.shared_answer_coverage),
    )
    return {frozenset((questions[i].id, questions[j].id)) for i, j in found}


def _context_form(q: Question) -> str:
    return joined_form(q.topic or "", _last_sentence(q.context), q.text)


def joined_form(*pieces: str) -> str:
    """`comparison_form(" ".join(pieces))`, joined from the comparison forms of the pieces.

    The form of a text is the forms of its space-separated pieces joined by a space
    (every step of comparison_form looks at most one character past a space, and a space
    ends a word), so each piece's cached form serves: a block's questions share their
    topic and the statement before them, and a question's own form is already known.
    tests/test_compare_features.py checks this against comparison_form of the whole.
    """
    return " ".join(form for form in map(comparison_form, pieces) if form)


# "deze signalen", "dit plan", "Hoe ziet de Minister dit?", "hiervan": a question that
# means what the text before it says. "op dit moment" and "dat" as a conjunction do not.
_POINTS_BACK = re.compile(
    r"\b(?:deze|dit)\s+(?!moment\b|jaar\b|week\b|maand\b|najaar\b|voorjaar\b|zomer\b|"
    r"winter\b|kabinetsperiode\b|tijd\b)[a-zà-ÿ]{3,}"
    r"|\b(?:dit|dat)\s*\?"
    r"|\b(?:hier|daar)(?:van|mee|over|op|bij|voor|aan|in|uit|door)\b",
    re.I,
)


# Asking for a reaction to what was said: `reageren op`, `een reactie op`, `reflecteren`,
# `hoe kijkt de Minister hiertegen aan`.
_REACTION = re.compile(
    r"\b(?:reageren|reactie|reflecteren|reflectie|appreciatie|zienswijze|"
    r"kijkt\b.{0,40}\b(?:aan|naar)|aankijkt)\b"
)


def _reacts(text: str) -> bool:
    """The main question asks for a reaction to what the text before it says."""
    return bool(_REACTION.search(comparison_form(_main_question(text))))


def _main_question(text: str) -> str:
    asked = [s.text for s in split_sentences(text) if s.text.endswith("?")]
    return asked[0] if asked else text


def _anaphoric(text: str, max_words: int) -> bool:
    """A short main question pointing back: `Herkent de Minister deze signalen?`.

    The main question is the first sentence asking something; follow-ups ("Kan de
    Minister dit toelichten?") point back at the question, not at the context.
    """
    asked = _main_question(text)
    return len(asked.split()) <= max_words and bool(_POINTS_BACK.search(asked))


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


def _reuse_partners(reuse: Sequence[Reuse], coverage: float) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for r in reuse:
        if r.kind in ("verbatim", "near-verbatim") or min(r.coverage_a, r.coverage_b) >= coverage:
            pairs.add((r.a, r.b))
            pairs.add((r.b, r.a))
    return pairs


def _answers_only(
    qid: str, answered_by: dict[str, tuple[int, ...]], answers: Sequence[Answer]
) -> bool:
    return all(len(answers[k].answers_questions) == 1 for k in answered_by.get(qid, ()))


def _share_answer(a: Sequence[int], b: Sequence[int], partners: set[tuple[int, int]]) -> bool:
    # Most candidate pairs have a question without an answer: no generator for those.
    return bool(a and b) and any((x, y) in partners for x in a for y in b)
