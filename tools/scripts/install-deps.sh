#!/usr/bin/env bash
# Installs what the tests need: npm packages (npm ci when node_modules is missing or older than the lockfile, here
# and in tools/ecosystem)
# and, when missing, Chromium and Redis from Debian packages. Never downloads browsers or binaries itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# The runtimes of tools/ecosystem (Node 22/24, Bun, Deno, workerd), from npm, outside the root install.
bash tools/ecosystem/install.sh
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "installing Debian packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
