//! Documents re-saved by LibreOffice import to the same plan (issue 15, "Show"):
//! LibreOffice rewrites the whole package its own way (styles, fields, the table of
//! contents as a content control, merged cells), the nearest thing here to a document a
//! person edited in another program. Every round-trippable shared fixture plan is
//! rendered with `render::docx`, converted by `soffice --convert-to docx` (its own
//! profile per run), and imported; the public import cases are re-saved too and must
//! import as they did before. LibreOffice is the real one (`.ci/install.d/30-render.sh`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{comparable, docx, fixture_plans, round_trips, shared};

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("omstilling-import-lo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("in")).expect("scratch dir");
    dir
}

/// Converts every file in `dir/in` to DOCX in `dir/out` with one LibreOffice run.
fn resave(dir: &Path, files: &[PathBuf]) {
    let output = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--headless", "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(dir.join("out"))
        .args(files)
        .output()
        .unwrap_or_else(|e| {
            panic!("soffice (LibreOffice) cannot start ({e}); install it with .ci/install.d/30-render.sh")
        });
    assert!(
        output.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn documents_resaved_by_libreoffice_import_to_the_same_plan() {
    let dir = scratch();
    let mut inputs = Vec::new();
    let mut plans = Vec::new();
    for (path, plan) in fixture_plans() {
        if !round_trips(&plan) {
            continue;
        }
        let name = format!(
            "fixture-{}.docx",
            path.file_stem().unwrap().to_string_lossy()
        );
        let file = dir.join("in").join(&name);
        std::fs::write(&file, docx(&plan)).expect("write docx");
        inputs.push(file);
        plans.push((name, plan));
    }
    assert!(
        plans.len() >= 4,
        "round-trippable fixture plans: {}",
        plans.len()
    );
    let cases = [
        "fjordvik-template",
        "havbygd-template-nn",
        "fjordvik-sum-errors",
    ];
    for case in cases {
        let file = dir.join("in").join(format!("case-{case}.docx"));
        std::fs::copy(shared().join(format!("import-fixtures/{case}.docx")), &file).unwrap();
        inputs.push(file);
    }
    resave(&dir, &inputs);

    let mut failures = Vec::new();
    for (name, plan) in &plans {
        let bytes = std::fs::read(dir.join("out").join(name)).expect("LibreOffice wrote it");
        match import::import(&bytes) {
            Ok(imported) => {
                let (expected, got) = comparable(plan, &imported.plan);
                if expected != got {
                    failures.push(format!(
                        "{name}: differs\nexpected {expected:#?}\ngot {got:#?}"
                    ));
                }
                let warnings: Vec<_> = imported
                    .findings
                    .iter()
                    .filter(|f| f.severity() != plan::Severity::Info)
                    .collect();
                if !warnings.is_empty() {
                    failures.push(format!("{name}: warnings {warnings:#?}"));
                }
            }
            Err(error) => failures.push(format!("{name}: {error}")),
        }
    }
    for case in cases {
        let original =
            std::fs::read(shared().join(format!("import-fixtures/{case}.docx"))).unwrap();
        let resaved = std::fs::read(dir.join("out").join(format!("case-{case}.docx"))).unwrap();
        let before = import::import(&original).expect("the public case imports");
        let after = import::import(&resaved).expect("the re-saved case imports");
        let (a, b) = comparable(&before.plan, &after.plan);
        if a != b {
            failures.push(format!(
                "case {case}: differs after LibreOffice\n{a:#?}\n{b:#?}"
            ));
        }
        let codes = |i: &import::Import| -> Vec<&str> {
            i.findings.iter().map(|f| f.code.as_str()).collect()
        };
        if codes(&before) != codes(&after) {
            failures.push(format!(
                "case {case}: findings {:?} became {:?}",
                codes(&before),
                codes(&after)
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
