"""Clustering writes and reads networkx graphs through networkx's public API only.

pyproject allows networkx >= 3.2; private helpers such as `nx._clear_cache` (3.3 on) or
writing into `Graph._adj` work on one release and break on another, with an AttributeError
in the middle of an analysis. This guard reads dedup's own sources for such uses.
"""

from __future__ import annotations

import re
from pathlib import Path

import dedup

# `nx._name`, `networkx._name`, and the graph's private dicts (`g._adj`, `g._node`, ...).
PRIVATE = re.compile(r"\b(?:nx|networkx)\._[a-z]\w*|\._(?:adj|node|succ|pred)\b")


def test_no_private_networkx_names_in_dedup() -> None:
    root = Path(dedup.__file__).parent
    hits = [
        f"{path.relative_to(root)}:{n}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert hits == []


def test_the_guard_sees_the_uses_it_forbids() -> None:
    for line in ("nx._clear_cache(g)", "adj = g._adj", "g._node[n] = {}", "networkx._x"):
        assert PRIVATE.search(line), line
    for line in ("g.add_edges_from(edges)", "g.adj[u]", "nx.Graph()", "self._adjust"):
        assert not PRIVATE.search(line), line
