#!/usr/bin/env bash
# ESLint over the whole repository (eslint.config.mjs: typescript-eslint's recommended rules plus
# no-sequences, no-non-null-assertion and consistent type imports), then the import-cycle check
# (files and workspace packages, type imports included). Fix most lint findings with `npx eslint --fix .`.
set -uo pipefail
cd "$(dirname "$0")/../../.."
status=0
npx eslint --max-warnings 0 . || status=1
node tools/scripts/check-import-cycles.mjs || status=1
exit $status
