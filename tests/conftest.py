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
