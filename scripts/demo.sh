#!/usr/bin/env bash
# The `make run` demo until the server exists (issue: serve):
#  1. decode every sample networking file and show what minewatch read from each;
#  2. simulate a few mines with known incidents, run detection over them, and score it.
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

work=${MW_DEMO_DIR:-$(mktemp -d /tmp/minewatch-demo.XXXXXX)}
echo
echo "== detection: 4 simulated mines, one day, with incidents (files in $work/data)"
"$bin" simulate --mines 4 --hours 24 --seed 2026 --incidents 6 --out "$work/data"
"$bin" replay "$work/data" --registry "$work/data/mines.csv" --alarms-out "$work/alarms.jsonl" \
  --quarantine-out "$work/quarantine.jsonl"
echo
echo "== the first alarms (all in $work/alarms.jsonl):"
head -5 "$work/alarms.jsonl"
echo
echo "== detection scored against what the simulator injected:"
"$bin" score --truth "$work/data/truth.jsonl" --alarms "$work/alarms.jsonl"
echo
echo "Try: $bin inspect <file>   |   $bin replay <dir> --registry <mines.csv> --alarms-out <out>"
