#!/usr/bin/env bash
# The oldest versions pyproject.toml allows, checked: a virtual environment with each
# runtime dependency at the lowest release of its `>=` bound (`name>=X.Y` -> `name==X.Y.*`),
# dedup installed into it, and its outputs compared byte for byte with .venv's (the newest
# versions): every fixture's analyze and segment JSON, the sample's Markdown report.
#   bash scripts/oldest.sh    # after scripts/test.sh has made .venv
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pins=$(.venv/bin/python - <<'PY'
import re, tomllib
deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]
for dep in deps:
    name, low = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9.]+)", dep).groups()
    print(f"{name}=={low}.*")
PY
)
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
# shellcheck disable=SC2086  # one argument per pin
"$work/venv/bin/python" -m pip install --quiet $pins
"$work/venv/bin/python" -m pip install --quiet --no-deps .
"$work/venv/bin/python" -m pip list 2>/dev/null | grep -i -E "^($(echo $pins | sed 's/==[^ ]*//g; s/ /|/g')) " || true
# analyze and segment JSON of every fixture text, all layouts (bench/same_output.py save).
# Its `*.repr.txt` files (perturbed copies' pairs at full float precision) are left out:
# another numpy/scipy may add a cosine's terms in another order (last digit of 1e-16), which
# the JSON's rounded scores do not show.
.venv/bin/python bench/same_output.py save "$work/newest-out"
"$work/venv/bin/python" bench/same_output.py save "$work/oldest-out"
diff -r -x '*.repr.txt' "$work/newest-out" "$work/oldest-out"
sample=fixtures/kst-29325-157.txt
for fmt in json md; do
  .venv/bin/dedup analyze "$sample" --format "$fmt" --out "$work/newest.$fmt"
  "$work/venv/bin/dedup" analyze "$sample" --format "$fmt" --out "$work/oldest.$fmt"
  cmp "$work/newest.$fmt" "$work/oldest.$fmt"
done
echo "oldest allowed versions: the same outputs"
