#!/usr/bin/env bash
# Fails when the lifecycle diagram embedded in packages/core/README.md (between the
# <!-- lifecycle-diagram:start/end --> markers) is not what toMermaid(taskMachine) draws today.
# Runs the BUILT @capkit/devtools (dist, as users get it), from the repository root.
# To fix a stale diagram: `capkit diagram`, or
#   node -e "import('@capkit/devtools').then((m) => m.writeLifecycleDiagram({ readmePath: 'packages/core/README.md' }))"
set -euo pipefail
cd "$(dirname "$0")/../../.."
if [ ! -f packages/devtools/dist/index.mjs ] || [ ! -f packages/core/dist/index.mjs ]; then
  echo "lifecycle-diagram: build first (npx nx run @capkit/devtools:build builds core too)" >&2
  exit 1
fi
node --input-type=module -e "
const { checkLifecycleDiagram } = await import('@capkit/devtools');
try {
  const result = await checkLifecycleDiagram({ readmePath: 'packages/core/README.md' });
  console.log(result.message);
  process.exit(result.ok ? 0 : 1);
} catch (error) {
  console.error('lifecycle-diagram: ' + error.message);
  process.exit(1);
}
"
