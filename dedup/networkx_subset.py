"""networkx, imported without the four fifths of it that clustering never calls.

`import networkx` loads some 300 modules (0.2 s CPU, a fifth of `dedup analyze`'s
imports): every generator, reader, writer, drawing helper and algorithm. Clustering
needs the graph classes, `connected_components` and `louvain_communities`. Here
networkx's own `__init__` runs as far as its graph classes and conversions (the
statements before the first that imports generators, algorithms, ...), and
`networkx.algorithms` is a stand-in (dedup.deferred) whose `components` and `community`
subpackages load alone. The rest of `__init__` runs the moment anything reads a name the
partial module lacks (`nx.shortest_path`, `dir(nx)`, `from networkx import *`): a user's
own `import networkx` in the same process gets all of networkx, only later (only
`vars(nx)`, which reads no name, shows the part until then). When
networkx is already imported, or its `__init__` does not look as expected, it is imported
as usual.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
import types
from typing import Any

from dedup.deferred import DeferredModule, defer, load

__all__ = ["networkx"]

# networkx's subpackages that clustering never touches; `__init__`'s statements from the
# first one that imports any of them on run when the rest of networkx is asked for.
_LATER = (
    "networkx.convert_matrix",
    "networkx.relabel",
    "networkx.generators",
    "networkx.readwrite",
    "networkx.algorithms",
    "networkx.linalg",
    "networkx.drawing",
)
# Names that networkx's own code on clustering's path reads from `nx`: the head of
# `__init__` must have bound them, or the whole of networkx is imported at once.
_NEEDED = ("Graph", "density", "subgraph_view", "filters", "is_empty", "_dispatchable", "config")


def _imports_later(node: ast.stmt) -> bool:
    names: list[str] = []
    if isinstance(node, ast.ImportFrom) and node.module is not None:
        names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    elif isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    return any(n == p or n.startswith(p + ".") for n in names for p in _LATER)


def _split_init(source: str) -> tuple[list[ast.stmt], list[ast.stmt]]:
    """networkx's `__init__`: the statements to run now, and the rest."""
    body = ast.parse(source).body
    cut = next((i for i, node in enumerate(body) if _imports_later(node)), len(body))
    return body[:cut], body[cut:]


def _partial() -> types.ModuleType:
    """networkx with the head of its `__init__` run and the rest run on first need."""
    spec = importlib.util.find_spec("networkx")
    get_source = getattr(spec.loader, "get_source", None) if spec is not None else None
    source = get_source("networkx") if get_source is not None else None
    if spec is None or spec.origin is None or not isinstance(source, str):
        return importlib.import_module("networkx")
    head, rest = _split_init(source)
    module = importlib.util.module_from_spec(spec)
    sys.modules["networkx"] = module
    try:
        algorithms = defer("networkx.algorithms")
        exec(compile(ast.Module(head, []), spec.origin, "exec"), module.__dict__)
        if algorithms is None or not all(n in module.__dict__ for n in _NEEDED):
            raise ImportError("networkx's __init__ is not as expected")
        # Bound as networkx's `from networkx.algorithms import *` binds them (the same
        # objects): dedup calls `nx.connected_components` and
        # `nx.community.louvain_communities`, networkx's quality.py `nx.community`.
        components = importlib.import_module("networkx.algorithms.components")
        module.__dict__["connected_components"] = components.connected_components
        module.__dict__["community"] = importlib.import_module("networkx.algorithms.community")
    except Exception:
        for name in [n for n in sys.modules if n == "networkx" or n.startswith("networkx.")]:
            del sys.modules[name]
        return importlib.import_module("networkx")
    _complete_on_first_need(module, rest, spec.origin)
    return module


def _complete_on_first_need(module: types.ModuleType, rest: list[ast.stmt], origin: str) -> None:
    code = compile(ast.Module(rest, []), origin, "exec")
    namespace = module.__dict__

    def complete() -> None:
        # networkx's own __getattr__ (if any) is among the statements still to run.
        namespace.pop("__getattr__", None)
        namespace.pop("__dir__", None)
        stand_in = sys.modules.get("networkx.algorithms")
        if isinstance(stand_in, DeferredModule):
            namespace["algorithms"] = load(stand_in)
        exec(code, namespace)

    def __getattr__(name: str) -> Any:  # noqa: N807  (PEP 562)
        complete()
        return getattr(module, name)

    def __dir__() -> list[str]:  # noqa: N807  (PEP 562)
        complete()
        return sorted(namespace)

    namespace["__getattr__"] = __getattr__
    namespace["__dir__"] = __dir__


networkx = sys.modules.get("networkx") or _partial()
