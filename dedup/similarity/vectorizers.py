"""scikit-learn's text vectorizers, imported without the parts of scikit-learn never used here.

`import sklearn.<anything>` runs `sklearn.utils.fixes`, which imports `scipy.stats`
(0.74 s, for a `mode` helper used by estimators we never call) and, when it is
installed, `pandas` (0.43 s, bound to a name nothing on our path reads). Together they
were most of `dedup analyze`'s start-up. Here `scipy.stats` and the other modules in
`_DEFERRED` are deferred (a stand-in that imports the real module the moment anything
reads from it) and `pandas` is hidden while scikit-learn loads. Nothing changes for code
that does use them: the first attribute read on a stand-in loads the real module, and
`import pandas` afterwards works as usual.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from typing import Any

__all__ = ["count_vectorizer", "l2_normalize", "tfidf_transformer", "tfidf_vectorizer"]

# Module -> names scikit-learn binds from it at import time (`from m import f`, `m.f`) but
# only calls later: while scikit-learn loads, each is a function that loads the module
# when it is called; afterwards reading the name loads the real module. Parents before
# their submodules. Measured with `python -X importtime` (scikit-learn 1.9, scipy 1.17,
# numpy 2.4, a quiet core); together the first six and sklearn.preprocessing were 0.45 s
# of the 1.1 s that `analyze` spent importing, joblib to scipy.sparse.linalg and
# sklearn.callback another 0.2 s CPU of the 0.95 s left. (narwhals, which scikit-learn's
# validation also imports, is not here: every TfidfTransformer.fit calls it.)
_DEFERRED: dict[str, tuple[str, ...]] = {
    # sklearn.utils.fixes: `mode`, for estimators we never call (0.74 s with scipy 1.11).
    "scipy.stats": (),
    # sklearn.utils._array_api: expit/logit for classifiers (0.1 s).
    "scipy.special": (),
    # scipy's array-API copy of numpy reads every attribute of numpy, which loads numpy's
    # lazy submodules; nothing here uses these four (0.1 s, numpy.f2py the most).
    "numpy.f2py": (),
    "numpy.testing": (),
    "numpy.ma": (),
    "numpy.polynomial": (),
    # sklearn.utils.validation: `joblib.Memory` for pipelines' caching; _openmp_helpers:
    # `cpu_count` for n_jobs (joblib pulls in asyncio, loky and psutil: 0.12 s under
    # importtime).
    "joblib": ("cpu_count",),
    # sklearn.utils.parallel, for fixes' `_get_threadpool_controller`: it subclasses
    # joblib.Parallel at import time, which would load joblib anyway. threadpoolctl:
    # `threadpool_info` for sklearn.show_versions.
    "threadpoolctl": ("threadpool_info",),
    "sklearn.utils.parallel": ("_get_threadpool_controller",),
    # sklearn.utils.fixes binds `scipy.sparse.linalg.cg`, sklearn.utils.sparsefuncs
    # `LinearOperator`, and sklearn.utils.extmath `from scipy import linalg`; only
    # estimators call them. scipy.sparse.linalg imports scipy.linalg (0.3 s together).
    "scipy.linalg": (),
    "scipy.sparse.linalg": ("cg", "LinearOperator"),
    # feature_extraction.text takes `normalize` from here; the package's __init__ loads
    # every scaler and encoder, and SplineTransformer's scipy.interpolate and
    # scipy.optimize (0.3 s). `l2_normalize` below does the vectorizers' normalising.
    "sklearn.preprocessing": ("normalize",),
    # Each fit imports sklearn.callback._callback_support; the package's __init__ also
    # loads its ProgressBar (rich.progress) and ScoringMonitor (0.09 s under importtime).
    # With the package a stand-in, the submodule loads alone.
    "sklearn.callback": (),
}


class _DeferredModule(types.ModuleType):
    """Stands in for a module until one of its attributes is read, then loads the real one."""

    def __init__(self, spec: ModuleSpec) -> None:
        super().__init__(spec.name)
        # The import system reads `__spec__` when the module is imported again, and
        # `__path__` when a submodule of a package is; real values keep either from
        # counting as a use.
        self.__spec__ = spec
        if spec.submodule_search_locations is not None:
            self.__path__ = list(spec.submodule_search_locations)

    def _load(self) -> types.ModuleType:
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        real = importlib.import_module(name)
        # Later reads through this stand-in (a module that bound it) skip the lookup.
        self.__dict__.update(real.__dict__)
        return real

    def forward(self, attrs: tuple[str, ...]) -> None:
        """Bind each of `attrs` to a function that loads the module and calls the real one."""
        for attr in attrs:
            setattr(self, attr, self._forward(attr))

    def unforward(self, attrs: tuple[str, ...]) -> None:
        """Drop `forward`'s functions (not yet loaded): a later read gets the real object."""
        for attr in attrs:
            if getattr(self.__dict__.get(attr), "_deferred_forward", False):
                delattr(self, attr)

    def _forward(self, attr: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            return getattr(self._load(), attr)(*args, **kwargs)

        call.__name__ = call.__qualname__ = attr
        call._deferred_forward = True  # type: ignore[attr-defined]
        return call

    def __getattr__(self, attr: str) -> Any:
        if attr == "__path__":
            # A plain module's: `from m import f` asks whether m is a package.
            raise AttributeError(attr)
        return getattr(self._load(), attr)

    def __dir__(self) -> list[str]:
        return dir(self._load())


def _find_spec(name: str) -> ModuleSpec | None:
    """`importlib.util.find_spec`, but without importing scikit-learn for its submodules.

    find_spec imports a dotted name's parent: for `sklearn.utils.parallel` that would be
    all of scikit-learn, before the stand-in is in place. Other parents (numpy, scipy)
    are imported as before: numpy's lazy `__getattr__` needs its stand-ins bound to it.
    """
    parent, _, _ = name.rpartition(".")
    if not name.startswith("sklearn.") or parent in sys.modules:
        return importlib.util.find_spec(name)
    outer = _find_spec(parent)
    if outer is None or outer.submodule_search_locations is None:
        return None
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        spec = find(name, outer.submodule_search_locations) if find else None
        if isinstance(spec, ModuleSpec):
            return spec
    return None


def _defer(name: str) -> None:
    if name in sys.modules:
        return
    spec = _find_spec(name)
    if spec is None:
        return
    sys.modules[name] = _DeferredModule(spec)
    _bind_to_parent(name)


def _bind_to_parent(name: str) -> None:
    """Make a stand-in its parent's attribute, as importing the real module would."""
    parent, _, child = name.rpartition(".")
    outer = sys.modules.get(parent) if parent else None
    module = sys.modules.get(name)
    if outer is not None and module is not None and child not in outer.__dict__:
        setattr(outer, child, module)


def _stand_in(name: str) -> _DeferredModule | None:
    module = sys.modules.get(name)
    return module if isinstance(module, _DeferredModule) else None


def defer_unused_modules() -> None:
    """Put the stand-ins of `_DEFERRED`'s numpy and scipy modules in place (idempotent).

    Needed before the first `import scipy.sparse`, which is what reads every attribute of
    numpy; `dedup.similarity` calls it on import.
    """
    for name in _DEFERRED:
        if not name.startswith("sklearn."):
            _defer(name)


def _load_sklearn_text() -> types.ModuleType:
    loaded = sys.modules.get("sklearn.feature_extraction.text")
    if loaded is not None:
        return loaded
    hide_pandas = "pandas" not in sys.modules
    if hide_pandas:
        sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` fails
    for name in _DEFERRED:
        _defer(name)
    for name, forwarded in _DEFERRED.items():
        stand_in = _stand_in(name)
        if stand_in is not None:
            stand_in.forward(forwarded)
    try:
        return importlib.import_module("sklearn.feature_extraction.text")
    finally:
        if hide_pandas and sys.modules.get("pandas") is None:
            del sys.modules["pandas"]
        # scikit-learn has bound what it needed; a user's `from scipy.sparse.linalg
        # import LinearOperator` later gets the real class, not a forwarding function.
        for name, forwarded in _DEFERRED.items():
            stand_in = _stand_in(name)
            if stand_in is not None:
                stand_in.unforward(forwarded)
                _bind_to_parent(name)


def tfidf_vectorizer(**options: Any) -> Any:
    """A `sklearn.feature_extraction.text.TfidfVectorizer` with these options."""
    return _load_sklearn_text().TfidfVectorizer(**options)


def count_vectorizer(**options: Any) -> Any:
    """A `sklearn.feature_extraction.text.CountVectorizer` with these options."""
    return _load_sklearn_text().CountVectorizer(**options)


def tfidf_transformer(**options: Any) -> Any:
    """A `sklearn.feature_extraction.text.TfidfTransformer` with these options."""
    return _load_sklearn_text().TfidfTransformer(**options)


def l2_normalize(x: Any) -> Any:
    """A float copy of CSR matrix `x` with its rows scaled to unit length.

    What `sklearn.preprocessing.normalize` does for a CSR matrix (check_array's float
    copy, then this same Cython routine), without loading sklearn.preprocessing.
    """
    _load_sklearn_text()
    import numpy as np
    from scipy import sparse
    from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

    out = sparse.csr_matrix(x, dtype=np.float64, copy=True)
    inplace_csr_row_normalize_l2(out)
    return out
