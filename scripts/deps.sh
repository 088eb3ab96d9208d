#!/usr/bin/env bash
# Installs the Debian 12 packages Weerbaar builds and tests with, when any is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache clang clang-format libclang-rt-14-dev
  libboost1.81-dev libsodium-dev librocksdb-dev rocksdb-tools libspdlog-dev
  libgtest-dev libgmock-dev protobuf-compiler libprotobuf-dev libtomlplusplus-dev libcli11-dev
  python3-websockets curl chromium openssl libssl-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The web client builds with Node.js 20+ and npm (preinstalled on our machines; Debian's
# nodejs package otherwise).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
