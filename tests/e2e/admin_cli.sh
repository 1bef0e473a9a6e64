#!/usr/bin/env bash
# End to end through the real binary: admin init, mine import, mine key (rotation), user
# add/list/disable, audit verify on an intact log, then on a log edited with sqlite3
# (exit 1 naming the record), and the exit code 2 for unusable arguments.
# Usage: admin_cli.sh <minewatch>
set -euo pipefail
bin=${1:?usage: $0 <minewatch>}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
fail() { echo "admin_cli.sh: $*" >&2; exit 1; }

printf 'admin password 1\n' >"$work/pw"
printf 'mine_code,name,status,gas_grade\n140421000111,长治一矿,producing,high\n610100000333,西安二矿,producing,low\n' \
  >"$work/mines.csv"

"$bin" admin init --data-dir "$data" --password-file "$work/pw" | grep -q "created user admin"
if "$bin" admin init --data-dir "$data" --password-file "$work/pw" 2>"$work/err"; then
  fail "a second admin init succeeded"
fi
grep -q "already exists" "$work/err" || fail "second init: $(cat "$work/err")"

"$bin" mine import --data-dir "$data" --registry "$work/mines.csv" | grep -q "imported 2 mines (2 new"
k1=$("$bin" mine key --data-dir "$data" 140421000111)
k2=$("$bin" mine key --data-dir "$data" 140421000111)
[[ "$k1" =~ ^mwk_[A-Za-z0-9_-]{43}$ ]] || fail "bad key: $k1"
[ "$k1" != "$k2" ] || fail "a rotation printed the same key"
if "$bin" mine key --data-dir "$data" 140421000999 2>"$work/err"; then fail "unknown mine got a key"; fi
grep -q "not registered" "$work/err" || fail "unknown mine: $(cat "$work/err")"
# One active key per mine: the first was revoked by the second.
active=$(sqlite3 "$data/minewatch.db" \
  "SELECT count(*) FROM accounts_upload_keys WHERE mine='140421000111' AND revoked IS NULL")
[ "$active" = 1 ] || fail "$active active keys after a rotation"
if sqlite3 "$data/minewatch.db" "SELECT key_hash FROM accounts_upload_keys" | grep -q "$k2"; then
  fail "the key itself is in the store"
fi

printf 'city password 2\n' >"$work/pw2"
"$bin" user add --data-dir "$data" changzhi --role city --scope 1404 --password-file "$work/pw2" >/dev/null
"$bin" user disable --data-dir "$data" changzhi >/dev/null
"$bin" user list --data-dir "$data" >"$work/users"
grep -qP '^changzhi\tcity\t1404\tdisabled' "$work/users" || fail "user list: $(cat "$work/users")"
grep -qP '^admin\tnational\t\tactive' "$work/users" || fail "user list: $(cat "$work/users")"

"$bin" audit verify --data-dir "$data" >"$work/verify"
grep -q "audit log intact: 6 records" "$work/verify" || fail "verify: $(cat "$work/verify")"

sqlite3 "$data/minewatch.db" "UPDATE audit_log SET target='140421000999' WHERE seq=3"
set +e
"$bin" audit verify --data-dir "$data" 2>"$work/err"
status=$?
set -e
[ "$status" = 1 ] || fail "audit verify on an edited log exited $status"
grep -q "BROKEN at record 3 (edited)" "$work/err" || fail "verify: $(cat "$work/err")"

sqlite3 "$data/minewatch.db" "DELETE FROM audit_log WHERE seq=3"
set +e
"$bin" audit verify --data-dir "$data" 2>"$work/err"
status=$?
set -e
[ "$status" = 1 ] || fail "audit verify on a log with a deleted record exited $status"
grep -q "BROKEN at record 3 (deleted)" "$work/err" || fail "verify: $(cat "$work/err")"

set +e
"$bin" user add --data-dir "$data" >/dev/null 2>&1
status=$?
set -e
[ "$status" = 2 ] || fail "missing arguments exited $status, not 2"
echo "admin CLI end to end: ok"
