"""The cyclic garbage collector held off while a stage builds many small objects.

Segmentation, pair building and the cluster stage each make tens of thousands of small
containers (a 1 MB paragraph: 8 000 questions with their spans, 76 491 question pairs;
70 000 edge dicts at 20 copies) that form no cycles and stay alive. Each allocation
counts towards the collector's next pass, and each full pass walks every live object:
for nothing here, since reference counting frees them. It is put back as it was found,
and collects whatever is left once it runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

__all__ = ["held_off", "held_off_during"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


@contextmanager
def held_off() -> Iterator[None]:
    """The cyclic collector off inside the block, then on again if it was on."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def held_off_during(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """`fn` run with the cyclic collector held off (`held_off`)."""

    @wraps(fn)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with held_off():
            return fn(*args, **kwargs)

    return run
