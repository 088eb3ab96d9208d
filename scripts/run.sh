#!/usr/bin/env bash
# Installs what is missing, builds, initialises ./data on first run, and starts the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh build
data=${WEERBAAR_DATA:-./data}
if [ ! -f "$data/master.key" ]; then
  echo "initialising $data (keep the admin invite below: it is shown once)"
  build/server/weerbaar-server init --data "$data"
fi
exec build/server/weerbaar-server run --data "$data" "$@"
