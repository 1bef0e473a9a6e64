#!/usr/bin/env bash
# PostgreSQL 15 on the peer workload: a throw-away cluster (scripts/pg-test.sh: unix socket
# only, fsync off), COPY into samples (series int, time timestamptz, value double precision,
# status smallint) with its index on (series, time) already in place; bytes = the table and
# its index (pg_total_relation_size, after VACUUM). Latencies with pgbench (one client,
# prepared statements), median of its per-transaction log. Usage: postgres.sh <export dir>.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/lib.sh"
data=${1:?usage: $0 <export dir>}
source "$data/queries.env"
bindir=/usr/lib/postgresql/15/bin

pgdir=
work=$(mktemp -d /tmp/mw-peer-pg.XXXXXX)
cleanup() {
  [ -n "$pgdir" ] && "$root/scripts/pg-test.sh" stop "$pgdir" || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' INT TERM
eval "$("$root/scripts/pg-test.sh" start | sed 's/^/export /')"
pgdir=$MW_PG_DIR
conn=(-h "$MW_PG_DIR" -p 5432 -U postgres -d postgres)
psql() { "$bindir/psql" "${conn[@]}" -v ON_ERROR_STOP=1 -qAt "$@"; }

psql -c "CREATE TABLE samples (series integer NOT NULL, time timestamptz NOT NULL,
  value double precision NOT NULL, status smallint NOT NULL)"
psql -c "CREATE INDEX samples_series_time ON samples (series, time)"
t0=$(now)
psql -c "\\copy samples FROM '$data/pg.csv' WITH (FORMAT csv)"
t1=$(now)
psql -c "VACUUM ANALYZE samples"
got=$(psql -c "SELECT count(*) FROM samples")
[ "$got" = "$SAMPLES" ] || { echo "postgres: $got of $SAMPLES rows" >&2; exit 1; }
bytes=$(psql -c "SELECT pg_total_relation_size('samples')")

last=$((SMALL_FIRST_ID + SMALL_COUNT - 1))
cat >"$work/latest.sql" <<SQL
SELECT p.series, s.time, s.value FROM generate_series($SMALL_FIRST_ID, $last) AS p(series)
  CROSS JOIN LATERAL (SELECT time, value FROM samples WHERE series = p.series
                      ORDER BY time DESC LIMIT 1) s;
SQL
cat >"$work/range.sql" <<SQL
SELECT time, value FROM samples WHERE series = $RANGE_ID
  AND time >= '$RANGE_FROM_ISO' AND time < '$RANGE_TO_ISO' ORDER BY time;
SQL
n=$(psql -f "$work/latest.sql" | wc -l)
[ "$n" = "$SMALL_COUNT" ] || { echo "postgres: latest returned $n rows" >&2; exit 1; }
n=$(psql -f "$work/range.sql" | wc -l)
[ "$n" = "$RANGE_SAMPLES" ] || { echo "postgres: range returned $n rows" >&2; exit 1; }
median_pgbench_us() {
  (cd "$work" && rm -f pgb.* &&
    "$bindir/pgbench" "${conn[@]}" -n -M prepared -c 1 -t "$REPEATS" -l --log-prefix=pgb \
      -f "$1" >/dev/null 2>&1)
  cat "$work"/pgb.* | awk '{ print $3 }' | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; printf "%.1f", v[int((NR + 1) / 2)] }'
}
latest_us=$(median_pgbench_us "$work/latest.sql")
range_us=$(median_pgbench_us "$work/range.sql")
echo "RESULT|postgresql|$SAMPLES|$(awk "BEGIN { print $t1 - $t0 }")|$bytes|$latest_us|$range_us"
