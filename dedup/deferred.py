"""Stand-ins for modules that a library imports but never calls on dedup's path.

A `DeferredModule` sits in `sys.modules` in place of a module until one of its
attributes is read; then it imports the real module and hands over to it. Code that
does use the module notices nothing: `import m` gives the stand-in, the first `m.f`
loads m, and later reads through the stand-in see the real module's names.
vectorizers.py defers the parts of scikit-learn, scipy and numpy that its text
vectorizers never call; networkx_subset.py the part of networkx that clustering skips.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from typing import Any

__all__ = [
    "DeferredModule",
    "bind_to_parent",
    "defer",
    "forward",
    "load",
    "stand_in",
    "unforward",
]


class DeferredModule(types.ModuleType):
    """Stands in for a module until one of its attributes is read, then loads the real one.

    No methods of its own besides dunders: once loaded it holds the real module's names
    (joblib has a `load`), so `load`, `forward` and `unforward` are functions here.
    """

    def __init__(self, spec: ModuleSpec) -> None:
        super().__init__(spec.name)
        # The import system reads `__spec__` when the module is imported again, and
        # `__path__` when a submodule of a package is; real values keep either from
        # counting as a use.
        self.__spec__ = spec
        if spec.submodule_search_locations is not None:
            self.__path__ = list(spec.submodule_search_locations)

    def __getattr__(self, attr: str) -> Any:
        if attr == "__path__":
            # A plain module's: `from m import f` asks whether m is a package.
            raise AttributeError(attr)
        return getattr(load(self), attr)

    def __dir__(self) -> list[str]:
        return dir(load(self))


def load(module: DeferredModule) -> types.ModuleType:
    """The real module behind a stand-in, imported now if it was not yet."""
    name = module.__name__
    if sys.modules.get(name) is module:
        del sys.modules[name]
    real = importlib.import_module(name)
    # Later reads through the stand-in (a module that bound it) skip the lookup.
    module.__dict__.update(real.__dict__)
    return real


def forward(module: DeferredModule, attrs: tuple[str, ...]) -> None:
    """Bind each of `attrs` to a function that loads the module and calls the real one."""
    for attr in attrs:
        setattr(module, attr, _forwarder(module, attr))


def unforward(module: DeferredModule, attrs: tuple[str, ...]) -> None:
    """Drop `forward`'s functions (not yet loaded): a later read gets the real object."""
    for attr in attrs:
        if getattr(module.__dict__.get(attr), "_deferred_forward", False):
            delattr(module, attr)


def _forwarder(module: DeferredModule, attr: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(load(module), attr)(*args, **kwargs)

    call.__name__ = call.__qualname__ = attr
    call._deferred_forward = True  # type: ignore[attr-defined]
    return call


def find_spec(name: str, *, quietly: bool = False) -> ModuleSpec | None:
    """`importlib.util.find_spec`; `quietly`: without importing the parents of `name`.

    find_spec imports a dotted name's parent: for `sklearn.utils.parallel` that would be
    all of scikit-learn, before the stand-in is in place. Only where asked: numpy's lazy
    `__getattr__` needs its stand-ins bound to an imported numpy.
    """
    parent, _, _ = name.rpartition(".")
    if not quietly or not parent or parent in sys.modules:
        return importlib.util.find_spec(name)
    outer = find_spec(parent, quietly=True)
    if outer is None or outer.submodule_search_locations is None:
        return None
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        spec = find(name, outer.submodule_search_locations) if find else None
        if isinstance(spec, ModuleSpec):
            return spec
    return None


def defer(name: str, *, quietly: bool = False) -> DeferredModule | None:
    """Put a stand-in for `name` in `sys.modules` unless it is imported (or not installed)."""
    if name in sys.modules:
        return stand_in(name)
    spec = find_spec(name, quietly=quietly)
    if spec is None:
        return None
    module = sys.modules[name] = DeferredModule(spec)
    bind_to_parent(name)
    return module


def bind_to_parent(name: str) -> None:
    """Make a module its imported parent's attribute, as importing it would."""
    parent, _, child = name.rpartition(".")
    outer = sys.modules.get(parent) if parent else None
    module = sys.modules.get(name)
    if outer is not None and module is not None and child not in outer.__dict__:
        setattr(outer, child, module)


def stand_in(name: str) -> DeferredModule | None:
    """The stand-in in `sys.modules` for `name`, if the real module is not loaded yet."""
    module = sys.modules.get(name)
    return module if isinstance(module, DeferredModule) else None
