"""The analysis as one self-contained HTML file: inline CSS, JS and SVG, nothing fetched.

Rendered from the Jinja2 template shipped in `dedup/render/templates/`; the stylesheet
and the (small, optional) filtering script are inlined from the same folder. The
output holds no date, so the same analysis gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import PurePath
from typing import Any

from markupsafe import Markup, escape

from dedup import __version__
from dedup.labels import answer_phrase, question_phrase
from dedup.layouts.checks import alerts
from dedup.model import Analysis, Question
from dedup.render import charts
from dedup.render.messages import DEFAULT_LANGUAGE, Messages, messages
from dedup.render.view import (
    answered_by,
    document_name,
    fraction_rows,
    lines,
    occurrences,
    questions_by_id,
    reuse_by_section,
    shared_text,
    short_fraction,
    shorten,
    similarity_cell,
    strongest_first,
    word_segments,
)
from dedup.render.warnings_text import warning_text
from dedup.stats import stats_dict

TEMPLATES = "templates"


@dataclass(frozen=True, slots=True)
class Link:
    """An item id with the cluster it belongs to, if any (rendered as a link)."""

    id: str
    cluster: str | None


def diff_html(base: str, text: str) -> Markup:
    """`text` with the words that differ from `base` as `<del>` and `<ins>`."""
    parts: list[str] = []
    for seg in word_segments(base, text):
        if seg.op == "equal":
            parts.append(str(escape(seg.new)))
            continue
        if seg.old:
            parts.append(f"<del>{escape(seg.old)}</del>")
        if seg.new:
            parts.append(f"<ins>{escape(seg.new)}</ins>")
    return Markup(" ".join(parts))


def _asset(name: str) -> str:
    return resources.files("dedup.render").joinpath(TEMPLATES, name).read_text(encoding="utf-8")


@cache
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("dedup.render", TEMPLATES),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = lambda v: f"{v:.0%}"
    return env


def _question_links(an: Analysis, qs: tuple[Question, ...] | list[Question]) -> list[Link]:
    return [Link(q.id, an.question_cluster_of.get(q.id)) for q in qs]


def _paragraphs(text: str) -> list[str]:
    """An answer passage's paragraphs (blank-line separated), else the passage whole."""
    paras = [" ".join(p.split()) for p in text.split("\n\n")]
    return [p for p in paras if p] or [" ".join(text.split())]


# An opening this long, shared with another sidebar entry, is left out of the entry
# (`Kan de Staatssecretaris aangeven hoe hij ...` opens four of the sample's clusters
# and fills the three lines the sidebar shows).
NAV_SHARED_OPENING_WORDS = 3


def _distinct_nav_labels(clusters: list[dict[str, Any]]) -> None:
    """The sidebar shows a cluster by its question (or first sentence) without the topic
    they often share (`Inzicht dakloosheid: ...` for half the sample), the full label in
    its tooltip. An opening that other entries share (`Kan de Staatssecretaris aangeven
    hoe hij ...`) gives way to its last two words and the words after them, so the
    distinguishing part comes first; two entries with the very same words keep their full labels."""
    words = [str(c["nav_label"]).split() for c in clusters]
    for k, c in enumerate(clusters):
        shared = max(
            (_common_prefix(words[k], w) for i, w in enumerate(words) if i != k), default=0
        )
        if not words[k] or shared == len(words[k]):
            c["nav_label"] = c["label"] or c["nav_label"]
        elif shared >= NAV_SHARED_OPENING_WORDS:
            # Two of the shared words stay as context (`… hoe hij dit ziet?`).
            c["nav_label"] = "… " + " ".join(words[k][shared - 2 :])


def _common_prefix(a: list[str], b: list[str]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x.lower() != y.lower():
            break
        n += 1
    return n


def report_context(an: Analysis, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """Everything the template shows, as plain values (tests may inspect it)."""
    m: Messages = messages(lang)
    seg = an.segmentation
    doc = seg.document
    stats = stats_dict(an)
    questions = questions_by_id(an)
    answers_of = answered_by(an)
    sections = reuse_by_section(an)

    def answer_links(qid: str) -> list[Link]:
        return [Link(a, an.answer_cluster_of.get(a)) for a in answers_of.get(qid, [])]

    rows = fraction_rows(an, stats["questions_per_fraction"])
    per_fraction = [
        {
            "fraction": r.fraction,
            "questions": r.questions,
            "duplicated": r.duplicated,
            "passages": r.section.passages if r.section else 0,
            "reuse": m.pct(r.section.reused_share) if r.section else None,
        }
        for r in rows
    ]
    matrix: dict[str, dict[str, int]] = stats["fraction_overlap"]
    fractions = list(matrix)

    qclusters = []
    for c in strongest_first(an):
        members = [questions[m] for m in c.members]
        qclusters.append(
            {
                "id": c.id,
                "kind": c.kind,
                "label": c.label,
                "nav_label": question_phrase([q.text for q in members]),
                "fractions": list(c.fractions),
                "score": c.min_score,
                "members": [
                    {
                        "id": q.id,
                        "fraction": q.fraction,
                        "line": q.line,
                        "text": Markup(escape(q.text))
                        if i == 0
                        else diff_html(members[0].text, q.text),
                        "answers": answer_links(q.id),
                    }
                    for i, q in enumerate(members)
                ],
            }
        )

    aclusters = []
    for ac in an.answer_clusters:
        occ = occurrences(an, ac)
        first = occ[0].answer.text
        aclusters.append(
            {
                "id": ac.id,
                "kind": ac.kind,
                "label": ac.label,
                "nav_label": answer_phrase(first),
                "fractions": list(ac.fractions),
                "sections": len({o.answer.section_fraction for o in occ}),
                "shared": shorten(shared_text(an, ac), 700),
                "occurrences": [
                    {
                        "id": o.answer.id,
                        "section": o.answer.section_fraction,
                        "lines": lines(o.answer.line_start, o.answer.line_end),
                        "similarity": similarity_cell(o, ac.kind, first, m),
                        "is_first": o.is_first,
                        "questions": _question_links(an, o.questions),
                        "question_text": shorten(o.questions[0].text, 160) if o.questions else "",
                        "changes": len(o.diffs),
                        "text": o.answer.text,
                        "diff": diff_html(first, o.answer.text),
                    }
                    for o in occ
                ],
            }
        )

    all_questions = [
        {
            "id": q.id,
            "fraction": q.fraction,
            "line": q.line,
            "topic": q.topic or "",
            "cluster": an.question_cluster_of.get(q.id),
            "kind": _kind_of(an, q.id),
            "answers": answer_links(q.id),
            "reused": any(a in an.answer_cluster_of for a in answers_of.get(q.id, [])),
            "text": q.text,
        }
        for q in seg.part_one()
    ]

    all_answers = [
        {
            "id": a.id,
            "section": a.section_fraction,
            "lines": lines(a.line_start, a.line_end),
            "cluster": an.answer_cluster_of.get(a.id),
            "questions": [Link(q, an.question_cluster_of.get(q)) for q in a.answers_questions],
            "paragraphs": _paragraphs(a.text),
        }
        for a in seg.answers
    ]

    review_keys = (
        "review.count",
        "review.confirm",
        "review.split",
        "review.merge",
        "review.attach",
        "review_none",
    )
    _distinct_nav_labels(qclusters)
    _distinct_nav_labels(aclusters)
    return {
        "review_messages": {k: m(k) for k in review_keys},
        "decisions_name": f"{PurePath(doc.path).stem}.decisions.json",
        "file_name": PurePath(doc.path).name,
        "unclustered": [q for q in all_questions if not q["cluster"]],
        "lang": m.lang,
        "m": m,
        "warning_text": lambda w: warning_text(w, m),
        "title": m("title", doc=document_name(doc)),
        "doc_name": document_name(doc),
        "metadata": list(doc.metadata),
        "doc": doc,
        "version": __version__,
        "stats": stats,
        "question_cluster_count": len(an.question_clusters),
        "answer_cluster_count": len(an.answer_clusters),
        "per_fraction": per_fraction,
        "fractions": fractions,
        "short": {f: short_fraction(f, 8) for f in fractions},
        "matrix": matrix,
        "overlap_max": max((v for row in matrix.values() for v in row.values()), default=0),
        "charts": {
            "questions": Markup(
                charts.questions_per_fraction(
                    [(r.fraction, r.questions, r.duplicated) for r in rows], m
                )
            ),
            "overlap": Markup(charts.overlap_heatmap(fractions, matrix, m)),
            "reuse": Markup(
                charts.reuse_per_section(
                    [(s.fraction, s.words, s.reused_words, s.source_words) for s in sections], m
                )
            ),
        },
        "qclusters": qclusters,
        "aclusters": aclusters,
        "questions": all_questions,
        "all_answers": all_answers,
        "warnings": list(seg.warnings),
        "alerts": [m(f"alert.{code}") for code in alerts(seg)],
        "css": Markup(_asset("report.css")),
        "js": Markup(_asset("report.js")),
    }


def _kind_of(an: Analysis, qid: str) -> str:
    cid = an.question_cluster_of.get(qid)
    if cid is None:
        return ""
    return next((c.kind for c in an.question_clusters if c.id == cid), "")


def render_html(an: Analysis, lang: str = DEFAULT_LANGUAGE) -> str:
    """The report as one HTML document (UTF-8 text, no external references), in Dutch
    by default (`lang="en"`: English)."""
    template = _environment().get_template("report.html.j2")
    html: str = template.render(**report_context(an, lang))
    return html
