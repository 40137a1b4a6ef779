"""Never an empty result in silence: what a segmentation lacks that its layout promised.

Each finding is a warning in the JSON, is said in plain Dutch in the first lines of the
terminal output, and makes `--strict` exit with code 1.
"""

from __future__ import annotations

import re

from dedup.model import Diagnostic, Segmentation, SourceText

# Codes `--strict` turns into exit code 1, with what the terminal says first (Dutch).
ALERTS = {
    "no-questions": "Geen vragen gevonden in dit document, hoewel het op vragen lijkt.",
    "unlinked-answer": "Er zijn antwoorden die bij geen enkele vraag horen.",
    "no-askers": "Bij de vragen staat niet wie ze stelt (geen vragensteller gevonden).",
    "no-reply-in-file": "Geen antwoorddeel in dit bestand voor een deel van de fracties.",
}
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
    """The Dutch sentences for the terminal's first lines, each once."""
    codes = dict.fromkeys(w.code for w in seg.warnings if w.code in ALERTS)
    return [ALERTS[c] for c in codes]
