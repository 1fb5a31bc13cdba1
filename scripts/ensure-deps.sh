#!/usr/bin/env bash
# What `npm start` and `npm test` need before they run: the locked npm dependencies (when missing or
# older than package-lock.json), then code-server 4.100.3 and Debian's Chromium (scripts/setup-test-vscode.sh,
# a no-op in ~2 s once installed). So both README commands work on a fresh clone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x node_modules/.bin/tsc ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing the locked npm dependencies (npm ci)…"
  npm ci --no-audit --no-fund
fi
bash scripts/setup-test-vscode.sh
