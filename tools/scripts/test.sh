#!/usr/bin/env bash
# `npm test`: installs what the tests need (npm packages, Debian chromium and redis-server when missing),
# then runs every check. Ends with one line `N passed, N failed` (vitest totals plus failed non-test checks).
set -uo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE="${NX_SKIP_NX_CACHE:-}" FORCE_COLOR=0
failed_checks=()

run_check() {
  local name=$1; shift
  echo "::group:: $name"
  local started=$SECONDS
  if "$@"; then echo "::ok:: $name ($((SECONDS - started)) s)"; else echo "::FAILED:: $name ($((SECONDS - started)) s)"; failed_checks+=("$name"); fi
}

bash tools/scripts/install-deps.sh || failed_checks+=("install dependencies")
rm -rf test-output packages/*/test-output/vitest-*.json tools/*/test-output/vitest-*.json && mkdir -p test-output

run_check "generated code is fresh" node tools/codegen/generate.mjs --check
run_check "spec passes the OpenAPI linter" npx redocly lint spec/capsolver.openapi.yaml --config spec/redocly.yaml
run_check "build, typecheck, test, publint, attw" npx nx run-many -t build typecheck test lint:pkg --parallel=2 --output-style=stream
for extra in tools/scripts/checks/*.sh; do
  [ -e "$extra" ] && run_check "$(basename "$extra" .sh)" bash "$extra"
done

node tools/scripts/summarize-tests.mjs "${#failed_checks[@]}" "${failed_checks[@]}"
[ ${#failed_checks[@]} -eq 0 ]
