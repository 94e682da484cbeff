#!/usr/bin/env bash
# Every TypeScript example in a README compiles against the packages.
exec node tools/scripts/check-readme-examples.mjs
