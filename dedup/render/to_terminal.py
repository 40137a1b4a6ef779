"""Terminal output with rich; the only module besides the CLI that knows about consoles."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dedup.model import Analysis, Segmentation
from dedup.stats import stats_dict


def render_outline(seg: Segmentation, console: Console) -> None:
    """Fractions in order with question and answer counts; unmatched items flagged."""
    d = seg.document
    console.print(Text(f"{d.path}", style="bold"))
    console.print(
        f"layout {d.layout} · {d.format} · {len(d.fractions)} fractions · "
        f"{len(seg.part_one())} questions · {len(seg.answers)} answer passages"
    )
    asked = Counter(q.fraction for q in seg.questions if q.part == "I")
    repeated = Counter(q.fraction for q in seg.questions if q.part == "II")
    answers = Counter(a.section_fraction for a in seg.answers)
    flagged = Counter(
        seg.question(w.item).fraction
        for w in seg.warnings
        if w.item and w.code in ("not-repeated", "unanswered")
    )
    table = Table(title="Fractions", title_justify="left")
    table.add_column("Fraction")
    table.add_column("Questions", justify="right")
    table.add_column("Repeated in reply", justify="right")
    table.add_column("Answer passages", justify="right")
    table.add_column("Unmatched", justify="right")
    for fr in d.fractions:
        bad = flagged.get(fr, 0)
        table.add_row(
            fr,
            str(asked.get(fr, 0)),
            str(repeated.get(fr, 0)) if d.has_reply else "–",
            str(answers.get(fr, 0)) if d.has_reply else "–",
            Text(str(bad), style="bold red") if bad else Text("0"),
        )
    console.print(table)
    if seg.warnings:
        console.print(Text(f"{len(seg.warnings)} warnings", style="yellow"))
        for w in seg.warnings[:50]:
            where = f"line {w.line}: " if w.line else ""
            console.print(Text(f"  {where}{w.message}", style="yellow"))
        if len(seg.warnings) > 50:
            console.print(Text(f"  … and {len(seg.warnings) - 50} more (see --format json)"))


def render_summary(an: Analysis, console: Console) -> None:
    """Summary, duplicate question clusters, reused answers: the short terminal report."""
    seg = an.segmentation
    stats = stats_dict(an)
    render_outline(seg, console)
    console.print(
        f"\n[bold]{len(an.question_clusters)} duplicate-question clusters[/bold] · "
        f"{stats['questions_in_clusters']} of {stats['questions']} questions "
        f"({stats['duplicate_share']:.0%}) · {stats['unique_information_needs']} unique "
        f"information needs · {stats['reused_answer_share']:.0%} of answer words reused"
    )
    questions = {q.id: q for q in seg.questions}
    for c in an.question_clusters:
        console.print(
            Text(f"\n{c.id} {c.kind} · {c.label} · {', '.join(c.fractions)}", style="bold cyan")
        )
        for m in c.members:
            q = questions[m]
            console.print(f"  {q.fraction:<16} line {q.line:<5} {q.text}", soft_wrap=False)
    answers = {a.id: a for a in seg.answers}
    console.print(f"\n[bold]{len(an.answer_clusters)} reused answers[/bold]")
    for ac in an.answer_clusters:
        first = answers[ac.members[0]]
        shown = first.text if len(first.text) < 160 else first.text[:157] + "…"
        console.print(Text(f"\n{ac.id} {ac.kind} · {ac.label}", style="bold magenta"))
        console.print(f"  {shown}")
        table = Table(show_header=True, box=None, padding=(0, 1))
        table.add_column("Section")
        table.add_column("Lines")
        table.add_column("Answers")
        table.add_column("Changes", justify="right")
        for m in ac.members:
            a = answers[m]
            changes = sum(1 for d in ac.diffs if d.member == m)
            table.add_row(
                a.section_fraction,
                f"{a.line_start}-{a.line_end}",
                ", ".join(a.answers_questions) or "–",
                "first" if m == ac.members[0] else str(changes),
            )
        console.print(table)
