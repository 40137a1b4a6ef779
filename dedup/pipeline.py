"""The stages in order: ingest -> normalize -> segment (-> compare -> cluster)."""

from __future__ import annotations

from pathlib import Path

from dedup.ingest import DEFAULT_MAX_BYTES, read_document
from dedup.model import Segmentation, SourceText
from dedup.segment import segment


def segment_text(source: SourceText) -> Segmentation:
    """Segment an already-read document."""
    return segment(source)


def segment_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Segmentation:
    """Read and segment a verslag in any supported format."""
    return segment(read_document(path, max_bytes=max_bytes))
