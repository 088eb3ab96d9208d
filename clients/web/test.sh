#!/usr/bin/env bash
# Installs, builds and tests the web client. Exits non-zero on any failure; the last line
# is "web: N passed, M failed".
#
#   WEERBAAR_SERVER_BIN=build/server/weerbaar-server \
#   WEERBAAR_CLI_BIN=build/clients/weerbaar \
#   [WEERBAAR_VECTORS_BIN=build/clients/vectors/weerbaar-vectors] \
#   clients/web/test.sh
#
# Needs node 20+, npm, Debian's protoc and chromium (/usr/bin/chromium, or WEERBAAR_CHROMIUM).
# With WEERBAAR_VECTORS_BIN the interop tests also use freshly generated C++ vectors and
# have the C++ verifier check freshly made TypeScript vectors; without it they use the
# committed test/vectors/*.json.
set -uo pipefail
cd "$(dirname "$0")"

passed=0
failed=0
finish() {
  echo "web: ${passed} passed, ${failed} failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit $?
}
die() {
  echo "web: error: $*" >&2
  failed=$((failed + 1))
  finish
}

for var in WEERBAAR_SERVER_BIN WEERBAAR_CLI_BIN; do
  path="${!var:-}"
  [ -n "$path" ] || die "$var is not set"
  [ -x "$path" ] || die "$var=$path is not an executable"
  export "$var=$(cd "$(dirname "$path")" && pwd)/$(basename "$path")"
done
chromium="${WEERBAAR_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || die "no Chromium at $chromium (apt-get install -y chromium)"
command -v protoc > /dev/null || die "protoc is missing (apt-get install -y protobuf-compiler)"

npm ci --no-audit --no-fund > test-output.npm.log 2>&1 || { cat test-output.npm.log >&2; die "npm ci failed"; }
rm -f test-output.npm.log
npm run --silent build || die "the build failed"
mkdir -p test-output

if [ -n "${WEERBAAR_VECTORS_BIN:-}" ]; then
  export WEERBAAR_VECTORS_BIN="$(cd "$(dirname "$WEERBAAR_VECTORS_BIN")" && pwd)/$(basename "$WEERBAAR_VECTORS_BIN")"
  "$WEERBAAR_VECTORS_BIN" generate test-output/from-cpp.json || die "weerbaar-vectors generate failed"
  export WEERBAAR_CPP_VECTORS="$PWD/test-output/from-cpp.json"
fi

# Runs one vitest config; adds its counts from the JSON report.
run_suite() {
  local config=$1 report=test-output/$2.json
  rm -f "$report"
  npx vitest run --config "$config" --reporter=default --reporter=json --outputFile="$report"
  local status=$?
  if [ ! -f "$report" ]; then
    failed=$((failed + 1))
    return
  fi
  read -r p f < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests + (r.numTotalTests - r.numPassedTests - r.numFailedTests - r.numPendingTests - r.numTodoTests))' "$PWD/$report")
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
  # A suite that skipped its tests (missing binaries) must not pass quietly.
  local skipped
  skipped=$(node -e 'const r=require(process.argv[1]);console.log(r.numPendingTests)' "$PWD/$report")
  if [ "$skipped" -ne 0 ]; then
    echo "web: $skipped tests of $config were skipped" >&2
    failed=$((failed + skipped))
  fi
}

run_suite vitest.config.ts unit
run_suite vitest.browser.config.ts browser
finish
