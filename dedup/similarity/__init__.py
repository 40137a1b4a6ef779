"""Candidate pairs (TF-IDF top-k), pair scores (rapidfuzz) and sentence alignment."""
