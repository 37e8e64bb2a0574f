#!/usr/bin/env bash
# Makes sure the Debian packages Qt and the venv need are present: installs them as root
# (CI, a fresh machine), otherwise prints the exact apt-get line and stops.
#
# --test also wants the packages only the tests use (the PostgreSQL server the store tests
# start a throwaway cluster with). As root they are installed with the rest; otherwise their
# apt-get line is printed as a note and the run goes on: those tests skip, saying why.
set -euo pipefail

QT_PACKAGES=(libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 xvfb xauth)
TEST_PACKAGES=(postgresql)
# `strip` trims ~35 MB of debug symbols from the bundle (alloy.spec skips it when absent).
PACKAGE_PACKAGES=(binutils)

with_tests=0
with_package=0
for arg in "$@"; do
  case "$arg" in
    --test) with_tests=1; with_package=1 ;;  # make test builds and smoke-tests the bundle
    --package) with_package=1 ;;
    *) echo "usage: $0 [--test] [--package]" >&2; exit 2 ;;
  esac
done

installed() {
  local status
  status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)
  [[ "$status" == *"install ok installed"* ]]
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${QT_PACKAGES[@]}"; do
    installed "$pkg" || missing+=("$pkg")
  done
fi
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
command -v make >/dev/null 2>&1 || missing+=(make)
if [ "$with_package" -eq 1 ] && command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${PACKAGE_PACKAGES[@]}"; do
    installed "$pkg" || missing+=("$pkg")
  done
fi

test_missing=()
if [ "$with_tests" -eq 1 ] && command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${TEST_PACKAGES[@]}"; do
    installed "$pkg" || test_missing+=("$pkg")
  done
fi

[ ${#missing[@]} -eq 0 ] && [ ${#test_missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  all=("${missing[@]}" "${test_missing[@]}")
  echo "Installing system packages: ${all[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${all[@]}" >/dev/null
  exit 0
fi

if [ ${#missing[@]} -ne 0 ]; then
  all=("${missing[@]}" "${test_missing[@]}")
  echo "Alloy needs these system packages. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${all[*]}" >&2
  exit 1
fi
echo "Note: the PostgreSQL tests will be skipped (no server binaries). To run them:" >&2
echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${test_missing[*]}" >&2
