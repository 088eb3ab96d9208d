#!/usr/bin/env bash
# Builds the web client into clients/web/dist (npm ci when node_modules is missing or
# older than package-lock.json). Needs node 20+, npm and protoc (scripts/deps.sh).
set -euo pipefail
cd "$(dirname "$0")/../clients/web"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build >/dev/null
echo "web client built: clients/web/dist"
