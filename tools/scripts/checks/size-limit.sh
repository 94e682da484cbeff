#!/usr/bin/env bash
# The browser bundle budget (packages/browser/.size-limit.json): `import { createClient } from '@capkit/browser'`
# with everything it pulls in (@capkit/core, @capkit/api, xstate, openapi-fetch), minified and gzipped, as an
# app's bundler would ship it. It measures the built dist files, so the build runs first (an nx cache hit
# under `npm test`, which has just built everything).
set -uo pipefail
cd "$(dirname "$0")/../../.."
if ! build_log=$(NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false npx nx run @capkit/browser:build --output-style=static 2>&1); then
  echo "$build_log" | tail -n 40
  echo "size-limit: building @capkit/browser and its dependencies failed, so there is nothing to measure"
  exit 1
fi
cd packages/browser && exec npx size-limit
