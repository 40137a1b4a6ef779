"""The JSON contract researchers' scripts read. Change it by adding fields only."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import chain, compress, count
from operator import not_
from typing import Any

from dedup.model import Analysis, Answer, Diagnostic, LayoutEvidence, Question, Segmentation
from dedup.stats import stats_dict

SCHEMA_VERSION = 1


def question_dict(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "fraction": q.fraction,
        "part": q.part,
        "line": q.line,
        "line_end": q.line_end,
        "text": q.text,
        "direct": q.direct,
        "topic": q.topic,
        "context": q.context,
        "repeats": q.repeats,
        "number": q.number,
        "askers": [{"name": a.name, "fraction": a.fraction} for a in q.askers],
    }


def answer_dict(a: Answer) -> dict[str, Any]:
    return {
        "id": a.id,
        "section_fraction": a.section_fraction,
        "line_start": a.line_start,
        "line_end": a.line_end,
        "text": a.text,
        "answers_questions": list(a.answers_questions),
        "topic": a.topic,
        "decided_by": a.decided_by,
    }


def warning_dict(w: Diagnostic) -> dict[str, Any]:
    return {"code": w.code, "message": w.message, "line": w.line, "item": w.item}


def evidence_dict(e: LayoutEvidence | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "layout": e.layout,
        "score": e.score,
        "cues": list(e.cues),
        "forced": e.forced,
        "runner_up": e.runner_up,
        "runner_up_score": e.runner_up_score,
    }


def segmentation_dict(seg: Segmentation) -> dict[str, Any]:
    d = seg.document
    return {
        "schema_version": SCHEMA_VERSION,
        "document": {
            "path": d.path,
            "sha256": d.sha256,
            "format": d.format,
            "layout": d.layout,
            "has_reply": d.has_reply,
            "fractions": list(d.fractions),
            "metadata": dict(d.metadata),
            "layout_evidence": evidence_dict(d.layout_evidence),
        },
        "questions": [question_dict(q) for q in seg.questions],
        "answers": [answer_dict(a) for a in seg.answers],
        "warnings": [warning_dict(w) for w in seg.warnings],
    }


def dumps(data: dict[str, Any]) -> str:
    """Stable bytes: sorted nothing (order is meaningful), fixed indent, UTF-8 kept.

    `json.dumps(data, ensure_ascii=False, indent=2) + "\n"`, the same text: with an indent
    json encodes in Python, one generator per list and dict and a call per value (0.2 s of
    a 1 MB document's 4.7 MB of JSON); `_Indented` has json's C encoder write the plain
    values of a whole list of records in one call. Anything but plain dicts, lists, tuples,
    strings, numbers, booleans and None goes to json itself.
    """
    try:
        return _Indented().value(data, 0) + "\n"
    except (_Unusual, RecursionError):
        # RecursionError: a dict that contains itself, which json refuses in its own words.
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class _Unusual(Exception):
    """A value `_Indented` leaves to json (a key or a type it does not write itself)."""


# json's string encoder for ensure_ascii=False: the C one where Python has it, as json uses.
_STRING: Any = json.encoder.encode_basestring
# Values json writes the same with an indent and without, in its C encoder (used when there
# is no indent) and its Python one (float and int by their repr, NaN and Infinity as json
# spells them); exact types only, a subclass may encode differently.
_PLAIN = frozenset({str, int, float, bool, type(None)})
# Between the values of one C encoder call: json writes control characters in strings as
# escapes, so a raw one only ever comes from the separator.
_CUT = "\x00"


class _Indented:
    """json.dumps' text with indent=2 and ensure_ascii=False.

    json's rules: `[` or `{`, each item on its own line two spaces in from its container,
    `,` after each but the last, `": "` between a key and its value, the closing bracket on
    a line of its own; an empty list or dict is `[]` or `{}`; string keys as they are (json
    turns other keys into strings: left to it). The plain values of a list, or of all the
    dicts in a list, are written by json's C encoder in one call.
    """

    def __init__(self) -> None:
        self.newlines = ["\n"]
        self.leaves = json.JSONEncoder(ensure_ascii=False, separators=(_CUT, ": "))
        self.templates: dict[tuple[int, tuple[str, ...]], str] = {}

    def newline(self, level: int) -> str:
        while len(self.newlines) <= level:
            self.newlines.append("\n" + "  " * len(self.newlines))
        return self.newlines[level]

    def wrap(self, opening: str, items: list[str], level: int) -> str:
        closing = "]" if opening == "[" else "}"
        if not items:
            return opening + closing
        inner = self.newline(level + 1)
        return opening + inner + ("," + inner).join(items) + self.newline(level) + closing

    def values(self, values: list[Any], level: int) -> list[str]:
        """Each value at `level` as json writes it: the plain ones in one C encoder call
        (the others stand in as null there), lists and dicts each on their own."""
        if not values:
            return []
        nested = list(compress(count(), map(not_, map(_PLAIN.__contains__, map(type, values)))))
        plain = values
        if nested:
            plain = list(values)
            for i in nested:
                plain[i] = None
        encoded: list[str] = str(self.leaves.encode(plain))[1:-1].split(_CUT)
        for i in nested:
            encoded[i] = self.value(values[i], level)
        return encoded

    def records(self, dicts: Sequence[dict[Any, Any]], level: int) -> list[str]:
        """Dicts at `level`, the values of all of them written by one `values` call."""
        if not set(map(type, chain.from_iterable(dicts))) <= {str}:
            raise _Unusual
        encoded = self.values(list(chain.from_iterable(map(dict.values, dicts))), level + 1)
        out = []
        start = 0
        for d in dicts:
            end = start + len(d)
            keys = tuple(d)
            # The dict's text with `%s` for each value, made once for each set of keys.
            template = self.templates.get((level, keys))
            if template is None:
                items = [_STRING(k).replace("%", "%%") + ": %s" for k in keys]
                template = self.templates[level, keys] = self.wrap("{", items, level)
            out.append(template % tuple(encoded[start:end]))
            start = end
        return out

    def value(self, o: Any, level: int) -> str:
        t = type(o)
        if t is dict:
            return self.records([o], level)[0]
        if t is list or t is tuple:
            if set(map(type, o)) == {dict}:
                return self.wrap("[", self.records(o, level + 1), level)
            return self.wrap("[", self.values(list(o), level + 1), level)
        if t in _PLAIN:
            return self.values([o], level)[0]
        raise _Unusual


def render_segmentation(seg: Segmentation) -> str:
    return dumps(segmentation_dict(seg))


def analysis_dict(an: Analysis) -> dict[str, Any]:
    data = segmentation_dict(an.segmentation)
    for q in data["questions"]:
        q["cluster"] = an.question_cluster_of.get(q["repeats"] or q["id"])
    for a in data["answers"]:
        a["cluster"] = an.answer_cluster_of.get(a["id"])
    data["question_clusters"] = [
        {
            "id": c.id,
            "kind": c.kind,
            "label": c.label,
            "members": list(c.members),
            "fractions": list(c.fractions),
            "min_score": c.min_score,
            "cores": [list(core) for core in c.cores],
        }
        for c in an.question_clusters
    ]
    data["answer_clusters"] = [
        {
            "id": c.id,
            "kind": c.kind,
            "label": c.label,
            "members": list(c.members),
            "fractions": list(c.fractions),
            "min_similarity": c.min_similarity,
            "diffs": [
                {"member": d.member, "op": d.op, "before": d.before, "after": d.after}
                for d in c.diffs
            ],
        }
        for c in an.answer_clusters
    ]
    data["references"] = [{"from": r.source, "to": r.target, "text": r.text} for r in an.references]
    data["stats"] = stats_dict(an)
    data["warnings"] = data.pop("warnings")  # keep warnings last, as in `segment`
    return data


def render_analysis(an: Analysis) -> str:
    return dumps(analysis_dict(an))
