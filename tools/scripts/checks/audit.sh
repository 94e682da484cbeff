#!/usr/bin/env bash
# `npm audit --omit=dev` must report no high or critical issue. Where the registry's audit endpoint cannot be
# reached (some sandboxes only proxy package downloads), say so plainly instead of passing silently.
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=$(npm audit --omit=dev --audit-level=high 2>&1); rc=$?
echo "$out" | grep -v 'Unknown user config' | tail -n 20
if echo "$out" | grep -qE 'audit endpoint returned an error|ENOTFOUND|ECONNREFUSED|405 Method Not Allowed'; then
  echo "npm audit: NOT VERIFIED — the registry's audit endpoint is unreachable from this machine"
  exit 0
fi
exit $rc
