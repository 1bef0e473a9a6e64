# Shared helpers of the peer scripts (sourced). Each peer script takes the export directory
# (tsdb_bench --export_peers) and prints one line:
#   RESULT|name|samples|load seconds|bytes on disk|latest-13 µs|24 h range µs
# (latencies: median of $REPEATS requests on one keep-alive connection, client included).

# A free TCP port on loopback, chosen by the kernel.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until a URL answers 2xx (up to $2 seconds).
wait_http() {
  local url=$1 limit=${2:-60} i
  for ((i = 0; i < limit * 10; i++)); do
    curl -sf -o /dev/null "$url" && return 0
    sleep 0.1
  done
  echo "peer: $url did not come up in ${limit}s" >&2
  return 1
}

now() { date +%s.%N; }

# Median, in µs, of the time_total of $REPEATS GETs of one URL over one connection.
median_get_us() {
  local url=$1 args=() i
  for ((i = 0; i < REPEATS; i++)); do args+=(-o /dev/null "$url"); done
  curl -sf -w '%{time_total}\n' "${args[@]}" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; printf "%.1f", v[int((NR + 1) / 2)] * 1e6 }'
}

# Bytes a directory takes on disk: allocated blocks (sparse preallocated files count only
# what they hold).
dir_bytes() { du -sB1 "$1" | cut -f1; }

urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
