#!/usr/bin/env bash
# Fails when a lower layer includes a higher one (docs/architecture.md):
# common < protocol, crypto < signals < storage < server; clients use common, protocol, crypto, signals only.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
check() {  # folder, forbidden include prefixes...
  local dir=$1; shift
  for p in "$@"; do
    if hits=$(grep -rlE "#include [<\"]$p/" "$dir" --include='*.h' --include='*.cc' 2>/dev/null); then
      echo "layering: $dir includes $p/: $hits"; status=1
    fi
  done
}
check common protocol crypto storage server clients
check protocol crypto storage server clients
check crypto protocol signals storage server clients
check signals protocol storage server clients
check storage protocol server clients
check clients storage server
[ $status -eq 0 ] && echo "layering: ok"
exit $status
