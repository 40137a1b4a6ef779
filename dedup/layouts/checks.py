"""Never an empty result in silence: what a segmentation lacks that its layout promised.

Each finding is a warning in the JSON, is said in plain Dutch in the first lines of the
terminal output, and makes `--strict` exit with code 1.
"""

from __future__ import annotations

import re

from dedup.model import Diagnostic, Segmentation, SourceText

# Codes `--strict` turns into exit code 1; every report says them first, in the words of
# `alert.<code>` in dedup/render/messages.py.
ALERTS = ("no-questions", "unlinked-answer", "no-askers", "no-reply-in-file")
_QUESTION_CUE = re.compile(r"\?|\b(?:vragen|vraagt|verzoeken|vernemen|graag)\b", re.I)


def empty_result_warnings(seg: Segmentation, source: SourceText) -> list[Diagnostic]:
    """Warnings for a result that is emptier than its layout and its text promise."""
    found: list[Diagnostic] = []
    codes = {w.code for w in seg.warnings}
    part_one = seg.part_one()
    if (
        not part_one
        and "no-questions" not in codes
        and _QUESTION_CUE.search("\n".join(source.lines))
    ):
        found.append(
            Diagnostic("no-questions", "the text has question cues but no question was found")
        )
    for a in seg.answers:
        if not a.answers_questions:
            found.append(
                Diagnostic(
                    "unlinked-answer",
                    f"{a.id} answers no question found before it",
                    a.line_start,
                    a.id,
                )
            )
    if (
        seg.document.layout.startswith("kamervragen")
        and part_one
        and all(q.fraction == "commissie" and not q.askers for q in part_one)
    ):
        found.append(
            Diagnostic("no-askers", "no asker found for these Kamervragen (header not read)")
        )
    return found


def alerts(seg: Segmentation) -> list[str]:
    """The alert codes of this segmentation, each once, in the order first warned."""
    return list(dict.fromkeys(w.code for w in seg.warnings if w.code in ALERTS))
