#!/usr/bin/env bash
# Runs the packaged app's self-test the way a fresh laptop would: an empty HOME, no network.
set -euo pipefail
bundle=${1:?usage: smoke_bundle.sh path/to/alloy}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
run=(env -i HOME="$home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 "$bundle" --smoke)
# Users draw on X11, which loads libraries the offscreen platform never does (the bundle drops
# some): a second run on a virtual X server, where xvfb-run is installed (make sysdeps).
xcb=(xvfb-run -a bash -c 'exec env -i HOME="$0" PATH=/usr/bin:/bin DISPLAY="$DISPLAY" \
  XAUTHORITY="$XAUTHORITY" QT_QPA_PLATFORM=xcb LANG=C.UTF-8 "$1" --smoke' "$home" "$bundle")
if unshare --net true 2>/dev/null; then
  echo "bundle smoke test: empty HOME, no network (own network namespace)"
  unshare --net "${run[@]}"
  if command -v xvfb-run >/dev/null; then
    echo "bundle smoke test on X11 (Xvfb): empty HOME, no network"
    unshare --net "${xcb[@]}"
  fi
else
  echo "bundle smoke test: empty HOME (unshare unavailable here, so the network is not cut)"
  "${run[@]}"
  if command -v xvfb-run >/dev/null; then
    echo "bundle smoke test on X11 (Xvfb): empty HOME"
    "${xcb[@]}"
  fi
fi
test -z "$(ls -A "$home" | grep -v '^\.local$\|^\.config$\|^\.cache$' || true)" || {
  echo "the smoke test wrote outside the data folders:"; ls -A "$home"; exit 1; }
