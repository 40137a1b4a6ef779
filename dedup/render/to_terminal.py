"""Terminal output with rich; the only module besides the CLI that knows about consoles.

Renderers print to the `Console` they are given, so tests pass `Console(record=True,
width=80)` and the CLI passes the real terminal (or a pager). Without colour (NO_COLOR,
--no-color, or output that is not a terminal) word differences are marked the way
`git diff --word-diff` does: `[-removed-]{+added+}`.
"""

from __future__ import annotations

from collections import Counter

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from dedup.control_chars import strip_controls
from dedup.model import (
    Analysis,
    AnswerCluster,
    Question,
    QuestionCluster,
    Segmentation,
    WordDiff,
)
from dedup.render.messages import DEFAULT_LANGUAGE, Messages, messages
from dedup.render.view import (
    diff_phrase,
    fraction_rows,
    lines,
    occurrences,
    questions_by_id,
    shared_text,
    short_fraction,
    shorten,
    similarity_cell,
    strongest_first,
    word_segments,
)
from dedup.render.warnings_text import cue_text, warning_text
from dedup.stats import stats_dict

SECTIONS = ("summary", "questions", "answers")

ADDED = "bold yellow"
REMOVED = "strike red"
KIND_STYLE = {
    "near-identical": "bold green",
    "paraphrase": "bold blue",
    "verbatim": "bold green",
    "near-verbatim": "bold cyan",
    "partial": "bold blue",
}
MAX_DIFFS_SHOWN = 6


def data_text(text: object, style: str = "") -> Text:
    """Text from a document, a path or a database as rich `Text`: never parsed as markup
    (`[/` is not a closing tag) and without control characters (no escape sequences)."""
    return Text(strip_controls(str(text)), style=style)


def _print_alerts(seg: Segmentation, console: Console, m: Messages) -> None:
    """What the result lacks, in plain words, before anything else (dedup.layouts.checks)."""
    from dedup.layouts.checks import alerts

    for code in alerts(seg):
        console.print(data_text(f"{m('attention')}: {m(f'alert.{code}')}", style="bold red"))


def _askers(seg: Segmentation) -> str:
    """Who asks in a document without fraction sections (a lijst: `commissie`)."""
    return ", ".join(sorted({q.fraction for q in seg.part_one()})) or "–"


def render_outline(seg: Segmentation, console: Console, lang: str = DEFAULT_LANGUAGE) -> None:
    """Fractions in order with question and answer counts; unmatched items flagged."""
    m = messages(lang)
    d = seg.document
    console.print(data_text(d.path, style="bold"))
    _print_alerts(seg, console, m)
    console.print(
        data_text(
            m(
                "outline_counts",
                layout=d.layout,
                format=d.format,
                fractions=m.count("fractions", len(d.fractions))
                if d.fractions
                else m("outline_no_fractions", askers=_askers(seg)),
                questions=len(seg.part_one()),
                answers=len(seg.answers),
            )
        )
    )
    e = d.layout_evidence
    if e is not None:
        why = m("evidence_forced") if e.forced else m("evidence_score", score=m.score(e.score))
        other = (
            m("evidence_next", layout=e.runner_up, score=m.score(e.runner_up_score))
            if e.runner_up
            else ""
        )
        cues = "; ".join(cue_text(c, m) for c in e.cues) or m("no_cues")
        console.print(data_text(m("evidence", layout=e.layout, why=why, cues=cues, other=other)))
    asked = Counter(q.fraction for q in seg.questions if q.part == "I")
    repeated = Counter(q.fraction for q in seg.questions if q.part == "II")
    answers = Counter(a.section_fraction for a in seg.answers)
    flagged = Counter(
        seg.question(w.item).fraction
        for w in seg.warnings
        if w.item and w.code in ("not-repeated", "unanswered")
    )
    table = Table(title=m("fractions"), title_justify="left")
    table.add_column(m("fraction"), overflow="fold")
    # The counts never wrap and their headers stand one word a line, so at 80 columns
    # no header is cut (`Antwoordpassa…`).
    for key in ("questions", "repeated_in_reply", "answer_passages", "unmatched"):
        table.add_column("\n".join(m(key).split()), justify="right", no_wrap=True)
    for fr in d.fractions:
        bad = flagged.get(fr, 0)
        table.add_row(
            data_text(fr),
            str(asked.get(fr, 0)),
            str(repeated.get(fr, 0)) if d.has_reply else "–",
            str(answers.get(fr, 0)) if d.has_reply else "–",
            Text(str(bad), style="bold red") if bad else Text("0"),
        )
    if d.fractions:
        console.print(table)
    if seg.warnings:
        console.print(Text(m.count("warnings", len(seg.warnings)), style="yellow"))
        for w in seg.warnings[:50]:
            where = m("line_n", n=w.line) + ": " if w.line else ""
            console.print(data_text(f"  {where}{warning_text(w, m)}", style="yellow"))
        if len(seg.warnings) > 50:
            console.print(Text(m("more_warnings", n=len(seg.warnings) - 50)))


def render_summary(
    an: Analysis, console: Console, *, only: str | None = None, lang: str = DEFAULT_LANGUAGE
) -> None:
    """The whole terminal report, or one part of it (`only`: summary|questions|answers),
    in Dutch by default (`lang="en"`: English)."""
    if only is not None and only not in SECTIONS:
        raise ValueError(f"only must be one of {', '.join(SECTIONS)}, not {only!r}")
    m = messages(lang)
    if only in (None, "summary"):
        _print_alerts(an.segmentation, console, m)
        render_overview(an, console, m)
    if only in (None, "questions"):
        render_question_clusters(an, console, m)
    if only in (None, "answers"):
        render_answer_clusters(an, console, m)
    if only in (None, "summary"):
        render_overlap(an, console, m)
    if an.segmentation.warnings and only in (None, "summary"):
        n = len(an.segmentation.warnings)
        console.print()
        console.print(Text(m.count("segment_warnings", n), style="yellow"))


def _plain(console: Console) -> bool:
    """True when styles will not be seen, so differences need visible markers."""
    return console.no_color or console.color_system is None


def render_overview(an: Analysis, console: Console, m: Messages) -> None:
    """The summary panel: document, fractions, duplicates, unique needs, answer reuse;
    then questions and reuse per fraction."""
    seg = an.segmentation
    stats = stats_dict(an)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(m("document"), data_text(f"{seg.document.path} ({seg.document.format})"))
    grid.add_row(
        m("fractions"),
        data_text(f"{len(seg.document.fractions)}: {', '.join(seg.document.fractions)}")
        if seg.document.fractions
        else data_text(m("no_fractions", askers=_askers(seg))),
    )
    grid.add_row(
        m("questions"),
        m(
            "questions_summary",
            n=stats["questions"],
            clusters=len(an.question_clusters),
            held=stats["questions_in_clusters"],
            share=m.pct(stats["duplicate_share"]),
        ),
    )
    grid.add_row(
        m("after_bundling_short"), m("n_unique_needs", n=stats["unique_information_needs"])
    )
    grid.add_row(
        m("answers"),
        m(
            "answers_summary",
            n=stats["answer_passages"],
            words=m.number(stats["answer_words"]),
            reused=m.number(stats["reused_answer_words"]),
            share=m.pct(stats["reused_answer_share"]),
            clusters=len(an.answer_clusters),
        )
        if stats["answer_passages"]
        else m("no_answers_in_document"),
    )
    console.print(Panel(grid, title="dedup analyze", title_align="left", expand=False))

    table = Table(box=box.SIMPLE_HEAD, title=m("per_fraction"), title_justify="left")
    table.add_column(m("fraction"), no_wrap=True)
    table.add_column(m("questions"), justify="right")
    table.add_column(m("duplicated"), justify="right")
    table.add_column(m("answer_passages"), justify="right")
    table.add_column(m("words_reused"), justify="right")
    for r in fraction_rows(an, stats["questions_per_fraction"]):
        table.add_row(
            data_text(r.fraction),
            str(r.questions),
            r.duplicated_cell,
            str(r.section.passages) if r.section else "–",
            m.pct(r.section.reused_share) if r.section else "–",
        )
    if stats["questions_per_fraction"]:
        console.print(table)
        console.print(Text(m("words_reused_note"), style="dim"))


def _diff_text(base: str, text: str, plain: bool) -> Text:
    """`text` with the words that differ from `base` highlighted (or marked, when plain)."""
    out = Text()
    for seg in word_segments(base, text):
        if out:
            out.append(" ")
        if seg.op == "equal":
            out.append(seg.new)
            continue
        removed = [seg.old] if seg.op in ("replace", "delete") else []
        added = [seg.new] if seg.op in ("replace", "insert") else []
        if plain:
            out.append(" ".join([f"[-{w}-]" for w in removed] + [f"{{+{w}+}}" for w in added]))
        else:
            for w in removed:
                out.append(w, style=REMOVED)
                out.append(" ")
            for w in added:
                out.append(w, style=ADDED)
            if not added:
                out.rstrip()
    return out


def _cluster_heading(cid: str, kind: str, kind_text: str, detail: str, label: str) -> Text:
    heading = Text()
    heading.append(cid, style="bold")
    heading.append("  ")
    heading.append(kind_text, style=KIND_STYLE.get(kind, "bold"))
    heading.append(f" · {detail}")
    if label:
        heading.append(f" · {label}", style="italic")
    return heading


def render_question_clusters(an: Analysis, console: Console, m: Messages) -> None:
    """One block per duplicate cluster, strongest first, the wording differences marked."""
    questions = questions_by_id(an)
    clusters = strongest_first(an)
    console.print()
    console.print(Rule(m("clusters_strongest_first", n=len(clusters)), align="left"))
    if not clusters:
        console.print(m("no_duplicates"))
    plain = _plain(console)
    for c in clusters:
        console.print()
        console.print(_question_cluster(c, questions, plain, m))


def _question_cluster(
    c: QuestionCluster, questions: dict[str, Question], plain: bool, m: Messages
) -> Group:
    members = [questions[q] for q in c.members]
    detail = f"{m('weakest_link', score=m.score(c.min_score))} · {', '.join(c.fractions)}"
    heading = _cluster_heading(c.id, c.kind, m.kind(c.kind), detail, c.label)
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style="cyan")
    table.add_column(no_wrap=True, justify="right", style="dim")
    table.add_column(ratio=1, overflow="fold")
    base = members[0].text
    for i, q in enumerate(members):
        text = data_text(q.text) if i == 0 else _diff_text(base, q.text, plain)
        table.add_row(data_text(f"  {q.fraction}"), m("line_n", n=q.line), text)
    return Group(heading, table)


def render_answer_clusters(an: Analysis, console: Console, m: Messages) -> None:
    """Which answers were reused where: shared text, occurrences, differences per copy."""
    console.print()
    console.print(Rule(m("reused_rule", n=len(an.answer_clusters)), align="left"))
    if not an.answer_clusters:
        console.print(m("no_reuse"))
    for c in an.answer_clusters:
        console.print()
        console.print(_answer_cluster(an, c, console.width, _plain(console), m))


def _answer_cluster(an: Analysis, c: AnswerCluster, width: int, plain: bool, m: Messages) -> Group:
    occ = occurrences(an, c)
    sections = len({o.answer.section_fraction for o in occ})
    detail = m(
        "occurrences_in",
        occ=m.count("occurrences", len(occ)),
        sections=m.count("sections", sections),
    )
    heading = _cluster_heading(c.id, c.kind, m.kind(c.kind), detail, c.label)
    shared = data_text(
        "“" + shorten(shared_text(an, c), max(120, min(320, 3 * width))) + "”", style="italic"
    )
    # The question column takes the room left and wraps; the others keep their width.
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
    section_width = max(len(m("section")), *(len(o.answer.section_fraction) for o in occ))
    table.add_column("  " + m("section"), no_wrap=True, min_width=section_width + 2)
    table.add_column(m("question_answered"), ratio=1, overflow="fold")
    table.add_column(m("lines"), no_wrap=True, min_width=9)
    table.add_column(m("similarity"), justify="right", no_wrap=True)
    first_text = occ[0].answer.text
    for o in occ:
        table.add_row(
            data_text(f"  {o.answer.section_fraction}"),
            data_text(shorten(_answered(o.answer.section_fraction, o.questions), 3 * width)),
            lines(o.answer.line_start, o.answer.line_end),
            similarity_cell(o, c.kind, first_text, m),
        )
    parts: list[Text | Table] = [heading, _indent(shared), table]
    diffs = Table.grid(padding=(0, 1))
    diffs.add_column(no_wrap=True, style="dim")
    diffs.add_column(ratio=1, overflow="fold")
    for o in occ[1:]:
        where = data_text(f"  {o.answer.section_fraction} {m('line_n', n=o.answer.line_start)}")
        if not o.diffs:
            diffs.add_row(where, Text(m("same_words"), style="green"))
            continue
        shown = Text("; ").join(_phrase(d, plain) for d in o.diffs[:MAX_DIFFS_SHOWN])
        more = len(o.diffs) - MAX_DIFFS_SHOWN
        if more > 0:
            shown.append("; " + m("n_more", n=more), style="dim")
        diffs.add_row(where, shown)
    if len(occ) > 1:
        parts.append(Text("  " + m("word_differences"), style="bold"))
        parts.append(diffs)
    return Group(*parts)


def _phrase(d: WordDiff, plain: bool) -> Text:
    """One word difference, `“a” → “b”`, shortened; coloured like the question diffs."""
    if plain:
        return data_text(diff_phrase(d, 80))
    out = Text()
    if d.before:
        out.append(f"“{shorten(d.before, 80)}”", style=REMOVED)
    if d.before and d.after:
        out.append(" → ")
    if d.after:
        out.append(f"“{shorten(d.after, 80)}”", style=ADDED)
    return out


def _answered(section: str, questions: tuple[Question, ...]) -> str:
    """`q04, q05: Hoe veel woonplekken …`: ids without the section's own fraction prefix."""
    if not questions:
        return "–"
    prefix = f"{section}-"
    ids = ", ".join(q.id.removeprefix(prefix) for q in questions)
    return f"{ids}: {questions[0].text}"


def _indent(text: Text) -> Table:
    grid = Table.grid()
    grid.add_column(width=2)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row("", text)
    return grid


def render_overlap(an: Analysis, console: Console, m: Messages) -> None:
    """The fraction × fraction table: how many duplicate clusters each pair shares."""
    stats = stats_dict(an)
    matrix: dict[str, dict[str, int]] = stats["fraction_overlap"]
    fractions = list(matrix)
    if not fractions:
        return
    width = 7 if console.width < 120 else 15
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
    table.add_column("", no_wrap=True, style="bold")
    for f in fractions:
        table.add_column(data_text(short_fraction(f, width)), justify="right", no_wrap=True)
    top = max((v for row in matrix.values() for v in row.values()), default=0)
    for f in fractions:
        cells = []
        for g in fractions:
            v = matrix[f][g]
            if f == g:
                cells.append(Text("·", style="dim"))
            elif v == 0:
                cells.append(Text("0", style="dim"))
            else:
                style = "bold magenta" if top and v >= top / 2 else "magenta"
                cells.append(Text(str(v), style=style))
        table.add_row(data_text(short_fraction(f, width)), *cells)
    console.print()
    console.print(Rule(m("shared_questions_rule"), align="left"))
    console.print(table)
