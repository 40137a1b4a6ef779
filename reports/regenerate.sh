#!/usr/bin/env bash
# Regenerate the example reports from the bundled fixture (CI checks they are current).
set -euo pipefail
cd "$(dirname "$0")/.."
dedup analyze fixtures/kst-29325-157.txt --format json --out reports/kst-29325-157.analysis.json --force
dedup segment fixtures/kst-29325-157.txt --format json --out reports/kst-29325-157.segment.json --force
dedup analyze fixtures/kst-29325-157.txt --out reports/kst-29325-157.summary.txt --force
