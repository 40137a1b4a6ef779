"""Terminal output with rich; the only module besides the CLI that knows about consoles."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dedup.model import Segmentation


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
