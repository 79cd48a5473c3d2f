//! The workbook as spreadsheets see it. LibreOffice (headless, installed by
//! `.ci/install.d/40-pdf.sh`) recalculates every formula of a copy whose cached
//! values were removed, and the values it computes must equal ours. A plan whose
//! texts look like formulas must not produce a single formula from them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use plan::Evaluation;

use plan::handlingsplan::Plan;

fn fixtures() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures"
    ))
    .to_path_buf()
}

fn own_fixture(name: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")).join(name)
}

fn read_plan(path: &Path) -> Plan {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let syntax = plan::Syntax::from_path(&path.to_string_lossy()).expect("known extension");
    plan::handlingsplan::file::read(&text, syntax).expect("fixture reads")
}

fn out_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("omstilling-xlsx-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn run(program: &str, args: &[&str]) -> std::process::Output {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "`{program}` could not be run ({error}); install it with .ci/install.d/40-pdf.sh"
            )
        });
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn helper(args: &[&str]) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/xlsx_cells.py");
    let mut all = vec![script];
    all.extend_from_slice(args);
    String::from_utf8_lossy(&run("python3", &all).stdout).into_owned()
}

/// One sheet as LibreOffice computed it: rows of raw cell values.
type Sheet = Vec<Vec<String>>;

/// Writes the workbook, strips its cached values, lets LibreOffice recalculate
/// and export every sheet as CSV. Returns the sheets by name and the formulas.
fn recalculated(
    plan: &Plan,
    evaluation: &Evaluation,
    name: &str,
) -> (HashMap<String, Sheet>, Vec<String>) {
    let doc = render::handlingsplan::document(plan, evaluation, &render::Options::default());
    recalculated_document(&doc, name)
}

/// [`recalculated`] for any document.
fn recalculated_document(
    doc: &render::Document,
    name: &str,
) -> (HashMap<String, Sheet>, Vec<String>) {
    let dir = out_dir(name);
    let bytes = render::xlsx::xlsx(doc).expect("xlsx renders");
    let original = dir.join("original.xlsx");
    std::fs::write(&original, bytes).expect("write xlsx");
    let stripped = dir.join(format!("{name}.xlsx"));
    helper(&[
        "strip",
        &original.to_string_lossy(),
        &stripped.to_string_lossy(),
    ]);
    let cached: HashMap<String, HashMap<String, String>> =
        serde_json::from_str(&helper(&["cached", &original.to_string_lossy()])).expect("JSON");
    let formulas: Vec<String> = helper(&["formulas", &stripped.to_string_lossy()])
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON string"))
        .collect();

    // A fresh profile per run, set to recalculate OOXML files on load, always.
    let profile = dir.join("profile");
    std::fs::create_dir_all(profile.join("user")).expect("profile dir");
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .expect("profile settings");
    let csv_dir = dir.join("csv");
    run(
        "soffice",
        &[
            &format!("-env:UserInstallation=file://{}", profile.display()),
            "--headless",
            "--norestore",
            // Comma, double quote, UTF-8, raw values (not as shown), every sheet.
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            &csv_dir.to_string_lossy(),
            &stripped.to_string_lossy(),
        ],
    );
    let mut sheets = HashMap::new();
    let prefix = format!("{name}-");
    for entry in std::fs::read_dir(&csv_dir).expect("csv dir") {
        let path = entry.expect("entry").path();
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(sheet) = file
            .strip_prefix(&prefix)
            .and_then(|f| f.strip_suffix(".csv"))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("csv");
        sheets.insert(sheet.to_string(), parse_csv(&text));
    }
    assert!(
        !sheets.is_empty(),
        "LibreOffice wrote no CSV into {}",
        csv_dir.display()
    );
    // Every cached value we wrote is what LibreOffice computes for that formula.
    let mut compared = 0;
    for (name, cells) in &cached {
        let sheet = sheets
            .get(name)
            .unwrap_or_else(|| panic!("CSV of sheet {name:?} in {:?}", sheets.keys()));
        for (cell, value) in cells {
            let (row, col) = position(cell);
            let computed = sheet.get(row).and_then(|r| r.get(col)).map(String::as_str);
            let computed = number(computed.unwrap_or_else(|| panic!("{name}!{cell} in the CSV")));
            let ours: f64 = value.parse().expect("cached number");
            assert!(
                (computed - ours).abs() < 1e-9,
                "{name}!{cell}: ours {ours}, LibreOffice {computed}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, formulas.len(), "every formula has a cached value");
    (sheets, formulas)
}

/// `H2` → (row 1, column 7), 0-based.
fn position(cell: &str) -> (usize, usize) {
    let split = cell.find(|c: char| c.is_ascii_digit()).expect("row digits");
    let col = cell[..split]
        .bytes()
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1))
        - 1;
    let row: usize = cell[split..].parse().expect("row number");
    (row - 1, col)
}

/// A small CSV reader: comma separated, `"` quoted, `""` inside quotes.
fn parse_csv(text: &str) -> Sheet {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn sheet<'a>(sheets: &'a HashMap<String, Sheet>, starts: &str) -> &'a Sheet {
    sheets
        .iter()
        .find(|(name, _)| name.starts_with(starts))
        .map(|(_, sheet)| sheet)
        .unwrap_or_else(|| panic!("a sheet named {starts}… in {:?}", sheets.keys()))
}

/// The row whose first cell is `label`.
fn row<'a>(sheet: &'a Sheet, label: &str) -> &'a [String] {
    sheet
        .iter()
        .find(|row| row.first().is_some_and(|c| c == label))
        .unwrap_or_else(|| panic!("a row {label:?} in {sheet:?}"))
}

/// A raw value; LibreOffice writes percent cells as `33.33%` even unformatted.
fn number(cell: &str) -> f64 {
    let (digits, divisor) = match cell.strip_suffix('%') {
        Some(digits) => (digits, 100.0),
        None => (cell, 1.0),
    };
    let value: f64 = digits
        .parse()
        .unwrap_or_else(|_| panic!("a number, found {cell:?}"));
    value / divisor
}

/// The formula with every `'…'` sheet reference (apostrophes doubled inside) removed.
fn without_quoted_sheet_names(formula: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    let mut chars = formula.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, inside) {
            ('\'', false) => inside = true,
            ('\'', true) if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            ('\'', true) => inside = false,
            (c, false) => out.push(c),
            (_, true) => {}
        }
    }
    assert!(!inside, "unbalanced quotes in {formula:?}");
    out
}

/// Every value LibreOffice computed equals ours: job sums, area sums, 3.1, 3.2.
fn assert_recalculated_equals_ours(plan: &Plan, name: &str) {
    let evaluation = plan::handlingsplan::evaluate(plan);
    let totals = &evaluation.totals;
    let t = render::text::catalogue(plan.language);
    let (sheets, formulas) = recalculated(plan, &evaluation, name);
    assert!(
        formulas.iter().any(|f| f.starts_with("SUM(")),
        "real SUM formulas: {formulas:?}"
    );

    let jobs = sheet(&sheets, "Arbeidsplassmål");
    let sums = row(jobs, t.jobs_sum_row);
    for (i, value) in totals.jobs.per_year.iter().enumerate() {
        assert_eq!(
            number(&sums[1 + i]),
            *value as f64,
            "jobs sum of {}",
            totals.jobs.years[i]
        );
    }
    assert_eq!(
        number(&sums[1 + totals.jobs.years.len()]),
        totals.jobs.total as f64
    );
    for area in &totals.jobs.areas {
        let cells = row(jobs, &area.name);
        assert_eq!(
            number(&cells[1 + totals.jobs.years.len()]),
            area.total as f64,
            "{}",
            area.name
        );
    }

    let labels = render::text::items(t.strategy_rows);
    for (index, area) in totals.focus_areas.iter().enumerate() {
        let sheet = sheet(&sheets, &format!("2.{} ", index + 1));
        assert_eq!(
            number(&row(sheet, labels[0])[3]),
            area.project_costs.0 as f64,
            "{}",
            area.name
        );
        assert_eq!(number(&row(sheet, labels[1])[3]), area.grant_funds.0 as f64);
        assert_eq!(
            number(&row(sheet, &format!("{}*", labels[2]))[3]),
            area.area_sum.0 as f64
        );
    }

    let resources = sheet(&sheets, "3.1 ");
    for area in &totals.focus_areas {
        let cells = row(resources, &area.name);
        assert_eq!(
            number(&cells[1]),
            area.project_costs.0 as f64,
            "{}",
            area.name
        );
        assert_eq!(number(&cells[2]), area.grant_funds.0 as f64);
        assert_eq!(number(&cells[4]), area.total_costs.0 as f64);
    }
    let rows = render::text::items(t.resource_rows);
    let subtotal = row(resources, rows[0]);
    assert_eq!(number(&subtotal[1]), totals.subtotal.project_costs.0 as f64);
    assert_eq!(number(&subtotal[2]), totals.subtotal.grant_funds.0 as f64);
    assert_eq!(
        number(&subtotal[3]),
        totals.subtotal.programme_resources.0 as f64
    );
    assert_eq!(number(&subtotal[4]), totals.subtotal.total_costs.0 as f64);
    assert_eq!(
        number(&row(resources, rows[2])[4]),
        totals.total_cost.0 as f64,
        "Samlet kostnad"
    );

    let financing = sheet(&sheets, "3.2 ");
    let lines = totals.financing.as_deref().expect("financing computed");
    for line in lines {
        let cells = row(financing, &line.source);
        assert_eq!(
            number(&cells[2]),
            line.amount.0 as f64,
            "amount of {}",
            line.source
        );
        let share = line.share.hundredths() as f64 / 10_000.0;
        assert!(
            (number(&cells[1]) - share).abs() < 1e-9,
            "share of {}",
            line.source
        );
    }
    let total = row(financing, t.financing_total);
    assert_eq!(
        number(&total[2]),
        totals.total_cost.0 as f64,
        "financing total"
    );
    assert!((number(&total[1]) - 1.0).abs() < 1e-9, "100 %");
}

#[test]
fn libreoffice_recalculates_fjordvik_to_our_values() {
    let plan = read_plan(&fixtures().join("fjordvik-2027.json"));
    assert_recalculated_equals_ours(&plan, "fjordvik");
}

#[test]
fn libreoffice_recalculates_nynorsk_plan_to_our_values() {
    let plan = read_plan(&fixtures().join("havbygd-2026-nn.toml"));
    assert_recalculated_equals_ours(&plan, "havbygd");
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let plan = read_plan(&own_fixture("formulas.json"));
    // The uneven shares exercise the largest-remainder formulas too.
    assert_recalculated_equals_ours(&plan, "formulas");
    let evaluation = plan::handlingsplan::evaluate(&plan);
    let (sheets, formulas) = recalculated(&plan, &evaluation, "formulas-text");
    // Every formula is one we build: sums, references, the financing split.
    let ours = |f: &str| {
        f.starts_with("SUM(")
            || f.starts_with("INT(")
            || f.starts_with("MOD(")
            || f.starts_with("IF(")
            || f.starts_with('\'')
            || f == "0"
            || (f.starts_with('D') || f.starts_with('E')) && f.contains('+')
    };
    for formula in &formulas {
        assert!(ours(formula), "unexpected formula {formula:?}");
        // A sheet name (quoted, from an area's name) is a reference, not code.
        let formula = &without_quoted_sheet_names(formula);
        for text in ["1+1", "cmd", "HYPERLINK", "2*3", "A1*1000", "\"x\""] {
            assert!(
                !formula.contains(text),
                "plan text {text:?} in formula {formula:?}"
            );
        }
    }
    // LibreOffice shows the texts as written.
    let all: Vec<&String> = sheets.values().flatten().flatten().collect();
    for text in [
        "=1+1",
        "=SUM(D2:D9)",
        "-1",
        "@A1",
        "\r=cr",
        "=2*3",
        "+fylke",
        "-kommune",
        "=cmd|'/C calc'!A0",
        "A: +A1 – =A1*1000",
        "D: =\"x\"&\"y\"",
    ] {
        let text = text.replace("\\r", "\r");
        assert!(
            all.iter().any(|cell| **cell == text),
            "{text:?} shown as text"
        );
    }
}

#[test]
fn libreoffice_recalculates_the_omstillingsplans_frames_to_our_values() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/omstillingsplan-fixtures/fjordvik.op.json"
    ));
    let text = std::fs::read_to_string(path).expect("fixture");
    for language in [plan::Language::Bokmal, plan::Language::Nynorsk] {
        let mut op = plan::omstillingsplan::file::read(&text, plan::Syntax::Json).expect("reads");
        op.language = language;
        let evaluation = plan::omstillingsplan::evaluate(&op);
        let doc = render::omstillingsplan::document(&op, &evaluation, &render::Options::default());
        let name = format!("op-{}", language.code());
        let (sheets, formulas) = recalculated_document(&doc, &name);
        assert!(
            formulas.iter().filter(|f| f.starts_with("SUM(")).count() >= 10,
            "live sums: {formulas:?}"
        );
        let t = render::text::catalogue(language);
        let jobs = sheet(&sheets, "Arbeidsplassmål");
        let sums = row(jobs, t.jobs_sum_row);
        let totals = &evaluation.totals;
        assert_eq!(
            number(&sums[1 + totals.jobs.years.len()]),
            totals.jobs.total as f64
        );
        let frames = totals.frames.as_ref().expect("fjordvik has frames");
        let sheet = sheet(&sheets, t.op_sheet_frames);
        let labels = render::text::items(t.op_frames_rows);
        for area in &frames.areas.rows {
            let cells = row(sheet, &area.name);
            assert_eq!(
                number(&cells[1 + frames.areas.years.len()]),
                area.total.0 as f64
            );
        }
        let sum = row(sheet, labels[0]);
        for (i, value) in frames.areas.per_year.iter().enumerate() {
            assert_eq!(
                number(&sum[1 + i]),
                value.0 as f64,
                "sum of {}",
                frames.areas.years[i]
            );
        }
        assert_eq!(
            number(&sum[1 + frames.areas.years.len()]),
            frames.areas.total.0 as f64
        );
        let programme = frames
            .programme
            .as_ref()
            .expect("fjordvik has a programme frame");
        let cells = row(sheet, labels[1]);
        assert_eq!(
            number(&cells[1 + frames.areas.years.len()]),
            programme.total.0 as f64
        );
    }
}

// ---- print setup and layout, read back from the package ----

/// The lines a text takes, wrapped between words at `capacity` characters.
fn lines_needed(text: &str, capacity: usize) -> usize {
    text.split('\n')
        .map(|line| {
            let mut lines = 1;
            let mut used = 0usize;
            for word in line.split_whitespace() {
                let length = word.chars().count();
                let wanted = if used == 0 { length } else { used + 1 + length };
                if wanted > capacity && used > 0 {
                    lines += 1;
                    used = length;
                } else {
                    used = wanted;
                }
                while used > capacity {
                    lines += 1;
                    used -= capacity;
                }
            }
            lines
        })
        .sum()
}

/// The characters of a number as the sheet shows it: `#,##0` or `0.00%`.
fn shown_chars(value: f64) -> usize {
    if value.fract() != 0.0 || (0.0..=1.0).contains(&value) && value != 0.0 {
        "100.00%".len()
    } else {
        let digits = (value.abs() as i64).to_string().len();
        digits + (digits - 1) / 3 + usize::from(value < 0.0)
    }
}

fn assert_printable(doc: &render::Document, name: &str) {
    let dir = out_dir(&format!("layout-{name}"));
    let path = dir.join("plan.xlsx");
    std::fs::write(&path, render::xlsx::xlsx(doc).expect("xlsx")).expect("write");
    let read: serde_json::Value =
        serde_json::from_str(&helper(&["layout", path.to_str().unwrap()])).expect("JSON");
    let sheets = read.as_object().expect("sheets");
    assert!(!sheets.is_empty());
    for (sheet, layout) in sheets {
        let page = &layout["page"];
        assert_eq!(page["paperSize"], "9", "{name} {sheet}: A4");
        // fitToWidth's default in the schema is 1.
        assert_eq!(
            page["fitToWidth"].as_str().unwrap_or("1"),
            "1",
            "{name} {sheet}: one page wide"
        );
        assert_eq!(
            page["fitToHeight"], "0",
            "{name} {sheet}: pages tall as needed"
        );
        assert_eq!(layout["fit_to_page"], true, "{name} {sheet}: fitToPage");
        let titles = layout["print_titles"].as_str().unwrap_or_default();
        assert!(
            titles.contains("!$1:$"),
            "{name} {sheet}: header rows repeat: {titles:?}"
        );
        // Column widths (Excel's units, about one `0` each), hidden columns left out.
        let mut widths = vec![8.43f64; 64];
        for col in layout["cols"].as_array().unwrap() {
            let width = if col["hidden"] == true {
                0.0
            } else {
                col["width"].as_f64().unwrap()
            };
            for c in col["min"].as_u64().unwrap()..=col["max"].as_u64().unwrap() {
                widths[c as usize - 1] = width;
            }
        }
        let used_columns = layout["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| position(c["ref"].as_str().unwrap()).1 + 1)
            .max()
            .unwrap_or(0);
        let total: f64 = widths[..used_columns].iter().sum();
        // A4 portrait holds about 17 cm of columns (0.19 cm per unit).
        if total > 92.0 {
            assert_eq!(
                page["orientation"], "landscape",
                "{name} {sheet}: {total} wide"
            );
        }
        let merges: Vec<((usize, usize), (usize, usize))> = layout["merges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                let (a, b) = m.as_str().unwrap().split_once(':').unwrap();
                (position(a), position(b))
            })
            .collect();
        let height = |row: usize| {
            layout["rows"]
                .get((row + 1).to_string())
                .and_then(serde_json::Value::as_f64)
                .unwrap_or(15.0)
        };
        for cell in layout["cells"].as_array().unwrap() {
            let reference = cell["ref"].as_str().unwrap();
            let (row, col) = position(reference);
            let ((row_end, col_end), _) = merges
                .iter()
                .find(|(start, _)| *start == (row, col))
                .map(|(_, end)| (*end, ()))
                .unwrap_or(((row, col), ()));
            let width: f64 = widths[col..=col_end].iter().sum();
            if widths[col] == 0.0 {
                continue; // a hidden helper column
            }
            if let Some(value) = cell["number"].as_f64() {
                let chars = shown_chars(value);
                assert!(
                    width >= chars as f64 + 1.0,
                    "{name} {sheet} {reference}: {value} ({chars} characters) in {width}"
                );
                continue;
            }
            let text = cell["text"].as_str().unwrap();
            let capacity = (width - 1.0).floor() as usize;
            for word in text.split(|c: char| c.is_whitespace() || c == '-') {
                let chars = word.chars().count();
                assert!(
                    chars > 45 || chars <= capacity,
                    "{name} {sheet} {reference}: the word {word:?} is broken in a column {width} wide"
                );
            }
            let tall: f64 = (row..=row_end).map(height).sum();
            let lines = lines_needed(text, capacity);
            assert!(
                tall >= lines as f64 * 14.5,
                "{name} {sheet} {reference}: {lines} lines of {text:?} in {tall} pt (width {width})"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_sheet_prints_on_a4_one_page_wide_with_wrapped_text_that_fits() {
    for (name, file) in [
        ("fjordvik", fixtures().join("fjordvik-2027.json")),
        ("havbygd", fixtures().join("havbygd-2026-nn.toml")),
        ("formulas", own_fixture("formulas.json")),
        ("hostile", own_fixture("hostile.json")),
    ] {
        let plan = read_plan(&file);
        let evaluation = plan::handlingsplan::evaluate(&plan);
        let doc = render::handlingsplan::document(&plan, &evaluation, &render::Options::default());
        assert_printable(&doc, name);
        if name == "fjordvik" {
            // Table 3.1 has a column per year and the sums: too wide for portrait.
            let dir = out_dir("layout-fjordvik-31");
            let path = dir.join("plan.xlsx");
            std::fs::write(&path, render::xlsx::xlsx(&doc).expect("xlsx")).expect("write");
            let read: serde_json::Value =
                serde_json::from_str(&helper(&["layout", path.to_str().unwrap()])).unwrap();
            let resources = read
                .as_object()
                .unwrap()
                .iter()
                .find(|(sheet, _)| sheet.starts_with("3.1"))
                .expect("a 3.1 sheet");
            assert_eq!(resources.1["page"]["orientation"], "landscape");
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/omstillingsplan-fixtures/fjordvik.op.json"
    ));
    let text = std::fs::read_to_string(path).expect("fixture");
    let op = plan::omstillingsplan::file::read(&text, plan::Syntax::Json).expect("reads");
    let evaluation = plan::omstillingsplan::evaluate(&op);
    let doc = render::omstillingsplan::document(&op, &evaluation, &render::Options::default());
    assert_printable(&doc, "omstillingsplan");
}
