"""compare_questions and compare_answers hold the cyclic collector off while they build
their pairs, and put it back as they found it."""

from __future__ import annotations

import gc
from pathlib import Path

from dedup.compare import compare_answers, compare_questions
from dedup.pipeline import segment_file
from dedup.settings import Settings

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "kst-29325-157.txt"


def test_collector_state_is_restored_and_pairs_do_not_depend_on_it() -> None:
    seg = segment_file(SAMPLE)
    settings = Settings()
    questions = seg.part_one()
    reuse = compare_answers(seg.answers, settings)
    assert gc.isenabled()
    with_gc = compare_questions(questions, seg.answers, reuse, settings)
    assert gc.isenabled()
    gc.disable()
    try:
        without_gc = compare_questions(questions, seg.answers, reuse, settings)
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert with_gc == without_gc
    assert len(with_gc) > 100


def test_answers_restore_the_collector_and_do_not_depend_on_it() -> None:
    seg = segment_file(SAMPLE)
    settings = Settings()
    assert gc.isenabled()
    with_gc = compare_answers(seg.answers, settings)
    assert gc.isenabled()
    gc.disable()
    try:
        without_gc = compare_answers(seg.answers, settings)
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert with_gc == without_gc
    assert len(with_gc) > 20
