"""Time and memory of read_document + segment, and a naive Part II alignment for comparison.

Run as `python bench/segment.py`. Cases: the fixture, and 20 copies of it concatenated
into one text file (the Part I/II and fraction headings repeat; that is fine, it
measures how the work scales with length). Each case runs in a fresh interpreter
(multiprocessing "spawn") so that the max RSS of one case does not carry over to the next.

Per case: wall time is the best of 3 runs (time.perf_counter) of read_document + segment;
the tracemalloc peak comes from one further run with tracing on (tracing slows the code,
so it is not timed); max RSS is resource.getrusage(RUSAGE_SELF).ru_maxrss of the child,
shown next to its value after imports, before any document was read.

The naive baseline scores every Part II sentence against every Part I sentence of the
whole fixture with rapidfuzz.fuzz.ratio in a plain double loop, keeping the best match.
Its sentences are the ones dedup compares (paragraphs as dedup builds them, split into
sentences, in comparison form); only the double loop is timed, best of 3.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from dedup.ingest import read_document
from dedup.parse.normalize import build_paragraphs, comparison_form
from dedup.parse.sentences import split_sentences
from dedup.parse.structure import find_headings
from dedup.segment import REPEAT_THRESHOLD, segment

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "kst-29325-157.txt"
COPIES = 20
REPEATS = 3
MIB = 2**20


@dataclass(frozen=True, slots=True)
class Measurement:
    """One case: best wall time, memory peaks and what segmentation found."""

    label: str
    size_bytes: int
    lines: int
    best_seconds: float
    traced_peak_bytes: int
    rss_before_bytes: int
    rss_max_bytes: int
    questions_part_one: int
    questions_part_two: int
    answers: int
    warnings: int


@dataclass(frozen=True, slots=True)
class Baseline:
    """The naive double loop: sentence counts, comparisons, best time, repeats found."""

    part_one: int
    part_two: int
    best_seconds: float
    repeats: int


def _max_rss_bytes() -> int:
    """This process's peak resident set size (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def measure(label: str, path: Path) -> Measurement:
    """Run read_document + segment on `path`; meant to run in a fresh child process."""
    rss_before = _max_rss_bytes()
    times: list[float] = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        seg = segment(read_document(path))
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    try:
        segment(read_document(path))
        _, traced_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    text = path.read_text(encoding="utf-8")
    return Measurement(
        label=label,
        size_bytes=path.stat().st_size,
        lines=text.count("\n") + 1,
        best_seconds=min(times),
        traced_peak_bytes=traced_peak,
        rss_before_bytes=rss_before,
        rss_max_bytes=_max_rss_bytes(),
        questions_part_one=sum(1 for q in seg.questions if q.part == "I"),
        questions_part_two=sum(1 for q in seg.questions if q.part == "II"),
        answers=len(seg.answers),
        warnings=len(seg.warnings),
    )


def part_sentences(path: Path) -> tuple[list[str], list[str]]:
    """Comparison forms of the Part I and Part II sentences of a single verslag."""
    lines = path.read_text(encoding="utf-8").split("\n")
    headings = find_headings(lines)
    part_two = next(h for h in headings if h.kind == "part-2")
    heading_lines = {h.first + 1 for h in headings}  # 1-based, as Paragraph.first_line
    starts = {h.first for h in headings} | {h.last + 1 for h in headings}
    one: list[str] = []
    two: list[str] = []
    for p in build_paragraphs(lines, block_starts=frozenset(starts)):
        if p.first_line in heading_lines:
            continue
        target = two if p.first_line > part_two.first + 1 else one
        target.extend(comparison_form(s.text) for s in split_sentences(p.text))
    return one, two


def naive_alignment(path: Path) -> Baseline:
    """Best fuzz.ratio of each Part II sentence over all Part I sentences, as a double loop."""
    one, two = part_sentences(path)
    times: list[float] = []
    repeats = 0
    for _ in range(REPEATS):
        start = time.perf_counter()
        repeats = 0
        for sentence in two:
            best = 0.0
            for candidate in one:
                score = fuzz.ratio(sentence, candidate)
                if score > best:
                    best = score
            if best >= REPEAT_THRESHOLD:
                repeats += 1
        times.append(time.perf_counter() - start)
    return Baseline(len(one), len(two), min(times), repeats)


def _in_child(label: str, path: Path) -> Measurement:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(measure, (label, path))


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out: list[str] = []
    for n, row in enumerate(rows):
        cells = [
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp:
        concatenated = Path(tmp) / f"kst-29325-157.x{COPIES}.txt"
        text = FIXTURE.read_text(encoding="utf-8")
        concatenated.write_text("\n".join([text] * COPIES), encoding="utf-8")
        cases = [
            _in_child("fixture", FIXTURE),
            _in_child(f"fixture x{COPIES}", concatenated),
        ]
    header = [
        "case",
        "KiB",
        "lines",
        "best of 3 (s)",
        "tracemalloc peak (MiB)",
        "max RSS (MiB)",
        "RSS after imports (MiB)",
        "Q part I",
        "Q part II",
        "answers",
        "warnings",
    ]
    rows = [header] + [
        [
            m.label,
            f"{m.size_bytes / 1024:.0f}",
            str(m.lines),
            f"{m.best_seconds:.3f}",
            f"{m.traced_peak_bytes / MIB:.1f}",
            f"{m.rss_max_bytes / MIB:.1f}",
            f"{m.rss_before_bytes / MIB:.1f}",
            str(m.questions_part_one),
            str(m.questions_part_two),
            str(m.answers),
            str(m.warnings),
        ]
        for m in cases
    ]
    print("read_document + segment")
    print(_table(rows))
    if len(cases) == 2 and cases[0].best_seconds > 0:
        ratio = cases[1].best_seconds / cases[0].best_seconds
        print(f"time x{COPIES} / x1: {ratio:.1f}")
    print()

    naive = naive_alignment(FIXTURE)
    pairs = naive.part_one * naive.part_two
    print("Part II alignment on the fixture")
    print(
        _table(
            [
                ["method", "Part I sent.", "Part II sent.", "fuzz.ratio calls", "best of 3 (s)"],
                [
                    "naive double loop (fuzz.ratio, all Part I)",
                    str(naive.part_one),
                    str(naive.part_two),
                    str(pairs),
                    f"{naive.best_seconds:.3f}",
                ],
                [
                    "dedup read_document + segment (whole run)",
                    "",
                    "",
                    "",
                    f"{cases[0].best_seconds:.3f}",
                ],
            ]
        )
    )
    print(
        f"naive: {naive.repeats} of {naive.part_two} Part II sentences score "
        f">= {REPEAT_THRESHOLD:g} against some Part I sentence"
    )


if __name__ == "__main__":
    main()
