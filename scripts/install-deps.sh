#!/usr/bin/env bash
# Installs every Debian package the project needs, skipping those already present.
# Usage: scripts/install-deps.sh [--all] [--bench]
#   (none)   what the build of the tools needs
#   --all    adds the test, fuzz and benchmark libraries, and every command and Python module the
#            tests and scripts/fuzz.sh run (scopes test and fuzz of scripts/test-commands.txt)
#   --bench  adds the benchmarks' optional yardsticks (scope bench), which CI does not need
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

runtime_pkgs=(
  build-essential cmake ninja-build pkg-config
  libcrypto++-dev libprotobuf-dev protobuf-compiler
  nlohmann-json3-dev libfmt-dev libcli11-dev libexpected-dev
  libpcap-dev zlib1g-dev libboost-dev libssl-dev
)
# Libraries the tests, fuzz targets and benchmarks link; the commands they run are in
# scripts/test-commands.txt (one line per package).
test_pkgs=(
  libgtest-dev libgmock-dev libbenchmark-dev libclang-rt-14-dev
  wireshark-dev libglib2.0-dev   # the Wireshark plugin (tools/wireshark), built when these are there
  pybind11-dev python3-dev       # the Python module (python/), built when these are there
)

pkgs=("${runtime_pkgs[@]}")
scopes=()
for arg in "$@"; do
  case $arg in
    --all) pkgs+=("${test_pkgs[@]}"); scopes+=(test fuzz) ;;
    --bench) scopes+=(bench) ;;
    *) echo "usage: $0 [--all] [--bench]" >&2; exit 2 ;;
  esac
done
if ((${#scopes[@]} > 0)); then
  listed=$("$here/check-test-commands.sh" --packages "${scopes[@]}")  # fails on a malformed list
  mapfile -t listed_pkgs <<<"$listed"
  pkgs+=("${listed_pkgs[@]}")
fi

missing=()
declare -A seen=()
for p in "${pkgs[@]}"; do
  [[ -z ${seen[$p]+set} ]] || continue
  seen[$p]=1
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#seen[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
