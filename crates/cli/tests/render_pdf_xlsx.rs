//! `omstilling render --to pdf|xlsx` through the real binary: file names, bytes,
//! a PDF poppler reads as tagged, and a bad logo refused with exit code 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shared_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures")
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("omstilling-cli-pdf-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
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

#[test]
fn writes_pdf_and_xlsx_under_the_plans_name() {
    let dir = scratch("names");
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
