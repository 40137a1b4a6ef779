"""to_json.dumps writes the JSON itself (json's C encoder for the plain values, the indent
by hand): its text must be json.dumps(indent=2, ensure_ascii=False)'s on any data, the
awkward values included, and it must leave to json what it does not write itself."""

from __future__ import annotations

import enum
import json
import random
from typing import Any

import pytest

from dedup.pipeline import analyze_file
from dedup.render.to_json import analysis_dict, dumps, segmentation_dict
from tests.conftest import SAMPLE


def stdlib(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# Strings json escapes or that look like the text around them: quotes, backslashes, every
# control character (the NUL that separates values inside dumps among them), brackets,
# `%` (the dicts are filled in by %-formatting), non-ASCII, a lone surrogate.
_AWKWARD = [
    "",
    "gewoon",
    'aan"hal"ing',
    "back\\slash",
    "".join(chr(c) for c in range(32)),
    "nul\x00byte",
    "a,\n  b",
    "[{]}: ,",
    "%s %d %% %(x)s",
    "één – ‘Tweede Kamer’ ✓ \u2028\u2029",
    "\ud800",
    "\x7f\x85",
]
_NUMBERS = [
    0,
    -1,
    10**30,
    0.0,
    -0.0,
    0.1,
    1e300,
    -2.5e-7,
    float("nan"),
    float("inf"),
    float("-inf"),
]


def generated(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth >= 4 or roll < 0.45:
        return rng.choice([*_AWKWARD, *_NUMBERS, True, False, None])
    size = rng.choice([0, 1, 2, 5, 12])
    if roll < 0.6:
        return [generated(rng, depth + 1) for _ in range(size)]
    if roll < 0.7:
        return tuple(generated(rng, depth + 1) for _ in range(size))
    if roll < 0.85:
        # Records: many dicts with the same keys, as the questions and warnings are.
        keys = rng.sample(_AWKWARD, k=min(size, len(_AWKWARD)))
        return [{k: generated(rng, depth + 2) for k in keys} for _ in range(rng.choice([1, 3, 20]))]
    return {rng.choice(_AWKWARD) + str(n): generated(rng, depth + 1) for n in range(size)}


@pytest.mark.parametrize("seed", range(40))
def test_generated_data_is_written_as_json_writes_it(seed: int) -> None:
    data = generated(random.Random(seed))
    assert dumps({"data": data}) == stdlib({"data": data})


def test_top_level_values_of_every_kind() -> None:
    values: list[Any] = [*_AWKWARD, *_NUMBERS, True, False, None, [], {}, (), [[]], [{}], {"a": {}}]
    for value in values:
        assert dumps(value) == stdlib(value)


class Colour(enum.IntEnum):
    RED = 1


class Label(str):
    pass


def test_what_it_does_not_write_itself_is_left_to_json() -> None:
    # Keys json turns into strings, and subclasses of the plain types (an IntEnum is
    # written by int.__repr__ in json, but only an exact int is taken as plain here).
    for data in [
        {3: "a", 2.5: "b", None: "c", True: "d"},
        {"x": [{"a": 1}, {2: 3}]},
        {"colour": Colour.RED, "label": Label("rood")},
        [Colour.RED, {"k": Label("v")}],
        {Label("key"): 1},
    ]:
        assert dumps(data) == stdlib(data)  # type: ignore[arg-type]


def test_a_value_json_cannot_write_fails_as_in_json() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps({"when": object()})
    loop: dict[str, Any] = {}
    loop["self"] = [loop]
    with pytest.raises(ValueError, match="Circular reference"):
        dumps(loop)


def test_the_sample_analysis_and_segmentation_are_json_dumps_text() -> None:
    an = analyze_file(SAMPLE)
    for data in (analysis_dict(an), segmentation_dict(an.segmentation)):
        text = dumps(data)
        assert text == stdlib(data)
        assert json.loads(text) == data
