"""The question clustering walks only the pairs that exist; it must merge exactly as the
straightforward average-link loop over every cross pair (kept here as the reference) does.
The answer clustering builds a graph of its own for each component Louvain splits and walks
only the answers' links; it must give the clusters the version on subgraph views gave.
The word diffs find long shared runs from shared word q-grams; they must be difflib's."""

from __future__ import annotations

import difflib
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import networkx as nx
import pytest

from dedup.cluster import (
    _agglomerate,
    _Differ,
    _linked,
    _opcodes,
    _parts_of_one_compound,
    _prune,
    _words,
    build_graph,
    cluster_answers,
    cluster_questions,
    word_diffs,
)
from dedup.compare import QuestionPair
from dedup.labels import _names_asker, answer_label
from dedup.model import Answer, AnswerCluster, Question, WordDiff
from dedup.parse.fractions import known_fractions
from dedup.settings import Settings
from dedup.similarity.reuse import Reuse
from dedup.similarity.scores import PairScore


def reference(
    pairs: Sequence[QuestionPair], fraction: dict[str, str], settings: Settings
) -> list[list[str]]:
    """The merging loop as it was: every cross pair of the two groups on every merge."""
    weight = {(p.a, p.b): p.score for p in pairs} | {(p.b, p.a): p.score for p in pairs}
    part: dict[tuple[str, str], int] = {}
    for p in pairs:
        if p.score >= settings.paraphrase:
            if p.part_a is not None:
                part[p.a, p.b] = p.part_a
            if p.part_b is not None:
                part[p.b, p.a] = p.part_b
    words = {(p.a, p.b): p.words.score for p in pairs} | {(p.b, p.a): p.words.score for p in pairs}
    owner: dict[str, int] = {}
    groups: dict[int, list[str]] = {}
    for p in sorted(
        (p for p in pairs if p.score >= settings.paraphrase), key=lambda p: (-p.score, p.a, p.b)
    ):
        for q in (p.a, p.b):
            if q not in owner:
                owner[q] = len(owner)
                groups[owner[q]] = [q]
        ga, gb = owner[p.a], owner[p.b]
        if ga == gb:
            continue
        a_members, b_members = groups[ga], groups[gb]
        merged = a_members + b_members
        same_owner = [
            (x, y)
            for x in a_members
            for y in b_members
            if fraction[x] == fraction[y] and words.get((x, y), 0.0) < settings.near_identical
        ]
        if any(not _parts_of_one_compound(x, y, merged, part) for x, y in same_owner):
            continue
        linked = [(x, y) for x in a_members for y in b_members if (x, y) not in same_owner]
        link = sum(weight.get(xy, 0.0) for xy in linked) / max(1, len(linked))
        if link < settings.paraphrase * settings.average_link:
            continue
        groups[ga] = a_members + b_members
        for q in b_members:
            owner[q] = ga
        del groups[gb]
    return [g for g in groups.values() if len(g) >= 2]


def generated(seed: int) -> tuple[list[str], dict[str, str], list[QuestionPair]]:
    """Questions in families: identical copies (word score 1), near-identical variants and
    loose paraphrases, a few fractions asking many of them, compound questions whose parts
    other questions match, and hubs paired with nearly everyone (as in a document where one
    sentence repeats thousands of times)."""
    rng = random.Random(seed)
    fractions = ["VVD", "D66", "CDA", "SP"]
    ids = [f"q{k:03d}" for k in range(rng.randint(30, 90))]
    fraction = {q: rng.choice(fractions[: rng.randint(1, 4)]) for q in ids}
    family = {q: rng.randrange(max(1, len(ids) // 8)) for q in ids}
    hubs = set(rng.sample(ids, 2))
    compound = set(rng.sample(ids, len(ids) // 4))
    # Scores from a small set of values, so that ties in score are many.
    levels = [0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 1.0]
    pairs = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            same = family[a] == family[b]
            if not (same or a in hubs or b in hubs) and rng.random() > 0.05:
                continue
            if same and rng.random() < 0.15:
                continue  # not every pair of a family made the top k
            score = rng.choice(levels[3:] if same else levels)
            words = rng.choice([1.0, 0.9, 0.86, 0.7] if same else [0.3, 0.6, 0.86])
            part_a = rng.randrange(3) if a in compound else None
            part_b = rng.randrange(3) if b in compound else None
            pairs.append(
                QuestionPair(
                    a, b, PairScore(score, words, words, words), 0.0, False, score, part_a, part_b
                )
            )
    rng.shuffle(pairs)
    return ids, fraction, pairs


@pytest.mark.parametrize("seed", range(40))
def test_merging_matches_the_reference(seed: int) -> None:
    ids, fraction, pairs = generated(seed)
    settings = Settings()
    expected = reference(pairs, fraction, settings)
    assert _agglomerate(pairs, fraction, settings) == expected
    # One asker (a lijst): every question its own owner, the one-fraction rule lifted.
    owners = {q: q for q in ids}
    assert _agglomerate(pairs, owners, settings) == reference(pairs, owners, settings)


def test_generated_input_has_big_and_refused_merges() -> None:
    """The generated inputs exercise what the fast paths skip: groups of many members, and
    merges the one-fraction rule or the average link refuses."""
    settings = Settings()
    biggest = 0
    refused = 0
    for seed in range(40):
        _, fraction, pairs = generated(seed)
        groups = reference(pairs, fraction, settings)
        biggest = max(biggest, *(len(g) for g in groups))
        # A refused merge leaves a strong pair split over two groups.
        group_of = {q: k for k, g in enumerate(groups) for q in g}
        refused += sum(
            1
            for p in pairs
            if p.score >= settings.paraphrase and group_of.get(p.a, -1) != group_of.get(p.b, -2)
        )
    assert biggest >= 8
    assert refused > 100


def test_identical_questions_of_one_fraction_cluster_as_before() -> None:
    """Many identical questions of one fraction, each paired with its neighbours only and all
    with two hub copies (what one sentence repeated in a 1 MB paragraph gives)."""
    n = 300
    questions = [
        Question(
            id=f"VVD-q{k:03d}",
            fraction="VVD",
            part="I",
            line=k + 1,
            line_end=k + 1,
            text="Kan de Staatssecretaris dit toelichten?",
            direct=True,
            topic=None,
        )
        for k in range(n)
    ]
    same = PairScore(1.0, 1.0, 1.0, 1.0)
    pairs = []
    for k in range(n):
        for j in range(k + 1, min(n, k + 6)):
            pairs.append(QuestionPair(questions[k].id, questions[j].id, same, 1.0, False, 1.0))
        for hub in (0, 1):
            if k > 6:
                pairs.append(
                    QuestionPair(questions[hub].id, questions[k].id, same, 1.0, False, 1.0)
                )
    settings = Settings()
    fraction = {q.id: q.fraction for q in questions}
    expected = reference(pairs, fraction, settings)
    assert _agglomerate(pairs, fraction, settings) == expected
    clusters = cluster_questions(questions, pairs, settings)
    assert sorted(sorted(c.members) for c in clusters) == sorted(sorted(g) for g in expected)
    assert all(c.kind == "near-identical" for c in clusters)


def test_questions_of_one_fraction_join_as_parts_of_one_compound() -> None:
    """x matches one part of compound question z, y1..y3 (x's fraction, near-identical to
    each other, not to x) another part: all join z's group. w, of their fraction too,
    matches no part of z and stays out."""
    same = PairScore(0.95, 1.0, 1.0, 1.0)
    loose = PairScore(0.8, 0.4, 0.4, 0.4)
    ys = ("y1", "y2", "y3")
    pairs = [
        QuestionPair("y1", "y2", same, 0.0, False, 0.95),
        QuestionPair("y1", "y3", same, 0.0, False, 0.95),
        QuestionPair("y2", "y3", same, 0.0, False, 0.95),
        *(QuestionPair("z", y, loose, 0.0, False, 0.9, 1, None) for y in ys),
        QuestionPair("x", "z", loose, 0.0, False, 0.8, None, 0),
        QuestionPair("z", "w", loose, 0.0, False, 0.78),
    ]
    fraction = {"z": "D66", "x": "VVD", "w": "VVD"} | dict.fromkeys(ys, "VVD")
    settings = Settings()
    expected = [["x", "z", "y1", "y2", "y3"]]
    assert reference(pairs, fraction, settings) == expected
    assert _agglomerate(pairs, fraction, settings) == expected


# --- Answer clusters: the component graphs and the walk over the reuse links ---------------


def reference_cohesive_groups(g: nx.Graph, settings: Settings) -> list[set[Any]]:
    """Connected groups split by Louvain as before: on a subgraph view of g."""
    groups: list[set[Any]] = []
    for comp in nx.connected_components(g):
        if len(comp) < 2:
            continue
        sub = g.subgraph(comp)
        if len(comp) <= settings.cohesive_size or nx.density(sub) >= settings.cohesive_density:
            groups.append(set(comp))
            continue
        for community in nx.community.louvain_communities(sub, weight="weight", seed=7):
            if len(community) >= 2:
                groups.append(set(community))
    return groups


def reference_prune(g: nx.Graph, group: set[Any]) -> set[Any]:
    """_prune as it was: every member's links counted again after each drop."""
    members = set(group)
    changed = True
    while changed and len(members) > 2:
        changed = False
        for m in sorted(members):
            links = sum(1 for o in members if o != m and g.has_edge(m, o))
            if links < (len(members) - 1) / 2:
                members.discard(m)
                changed = True
                break
    return members


def reference_word_diffs(first: str, other: str, member: str) -> list[WordDiff]:
    """difflib's opcodes on the two texts' words, as the diffs always were."""
    a, b = re.findall(r"\S+", first), re.findall(r"\S+", other)
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        WordDiff(member, op, " ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in sm.get_opcodes()
        if op != "equal"
    ]


def reference_answer_clusters(
    answers: Sequence[Answer], graph: nx.Graph, settings: Settings
) -> list[AnswerCluster]:
    """cluster_answers as it was: every edge of the graph walked, Louvain on views, every
    member's diff against the first computed from scratch."""
    index = {a.id: i for i, a in enumerate(answers)}
    g = nx.Graph()
    for u, v, data in graph.edges(data=True):
        if data["link"] == "reuse":
            a, b = sorted((index[u], index[v]))
            g.add_edge(a, b, weight=data["weight"], kind=data["reuse"], sim=data["similarity"])
    raw: list[tuple[list[int], str, float]] = []
    for group in reference_cohesive_groups(g, settings):
        members = sorted(reference_prune(g, group))
        edges = [g.edges[a, b] for a in members for b in members if a < b and g.has_edge(a, b)]
        if not edges:
            # Pruning a sparse community can leave two answers that share no link: no cluster
            # (this was a crash, min() of nothing).
            continue
        kinds = {e["kind"] for e in edges}
        kind = (
            "verbatim"
            if kinds == {"verbatim"}
            else "near-verbatim"
            if kinds <= {"verbatim", "near-verbatim"}
            else "partial"
        )
        raw.append((members, kind, min(e["sim"] for e in edges)))
    raw.sort(key=lambda r: r[0][0])
    labels = [answer_label([answers[m].topic for m in r[0]], answers[r[0][0]].text) for r in raw]
    return [
        AnswerCluster(
            id=f"R{n:03d}",
            kind=kind,
            label=label,
            members=tuple(answers[m].id for m in members),
            fractions=tuple(dict.fromkeys(answers[m].section_fraction for m in members)),
            diffs=tuple(
                d
                for m in members[1:]
                for d in reference_word_diffs(
                    answers[members[0]].text, answers[m].text, answers[m].id
                )
            ),
            min_similarity=sim,
        )
        for n, ((members, kind, sim), label) in enumerate(zip(raw, labels, strict=True), 1)
    ]


_WORDS = [
    "de",
    "het",
    "een",
    "wet",
    "regering",
    "leden",
    "vragen",
    "kan",
    "dit",
    "wordt",
    "niet",
    "ook",
    "voor",
    "zorg",
]


def generated_answers(seed: int) -> tuple[list[Question], list[Answer], list[Reuse]]:
    """Answers in families (copies of one passage with a few words changed, some verbatim),
    reuse links inside families (not all: some families are sparse, so Louvain splits them)
    and a few between families; questions with pairs, so the graph has other links too."""
    rng = random.Random(seed)
    answers: list[Answer] = []
    family_of: list[int] = []
    for f in range(rng.randint(3, 12)):
        base = [rng.choice(_WORDS) for _ in range(rng.randint(5, 40))]
        for _ in range(rng.randint(1, 14)):
            words = list(base)
            for _ in range(rng.choice([0, 0, 1, 3])):
                words[rng.randrange(len(words))] = rng.choice(_WORDS)
            k = len(answers)
            answers.append(
                Answer(f"A{k:03d}", rng.choice(["VVD", "D66"]), k, k, " ".join(words), ())
            )
            family_of.append(f)
    density = {f: rng.choice([0.2, 0.35, 0.5, 0.9]) for f in set(family_of)}
    reuse: list[Reuse] = []
    for i in range(len(answers)):
        for j in range(i + 1, len(answers)):
            same = family_of[i] == family_of[j]
            if rng.random() < (density[family_of[i]] if same else 0.01):
                sim = rng.choice([100.0, 96.5, 91.0, 85.0])
                kind = "verbatim" if sim == 100.0 else rng.choice(["near-verbatim", "partial"])
                a, b = (i, j) if rng.random() < 0.5 else (j, i)
                reuse.append(Reuse(a, b, 0.9, 0.8, sim, kind))
    rng.shuffle(reuse)
    questions = [
        Question(f"VVD-q{k:02d}", "VVD", "I", k, k, "Kan dit?", True, None) for k in range(10)
    ]
    answers = [
        replace(a, answers_questions=(questions[k % 10].id,)) if k % 3 == 0 else a
        for k, a in enumerate(answers)
    ]
    return questions, answers, reuse


@pytest.mark.parametrize("seed", range(30))
def test_answer_clusters_match_the_reference(seed: int) -> None:
    questions, answers, reuse = generated_answers(seed)
    rng = random.Random(seed)
    same = PairScore(0.9, 0.9, 0.9, 0.9)
    pairs = [
        QuestionPair(questions[k].id, questions[j].id, same, 0.0, False, 0.9)
        for k in range(10)
        for j in range(k + 1, 10)
        if rng.random() < 0.5
    ]
    graph = build_graph(questions, answers, pairs, reuse)
    settings = Settings()
    assert cluster_answers(answers, graph, settings) == reference_answer_clusters(
        answers, graph, settings
    )


def test_generated_answers_are_split_by_louvain() -> None:
    """The generated inputs reach the Louvain split (sparse groups) and verbatim copies."""
    settings = Settings()
    split = verbatim = 0
    for seed in range(30):
        _, answers, reuse = generated_answers(seed)
        g = nx.Graph()
        g.add_edges_from((r.a, r.b) for r in reuse)
        split += sum(
            1
            for comp in nx.connected_components(g)
            if len(comp) > settings.cohesive_size
            and nx.density(g.subgraph(comp)) < settings.cohesive_density
        )
        verbatim += sum(1 for r in reuse if answers[r.a].text == answers[r.b].text)
    assert split >= 10
    assert verbatim >= 10


def test_a_community_pruned_to_two_unlinked_answers_is_no_cluster() -> None:
    """Generated seed 5 holds a sparse family that Louvain keeps as one community and
    pruning cuts down to two answers without a link between them: no cluster of those
    two, and no crash (min() of no edges was one)."""
    questions, answers, reuse = generated_answers(5)
    graph = build_graph(questions, answers, [], reuse)
    clusters = cluster_answers(answers, graph, Settings())
    linked = {(answers[r.a].id, answers[r.b].id) for r in reuse}
    linked |= {(b, a) for a, b in linked}
    assert clusters
    for c in clusters:
        assert any((a, b) in linked for a in c.members for b in c.members)


# --- Word diffs, pruning, the near-identical cores, the asker test ---------------------------


def _edited(words: list[str], rng: random.Random, vocabulary: list[str]) -> list[str]:
    """A copy of `words` with its halves swapped now and then and a few words inserted,
    dropped or replaced (what a reused answer with sentences moved looks like)."""
    out = list(words)
    if out and rng.random() < 0.3:
        cut = rng.randrange(len(out) + 1)
        out = out[cut:] + out[:cut]
    for _ in range(rng.randint(0, 5)):
        at = rng.randrange(len(out) + 1)
        op = rng.randrange(3)
        if op == 0:
            out.insert(at, rng.choice(vocabulary))
        elif at < len(out):
            if op == 1:
                del out[at]
            else:
                out[at] = rng.choice(vocabulary)
    return out


@pytest.mark.parametrize("seed", range(20))
def test_opcodes_are_difflibs(seed: int) -> None:
    """On random word lists (few distinct words: many ties and repeated runs; edited copies:
    long shared runs found from q-grams) the opcodes are difflib's, tie for tie."""
    rng = random.Random(seed)
    for _ in range(500):
        vocabulary = [f"w{k}" for k in range(rng.randint(1, 9))]
        a = [rng.choice(vocabulary) for _ in range(rng.randint(0, 60))]
        if a and rng.random() < 0.6:
            b = _edited(a, rng, [*vocabulary, "x", "y"])
        else:
            b = [rng.choice(vocabulary) for _ in range(rng.randint(0, 60))]
        expected = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
        differ = _Differ(" ".join(a))
        assert _opcodes(a, b, differ._anchors()) == [tuple(op) for op in expected]


def test_word_diffs_are_difflibs_on_real_answers() -> None:
    """The sample's answers against edited copies of themselves and of each other."""
    from dedup.pipeline import segment_file

    answers = [a.text for a in segment_file("fixtures/kst-29325-157.txt").answers]
    rng = random.Random(11)
    vocabulary = sorted({w for t in answers for w in t.split()})
    checked = 0
    for first in answers:
        differ = _Differ(first)
        words = first.split()
        others = [" ".join(_edited(words, rng, vocabulary)) for _ in range(3)]
        others += [rng.choice(answers), first]
        for other in others + others[:1]:  # the first again: the cached diff
            assert differ.diffs(other, "m") == reference_word_diffs(first, other, "m")
            assert word_diffs(first, other, "m") == reference_word_diffs(first, other, "m")
            checked += 1
    assert checked > 500


def test_words_are_what_a_non_space_pattern_finds() -> None:
    """str.split() and `\\S+` agree on every code point: each one between two letters
    and doubled before a third (a character only one of them splits at changes the
    words)."""
    text = " ".join(f"a{c}b {c}{c}c" for c in map(chr, range(sys.maxunicode + 1)))
    words = _words(text)
    assert words == re.findall(r"\S+", text)
    assert len(words) > 2 * sys.maxunicode  # most characters are no space: one word each


@pytest.mark.parametrize("seed", range(10))
def test_prune_and_cores_match_the_references(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        nodes = list(range(rng.randint(1, 25)))
        edges = [(u, v) for u in nodes for v in nodes if u < v and rng.random() < 0.4]
        edges += [(u, u) for u in nodes if rng.random() < 0.1]  # self links count for nothing
        g = nx.Graph(edges)
        g.add_nodes_from(nodes)
        group = set(rng.sample(nodes, rng.randint(1, len(nodes))))
        assert _prune(g, group) == reference_prune(g, group)
        links = [(f"q{u}", f"q{v}") for u, v in edges]
        expected = nx.Graph(links)
        assert sorted(map(sorted, _linked(links))) == sorted(
            map(sorted, nx.connected_components(expected))
        )


def test_asker_test_is_the_one_pattern_it_was() -> None:
    """Two patterns tried in turn answer as the single alternation did, on texts made of
    fraction names, the askers' words and case variants (dotless and dotted i too)."""
    names = "|".join(re.escape(n) for n in sorted(known_fractions(), key=len, reverse=True))
    one = re.compile(
        rf"\b(?:leden|fractie|lid|zij vragen|deze leden)\b|\b(?:{names})(?:-|\s)?fractie",
        re.IGNORECASE,
    )
    pieces = [*known_fractions(), "fractie", "Fractie", "FRACTİE", "fractıe", "leden", "LID"]
    pieces += ["lid", "zij vragen", "deze leden", "de", "?", "x", "-", " ", "\n"]
    rng = random.Random(2)
    found = 0
    for _ in range(20000):
        text = "".join(
            rng.choice(pieces) + rng.choice(["", " ", "-"]) for _ in range(rng.randint(0, 8))
        )
        expected = bool(one.search(text))
        assert _names_asker(text) == expected, text
        found += expected
    assert 2000 < found < 18000
