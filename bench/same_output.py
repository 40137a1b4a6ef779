"""Speed work must not change results: save every fixture's output once, compare after each change.

Run as `python bench/same_output.py save DIR` before a change and
`python bench/same_output.py check DIR` after it. For every .txt under fixtures/ it keeps the
output of `dedup analyze --format json` and `dedup segment --format json` (with the exit
code), and for 3 perturbed copies of the sample (bench/compare.py's `scaled`, where ties at
the top-k cut-off are many) the scored question pairs, the answer reuse and the clusters.
`check` prints each file that differs and exits 1 if any does. One process: the CLI is run
with click's CliRunner, so the whole set takes about a minute.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from click.testing import CliRunner

# bench/ is not a package: `python bench/same_output.py` puts this folder on sys.path.
from compare import scaled

from dedup.cli import cli
from dedup.cluster import build_graph, cluster_answers, cluster_questions
from dedup.compare import compare_answers, compare_questions
from dedup.pipeline import segment_file
from dedup.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "kst-29325-157.txt"
COPIES = 3


def outputs() -> dict[str, str]:
    """File name -> the text to keep, for every check."""
    runner = CliRunner()
    result: dict[str, str] = {}
    for path in sorted((ROOT / "fixtures").rglob("*.txt")):
        rel = path.relative_to(ROOT / "fixtures").as_posix().replace("/", "__")
        for command in ("analyze", "segment"):
            run = runner.invoke(cli, [command, str(path), "--format", "json"])
            result[f"{rel}.{command}.json"] = f"exit {run.exit_code}\n{run.output}"
    seg = segment_file(SAMPLE)
    data = scaled(seg.part_one(), seg.answers, COPIES)
    settings = Settings()
    reuse = compare_answers(data.answers, settings)
    pairs = compare_questions(data.questions, data.answers, reuse, settings)
    graph = build_graph(data.questions, data.answers, pairs, reuse)
    lines = [repr(r) for r in reuse] + [repr(p) for p in pairs]
    lines += [repr(c) for c in cluster_questions(data.questions, pairs, settings)]
    lines += [repr(c) for c in cluster_answers(data.answers, graph, settings)]
    result[f"sample-x{COPIES}.repr.txt"] = "\n".join(lines) + "\n"
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["save", "check"])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    found = outputs()
    if args.mode == "save":
        args.folder.mkdir(parents=True, exist_ok=True)
        for name, text in found.items():
            (args.folder / name).write_text(text, encoding="utf-8")
        print(f"saved {len(found)} outputs in {args.folder}")
        return
    differ = [
        name
        for name, text in found.items()
        if not (args.folder / name).is_file()
        or (args.folder / name).read_text(encoding="utf-8") != text
    ]
    for name in differ:
        print(f"DIFFERS: {name}")
    print(f"{len(found) - len(differ)} of {len(found)} outputs identical")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
