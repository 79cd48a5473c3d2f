//! `omstilling import` through the real binary (spec `import.md` §1): every public case
//! in `../shared/import-fixtures` (its plan, exit code and warnings as its
//! `.expected.json` says, compared as the fixtures' README says), the plan file it
//! writes read back by `check`, and the exit codes for a file that is not a DOCX and a
//! Word document without a Handlingsplan.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/import-fixtures")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("omstilling-import-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn omstilling(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run omstilling")
}

fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every field the expected plan has must be in `got` with the same value (texts after
/// collapsing white space; a missing budget counts as 0; a missing list as empty).
fn compare(expected: &Value, got: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            for (key, value) in e {
                let here = format!("{path}.{key}");
                match g.get(key) {
                    Some(v) => compare(value, v, &here, out),
                    None if key == "budget" => compare(value, &Value::from(0), &here, out),
                    None if value.as_array().is_some_and(Vec::is_empty) || value.is_null() => {}
                    None => out.push(format!("{here}: missing, expected {value}")),
                }
            }
        }
        (Value::Array(e), Value::Array(g)) => {
            if e.len() != g.len() {
                out.push(format!(
                    "{path}: {} items expected, got {}",
                    e.len(),
                    g.len()
                ));
            }
            for (i, (a, b)) in e.iter().zip(g).enumerate() {
                compare(a, b, &format!("{path}[{i}]"), out);
            }
        }
        (Value::String(e), Value::String(g)) => {
            if collapse(e) != collapse(g) {
                out.push(format!("{path}: expected {e:?}, got {g:?}"));
            }
        }
        (Value::Number(e), Value::Number(g)) => {
            if e.as_f64() != g.as_f64() {
                out.push(format!("{path}: expected {e}, got {g}"));
            }
        }
        (e, g) => {
            if e != g {
                out.push(format!("{path}: expected {e}, got {g}"));
            }
        }
    }
}

#[test]
fn every_public_case_imports_as_expected() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("the import fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 3,
        "expected the three public cases, found {cases:?}"
    );
    let dir = scratch("cases");
    let mut failures = Vec::new();
    for case in &cases {
        let stem = case.file_stem().unwrap().to_string_lossy().to_string();
        let expected_path = case.with_file_name(format!("{stem}.expected.json"));
        assert!(
            expected_path.exists(),
            "{} has no .expected.json",
            case.display()
        );
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
        let output = omstilling(&["import", case.to_str().unwrap(), "--json"], &dir);
        let exit = i64::from(output.status.code().unwrap_or(-1));
        if Some(exit) != expected["exit"].as_i64() {
            failures.push(format!(
                "{stem}: exit {exit}, expected {}; stderr: {}",
                expected["exit"],
                String::from_utf8_lossy(&output.stderr)
            ));
            continue;
        }
        if exit != 0 {
            continue;
        }
        let got: Value = match serde_json::from_slice(&output.stdout) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{stem}: stdout is not JSON ({e})"));
                continue;
            }
        };
        let mut differences = Vec::new();
        compare(&expected["plan"], &got["plan"], "plan", &mut differences);
        for d in differences {
            failures.push(format!("{stem}: {d}"));
        }
        let findings = got["findings"].as_array().cloned().unwrap_or_default();
        for f in &findings {
            for field in ["code", "severity", "where", "message"] {
                if !f[field].is_string() || f[field].as_str().is_some_and(str::is_empty) {
                    failures.push(format!("{stem}: finding without {field}: {f}"));
                }
            }
        }
        let reported: BTreeSet<String> = findings
            .iter()
            .map(|f| {
                format!(
                    "{}:{}",
                    f["severity"].as_str().unwrap_or(""),
                    f["code"].as_str().unwrap_or("")
                )
            })
            .collect();
        let wanted: BTreeSet<String> = expected["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_owned())
            .collect();
        for w in &wanted {
            if !reported.contains(w) {
                failures.push(format!("{stem}: {w} not reported; got {reported:?}"));
            }
        }
        for r in &reported {
            if !r.starts_with("info:") && !wanted.contains(r) {
                failures.push(format!("{stem}: unexpected {r}; findings: {findings:#?}"));
            }
        }
        // No file is written with --json and no -o.
        assert!(
            std::fs::read_dir(&dir).unwrap().next().is_none(),
            "{stem}: --json without -o wrote a file"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_written_plan_is_a_normal_plan_for_check_and_render() {
    let dir = scratch("written");
    let case = cases_dir().join("fjordvik-sum-errors.docx");
    let output = omstilling(&["import", case.to_str().unwrap()], &dir);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("import-sum-differs") && stderr.contains("10\u{a0}420\u{a0}000"),
        "the report names the wrong sum: {stderr}"
    );
    let written = dir.join("handlingsplan-2027.toml");
    assert!(
        written.exists(),
        "the default name is handlingsplan-2027.toml"
    );
    let check = omstilling(&["check", "handlingsplan-2027.toml", "--json"], &dir);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["totals"]["total_cost"], 10_410_000);

    // Refuses to overwrite; -o with .json writes JSON.
    let again = omstilling(&["import", case.to_str().unwrap()], &dir);
    assert_eq!(again.status.code(), Some(2), "{again:?}");
    let json = omstilling(&["import", case.to_str().unwrap(), "-o", "plan.json"], &dir);
    assert_eq!(json.status.code(), Some(0), "{json:?}");
    let text = std::fs::read_to_string(dir.join("plan.json")).unwrap();
    let plan: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(plan["format"], "handlingsplan/1");
    let render = omstilling(
        &["render", "plan.json", "--to", "md", "-o", "plan.md"],
        &dir,
    );
    assert_eq!(render.status.code(), Some(0), "{render:?}");
}

#[test]
fn a_file_that_is_not_docx_exits_2_and_a_document_without_a_plan_exits_1() {
    let dir = scratch("exits");
    std::fs::write(dir.join("notes.docx"), "dette er ikke et Word-dokument").unwrap();
    let output = omstilling(&["import", "notes.docx"], &dir);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("notes.docx") && stderr.contains("ZIP"),
        "{stderr}"
    );

    let missing = omstilling(&["import", "finnes-ikke.docx"], &dir);
    assert_eq!(missing.status.code(), Some(2), "{missing:?}");

    // A real Word document (written by python's zipfile with Word's parts) about something else.
    let script = r#"
import sys, zipfile
body = '<w:p><w:r><w:t>Referat fra styremøtet</w:t></w:r></w:p>'
doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       '<w:body>' + body + '</w:body></w:document>')
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
    z.writestr('word/document.xml', doc)
"#;
    let status = Command::new("python3")
        .args(["-c", script])
        .arg(dir.join("referat.docx"))
        .status()
        .expect("python3");
    assert!(status.success());
    let output = omstilling(&["import", "referat.docx"], &dir);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("handlingsplan"));
}
