#!/usr/bin/env bash
# `make run`: minewatch serve --demo 50 on the embedded default store (SQLite in a data
# directory): 50 simulated mines upload their networking files over HTTP in real time, as
# real mines' central stations do. Prints the URL and the demo login; Ctrl-C stops it
# gracefully (requests in flight finish, the journal is checkpointed).
set -euo pipefail
bin=${1:?usage: demo.sh <path to minewatch>}
cd "$(dirname "$0")/.."
data=${MW_DEMO_DIR:-$PWD/build/demo-data}
listen=${MW_LISTEN:-127.0.0.1:8080}
mines=${MW_DEMO_MINES:-50}
mkdir -p "$data"
echo "== minewatch serve --demo $mines (data in $data; MW_DEMO_DIR, MW_LISTEN, MW_DEMO_MINES change it)"
# One access-log line per upload (50 mines send several a minute) would bury the URL and the
# login on the terminal: the demo writes them to a file instead.
config="$data/demo.toml"
printf 'access_log = "%s"\n' "$data/access.log" >"$config"
echo "== access log: $data/access.log"
exec "$bin" serve --config "$config" --data-dir "$data" --listen "$listen" --demo "$mines" \
  --web-dir "$PWD/web/dist"
