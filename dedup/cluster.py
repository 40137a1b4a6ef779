"""A networkx graph of questions and answers, cut into cohesive clusters."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

import networkx as nx

from dedup.compare import QuestionPair
from dedup.labels import answer_label, question_label
from dedup.model import Answer, AnswerCluster, Question, QuestionCluster, WordDiff
from dedup.settings import Settings
from dedup.similarity.reuse import Reuse


def build_graph(
    questions: Sequence[Question],
    answers: Sequence[Answer],
    pairs: Sequence[QuestionPair],
    reuse: Sequence[Reuse],
) -> nx.Graph:
    """Nodes: questions and answers; edges: similar, reuse and answers links."""
    g = nx.Graph()
    for q in questions:
        g.add_node(q.id, kind="question", fraction=q.fraction, line=q.line, text=q.text)
    for a in answers:
        g.add_node(a.id, kind="answer", fraction=a.section_fraction, line=a.line_start, text=a.text)
        for qid in a.answers_questions:
            if qid in g:
                g.add_edge(a.id, qid, link="answers", weight=1.0)
    for p in pairs:
        g.add_edge(p.a, p.b, link="similar", weight=p.score, words=p.words.score)
    for r in reuse:
        g.add_edge(
            answers[r.a].id,
            answers[r.b].id,
            link="reuse",
            weight=r.similarity / 100,
            similarity=r.similarity,
            reuse=r.kind,
            coverage=(r.coverage_a, r.coverage_b),
        )
    return g


def _cohesive_groups(g: nx.Graph, settings: Settings, weight: str = "weight") -> list[set[Any]]:
    """Connected groups, split by Louvain where a group is not dense enough to be one thing."""
    groups: list[set[Any]] = []
    for comp in nx.connected_components(g):
        if len(comp) < 2:
            continue
        sub = g.subgraph(comp)
        if len(comp) <= settings.cohesive_size or nx.density(sub) >= settings.cohesive_density:
            groups.append(set(comp))
            continue
        # A fixed seed: Louvain is randomised, the output must be the same every run.
        for community in nx.community.louvain_communities(sub, weight=weight, seed=7):
            if len(community) >= 2:
                groups.append(set(community))
    return groups


def _prune(g: nx.Graph, group: set[Any]) -> set[Any]:
    """Drop members linked to fewer than half of the others: no chaining through a third."""
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


def _agglomerate(
    pairs: Sequence[QuestionPair], fraction: dict[str, str], settings: Settings
) -> list[list[str]]:
    """Average-link merging, strongest pairs first, with a cannot-link rule.

    Two questions of one fraction are different questions (a fraction asks a thing once)
    unless their own words are near-identical, or each matches a different part of one
    compound question of another fraction in the group; average linkage keeps a third
    question from chaining two unrelated ones together.
    """
    weight = {(p.a, p.b): p.score for p in pairs} | {(p.b, p.a): p.score for p in pairs}
    # part[(z, x)]: which part of compound question z question x matched, for the pairs
    # that matched a part at or above the paraphrase threshold.
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
    edges = sorted(
        (p for p in pairs if p.score >= settings.paraphrase),
        key=lambda p: (-p.score, p.a, p.b),
    )
    for p in edges:
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
        # Two parts of one compound question are not expected to resemble each other.
        linked = [(x, y) for x in a_members for y in b_members if (x, y) not in same_owner]
        link = sum(weight.get(xy, 0.0) for xy in linked) / max(1, len(linked))
        if link < settings.paraphrase * settings.average_link:
            continue
        groups[ga] = a_members + b_members
        for q in b_members:
            owner[q] = ga
        del groups[gb]
    return [g for g in groups.values() if len(g) >= 2]


def _parts_of_one_compound(
    x: str, y: str, members: Sequence[str], part: dict[tuple[str, str], int]
) -> bool:
    """Whether x and y (one fraction) each match a different part of one compound
    question of the group: then they are two questions of it, not one asked twice."""
    for z in members:
        px, py = part.get((z, x)), part.get((z, y))
        if px is not None and py is not None and px != py:
            return True
    return False


def cluster_questions(
    questions: Sequence[Question],
    pairs: Sequence[QuestionPair],
    settings: Settings,
    *,
    one_asker: bool = False,
) -> list[QuestionCluster]:
    """Question clusters; `one_asker` (a lijst, Kamervragen) lifts the one-fraction rule,
    since there a single asker's list may hold the same question twice."""
    order = {q.id: i for i, q in enumerate(questions)}
    fraction = {q.id: q.fraction for q in questions}
    owners = {q.id: q.id for q in questions} if one_asker else fraction
    score = {(p.a, p.b): p for p in pairs} | {(p.b, p.a): p for p in pairs}
    raw: list[tuple[list[str], str, float]] = []
    cores: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for group in _agglomerate(pairs, owners, settings):
        members = sorted(group, key=order.__getitem__)
        links = [score[a, b] for a in members for b in members if a < b and (a, b) in score]
        complete = len(links) == len(members) * (len(members) - 1) // 2
        near = complete and all(p.words.score >= settings.near_identical for p in links)
        raw.append(
            (members, "near-identical" if near else "paraphrase", min(p.score for p in links))
        )
        same_words = nx.Graph()
        same_words.add_edges_from(
            (p.a, p.b) for p in links if p.words.score >= settings.near_identical
        )
        cores[tuple(members)] = sorted(
            (
                tuple(sorted(core, key=order.__getitem__))
                for core in nx.connected_components(same_words)
                if len(core) >= 2
            ),
            key=lambda core: order[core[0]],
        )
    raw.sort(key=lambda r: order[r[0][0]])
    by_id = {q.id: q for q in questions}
    labels = [
        question_label([by_id[m].topic for m in r[0]], [by_id[m].text for m in r[0]]) for r in raw
    ]
    return [
        QuestionCluster(
            id=f"Q{n:03d}",
            kind=kind,
            label=label,
            members=tuple(members),
            fractions=tuple(dict.fromkeys(fraction[m] for m in members)),
            min_score=round(min_score, 4),
            cores=tuple(cores[tuple(members)]),
        )
        for n, ((members, kind, min_score), label) in enumerate(zip(raw, labels, strict=True), 1)
    ]


def cluster_answers(
    answers: Sequence[Answer], graph: nx.Graph, settings: Settings | None = None
) -> list[AnswerCluster]:
    """Answer clusters from the graph's reuse edges."""
    settings = settings or Settings()
    index = {a.id: i for i, a in enumerate(answers)}
    g = nx.Graph()
    for u, v, data in graph.edges(data=True):
        if data["link"] == "reuse":
            a, b = sorted((index[u], index[v]))
            g.add_edge(a, b, weight=data["weight"], kind=data["reuse"], sim=data["similarity"])
    raw: list[tuple[list[int], str, float]] = []
    for group in _cohesive_groups(g, settings):
        members = sorted(_prune(g, group))
        edges = [g.edges[a, b] for a in members for b in members if a < b and g.has_edge(a, b)]
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
    clusters = []
    for n, ((members, kind, sim), label) in enumerate(zip(raw, labels, strict=True), 1):
        first = answers[members[0]]
        diffs = [
            d for m in members[1:] for d in word_diffs(first.text, answers[m].text, answers[m].id)
        ]
        clusters.append(
            AnswerCluster(
                id=f"R{n:03d}",
                kind=kind,
                label=label,
                members=tuple(answers[m].id for m in members),
                fractions=tuple(dict.fromkeys(answers[m].section_fraction for m in members)),
                diffs=tuple(diffs),
                min_similarity=sim,
            )
        )
    return clusters


_WORD = re.compile(r"\S+")


def word_diffs(first: str, other: str, member: str) -> list[WordDiff]:
    """Word-level differences of `other` against `first` (difflib opcodes on words)."""
    a, b = _WORD.findall(first), _WORD.findall(other)
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        WordDiff(member, op, " ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in sm.get_opcodes()
        if op != "equal"
    ]
