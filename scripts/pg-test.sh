#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the store tests (docs/storage.md "Tests").
#   scripts/pg-test.sh start   → creates and starts a cluster in a new /tmp directory and
#                                prints two lines: MW_PG_DIR=<dir> and MW_PG_DSN=<libpq dsn>
#   scripts/pg-test.sh stop <dir>   (or with MW_PG_DIR set) → stops it and deletes <dir>
# The server listens only on a unix socket inside <dir>, so parallel clusters never fight
# over a port. PostgreSQL refuses to run as root: as root, it runs as the `postgres` user.
# Durability is off (fsync=off): the cluster lives for one test run.
set -euo pipefail

bindir="${MW_PG_BIN:-/usr/lib/postgresql/15/bin}"
[ -x "$bindir/initdb" ] || bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
if [ ! -x "$bindir/initdb" ]; then
  echo "pg-test: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir
  dir="$(mktemp -d /tmp/mw-pg.XXXXXX)"
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  if ! as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
      --no-sync >"$dir/initdb.log" 2>&1; then
    echo "pg-test: initdb failed:" >&2; cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1
  fi
  if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
    echo "pg-test: server did not start:" >&2; cat "$dir/server.log" >&2; rm -rf "$dir"; exit 1
  fi
  echo "MW_PG_DIR=$dir"
  echo "MW_PG_DSN=host=$dir port=5432 user=postgres dbname=postgres"
}

stop() {
  local dir="${1:-${MW_PG_DIR:-}}"
  case "$dir" in
    /tmp/mw-pg.*) ;;
    *) echo "pg-test: stop needs the directory start printed (/tmp/mw-pg.*), got '$dir'" >&2; exit 2 ;;
  esac
  [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop <dir>" >&2; exit 2 ;;
esac
