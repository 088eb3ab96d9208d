#!/usr/bin/env bash
# Installs what is missing, builds and runs every test: layering and format checks, the
# whole suite (unit and end-to-end) with ctest, and the fast tests again under ASan+UBSan.
# Set WEERBAAR_SKIP_SANITIZERS=1 to skip the sanitizer flavour on a slow machine.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache: paths relative to the checkout, so clones in other folders share the cache.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
scripts/deps.sh
scripts/check-layering.sh
scripts/check-format.sh

scripts/build.sh build
ctest --test-dir build --output-on-failure -j2 --timeout 600

# The web client: unit, interop (both directions) and real-browser tests against the
# server and CLI just built.
WEERBAAR_SERVER_BIN=$PWD/build/server/weerbaar-server WEERBAAR_CLI_BIN=$PWD/build/clients/weerbaar \
  WEERBAAR_VECTORS_BIN=$PWD/build/clients/vectors/weerbaar-vectors clients/web/test.sh

if [ "${WEERBAAR_SKIP_SANITIZERS:-0}" != "1" ]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
    >/dev/null
  ninja -C build-asan -j"$(nproc)"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j2 --timeout 900 -LE slow
fi
