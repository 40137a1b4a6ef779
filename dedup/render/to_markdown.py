"""The analysis as Markdown (GitHub-flavoured tables), for a memo or a wiki page.

Same content as the HTML report, without the charts: summary, per-fraction figures,
the fraction × fraction table, duplicate question clusters with their wording
differences (~~removed~~ **added**), reused answers with every occurrence, and all
Part I questions.
"""

from __future__ import annotations

import re

from dedup.bundle import Bundle, Proposal, Variant, heading
from dedup.layouts import REGISTRY
from dedup.layouts.checks import alerts
from dedup.model import Analysis, WordDiff
from dedup.parse.fractions import known_fractions
from dedup.render.escape import markdown
from dedup.render.messages import DEFAULT_LANGUAGE, Messages, messages
from dedup.render.view import (
    answered_by,
    diff_phrase,
    document_name,
    fraction_rows,
    lines,
    occurrences,
    questions_by_id,
    shared_text,
    shorten,
    similarity_cell,
    strongest_first,
    word_segments,
)
from dedup.stats import stats_dict


def escape(text: str) -> str:
    """Plain text that Markdown shows as written, on one line (safe in table cells);
    every piece of document text, name and path in this module goes through it."""
    return markdown(text)


def _block_start(text: str) -> str:
    """Keep `2024. Het …` at the start of a block from becoming a numbered list."""
    return re.sub(r"^(\d+)([.)])(?=\s)", r"\1\\\2", text)


def diff_markdown(base: str, text: str) -> str:
    """`text` with the words that differ from `base`: ~~removed~~ **added**."""
    out = []
    for seg in word_segments(base, text):
        if seg.op == "equal":
            out.append(escape(seg.new))
            continue
        if seg.old:
            out.append(f"~~{escape(seg.old)}~~")
        if seg.new:
            out.append(f"**{escape(seg.new)}**")
    return " ".join(out)


def _table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A GitHub table; `align` has one letter per column, `r` for right-aligned."""
    marks = ["---:" if a == "r" else "---" for a in align.ljust(len(header), "l")]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def render_markdown(an: Analysis, lang: str = DEFAULT_LANGUAGE) -> str:
    """The whole report as one Markdown document (deterministic: no dates), in Dutch by
    default (`lang="en"`: English)."""
    m = messages(lang)
    seg = an.segmentation
    doc = seg.document
    stats = stats_dict(an)
    questions = questions_by_id(an)
    out: list[str] = [
        f"# {escape(m('title', doc=document_name(doc)))}",
        "",
        m(
            "document_line",
            path=escape(doc.path),
            format=escape(doc.format),
            layout=escape(doc.layout),
            sha=doc.sha256[:12],
            meta="".join(f", {escape(k)} {escape(v)}" for k, v in doc.metadata),
        )
        + " "
        + m("lines_note"),
        "",
        *(f"> **{m('attention')}:** {m(f'alert.{code}')}\n" for code in alerts(an.segmentation)),
        f"## {m('summary')}",
        "",
    ]
    out += _table(
        [m("measure"), m("value")],
        [
            [m("fractions"), f"{len(doc.fractions)}: {escape(', '.join(doc.fractions))}"],
            [m("questions_part_one"), str(stats["questions"])],
            [
                m("questions_in_clusters"),
                m(
                    "in_n_clusters",
                    held=stats["questions_in_clusters"],
                    share=m.pct(stats["duplicate_share"]),
                    n=len(an.question_clusters),
                ),
            ],
            [m("unique_needs_after"), str(stats["unique_information_needs"])],
            [
                m("answer_passages"),
                f"{stats['answer_passages']} ({m('n_words', n=m.number(stats['answer_words']))})",
            ],
            [
                m("answer_words_reused"),
                f"{m.number(stats['reused_answer_words'])} "
                f"({m.pct(stats['reused_answer_share'])}) · "
                + m("n_reused_answers", n=len(an.answer_clusters)),
            ],
        ],
    )
    rows = [
        [
            escape(r.fraction),
            str(r.questions),
            r.duplicated_cell,
            str(r.section.passages) if r.section else "–",
            m.pct(r.section.reused_share) if r.section else "–",
        ]
        for r in fraction_rows(an, stats["questions_per_fraction"])
    ]
    out += ["", f"### {m('per_fraction')}", ""]
    out += _table(
        [m("fraction"), m("questions"), m("duplicated"), m("answer_passages"), m("words_reused")],
        rows,
        "lrrrr",
    )
    out += ["", m("words_reused_note")]
    matrix: dict[str, dict[str, int]] = stats["fraction_overlap"]
    fractions = list(matrix)
    out += [
        "",
        f"### {m('shared_questions')}",
        "",
        m("shared_questions_lede"),
        "",
    ]
    out += _table(
        ["", *(escape(f) for f in fractions)],
        [
            [f"**{escape(f)}**", *("·" if f == g else str(matrix[f][g]) for g in fractions)]
            for f in fractions
        ],
        "l" + "r" * len(fractions),
    )

    out += [
        "",
        f"## {m('duplicate_questions')}",
        "",
        f"{m('questions_lede', n=len(an.question_clusters))} ~~{m('removed')}~~ {m('and')} "
        f"**{m('added')}**.",
    ]
    for c in strongest_first(an):
        members = [questions[q] for q in c.members]
        out += [
            "",
            f"### {escape(c.id)} · {m.kind(c.kind)} · {escape(', '.join(c.fractions))}",
            "",
            f"*{escape(c.label) or m('no_label')}* · "
            + m("weakest_link", score=m.score(c.min_score)),
            "",
        ]
        out += _table(
            [m("fraction"), m("line"), m("question")],
            [
                [
                    escape(q.fraction),
                    str(q.line),
                    escape(q.text) if i == 0 else diff_markdown(members[0].text, q.text),
                ]
                for i, q in enumerate(members)
            ],
            "lrl",
        )

    out += [
        "",
        f"## {m('reused_where')}",
        "",
        f"{m('answers_lede', n=len(an.answer_clusters))} {m('similarity_note')}",
    ]
    for ac in an.answer_clusters:
        occ = occurrences(an, ac)
        first = occ[0].answer.text
        out += [
            "",
            f"### {ac.id} · {m.kind(ac.kind)} · {m.count('occurrences', len(occ))}",
            "",
            f"*{escape(ac.label) or m('no_label')}* · "
            + m("sections_list", list=escape(", ".join(ac.fractions))),
            "",
            f"> {_block_start(escape(shorten(shared_text(an, ac), 600)))}",
            "",
        ]
        out += _table(
            [m("section"), m("question_answered"), m("lines"), m("similarity")],
            [
                [
                    escape(o.answer.section_fraction),
                    "; ".join(f"{escape(q.id)}: {escape(shorten(q.text, 90))}" for q in o.questions)
                    or "–",
                    lines(o.answer.line_start, o.answer.line_end),
                    similarity_cell(o, ac.kind, first, m),
                ]
                for o in occ
            ],
            "llrr",
        )
        if len(occ) > 1:
            out += ["", m("word_differences"), ""]
            for o in occ[1:]:
                span = lines(o.answer.line_start, o.answer.line_end)
                where = f"{escape(o.answer.section_fraction)}, {m('lines_n', lines=span)}"
                changes = "; ".join(escape(diff_phrase(d, 200)) for d in o.diffs) or m("same_words")
                out.append(f"- {where}: {changes}")

    answers_of = answered_by(an)
    out += [
        "",
        f"## {m('all_questions')}",
        "",
        m("all_questions_md_lede", n=stats["questions"]),
        "",
    ]
    out += _table(
        [m("id"), m("fraction"), m("line"), m("cluster"), m("answered_by"), m("question")],
        [
            [
                escape(q.id),
                escape(q.fraction),
                str(q.line),
                an.question_cluster_of.get(q.id, ""),
                escape(
                    ", ".join(
                        a + (f" ({an.answer_cluster_of[a]})" if a in an.answer_cluster_of else "")
                        for a in answers_of.get(q.id, [])
                    )
                ),
                escape(q.text),
            ]
            for q in seg.part_one()
        ],
        "llrlll",
    )
    return "\n".join(out) + "\n"


def _variant_markdown(v: Variant, m: Messages) -> str:
    where = m("bundle.where", fraction=escape(v.fraction), line=v.line)
    if v.identical:
        return f"{where}: {m('bundle.identical')}"
    if v.rewritten:
        return f"{where}: {m('bundle.quoted', text=escape(v.text))}"
    return f"{where}: " + "; ".join(escape(dutch_diff(d, m)) for d in v.diffs)


def dutch_diff(d: WordDiff, m: Messages | None = None) -> str:
    """One word difference for the griffie: `„a” → „b”`, `„b” toegevoegd`, `„a” weggelaten`
    (in English with `lang="en"` messages)."""
    m = m or messages(DEFAULT_LANGUAGE)
    if d.op == "insert":
        return m("bundle.added", text=d.after)
    if d.op == "delete":
        return m("bundle.removed", text=d.before)
    return m("bundle.replaced", before=d.before, after=d.after)


def bundle_heading(fractions: tuple[str, ...], m: Messages) -> str:
    """`Vragen van de leden van de VVD- en D66-fractie`; in English `... of the VVD and
    D66 groups`."""
    if m.lang == "nl":
        return heading(fractions)
    names = list(fractions)
    if not set(names) <= set(known_fractions()):
        names = [n if n[:1].isupper() else f"the {n}" for n in names]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
    if not set(fractions) <= set(known_fractions()):
        return m("bundle.heading_other", askers=listed)
    return m("bundle.heading", fractions=listed + (" group" if len(names) == 1 else " groups"))


def bundle_intro(b: Bundle, m: Messages | None = None) -> str:
    """The sentence under the title: how many questions became how many entries, and how."""
    m = m or messages(DEFAULT_LANGUAGE)
    how = m("bundle.merged_near" if b.merge == "near-identical" else "bundle.merged_paraphrase")
    layout = REGISTRY.get(b.document.layout)
    one_asker = layout is not None and layout.one_asker
    return m(
        "bundle.intro_document" if one_asker else "bundle.intro",
        asked=b.asked,
        entries=len(b.questions),
        merged=b.merged_clusters,
        how=how,
    )


def asked_by_text(asked_by: tuple[tuple[str, int], ...], m: Messages) -> str:
    """`VVD regel 12, D66 regel 40`: who asked an entry, and where."""
    return ", ".join(m("bundle.asked_at", fraction=f, line=line) for f, line in asked_by)


def render_bundle_markdown(b: Bundle, lang: str = DEFAULT_LANGUAGE) -> str:
    """The bundled question list (Dutch unless `lang="en"`), numbered, with variants and
    proposals."""
    m = messages(lang)
    out = [
        f"# {m('bundle.title', doc=escape(document_name(b.document)))}",
        "",
        bundle_intro(b, m),
    ]
    for section in b.sections:
        out += ["", f"## {escape(bundle_heading(section.fractions, m))}"]
        for q in section.questions:
            marker = f"{q.number}. "
            pad = " " * len(marker)
            asked = escape(asked_by_text(q.asked_by, m))
            out += [
                "",
                f"{marker}{escape(q.text)}  ",
                f"{pad}*{m('bundle.asked_by', asked=asked)}*",
            ]
            if q.variants:
                out += ["", f"{pad}{m('bundle.variants')}", ""]
                out += [f"{pad}- {_variant_markdown(v, m)}" for v in q.variants]
            if q.proposal is not None:
                out += ["", f"{pad}> {proposal_text(q.proposal, m)}"]
    return "\n".join(out) + "\n"


def proposal_text(p: Proposal, m: Messages | None = None) -> str:
    """`Voorstel (Q001, parafrase): mogelijk dezelfde vraag als nrs. 33 en 113; …`."""
    m = m or messages(DEFAULT_LANGUAGE)
    numbers = [str(n) for n in p.numbers]
    which = (
        m("bundle.number", n=numbers[0])
        if len(numbers) == 1
        else m("bundle.numbers", list=", ".join(numbers[:-1]), last=numbers[-1])
    )
    return m("bundle.proposal", cluster=p.cluster, which=which)
