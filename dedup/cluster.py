"""A networkx graph of questions and answers, cut into cohesive clusters."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from dedup.collector import held_off_during
from dedup.compare import QuestionPair
from dedup.labels import answer_label, question_label
from dedup.model import Answer, AnswerCluster, Question, QuestionCluster, WordDiff
from dedup.settings import Settings
from dedup.similarity.reuse import Reuse

if TYPE_CHECKING:
    import networkx as nx
else:
    # Only the part of networkx that clustering calls (the rest loads when asked for).
    from dedup.networkx_subset import networkx as nx


@held_off_during
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
        g.add_edges_from(
            (
                (a.id, qid, {"link": "answers", "weight": 1.0})
                for qid in a.answers_questions
                if qid in g
            ),
        )
    g.add_edges_from(
        ((p.a, p.b, {"link": "similar", "weight": p.score, "words": p.words.score}) for p in pairs),
    )
    ids = [a.id for a in answers]
    g.add_edges_from(
        (
            (
                ids[r.a],
                ids[r.b],
                {
                    "link": "reuse",
                    "weight": r.similarity / 100,
                    "similarity": r.similarity,
                    "reuse": r.kind,
                    "coverage": (r.coverage_a, r.coverage_b),
                },
            )
            for r in reuse
        ),
    )
    return g


def _cohesive_groups(
    adj: dict[Any, dict[Any, dict[str, Any]]],
    edges: Sequence[tuple[Any, Any, dict[str, Any]]],
    settings: Settings,
    weight: str = "weight",
) -> list[set[Any]]:
    """Connected groups, split by Louvain where a group is not dense enough to be one thing.

    `adj`: each node's neighbours and their links, as networkx's Graph.adj of a graph of
    `edges` added in that order (its nodes in the order they first appear in them).
    """
    groups: list[set[Any]] = []
    # The connected groups by networkx's own walk (connected_components: breadth first,
    # each node's neighbours in order) over the plain adjacency, each a set filled in the
    # order it fills its own: the order a set of numbers iterates in depends on it, and
    # Louvain's graph below is built in it. Only a group Louvain splits needs a graph.
    rank = {node: k for k, node in enumerate(adj)}
    component_of: dict[Any, int] = {}
    components: list[set[Any]] = []
    for start in adj:
        if start in component_of:
            continue
        comp = {start}
        level = [start]
        while level:
            below: list[Any] = []
            for v in level:
                for w in adj[v]:
                    if w not in comp:
                        comp.add(w)
                        below.append(w)
            level = below
        component_of.update(dict.fromkeys(comp, len(components)))
        components.append(comp)
    component_edges: list[list[tuple[Any, Any, dict[str, Any]]]] = [[] for _ in components]
    for edge in edges:
        component_edges[component_of[edge[0]]].append(edge)
    for comp, comp_edges in zip(components, component_edges, strict=True):
        if len(comp) < 2:
            continue
        if len(comp) <= settings.cohesive_size:
            groups.append(set(comp))
            continue
        # nx.density of the component's graph, from its edge count (each edge is listed
        # once) with networkx's arithmetic, before any graph of it is built.
        n = len(comp)
        if len(comp_edges) / (n * (n - 1)) * 2 >= settings.cohesive_density:
            groups.append(set(comp))
            continue
        # A graph of its own, not a subgraph view: Louvain walks a view many times slower.
        # Built to read as the view `graph.subgraph(comp)` of a graph of all `edges` does,
        # so that Louvain's visiting order, and with it the communities, stay the same:
        # the edges added in their order (each node lists its neighbours in that order),
        # the nodes in the order the view lists them: the set it keeps of them (filled
        # from comp) when they are fewer than half the graph's nodes, else the graph's.
        shown = set(iter(comp))
        sub = nx.Graph()
        if 2 * len(shown) < len(adj):
            sub.add_nodes_from(shown)
        else:
            sub.add_nodes_from(sorted(shown, key=rank.__getitem__))
        sub.add_edges_from(comp_edges)
        # A fixed seed: Louvain is randomised, the output must be the same every run.
        for community in nx.community.louvain_communities(sub, weight=weight, seed=7):
            if len(community) >= 2:
                groups.append(set(community))
    return groups


def _prune(g: Any, group: set[Any]) -> set[Any]:
    """Drop members linked to fewer than half of the others: no chaining through a third."""
    members = set(group)
    if len(members) <= 2:
        return members
    # One member at a time, the first (smallest) that falls short after each drop, with
    # each member's links to the others counted once and kept up to date.
    order = sorted(members)
    links = {m: sum(1 for o in g[m] if o != m and o in members) for m in order}
    while len(members) > 2:
        short = next((m for m in order if links[m] < (len(members) - 1) / 2), None)
        if short is None:
            break
        members.discard(short)
        order.remove(short)
        for o in g[short]:
            if o != short and o in members:
                links[o] -= 1
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
    # part[(z, x)]: which part of compound question z question x matched, for the pairs
    # that matched a part at or above the paraphrase threshold.
    part: dict[tuple[str, str], int] = {}
    for p in pairs:
        if p.score >= settings.paraphrase:
            if p.part_a is not None:
                part[p.a, p.b] = p.part_a
            if p.part_b is not None:
                part[p.b, p.a] = p.part_b
    in_part = {x for _, x in part}
    # Adjacency maps instead of one dict of all ordered pairs: a merge looks only at the
    # pairs that exist between the two groups, not at every member of one times every
    # member of the other (quadratic in the group size, and repeated on every failed merge).
    # defaultdicts, read only with .get below: a question's map made when its first pair
    # is, not an empty dict made (and dropped) for every pair as setdefault's argument.
    weight: dict[str, dict[str, float]] = defaultdict(dict)
    words: dict[str, dict[str, float]] = defaultdict(dict)
    # Two passes, as the dict union of (a, b) then (b, a) keys did: a pair listed twice
    # keeps the same value as before.
    for p in pairs:
        weight[p.a][p.b] = p.score
        words[p.a][p.b] = p.words.score
    for p in pairs:
        weight[p.b][p.a] = p.score
        words[p.b][p.a] = p.words.score
    owner: dict[str, int] = {}
    groups: dict[int, list[str]] = {}
    # Per group: its members by fraction (the cannot-link rule only looks at one fraction's
    # members on both sides), and each member's position in its group's list (the average
    # link is summed in the order of the members, as a float sum must be to stay the same).
    by_fraction: dict[int, dict[str, list[str]]] = {}
    position: dict[str, int] = {}
    refused: dict[tuple[int, int], tuple[int, int]] = {}
    failed: dict[int, str] = {}
    edges = sorted(
        (p for p in pairs if p.score >= settings.paraphrase),
        key=lambda p: (-p.score, p.a, p.b),
    )
    for p in edges:
        for q in (p.a, p.b):
            if q not in owner:
                owner[q] = len(owner)
                groups[owner[q]] = [q]
                by_fraction[owner[q]] = {fraction[q]: [q]}
                position[q] = 0
        ga, gb = owner[p.a], owner[p.b]
        if ga == gb:
            continue
        # The decision depends only on the two groups' member lists: refused once, it is
        # refused again until one of them grows (a question paired with thousands of copies
        # of one sentence would otherwise redo it for every pair).
        if refused.get((ga, gb)) == (len(groups[ga]), len(groups[gb])):
            continue
        a_members, b_members = groups[ga], groups[gb]
        a_fractions, b_fractions = by_fraction[ga], by_fraction[gb]
        merged = a_members + b_members
        # Pairs of one fraction across the two groups (linked or not) whose own words are
        # not near-identical: each must be two parts of one compound question.
        same_owner: set[tuple[str, str]] = set()
        allowed = True
        for f in a_fractions.keys() & b_fractions.keys():
            # The member of a that failed its group's last test goes first (again): the
            # outcome does not depend on the order, and a group refused thousands of
            # questions one by one is refused after one look, not after all its members.
            xs = a_fractions[f]
            hint = failed.get(ga)
            if hint is not None and fraction[hint] == f:
                xs = [hint, *xs]
            for x in xs:
                near = words.get(x, {})
                if x not in in_part and len(near) < len(b_fractions[f]):
                    # x is part of no compound question: every y of its fraction in b must be
                    # near-identical to it. Counted over x's pairs where they are fewer than
                    # b's members (a question in every other's top k has thousands).
                    close = sum(
                        1
                        for y, score in near.items()
                        if score >= settings.near_identical
                        and owner.get(y) == gb
                        and fraction[y] == f
                    )
                    if close < len(b_fractions[f]):
                        allowed = False
                        failed[ga] = x
                        break
                    continue
                for y in b_fractions[f]:
                    if near.get(y, 0.0) >= settings.near_identical:
                        continue
                    if x not in in_part or not _parts_of_one_compound(x, y, merged, part):
                        allowed = False
                        failed[ga] = x
                        break
                    same_owner.add((x, y))
                if not allowed:
                    break
            if not allowed:
                break
        if not allowed:
            refused[ga, gb] = (len(a_members), len(b_members))
            continue
        # Two parts of one compound question are not expected to resemble each other.
        # The average over all other cross pairs, a missing pair counting as 0: summed over
        # the pairs that exist, in the order the member lists give (x of a, then y of b).
        found: list[tuple[int, int, float]] = []
        small, large, g_large = (
            (a_members, b_members, gb)
            if len(a_members) <= len(b_members)
            else (b_members, a_members, ga)
        )
        for u in small:
            adjacent = weight.get(u, {})
            # Each member of the smaller group: its pairs, or the other group's members where
            # those are fewer, whichever is the shorter walk.
            if len(adjacent) <= len(large):
                others = [(v, w) for v, w in adjacent.items() if owner.get(v) == g_large]
            else:
                others = [(v, adjacent[v]) for v in large if v in adjacent]
            for v, w in others:
                x, y = (u, v) if g_large == gb else (v, u)
                if (x, y) not in same_owner:
                    found.append((position[x], position[y], w))
        found.sort()
        total = sum(w for _, _, w in found)
        linked = len(a_members) * len(b_members) - len(same_owner)
        link = total / max(1, linked)
        if link < settings.paraphrase * settings.average_link:
            refused[ga, gb] = (len(a_members), len(b_members))
            continue
        offset = len(a_members)
        groups[ga] = merged
        for q in b_members:
            owner[q] = ga
            position[q] += offset
        for f, members in b_fractions.items():
            a_fractions.setdefault(f, []).extend(members)
        del groups[gb]
        del by_fraction[gb]
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


@held_off_during
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
    groups = _agglomerate(pairs, owners, settings)
    # The pairs inside a group, both ways (a pair listed twice keeps the later value, as
    # the union of the two dicts did): not every pair of the document (76 491 from a 1 MB
    # paragraph, of which 37 groups hold a few hundred).
    group_of = {m: k for k, group in enumerate(groups) for m in group}
    inside = [p for p in pairs if (k := group_of.get(p.a)) is not None and group_of.get(p.b) == k]
    score = {(p.a, p.b): p for p in inside} | {(p.b, p.a): p for p in inside}
    # Each group's links, each two members once (what `score[a, b]` for a < b gives),
    # from the pairs that exist, not from every two members (n copies of a question make
    # a group of n: n * n tries for its top-k pairs); what is read from them is a count,
    # a minimum and connected groups, none of which depends on their order.
    keys_of: list[dict[tuple[str, str], None]] = [{} for _ in groups]
    for p in inside:
        if p.a != p.b:
            keys_of[group_of[p.a]][min(p.a, p.b), max(p.a, p.b)] = None
    raw: list[tuple[list[str], str, float]] = []
    cores: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for group, keys in zip(groups, keys_of, strict=True):
        members = sorted(group, key=order.__getitem__)
        links = [score[key] for key in keys]
        complete = len(links) == len(members) * (len(members) - 1) // 2
        near = complete and all(p.words.score >= settings.near_identical for p in links)
        raw.append(
            (members, "near-identical" if near else "paraphrase", min(p.score for p in links))
        )
        cores[tuple(members)] = sorted(
            (
                tuple(sorted(core, key=order.__getitem__))
                for core in _linked(
                    (p.a, p.b) for p in links if p.words.score >= settings.near_identical
                )
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


def _linked(edges: Iterable[tuple[str, str]]) -> list[set[str]]:
    """The connected groups of these links (networkx's connected_components of a graph
    of them, without building one for each cluster)."""
    neighbours: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    groups: list[set[str]] = []
    seen: set[str] = set()
    for start in neighbours:
        if start in seen:
            continue
        group = {start}
        todo = [start]
        while todo:
            for other in neighbours[todo.pop()]:
                if other not in group:
                    group.add(other)
                    todo.append(other)
        seen |= group
        groups.append(group)
    return groups


@held_off_during
def cluster_answers(
    answers: Sequence[Answer], graph: nx.Graph, settings: Settings | None = None
) -> list[AnswerCluster]:
    """Answer clusters from the graph's reuse edges."""
    settings = settings or Settings()
    index = {a.id: i for i, a in enumerate(answers)}
    added: list[tuple[int, int, dict[str, Any]]] = []
    # graph.edges(data=True)'s walk (each edge once, at the first of its two nodes), with
    # the questions' neighbours skipped: reuse links only join answers, and the questions'
    # pairs are most of the graph. Walked through graph.adjacency(), which gives each
    # node's own neighbour dict (read, never changed), not graph.adj's read-only views of
    # it: those look up every neighbour again in Python.
    seen: set[Any] = set()
    for u, neighbours in graph.adjacency():
        if u in index:
            for v, data in neighbours.items():
                if v not in seen and data["link"] == "reuse":
                    a, b = index[u], index[v]
                    if a > b:
                        a, b = b, a
                    attrs = {
                        "weight": data["weight"],
                        "kind": data["reuse"],
                        "sim": data["similarity"],
                    }
                    added.append((a, b, attrs))
        seen.add(u)
    # The links as a graph of them holds them (networkx's Graph.adj of `added` added in
    # order), in plain dicts: what is read from it is each member's links, and a second
    # networkx graph of every link cost more than all the reading.
    adj: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for a, b, attrs in added:
        adj[a][b] = attrs
        adj[b][a] = attrs
    raw: list[tuple[list[int], str, float]] = []
    for group in _cohesive_groups(adj, added, settings):
        members = sorted(_prune(adj, group))
        # Each link between two members once, from the members' own links (a few each),
        # not from every two members; read for its kind and the lowest similarity only.
        inside = set(members)
        edges = [e for a in members for b, e in adj[a].items() if a < b and b in inside]
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
    clusters = []
    for n, ((members, kind, sim), label) in enumerate(zip(raw, labels, strict=True), 1):
        differ = _Differ(answers[members[0]].text)
        diffs = [d for m in members[1:] for d in differ.diffs(answers[m].text, answers[m].id)]
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


# Shared runs of at least this many words are found from the word q-grams the two texts
# share, not by difflib's walk over every pair of equal words (most of a diff's time:
# `de`, `het`, `van` pair with each other all over two passages). Shorter runs, in the
# stretches between the long ones, are looked for as difflib does.
_ANCHOR_WORDS = 4


def _words(text: str) -> list[str]:
    """The runs of non-space characters (what `\\S+` finds): str.split() splits at the
    characters `\\s` matches (both are Python's one Unicode whitespace test,
    tests/test_cluster_speed.py checks every code point) and several times faster."""
    return text.split()


def word_diffs(first: str, other: str, member: str) -> list[WordDiff]:
    """Word-level differences of `other` against `first` (difflib opcodes on words)."""
    return _Differ(first).diffs(other, member)


class _Differ:
    """Word diffs of texts against one `first` text (an answer cluster's first member):
    its words and word q-grams taken once, each distinct other text diffed once."""

    def __init__(self, first: str) -> None:
        self.first = first
        self.words = _words(first)
        self._grams: _Anchors | None = None
        self._done: dict[str, list[tuple[str, str, str]]] = {}

    def diffs(self, other: str, member: str) -> list[WordDiff]:
        if other == self.first:
            return []  # a verbatim copy: difflib would find only one equal stretch
        changes = self._done.get(other)
        if changes is None:
            a, b = self.words, _words(other)
            changes = self._done[other] = [
                (op, " ".join(a[i1:i2]), " ".join(b[j1:j2]))
                for op, i1, i2, j1, j2 in _opcodes(a, b, self._anchors())
                if op != "equal"
            ]
        return [WordDiff(member, op, before, after) for op, before, after in changes]

    def _anchors(self) -> _Anchors:
        if self._grams is None:
            self._grams = _anchors_of(self.words)
        return self._grams


# A text's q-grams of `_ANCHOR_WORDS` words and where each starts; and for each start i
# (and one past the last), the first start from i on whose q-gram the text has twice or
# more (one past the last if none).
_Anchors = tuple[dict[tuple[str, ...], list[int]], list[int]]


def _anchors_of(a: Sequence[str]) -> _Anchors:
    q = _ANCHOR_WORDS
    grams: dict[tuple[str, ...], list[int]] = {}
    starts = range(len(a) - q + 1)
    for i in starts:
        grams.setdefault(tuple(a[i : i + q]), []).append(i)
    repeated = [len(starts)] * (len(starts) + 1)
    for i in reversed(starts):
        repeated[i] = i if len(grams[tuple(a[i : i + q])]) > 1 else repeated[i + 1]
    return grams, repeated


def _opcodes(
    a: Sequence[str], b: Sequence[str], anchors: _Anchors
) -> list[tuple[str, int, int, int, int]]:
    """`difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()`, the same list
    (tests/test_cluster_speed.py checks it on random inputs); `anchors`: a's, from
    `_anchors_of`."""
    out: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for ai, bj, size in _matching_blocks(a, b, anchors):
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            out.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            out.append(("equal", ai, i, bj, j))
    return out


def _matching_blocks(
    a: Sequence[str], b: Sequence[str], anchors: _Anchors
) -> list[tuple[int, int, int]]:
    """difflib's matching blocks of a and b (no junk): the longest common run of the
    whole, then recursively of the stretches before and after it; ties go to the run
    that starts first in a, then in b, as difflib's find_longest_match breaks them."""
    q = _ANCHOR_WORDS
    grams, repeated = anchors
    # Every maximal common run of q words or more, as (i, j, size): the q-grams of b
    # that a has, joined along each diagonal (j - i) while they follow one another.
    runs: list[tuple[int, int, int]] = []
    la, lb = len(a), len(b)
    # Where the run on each diagonal found last ends in b.
    ends: dict[int, int] = {}
    j = 0
    while j <= lb - q:
        # b's q-grams inside a run from here on are a's along it: as long as a has each of
        # those once, it is their only place in a and no run starts there (each is inside
        # this one), so the walk goes on after them.
        after = j + 1
        for i in grams.get(tuple(b[j : j + q]), ()):
            if i and j and a[i - 1] == b[j - 1]:
                end = ends[j - i]  # inside a run that starts earlier on this diagonal
            else:
                k = q
                while i + k < la and j + k < lb and a[i + k] == b[j + k]:
                    k += 1
                runs.append((i, j, k))
                end = ends[j - i] = j + k
            skip = j + repeated[i + 1] - i - 1
            if skip > end - q:
                skip = end - q
            if skip >= after:
                after = skip + 1
        j = after
    found: list[tuple[int, int, int]] = []
    # Each box with the runs that reach q words inside it: a box inside another only ever
    # holds (clipped) runs of its parent's list, so each looks at a few, not at all runs.
    queue = [(0, la, 0, lb, runs)]
    while queue:
        alo, ahi, blo, bhi, inside = queue.pop()
        # The longest run in the box: a long run clipped to it, when one is q long or more
        # (every common stretch of q words or more lies on one of them) ...
        besti, bestj, bestsize = alo, blo, 0
        kept: list[tuple[int, int, int]] = []
        for run in inside:
            ri, rj, size = run
            d = rj - ri
            start = max(ri, alo, blo - d)
            k = min(ri + size, ahi, bhi - d) - start
            if k < q:
                continue
            kept.append(run)
            if k > bestsize or (k == bestsize and (start, start + d) < (besti, bestj)):
                besti, bestj, bestsize = start, start + d, k
        if bestsize < q:
            # ... else difflib's own search over the box (rows in order, the first longest).
            besti, bestj, bestsize = _longest_in_box(a, b, alo, ahi, blo, bhi)
        if bestsize:
            found.append((besti, bestj, bestsize))
            if alo < besti and blo < bestj:
                queue.append((alo, besti, blo, bestj, kept))
            if besti + bestsize < ahi and bestj + bestsize < bhi:
                queue.append((besti + bestsize, ahi, bestj + bestsize, bhi, kept))
    found.sort()
    # Adjacent blocks joined into one, as difflib does.
    blocks: list[tuple[int, int, int]] = []
    i1 = j1 = k1 = 0
    for i2, j2, k2 in found:
        if i1 + k1 == i2 and j1 + k1 == j2:
            k1 += k2
            continue
        if k1:
            blocks.append((i1, j1, k1))
        i1, j1, k1 = i2, j2, k2
    if k1:
        blocks.append((i1, j1, k1))
    blocks.append((la, lb, 0))
    return blocks


def _longest_in_box(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
) -> tuple[int, int, int]:
    """difflib's find_longest_match without junk: the longest common run in
    a[alo:ahi] x b[blo:bhi], the first one found row by row."""
    b2j: dict[str, list[int]] = {}
    for j in range(blo, bhi):
        b2j.setdefault(b[j], []).append(j)
    besti, bestj, bestsize = alo, blo, 0
    j2len: dict[int, int] = {}
    for i in range(alo, ahi):
        new: dict[int, int] = {}
        get = j2len.get
        for j in b2j.get(a[i], ()):
            k = new[j] = get(j - 1, 0) + 1
            if k > bestsize:
                besti, bestj, bestsize = i - k + 1, j - k + 1, k
        j2len = new
    return besti, bestj, bestsize
