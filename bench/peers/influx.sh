#!/usr/bin/env bash
# InfluxDB 1.6 (Debian influxdb) on the peer workload: line protocol over HTTP in batches
# of 10,000 points (its documented batch size; the body limit is 25 MB), then bytes of its
# data and WAL directories once the cache is snapshotted to TSM files and compacted; last
# value of 13 points (SELECT last(value) … GROUP BY point) and the 24 h raw samples of one
# point. Usage: influx.sh <export dir>. Its own server on free loopback ports in a temp
# directory, stopped and deleted on any exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
data=${1:?usage: $0 <export dir>}
source "$data/queries.env"

work=$(mktemp -d /tmp/mw-peer-influx.XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' INT TERM
port=$(free_port)
rpc=$(free_port)
base="http://127.0.0.1:$port"
# Cold durations of 1 s: snapshot and compact as soon as the load ends, so the bytes on
# disk are TSM files, not the WAL.
cat >"$work/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$rpc"
[meta]
  dir = "$work/meta"
[data]
  dir = "$work/data"
  wal-dir = "$work/wal"
  query-log-enabled = false
  cache-snapshot-write-cold-duration = "1s"
  compact-full-write-cold-duration = "1s"
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:$port"
  log-enabled = false
[logging]
  level = "error"
CONF
/usr/bin/influxd -config "$work/influxdb.conf" >"$work/server.log" 2>&1 &
pid=$!
wait_http "$base/ping" 60
curl -sf -o /dev/null -XPOST "$base/query" --data-urlencode "q=CREATE DATABASE mw"

split -l 10000 -a 4 "$data/influx.lp" "$work/batch."
args=()
for f in "$work"/batch.*; do
  [ ${#args[@]} -gt 0 ] && args+=(--next)
  args+=(-sf -o /dev/null --data-binary "@$f" "$base/write?db=mw&precision=s")
done
t0=$(now)
curl "${args[@]}"
t1=$(now)
rm -f "$work"/batch.*

q() { curl -sf -G "$base/query" --data-urlencode "db=mw" --data-urlencode "epoch=s" --data-urlencode "q=$1"; }
got=$(q "SELECT count(value) FROM v" | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["series"][0]["values"][0][1])')
[ "$got" = "$SAMPLES" ] || { echo "influx: $got of $SAMPLES points stored" >&2; exit 1; }
# Wait for the snapshot and the full compaction (the WAL empties, TSM files settle).
prev=-1
for _ in $(seq 1 60); do
  sleep 2
  bytes=$(( $(dir_bytes "$work/data") + $(dir_bytes "$work/wal") ))
  [ "$bytes" = "$prev" ] && [ -z "$(find "$work/wal" -name '*.wal' -size +0)" ] && break
  prev=$bytes
done

latest_sql="SELECT last(value) FROM v WHERE mine = '$SMALL_MINE' GROUP BY point"
n=$(q "$latest_sql" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["results"][0]["series"]))')
[ "$n" = "$SMALL_COUNT" ] || { echo "influx: latest returned $n points" >&2; exit 1; }
range_sql="SELECT value FROM v WHERE mine = '$RANGE_MINE' AND point = '$RANGE_POINT' AND time >= ${RANGE_FROM}s AND time < ${RANGE_TO}s"
n=$(q "$range_sql" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["results"][0]["series"][0]["values"]))')
[ "$n" = "$RANGE_SAMPLES" ] || { echo "influx: range returned $n samples" >&2; exit 1; }
url() { echo "$base/query?db=mw&epoch=s&q=$(urlencode "$1")"; }
latest_us=$(median_get_us "$(url "$latest_sql")")
range_us=$(median_get_us "$(url "$range_sql")")
echo "RESULT|influxdb|$SAMPLES|$(awk "BEGIN { print $t1 - $t0 }")|$bytes|$latest_us|$range_us"
