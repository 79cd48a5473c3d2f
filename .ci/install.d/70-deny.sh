#!/usr/bin/env bash
# cargo-deny, for crates/cli/tests/deny.rs: the licences, bans and sources of every
# dependency checked against deny.toml, offline. Built from crates.io with its own lock
# file (about 10 minutes on two busy cores); skipped when already installed.
set -euo pipefail
if ! cargo deny --version >/dev/null 2>&1; then
  cargo install cargo-deny --locked --version 0.20.2
fi
cargo deny --version
# cargo deny reads `cargo metadata` for every platform; the test runs it offline, so
# every locked crate (Windows and wasm ones too) must be in the local registry cache.
cargo fetch --locked
