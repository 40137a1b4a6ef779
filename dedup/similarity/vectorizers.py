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

# Module -> names scikit-learn binds from it at import time (`from m import f`) but only
# calls later: each becomes a function that loads the module when it is called. Measured
# with `python -X importtime` (scikit-learn 1.9, scipy 1.17, numpy 2.4, a quiet core);
# together these were 0.45 s of the 1.1 s that `analyze` spent importing.
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
    # feature_extraction.text takes `normalize` from here; the package's __init__ loads
    # every scaler and encoder, and SplineTransformer's scipy.interpolate and
    # scipy.optimize (0.3 s). `l2_normalize` below does the vectorizers' normalising.
    "sklearn.preprocessing": ("normalize",),
}


class _DeferredModule(types.ModuleType):
    """Stands in for a module until one of its attributes is read, then loads the real one."""

    def __init__(self, spec: ModuleSpec, forwarded: tuple[str, ...] = ()) -> None:
        super().__init__(spec.name)
        # The import system reads `__spec__` when the module is imported again, and
        # `__path__` when a submodule of a package is; real values keep either from
        # counting as a use.
        self.__spec__ = spec
        if spec.submodule_search_locations is not None:
            self.__path__ = list(spec.submodule_search_locations)
        for attr in forwarded:
            setattr(self, attr, self._forward(attr))

    def _load(self) -> types.ModuleType:
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        real = importlib.import_module(name)
        # Later reads through this stand-in (a module that bound it) skip the lookup.
        self.__dict__.update(real.__dict__)
        return real

    def _forward(self, attr: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            return getattr(self._load(), attr)(*args, **kwargs)

        call.__name__ = call.__qualname__ = attr
        return call

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._load(), attr)


def _defer(name: str, forwarded: tuple[str, ...] = ()) -> None:
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    stand_in = _DeferredModule(spec, forwarded)
    sys.modules[name] = stand_in
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, stand_in)


def defer_unused_modules() -> None:
    """Put the stand-ins of `_DEFERRED`'s numpy and scipy modules in place (idempotent).

    Needed before the first `import scipy.sparse`, which is what reads every attribute of
    numpy; `dedup.similarity` calls it on import.
    """
    for name, forwarded in _DEFERRED.items():
        if not name.startswith("sklearn."):
            _defer(name, forwarded)


def _load_sklearn_text() -> types.ModuleType:
    loaded = sys.modules.get("sklearn.feature_extraction.text")
    if loaded is not None:
        return loaded
    hide_pandas = "pandas" not in sys.modules
    if hide_pandas:
        sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` fails
    try:
        # In this order: finding sklearn.preprocessing imports sklearn, which needs the
        # scipy and numpy stand-ins already in place.
        for name, forwarded in _DEFERRED.items():
            _defer(name, forwarded)
        return importlib.import_module("sklearn.feature_extraction.text")
    finally:
        if hide_pandas and sys.modules.get("pandas") is None:
            del sys.modules["pandas"]


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
