#!/usr/bin/env bash
# Warns, before a build starts, when the disk holding a build tree has less room than the tree
# will take, so a full disk is named up front instead of surfacing minutes later as a compiler
# or assembler "No space left on device" in the middle of the build.
# Usage: scripts/check-disk.sh <build dir> <MiB the finished tree takes> [what]
# The MiB figures are measured in the Makefile's comments; a tree already partly built counts.
set -euo pipefail
dir=$1 need_mib=$2 what=${3:-$1}
probe=$dir
while [ ! -d "$probe" ]; do probe=$(dirname "$probe"); done
have_kib=$(df -Pk "$probe" | awk 'NR == 2 { print $4 }')
used_kib=0
[ -d "$dir" ] && used_kib=$(du -sk "$dir" 2>/dev/null | awk '{ print $1 }')
# Test runs write their own temporary data (SQLite files, journals, a PostgreSQL cluster).
margin_kib=$((512 * 1024))
want_kib=$((need_mib * 1024 - used_kib + margin_kib))
if [ "$have_kib" -lt "$want_kib" ]; then
  echo "check-disk: warning: $what needs about $((want_kib / 1024)) MiB more on the disk of" \
    "$(cd "$probe" && pwd), which has $((have_kib / 1024)) MiB free; the build may stop with" \
    "'No space left on device'. Free some space (old trees: make clean)." >&2
fi
exit 0
