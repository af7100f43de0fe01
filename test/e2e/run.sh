#!/usr/bin/env bash
# npm run test:e2e — installs what is missing, packages the extension, runs the real-editor tests.
# Everything the runner starts is stopped by process group, also when this script is interrupted.
set -uo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)

bash test/e2e/setup.sh || { echo "e2e: setup failed"; echo "0 passed, 1 failed"; exit 1; }
npm run --silent package >/tmp/converge-e2e-package.log 2>&1 || {
  tail -30 /tmp/converge-e2e-package.log
  echo "e2e: npm run package failed"
  echo "0 passed, 1 failed"
  exit 1
}
echo "e2e: packaged dist/gitops-converge.vsix ($(du -k dist/gitops-converge.vsix | cut -f1) KB); setup and packaging took $(( $(date +%s) - started )) s"

pgids="$(mktemp)"
runner=""
cleanup() {
  [ -n "$runner" ] && kill -- -"$runner" 2>/dev/null
  while read -r pg; do [ -n "$pg" ] && kill -KILL -- -"$pg" 2>/dev/null; done <"$pgids"
  rm -f "$pgids"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

E2E_PGID_FILE="$pgids" setsid node --import tsx test/e2e/run-e2e.ts &
runner=$!
wait "$runner"
status=$?
runner=""
exit "$status"
