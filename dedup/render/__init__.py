"""Renderers: each takes a result object and returns text (DOCX: bytes); none writes files.

`view` computes what the human-readable reports share (orderings, word diffs, shortened
texts, per-section reuse); `charts` draws the HTML report's inline SVG.
"""
