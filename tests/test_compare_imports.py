"""Comparing a document loads no module it does not use: numpy.ma stays a stand-in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "kst-29325-157.txt"

_SCRIPT = f"""
import sys
from dedup.cluster import cluster_questions
from dedup.compare import compare_answers, compare_questions
from dedup.deferred import DeferredModule
from dedup.pipeline import segment_file
from dedup.settings import Settings

seg = segment_file({str(SAMPLE)!r})
settings = Settings()
questions = seg.part_one()
reuse = compare_answers(seg.answers, settings)
pairs = compare_questions(questions, seg.answers, reuse, settings)
cluster_questions(questions, pairs, settings)
print(len(reuse), len(pairs))
masked = sys.modules.get("numpy.ma")
real = masked is not None and not isinstance(masked, DeferredModule)
print("numpy.ma", "loaded" if real else "not loaded")
"""


def test_comparing_the_sample_does_not_import_numpy_ma() -> None:
    """np.unique without return_* reads np.ma (34 ms to import); compare must not call it."""
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    reuse, pairs = map(int, out[0].split())
    assert reuse > 10 and pairs > 100  # the comparison did run
    assert out[1] == "numpy.ma not loaded"
