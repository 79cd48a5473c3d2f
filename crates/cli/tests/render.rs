//! `omstilling render` through the real binary: file names, formats, exit codes,
//! `--strict` and the draft marker.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shared_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "omstilling-cli-render-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn omstilling(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .current_dir(dir)
        .arg("render")
        .args(args)
        .output()
        .expect("run omstilling")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn writes_each_format_under_the_plans_name() {
    let dir = scratch("names");
    let plan = shared_fixtures().join("fjordvik-2027.json");
    for (format, magic) in [
        ("docx", &b"PK"[..]),
        ("html", b"<!DOCTYPE html>"),
        ("md", b"> "),
    ] {
        let output = omstilling(&dir, &[plan.to_str().unwrap(), "--to", format]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let written = dir.join(format!("handlingsplan-2027-fjordvik-kommune.{format}"));
        let bytes = std::fs::read(&written).unwrap_or_else(|_| panic!("{format} not written"));
        if format != "md" {
            assert!(bytes.starts_with(magic), "{format}");
        } else {
            assert!(bytes.starts_with(b"# Handlingsplan 2027"));
        }
    }
    let output = omstilling(&dir, &[plan.to_str().unwrap(), "--to", "md", "-o", "-"]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("## 4 Kommunikasjonsplan"));
    let output = omstilling(
        &dir,
        &[plan.to_str().unwrap(), "--to", "html", "-o", "ut.html"],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(dir.join("ut.html").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_plan_with_errors_renders_as_marked_draft_unless_strict() {
    let dir = scratch("strict");
    let plan = shared_fixtures().join("invalid/shares-not-100.json");
    let output = omstilling(
        &dir,
        &[plan.to_str().unwrap(), "--to", "md", "-o", "plan.md"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let md = std::fs::read_to_string(dir.join("plan.md")).unwrap();
    assert!(md.starts_with("> **Utkast – planen har feil**"));
    assert!(stderr(&output).contains("planen har 1 feil"));

    let output = omstilling(
        &dir,
        &[
            plan.to_str().unwrap(),
            "--to",
            "docx",
            "--strict",
            "-o",
            "x.docx",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--strict"), "{}", stderr(&output));
    assert!(!dir.join("x.docx").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreadable_input_exits_2() {
    let dir = scratch("unreadable");
    let output = omstilling(&dir, &["finnes-ikke.json", "--to", "docx"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("finnes ikke"));
    let bad = shared_fixtures().join("unreadable/unknown-field.json");
    let output = omstilling(&dir, &[bad.to_str().unwrap(), "--to", "html"]);
    assert_eq!(output.status.code(), Some(2));
    let plan = shared_fixtures().join("fjordvik-2027.json");
    let output = omstilling(
        &dir,
        &[
            plan.to_str().unwrap(),
            "--to",
            "docx",
            "--logo",
            plan.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("PNG"), "{}", stderr(&output));
    let output = omstilling(&dir, &[plan.to_str().unwrap(), "--to", "pdfx"]);
    assert_eq!(output.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
