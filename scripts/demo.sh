#!/usr/bin/env bash
# The `make run` demo until the server exists: decode every sample networking file and show
# a per-file summary of what minewatch read.
set -euo pipefail
bin=${1:?usage: demo.sh <path to minewatch>}
cd "$(dirname "$0")/.."
shopt -s nullglob
for dir in tests/data/netfile/good/*/; do
  profile=$(basename "$dir")
  files=("$dir"*.txt)
  [ ${#files[@]} -gt 0 ] || continue
  echo "== profile $profile: ${#files[@]} files"
  "$bin" inspect --profile "$profile" "${files[@]}" | grep '"summary"' || true
done
echo
echo "Try: $bin inspect --profile national tests/data/netfile/good/national/<file>  (records as JSON lines)"
