#!/usr/bin/env bash
# The API reference (TypeDoc, typedoc.json) builds from the TSDoc of every package with no warning:
# treatWarningsAsErrors turns an unresolved {@link}, an unknown tag or a public type that refers to an
# unexported one into a failure. Output: docs/api/ (not committed; `npm run docs` builds it locally).
set -euo pipefail
cd "$(dirname "$0")/../../.."
exec npx typedoc --logLevel Warn
