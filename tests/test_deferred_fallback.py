"""When scikit-learn does more at import time with a deferred name than bind it, dedup
imports it again with the real modules in place and the analysis is the same.

scikit-learn before 1.8 (pyproject allows 1.4 on) imports scipy.optimize from
sklearn.utils.fixes, and scipy.optimize subclasses `scipy.sparse.linalg.LinearOperator`
at import time: a forwarding function in its place cannot be subclassed, and every
analysis failed with "function() argument 'code' must be code, not str". The test makes
the installed scikit-learn's import do the same once, through an import hook, and
compares the analysis with one run as usual.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLE

# Before scikit-learn's text module is first looked for, subclass the forwarded name as an
# older scikit-learn's import does (the hook fires once: the retry imports as usual).
OLD_SKLEARN = """
import importlib.abc, sys

class OldScikitLearn(importlib.abc.MetaPathFinder):
    fired = False

    def find_spec(self, name, path=None, target=None):
        if name == "sklearn.feature_extraction.text" and not OldScikitLearn.fired:
            OldScikitLearn.fired = True
            from scipy.sparse.linalg import LinearOperator

            class LbfgsInvHessProduct(LinearOperator):
                pass
        return None

sys.meta_path.insert(0, OldScikitLearn())
from dedup.cli import cli
cli(sys.argv[1:])
"""

USUAL = "import sys\nfrom dedup.cli import cli\ncli(sys.argv[1:])\n"


def _analyze(code: str, out: Path) -> subprocess.CompletedProcess[str]:
    args = ["analyze", str(SAMPLE), "--format", "json", "--out", str(out)]
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300
    )


def test_an_import_that_subclasses_a_deferred_name_still_analyzes(tmp_path: Path) -> None:
    old, usual = tmp_path / "old.json", tmp_path / "usual.json"
    done = _analyze(OLD_SKLEARN, old)
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stderr
    assert _analyze(USUAL, usual).returncode == 0
    assert old.read_bytes() == usual.read_bytes()
