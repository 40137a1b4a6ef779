"""scikit-learn's text vectorizers, imported without the parts of scikit-learn never used here.

`import sklearn.<anything>` runs `sklearn.utils.fixes`, which imports `scipy.stats`
(0.74 s, for a `mode` helper used by estimators we never call) and, when it is
installed, `pandas` (0.43 s, bound to a name nothing on our path reads). Together they
were most of `dedup analyze`'s start-up. Here `scipy.stats` is deferred (a stand-in that
imports the real module the moment anything reads from it) and `pandas` is hidden while
scikit-learn loads. Nothing changes for code that does use them: the first attribute read
on `scipy.stats` loads it, and `import pandas` afterwards works as usual.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from importlib.machinery import ModuleSpec
from typing import Any

__all__ = ["count_vectorizer", "l2_normalize", "tfidf_transformer", "tfidf_vectorizer"]


class _DeferredModule(types.ModuleType):
    """Stands in for a module until one of its attributes is read, then loads the real one."""

    def __init__(self, spec: ModuleSpec) -> None:
        super().__init__(spec.name)
        # The import system reads `__spec__` when the module is imported again; a real
        # spec keeps that from counting as a use.
        self.__spec__ = spec

    def __getattr__(self, attr: str) -> Any:
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        real = importlib.import_module(name)
        # Later reads through this stand-in (a module that bound it) skip the lookup.
        self.__dict__.update(real.__dict__)
        return getattr(real, attr)


def _defer(name: str) -> None:
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    stand_in = _DeferredModule(spec)
    sys.modules[name] = stand_in
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, stand_in)


def _load_sklearn_text() -> types.ModuleType:
    loaded = sys.modules.get("sklearn.feature_extraction.text")
    if loaded is not None:
        return loaded
    _defer("scipy.stats")
    hide_pandas = "pandas" not in sys.modules
    if hide_pandas:
        sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` fails
    try:
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
    """Rows scaled to unit length (`sklearn.preprocessing.normalize`)."""
    _load_sklearn_text()
    from sklearn.preprocessing import normalize

    return normalize(x)
