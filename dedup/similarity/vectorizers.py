"""scikit-learn's text vectorizers, imported without the parts of scikit-learn never used here.

`import sklearn.<anything>` runs `sklearn.utils.fixes`, which imports `scipy.stats`
(0.74 s, for a `mode` helper used by estimators we never call) and, when it is
installed, `pandas` (0.43 s, bound to a name nothing on our path reads). Together they
were most of `dedup analyze`'s start-up. Here `scipy.stats` and the other modules in
`_DEFERRED` are deferred (dedup.deferred: a stand-in that imports the real module the
moment anything reads from it) and `pandas` is hidden while scikit-learn loads. Nothing
changes for code that does use them: the first attribute read on a stand-in loads the
real module, and `import pandas` afterwards works as usual.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

from dedup.deferred import bind_to_parent, defer, forward, load, stand_in, unforward

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
    # scipy._lib._testutils, for scipy's own test runner (0.015 s with signal and
    # selectors; nothing on the analyze path starts a process). First: finding scipy.stats
    # below imports scipy.
    "subprocess": (),
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
    # sklearn.utils.fixes: `laplacian`, for spectral embedding.
    "scipy.sparse.csgraph": ("laplacian",),
    # feature_extraction.text takes `normalize` from here; the package's __init__ loads
    # every scaler and encoder, and SplineTransformer's scipy.interpolate and
    # scipy.optimize (0.3 s). `l2_normalize` below does the vectorizers' normalising.
    "sklearn.preprocessing": ("normalize",),
    # The package's __init__ also loads image.py (grid_to_graph and patch extraction),
    # DictVectorizer and FeatureHasher (0.05 s under importtime); as a stand-in, only
    # `text` and what it imports load.
    "sklearn.feature_extraction": (),
    # Each fit imports sklearn.callback._callback_support; the package's __init__ also
    # loads its ProgressBar (rich.progress) and ScoringMonitor (0.09 s under importtime).
    # With the package a stand-in, the submodule loads alone.
    "sklearn.callback": (),
}


def defer_unused_modules() -> None:
    """Put the stand-ins of `_DEFERRED`'s numpy, scipy and stdlib modules in place
    (idempotent).

    Needed before the first `import scipy.sparse`, which is what reads every attribute of
    numpy; `dedup.similarity` calls it on import.
    """
    for name in _DEFERRED:
        if not name.startswith("sklearn."):
            defer(name)


def _load_sklearn_text() -> types.ModuleType:
    loaded = sys.modules.get("sklearn.feature_extraction.text")
    if loaded is not None:
        return loaded
    hide_pandas = "pandas" not in sys.modules
    if hide_pandas:
        sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` fails
    for name, forwarded in _DEFERRED.items():
        # Quietly: finding a submodule of scikit-learn must not import scikit-learn.
        module = defer(name, quietly=name.startswith("sklearn."))
        if module is not None:
            forward(module, forwarded)
    try:
        try:
            return importlib.import_module("sklearn.feature_extraction.text")
        except Exception:
            # A scikit-learn that does more at import time with a deferred name than bind
            # it (before 1.8, sklearn.utils.fixes imports scipy.optimize, which subclasses
            # LinearOperator: a forwarding function cannot be subclassed). The import
            # system has dropped the modules that failed; import again with the real
            # modules in place: slower, whole, the same vectorizers.
            _give_up_deferring()
            return importlib.import_module("sklearn.feature_extraction.text")
    finally:
        if hide_pandas and sys.modules.get("pandas") is None:
            del sys.modules["pandas"]
        # scikit-learn has bound what it needed; a user's `from scipy.sparse.linalg
        # import LinearOperator` later gets the real class, not a forwarding function.
        for name, forwarded in _DEFERRED.items():
            module = stand_in(name)
            if module is not None:
                unforward(module, forwarded)
                bind_to_parent(name)


def _give_up_deferring() -> None:
    """Load the real module behind every stand-in of `_DEFERRED`; scikit-learn's own are
    dropped instead, to be imported by scikit-learn's next import as usual."""
    # Every forwarding function goes first: loading one module (scipy.stats) imports
    # others that read a stand-in's names (scipy.optimize, LinearOperator).
    for name, forwarded in _DEFERRED.items():
        module = stand_in(name)
        if module is not None:
            unforward(module, forwarded)
    for name in _DEFERRED:
        module = stand_in(name)
        if module is None:
            continue
        if name.startswith("sklearn."):
            del sys.modules[name]
        else:
            load(module)


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
