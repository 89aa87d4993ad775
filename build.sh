#!/usr/bin/env bash
# Builds everything from a fresh Debian machine: installs what it needs (the
# wasm32 target, wasm-bindgen-cli at the version in Cargo.lock, npm packages
# from package-lock.json, which bring wasm-opt), then builds the command line,
# the wasm package in pkg/ and the extensions in dist/.
# Quick when nothing changed: every step skips work that is up to date.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# --- prerequisites --------------------------------------------------------
install_prerequisites() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # wasm-bindgen's CLI must match the library version exactly.
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (takes a few minutes once)"
    # Not --locked: one of its locked dependencies has been yanked.
    cargo install wasm-bindgen-cli --version "$want"
  fi
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    say "installing node and npm"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
  fi
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# --- the command line and the wasm package ---------------------------------
build_core() {
  say "building the storydiff command line"
  cargo build --release --locked --bin storydiff
  say "building the wasm core"
  cargo build --release --locked --lib --target wasm32-unknown-unknown
  local wasm=target/wasm32-unknown-unknown/release/storydiff.wasm
  if [ ! -f pkg/storydiff_bg.wasm ] || [ "$wasm" -nt pkg/storydiff_bg.wasm ]; then
    say "wasm-bindgen and wasm-opt into pkg/"
    wasm-bindgen --target web --out-dir pkg "$wasm"
    # npm's binaryen: Debian's older wasm-opt corrupts wasm-bindgen's externref table.
    node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-reference-types --enable-sign-ext --enable-mutable-globals \
      pkg/storydiff_bg.wasm -o pkg/storydiff_bg.wasm
  fi
}

install_prerequisites
build_core
if [ -f extension/build.mjs ]; then
  say "assembling the extensions in dist/"
  node extension/build.mjs
fi
say "done"
