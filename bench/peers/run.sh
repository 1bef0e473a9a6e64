#!/usr/bin/env bash
# The tsdb peer benchmark (docs/storage.md "tsdb against its peers"): the same generated
# samples (tsdb_bench --export_peers: the 1,700-series day of the storage issue plus a
# 13-point mine) loaded into minewatch's tsdb, SQLite, VictoriaMetrics, InfluxDB and
# PostgreSQL; prints ingest samples/s, bytes per sample on disk, latency of the last value
# of 13 points and of one point's 24 h raw range, and minewatch's ratio to each.
# Usage: bench/peers/run.sh <bin dir with tsdb_bench> (make bench runs it).
# Every peer runs in its own temp directory on loopback and is stopped and deleted on any
# exit; a peer that fails or is not installed is reported, and the others still run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: $0 <bin dir>}
per_peer_limit=${MW_PEER_TIMEOUT:-240}  # seconds; the whole run is a few minutes

work=$(mktemp -d /tmp/mw-peers.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'exit 143' INT TERM

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "peers: $(nproc) cores, ${cpu:-unknown CPU}, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin/tsdb_bench" --export_peers="$work"
source "$work/queries.env"
echo "peers: $SAMPLES samples exported"

results=()
run() {
  local name=$1 line
  shift
  echo "peers: $name ..." >&2
  if line=$(timeout -k 10 "$per_peer_limit" "$@" | grep '^RESULT|'); then
    results+=("$line")
  else
    results+=("FAILED|$name")
    echo "peers: $name failed" >&2
  fi
}
have() { [ -x "$1" ] || { results+=("MISSING|$2"); echo "peers: $1 not installed" >&2; return 1; }; }

run minewatch "$bin/tsdb_bench" --peer=minewatch --dir="$work"
rm -rf "$work/minewatch"
run sqlite "$bin/tsdb_bench" --peer=sqlite --dir="$work"
rm -rf "$work/sqlite"
have /usr/bin/victoria-metrics victoria-metrics && run victoria-metrics "$here/victoria.sh" "$work"
have /usr/bin/influxd influxdb && run influxdb "$here/influx.sh" "$work"
have /usr/lib/postgresql/15/bin/postgres postgresql && run postgresql "$here/postgres.sh" "$work"

printf '%s\n' "${results[@]}" | python3 -c '
import sys
rows = [l.strip().split("|") for l in sys.stdin if l.strip()]
ok = [r for r in rows if r[0] == "RESULT"]
mw = next((r for r in ok if r[1] == "minewatch"), None)
def f(r):
    n, s, b, lat, rng = int(r[2]), float(r[3]), float(r[4]), float(r[5]), float(r[6])
    return n / s, b / n, lat, rng
print()
print("minewatch vs each peer, > 1 = minewatch better: ingest = minewatch rate / peer rate;")
print("size, latest, range = peer / minewatch.")
print()
print("| store | ingest samples/s | bytes/sample | latest of 13 points | 24 h raw range | × ingest | × size | × latest | × range |")
print("|---|---|---|---|---|---|---|---|---|")
m = f(mw) if mw else None
for r in rows:
    if r[0] != "RESULT":
        print("| %s | %s | | | | | | | |" % (r[1], "failed" if r[0] == "FAILED" else "not installed"))
        continue
    rate, bps, lat, rng = f(r)
    ratio = "| | | |"
    if m and r[1] != "minewatch":
        ratio = "%.2f | %.2f | %.2f | %.2f |" % (m[0] / rate, bps / m[1], lat / m[2], rng / m[3])
    print("| %s | %.2f M | %.3f | %.0f µs | %.0f µs | %s" % (r[1], rate / 1e6, bps, lat, rng, ratio))
'
