"""The peer glue of issue 11: what a user would write instead of dedup, as one process.

Read the file, split it naively (paragraphs at blank lines, questions are paragraphs' sentences
ending in '?', the rest are answer sentences), group the questions with string-grouper and
the answer sentences with datasketch MinHash LSH. No fractions, no Part I/II, no report:
only the grouping work, so dedup's whole process is compared with a lower bound.

Run as `python bench/peer_glue.py FILE` (after `pip install -e '.[bench]'`); prints the
number of groups found.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z])")
SHINGLE = 3
NUM_PERM = 128
THRESHOLD = 0.5


def main(path: str) -> None:
    import pandas as pd
    from datasketch import MinHash, MinHashLSH
    from string_grouper import group_similar_strings

    text = Path(path).read_text(encoding="utf-8")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    sentences = [s for p in paragraphs for s in SENTENCE.split(p) if len(s) >= 20]
    questions = [s.lower() for s in sentences if s.endswith("?")]
    answers = [s.lower() for s in sentences if not s.endswith("?")]
    groups = group_similar_strings(pd.Series(questions), min_similarity=0.8)
    q_groups = int(groups.value_counts().gt(1).sum())

    def shingles(s: str) -> list[bytes]:
        w = s.split()
        return [" ".join(w[i : i + SHINGLE]).encode() for i in range(max(1, len(w) - SHINGLE + 1))]

    hashes = MinHash.bulk([shingles(s) for s in answers], num_perm=NUM_PERM)
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for i, h in enumerate(hashes):
            session.insert(i, h)
    pairs = {(min(i, j), max(i, j)) for i, h in enumerate(hashes) for j in lsh.query(h) if j != i}
    print(
        f"{len(questions)} questions, {q_groups} groups; {len(answers)} sentences, "
        f"{len(pairs)} candidate pairs"
    )


if __name__ == "__main__":
    main(sys.argv[1])
