"""Texts stored once: a document's answer texts as one zlib stream, read back by position.

One stream per document compresses Dutch answer text to about a quarter of its size
(answers compressed one by one only to about half: most of the redundancy is across a
document's answers). The reports read a few answers at a time, so unpacking a document
is remembered for the next answers of the same document.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache

# The separator never occurs in an answer: control characters are removed on ingest.
_SEP = "\x1f"
# zlib level 6 (the default): level 9 saved under 1% more on verslagen, at twice the time.
_LEVEL = 6


def pack_texts(texts: Sequence[str]) -> bytes:
    """One zlib stream of `texts` in order (what `documents.answer_texts` holds)."""
    if not texts:
        return b""
    # Ingest removes control characters; a library caller's stray one becomes a space.
    joined = _SEP.join(t.replace(_SEP, " ") for t in texts)
    return zlib.compress(joined.encode("utf-8"), _LEVEL)


def packs_unchanged(text: str) -> bool:
    """Whether `unpack_texts` gives `text` back as it was packed (`pack_texts` turns a
    separator in it into a space)."""
    return _SEP not in text


@lru_cache(maxsize=64)
def unpack_texts(blob: bytes) -> tuple[str, ...]:
    """The texts `pack_texts` packed, in order."""
    if not blob:
        return ()
    return tuple(zlib.decompress(blob).decode("utf-8").split(_SEP))


def answer_text(blob: bytes | None, n: int | None) -> str | None:
    """SQL function `answer_text(documents.answer_texts, answers.n)`: the answer's text."""
    if blob is None or n is None:
        return None
    texts = unpack_texts(bytes(blob))
    return texts[n] if 0 <= n < len(texts) else None


@lru_cache(maxsize=1 << 16)
def question_search_form(text: str) -> str:
    """The form a question is indexed and compared by in the corpus (its content clause)."""
    from dedup.compare import question_form

    return question_form(text)
