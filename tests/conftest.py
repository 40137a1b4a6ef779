"""Shared paths and cached results of the real fixture."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from dedup.model import Segmentation
from dedup.pipeline import segment_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SAMPLE = FIXTURES / "kst-29325-157.txt"
GOLD = ROOT.parent / "shared" / "gold" / "kst-29325-157.partial.json"
FIXTURE_GOLD = FIXTURES / "gold" / "kst-29325-157.partial.json"


@cache
def sample_segmentation() -> Segmentation:
    return segment_file(SAMPLE)


@cache
def gold() -> dict[str, Any]:
    path = FIXTURE_GOLD if FIXTURE_GOLD.exists() else GOLD
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def seg() -> Segmentation:
    return sample_segmentation()


@pytest.fixture
def sample_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").split("\n")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Inside the README test's own run of the test command, leave that test out (it
    would start itself again); everywhere else every test runs."""
    import os

    if not os.environ.get("DEDUP_README_INNER"):
        return
    inner = [i for i in items if i.nodeid.startswith("tests/test_readme.py")]
    if inner:
        config.hook.pytest_deselected(items=inner)
        items[:] = [i for i in items if i not in inner]


def tiny_verslag(payload: str, preamble: str = "Verslag van een schriftelijk overleg") -> str:
    """Two fractions asking the same question and getting the same answer, `payload` at
    the start of the question and inside the answer (a hostile string under test)."""
    asked = f"{payload} Hoeveel woonplekken zijn er in het afgelopen jaar gerealiseerd?"
    answer = (
        f"In het afgelopen jaar zijn er vijfhonderd woonplekken gerealiseerd {payload}. Dat is "
        "meer dan in het jaar daarvoor en het kabinet verwacht dat de groei doorzet."
    )
    parts = [preamble, "", "I Vragen en opmerkingen vanuit de fracties"]
    for part in ("I", "II"):
        if part == "II":
            parts += ["", "II Reactie van de minister"]
        for fraction in ("VVD", "D66"):
            parts += [
                "",
                f"Vragen en opmerkingen van de leden van de {fraction}-fractie",
                "",
                f"De leden van de {fraction}-fractie hebben kennisgenomen van de brief.",
                "",
                asked,
            ]
            if part == "II":
                parts += ["", answer]
    return "\n".join(parts) + "\n"
