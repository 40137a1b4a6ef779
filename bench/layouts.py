"""Per layout, how well the parser reads documents it was not tuned on.

Run: python bench/layouts.py

Three sources, each document with hand-made expectations:
- fixtures/layouts/: full hand-made documents per layout (<name>.expected.json);
- fixtures/styles/: small documents in the styles of real publications (<name>.expected.json,
  in the schema of the real annotations, with planted duplicate groups);
- ../shared/corpus/real/ and ../shared/corpus/formats/: real excerpts (ANNOTATIONS.json);
- built: three of the styles documents written as PDF, HTML and DOCX (tests/make_formats.py).

Per document and per expected layout it prints: questions found / expected (matched by their
first words, ignoring case, whitespace and hyphens), right asker / questions with a known asker,
answers linked to the right question / expected, and whether the layout family is right
(a refusal is right only for a document that is not a written Q&A). Then, for fixtures/layouts/,
the planted near-identical and paraphrase groups, look-alikes, answer reuse and references.

It runs against whatever the parser currently is and only prints figures.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dedup.errors import DedupError
from dedup.model import Analysis, Question
from dedup.pipeline import analyze_file

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ROOT / "fixtures" / "layouts"
STYLES = ROOT / "fixtures" / "styles"
SHARED = ROOT.parent / "shared" / "corpus"
REAL = SHARED / "real"

# Layout names of the annotations (and of the parser, old and new) to families: what a user
# must get right at the least. Kamervragen with or without answers and the Bijvoegsel are one
# family, so are the verslag forms and the two reported-speech replies.
FAMILY = {
    "kamervragen": "kamervragen",
    "kamervragen-no-answer": "kamervragen",
    "bijvoegsel": "kamervragen",
    "lijst": "lijst",
    "verslag": "verslag",
    "inbreng": "verslag",
    "interleaved": "verslag",
    "eerste-kamer": "verslag",
    "nota": "nota",
    "memorie-van-antwoord": "nota",
    "none": "none",
}
# Short names a parser may use for a fraction that the annotations spell out.
ALIASES = {
    "cu": "christenunie",
    "gl": "groenlinks",
    "gl-pvda": "groenlinks-pvda",
    "partij voor de dieren": "pvdd",
    "pvv-fractie": "pvv",
}


def match_key(text: str) -> str:
    """Case, whitespace and hyphens (soft, line-break or real) do not count when matching."""
    return re.sub(r"[\s\-\u00ad]+", "", text).lower()


# A label or number the parser may keep in front of the text ("1.", "Vraag 2", "Antwoord:").
_LEAD = 16


def _starts_with(text: str, first_words: str) -> bool:
    found = match_key(text).find(match_key(first_words))
    return 0 <= found <= _LEAD


def _fraction(name: object) -> str:
    s = str(name).strip().lower()
    return ALIASES.get(s, s)


@dataclass
class Case:
    """One document with its expectations, in the annotations' schema."""

    source: str
    path: Path
    layout: str
    questions: list[dict[str, Any]]
    answers: list[dict[str, Any]] | None  # None: the expectations do not list answers
    groups: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Score:
    found: int = 0
    expected: int = 0
    extra: int = 0
    asker_right: int = 0
    asker_known: int = 0
    linked: int = 0
    answers: int = 0
    family_right: int = 0
    documents: int = 0
    groups_whole: int = 0
    groups: int = 0

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _annotation_cases() -> Iterable[Case]:
    path = REAL / "ANNOTATIONS.json"
    if not path.exists():
        return
    for entry in json.loads(path.read_text(encoding="utf-8")):
        folder = (REAL / entry["where"]).resolve() if entry.get("where") else REAL
        source = "formats" if entry.get("where") else "real"
        yield Case(
            source, folder / entry["file"], entry["layout"], entry["questions"], entry["answers"]
        )


def _style_cases() -> Iterable[Case]:
    for path in sorted(STYLES.glob("*.expected.json")):
        e = json.loads(path.read_text(encoding="utf-8"))
        yield Case(
            "styles",
            STYLES / e["file"],
            e["layout"],
            e["questions"],
            e["answers"],
            e["duplicate_groups"],
        )


def _layout_cases() -> Iterable[Case]:
    """The older hand-made fixtures, turned into the annotations' schema."""
    for path in sorted(LAYOUTS.glob("*.expected.json")):
        e = json.loads(path.read_text(encoding="utf-8"))
        number = {q["id"]: n for n, q in enumerate(e["questions"], start=1)}
        questions = [
            {"n": number[q["id"]], "first_words": q["text_start"], "asker_fraction": q["fraction"]}
            for q in e["questions"]
        ]
        answers = None
        if "answers" in e:
            answers = [
                {
                    "answers_question": number[a["answers_questions"][0]],
                    "first_words": a["text_start"],
                }
                for a in e["answers"]
                if a["answers_questions"] and a["answers_questions"][0] in number
            ]
        txt = path.with_name(path.name.replace(".expected.json", ".txt"))
        yield Case("layouts", txt, e["layout"], questions, answers)


# Styles documents also scored as PDF, HTML and DOCX versions (the same as tests/test_styles.py).
AS_FORMATS = ("kamervragen_beiden-sp", "lijst_rekenkamer", "memorie-van-antwoord_verslagstijl")


def _built_cases(folder: Path) -> Iterable[Case]:
    """PDF, HTML and DOCX versions of a few styles documents, written into `folder`."""
    sys.path.insert(0, str(ROOT))  # tests/ is a package of the repository, not installed
    from tests.make_formats import blocks_from_text, make_format

    for name in AS_FORMATS:
        e = json.loads((STYLES / f"{name}.expected.json").read_text(encoding="utf-8"))
        blocks = blocks_from_text((STYLES / e["file"]).read_text(encoding="utf-8"))
        for fmt in ("pdf", "html", "docx"):
            path = folder / f"{name}.{fmt}"
            make_format(fmt, blocks, path)
            yield Case(
                "built", path, e["layout"], e["questions"], e["answers"], e["duplicate_groups"]
            )


def _askers_of(q: Question) -> set[str]:
    """The fractions the parser says asked `q`: `askers` where the model has it."""
    askers = getattr(q, "askers", None)
    if askers:
        out = set()
        for a in askers:
            frac = a if isinstance(a, str) else getattr(a, "fraction", None)
            if frac is None and isinstance(a, dict):
                frac = a.get("fraction")
            if frac:
                out.add(_fraction(frac))
        if out:
            return out
    return {_fraction(q.fraction)}


def score_case(case: Case, an: Analysis | None) -> tuple[Score, str]:
    """The figures for one document; `an` is None when the parser refused it."""
    s = Score(documents=1, expected=len(case.questions))
    expected_family = FAMILY.get(case.layout, case.layout)
    if an is None:
        s.family_right = int(expected_family == "none")
        s.answers = len(case.answers or [])
        s.groups = len(case.groups)
        return s, "refused"
    layout = an.segmentation.document.layout
    s.family_right = int(FAMILY.get(layout, layout) == expected_family)
    found = list(an.segmentation.part_one())
    matched: dict[int, Question] = {}
    start = 0
    for q in case.questions:
        # In document order, so a question asked twice in the same words matches its own copy.
        for i in range(start, len(found)):
            if _starts_with(found[i].text, q["first_words"]):
                matched[q["n"]] = found[i]
                start = i + 1
                break
        else:
            for i in range(len(found)):
                if found[i] not in matched.values() and _starts_with(
                    found[i].text, q["first_words"]
                ):
                    matched[q["n"]] = found[i]
                    break
    s.found = len(matched)
    s.extra = len(found) - len(matched)
    for q in case.questions:
        want = q.get("asker_fraction")
        if want is None or q["n"] not in matched:
            continue
        s.asker_known += 1
        wanted = {_fraction(w) for w in want} if isinstance(want, list) else {_fraction(want)}
        got = _askers_of(matched[q["n"]])
        if isinstance(want, list) and len(wanted) > 1:
            s.asker_right += int(got == wanted)
        else:
            s.asker_right += int(got == wanted or _fraction(matched[q["n"]].fraction) in wanted)
    for a in case.answers or []:
        s.answers += 1
        asked = matched.get(a["answers_question"])
        if asked is None:
            continue
        s.linked += int(
            any(
                asked.id in ans.answers_questions and _starts_with(ans.text, a["first_words"])
                for ans in an.segmentation.answers
            )
        )
    for g in case.groups:
        s.groups += 1
        ids = [matched[n].id if n in matched else None for n in g["members"]]
        clusters = {an.question_cluster_of.get(i) if i else None for i in ids}
        s.groups_whole += int(len(clusters) == 1 and None not in clusters)
    return s, layout


def _ratio(a: int, b: int) -> str:
    return f"{a / b:5.2f}" if b else "    -"


def _cells(s: Score) -> str:
    return (
        f"{s.found:>4}/{s.expected:<4} {s.extra:>5} {s.asker_right:>4}/{s.asker_known:<4} "
        f"{s.linked:>4}/{s.answers:<4} {s.family_right:>3}/{s.documents:<3} "
        f"{s.groups_whole:>3}/{s.groups:<3}"
    )


def _analyze(path: Path) -> tuple[Analysis | None, str]:
    """The analysis, or None and why: a refusal (exit 2 for a user) or a crash, which is
    printed rather than raised so the figures for every other document still come out."""
    try:
        return analyze_file(path), ""
    except DedupError:
        return None, "refused"
    except Exception as exc:  # a bench reports a parser crash, it does not stop
        return None, f"crash:{type(exc).__name__}"


def read_layouts() -> None:
    """Questions, askers, answers and layout families, per document and per layout."""
    with tempfile.TemporaryDirectory() as tmp:
        _read_layouts(
            [*_layout_cases(), *_style_cases(), *_annotation_cases(), *_built_cases(Path(tmp))]
        )


def _read_layouts(cases: list[Case]) -> None:
    header = (
        f"{'source':8} {'document':46} {'expected':21} {'parsed':12} {'questions':>9} "
        f"{'extra':>5} {'asker':>9} {'answers':>9} {'fam':>7} {'dups':>7}"
    )
    print(header)
    print("-" * len(header))
    per_layout: dict[str, Score] = {}
    per_source: dict[str, Score] = {}
    total = Score()
    for case in cases:
        if not case.path.exists():
            print(f"{case.source:8} {case.path.name[:46]:46} (missing)")
            continue
        an, failure = _analyze(case.path)
        s, parsed = score_case(case, an)
        parsed = failure or parsed
        per_source.setdefault(case.source, Score()).add(s)
        if case.source != "built":  # the same documents again: counted once in the totals
            per_layout.setdefault(case.layout, Score()).add(s)
            total.add(s)
        name = case.path.name.removesuffix(".txt").removesuffix("_excerpt")
        if case.source == "built":
            name = f"{case.path.suffix[1:]}: {case.path.stem}"
        print(f"{case.source:8} {name[:46]:46} {case.layout:21} {parsed:12} {_cells(s)}")
    print()
    header = (
        f"{'per layout':30} {'questions':>9} {'extra':>5} {'asker':>9} {'answers':>9} "
        f"{'fam':>7} {'dups':>7}   q-found asker linked family"
    )
    print(header)
    print("-" * len(header))
    rows: list[tuple[str, Score | None]] = [
        *sorted(per_layout.items()),
        ("", None),
        *sorted(per_source.items()),
        ("all but built", total),
    ]
    for label, row in rows:
        if row is None:
            print()
            continue
        s = row
        print(
            f"{label:30} {_cells(s)}   {_ratio(s.found, s.expected)}   "
            f"{_ratio(s.asker_right, s.asker_known)}  {_ratio(s.linked, s.answers)}  "
            f"{_ratio(s.family_right, s.documents)}"
        )
    print(
        "\nquestions: expected questions found (first words match); extra: found questions that\n"
        "match none expected; asker: right fraction(s) / found questions whose asker is known;\n"
        "answers: expected answers linked to the right question; fam: layout family right (a\n"
        "refusal counts only for 'none'); dups: planted duplicate groups in one cluster."
    )


def _question(an: Analysis, member: dict[str, Any]) -> str | None:
    for q in an.segmentation.part_one():
        if q.line == member["line"] and q.text.startswith(member["text_start"][:30]):
            return q.id
    return None


def _together(an: Analysis, ids: list[str | None]) -> bool:
    clusters = {an.question_cluster_of.get(i) if i else None for i in ids}
    return len(clusters) == 1 and None not in clusters


def score(an: Analysis, expected: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """(found, planted) per kind of planted item."""
    out: dict[str, list[int]] = {k: [0, 0] for k in ("near", "para", "apart", "reuse", "refs")}
    for group in expected["question_groups"]:
        key = "near" if group["kind"] == "near-identical" else "para"
        out[key][1] += 1
        out[key][0] += _together(an, [_question(an, m) for m in group["members"]])
    for pair in expected["not_grouped"]:
        out["apart"][1] += 1
        out["apart"][0] += not _together(an, [_question(an, m) for m in pair])
    answers = an.segmentation.answers
    for group in expected["answer_reuse"]:
        ids = [
            next((a.id for a in answers if a.line_start <= m["line_start"] <= a.line_end), None)
            for m in group["members"]
        ]
        clusters = {an.answer_cluster_of.get(i) if i else None for i in ids}
        out["reuse"][1] += 1
        out["reuse"][0] += len(clusters) == 1 and None not in clusters
    refs = {(r.source, r.target) for r in an.references}
    for ref in expected["references"]:
        out["refs"][1] += 1
        source = next((a for a in answers if a.line_start <= ref["line"] <= a.line_end), None)
        asked = next(
            (q for q in an.segmentation.part_one() if q.number == ref["to_question"]), None
        )
        target = next((a for a in answers if asked and asked.id in a.answers_questions), None)
        out["refs"][0] += bool(source and target and (source.id, target.id) in refs)
    return {k: (v[0], v[1]) for k, v in out.items()}


def planted_duplicates() -> None:
    """The hand-planted items of fixtures/layouts/, as before."""
    header = f"{'document':28} {'layout':12} {'questions':>9} {'near':>6} {'para':>6} "
    header += f"{'apart':>6} {'reuse':>6} {'refs':>6} {'time s':>7}"
    print(header)
    print("-" * len(header))
    totals: dict[str, list[int]] = {}
    for path in sorted(LAYOUTS.glob("*.expected.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        an, failure = _analyze(path.with_name(path.name.replace(".expected.json", ".txt")))
        if an is None:
            print(f"{path.name.removesuffix('.expected.json'):28} {failure}")
            continue
        elapsed = time.perf_counter() - t0
        found = len(an.segmentation.part_one())
        scores = score(an, expected)
        for k, (a, b) in scores.items():
            totals.setdefault(k, [0, 0])
            totals[k][0] += a
            totals[k][1] += b
        cells = " ".join(f"{a:>3}/{b:<2}" for a, b in scores.values())
        print(
            f"{path.name.removesuffix('.expected.json'):28} {an.segmentation.document.layout:12} "
            f"{found:>4}/{expected['question_count']:<4} {cells} {elapsed:7.2f}"
        )
    cells = " ".join(f"{a:>3}/{b:<2}" for a, b in totals.values())
    print(f"{'total':28} {'':12} {'':9} {cells}")
    print(
        "\nnear/para: planted near-identical/paraphrase groups found whole in one cluster; "
        "apart: look-alikes\nkept apart; reuse: planted answer reuse in one cluster; refs: "
        "'zie het antwoord op vraag N' resolved."
    )


def main() -> None:
    read_layouts()
    print()
    planted_duplicates()


if __name__ == "__main__":
    main()
