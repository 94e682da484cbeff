#!/usr/bin/env bash
# The release dry run: pack every package, check each tarball (LICENSE, README, maps, metadata), install the
# tarballs into a clean project, import every package from ESM and CJS, run the CLI's bin, and type-check a
# consumer under node16, nodenext and bundler. Works with whatever versions are set (`changeset version` is
# run at release time, not here).
exec node tools/scripts/release-dry-run.mjs
