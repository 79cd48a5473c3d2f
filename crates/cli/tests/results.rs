//! The results registry through the real `omstilling results` binary (issue 13): every
//! public case in `../shared/results-fixtures` and every own case in
//! `tests/results-cases`, compared as that README says (exit; errors as the set of line
//! and code; rows, duplicates, records and granted amounts exactly when ok); the
//! readable report; `-o`; unreadable input; and a file of 50 000 rows.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn shared_cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/results-fixtures")
}

fn own_cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/results-cases")
}

fn omstilling(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .arg("results")
        .args(args)
        .output()
        .expect("run omstilling")
}

/// Every `NAME.csv` in `dir` with its `NAME.expected.json` and plan (`NAME.plan.json`,
/// `NAME.plan.toml`, or the directory's `_plan.json`). A case without its expected
/// result or plan fails the test.
fn cases_in(dir: &Path) -> Vec<(PathBuf, PathBuf, PathBuf)> {
    let mut cases = Vec::new();
    for entry in
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
    {
        let csv = entry.unwrap().path();
        if csv.extension().and_then(|e| e.to_str()) != Some("csv") {
            continue;
        }
        let stem = csv.file_stem().unwrap().to_string_lossy().to_string();
        let expected = dir.join(format!("{stem}.expected.json"));
        assert!(expected.exists(), "{} has no .expected.json", csv.display());
        let plan = [
            dir.join(format!("{stem}.plan.json")),
            dir.join(format!("{stem}.plan.toml")),
            dir.join("_plan.json"),
        ]
        .into_iter()
        .find(|plan| plan.exists())
        .unwrap_or_else(|| panic!("{} has no plan", csv.display()));
        cases.push((csv, plan, expected));
    }
    cases.sort();
    cases
}

fn error_set(value: &Value) -> BTreeSet<(i64, String)> {
    value["errors"]
        .as_array()
        .expect("errors is an array")
        .iter()
        .map(|e| {
            (
                e["line"].as_i64().expect("line"),
                e["code"].as_str().expect("code").to_string(),
            )
        })
        .collect()
}

/// Runs one case; returns every mismatch.
fn run_case(csv: &Path, plan: &Path, expected: &Path) -> Vec<String> {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(expected).unwrap()).unwrap();
    let output = omstilling(&[
        csv.as_os_str(),
        "--plan".as_ref(),
        plan.as_os_str(),
        "--json".as_ref(),
    ]);
    let code = output.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut problems = Vec::new();
    if Some(i64::from(code)) != expected["exit"].as_i64() {
        problems.push(format!(
            "exit {code}, expected {}; stderr: {stderr}",
            expected["exit"]
        ));
        return problems;
    }
    let actual: Value = match serde_json::from_slice(&output.stdout) {
        Ok(value) => value,
        Err(error) => return vec![format!("stdout is not JSON ({error}): {stderr}")],
    };
    if actual["ok"] != expected["ok"] {
        problems.push(format!("ok {}, expected {}", actual["ok"], expected["ok"]));
    }
    if error_set(&actual) != error_set(&expected) {
        problems.push(format!(
            "errors {:?}, expected {:?}",
            error_set(&actual),
            error_set(&expected)
        ));
    }
    for error in actual["errors"].as_array().unwrap() {
        let message = error["message"].as_str().unwrap_or("");
        if message.is_empty() || !error.as_object().unwrap().contains_key("column") {
            problems.push(format!("error without message or column: {error}"));
        }
    }
    let ok = expected["ok"] == Value::Bool(true);
    let exact: &[&str] = if ok {
        &["rows", "duplicates", "records", "granted_amount"]
    } else {
        &["records", "granted_amount"]
    };
    for key in exact {
        if actual[key] != expected[key] {
            problems.push(format!(
                "{key}: {}, expected {}",
                actual[key], expected[key]
            ));
        }
    }
    problems
}

fn run_all(cases: &[(PathBuf, PathBuf, PathBuf)]) {
    let mut failures = Vec::new();
    for (csv, plan, expected) in cases {
        for problem in run_case(csv, plan, expected) {
            failures.push(format!("{}: {problem}", csv.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_public_case() {
    let cases = cases_in(&shared_cases());
    let names: BTreeSet<String> = cases
        .iter()
        .map(|(csv, _, _)| csv.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    for known in ["fjordvik-2025-2026", "errors", "excel-cp1252"] {
        assert!(names.contains(known), "the public case {known} is missing");
    }
    run_all(&cases);
}

#[test]
fn every_own_case() {
    let cases = cases_in(&own_cases());
    assert!(cases.len() >= 8, "own cases are missing: {}", cases.len());
    run_all(&cases);
}

#[test]
fn every_error_code_is_covered_by_a_case() {
    let mut seen = BTreeSet::new();
    for dir in [shared_cases(), own_cases()] {
        for (_, _, expected) in cases_in(&dir) {
            let expected: Value =
                serde_json::from_str(&std::fs::read_to_string(expected).unwrap()).unwrap();
            seen.extend(error_set(&expected).into_iter().map(|(_, code)| code));
        }
    }
    for code in plan::results::ErrorCode::ALL {
        assert!(
            seen.contains(code.as_str()),
            "no case for {}",
            code.as_str()
        );
    }
}

#[test]
fn the_readable_report_groups_errors_by_line_and_quotes_cells() {
    let dir = shared_cases();
    let output = omstilling(&[
        dir.join("errors.csv").as_os_str(),
        "--plan".as_ref(),
        dir.join("errors.plan.json").as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let line4 = stdout.find("Linje 4").expect("a group for line 4");
    let line5 = stdout.find("Linje 5").expect("a group for line 5");
    let orgnr = stdout
        .find("orgnr «923609017»")
        .expect("the orgnr cell quoted");
    let amount = stdout.find("«12,50»").expect("the amount cell quoted");
    assert!(
        line4 < orgnr && orgnr < line5 && line4 < amount && amount < line5,
        "{stdout}"
    );
    assert!(stdout.contains("Ingenting er importert"), "{stdout}");

    let output = omstilling(&[
        dir.join("excel-cp1252.csv").as_os_str(),
        "--plan".as_ref(),
        dir.join("excel-cp1252.plan.json").as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("2 rader lest"), "{stdout}");
    assert!(
        stdout.contains("2025 Bærekraft: 0 nye arbeidsplasser, 2 sikrede"),
        "{stdout}"
    );
    assert!(stdout.contains("75\u{a0}000\u{a0}kr innvilget"), "{stdout}");
}

#[test]
fn output_writes_the_plan_with_computed_records_and_keeps_the_summary() {
    let dir = shared_cases();
    let temp = tempdir("output");
    for extension in ["json", "toml"] {
        let out = temp.join(format!("plan.{extension}"));
        let output = omstilling(&[
            dir.join("fjordvik-2025-2026.csv").as_os_str(),
            "--plan".as_ref(),
            dir.join("fjordvik-2025-2026.plan.json").as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let text = std::fs::read_to_string(&out).unwrap();
        let syntax = plan::Syntax::from_path(&out.display().to_string()).unwrap();
        let written = plan::handlingsplan::file::read(&text, syntax).unwrap();
        let original = plan::handlingsplan::file::read(
            &std::fs::read_to_string(dir.join("fjordvik-2025-2026.plan.json")).unwrap(),
            plan::Syntax::Json,
        )
        .unwrap();
        let previous = written.previous_results.clone().unwrap();
        assert_eq!(
            previous.summary,
            original.previous_results.as_ref().unwrap().summary
        );
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("fjordvik-2025-2026.expected.json")).unwrap(),
        )
        .unwrap();
        let records: Vec<Value> = previous
            .records
            .iter()
            .map(|r| {
                serde_json::json!({
                    "year": r.year, "focus_area": r.focus_area,
                    "new_jobs": r.new_jobs.unwrap(), "secured_jobs": r.secured_jobs.unwrap(),
                    "projects_completed": r.projects_completed.unwrap(),
                    "applications_granted": r.applications_granted.unwrap(),
                })
            })
            .collect();
        assert_eq!(Value::Array(records), expected["records"]);
        // Everything else is the plan as it was.
        let mut rest = written.clone();
        rest.previous_results = original.previous_results.clone();
        assert_eq!(rest, original);
    }

    // With errors nothing is written.
    let out = temp.join("not-written.json");
    let output = omstilling(&[
        dir.join("errors.csv").as_os_str(),
        "--plan".as_ref(),
        dir.join("errors.plan.json").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn unreadable_input_exits_2_with_one_line() {
    let dir = shared_cases();
    let temp = tempdir("unreadable");
    for (csv, plan) in [
        (temp.join("missing.csv"), dir.join("errors.plan.json")),
        (dir.join("errors.csv"), temp.join("missing.plan.json")),
    ] {
        let output = omstilling(&[
            csv.as_os_str(),
            "--plan".as_ref(),
            plan.as_os_str(),
            "--json".as_ref(),
        ]);
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("finnes ikke"), "{stderr}");
    }
}

/// 50 000 rows in one file, with the sums computed here independently.
#[test]
fn fifty_thousand_rows() {
    const AREAS: [&str; 5] = [
        "Industri og leverandørnæring",
        "Reiseliv og opplevelser",
        "Nytt næringsliv og gründere",
        "Attraktivitet og kompetanse",
        "Bærekraft",
    ];
    let dir = shared_cases();
    let temp = tempdir("fifty-thousand");
    let mut csv = String::from(
        "dato;innsatsområde;prosjekt;virksomhet;orgnr;nye_arbeidsplasser;sikrede_arbeidsplasser;avsluttede_prosjekter;innvilgede_søknader;innvilget_beløp;merknad\r\n",
    );
    // (year, area) -> sums; the plan is for 2027, period 2025–2030.
    let mut sums = std::collections::BTreeMap::<(i32, usize), [i64; 5]>::new();
    for i in 0..50_000i64 {
        let year = 2025 + (i % 3) as i32;
        let area = (i % 5) as usize;
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let counts = [i % 4, i % 3, i % 2, i % 5];
        let amount = (i % 7) * 10_000;
        csv.push_str(&format!(
            "{day}.{month}.{year};{};\"Prosjekt {i}; del\";Virksomhet {i};;{};{};{};{};{} kr;rad {i}\r\n",
            AREAS[area], counts[0], counts[1], counts[2], counts[3], amount
        ));
        if year < 2027 {
            let sum = sums.entry((year, area)).or_default();
            for (k, value) in counts.iter().chain([amount].iter()).enumerate() {
                sum[k] += value;
            }
        }
    }
    let file = temp.join("big.csv");
    std::fs::write(&file, csv).unwrap();
    let output = omstilling(&[
        file.as_os_str(),
        "--plan".as_ref(),
        dir.join("fjordvik-2025-2026.plan.json").as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let actual: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(actual["rows"], 50_000);
    assert_eq!(actual["duplicates"], 0);
    let records: Vec<Value> = sums
        .iter()
        .map(|((year, area), s)| {
            serde_json::json!({
                "year": year, "focus_area": AREAS[*area], "new_jobs": s[0], "secured_jobs": s[1],
                "projects_completed": s[2], "applications_granted": s[3],
            })
        })
        .collect();
    assert_eq!(actual["records"], Value::Array(records));
    let amounts: Vec<Value> = sums
        .iter()
        .filter(|(_, s)| s[4] != 0)
        .map(|((year, area), s)| {
            serde_json::json!({"year": year, "focus_area": AREAS[*area], "amount": s[4]})
        })
        .collect();
    assert_eq!(actual["granted_amount"], Value::Array(amounts));
}

fn tempdir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("omstilling-results-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
