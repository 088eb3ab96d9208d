#!/usr/bin/env bash
# Runs the Weerbaar benchmark (docs/performance.md): builds weerbaar-server and
# weerbaar-loadgen, starts a fresh server on a temporary data folder and the ws peer, both on
# 127.0.0.1, runs every scenario several times and prints one table of medians. Everything
# it started is stopped and its folder removed on exit (also on Ctrl-C).
#
# Usage: bench/run.sh [--quick] [--runs N] [--build-dir DIR] [--work-parent DIR]
#                     [--out FILE] [--no-peer] [-- more weerbaar-loadgen flags]
#   --quick            a smoke run of well under a minute (1 run, 1.5 s per measurement)
#   --runs N           repetitions (default 3); the table shows medians
#   --build-dir DIR    take the binaries from DIR instead of building build-bench (Release)
#   --work-parent DIR  where the temporary data folder goes (default $TMPDIR or /tmp); it
#                      must be on a real disk: the durable-send numbers measure its fsync
#   --out FILE         also write the table to FILE (and the numbers to FILE.json)
#   --no-peer          skip the ws peer (then fan-out has nothing to compare with)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="" WORK_PARENT="${TMPDIR:-/tmp}" OUT="" PEER=1 LOADGEN_ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) LOADGEN_ARGS+=(--quick) ;;
    --runs) LOADGEN_ARGS+=(--runs "$2"); shift ;;
    --build-dir) BUILD=$(cd "$2" && pwd); shift ;;
    --work-parent) WORK_PARENT=$2; shift ;;
    --out) OUT=$2; shift ;;
    --no-peer) PEER=0 ;;
    --) shift; LOADGEN_ARGS+=("$@"); break ;;
    *) echo "run.sh: unknown argument $1 (see the header of bench/run.sh)" >&2; exit 2 ;;
  esac
  shift
done

if [[ -z "$BUILD" ]]; then
  BUILD="$ROOT/build-bench"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C "$BUILD" -j "$(nproc)" weerbaar-server weerbaar-loadgen
fi
SERVER_BIN="$BUILD/server/weerbaar-server"
LOADGEN_BIN="$BUILD/bench/weerbaar-loadgen"
for bin in "$SERVER_BIN" "$LOADGEN_BIN"; do
  [[ -x "$bin" ]] || { echo "run.sh: $bin is missing" >&2; exit 1; }
done

WORK=$(mktemp -d "$WORK_PARENT/weerbaar-bench.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ "$(stat -f -c %T "$WORK")" == tmpfs ]]; then
  echo "run.sh: warning: $WORK is on tmpfs, where fsync costs nothing;" \
       "use --work-parent on a real disk for the durable-send numbers" >&2
fi

# 10,000 idle connections need as many descriptors in the server and in the load generator.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if (( $(ulimit -n) < 10300 )); then
  echo "run.sh: warning: only $(ulimit -n) open files allowed; 10,000 connections will not fit" >&2
fi

# Prints the port from a "listening on HOST:PORT" line in $1 once it appears (30 s at most).
wait_for_port() {
  for _ in $(seq 300); do
    local port
    port=$(sed -n 's/^listening on .*:\([0-9][0-9]*\)$/\1/p' "$1")
    if [[ -n "$port" ]]; then echo "$port"; return 0; fi
    sleep 0.1
  done
  echo "run.sh: no 'listening on' line in $1" >&2
  return 1
}

"$SERVER_BIN" init --data "$WORK/data" >"$WORK/init.out" 2>"$WORK/init.log"
INVITE=$(sed -n 's/^admin invite: //p' "$WORK/init.out")
# Sets a server knob, if this server has it (init writes every key it knows, commented out;
# an unknown key would stop the server).
pin() {
  if grep -q "^# $1 = " "$WORK/data/weerbaar.toml"; then
    echo "$1 = $2" >>"$WORK/data/weerbaar.toml"
  else
    echo "run.sh: note: this server has no setting $1" >&2
  fi
}
# The knobs the benchmark relies on, pinned so that a change of defaults shows up here.
echo "# bench/run.sh" >>"$WORK/data/weerbaar.toml"
pin max_connections 20000
pin send_queue_max_messages 256
pin max_sync_limit 500
pin default_sync_limit 100
pin idle_timeout_ms 60000
# The per-user request limits guard against one abusive account; the benchmark's sender
# and the setup's leader are single users sending thousands of requests a second, so the
# limits are raised far out of the way (the check itself still runs on every request).
pin conn_messages_per_second 1000000
pin conn_message_burst 1000000
pin user_messages_per_second 1000000
pin user_message_burst 1000000
"$SERVER_BIN" run --data "$WORK/data" --listen 127.0.0.1:0 >"$WORK/server.out" 2>"$WORK/server.log" &
PIDS+=($!)
SERVER_PID=$!
SERVER_PORT=$(wait_for_port "$WORK/server.out")
LOADGEN_ARGS=(--server "ws://127.0.0.1:$SERVER_PORT/" --server-pid "$SERVER_PID"
              --admin-invite "$INVITE" --baseline-dir "$WORK" --fixture "$WORK/fixture"
              --json "$WORK/results.json" "${LOADGEN_ARGS[@]}")

if (( PEER )); then
  if [[ ! -d "$ROOT/bench/peer/node_modules/ws" ]]; then
    (cd "$ROOT/bench/peer" && npm ci --no-audit --no-fund >&2)
  fi
  node "$ROOT/bench/peer/ws-peer.js" 127.0.0.1 0 >"$WORK/peer.out" 2>"$WORK/peer.log" &
  PIDS+=($!)
  PEER_PID=$!
  PEER_PORT=$(wait_for_port "$WORK/peer.out")
  LOADGEN_ARGS+=(--peer "ws://127.0.0.1:$PEER_PORT/" --peer-pid "$PEER_PID")
fi

echo "weerbaar-server pid $SERVER_PID on 127.0.0.1:$SERVER_PORT; data in $WORK" >&2
"$LOADGEN_BIN" "${LOADGEN_ARGS[@]}" | tee "$WORK/table.md"
if [[ -n "$OUT" ]]; then
  cp "$WORK/table.md" "$OUT"
  cp "$WORK/results.json" "$OUT.json"
fi
