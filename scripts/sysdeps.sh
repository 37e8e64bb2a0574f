#!/usr/bin/env bash
# Makes sure the Debian packages Qt and the venv need are present: installs them as root
# (CI, a fresh machine), otherwise prints the exact apt-get line and stops.
set -euo pipefail

QT_PACKAGES=(libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 xvfb xauth)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${QT_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == *"install ok installed"* ]] || missing+=("$pkg")
  done
fi
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
command -v make >/dev/null 2>&1 || missing+=(make)

[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Alloy needs these system packages. Run:" >&2
  echo "  sudo apt-get update && sudo $line" >&2
  exit 1
fi
