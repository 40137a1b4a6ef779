"""Candidate pairs (TF-IDF top-k), pair scores (rapidfuzz) and sentence alignment."""

from dedup.similarity.vectorizers import defer_unused_modules

# Before any module of this package imports scipy: scipy.sparse's first import is what
# loads numpy's unused submodules (see vectorizers).
defer_unused_modules()
