#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, with no download but npm and apt:
#   - Debian's chromium (the browser playwright-core drives), ripgrep and libkrb5-dev
#     (code-server's postinstall needs both, see below);
#   - code-server 4.100.3 (= VS Code 1.100.3, the newest whose engines.node is 20) into
#     .vscode-test/code-server, which git ignores. It is not a devDependency on purpose:
#     contributors who only run unit tests should not pay 300 MB and a native build for it.
# Idempotent: every step checks first and is skipped when already done.
# `--check` installs nothing: it fails, saying what to run, when something is missing, and prints
# nothing otherwise (`npm run test:vscode` runs it first, so the real-VS-Code suites never silently skip).
# code-server is started once after it is installed, to prove it answers; `.vscode-test/code-server/.started`
# remembers that, so `npm test` and `npm start` after the CI's own setup run do not start it again.
# Details and the reasons behind each workaround: shared docs, testing-in-real-vscode.md.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="$ROOT/.vscode-test/code-server"
PKG="$PREFIX/node_modules/code-server"
VSCODE_MODULES="$PKG/lib/vscode/node_modules"

log() { printf '[setup-test-vscode] %s\n' "$*"; }

# ---- What a working install looks like --------------------------------------------------
# code-server's postinstall builds native modules and installs lib/vscode's own dependencies.
# If it did not (fully) run, code-server may still start and fail later (terminals, search,
# file watching), so check that each module really loads in this Node.
native_ok() {
  [ -f "$PKG/package.json" ] || return 1
  node -e '
    const { createRequire } = require("module");
    const [pkg] = process.argv.slice(1);
    const fromServer = createRequire(pkg + "/package.json");
    const fromVscode = createRequire(pkg + "/lib/vscode/package.json");
    const bad = [];
    const load = (req, name) => { try { req(name); } catch (e) { bad.push(name + ": " + e.message.split("\n")[0]); } };
    load(fromServer, "argon2");
    for (const m of ["node-pty", "kerberos", "@vscode/spdlog", "native-watchdog", "@parcel/watcher"]) load(fromVscode, m);
    try { require("fs").accessSync(fromVscode("@vscode/ripgrep").rgPath, require("fs").constants.X_OK); }
    catch (e) { bad.push("@vscode/ripgrep: " + e.message); }
    for (const b of bad) console.error("[setup-test-vscode] not loadable: " + b);
    process.exit(bad.length ? 1 : 0);
  ' "$PKG"
}

installed_version() {
  node -p "try { require('$PKG/package.json').version } catch { '' }" 2>/dev/null
}

# ---- --check: verify only ---------------------------------------------------------------
if [ "${1:-}" = "--check" ]; then
  problem=""
  command -v chromium >/dev/null 2>&1 || problem="Debian's chromium is not installed"
  if [ -z "$problem" ] && [ "$(installed_version)" != "$CODE_SERVER_VERSION" ]; then
    problem="code-server $CODE_SERVER_VERSION is not installed in ${PREFIX#"$ROOT"/}"
  fi
  if [ -z "$problem" ] && ! native_ok; then
    problem="code-server's native modules are not built"
  fi
  if [ -n "$problem" ]; then
    log "ERROR: $problem; the real-VS-Code tests cannot run. Run: bash scripts/setup-test-vscode.sh"
    exit 1
  fi
  # Silent when all is well: `npm run test:vscode` checks first, and `npm test` already said it set up.
  exit 0
fi

# ---- 1. Debian packages -----------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
# The kerberos module compiles against gssapi/gssapi.h.
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # apt-utils is not needed: its "debconf: delaying package configuration" note is dropped.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" 2>&1 >/dev/null | { grep -v '^debconf: delaying package configuration' || true; } >&2
else
  log "chromium, ripgrep, libkrb5-dev: already installed"
fi

# ---- 2. code-server ---------------------------------------------------------------------
if [ "$(installed_version)" = "$CODE_SERVER_VERSION" ] && native_ok 2>/dev/null; then
  log "code-server $CODE_SERVER_VERSION: already installed in ${PREFIX#"$ROOT"/}"
else
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the
  # archive; a tarball with Debian's rg as its only file satisfies it.
  RG_CACHE="$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-1.15.11"
  RG_TAR="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -s "$RG_TAR" ]; then
    log "seeding the @vscode/ripgrep cache from /usr/bin/rg"
    mkdir -p "$RG_CACHE"
    tmp="$(mktemp -d)"
    cp "$(command -v rg)" "$tmp/rg"
    tar -czf "$RG_TAR" -C "$tmp" rg
    rm -rf "$tmp"
  fi

  log "npm install code-server@$CODE_SERVER_VERSION (about 75 s on 2 cores)"
  rm -rf "$PREFIX"
  mkdir -p "$PREFIX"
  # A private package.json so npm treats the folder as its own project (not the repo's).
  #
  # npm 11 gates dependency install scripts on an `allowScripts` policy: 11.19 runs unapproved
  # ones with a warning, its docs and --strict-allow-scripts block them. Without these scripts
  # nothing native is built, so approve exactly the ones that run, at each level (checked with
  # npm_config_strict_allow_scripts=true):
  #   1. this folder's install runs code-server's postinstall and argon2's build: approved in
  #      this package.json (by name: npm can pin a version only when the lock file records
  #      `resolved` URLs, which this machine's npmrc omits; the version is pinned by the install);
  #   2. that postinstall runs `npm install` in lib/vscode (a project whose package.json we do
  #      not own) for the native modules: approved in lib/vscode/.npmrc, the place npm accepts
  #      for a project-scoped install (it rejects --allow-scripts and npm_config_allow_scripts
  #      there, and an inherited env var would also break the later install in extensions/);
  #   3. then `npm install` in lib/vscode/extensions: lib/vscode/extensions/.npmrc.
  # So: fetch everything with scripts off, write the nested policies, then run the scripts.
  cat >"$PREFIX/package.json" <<JSON
{
  "name": "clinical-notes-test-vscode",
  "private": true,
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
  npm install --prefix "$PREFIX" --no-audit --no-fund --ignore-scripts --loglevel=error \
    "code-server@$CODE_SERVER_VERSION"
  echo "allow-scripts=@parcel/watcher,@vscode/deviceid,@vscode/ripgrep,@vscode/spdlog,@vscode/windows-process-tree,@vscode/windows-registry,kerberos,native-watchdog,node-pty" \
    >"$PKG/lib/vscode/.npmrc"
  # Level 3 omits its dev dependencies, the only ones with scripts, so nothing runs there;
  # listing them keeps --strict-allow-scripts from refusing the install.
  echo "allow-scripts=@parcel/watcher,esbuild" >"$PKG/lib/vscode/extensions/.npmrc"

  # Offline by design, so the prebuilt binaries some modules try to download first (argon2's node-pre-gyp,
  # kerberos' prebuild-install) never arrive and each falls back to compiling from source: that fallback is
  # the expected path, not an error. npm_config_build_from_source skips the download attempts; the ~130 lines
  # the compilers and npm print go to a log file, shown only when the build fails.
  BUILD_LOG="$PREFIX/native-build.log"
  log "building code-server's native modules from source (offline: prebuilt binaries are not downloaded; about a minute); log: ${BUILD_LOG#"$ROOT"/}"
  # npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which would otherwise prompt.
  # npm_config_unsafe_perm: as root, code-server's postinstall refuses to run otherwise (npm 11 no longer
  # knows the setting and warns about it in the log, but the postinstall reads it).
  # npm_config_ignore_scripts=false and --foreground-scripts: the scripts *must* run, with
  # their output (and any failure) in the log instead of a silent half-install.
  if ! npm_config_yes=true npm_config_unsafe_perm=true npm_config_ignore_scripts=false npm_config_build_from_source=true \
    npm rebuild --prefix "$PREFIX" --foreground-scripts --loglevel=warn >"$BUILD_LOG" 2>&1; then
    log "ERROR: building code-server's native modules failed; the last lines of ${BUILD_LOG#"$ROOT"/}:"
    tail -n 60 "$BUILD_LOG"
    exit 1
  fi

  if ! native_ok; then
    log "ERROR: code-server's postinstall did not build its native modules; see ${BUILD_LOG#"$ROOT"/}."
    exit 1
  fi
  rm -f "$PREFIX/.started"
fi

# ---- 3. Does it start? (once per install: a stamp remembers it did) -------------------------
STAMP="$PREFIX/.started"
if [ "$(cat "$STAMP" 2>/dev/null)" = "$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION has started here before (${STAMP#"$ROOT"/}); not starting it again"
  exit 0
fi

BIN="$PREFIX/node_modules/.bin/code-server"
tmp="$(mktemp -d)"
pid=""
cleanup() {
  # setsid made the server a group leader: stop the whole group (its watchers, its host).
  if [ -n "$pid" ]; then kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# XDG_*: code-server writes a default config.yaml into ~/.config otherwise; keep $HOME clean.
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
version_line="$("$BIN" --version 2>/dev/null | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -n1)"
case "$version_line" in
  "$CODE_SERVER_VERSION "*) log "code-server --version: $version_line" ;;
  *) log "ERROR: unexpected code-server --version output: '$version_line'"; exit 1 ;;
esac

port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
# setsid: its own process group, so everything it forks is stopped together below.
setsid "$BIN" --auth none --bind-addr "127.0.0.1:$port" \
  --user-data-dir "$tmp/user" --extensions-dir "$tmp/ext" \
  --disable-telemetry --disable-update-check --disable-workspace-trust "$tmp" \
  >"$tmp/log" 2>&1 &
pid=$!
ok=""
for _ in $(seq 1 60); do
  if node -e "require('http').get('http://127.0.0.1:$port/healthz',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"; then
    ok=1; break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$ok" ]; then
  log "ERROR: code-server did not answer /healthz; its log:"
  cat "$tmp/log"
  exit 1
fi
echo "$CODE_SERVER_VERSION" >"$STAMP"
log "code-server answers on 127.0.0.1:$port: the real-VS-Code tests can run"
