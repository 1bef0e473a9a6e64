#!/usr/bin/env bash
# The web UI (web/, docs/web.md): installs its npm packages from the committed lock file when
# they are missing or stale, builds web/dist with Vite, runs the Vitest unit tests, and
# optionally the end-to-end test in Chromium against a real `minewatch serve --demo`.
# Usage: scripts/web.sh [build|test|e2e|all] [path/to/minewatch]
#   The binary may also come from MW_BIN (e.g. a Debug build in your own build directory);
#   MW_E2E_DOCS=1 copies the main screenshots to docs/screenshots/.
#   build  npm ci if needed, vite build                     (what `make run` needs)
#   test   build + vitest run                               (default)
#   e2e    build + web/e2e/run.mjs against the given binary
#   all    build + vitest + e2e
set -euo pipefail

what="${1:-test}"
bin="${2:-${MW_BIN:-}}"
[ -n "$bin" ] && bin="$(realpath -m "$bin")"
cd "$(dirname "$0")/../web"

if ! command -v node >/dev/null; then
  echo "web.sh: node is missing: run scripts/install-deps.sh test" >&2
  exit 1
fi
if ! command -v npm >/dev/null; then
  # Debian ships npm apart from nodejs (NodeSource's nodejs includes it).
  echo "web.sh: installing npm" >&2
  sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

# node_modules is current when it was installed from this exact lock file.
stamp=node_modules/.mw-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "web.sh: npm ci (package-lock.json changed or node_modules missing)" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

npx vite build --logLevel warn

case "$what" in
  build) ;;
  test) npx vitest run ;;
  e2e) node e2e/run.mjs "${bin:-../build/release/bin/minewatch}" ;;
  all)
    npx vitest run
    node e2e/run.mjs "${bin:-../build/release/bin/minewatch}"
    ;;
  *) echo "usage: $0 [build|test|e2e|all] [minewatch binary]" >&2; exit 2 ;;
esac
