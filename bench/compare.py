"""Grouping duplicates: dedup's own method against all-pairs rapidfuzz and two named peers.

Run as `python bench/compare.py` after `pip install -e '.[bench]'` (string-grouper, datasketch).

Datasets: the fixture (Part I questions and Part II answer passages as dedup segments
them), and the fixture scaled x20: the original plus 19 perturbed copies, built
deterministically with random.Random(SEED). In each copy every text has its sentences
shuffled and one to three words replaced by a Dutch synonym or given a typo; the
copy's ids and fraction names get a `~NN` suffix so that the copies are different
items of different fractions.

Methods, for QUESTIONS and ANSWERS separately:
- dedup: the library as pipeline.analyze_segmentation calls it. Questions:
  compare_questions + cluster_questions (the answers' reuse, which compare_questions takes
  as evidence, is computed beforehand and not timed). Answers: compare_answers
  (find_reuse) + build_graph + cluster_answers.
- naive: every pair scored with rapidfuzz (fuzz.token_set_ratio for questions,
  fuzz.ratio for answers) in one process.cdist call, then connected components of the
  pairs at or over a threshold.
- peers: string-grouper (TF-IDF of character 3-grams, top-n sparse cosine, connected
  components, its defaults) for questions; datasketch MinHash LSH on word 3-shingles for
  answers, candidates kept when their estimated Jaccard reaches the LSH threshold, then
  connected components.

Every method gets the same comparison forms (dedup.parse.normalize.comparison_form); dedup
computes them itself, inside its timed call.

Per method: wall time (best of 3 on the fixture, one run on x20), the tracemalloc peak
of one further, untimed run, the pairs it scored, the clusters (groups of 2+), and on the
fixture pairwise precision/recall/F1 against fixtures/gold/kst-29325-157.partial.json
with bench/quality.py's evaluate (peers' groups become clusters of our ids).
"""

from __future__ import annotations

import gc
import importlib.metadata
import random
import re
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ParamSpec, TypeVar
from unittest import mock

import numpy as np
from numpy.typing import NDArray

# bench/ is not a package: `python bench/compare.py` puts this folder on sys.path.
from quality import evaluate
from rapidfuzz import fuzz, process
from scipy import sparse
from scipy.sparse.csgraph import connected_components

import dedup.compare as dedup_compare
import dedup.similarity.reuse as dedup_reuse
from dedup.cluster import build_graph, cluster_answers, cluster_questions
from dedup.compare import compare_answers, compare_questions
from dedup.model import Analysis, Answer, AnswerCluster, Question, QuestionCluster, Segmentation
from dedup.parse.normalize import comparison_form
from dedup.parse.sentences import split_sentences
from dedup.pipeline import segment_file
from dedup.settings import Settings
from dedup.similarity.reuse import Reuse
from dedup.similarity.scores import PairScore, score_pairs

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "kst-29325-157.txt"
GOLD = ROOT / "fixtures" / "gold" / "kst-29325-157.partial.json"
SEED = 20240157
COPIES = 20
REPEATS = 3  # timed runs on the fixture; the x20 set is timed once
MIB = 2**20

NAIVE_QUESTION_THRESHOLD = 90.0  # fuzz.token_set_ratio, 0-100
NAIVE_ANSWER_THRESHOLD = 85.0  # fuzz.ratio, as dedup's default sentence_ratio
NAIVE_BUDGET_S = 120.0  # skip the all-pairs baseline when its estimate exceeds this
STRING_GROUPER_MIN_SIMILARITY = 0.8  # string-grouper's own default
LSH_THRESHOLD = 0.5
LSH_NUM_PERM = 128
SHINGLE = 3

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one method found: groups of ids (2+ members) and how many pairs it scored."""

    groups: list[list[str]]
    pairs: int | None


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a table."""

    method: str
    seconds: float | None = None
    peak_mib: float | None = None
    pairs: int | None = None
    clusters: int | None = None
    quality: dict[str, tuple[float, float, float]] | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Dataset:
    """Questions and answers to group; `seg` is set where the gold applies."""

    name: str
    questions: tuple[Question, ...]
    answers: tuple[Answer, ...]
    seg: Segmentation | None
    repeats: int


# --- the x20 data set ----------------------------------------------------------------------

SYNONYMS = {
    "gemeenten": "gemeentes",
    "gemeentes": "gemeenten",
    "staatssecretaris": "bewindspersoon",
    "minister": "bewindspersoon",
    "dakloze": "thuisloze",
    "daklozen": "thuislozen",
    "dakloosheid": "thuisloosheid",
    "mensen": "personen",
    "plan": "voornemen",
    "plannen": "voornemens",
    "opvang": "opvangvoorziening",
    "woningen": "woonruimtes",
    "jongeren": "jongvolwassenen",
    "belangrijk": "van belang",
    "aantal": "hoeveelheid",
    "onderzoek": "studie",
    "wanneer": "per wanneer",
    "hoeveel": "hoe veel",
    "welke": "wat voor",
    "kan": "kon",
    "graag": "gaarne",
    "ook": "eveneens",
    "daarnaast": "verder",
    "regio's": "regio’s",
    "inzicht": "zicht",
    "maatregelen": "stappen",
}
_EDGE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def _split_word(word: str) -> tuple[str, str, str]:
    m = _EDGE.fullmatch(word)
    assert m is not None  # the pattern matches any string
    return m.group(1), m.group(2), m.group(3)


def _edit_word(word: str, rng: random.Random) -> str:
    lead, core, trail = _split_word(word)
    swap = SYNONYMS.get(core.lower())
    if swap is not None:
        new = swap.capitalize() if core[:1].isupper() else swap
    elif len(core) >= 4:
        p = rng.randrange(1, len(core) - 2)  # swap two inner letters: a typo
        new = core[:p] + core[p + 1] + core[p] + core[p + 2 :]
    else:
        new = core
    return f"{lead}{new}{trail}"


def perturb(text: str, rng: random.Random) -> str:
    """Sentences shuffled, one to three words swapped for a synonym or a typo."""
    sentences = [s.text for s in split_sentences(text)] or [text]
    if len(sentences) > 1:
        rng.shuffle(sentences)
    words = " ".join(sentences).split(" ")
    known = [i for i, w in enumerate(words) if _split_word(w)[1].lower() in SYNONYMS]
    edits = rng.randint(1, 3)
    chosen = rng.sample(known, min(edits, len(known)))
    if len(chosen) < edits:
        chosen += rng.sample(range(len(words)), min(edits - len(chosen), len(words)))
    for i in set(chosen):
        words[i] = _edit_word(words[i], rng)
    return " ".join(words)


def write_long_paragraph(folder: Path) -> Path:
    """The sample with one 1 MB paragraph of questions and no line breaks put before the
    VVD section (issue 11's hostile case), written to `folder/lange-alinea.txt`."""
    lines = (ROOT / "fixtures" / "kst-29325-157.txt").read_text(encoding="utf-8").split("\n")
    first = next(k for k, line in enumerate(lines) if line.startswith("De leden van de VVD"))
    sentence = (
        "De leden van de VVD-fractie vragen bijv. naar nr. 5 van de heer J. Jansen (zie blz. 3) "
        "en of de Staatssecretaris dit kan toelichten? "
    )
    path = folder / "lange-alinea.txt"
    para = sentence * (1_000_000 // len(sentence))
    path.write_text("\n".join([*lines[:first], para, *lines[first:]]), encoding="utf-8")
    return path


def scaled(questions: Sequence[Question], answers: Sequence[Answer], copies: int) -> Dataset:
    """The original items plus `copies - 1` perturbed copies of each."""
    rng = random.Random(SEED)
    qs: list[Question] = list(questions)
    ans: list[Answer] = list(answers)
    for k in range(1, copies):
        tag = f"~{k:02d}"
        for q in questions:
            qs.append(
                replace(
                    q,
                    id=q.id + tag,
                    fraction=q.fraction + tag,
                    text=perturb(q.text, rng),
                    context=perturb(q.context, rng) if q.context else q.context,
                )
            )
        for a in answers:
            ans.append(
                replace(
                    a,
                    id=a.id + tag,
                    section_fraction=a.section_fraction + tag,
                    text=perturb(a.text, rng),
                    answers_questions=tuple(x + tag for x in a.answers_questions),
                )
            )
    return Dataset(f"fixture x{copies} (perturbed copies)", tuple(qs), tuple(ans), None, 1)


# --- measuring -----------------------------------------------------------------------------


def _counted(fn: Callable[P, R], box: list[int]) -> Callable[P, R]:
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        box[0] += 1
        return fn(*args, **kwargs)

    return wrapper


def measure(
    run: Callable[[bool], Outcome], repeats: int, *, single: bool = False
) -> tuple[Outcome, float, float]:
    """Best wall time of `repeats` plain runs; peak and pair count from one traced run.

    With `single`, the traced run is the only run and gives the time as well.
    """
    best = float("inf")
    for _ in range(0 if single else repeats):
        gc.collect()
        t0 = time.perf_counter()
        run(False)
        best = min(best, time.perf_counter() - t0)
    gc.collect()
    tracemalloc.start()
    try:
        t0 = time.perf_counter()
        outcome = run(True)
        traced_seconds = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return outcome, traced_seconds if single else best, peak / MIB


def _components(n: int, rows: NDArray[np.int64], cols: NDArray[np.int64]) -> NDArray[np.int32]:
    graph = sparse.coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph.tocsr(), directed=False)
    return np.asarray(labels, dtype=np.int32)


def _groups_from_labels(labels: Sequence[int], ids: Sequence[str]) -> list[list[str]]:
    by_label: dict[int, list[str]] = {}
    for label, item in zip(labels, ids, strict=True):
        by_label.setdefault(int(label), []).append(item)
    return [g for g in by_label.values() if len(g) >= 2]


# --- the methods ---------------------------------------------------------------------------


def dedup_questions(
    questions: Sequence[Question], answers: Sequence[Answer], reuse: Sequence[Reuse]
) -> Callable[[bool], Outcome]:
    settings = Settings()

    def run(count: bool) -> Outcome:
        box = [0]

        def counted(a: Sequence[str], *rest: Any) -> list[PairScore]:
            box[0] += len(a)  # one batch scores all of a document's candidate pairs
            return score_pairs(a, *rest)

        with mock.patch.object(dedup_compare, "score_pairs", counted if count else score_pairs):
            pairs = compare_questions(questions, answers, reuse, settings)
            clusters = cluster_questions(questions, pairs, settings)
        return Outcome([list(c.members) for c in clusters], box[0] if count else None)

    return run


def dedup_answers(answers: Sequence[Answer], keep: list[Reuse]) -> Callable[[bool], Outcome]:
    """dedup's answer step; the reuse it finds is left in `keep` for the question step."""
    settings = Settings()

    def run(count: bool) -> Outcome:
        box = [0]
        ratio = _counted(fuzz.ratio, box) if count else fuzz.ratio
        with mock.patch.object(dedup_reuse, "fuzz", SimpleNamespace(ratio=ratio)):
            reuse = compare_answers(answers, settings)
            clusters = cluster_answers(answers, build_graph([], answers, [], reuse))
        keep[:] = reuse
        return Outcome([list(c.members) for c in clusters], box[0] if count else None)

    return run


def naive(
    forms: Sequence[str], ids: Sequence[str], scorer: Callable[..., float], threshold: float
) -> Callable[[bool], Outcome]:
    def run(count: bool) -> Outcome:
        n = len(forms)
        # One list against itself with a symmetric scorer: rapidfuzz scores each
        # unordered pair once and mirrors it.
        scores = process.cdist(
            forms, forms, scorer=scorer, score_cutoff=threshold, dtype=np.uint8, workers=1
        )
        rows, cols = np.nonzero(np.triu(scores >= threshold, k=1))
        labels = _components(n, rows.astype(np.int64), cols.astype(np.int64))
        return Outcome(_groups_from_labels(labels.tolist(), ids), n * (n - 1) // 2)

    return run


def naive_estimate(forms: Sequence[str], scorer: Callable[..., float], sample: int = 300) -> float:
    """Seconds the all-pairs baseline would take, from a random sample of the forms."""
    rng = random.Random(SEED)
    part = rng.sample(list(forms), min(sample, len(forms)))
    t0 = time.perf_counter()
    process.cdist(part, part, scorer=scorer, dtype=np.uint8, workers=1)
    per_pair = (time.perf_counter() - t0) / max(1, len(part) * (len(part) - 1) // 2)
    n = len(forms)
    return per_pair * n * (n - 1) / 2


def string_grouper_questions(forms: Sequence[str], ids: Sequence[str]) -> Callable[[bool], Outcome]:
    import pandas as pd
    from string_grouper import StringGrouper

    series = pd.Series(list(forms))

    def run(count: bool) -> Outcome:
        sg = StringGrouper(series, min_similarity=STRING_GROUPER_MIN_SIMILARITY).fit()
        groups = sg.get_groups()
        reps = [int(r) for r in groups["group_rep_index"].tolist()]
        matches = sg.get_matches()
        off_diagonal = int((matches["left_index"] != matches["right_index"]).sum()) // 2
        return Outcome(_groups_from_labels(reps, ids), off_diagonal)

    return run


def _shingles(form: str) -> list[bytes]:
    words = form.split()
    grams = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    return [g.encode() for g in sorted(grams or {form})]


def minhash_answers(forms: Sequence[str], ids: Sequence[str]) -> Callable[[bool], Outcome]:
    from datasketch import MinHash, MinHashLSH

    def run(count: bool) -> Outcome:
        hashes = MinHash.bulk([_shingles(f) for f in forms], num_perm=LSH_NUM_PERM)
        lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=LSH_NUM_PERM)
        with lsh.insertion_session() as session:
            for i, h in enumerate(hashes):
                session.insert(i, h)
        candidates = {
            (min(i, j), max(i, j)) for i, h in enumerate(hashes) for j in lsh.query(h) if j != i
        }
        kept = [(i, j) for i, j in candidates if hashes[i].jaccard(hashes[j]) >= LSH_THRESHOLD]
        rows = np.array([i for i, _ in kept], dtype=np.int64)
        cols = np.array([j for _, j in kept], dtype=np.int64)
        labels = _components(len(forms), rows, cols)
        return Outcome(_groups_from_labels(labels.tolist(), ids), len(candidates))

    return run


# --- tables --------------------------------------------------------------------------------


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _as_analysis(seg: Segmentation, questions: Outcome | None, answers: Outcome | None) -> Analysis:
    qc = tuple(
        QuestionCluster(f"Q{n:03d}", "paraphrase", "", tuple(g), (), 0.0)
        for n, g in enumerate(questions.groups if questions else [], 1)
    )
    ac = tuple(
        AnswerCluster(f"R{n:03d}", "partial", "", tuple(g), (), (), 0.0)
        for n, g in enumerate(answers.groups if answers else [], 1)
    )
    return Analysis(seg, qc, ac, (), {}, {})


def _row(
    name: str,
    run: Callable[[bool], Outcome],
    data: Dataset,
    gold: dict[str, object] | None,
    kind: str,
    *,
    single: bool = False,
) -> Row:
    outcome, seconds, peak = measure(run, data.repeats, single=single)
    quality = None
    if data.seg is not None and gold is not None:
        an = _as_analysis(
            data.seg,
            outcome if kind == "questions" else None,
            outcome if kind == "answers" else None,
        )
        quality = evaluate(an, gold, None, lambda n: n)
    return Row(name, seconds, peak, outcome.pairs, len(outcome.groups), quality)


def _peer_row(
    name: str,
    make: Callable[[], Callable[[bool], Outcome]],
    data: Dataset,
    gold: dict[str, object] | None,
    kind: str,
) -> Row:
    try:
        run = make()
    except ImportError as exc:
        return Row(name, note=f"not available: {exc} (pip install -e '.[bench]')")
    return _row(name, run, data, gold, kind)


def _num(value: float | int | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def print_table(title: str, rows: Sequence[Row], measures: Sequence[tuple[str, str]]) -> None:
    head = f"{'method':46} {'time s':>8} {'peak MiB':>9} {'pairs':>11} {'clusters':>8}"
    for _, short in measures:
        head += f" {short + ' P/R/F1':>17}"
    print(title)
    print(head)
    print("-" * len(head))
    for r in rows:
        line = (
            f"{r.method:46} {_num(r.seconds, '8.3f')} {_num(r.peak_mib, '9.1f')} "
            f"{_num(r.pairs, '11,d')} {_num(r.clusters, '8d')}"
        )
        if r.note:
            line = f"{r.method:46} {r.note}"
        elif r.quality is not None:
            for key, _ in measures:
                p, rc, f = r.quality[key]
                line += f"  {p:5.2f}/{rc:4.2f}/{f:4.2f}"
        print(line)
    print()


def run_dataset(data: Dataset, gold: dict[str, object] | None) -> None:
    qids = [q.id for q in data.questions]
    aids = [a.id for a in data.answers]
    qforms = [comparison_form(q.text) for q in data.questions]
    aforms = [comparison_form(a.text) for a in data.answers]
    print(f"=== {data.name}: {len(qids)} Part I questions, {len(aids)} answer passages ===\n")

    # Answers first: dedup's question step takes the answers' reuse as evidence.
    reuse: list[Reuse] = []
    arows = [
        _row(
            "dedup compare_answers+cluster_answers",
            dedup_answers(data.answers, reuse),
            data,
            gold,
            "answers",
        ),
        _naive_row(
            f"naive rapidfuzz ratio>={NAIVE_ANSWER_THRESHOLD:.0f} + CC",
            aforms,
            aids,
            fuzz.ratio,
            NAIVE_ANSWER_THRESHOLD,
            data,
            gold,
            "answers",
        ),
        _peer_row(
            f"datasketch {_version('datasketch')} MinHashLSH t={LSH_THRESHOLD} {SHINGLE}-shingles",
            lambda: minhash_answers(aforms, aids),
            data,
            gold,
            "answers",
        ),
    ]
    qrows = [
        _row(
            "dedup compare_questions+cluster_questions",
            dedup_questions(data.questions, data.answers, reuse),
            data,
            gold,
            "questions",
        ),
        _naive_row(
            f"naive rapidfuzz token_set_ratio>={NAIVE_QUESTION_THRESHOLD:.0f} + CC",
            qforms,
            qids,
            fuzz.token_set_ratio,
            NAIVE_QUESTION_THRESHOLD,
            data,
            gold,
            "questions",
        ),
        _peer_row(
            f"string-grouper {_version('string-grouper')} "
            f"min_similarity={STRING_GROUPER_MIN_SIMILARITY}",
            lambda: string_grouper_questions(qforms, qids),
            data,
            gold,
            "questions",
        ),
    ]
    print_table(
        "QUESTIONS",
        qrows,
        [("near-identical pairs clustered", "near"), ("questions all kinds", "all")],
    )
    print_table("ANSWERS", arows, [("answer reuse", "reuse")])


def _naive_row(
    name: str,
    forms: Sequence[str],
    ids: Sequence[str],
    scorer: Callable[..., float],
    threshold: float,
    data: Dataset,
    gold: dict[str, object] | None,
    kind: str,
) -> Row:
    n = len(forms)
    estimate = naive_estimate(forms, scorer)
    # Its work is one compiled call, which tracing does not slow: on the x20 set one
    # traced run gives both its time and its peak.
    single = data.repeats == 1
    runs = 1 if single else data.repeats + 1
    if estimate * runs > NAIVE_BUDGET_S:
        return Row(
            name,
            note=(
                f"skipped: O(n²), {n * (n - 1) // 2:,} pairs, estimated {estimate:.0f} s a run "
                f"x {runs} > {NAIVE_BUDGET_S:.0f} s budget"
            ),
        )
    return _row(name, naive(forms, ids, scorer, threshold), data, gold, kind, single=single)


FOOTNOTES = """\
pairs: dedup questions = pairs given to score_pairs (TF-IDF top-k candidates of words and
  of contexts); dedup answers = answer-sentence pairs compared with fuzz.ratio (TF-IDF
  top-k candidates of sentences); naive = all n(n-1)/2 pairs; string-grouper = pairs
  its top-n sparse cosine product kept (>= min_similarity); MinHash = distinct LSH
  candidate pairs (each then checked with the estimated Jaccard), 128 permutations.
clusters: groups of 2+ items. P/R/F1: pairwise, against the partial gold, restricted to
  items the gold lists (bench/quality.py's evaluate); near = near-identical clusters,
  all = near-identical and paraphrase; reuse = answer-reuse clusters.
time: best of 3 on the fixture, one run on x20; the naive baseline's x20 time is that of
  its traced run (its work is one compiled call, which tracing does not slow).
peak MiB: tracemalloc, i.e. Python and NumPy allocations; memory that compiled code
  allocates for itself (rapidfuzz's C++, string-grouper's Rust product) is not seen.
"""


def main() -> None:
    import json

    gold: dict[str, object] = json.loads(GOLD.read_text(encoding="utf-8"))
    seg = segment_file(FIXTURE)
    questions, answers = seg.part_one(), seg.answers
    t0 = time.perf_counter()
    run_dataset(Dataset(f"fixture {FIXTURE.name}", questions, answers, seg, REPEATS), gold)
    run_dataset(scaled(questions, answers, COPIES), None)
    print(FOOTNOTES)
    print(f"total {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
