"""The clerk's review of the question clusters, applied to an analysis.

The HTML report lets the clerk confirm a cluster, take a question out of one (split),
merge two clusters, or attach a question asked once to a cluster; it exports the
decisions as a small JSON file (`dedup/schema/decisions.schema.json`) keyed by the
document's sha256 and by question ids, which are stable for one document (cluster ids
are positional and may change with the settings, so they are never stored).
`apply_decisions` turns an analysis plus that file into the analysis the clerk decided
on; every cluster the clerk confirmed, merged or attached to is `confirmed`, which the
bundle merges whatever its kind.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dedup.errors import DedupError
from dedup.labels import question_label
from dedup.model import Analysis, QuestionCluster

DECISIONS_VERSION = 1
ACTIONS = ("confirm", "split", "merge", "attach")
# A decisions file is a few kilobytes; anything far larger is not one.
MAX_DECISIONS_BYTES = 4 * 2**20


class InvalidDecisions(DedupError):
    """The decisions file is unreadable, malformed, or for another document."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One review step: `questions` are the ids it names (see the schema per action)."""

    action: str
    questions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Decisions:
    document_sha256: str
    decisions: tuple[Decision, ...]


@dataclass(frozen=True, slots=True)
class Reviewed:
    """The analysis after review, the ids of the clusters the clerk confirmed (merged in
    the bundle whatever their kind), and warnings for decisions that could not apply."""

    analysis: Analysis
    confirmed: frozenset[str]
    warnings: tuple[str, ...]


def _ids(value: Any, n: int | None, path: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InvalidDecisions(path, f"{where}: 'questions' must be a list of question ids")
    if n is not None and len(value) != n:
        raise InvalidDecisions(path, f"{where}: 'questions' must name {n} question ids")
    if not value:
        raise InvalidDecisions(path, f"{where}: 'questions' is empty")
    return tuple(value)


def parse_decisions(data: Any, path: str = "decisions") -> Decisions:
    """Validate the decoded JSON (the schema's rules, with messages naming the entry)."""
    if not isinstance(data, dict):
        raise InvalidDecisions(path, "not a decisions object (expected a JSON object)")
    if data.get("schema_version") != DECISIONS_VERSION:
        raise InvalidDecisions(path, f"schema_version must be {DECISIONS_VERSION}")
    sha = data.get("document_sha256")
    if not isinstance(sha, str) or len(sha) != 64:
        raise InvalidDecisions(path, "document_sha256 must be the document's sha256 (64 hex)")
    items = data.get("decisions")
    if not isinstance(items, list):
        raise InvalidDecisions(path, "'decisions' must be a list")
    out = []
    for i, item in enumerate(items, 1):
        where = f"decision {i}"
        if not isinstance(item, dict) or item.get("action") not in ACTIONS:
            raise InvalidDecisions(path, f"{where}: 'action' must be one of {', '.join(ACTIONS)}")
        action = item["action"]
        n = {"split": 1, "merge": 2, "attach": 2}.get(action)
        out.append(Decision(action, _ids(item.get("questions"), n, path, where)))
    return Decisions(sha.lower(), tuple(out))


def load_decisions(path: str | Path) -> Decisions:
    """Read and validate a decisions file; problems are one `InvalidDecisions` line."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_DECISIONS_BYTES:
            raise InvalidDecisions(str(p), "too large for a decisions file")
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidDecisions(str(p), "no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidDecisions(str(p), f"not readable as JSON ({exc})") from None
    return parse_decisions(data, str(p))


def apply_decisions(an: Analysis, decisions: Decisions, path: str = "decisions") -> Reviewed:
    """The clusters as the clerk decided, in decision order. Decisions for another
    document are refused; a decision naming an id the document lacks is skipped with a
    warning (the rest still apply)."""
    doc_sha = an.segmentation.document.sha256.lower()
    if decisions.document_sha256 != doc_sha:
        raise InvalidDecisions(
            path,
            f"these decisions are for another document (sha256 {decisions.document_sha256[:12]}…, "
            f"this one is {doc_sha[:12]}…)",
        )
    part_one = an.segmentation.part_one()
    order = {q.id: i for i, q in enumerate(part_one)}
    by_id = {q.id: q for q in part_one}
    old = {c.id: c for c in an.question_clusters}
    # Groups of question ids; each remembers the old cluster it came from (kind, cores).
    groups: list[list[str]] = [list(c.members) for c in an.question_clusters]
    origin: list[str | None] = [c.id for c in an.question_clusters]
    confirmed: list[bool] = [False for _ in groups]
    warnings: list[str] = []

    def group_of(qid: str) -> int | None:
        return next((g for g, members in enumerate(groups) if qid in members), None)

    for n, d in enumerate(decisions.decisions, 1):
        unknown = [q for q in d.questions if q not in by_id]
        if unknown:
            warnings.append(
                f"{path}: decision {n} ({d.action}) names {', '.join(unknown)}, "
                "not a Part I question of this document; skipped"
            )
            continue
        first = d.questions[0]
        g = group_of(first)
        if d.action == "confirm":
            if g is None:
                warnings.append(f"{path}: decision {n} (confirm): {first} is in no cluster")
                continue
            confirmed[g] = True
        elif d.action == "split":
            if g is None:
                warnings.append(f"{path}: decision {n} (split): {first} is in no cluster")
                continue
            groups[g].remove(first)
        elif d.action in ("merge", "attach"):
            other = d.questions[1]
            if d.action == "attach" and g is not None:
                groups[g].remove(first)
                g = None
            target = group_of(other)
            if target is None:
                groups.append([other])
                origin.append(None)
                confirmed.append(False)
                target = len(groups) - 1
            if g is None:
                groups[target].append(first)
            elif g != target:
                groups[target].extend(groups[g])
                groups[g] = []
            confirmed[target] = True

    kept = [
        (sorted(set(members), key=order.__getitem__), origin[g], confirmed[g])
        for g, members in enumerate(groups)
        if len(set(members)) >= 2
    ]
    kept.sort(key=lambda k: order[k[0][0]])
    clusters: list[QuestionCluster] = []
    confirmed_ids: set[str] = set()
    for n, (members, source, is_confirmed) in enumerate(kept, 1):
        cid = f"Q{n:03d}"
        clusters.append(_cluster(an, cid, members, old.get(source or ""), by_id))
        if is_confirmed:
            confirmed_ids.add(cid)
    cluster_of = {m: c.id for c in clusters for m in c.members}
    reviewed = replace(
        an,
        question_clusters=tuple(clusters),
        question_cluster_of=cluster_of,
    )
    return Reviewed(reviewed, frozenset(confirmed_ids), tuple(warnings))


def _cluster(
    an: Analysis,
    cid: str,
    members: Sequence[str],
    source: QuestionCluster | None,
    by_id: dict[str, Any],
) -> QuestionCluster:
    """A cluster of `members`: unchanged when it is an old cluster's members, else the
    old kind if every member came from it (a split keeps it), else a paraphrase."""
    if source is not None and tuple(members) == source.members:
        return replace(source, id=cid)
    graph: Any = an.graph
    scores = [
        float(graph.edges[a, b]["weight"])
        for i, a in enumerate(members)
        for b in members[i + 1 :]
        if graph is not None and graph.has_edge(a, b) and graph.edges[a, b].get("link") == "similar"
    ]
    complete = len(scores) == len(members) * (len(members) - 1) // 2
    same_source = source is not None and set(members) <= set(source.members)
    kind = source.kind if same_source and source is not None and complete else "paraphrase"
    cores = tuple(
        core for core in (source.cores if source is not None else ()) if set(core) <= set(members)
    )
    return QuestionCluster(
        id=cid,
        kind=kind,
        label=question_label([by_id[m].topic for m in members], [by_id[m].text for m in members]),
        members=tuple(members),
        fractions=tuple(dict.fromkeys(by_id[m].fraction for m in members)),
        min_score=round(min(scores), 4) if scores else 0.0,
        cores=cores,
    )
