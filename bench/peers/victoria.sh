#!/usr/bin/env bash
# VictoriaMetrics (Debian victoria-metrics, single node) on the peer workload: CSV import over
# HTTP, a forced flush, bytes of its storage directory, last value of 13 points
# (last_over_time on the mine's label) and the 24 h raw samples of one point (/api/v1/export).
# Usage: victoria.sh <export dir>. Starts its own server on a free loopback port in a temp
# directory and stops and deletes it on any exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
data=${1:?usage: $0 <export dir>}
source "$data/queries.env"

work=$(mktemp -d /tmp/mw-peer-vm.XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' INT TERM
port=$(free_port)
base="http://127.0.0.1:$port"
# retentionPeriod: the workload is dated 2026-09; the default (1 month) would drop it.
/usr/bin/victoria-metrics -httpListenAddr="127.0.0.1:$port" -storageDataPath="$work/data" \
  -retentionPeriod=100y -search.latencyOffset=0s -loggerLevel=ERROR >"$work/server.log" 2>&1 &
pid=$!
wait_http "$base/health" 60

t0=$(now)
curl -sf --data-binary "@$data/vm.csv" \
  "$base/api/v1/import/csv?format=1:label:mine,2:label:point,3:time:unix_s,4:metric:v"
curl -sf -o /dev/null "$base/internal/force_flush"
t1=$(now)
# The import is visible once every sample is searchable: count them.
for _ in $(seq 1 600); do
  got=$(curl -sf "$base/api/v1/query" --data-urlencode "query=sum(count_over_time(v[3d]))" \
    --data-urlencode "time=$((RANGE_TO + 86400))" |
    python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)')
  [ "$got" = "$SAMPLES" ] && break
  sleep 0.1
done
[ "$got" = "$SAMPLES" ] || { echo "victoria: $got of $SAMPLES samples searchable" >&2; exit 1; }
t2=$(now)
# Background merges shrink the parts: measure after a flush and a pause for them.
curl -sf -o /dev/null "$base/internal/force_flush"
sleep 5
bytes=$(dir_bytes "$work/data")

latest_q=$(urlencode "last_over_time(v{mine=\"$SMALL_MINE\"}[4h])")
latest_us=$(median_get_us "$base/api/v1/query?query=$latest_q&time=$SMALL_END")
n=$(curl -sf "$base/api/v1/query?query=$latest_q&time=$SMALL_END" |
  python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]["result"]))')
[ "$n" = "$SMALL_COUNT" ] || { echo "victoria: latest returned $n series" >&2; exit 1; }
match=$(urlencode "v{mine=\"$RANGE_MINE\",point=\"$RANGE_POINT\"}")
range_url="$base/api/v1/export?match[]=$match&start=$RANGE_FROM&end=$((RANGE_TO - 1))"
n=$(curl -sf "$range_url" | python3 -c 'import json,sys; print(sum(len(json.loads(l)["values"]) for l in sys.stdin))')
[ "$n" = "$RANGE_SAMPLES" ] || { echo "victoria: range returned $n samples" >&2; exit 1; }
range_us=$(median_get_us "$range_url")
echo "RESULT|victoria-metrics|$SAMPLES|$(awk "BEGIN { print $t1 - $t0 }")|$bytes|$latest_us|$range_us"
echo "victoria: searchable $(awk "BEGIN { print $t2 - $t0 }") s after the import began" >&2
