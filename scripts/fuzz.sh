#!/usr/bin/env bash
# Runs every libFuzzer target (*_fuzz) in a bin dir for N seconds each, on a work copy of
# its committed seed corpus (fuzz/corpus/<name>/), and prints one verdict line per target.
# Usage: scripts/fuzz.sh <bin dir> [seconds]     (`make fuzz FUZZ_SECONDS=600`)
# Exit status: 0 no finding, 1 a finding (crash/leak/timeout/OOM input saved), 2 bad usage.
set -uo pipefail

bin_dir=${1:?usage: $0 <bin dir> [seconds]}
seconds=${2:-600}
src_dir=$(cd "$(dirname "$0")/.." && pwd)
work_root=$(cd "$bin_dir/.." && pwd)/fuzz-work

shopt -s nullglob
targets=("$bin_dir"/*_fuzz)
if [ ${#targets[@]} -eq 0 ]; then
  echo "fuzz: no *_fuzz binaries in $bin_dir" >&2
  exit 2
fi

status=0
for bin in "${targets[@]}"; do
  name=$(basename "$bin" _fuzz)
  work="$work_root/$name"
  mkdir -p "$work/corpus" "$work/artifacts"
  # The corpus grows here; the committed seeds are only copied in, never written back.
  [ -d "$src_dir/fuzz/corpus/$name" ] && cp -n "$src_dir/fuzz/corpus/$name"/* "$work/corpus/" 2>/dev/null
  dict=()
  [ -f "$src_dir/fuzz/$name.dict" ] && dict=(-dict="$src_dir/fuzz/$name.dict")
  log="$work/fuzz.log"
  # -rss_limit_mb: the decoder bounds a file to 32 MiB, so 2 GiB means a real leak/blow-up.
  "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=25 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "${dict[@]}" "$work/corpus" >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  files=$(find "$work/corpus" -type f | wc -l)
  findings=$(find "$work/artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  if [ "$rc" -eq 0 ] && [ "$findings" -eq 0 ]; then
    echo "fuzz $name: OK, no finding in ${seconds} s (${runs:-?} runs, coverage ${cov:-?}, corpus $files files; log $log)"
  else
    echo "fuzz $name: FINDING (exit $rc, $findings input(s) in $work/artifacts/; log $log)"
    status=1
  fi
done
exit $status
