#!/usr/bin/env bash
# Runs the packaged app's self-test the way a fresh laptop would: an empty HOME, no network.
set -euo pipefail
bundle=${1:?usage: smoke_bundle.sh path/to/alloy}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
run=(env -i HOME="$home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 "$bundle" --smoke)
if unshare --net true 2>/dev/null; then
  echo "bundle smoke test: empty HOME, no network (own network namespace)"
  unshare --net "${run[@]}"
else
  echo "bundle smoke test: empty HOME (unshare unavailable here, so the network is not cut)"
  "${run[@]}"
fi
test -z "$(ls -A "$home" | grep -v '^\.local$\|^\.config$\|^\.cache$' || true)" || {
  echo "the smoke test wrote outside the data folders:"; ls -A "$home"; exit 1; }
