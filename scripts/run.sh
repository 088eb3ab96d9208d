#!/usr/bin/env bash
# Installs what is missing, builds the server and the web client, initialises ./data on
# first run, and starts the server; it serves the web client on the address it prints.
# Arguments go to `weerbaar-server run` (e.g. --listen 127.0.0.1:0).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh build
scripts/build-web.sh
data=${WEERBAAR_DATA:-./data}
if [ ! -f "$data/master.key" ]; then
  echo "initialising $data (keep the admin invite below: it is shown once)"
  build/server/weerbaar-server init --data "$data"
fi
exec build/server/weerbaar-server run --data "$data" --web-root clients/web/dist "$@"
