//! Every plan in `../shared/fixtures` and in `tests/cases` through the real
//! `omstilling check --json` binary, compared with its `*.expected.json`:
//! exit code, the set of `severity:code`, the totals, and for unreadable files the
//! one-line error on stderr.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn shared_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures")
}

fn own_cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// Every plan file below `dir` that has an `.expected.json` beside it.
fn plans_in(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in
            std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                stack.push(path);
            } else if !name.ends_with(".expected.json")
                && (name.ends_with(".json") || name.ends_with(".toml"))
            {
                assert!(
                    expected_path(&path).exists(),
                    "{} has no .expected.json",
                    path.display()
                );
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn expected_path(plan: &Path) -> PathBuf {
    let stem = plan.file_stem().unwrap().to_string_lossy().to_string();
    plan.with_file_name(format!("{stem}.expected.json"))
}

/// Runs one plan; returns a description of every mismatch.
fn run_case(plan: &Path) -> Vec<String> {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(expected_path(plan)).unwrap()).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .args(["check", "--json"])
        .arg(plan)
        .output()
        .expect("run omstilling");
    let code = output.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut problems = Vec::new();
    if Some(i64::from(code)) != expected["exit"].as_i64() {
        problems.push(format!(
            "exit {code}, expected {}; stderr: {stderr}",
            expected["exit"]
        ));
        return problems;
    }
    if code == 2 {
        if !stdout.is_empty() {
            problems.push(format!("an unreadable plan printed to stdout: {stdout}"));
        }
        if stderr.trim_end().lines().count() != 1 {
            problems.push(format!("the read error is not one line: {stderr:?}"));
        }
        let shown = plan.display().to_string();
        if !stderr.contains(&shown) {
            problems.push(format!("the read error does not name the file: {stderr}"));
        }
        for needle in expected["stderr_contains"].as_array().into_iter().flatten() {
            let needle = needle.as_str().unwrap();
            if !stderr.contains(needle) {
                problems.push(format!("stderr lacks {needle:?}: {stderr}"));
            }
        }
        return problems;
    }
    let actual: Value = match serde_json::from_str(&stdout) {
        Ok(value) => value,
        Err(e) => return vec![format!("stdout is not JSON ({e}): {stdout}")],
    };
    let codes: BTreeSet<String> = actual["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}",
                f["severity"].as_str().unwrap(),
                f["code"].as_str().unwrap()
            )
        })
        .collect();
    let wanted: BTreeSet<String> = expected["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    if codes != wanted {
        problems.push(format!("codes {codes:?}, expected {wanted:?}"));
    }
    if actual["ok"] != Value::Bool(code == 0) {
        problems.push(format!("ok is {} with exit {code}", actual["ok"]));
    }
    for finding in actual["findings"].as_array().unwrap() {
        let message = finding["message"].as_str().unwrap_or_default();
        if message.trim().is_empty() || finding["path"].as_str().unwrap_or_default().is_empty() {
            problems.push(format!("finding without message or path: {finding}"));
        }
    }
    if let Some(totals) = expected.get("totals")
        && actual["totals"] != *totals
    {
        problems.push(format!(
            "totals differ:\n  got      {}\n  expected {}",
            actual["totals"], totals
        ));
    }
    problems
}

fn run_all(plans: Vec<PathBuf>, minimum: usize) {
    assert!(plans.len() >= minimum, "found only {} plans", plans.len());
    let failures: Vec<String> = plans
        .iter()
        .flat_map(|plan| {
            run_case(plan)
                .into_iter()
                .map(move |p| format!("{}: {p}", plan.display()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn shared_fixtures_match_their_expectations() {
    run_all(plans_in(&shared_fixtures()), 20);
}

#[test]
fn own_cases_match_their_expectations() {
    run_all(plans_in(&own_cases()), 19);
}

#[test]
fn every_finding_code_is_exercised_by_some_case() {
    let mut seen = BTreeSet::new();
    for dir in [shared_fixtures(), own_cases()] {
        for plan in plans_in(&dir) {
            let expected: Value =
                serde_json::from_str(&std::fs::read_to_string(expected_path(&plan)).unwrap())
                    .unwrap();
            for code in expected["codes"].as_array().into_iter().flatten() {
                let code = code.as_str().unwrap();
                seen.insert(code.split_once(':').unwrap().1.to_string());
            }
        }
    }
    let all: BTreeSet<String> = plan::Code::HANDLINGSPLAN
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    let missing: Vec<_> = all.difference(&seen).collect();
    assert!(missing.is_empty(), "no case exercises {missing:?}");
}

#[test]
fn human_report_groups_by_severity_and_ends_with_a_summary() {
    let plan = shared_fixtures().join("invalid/shares-not-100.json");
    let output = Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .arg("check")
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    let errors = text.find("Feil (1)").expect("error group");
    let infos = text.find("Merknader (1)").expect("info group");
    assert!(errors < infos, "errors come first: {text}");
    assert!(
        text.contains("Andelene i finansieringen summerer til 95\u{a0}%, ikke 100\u{a0}%."),
        "{text}"
    );
    let last = text.trim_end().lines().last().unwrap();
    assert!(last.contains("1 feil, 0 advarsler, 1 merknad"), "{last}");
    assert!(last.contains("10\u{a0}410\u{a0}000\u{a0}kr"), "{last}");
}

#[test]
fn new_writes_a_plan_that_passes_check_with_warnings_only() {
    let dir = std::env::temp_dir().join(format!("omstilling-new-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for language in ["nb", "nn"] {
        let file = dir.join(format!("plan-{language}.toml"));
        let status = Command::new(env!("CARGO_BIN_EXE_omstilling"))
            .args([
                "new",
                "--area",
                "Ørsta \"kommune\"",
                "--period",
                "2025-2030",
                "--year",
                "2027",
            ])
            .args(["--language", language, "--force", "-o"])
            .arg(&file)
            .status()
            .unwrap();
        assert!(status.success());
        let output = Command::new(env!("CARGO_BIN_EXE_omstilling"))
            .args(["check", "--json"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let findings = report["findings"].as_array().unwrap();
        assert!(findings.iter().all(|f| f["severity"] != "error"));
        assert!(
            findings.iter().any(|f| f["code"] == "placeholder-text"),
            "placeholders are flagged"
        );
        assert_eq!(
            report["totals"]["jobs"]["years"].as_array().unwrap().len(),
            6
        );
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("area = \"Ørsta \\\"kommune\\\"\""),
            "the area is escaped: {text}"
        );
        let plan = plan::handlingsplan::file::read(&text, plan::Syntax::Toml).unwrap();
        assert_eq!(plan.language.code(), language);
    }
    // Refuses to overwrite without --force.
    let file = dir.join("plan-nb.toml");
    let output = Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .args(["new", "--area", "X", "--period", "2025-2030", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("finnes allerede"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn missing_and_wrongly_named_files_are_read_errors() {
    for (path, needle) in [
        ("finnes-ikke.json", "filen finnes ikke"),
        ("plan.yaml", "ukjent filtype"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_omstilling"))
            .args(["check", path])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(needle) && stderr.contains(path), "{stderr}");
    }
}
