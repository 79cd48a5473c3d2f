//! Shared helpers of the render tests: the fixtures and their evaluations.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use plan::{Evaluation, Syntax};

use plan::handlingsplan::Plan;

/// `../shared/fixtures` beside the repository root.
pub fn shared_fixtures() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures"
    ))
    .to_path_buf()
}

/// `../shared/omstillingsplan-fixtures` beside the repository root.
pub fn op_fixtures() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/omstillingsplan-fixtures"
    ))
    .to_path_buf()
}

/// The fixtures of this crate.
pub fn own_fixtures() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")).to_path_buf()
}

pub fn load(path: &Path) -> (Plan, Evaluation) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    let syntax = Syntax::from_path(&path.to_string_lossy()).expect("fixture is .json or .toml");
    let plan = plan::handlingsplan::file::read(&text, syntax)
        .unwrap_or_else(|e| panic!("fixture {} does not read: {e:?}", path.display()));
    let evaluation = plan::handlingsplan::evaluate(&plan);
    (plan, evaluation)
}

pub fn fjordvik() -> (Plan, Evaluation) {
    load(&shared_fixtures().join("fjordvik-2027.json"))
}

pub fn havbygd() -> (Plan, Evaluation) {
    load(&shared_fixtures().join("havbygd-2026-nn.toml"))
}

pub fn hostile() -> (Plan, Evaluation) {
    load(&own_fixtures().join("hostile.json"))
}

/// The hostile text the hostile fixture puts in many places.
pub const HOSTILE: &str = "<script>alert(1)</script> & \"Ørsta\" ]]>";
