#!/usr/bin/env bash
# Installs what the real-editor tests need, idempotently: Debian's chromium (+ libkrb5-dev, pkg-config and
# ripgrep, needed to build code-server's native modules) and code-server in test/e2e/.code-server/ with its
# own lockfile. See shared/e2e.md for why each workaround is here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
CS_VERSION=4.100.3
cs_dir="$here/.code-server"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} with apt-get"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

installed_version() {
  node -p "require('$cs_dir/node_modules/code-server/package.json').version" 2>/dev/null || true
}
if [ "$(installed_version)" = "$CS_VERSION" ] && [ -f "$cs_dir/node_modules/code-server/out/node/entry.js" ]; then
  echo "setup: code-server $CS_VERSION already installed"
  exit 0
fi

echo "setup: installing code-server $CS_VERSION into $cs_dir (about 2 minutes)"
mkdir -p "$cs_dir"
cp "$here/code-server/package.json" "$cs_dir/package.json"
[ -f "$here/code-server/package-lock.json" ] && cp "$here/code-server/package-lock.json" "$cs_dir/package-lock.json"

# @vscode/ripgrep downloads rg from GitHub at install time: seed its cache with Debian's rg.
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rg_cache"
tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg

# As root: code-server's postinstall needs unsafe_perm, node-pty's `npx node-gyp` needs yes=true.
cd "$cs_dir"
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
if [ "$(installed_version)" != "$CS_VERSION" ]; then
  echo "setup: code-server install failed" >&2
  exit 1
fi
# Keep the lockfile that was used (first install writes it).
[ -f "$here/code-server/package-lock.json" ] || cp package-lock.json "$here/code-server/package-lock.json"
echo "setup: code-server $CS_VERSION ready"
