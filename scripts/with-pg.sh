#!/usr/bin/env bash
# Runs a command with MW_PG_DSN pointing at a throw-away PostgreSQL cluster, then tears
# the cluster down whatever the command's outcome; exits with the command's status.
# Usage: scripts/with-pg.sh ctest --test-dir build/test ...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$("$here/pg-test.sh" start)"
MW_PG_DIR="$(sed -n 's/^MW_PG_DIR=//p' <<<"$out")"
MW_PG_DSN="$(sed -n 's/^MW_PG_DSN=//p' <<<"$out")"
export MW_PG_DIR MW_PG_DSN
trap '"$here/pg-test.sh" stop "$MW_PG_DIR"' EXIT
set +e
"$@"
status=$?
set -e
exit "$status"
