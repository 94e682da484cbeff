#!/usr/bin/env bash
# The packed packages under Node 20/22/24, Bun, Deno, workerd and Chromium (tools/ecosystem), checked against the
# runtime table in README.md. Its vitest report counts in the `N passed, N failed` totals.
# CAPKIT_ECOSYSTEM_WRITE=1 rewrites the README table from this run instead of comparing.
set -uo pipefail
cd "$(dirname "$0")/../../.."
bash tools/ecosystem/install.sh || exit 1
status=0
npx tsc -p tools/ecosystem/tsconfig.json || status=1
npx vitest run --config tools/ecosystem/vitest.config.ts || status=1
exit $status
