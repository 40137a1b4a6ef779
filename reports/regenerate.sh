#!/usr/bin/env bash
# Regenerate the example reports from the bundled fixture (CI checks they are current).
#   bash reports/regenerate.sh            # into reports/
#   bash reports/regenerate.sh OUT_DIR    # elsewhere (the test compares OUT_DIR with reports/)
# PYTHON picks the interpreter whose dedup is used (default: python3).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-reports}"
py="${PYTHON:-python3}"
doc=fixtures/kst-29325-157.txt
name=kst-29325-157
mkdir -p "$out"

pids=()
run() { "$py" -m dedup "$@" --force & pids+=("$!"); }

run analyze "$doc" --format json --out "$out/$name.analysis.json"
run segment "$doc" --format json --out "$out/$name.segment.json"
run analyze "$doc" --out "$out/$name.summary.txt"
run analyze "$doc" --format html --out "$out/$name.report.html"
run analyze "$doc" --format html --lang en --out "$out/$name.report.en.html"
run analyze "$doc" --format md --out "$out/$name.report.md"
run bundle "$doc" --out "$out/$name.bundle.md"
run bundle "$doc" --out "$out/$name.bundle.docx"

status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done
exit "$status"
