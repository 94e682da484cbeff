#!/usr/bin/env bash
# Every package installs from its packed tarball into a clean project and imports from ESM and CJS.
exec node tools/scripts/check-pack-imports.mjs
