#!/usr/bin/env bash
# `npm ci && npm run demo`: the first screen is the demo. tools/scripts/demo.mjs builds the CLI with its
# output held back (shown only when the build fails), so the run prints one "Building" line, then the demo.
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! node tools/scripts/demo.mjs --time-scale 0.05 >"$out" 2>&1; then
  echo "quiet-demo: npm run demo failed:" >&2
  cat "$out" >&2
  exit 1
fi
status=0
line1=$(sed -n 1p "$out")
line2=$(sed -n 2p "$out")
[[ "$line1" == Building\ capkit* ]] || { echo "quiet-demo: line 1 is not the build note: $line1" >&2; status=1; }
[[ "$line2" == capkit\ demo:* ]] || { echo "quiet-demo: line 2 is not the demo's first line: $line2" >&2; status=1; }
if grep -nE 'tsdown|rolldown|NX |deprecated|Build complete' "$out" >&2; then
  echo "quiet-demo: build output leaked into the demo (lines above)" >&2
  status=1
fi
grep -q 'Every task ended as expected' "$out" || { echo "quiet-demo: the demo did not finish as expected" >&2; status=1; }
[ $status -eq 0 ] && echo "quiet-demo: the first screen is the demo ($(wc -l <"$out") lines in all)"
exit $status
