"""dedup.collector: the cyclic collector is off inside, and back as it was found after,
also when the block raises; the cluster stage's functions run under it."""

from __future__ import annotations

import gc

import pytest

from dedup.cluster import build_graph, cluster_answers, cluster_questions
from dedup.collector import held_off, held_off_during


def test_held_off_puts_an_enabled_collector_back_also_after_an_error() -> None:
    assert gc.isenabled()
    with held_off():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError, match="boom"), held_off():
        assert not gc.isenabled()
        raise ValueError("boom")
    assert gc.isenabled()


def test_held_off_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with held_off():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_held_off_during_passes_arguments_and_result_through() -> None:
    seen: list[bool] = []

    @held_off_during
    def add(a: int, *, b: int) -> int:
        seen.append(gc.isenabled())
        return a + b

    assert add(2, b=3) == 5
    assert seen == [False]
    assert gc.isenabled()
    assert add.__name__ == "add"


def test_the_cluster_stage_runs_with_the_collector_held_off() -> None:
    for fn in (build_graph, cluster_questions, cluster_answers):
        assert getattr(fn, "__wrapped__", None) is not None, fn.__name__
