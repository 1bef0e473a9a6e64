#!/usr/bin/env bash
# Runs every Google Benchmark binary (*_bench) in a bin dir and prints, per benchmark, the
# median of several repetitions, with the machine it ran on.
# Usage: scripts/bench.sh <bin dir> [min seconds per repetition] [repetitions]
set -euo pipefail

bin_dir=${1:?usage: $0 <bin dir> [min_time] [repetitions]}
min_time=${2:-0.5}
reps=${3:-5}

shopt -s nullglob
benches=("$bin_dir"/*_bench)
if [ ${#benches[@]} -eq 0 ]; then
  echo "bench: no *_bench binaries in $bin_dir" >&2
  exit 2
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}, $(uname -sr)"
echo "runs: $reps repetitions of >= ${min_time} s each; median shown"
for b in "${benches[@]}"; do
  echo
  echo "== $(basename "$b")"
  # Tabular counters give one column per counter (records/s = items_per_second,
  # allocs_per_record, ...); keep the header and the median rows.
  "$b" --benchmark_min_time="$min_time" --benchmark_repetitions="$reps" \
    --benchmark_report_aggregates_only=true --benchmark_counters_tabular=true \
    --benchmark_color=false 2>/dev/null |
    awk '/^Benchmark/ || /^-+$/ { print; next } /_median/ { print }'
done
