#!/usr/bin/env bash
# Installs the Debian packages minewatch needs to build, test and run.
# Idempotent: prints nothing and touches nothing when every package is present.
# Usage: scripts/install-deps.sh [build|test|bench|fuzz|all]   (default: all)
set -euo pipefail

# Why each package is here: see README.md, "Dependencies".
build_pkgs=(
  g++ cmake ninja-build make pkg-config
  libfmt-dev            # string formatting
  libtomlplusplus-dev   # profiles and rule packs are TOML
  libcli11-dev          # command-line parsing of `minewatch`
  libsimdjson-dev       # fast JSON parsing (score, JSON ingest)
  libzstd-dev           # compression of sealed blocks
  libsqlite3-dev        # embedded store
  libpq-dev             # shared store (PostgreSQL client)
  libboost-dev          # Boost.Asio/Beast: the HTTP and WebSocket server (header-only)
  libssl-dev            # optional TLS for serve; SHA-256 of the audit chain
  libargon2-dev         # password and upload-key hashing (argon2id)
)
test_pkgs=(
  libgtest-dev libgmock-dev   # unit tests
  postgresql                  # the store tests run against a throw-away PostgreSQL server
  nodejs chromium             # the web UI: Vite build, Vitest, end-to-end in real Chromium (npm: scripts/web.sh)
  fonts-wqy-microhei          # a CJK font, so Chromium renders the Chinese UI in tests and screenshots
)
bench_pkgs=(
  libbenchmark-dev            # micro and end-to-end benchmarks
  victoria-metrics influxdb   # peers measured side by side with the tsdb (bench only)
  gnuplot-nox curl python3    # plots for docs/, HTTP loads and tables of the peer bench (bench only)
)
fuzz_pkgs=(
  clang libclang-rt-14-dev    # libFuzzer and sanitizer runtimes
)

case "${1:-all}" in
  build) want=("${build_pkgs[@]}") ;;
  test)  want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  bench) want=("${build_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  fuzz)  want=("${build_pkgs[@]}" "${test_pkgs[@]}" "${fuzz_pkgs[@]}") ;;
  all)   want=("${build_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}" "${fuzz_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|bench|fuzz|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
