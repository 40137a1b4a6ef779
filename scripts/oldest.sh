#!/usr/bin/env bash
# The oldest versions pyproject.toml allows, checked: a virtual environment with each
# runtime dependency at the lowest release of its `>=` bound (`name>=X.Y` -> `name==X.Y.*`),
# dedup installed into it, and the sample's analysis (JSON, Markdown) compared byte for
# byte with the same analysis in .venv (the newest versions).
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
sample=fixtures/kst-29325-157.txt
for fmt in json md; do
  .venv/bin/dedup analyze "$sample" --format "$fmt" --out "$work/newest.$fmt"
  "$work/venv/bin/dedup" analyze "$sample" --format "$fmt" --out "$work/oldest.$fmt"
  cmp "$work/newest.$fmt" "$work/oldest.$fmt"
done
echo "oldest allowed versions: the sample's analysis is the same"
