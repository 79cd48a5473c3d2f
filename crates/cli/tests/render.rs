//! `omstilling render` through the real binary: file names, formats, exit codes,
//! `--strict` and the draft marker; PDF and XLSX bytes, a PDF poppler reads as tagged, and
//! a bad logo refused with exit code 2.

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

#[test]
fn writes_pdf_and_xlsx_under_the_plans_name() {
    let dir = scratch("pdf-xlsx-names");
    let plan = shared_fixtures().join("fjordvik-2027.json");
    for (format, magic) in [("pdf", &b"%PDF-"[..]), ("xlsx", b"PK\x03\x04")] {
        let output = omstilling(&dir, &[&plan.to_string_lossy(), "--to", format]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let written = dir.join(format!("handlingsplan-2027-fjordvik-kommune.{format}"));
        let bytes = std::fs::read(&written).unwrap_or_else(|_| panic!("{format} not written"));
        assert!(
            bytes.starts_with(magic),
            "{format} starts with its magic bytes"
        );
    }
    let info = Command::new("pdfinfo")
        .arg(dir.join("handlingsplan-2027-fjordvik-kommune.pdf"))
        .output()
        .expect("pdfinfo (poppler-utils, .ci/install.d/40-pdf.sh)");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "{info}"
    );
}

#[test]
fn a_logo_that_is_not_a_png_is_refused_in_norwegian() {
    let dir = scratch("logo");
    std::fs::write(dir.join("logo.png"), b"not a png at all").expect("write");
    let plan = shared_fixtures().join("fjordvik-2027.json");
    let output = omstilling(
        &dir,
        &[
            &plan.to_string_lossy(),
            "--to",
            "pdf",
            "--logo",
            "logo.png",
            "-o",
            "x.pdf",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("omstilling: "), "{stderr}");
    assert!(!dir.join("x.pdf").exists(), "nothing written");
}
