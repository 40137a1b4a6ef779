"""The cross-document candidate index: MinHash signatures cut into LSH bands.

Worker processes turn a segmented document into a `Prepared` payload: every Part I
question and every answer sentence as its comparison form, a 64-bit hash of that form
and its LSH band keys (MinHash over word 1- and 2-grams, `bands` bands of
`rows` values each; the MinHash is computed with numpy for a whole document at once).
The writer then looks each band key up in the persisted index
(`sentence_bands`, `qgroup_bands`), so a new item meets only the few earlier items that
share a band with it, and rapidfuzz verifies those: adding document N+1 costs the size
of N+1, not of the corpus.

The parameters are stored in the database when it is created and read back for every
later `add`, so an index is never mixed from two parameter sets.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from dedup.corpus.metadata import DocMeta
from dedup.model import Segmentation
from dedup.settings import Settings

# Bump when shingling or hashing changes: older databases then refuse to mix indexes.
INDEX_FORMAT = 2


_S = Settings()

# The index parameters that are Settings' own, by their name in each: one table for both
# directions (`IndexParams.from_settings`, `IndexParams.settings`).
_FROM_SETTINGS: dict[str, str] = {
    "sentence_ratio": "sentence_ratio",
    "question_threshold": "near_identical",
    "near_verbatim_coverage": "near_verbatim_coverage",
    "partial_coverage": "partial_coverage",
    "partial_chars": "partial_chars",
    "min_sentence_chars": "min_sentence_chars",
    "cosine_weight": "cosine_weight",
    "ordered_weight": "ordered_weight",
    "set_weight": "set_weight",
    "word_ngram_weight": "word_ngram_weight",
}


@dataclass(frozen=True, slots=True)
class IndexParams:
    """How items are signed and when two count as the same. Ratios are 0-100.

    The thresholds and weights are Settings' (dedup.settings), so a corpus and a single
    document judge alike; `from_settings` takes them from the settings in use.
    """

    num_perm: int = 32
    bands: int = 8
    rows: int = 4
    seed: int = 1
    sentence_ratio: float = _S.sentence_ratio  # fuzz.ratio for two answer sentences to be one
    question_threshold: float = _S.near_identical  # question score for two questions to be one
    near_verbatim_coverage: float = _S.near_verbatim_coverage
    partial_coverage: float = _S.partial_coverage
    partial_chars: int = _S.partial_chars
    min_sentence_chars: int = _S.min_sentence_chars
    min_question_chars: int = 25
    min_passage_chars: int = 80
    cosine_weight: float = _S.cosine_weight
    ordered_weight: float = _S.ordered_weight
    set_weight: float = _S.set_weight
    word_ngram_weight: float = _S.word_ngram_weight
    index_format: int = INDEX_FORMAT

    @classmethod
    def from_settings(cls, settings: Settings) -> IndexParams:
        """The index parameters that `settings` implies (used when a corpus is created)."""
        return cls(**{param: getattr(settings, name) for param, name in _FROM_SETTINGS.items()})

    def settings(self) -> Settings:
        """The Settings these parameters were taken from (for the shared scorers)."""
        return _settings_of(self)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> IndexParams:
        data: dict[str, Any] = json.loads(text)
        return cls(**data)


class QuestionRow(NamedTuple):
    """A Part I question as segmentation gives it and the corpus stores it."""

    qid: str
    fraction: str
    line: int
    line_end: int
    text: str
    topic: str | None
    cluster: str | None  # its cluster within its own document, if any


class AnswerRow(NamedTuple):
    """An answer passage as segmentation gives it and the corpus stores it."""

    aid: str
    section_fraction: str
    line_start: int
    line_end: int
    text: str
    questions: tuple[str, ...]


def _reduce_by_fields(self: Any) -> tuple[Any, ...]:
    """Pickle as the class and its field values: a prepared document crosses from a worker
    to the writer, and unpickling the dataclasses' default state dicts took the writer
    about 10 ms per real verslag, three times this."""
    return (type(self), tuple(getattr(self, name) for name in self.__slots__))


@dataclass(frozen=True, slots=True)
class PreparedSentence:
    form: str
    hash: int
    bands: tuple[int, ...]

    __reduce__ = _reduce_by_fields


@dataclass(frozen=True, slots=True)
class PreparedQuestion:
    qid: str
    fraction: str
    line: int
    line_end: int
    text: str
    topic: str | None
    form: str
    hash: int
    bands: tuple[int, ...]  # empty for questions too short to group
    # The question's cluster in its own document (as `analyze` finds it), if any: within
    # a document the corpus groups questions exactly as `analyze` does.
    cluster: str | None = None

    __reduce__ = _reduce_by_fields


@dataclass(frozen=True, slots=True)
class PreparedAnswer:
    aid: str
    section_fraction: str
    line_start: int
    line_end: int
    text: str
    words: int
    questions: tuple[str, ...]
    sentences: tuple[PreparedSentence, ...]

    __reduce__ = _reduce_by_fields


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document ready to be written: everything CPU-heavy is done."""

    sha256: str
    name: str
    path: str
    format: str
    layout: str
    has_reply: bool
    fractions: tuple[str, ...]
    meta: DocMeta
    questions: tuple[PreparedQuestion, ...]
    answers: tuple[PreparedAnswer, ...]
    warnings: int
    # `documents.question_texts` and `.answer_texts` (dedup.corpus.texts.pack_texts),
    # packed in the worker so the single writer does not compress; None: the writer packs.
    packed: tuple[bytes, bytes] | None = None

    __reduce__ = _reduce_by_fields

    def packed_texts(self) -> tuple[bytes, bytes]:
        """The question texts and the answer texts, each as one zlib stream."""
        return self.packed if self.packed is not None else pack_prepared(self)


def pack_prepared(doc: Prepared) -> tuple[bytes, bytes]:
    from dedup.corpus.texts import pack_texts

    return pack_texts([q.text for q in doc.questions]), pack_texts([a.text for a in doc.answers])


def with_packed_texts(doc: Prepared) -> Prepared:
    """`doc` with its texts packed (in the worker that prepared it)."""
    from dataclasses import replace

    return replace(doc, packed=pack_prepared(doc))


def form_hash(form: str) -> int:
    """A signed 64-bit hash of a comparison form (fits an SQLite INTEGER)."""
    digest = hashlib.blake2b(form.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


_MERSENNE = (1 << 61) - 1
_MASK32 = np.uint64(0xFFFFFFFF)


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=4).digest(), "little")


@lru_cache(maxsize=1 << 17)
def cached_form(text: str) -> str:
    """`comparison_form`, remembered: boilerplate sentences recur in every document."""
    from dedup.parse.normalize import comparison_form

    return comparison_form(text)


@cache
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(seed)
    a = rng.randint(1, _MERSENNE, size=num_perm, dtype=np.uint64)
    b = rng.randint(0, _MERSENNE, size=num_perm, dtype=np.uint64)
    return a[:, None], b[:, None]


def signatures(forms: list[str], params: IndexParams) -> np.ndarray:
    """MinHash signatures over word 1- and 2-grams, one row of `num_perm` 32-bit values
    per form: min over shingles of ((a * h + b) mod 2^61-1) mod 2^32. All forms of a
    document are hashed in one vectorised pass."""
    split = [f.split() or ["_"] for f in forms]
    lengths = np.fromiter((len(w) for w in split), dtype=np.int64, count=len(split))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    words = [w for ws in split for w in ws]
    h: npt.NDArray[np.uint64] = np.fromiter(
        map(_word_hash, words), dtype=np.uint64, count=len(words)
    )
    # Bigram j joins words j and j+1; at a form's last word it repeats the unigram (a
    # value already in that form's set), so no bigram crosses two forms.
    last = np.zeros(len(words), dtype=bool)
    last[starts + lengths - 1] = True
    with np.errstate(over="ignore"):
        nxt: npt.NDArray[np.uint64] = np.concatenate([h[1:], np.zeros(1, dtype=np.uint64)])
        pairs = np.bitwise_and(h * np.uint64(0x9E3779B1) + nxt * np.uint64(0x85EBCA77), _MASK32)
        pairs = np.where(last, h, pairs)
        a, b = _permutations(params.num_perm, params.seed)
        prime = np.uint64(_MERSENNE)
        uni = ((a * h[None, :] + b) % prime) & _MASK32
        bi = ((a * pairs[None, :] + b) % prime) & _MASK32
    return np.minimum.reduceat(np.minimum(uni, bi), starts, axis=1).T


def band_keys(forms: list[str], params: IndexParams) -> list[tuple[int, ...]]:
    """The LSH band keys of each form: one 64-bit key per band of `rows` signature values
    (the band number is mixed in, so equal values in different bands do not collide)."""
    if not forms:
        return []
    sig = signatures(forms, params)[:, : params.bands * params.rows]
    bands = sig.reshape(len(forms), params.bands, params.rows)
    with np.errstate(over="ignore"):
        key = np.broadcast_to(
            np.arange(1, params.bands + 1, dtype=np.uint64)[None, :], bands.shape[:2]
        ).copy()
        for r in range(params.rows):
            key = key * np.uint64(0x100000001B3) + bands[:, :, r]
        # splitmix64 finaliser: spreads the polynomial hash over all 64 bits.
        key ^= key >> np.uint64(30)
        key *= np.uint64(0xBF58476D1CE4E5B9)
        key ^= key >> np.uint64(27)
        key *= np.uint64(0x94D049BB133111EB)
        key ^= key >> np.uint64(31)
    return [tuple(row) for row in key.view(np.int64).tolist()]


_SENTENCE_END = re.compile(r"(?<=[.?!])[\"'»”)]*\s+(?=[A-Z0-9À-Ý(«“\"])")


def answer_sentences(text: str, min_chars: int) -> list[str]:
    """Comparison forms of an answer's sentences of `min_chars`+ characters (the whole
    answer when none is that long). Cut by a plain regular expression, ten times faster
    than the segmenter's splitter and the same on both sides of every comparison."""
    forms = [cached_form(s) for s in _SENTENCE_END.split(text)]
    return [f for f in forms if len(f) >= min_chars] or [cached_form(text)]


def sign_questions(
    questions: Sequence[QuestionRow], params: IndexParams
) -> tuple[PreparedQuestion, ...]:
    """Forms, hashes and band keys of a document's Part I questions."""
    from dedup.corpus.texts import question_search_form

    # Compared as a document's questions are: the content clause, request frame removed.
    qforms = [question_search_form(q.text) for q in questions]
    banded = sorted({f for f in qforms if len(f) >= params.min_question_chars})
    qbands = dict(zip(banded, band_keys(banded, params), strict=True))
    return tuple(
        PreparedQuestion(
            qid=q.qid,
            fraction=q.fraction,
            line=q.line,
            line_end=q.line_end,
            text=q.text,
            topic=q.topic,
            form=f,
            hash=form_hash(f),
            bands=qbands.get(f, ()),
            cluster=q.cluster,
        )
        for q, f in zip(questions, qforms, strict=True)
    )


def sign_answers(answers: Sequence[AnswerRow], params: IndexParams) -> tuple[PreparedAnswer, ...]:
    """Sentence forms, hashes and band keys of a document's answers."""
    per_answer = [answer_sentences(a.text, params.min_sentence_chars) for a in answers]
    distinct = sorted({f for forms in per_answer for f in forms})
    # One sentence object per distinct form: boilerplate recurs across a document's answers.
    sentence = {
        f: PreparedSentence(f, form_hash(f), keys)
        for f, keys in zip(distinct, band_keys(distinct, params), strict=True)
    }
    return tuple(
        PreparedAnswer(
            aid=a.aid,
            section_fraction=a.section_fraction,
            line_start=a.line_start,
            line_end=a.line_end,
            text=a.text,
            words=len(a.text.split()),
            questions=a.questions,
            sentences=tuple(sentence[f] for f in forms),
        )
        for a, forms in zip(answers, per_answer, strict=True)
    )


def prepare(
    seg: Segmentation, meta: DocMeta, params: IndexParams, *, name: str, path: str
) -> Prepared:
    """Forms, hashes and band keys of one segmented document (runs in a worker)."""
    from dedup.pipeline import question_clusters

    cluster_of = {m: c.id for c in question_clusters(seg, params.settings())[2] for m in c.members}
    questions = [
        QuestionRow(q.id, q.fraction, q.line, q.line_end, q.text, q.topic, cluster_of.get(q.id))
        for q in seg.part_one()
    ]
    answers = [
        AnswerRow(
            a.id,
            a.section_fraction,
            a.line_start,
            a.line_end,
            a.text,
            tuple(a.answers_questions),
        )
        for a in seg.answers
    ]
    doc = seg.document
    prepared = Prepared(
        sha256=doc.sha256,
        name=name,
        path=path,
        format=doc.format,
        layout=doc.layout,
        has_reply=doc.has_reply,
        fractions=tuple(doc.fractions),
        meta=meta,
        questions=sign_questions(questions, params),
        answers=sign_answers(answers, params),
        warnings=len(seg.warnings),
    )
    return with_packed_texts(prepared)


def question_score(a: str, b: str, params: IndexParams | None = None) -> float:
    """0-1: the single-document pair score (dedup.similarity.scores.score_pair), with the
    cosine taken over the two forms alone (the corpus has no one document's TF-IDF)."""
    from dedup.similarity.scores import score_texts

    return score_texts(a, b, (params or IndexParams()).settings()).score


def reuse_kind(
    cov_new: float,
    cov_leader: float,
    shared: int,
    shared_chars: int,
    exact: bool,
    params: IndexParams,
) -> str | None:
    """verbatim | near-verbatim | partial | None: single-document reuse's own rule
    (dedup.similarity.reuse.reuse_kind); `exact` passages are the same sentences."""
    from dedup.similarity.reuse import reuse_kind as kind_of

    if exact:
        return "verbatim"
    # The corpus matched sentence clusters, not ratios: a non-exact match is never
    # verbatim, which a mean ratio of 0 says to the shared rule.
    return kind_of(cov_new, cov_leader, 0.0, shared, shared_chars, params.settings())


@lru_cache(maxsize=64)
def _settings_of(params: IndexParams) -> Settings:
    return Settings(**{name: getattr(params, param) for param, name in _FROM_SETTINGS.items()})
