#!/usr/bin/env bash
# Prettier formatting of the whole repository (.prettierrc.json; .prettierignore leaves out generated code,
# Markdown and YAML). Fix with `npx prettier --write .`.
set -uo pipefail
cd "$(dirname "$0")/../../.."
exec npx prettier --check --log-level warn .
