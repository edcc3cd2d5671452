#!/usr/bin/env bash
# Installs every Debian package the project needs, skipping those already present.
# Usage: scripts/install-deps.sh [--all]   (--all adds the test, fuzz and benchmark tools)
set -euo pipefail

runtime_pkgs=(
  build-essential cmake ninja-build pkg-config
  libcrypto++-dev libprotobuf-dev protobuf-compiler
  nlohmann-json3-dev libfmt-dev libcli11-dev libexpected-dev
  libpcap-dev zlib1g-dev libboost-dev libssl-dev
)
test_pkgs=(
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev python3 python3-websockets
)

pkgs=("${runtime_pkgs[@]}")
if [[ "${1:-}" == "--all" ]]; then pkgs+=("${test_pkgs[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#pkgs[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
