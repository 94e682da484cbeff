#!/usr/bin/env bash
# Installs the runtimes the ecosystem suite (and tools/scripts/checks/node-matrix.sh) runs: Node 20/22/24, Bun, Deno
# and workerd, all from the npm registry, pinned by tools/ecosystem/package-lock.json. They stay out of the root
# install (about 870 MB). `npm ci` runs only when node_modules is missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # The wrappers' install scripts (which only locate the binary) are denied by allowScripts; the binaries come in
  # the platform packages they list as optional dependencies.
  npm ci --no-audit --no-fund --loglevel=error
fi
