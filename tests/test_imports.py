"""What each command imports: `--help` no numeric stack, `segment` only numpy (the matrix
that rapidfuzz's `cdist` returns for Part II alignment), `analyze` no more of scikit-learn
than its text vectorizers, and never scipy.stats or pandas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE

NUMERIC = {"sklearn", "scipy", "pandas", "networkx", "numpy", "matplotlib", "pyarrow"}

# Runs one command in a fresh interpreter and prints which modules it loaded; a module
# that is only a deferred stand-in (never read from) does not count as loaded.
PROBE = """
import json, sys
from dedup.cli import cli
try:
    cli(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
loaded = sorted(
    name for name, module in sys.modules.items()
    if module is not None and type(module).__name__ != "DeferredModule"
)
print(json.dumps(loaded), file=sys.stderr)
"""


def _loaded(*args: str, cwd: Path | None = None) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        cwd=cwd,
    )
    names: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return set(names)


def test_help_imports_no_numeric_library() -> None:
    """`dedup --help` starts without scikit-learn, scipy, numpy, ..."""
    loaded = _loaded("--help")
    assert "dedup.cli" in loaded
    assert {name.split(".")[0] for name in loaded} & NUMERIC == set()


@pytest.mark.parametrize(
    "args", [("segment", str(SAMPLE)), ("segment", str(SAMPLE), "--format", "json")]
)
def test_segment_imports_no_library_of_the_comparison(args: tuple[str, ...]) -> None:
    """`dedup segment` loads numpy for rapidfuzz's cdist, none of scikit-learn, scipy, ..."""
    loaded = _loaded(*args)
    assert "dedup.layouts" in loaded
    assert {name.split(".")[0] for name in loaded} & NUMERIC == {"numpy"}


def test_analyze_imports_only_the_text_vectorizers() -> None:
    """`dedup analyze` loads scikit-learn's feature_extraction, not scipy.stats or pandas."""
    loaded = _loaded("analyze", str(SAMPLE), "--format", "json")
    assert "sklearn.feature_extraction.text" in loaded
    assert "networkx" in loaded
    assert "scipy.stats" not in loaded
    assert not any(name == "pandas" or name.startswith("pandas.") for name in loaded)
    used = {
        "feature_extraction",
        "preprocessing",
        "base",
        "utils",
        "callback",
        "externals",
        "exceptions",
    }
    packages = {name.split(".")[1] for name in loaded if name.startswith("sklearn.")}
    estimators = {p for p in packages if not p.startswith("_") and p not in used}
    assert estimators == set(), estimators
    assert "sklearn.metrics" not in loaded
    # Stand-ins only (vectorizers._DEFERRED): modules scikit-learn or scipy import but
    # that nothing on the analyze path calls.
    for name in (
        "sklearn.preprocessing",
        "scipy.special",
        "numpy.f2py",
        "numpy.testing",
        "joblib",
        "threadpoolctl",
        "sklearn.utils.parallel",
        "scipy.linalg",
        "scipy.sparse.linalg",
        "scipy.sparse.csgraph",
        "sklearn.callback",
        "sklearn.feature_extraction",
        "sklearn.feature_extraction.image",
        "subprocess",
    ):
        assert name not in loaded, name
    # Each fit imports this one submodule of sklearn.callback, not the package's
    # ProgressBar (rich.progress) or the pieces joblib brings (asyncio, psutil).
    assert "sklearn.callback._callback_support" in loaded
    for name in ("rich.progress", "asyncio", "psutil", "sklearn.callback._progressbar"):
        assert name not in loaded, name
    # networkx: the graph classes, connected components and Louvain, not the rest
    # (dedup.networkx_subset); `networkx.algorithms` itself is only a stand-in.
    assert "networkx.algorithms.community.louvain" in loaded
    assert "networkx.algorithms.components.connected" in loaded
    assert "networkx.algorithms" not in loaded
    for name in ("generators", "readwrite", "drawing", "linalg", "algorithms.flow"):
        assert f"networkx.{name}" not in loaded, name
    assert not any(name.startswith(("scipy.interpolate", "scipy.optimize")) for name in loaded)


def test_toml_is_read_only_where_a_settings_file_is(tmp_path: Path) -> None:
    """With no dedup.toml or pyproject.toml up from the working folder, analyze does not
    import tomllib; with a dedup.toml there it does (to read the file)."""
    assert not any(
        (p / n).exists()
        for p in (tmp_path, *tmp_path.parents)
        for n in ("dedup.toml", "pyproject.toml")
    )
    assert "tomllib" not in _loaded("analyze", str(SAMPLE), "--format", "json", cwd=tmp_path)
    (tmp_path / "dedup.toml").write_text("near_identical = 0.9\n", encoding="utf-8")
    assert "tomllib" in _loaded("analyze", str(SAMPLE), "--format", "json", cwd=tmp_path)


def test_deferred_scipy_stats_loads_when_used() -> None:
    """After the vectorizers are imported, scipy.stats, pandas and the other deferred modules
    (sklearn.preprocessing, scipy.special, numpy.testing) still work when asked for."""
    code = (
        "import sys\n"
        "from dedup.similarity.candidates import tfidf_matrix\n"
        "tfidf_matrix(['een twee drie', 'twee drie vier'])\n"
        "import scipy.stats\n"
        "print(round(float(scipy.stats.norm.cdf(0.0)), 3))\n"
        "from scipy.stats import rankdata\n"
        "print(rankdata([3, 1, 2]).tolist())\n"
        "import pandas\n"
        "print(len(pandas.DataFrame({'a': [1, 2]})))\n"
        "from sklearn.preprocessing import StandardScaler, normalize\n"
        "print(StandardScaler().fit_transform([[1.0], [3.0]]).ravel().tolist())\n"
        "print(normalize([[3.0, 4.0]]).ravel().tolist())\n"
        "import scipy.special, numpy.testing\n"
        "print(float(scipy.special.expit(0.0)))\n"
        "numpy.testing.assert_allclose([1.0], [1.0])\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.split("\n")[:7] == [
        "0.5",
        "[3.0, 1.0, 2.0]",
        "2",
        "[-1.0, 1.0]",
        "[0.6, 0.8]",
        "0.5",
        "ok",
    ]


def test_deferred_joblib_scipy_linalg_and_sklearn_parts_work_when_used() -> None:
    """After an analysis, a user's own joblib, threadpoolctl, scipy.linalg,
    scipy.sparse.linalg and .csgraph, sklearn.utils.parallel, sklearn.callback,
    sklearn.feature_extraction and subprocess are real:
    classes are classes, and an estimator that calls scipy's `cg` through scikit-learn's
    binding of it fits."""
    code = (
        "from dedup.similarity.candidates import tfidf_matrix\n"
        "tfidf_matrix(['een twee drie', 'twee drie vier'])\n"
        "import joblib\n"
        "from joblib import Memory, Parallel, delayed\n"
        "print(Parallel(n_jobs=1)(delayed(abs)(-i) for i in range(3)))\n"
        "print(isinstance(Memory, type), 'Parallel' in dir(joblib))\n"
        "import threadpoolctl\n"
        "print(isinstance(threadpoolctl.threadpool_info(), list))\n"
        "import numpy as np, scipy.linalg, scipy.sparse.linalg\n"
        "from scipy.sparse.linalg import LinearOperator\n"
        "print(isinstance(LinearOperator, type))\n"
        "print(scipy.linalg.det(np.eye(2)))\n"
        "x, info = scipy.sparse.linalg.cg(np.eye(2) * 2.0, np.ones(2))\n"
        "print(x.tolist(), info)\n"
        "from scipy.sparse.csgraph import connected_components, laplacian\n"
        "print(connected_components(np.eye(3))[0], laplacian(np.ones((2, 2))).tolist())\n"
        "import sklearn.utils.parallel\n"
        "print(issubclass(sklearn.utils.parallel.Parallel, joblib.Parallel))\n"
        "from sklearn.callback import ProgressBar\n"
        "print(isinstance(ProgressBar, type))\n"
        "import sklearn.feature_extraction as fe\n"
        "from sklearn.feature_extraction import DictVectorizer\n"
        "from sklearn.feature_extraction.image import grid_to_graph\n"
        "print(DictVectorizer().fit_transform([{'a': 1}]).shape, grid_to_graph(2, 1).shape,"
        " fe.text.TfidfVectorizer.__name__)\n"
        "from sklearn.linear_model import Ridge\n"
        "from scipy import sparse\n"
        "ridge = Ridge(alpha=1.0, solver='sparse_cg').fit(sparse.eye(3).tocsr(), [1.0, 2.0, 3.0])\n"
        "print([round(float(c), 3) for c in ridge.coef_])\n"
        "import subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-c', 'print(6 * 7)'], capture_output=True)\n"
        "print(done.stdout.decode().strip(), isinstance(subprocess.Popen, type))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.splitlines() == [
        "[0, 1, 2]",
        "True True",
        "True",
        "True",
        "1.0",
        "[0.5, 0.5] 0",
        "3 [[1.0, -1.0], [-1.0, 1.0]]",
        "True",
        "True",
        "(1, 1) (2, 2) TfidfVectorizer",
        "[-0.5, 0.0, 0.5]",
        "42 True",
    ]


def _run(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    return done.stdout.splitlines()


def test_networkx_after_clustering_is_the_whole_of_networkx() -> None:
    """After dedup clusters with its part of networkx, a user's `import networkx` has every
    name a fresh `import networkx` has, `nx.<anything>` and `from networkx import *` work,
    and networkx's own message for a removed name is still given."""
    names = "import json, networkx as nx\nprint(json.dumps(dir(nx)))\n"
    fresh = _run(names)
    analyzed = (
        "from dedup.pipeline import analyze_file\n"
        f"analyze_file({str(SAMPLE)!r})\n"
        "import sys\n"
        "print('networkx.generators' in sys.modules)\n"
    )
    after = _run(analyzed + names)
    assert after[0] == "False"  # clustering did not load the rest
    assert after[1] == fresh[0]
    assert len(json.loads(fresh[0])) > 500
    uses = _run(
        analyzed + "import networkx as nx\n"
        "print(nx.shortest_path(nx.path_graph(4), 0, 3))\n"
        "from networkx import *\n"
        "print(pagerank is nx.pagerank, 'pagerank' in dir(nx))\n"
        "import networkx.algorithms.flow as flow\n"
        "g = nx.DiGraph([('a', 'b', {'capacity': 3.0})])\n"
        "print(flow.maximum_flow_value(g, 'a', 'b'))\n"
        "try:\n"
        "    nx.random_tree\n"
        "except AttributeError as e:\n"
        "    print(str(e).split('.')[1])\n"
    )
    assert uses[1:] == ["[0, 1, 2, 3]", "True True", "3.0", "random_tree was removed in version 3"]


def test_networkx_imported_first_is_left_alone() -> None:
    """When networkx is imported before dedup, clustering uses that module as it is."""
    out = _run(
        "import networkx, sys\n"
        "from dedup.pipeline import analyze_file\n"
        f"analyze_file({str(SAMPLE)!r})\n"
        "print(sys.modules['networkx'] is networkx, '__getattr__' in vars(networkx))\n"
        "print(type(sys.modules['networkx.algorithms']).__name__)\n"
    )
    assert out == ["True True", "module"]
