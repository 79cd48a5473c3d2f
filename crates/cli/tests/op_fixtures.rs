//! Every Omstillingsplan case in `../shared/omstillingsplan-fixtures` and in
//! `tests/op-cases` through the real binary, compared with its `*.expected.json`
//! (see that README): `NAME.op.json|toml` alone is `check NAME.op… --json` (spec §3);
//! with `NAME.plan.json` it is `check NAME.plan.json --omstillingsplan NAME.op… --json`
//! (spec §4). Compared: the exit code, the set of `severity:code`, the set of
//! `code@path` for `op-`/`frame-` codes, and the totals. A case without expectation,
//! or an expectation without case, fails.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn shared_cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/omstillingsplan-fixtures")
}

fn own_cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/op-cases")
}

/// One case: its name, the Omstillingsplan file, the plan file if any, the expectation.
struct Case {
    name: String,
    op: PathBuf,
    plan: Option<PathBuf>,
    expected: PathBuf,
}

/// Every case in `dir`; panics on an orphan file.
fn cases_in(dir: &Path) -> Vec<Case> {
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        for suffix in [
            ".op.json",
            ".op.toml",
            ".plan.json",
            ".plan.toml",
            ".expected.json",
        ] {
            if let Some(stem) = name.strip_suffix(suffix) {
                names.insert(stem.to_string());
            }
        }
    }
    names
        .into_iter()
        .map(|name| {
            let pick = |suffixes: &[&str]| {
                suffixes
                    .iter()
                    .map(|s| dir.join(format!("{name}{s}")))
                    .find(|p| p.exists())
            };
            let op = pick(&[".op.json", ".op.toml"])
                .unwrap_or_else(|| panic!("{name} in {} has no .op.json/.op.toml", dir.display()));
            let expected = dir.join(format!("{name}.expected.json"));
            assert!(expected.exists(), "{} has no .expected.json", op.display());
            Case {
                plan: pick(&[".plan.json", ".plan.toml"]),
                name,
                op,
                expected,
            }
        })
        .collect()
}

fn run_case(case: &Case) -> Vec<String> {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(&case.expected).unwrap()).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_omstilling"));
    command.arg("check").arg("--json");
    match &case.plan {
        Some(plan) => command.arg(plan).arg("--omstillingsplan").arg(&case.op),
        None => command.arg(&case.op),
    };
    let output = command.output().expect("run omstilling");
    let code = i64::from(output.status.code().unwrap_or(-1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if Some(code) != expected["exit"].as_i64() {
        return vec![format!(
            "exit {code}, expected {}; stderr: {stderr}",
            expected["exit"]
        )];
    }
    if code == 2 {
        return if stdout.is_empty() && stderr.trim_end().lines().count() == 1 {
            Vec::new()
        } else {
            vec![format!(
                "an unreadable case must print one line on stderr only: {stderr:?}"
            )]
        };
    }
    let actual: Value = match serde_json::from_str(&stdout) {
        Ok(value) => value,
        Err(e) => return vec![format!("stdout is not JSON ({e}): {stdout}")],
    };
    let mut problems = Vec::new();
    let findings = actual["findings"].as_array().cloned().unwrap_or_default();
    let set = |items: Vec<String>| items.into_iter().collect::<BTreeSet<String>>();
    let codes = set(findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}",
                f["severity"].as_str().unwrap(),
                f["code"].as_str().unwrap()
            )
        })
        .collect());
    let paths = set(findings
        .iter()
        .filter(|f| {
            let code = f["code"].as_str().unwrap();
            code.starts_with("op-") || code.starts_with("frame-")
        })
        .map(|f| {
            format!(
                "{}@{}",
                f["code"].as_str().unwrap(),
                f["path"].as_str().unwrap()
            )
        })
        .collect());
    let wanted = |key: &str| {
        set(expected[key]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no {key}", case.name))
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect())
    };
    if codes != wanted("codes") {
        problems.push(format!("codes {codes:?}, expected {:?}", wanted("codes")));
    }
    if paths != wanted("paths") {
        problems.push(format!("paths {paths:?}, expected {:?}", wanted("paths")));
    }
    if actual["ok"] != Value::Bool(code == 0) {
        problems.push(format!("ok is {} with exit {code}", actual["ok"]));
    }
    for finding in &findings {
        if finding["message"]
            .as_str()
            .unwrap_or_default()
            .trim()
            .is_empty()
        {
            problems.push(format!("finding without message: {finding}"));
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

fn run_all(cases: &[Case], minimum: usize) {
    assert!(cases.len() >= minimum, "found only {} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .flat_map(|case| {
            run_case(case)
                .into_iter()
                .map(move |p| format!("{}: {p}", case.name))
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
fn shared_omstillingsplan_fixtures_match_their_expectations() {
    let cases = cases_in(&shared_cases());
    let names: BTreeSet<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    for name in [
        "areas-targets-frame",
        "fjordvik-2027-against",
        "fjordvik",
        "own-findings",
        "strategies",
    ] {
        assert!(names.contains(name), "the public case {name} is missing");
    }
    run_all(&cases, 5);
}

#[test]
fn own_omstillingsplan_cases_match_their_expectations() {
    run_all(&cases_in(&own_cases()), 8);
}

#[test]
fn every_omstillingsplan_code_is_exercised_by_some_case() {
    let mut seen = BTreeSet::new();
    for dir in [shared_cases(), own_cases()] {
        for case in cases_in(&dir) {
            let expected: Value =
                serde_json::from_str(&std::fs::read_to_string(&case.expected).unwrap()).unwrap();
            for code in expected["codes"].as_array().into_iter().flatten() {
                seen.insert(
                    code.as_str()
                        .unwrap()
                        .split_once(':')
                        .unwrap()
                        .1
                        .to_string(),
                );
            }
        }
    }
    let missing: Vec<&str> = plan::Code::OMSTILLINGSPLAN
        .iter()
        .chain(plan::Code::AGAINST_OMSTILLINGSPLAN)
        .map(|c| c.as_str())
        .filter(|c| !seen.contains(*c))
        .collect();
    assert!(missing.is_empty(), "no case exercises {missing:?}");
}

#[test]
fn an_unknown_format_names_both_kinds_and_a_wrong_kind_is_refused() {
    let dir = std::env::temp_dir().join(format!("op-fixtures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("x.json");
    std::fs::write(&file, "{\"format\": \"omstillingsplan/2\"}").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .arg("check")
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("«handlingsplan/1»") && stderr.contains("«omstillingsplan/1»"),
        "{stderr}"
    );
    assert!(stderr.contains(&file.display().to_string()), "{stderr}");

    // A plan given as the Omstillingsplan: exit 2 naming that file.
    let plan = shared_cases().join("strategies.plan.json");
    let output = Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .arg("check")
        .arg(&plan)
        .arg("--omstillingsplan")
        .arg(&plan)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("omstillingsplan/1") && stderr.contains(&plan.display().to_string()),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
