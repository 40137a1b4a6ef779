"""Corpus mode: many verslagen in one SQLite database, reuse across documents and years.

    from dedup.corpus import Corpus
    with Corpus("dedup.sqlite", create=True) as corpus:
        corpus.add(["verslagen/"])
        print(corpus.report(by="ministry")["top_passages"][:3])

Names are imported on first use, so importing the package stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Corpus": "dedup.corpus.api",
    "DocMeta": "dedup.corpus.metadata",
    "Hit": "dedup.corpus.search",
    "IndexParams": "dedup.corpus.index",
    "IngestSummary": "dedup.corpus.ingest",
    "extract_metadata": "dedup.corpus.metadata",
    "load_manifest": "dedup.corpus.metadata",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from dedup.corpus.api import Corpus as Corpus
    from dedup.corpus.index import IndexParams as IndexParams
    from dedup.corpus.ingest import IngestSummary as IngestSummary
    from dedup.corpus.metadata import DocMeta as DocMeta
    from dedup.corpus.metadata import extract_metadata as extract_metadata
    from dedup.corpus.metadata import load_manifest as load_manifest
    from dedup.corpus.search import Hit as Hit


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dedup.corpus' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
