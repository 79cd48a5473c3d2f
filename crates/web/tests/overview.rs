//! The overview across programmes (issue 14) on SQLite and PostgreSQL: every column's
//! number equals what `omstilling check` (the plan crate's evaluation and check object)
//! gives for the same plans; decisions, registry and 1.1 achieved jobs; filters and
//! sorting; members see only theirs, a non-member's programme never appears; the CSV and
//! XLSX exports equal the JSON; the page shows the same rows.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use common::{Backend, TestApp, fixture, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};
use store::{GlobalRole, NewProgramme, ProgrammeRole};

/// The plans of the test: (slug, name, county, fixture).
const PLANS: [(&str, &str, &str, &str); 3] = [
    (
        "fjordvik",
        "Fjordvik Vekst",
        "Vestland",
        "fjordvik-2027.json",
    ),
    (
        "blandet",
        "Blandet Finansiering",
        "Nordland",
        "invalid/financing-mixed.json",
    ),
    (
        "kommunal",
        "Lav Kommuneandel",
        "Vestland",
        "warnings/municipal-share-low.json",
    ),
];

/// What `omstilling check --json` says about a plan body, and the financing per kind.
fn expected(body: &str) -> Value {
    let plan = plan::handlingsplan::file::read(body, plan::Syntax::Json).unwrap();
    let check = plan::handlingsplan::report::check_json(&plan::handlingsplan::evaluate(&plan));
    let findings = check["findings"].as_array().unwrap();
    let count = |severity: &str| {
        findings
            .iter()
            .filter(|f| f["severity"] == severity)
            .count()
    };
    let source: Value = serde_json::from_str(body).unwrap();
    let financing = match check["totals"]["financing"].as_array() {
        None => Value::Null,
        Some(lines) => {
            let mut split: BTreeMap<&str, i64> = ["state", "county", "municipality", "other"]
                .into_iter()
                .map(|k| (k, 0))
                .collect();
            for (line, source) in lines.iter().zip(source["financing"].as_array().unwrap()) {
                let kind = source["kind"].as_str().unwrap_or("other");
                *split.get_mut(kind).unwrap() += line["amount"].as_i64().unwrap();
            }
            json!(split)
        }
    };
    let records = source["previous_results"]["records"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let achieved: i64 = records
        .iter()
        .map(|r| r["new_jobs"].as_i64().unwrap_or(0) + r["secured_jobs"].as_i64().unwrap_or(0))
        .sum();
    json!({
        "target_year": check["totals"]["jobs"]["this_year"],
        "target_period": check["totals"]["jobs"]["total"],
        "achieved": achieved,
        "total_cost": check["totals"]["total_cost"],
        "financing": financing,
        "errors": count("error"),
        "warnings": count("warning"),
    })
}

struct World {
    app: TestApp,
    editor: String,
    observer: String,
    member: String,
    outsider: String,
    bodies: BTreeMap<&'static str, String>,
}

async fn world(backend: Backend) -> World {
    let app = spawn_app(backend).await;
    let now = time::OffsetDateTime::now_utc();
    let (editor_user, editor) = app.user("redaktor", None).await;
    let (_, observer) = app.user("fylket", Some(GlobalRole::Observer)).await;
    let (member_user, member) = app.user("medlem", None).await;
    let (_, outsider) = app.user("utenfor", None).await;
    let mut bodies = BTreeMap::new();
    for (slug, name, county, file) in PLANS {
        let programme = app
            .store
            .create_programme(
                &NewProgramme {
                    slug: slug.parse().unwrap(),
                    name: name.into(),
                    area: format!("{name} kommune"),
                    county: Some(county.into()),
                    period_from: 2025,
                    period_to: 2030,
                },
                None,
                now,
            )
            .await
            .unwrap();
        app.member(&programme, &editor_user, ProgrammeRole::Editor)
            .await;
        if slug == "fjordvik" {
            app.member(&programme, &member_user, ProgrammeRole::Viewer)
                .await;
        }
        let mut body: Value = serde_json::from_str(&fixture(file)).unwrap();
        body["year"] = 2027.into();
        let body = body.to_string();
        let response = app
            .put_plan(
                &format!("/api/v1/programmes/{slug}/plans/2027"),
                &editor,
                body.clone(),
                None,
            )
            .await;
        assert_eq!(
            response.status(),
            201,
            "{slug}: {}",
            response.text().await.unwrap()
        );
        bodies.insert(slug, body);
    }
    // A programme without a plan for 2027.
    let tom = app
        .store
        .create_programme(
            &NewProgramme {
                slug: "tom".parse().unwrap(),
                name: "Tomt Program".into(),
                area: "Tom kommune".into(),
                county: None,
                period_from: 2024,
                period_to: 2029,
            },
            None,
            now,
        )
        .await
        .unwrap();
    app.member(&tom, &editor_user, ProgrammeRole::Editor).await;
    World {
        app,
        editor,
        observer,
        member,
        outsider,
        bodies,
    }
}

fn by_slug(overview: &Value) -> BTreeMap<String, Value> {
    overview["programmes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["slug"].as_str().unwrap().to_owned(), p.clone()))
        .collect()
}

async fn every_column_equals_the_check(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    // The board and the council decide on Fjordvik's plan.
    let approvals = "/api/v1/programmes/fjordvik/plans/2027/approvals";
    let board = json!({"step": "board", "date": "2026-12-04", "reference": "sak 21/39"});
    assert_eq!(
        app.post_json(approvals, &w.editor, board).await.status(),
        201
    );
    let council = json!({"step": "council", "date": "2027-01-28", "reference": "sak 7/27"});
    assert_eq!(
        app.post_json(approvals, &w.editor, council).await.status(),
        201
    );

    let overview = app
        .get_json("/api/v1/overview?year=2027", &w.observer)
        .await;
    assert_eq!(overview["year"], 2027);
    let rows = by_slug(&overview);
    assert_eq!(rows.len(), 4, "{overview:#}");
    for (slug, _, county, _) in PLANS {
        let row = &rows[slug];
        let want = expected(&w.bodies[slug]);
        assert_eq!(row["county"], county);
        assert_eq!(row["jobs"]["target_year"], want["target_year"], "{slug}");
        assert_eq!(
            row["jobs"]["target_period"], want["target_period"],
            "{slug}"
        );
        assert_eq!(row["jobs"]["achieved"], want["achieved"], "{slug}");
        assert_eq!(row["jobs"]["achieved_from"], "plan", "{slug}");
        assert_eq!(row["total_cost"], want["total_cost"], "{slug}");
        assert_eq!(row["financing"], want["financing"], "{slug}");
        assert_eq!(row["findings"]["errors"], want["errors"], "{slug}");
        assert_eq!(row["findings"]["warnings"], want["warnings"], "{slug}");
        assert_eq!(row["omstillingsplan"]["status"], "none");
        assert_eq!(row["period"]["year_of_period"], 3);
        assert_eq!(row["url"], format!("/programmes/{slug}"));
    }
    assert!(rows["fjordvik"]["jobs"]["target_year"].as_i64().unwrap() > 0);
    assert!(rows["fjordvik"]["financing"]["state"].as_i64().unwrap() > 0);
    assert_eq!(
        rows["blandet"]["financing"],
        Value::Null,
        "mixed financing has errors"
    );
    assert!(rows["kommunal"]["findings"]["warnings"].as_i64().unwrap() > 0);
    // Decisions and statuses.
    let fjordvik = &rows["fjordvik"]["plan"];
    assert_eq!(fjordvik["status"], "approved");
    assert_eq!(fjordvik["version"], 3);
    assert_eq!(
        fjordvik["board"],
        json!({"date": "2026-12-04", "reference": "sak 21/39"})
    );
    assert_eq!(
        fjordvik["council"],
        json!({"date": "2027-01-28", "reference": "sak 7/27"})
    );
    assert_eq!(rows["blandet"]["plan"]["status"], "draft");
    assert_eq!(rows["blandet"]["plan"]["board"], Value::Null);
    let tom = &rows["tom"];
    assert_eq!(tom["plan"]["status"], "none");
    assert_eq!(tom["total_cost"], Value::Null);
    assert_eq!(tom["jobs"]["achieved"], Value::Null);
    // The sums are the sums of the rows.
    let sums = &overview["sums"];
    let total = |f: &dyn Fn(&Value) -> Option<i64>| rows.values().filter_map(f).sum::<i64>();
    assert_eq!(sums["programmes"], 4);
    assert_eq!(
        sums["total_cost"].as_i64(),
        Some(total(&|r| r["total_cost"].as_i64()))
    );
    assert_eq!(
        sums["jobs"]["target_year"].as_i64(),
        Some(total(&|r| r["jobs"]["target_year"].as_i64()))
    );
    assert_eq!(
        sums["jobs"]["achieved"].as_i64(),
        Some(total(&|r| r["jobs"]["achieved"].as_i64()))
    );
    assert_eq!(
        sums["findings"]["errors"].as_i64(),
        Some(total(&|r| r["findings"]["errors"].as_i64()))
    );
    assert_eq!(
        sums["financing"]["state"].as_i64(),
        Some(total(&|r| r["financing"]["state"].as_i64()))
    );

    // The registry, where a programme has rows, gives the achieved jobs (years before
    // the plan's, in the period).
    for (date, new_jobs) in [("2025-05-05", 7), ("2026-03-01", 2), ("2027-02-01", 100)] {
        let response = app
            .post_json(
                "/api/v1/programmes/fjordvik/results",
                &w.editor,
                json!({"date": date, "focus_area": "Industri og leverandørnæring", "new_jobs": new_jobs}),
            )
            .await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    }
    let overview = app
        .get_json("/api/v1/overview?year=2027", &w.observer)
        .await;
    let rows = by_slug(&overview);
    assert_eq!(rows["fjordvik"]["jobs"]["achieved"], 9);
    assert_eq!(rows["fjordvik"]["jobs"]["achieved_from"], "registry");

    // A new draft's summary replaces the old one at once.
    let reopened = app
        .request(
            Method::POST,
            "/api/v1/programmes/fjordvik/plans/2027/reopen",
            Some(&w.editor),
        )
        .send()
        .await
        .unwrap();
    assert!(reopened.status().is_success(), "{}", reopened.status());
    let overview = app
        .get_json("/api/v1/overview?year=2027&status=draft", &w.observer)
        .await;
    let rows = by_slug(&overview);
    assert_eq!(rows["fjordvik"]["plan"]["status"], "draft");
    assert_eq!(rows["fjordvik"]["plan"]["board"], Value::Null);
    assert!(!rows.contains_key("tom"));
}

async fn filters_sorting_and_who_sees_what(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let slugs = |overview: &Value| -> Vec<String> {
        overview["programmes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = app
        .get_json("/api/v1/overview?year=2027", &w.observer)
        .await;
    assert_eq!(
        slugs(&all),
        ["blandet", "fjordvik", "kommunal", "tom"],
        "by name"
    );
    let vestland = app
        .get_json("/api/v1/overview?year=2027&county=Vestland", &w.observer)
        .await;
    assert_eq!(slugs(&vestland), ["fjordvik", "kommunal"]);
    let none = app
        .get_json("/api/v1/overview?year=2027&status=none", &w.observer)
        .await;
    assert_eq!(slugs(&none), ["tom"]);
    let by_cost = app
        .get_json(
            "/api/v1/overview?year=2027&sort=total_cost&order=desc",
            &w.observer,
        )
        .await;
    let costs: Vec<Option<i64>> = by_cost["programmes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["total_cost"].as_i64())
        .collect();
    let mut sorted = costs.clone();
    sorted.sort_by(|a, b| match (a, b) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    assert_eq!(costs, sorted);
    assert_eq!(costs.last(), Some(&None), "no plan last");

    // Members see theirs; a non-member sees nothing; an admin everything.
    let mine = app.get_json("/api/v1/overview?year=2027", &w.member).await;
    assert_eq!(slugs(&mine), ["fjordvik"]);
    let nothing = app
        .get_json("/api/v1/overview?year=2027", &w.outsider)
        .await;
    assert_eq!(slugs(&nothing), Vec::<String>::new());
    assert_eq!(nothing["sums"]["programmes"], 0);
    let (_, admin) = app.user("admin", Some(GlobalRole::Admin)).await;
    assert_eq!(
        slugs(&app.get_json("/api/v1/overview?year=2027", &admin).await).len(),
        4
    );
    // The exports follow the same rule.
    let csv = app
        .get("/overview/export.csv?year=2027", &w.member)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("Fjordvik Vekst") && !csv.contains("Blandet"),
        "{csv}"
    );

    // Bad parameters: 400 with a Norwegian message naming the parameter.
    for (query, names) in [
        ("year=20x7", "year="),
        ("status=godkjent", "status="),
        ("sort=pris", "sort="),
        ("order=opp", "order="),
    ] {
        let response = app
            .get(&format!("/api/v1/overview?{query}"), &w.observer)
            .await;
        assert_eq!(response.status(), 400, "{query}");
        let body: Value = response.json().await.unwrap();
        assert!(body["message"].as_str().unwrap().contains(names), "{body}");
    }
    let response = app
        .request(Method::GET, "/api/v1/overview", None)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

/// The cells of a CSV export (BOM, `;`).
fn csv_cells(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|line| line.split(';').map(str::to_owned).collect())
        .collect()
}

/// The number cells of the first sheet of a workbook, by (row, column), 0-based.
fn xlsx_numbers(bytes: &[u8]) -> BTreeMap<(usize, usize), i64> {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    let mut out = BTreeMap::new();
    for cell in sheet.split("<c r=\"").skip(1) {
        let reference: String = cell.chars().take_while(|c| *c != '"').collect();
        let head = &cell[..cell.find('>').unwrap()];
        if head.contains("t=\"s\"") || head.contains("t=\"str\"") {
            continue;
        }
        let Some(start) = cell.find("<v>") else {
            continue;
        };
        let value: f64 = cell[start + 3..cell.find("</v>").unwrap()].parse().unwrap();
        let letters: String = reference
            .chars()
            .take_while(|c| c.is_ascii_uppercase())
            .collect();
        let row: usize = reference[letters.len()..].parse().unwrap();
        let col = letters
            .bytes()
            .fold(0, |n, b| n * 26 + usize::from(b - b'A' + 1))
            - 1;
        out.insert((row - 1, col), value as i64);
    }
    out
}

async fn exports_equal_the_json(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let query = "year=2027&county=Vestland&sort=total_cost&order=desc";
    let overview = app
        .get_json(&format!("/api/v1/overview?{query}"), &w.observer)
        .await;
    let programmes = overview["programmes"].as_array().unwrap();
    assert_eq!(programmes.len(), 2);
    let csv = app
        .get(&format!("/overview/export.csv?{query}"), &w.observer)
        .await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let cells = csv_cells(&csv.bytes().await.unwrap());
    assert_eq!(cells.len(), 1 + programmes.len() + 1, "header, rows, sums");
    let header = &cells[0];
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let number = |text: &str| -> Option<i64> { (!text.is_empty()).then(|| text.parse().unwrap()) };
    let columns = [
        ("Mål i året", "/jobs/target_year"),
        ("Mål i perioden", "/jobs/target_period"),
        ("Oppnådd", "/jobs/achieved"),
        ("Samlet kostnad", "/total_cost"),
        ("Stat", "/financing/state"),
        ("Fylkeskommune", "/financing/county"),
        ("Kommune", "/financing/municipality"),
        ("Andre", "/financing/other"),
        ("Feil", "/findings/errors"),
        ("Advarsler", "/findings/warnings"),
        ("Versjon", "/plan/version"),
    ];
    for (index, programme) in programmes.iter().enumerate() {
        let row = &cells[index + 1];
        assert_eq!(row[column("Program")], programme["name"].as_str().unwrap());
        assert_eq!(row[column("Fylke")], "Vestland");
        for (name, pointer) in columns {
            assert_eq!(
                number(&row[column(name)]),
                programme.pointer(pointer).and_then(Value::as_i64),
                "{name} of {}",
                programme["slug"]
            );
        }
    }
    let foot = cells.last().unwrap();
    assert!(foot[0].starts_with("Sum (2 program)"), "{foot:?}");
    for (name, pointer) in [
        ("Samlet kostnad", "/total_cost"),
        ("Mål i året", "/jobs/target_year"),
        ("Stat", "/financing/state"),
        ("Feil", "/findings/errors"),
    ] {
        assert_eq!(
            number(&foot[column(name)]),
            overview["sums"].pointer(pointer).and_then(Value::as_i64),
            "{name}"
        );
    }

    // The workbook holds the same numbers in the same cells.
    let xlsx = app
        .get(&format!("/overview/export.xlsx?{query}"), &w.observer)
        .await;
    assert_eq!(xlsx.status(), 200);
    let numbers = xlsx_numbers(&xlsx.bytes().await.unwrap());
    for (r, row) in cells.iter().enumerate().skip(1) {
        for (c, text) in row.iter().enumerate() {
            let header_is_number = columns.iter().any(|(name, _)| *name == header[c]);
            if header_is_number {
                assert_eq!(
                    numbers.get(&(r, c)).copied(),
                    number(text),
                    "cell ({r}, {c})"
                );
            }
        }
    }
}

async fn the_page_shows_the_rows(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let page = app
        .get("/overview?year=2027&county=Vestland", &w.observer)
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("href=\"/programmes/fjordvik\""),
        "row links to the programme"
    );
    assert!(html.contains("href=\"/programmes/kommunal\""));
    assert!(
        !html.contains("href=\"/programmes/blandet\""),
        "filtered out"
    );
    let start = html.find("/overview/export.csv?").expect("the CSV link");
    let link = &html[start..start + html[start..].find('"').unwrap()];
    let link = link.replace("&amp;", "&").replace("&#38;", "&");
    assert!(
        link.starts_with("/overview/export.csv?year=2027&county=Vestland&"),
        "export of what is shown: {link}"
    );
    assert!(html.contains("<tfoot>"));
    let bad = app.get("/overview?year=tjuetjuesju", &w.observer).await;
    assert_eq!(bad.status(), 400);
    let html = bad.text().await.unwrap();
    assert!(html.contains("tjuetjuesju"), "what was typed stays");
    let outsider = app
        .get("/overview?year=2027", &w.outsider)
        .await
        .text()
        .await
        .unwrap();
    assert!(!outsider.contains("href=\"/programmes/fjordvik\""));
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() { super::$name(super::Backend::Sqlite).await; })*
        }
        mod postgres {
            $(#[tokio::test] async fn $name() { super::$name(super::Backend::Postgres).await; })*
        }
    };
}

on_both_backends!(
    every_column_equals_the_check,
    filters_sorting_and_who_sees_what,
    exports_equal_the_json,
    the_page_shows_the_rows,
);
