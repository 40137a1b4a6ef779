"""Term counts of scikit-learn's two `CountVectorizer`s, counted a distinct word at a time.

`candidates.tfidf_matrices` counts character 3-5-grams within words
(`CountVectorizer(analyzer="char_wb", ngram_range=(3, 5))`) and word 1-2-grams
(`CountVectorizer(analyzer="word", ngram_range=(1, 2))`), both with the defaults
(lowercase, `token_pattern=r"(?u)\\b\\w\\w+\\b"`, no accent stripping, no stop words).
scikit-learn's `fit_transform` walks every n-gram of every text in Python (0.6 s of the
sample's 0.9 s of computation). The texts of a document share most of their words, so
here each distinct word is cut into n-grams once, each distinct word pair is joined once,
the vocabulary is sorted once and every occurrence is looked up by C loops (`map` over a
dict), and numpy counts and builds the rows.
The result is scikit-learn's matrix, value for value: the same vocabulary (sorted terms),
the same columns in the same order, the same dtypes (tests/test_ngrams.py checks this
against `CountVectorizer` on random texts). scikit-learn stays the TF-IDF engine: these
counts go to its `TfidfTransformer`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain, pairwise
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["char_wb_counts", "char_wb_ngrams", "word_counts", "word_ngrams"]

# CountVectorizer's default token_pattern.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
# CountVectorizer(analyzer="char_wb", ngram_range=(3, 5)).
_MIN_N, _MAX_N = 3, 5


@lru_cache(maxsize=1 << 12)
def _word_grams(word: str) -> tuple[str, ...]:
    """The character n-grams `_char_wb_ngrams` makes of one word, in its order.

    Cached: the texts of a document (questions, their contexts, answer sentences, parts of
    compound questions) share most of their words. 4096 words (a few MiB of n-grams):
    at 1 << 16 the cache was 20 MiB of the memory peak of comparing 5 copies' answers.
    """
    padded = f" {word} "
    return tuple(map(padded.__getitem__, _slices(len(padded))))


@lru_cache(maxsize=256)
def _slices(length: int) -> tuple[slice, ...]:
    """Where `_char_wb_ngrams` cuts a padded word of `length` characters, in its order:
    every n-gram for n = 3, 4, 5; a padded word no longer than n gives one n-gram (itself)
    and no longer ones."""
    cuts: list[slice] = []
    for n in range(_MIN_N, _MAX_N + 1):
        if length <= n:
            cuts.append(slice(0, length))
            break
        cuts.extend(slice(i, i + n) for i in range(length - n + 1))
    return tuple(cuts)


def char_wb_ngrams(text: str) -> list[str]:
    """`CountVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()(text)`.

    scikit-learn lowercases, collapses runs of whitespace and splits on whitespace; the
    collapsing does not change what `str.split()` returns, both use `str.isspace`.
    """
    return list(chain.from_iterable(map(_word_grams, text.lower().split())))


def word_ngrams(text: str) -> list[str]:
    """`CountVectorizer(analyzer="word", ngram_range=(1, 2)).build_analyzer()(text)`:
    the tokens, then each pair of neighbouring tokens joined by a space."""
    tokens: list[str] = _TOKEN.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


def char_wb_counts(docs: Sequence[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """`CountVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(docs)` with
    its sorted indices, and the vocabulary's terms in column order.

    Raises ValueError, as scikit-learn does, when no text has a term.
    """
    from scipy import sparse

    split = [doc.lower().split() for doc in docs]
    words = list(chain.from_iterable(split))
    distinct = list(dict.fromkeys(words))
    coded = _coded_grams(distinct)
    if coded is None:
        grams_of_word, vocabulary = _grams_by_name(distinct)
    else:
        grams_of_word, vocabulary = coded
    # Counts as (texts x distinct words) @ (distinct words x n-grams): a text's n-grams
    # are its words' n-grams, so each distinct word is cut and counted once and each text
    # adds up its distinct words, integer products in C.
    word = dict(zip(distinct, range(len(distinct)), strict=True))
    tok = _ints(map(word.__getitem__, words))
    doc_of_token = np.repeat(np.arange(len(docs), dtype=np.int64), _ints(map(len, split)))
    words_of_doc = sparse.csr_matrix(
        (np.ones(len(tok), dtype=np.int64), (doc_of_token, tok)),
        shape=(len(docs), len(distinct)),
    )
    counts = sparse.csr_matrix(words_of_doc @ grams_of_word)
    counts.sort_indices()
    return _as_count_vectorizer(counts), vocabulary


def _grams_by_name(
    distinct: list[str],
) -> tuple[sparse.csr_matrix, list[str]]:
    """(distinct words x n-grams) counts and the sorted n-grams, the n-grams as strings."""
    from scipy import sparse

    grams = list(map(_word_grams, distinct))
    vocabulary = sorted(set(chain.from_iterable(grams)))
    if not vocabulary:
        raise ValueError(_EMPTY)
    column = dict(zip(vocabulary, range(len(vocabulary)), strict=True))
    flat = _ints(map(column.__getitem__, chain.from_iterable(grams)))
    grams_of_word = sparse.csr_matrix(
        (np.ones(len(flat), dtype=np.int64), flat, np.append(0, np.cumsum(_ints(map(len, grams))))),
        shape=(len(distinct), len(vocabulary)),
    )
    grams_of_word.sum_duplicates()  # "aaaaa" holds " aa" twice
    return grams_of_word, vocabulary


def _coded_grams(distinct: list[str]) -> tuple[sparse.csr_matrix, list[str]] | None:
    """`_grams_by_name(distinct)`, with each n-gram an integer instead of a string, or None
    where the words' characters do not fit that code.

    Cutting every distinct word into its n-grams as strings, and sorting and looking up
    those strings, was most of the time of counting (a document's answers hold 20 000
    distinct n-grams in 250 000 places). Here each character is its rank among the words'
    characters (1, 2, ...) and an n-gram the number with those ranks as digits, left to
    right, in base `alphabet + 1`, padded with 0 digits to five: numbers order as the
    strings do (code points; a shorter n-gram before the longer ones it starts), so
    sorting the numbers sorts the vocabulary, and numpy cuts, codes and counts every
    n-gram at once. Five digits must fit in an int64: at most 6 208 distinct characters.
    """
    from scipy import sparse

    if not distinct:
        raise ValueError(_EMPTY)
    padded = [f" {w} " for w in distinct]
    try:
        chars = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate
        return None
    alphabet, rank = np.unique(chars, return_inverse=True)
    base = len(alphabet) + 1
    if base**_MAX_N >= 2**63 or alphabet[0] == 0:
        # Too many characters for an int64, or NUL, which the decoding below would drop.
        return None
    digits = np.zeros(len(chars) + _MAX_N, dtype=np.int64)
    digits[: len(chars)] = rank.reshape(-1) + 1
    lengths = _ints(map(len, padded))
    starts = np.cumsum(lengths) - lengths
    codes: list[NDArray[np.int64]] = []
    owners: list[NDArray[np.int64]] = []
    word_ids = np.arange(len(distinct), dtype=np.int64)
    # A padded word has at least 3 characters; its n-grams are all its substrings of 3, 4
    # and 5 characters (one, itself, where it has n: `_slices`).
    for n in range(_MIN_N, _MAX_N + 1):
        long_enough = lengths >= n
        per_word = lengths[long_enough] - n + 1
        first = np.repeat(starts[long_enough], per_word)
        offset = np.arange(len(first), dtype=np.int64) - np.repeat(
            np.cumsum(per_word) - per_word, per_word
        )
        at = first + offset
        code = np.zeros(len(at), dtype=np.int64)
        for m in range(n):
            code += digits[at + m] * base ** (_MAX_N - 1 - m)
        codes.append(code)
        owners.append(np.repeat(word_ids[long_enough], per_word))
    every = np.concatenate(codes)
    terms, column = np.unique(every, return_inverse=True)
    grams_of_word = sparse.csr_matrix(
        (np.ones(len(every), dtype=np.int64), (np.concatenate(owners), column.reshape(-1))),
        shape=(len(distinct), len(terms)),
    )
    # The terms' characters back from their digits (0 digits: past a short n-gram's end).
    places = np.empty((len(terms), _MAX_N), dtype=np.uint32)
    rest = terms.copy()
    for m in range(_MAX_N - 1, -1, -1):
        rest, digit = np.divmod(rest, base)
        places[:, m] = np.where(digit > 0, alphabet[np.maximum(digit - 1, 0)], 0)
    vocabulary: list[str] = places.view(f"<U{_MAX_N}").reshape(-1).tolist()
    return grams_of_word, vocabulary


def word_counts(docs: Sequence[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """`CountVectorizer(analyzer="word", ngram_range=(1, 2)).fit_transform(docs)` with its
    sorted indices, and the vocabulary's terms in column order.

    Raises ValueError, as scikit-learn does, when no text has a term.
    """
    # Tokens never hold whitespace (no character is both `\w` and a space) and a space
    # before or after a word is a word boundary, as the start and end of a text are: a
    # text's tokens are its space-separated words' tokens. Each distinct word is matched
    # once, not every text in full (a tenth of the characters for the sample).
    split = [doc.lower().split() for doc in docs]
    words = list(chain.from_iterable(split))
    in_word = {word: _TOKEN.findall(word) for word in dict.fromkeys(words)}
    per_word = list(map(in_word.__getitem__, words))
    tokens = list(chain.from_iterable(per_word))
    # Each token is its place among the distinct tokens in sorted order.
    distinct = sorted(set(tokens))
    slot = dict(zip(distinct, range(len(distinct)), strict=True))
    tok = _ints(map(slot.__getitem__, tokens))
    doc_of_word = np.repeat(np.arange(len(docs), dtype=np.int64), _ints(map(len, split)))
    doc_of_token = np.repeat(doc_of_word, _ints(map(len, per_word)))
    # Word pairs: neighbouring tokens of one text. A term is the number `first * width +
    # second`, `second` the place of its second token plus one, 0 for a single token:
    # numbers order as the terms' names do, since "a" < "a b" < "a c" < "ab" (a space
    # sorts before every `\w` character, and tokens hold no spaces), so the sorted numbers
    # are the sorted vocabulary without sorting or looking up joined strings.
    same = doc_of_token[1:] == doc_of_token[:-1]
    width = len(distinct) + 1
    codes = np.concatenate([tok * width, tok[:-1][same] * width + tok[1:][same] + 1])
    terms, columns = np.unique(codes, return_inverse=True)
    first, second = np.divmod(terms, width)
    vocabulary = [
        distinct[a] if not b else f"{distinct[a]} {distinct[b - 1]}"
        for a, b in zip(first.tolist(), second.tolist(), strict=True)
    ]
    doc_of_term = np.concatenate([doc_of_token, doc_of_token[1:][same]])
    columns = columns.reshape(-1)
    return _count_matrix(len(docs), doc_of_term, columns, vocabulary), vocabulary


# scikit-learn's words when no text has a term.
_EMPTY = "empty vocabulary; perhaps the documents only contain stop words"


def _as_count_vectorizer(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """`counts` with CountVectorizer's dtypes: int64 values, int32 indices and indptr
    below 2**31 non-zeros."""
    from scipy import sparse

    index_dtype = np.int64 if counts.nnz > np.iinfo(np.int32).max else np.int32
    out = sparse.csr_matrix(
        (
            counts.data.astype(np.int64, copy=False),
            counts.indices.astype(index_dtype, copy=False),
            counts.indptr.astype(index_dtype, copy=False),
        ),
        shape=counts.shape,
    )
    out.has_sorted_indices = True
    return out


def _ints(values: Iterable[int]) -> NDArray[np.int64]:
    return np.fromiter(values, dtype=np.int64)


def _count_matrix(
    n_docs: int, doc_of_term: NDArray[np.int64], columns: NDArray[np.int64], vocabulary: list[str]
) -> sparse.csr_matrix:
    """The CSR count matrix of term occurrences (`doc_of_term[k]` holds the term in column
    `columns[k]`), as CountVectorizer builds it: int64 counts, sorted indices, int32
    indices and indptr below 2**31 non-zeros.
    """
    from scipy import sparse

    if not vocabulary:
        raise ValueError(_EMPTY)
    width = len(vocabulary)
    # In place (the callers pass arrays of their own): one occurrence-sized array, not three.
    keys = np.multiply(doc_of_term, width, out=doc_of_term)
    keys += columns
    keys.sort()
    new = np.empty(len(keys), dtype=bool)
    new[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    distinct = keys[starts]
    counts = np.diff(np.append(starts, len(keys))).astype(np.int64)
    index_dtype = np.int64 if len(distinct) > np.iinfo(np.int32).max else np.int32
    indptr = np.zeros(n_docs + 1, dtype=index_dtype)
    np.cumsum(np.bincount(distinct // width, minlength=n_docs), out=indptr[1:])
    return sparse.csr_matrix(
        (counts, (distinct % width).astype(index_dtype), indptr), shape=(n_docs, width)
    )
