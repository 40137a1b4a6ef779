"""dedup: duplicate questions and reused answers in Dutch written consultations.

    from dedup import segment_file
    seg = segment_file("fixtures/kst-29325-157.txt")
    for q in seg.part_one():
        print(q.id, q.fraction, q.line, q.text)

Names are imported on first use, so `dedup --help` does not load scikit-learn.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Answer": "dedup.model",
    "Diagnostic": "dedup.model",
    "DocumentInfo": "dedup.model",
    "Question": "dedup.model",
    "Segmentation": "dedup.model",
    "SourceText": "dedup.model",
    "DedupError": "dedup.errors",
    "NoStructure": "dedup.errors",
    "NoTextLayer": "dedup.errors",
    "UnreadableInput": "dedup.errors",
    "read_document": "dedup.ingest",
    "segment_file": "dedup.pipeline",
    "segment_text": "dedup.pipeline",
}

__all__ = ["__version__", *sorted(_EXPORTS)]

if TYPE_CHECKING:
    from dedup.errors import DedupError, NoStructure, NoTextLayer, UnreadableInput
    from dedup.ingest import read_document
    from dedup.model import Answer, Diagnostic, DocumentInfo, Question, Segmentation, SourceText
    from dedup.pipeline import segment_file, segment_text


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dedup' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
