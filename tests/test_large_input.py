"""Inputs far larger than a real verslag finish: no step is quadratic in a paragraph."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLE

SENTENCE = (
    "De leden van de VVD-fractie vragen bijv. naar nr. 5 van de heer J. Jansen (zie blz. 3) "
    "en of de Staatssecretaris dit kan toelichten? "
)


def test_segment_finishes_on_a_one_megabyte_paragraph(tmp_path: Path) -> None:
    """The sample with a 1 MB paragraph on one line is segmented (it used to take minutes).

    The timeout only guards against a hang; it is not a performance figure.
    """
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    first = next(k for k, line in enumerate(lines) if line.startswith("De leden van de VVD"))
    paragraph = SENTENCE * (1_000_000 // len(SENTENCE))
    path = tmp_path / "lange-alinea.txt"
    path.write_text("\n".join([*lines[:first], paragraph, *lines[first:]]), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "dedup", "segment", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    vvd = [q for q in data["questions"] if "Jansen" in q["text"]]
    # Every copy of the sentence is one question of the VVD-fractie.
    assert len(vvd) == 1_000_000 // len(SENTENCE)
    assert all("VVD" in q["fraction"] for q in vvd)
