#!/usr/bin/env bash
# Runs every test: Rust (format, lints, unit, data-driven, snapshot and page
# tests), the core again in wasm, the seed story checks, and the extension's
# lint and end-to-end tests in Chromium and Firefox. Builds first (./build.sh).
set -euo pipefail
cd "$(dirname "$0")"
say() { printf '\033[1m==> [%ss] %s\033[0m\n' "$SECONDS" "$*" >&2; }

say "build (./build.sh)"
./build.sh

say "cargo fmt --check"
cargo fmt --all -- --check
say "cargo clippy"
cargo clippy --locked --all-targets -- -D warnings
say "cargo test"
cargo test --locked --release
say "cargo test in wasm (Node, wasm-bindgen-test-runner)"
cargo test --locked --target wasm32-unknown-unknown --test wasm
if [ -x ../shared/check-seeds ]; then
  say "seed story (../shared/check-seeds)"
  STORYDIFF=target/release/storydiff ../shared/check-seeds
  STORYDIFF=target/release/storydiff ../shared/check-seeds --tier stretch || true
else
  echo "skipping the seed checks: ../shared/check-seeds is absent" >&2
fi
if [ -f extension/build.mjs ]; then
  say "extension: lint and end-to-end tests"
  npm test
fi
say "all tests passed"
