"""Errors of corpus mode; like every DedupError the CLI prints them as one line, exit 2."""

from __future__ import annotations

from dedup.errors import DedupError


class CorpusError(DedupError):
    """The corpus database cannot be used: missing, not a corpus, newer schema, locked."""


class NotInCorpus(DedupError):
    """A document named on the command line is not in the corpus."""


class BadManifest(DedupError):
    """A metadata manifest (CSV/JSON) or a metadata option is malformed."""


class IngestFailed(DedupError):
    """Some files could not be added; the others were committed."""


class MissingExtra(DedupError):
    """An optional library (pyarrow for parquet) is not installed."""


class BadQuery(DedupError):
    """A search query is empty or unusable."""
