//! Real clients read what we write: LibreOffice (headless) turns each fixture's DOCX
//! into PDF and text, python-docx reads the tables and properties back, html5lib parses
//! the HTML strictly, and pandoc reads the Markdown as GitHub-flavoured Markdown.
//!
//! The tools are installed by `.ci/install.d/30-render.sh`; a missing tool fails the
//! test with a message that says so.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use plan::Evaluation;
use plan::handlingsplan::Plan;
use plan::norwegian::amount;
use render::document::{Block, Document, FigureKind, TableRole};
use render::handlingsplan::document as build;
use render::{Options, text};
use serde_json::Value;

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("omstilling-render-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

fn run(command: &mut Command, what: &str) -> std::process::Output {
    let output = command.output().unwrap_or_else(|e| {
        panic!("{what}: cannot start ({e}); install the test tools with .ci/install.d/30-render.sh")
    });
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn python_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/python")
        .join(name)
}

fn python_json(script: &str, args: &[&Path], flags: &[&str]) -> Value {
    let output = run(
        Command::new("python3")
            .arg(python_script(script))
            .args(args)
            .args(flags),
        &format!("python3 {script} (needs python-docx and html5lib)"),
    );
    serde_json::from_slice(&output.stdout).expect("python prints JSON")
}

/// LibreOffice converts `file` to `format` (`pdf`, `txt:Text (encoded):UTF8`) in `dir`.
fn soffice(dir: &Path, file: &Path, format: &str) -> PathBuf {
    let profile = dir.join("lo-profile");
    run(
        Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                format,
                "--outdir",
            ])
            .arg(dir)
            .arg(file),
        "soffice (LibreOffice, Debian libreoffice-writer-nogui)",
    );
    let extension = format.split(':').next().unwrap_or(format);
    let out = file.with_extension(extension);
    assert!(out.exists(), "LibreOffice wrote no {}", out.display());
    out
}

fn pdf_text(pdf: &Path) -> String {
    let output = run(
        Command::new("pdftotext").arg(pdf).arg("-"),
        "pdftotext (Debian poppler-utils)",
    );
    String::from_utf8(output.stdout).expect("pdftotext prints UTF-8")
}

/// Whitespace (including no-break spaces and line breaks) collapsed to one space.
fn flat(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn number(cell: &Value) -> i64 {
    let digits: String = cell
        .as_str()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number in {cell}"))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write rendered file");
    path
}

/// Our DOCX of a plan as python-docx reads it (`tests/python/read_docx.py`).
fn read_our_docx(name: &str, plan: &Plan, evaluation: &Evaluation) -> Value {
    let dir = scratch(name);
    let bytes = render::docx(&build(plan, evaluation, &Options::default())).expect("docx renders");
    let path = write(&dir, "plan.docx", &bytes);
    let read = python_json("read_docx.py", &[&path], &[]);
    let _ = std::fs::remove_dir_all(&dir);
    read
}

/// The plain texts every format must show for this plan: headings and table totals.
fn expected_texts(plan: &Plan, evaluation: &Evaluation) -> (Document, Vec<String>) {
    let doc = build(plan, evaluation, &Options::default());
    let mut texts: Vec<String> = doc
        .contents
        .entries
        .iter()
        .map(|h| h.numbered_text())
        .collect();
    texts.push(doc.front.title.clone());
    texts.push(doc.front.subtitle.clone());
    texts.extend(doc.front.approvals.iter().cloned());
    let totals = &evaluation.totals;
    texts.push(amount(totals.total_cost));
    texts.push(amount(totals.subtotal.total_costs));
    texts.push(amount(totals.admin_costs));
    for area in &totals.focus_areas {
        texts.push(amount(area.area_sum));
        texts.push(amount(area.total_costs));
    }
    if let Some(lines) = &totals.financing {
        for line in lines {
            texts.push(amount(line.amount));
            texts.push(plan::norwegian::percent(line.share));
        }
    }
    (doc, texts.into_iter().map(|t| flat(&t)).collect())
}

fn check_docx_through_libreoffice(name: &str, plan: &Plan, evaluation: &Evaluation) -> String {
    let dir = scratch(&format!("lo-{name}"));
    let bytes = render::docx(&build(plan, evaluation, &Options::default())).expect("docx renders");
    let docx = write(&dir, &format!("{name}.docx"), &bytes);
    let pdf = soffice(&dir, &docx, "pdf");
    let pdf_text = flat(&pdf_text(&pdf));
    let (_, expected) = expected_texts(plan, evaluation);
    for text in &expected {
        assert!(
            pdf_text.contains(text.as_str()),
            "{name}: the PDF from LibreOffice lacks «{text}»"
        );
    }
    let txt = soffice(&dir, &docx, "txt:Text (encoded):UTF8");
    let text = std::fs::read_to_string(&txt).expect("LibreOffice text is UTF-8");
    let _ = std::fs::remove_dir_all(&dir);
    text
}

#[test]
fn libreoffice_reads_fjordvik() {
    let (plan, evaluation) = common::fjordvik();
    let text = flat(&check_docx_through_libreoffice(
        "fjordvik",
        &plan,
        &evaluation,
    ));
    assert!(text.contains("Samlet kostnad 10 410 000"), "{text}");
    assert!(text.contains(&flat(text::BOKMAL.admin_note)));
}

#[test]
fn libreoffice_reads_havbygd_in_nynorsk() {
    let (plan, evaluation) = common::havbygd();
    let text = flat(&check_docx_through_libreoffice(
        "havbygd",
        &plan,
        &evaluation,
    ));
    let nn = &text::NYNORSK;
    for fixed in [
        nn.h2,
        nn.h1_1,
        nn.contents,
        nn.first_year,
        nn.jobs_none_note,
        "Søkbare midlar",
        "Samla kostnad",
        "Finansieringskjelde",
        "Sum arbeidsplassar per år",
        "Administrative kostnader til programleiing",
        "Behandla av styret i Havbygd 2031 2. desember 2025",
    ] {
        assert!(
            text.contains(&flat(fixed)),
            "nynorsk text «{fixed}» missing"
        );
    }
    for bokmal in [
        "Søkbare midler",
        "Samlet kostnad",
        "Finansieringskilde",
        "Strategier og tiltak",
        "Resultater fra",
        "Sum arbeidsplasser",
        "Innhold ",
        "Behandlet av",
    ] {
        assert!(
            !text.contains(bokmal),
            "bokmål «{bokmal}» in the nynorsk DOCX"
        );
    }
}

#[test]
fn libreoffice_shows_hostile_text_literally() {
    let (plan, evaluation) = common::hostile();
    let text = check_docx_through_libreoffice("hostile", &plan, &evaluation);
    assert!(text.contains(common::HOSTILE), "{text}");
    assert!(text.contains("| a | b |"));
}

#[test]
fn python_docx_reads_tables_3_1_and_3_2_with_the_computed_totals() {
    for (name, (plan, evaluation)) in [
        ("fjordvik", common::fjordvik()),
        ("havbygd", common::havbygd()),
        ("hostile", common::hostile()),
    ] {
        let read = read_our_docx(&format!("pydocx-{name}"), &plan, &evaluation);
        let t = text::catalogue(plan.language);
        let totals = &evaluation.totals;
        let tables = read["tables"].as_array().expect("tables");

        let resource_cols = text::items(t.resource_cols);
        let resources = tables
            .iter()
            .find(|table| table[0][0] == resource_cols[0] && table[0][4] == resource_cols[4])
            .unwrap_or_else(|| panic!("{name}: no table 3.1"));
        let rows = resources.as_array().unwrap();
        for (row, area) in rows[1..].iter().zip(&totals.focus_areas) {
            assert_eq!(row[0], area.name.as_str());
            assert_eq!(
                number(&row[1]),
                area.project_costs.0,
                "{name} {}",
                area.name
            );
            assert_eq!(number(&row[2]), area.grant_funds.0);
            assert_eq!(number(&row[3]), area.programme_resources.0);
            assert_eq!(number(&row[4]), area.total_costs.0);
        }
        let labels = text::items(t.resource_rows);
        let n = totals.focus_areas.len();
        assert_eq!(rows[n + 1][0], labels[0]);
        assert_eq!(number(&rows[n + 1][4]), totals.subtotal.total_costs.0);
        assert_eq!(number(&rows[n + 2][4]), totals.admin_costs.0);
        assert_eq!(rows[n + 3][0], labels[2]);
        assert_eq!(number(&rows[n + 3][4]), totals.total_cost.0);

        let financing_cols = text::items(t.financing_cols);
        let financing = tables
            .iter()
            .find(|table| table[0][0] == financing_cols[0])
            .unwrap_or_else(|| panic!("{name}: no table 3.2"));
        let rows = financing.as_array().unwrap();
        let lines = totals.financing.as_ref().expect("financing computed");
        for (row, line) in rows[1..].iter().zip(lines) {
            assert_eq!(row[0], line.source.as_str());
            assert_eq!(row[1], plan::norwegian::percent(line.share).as_str());
            assert_eq!(number(&row[2]), line.amount.0);
        }
        let total = rows.last().unwrap();
        assert_eq!(total[0], t.financing_total);
        assert_eq!(total[1], "100\u{a0}%");
        assert_eq!(number(&total[2]), totals.total_cost.0);

        // Word structure: properties, default style, language, repeating headers,
        // merged strategy cells, a TOC field, A4.
        assert_eq!(read["properties"]["language"], plan.language.tag());
        assert!(
            read["properties"]["title"]
                .as_str()
                .unwrap()
                .starts_with(&format!("Handlingsplan {}", plan.year))
        );
        assert_eq!(read["default_style"], "Normal");
        assert_eq!(read["default_lang"], plan.language.tag());
        let styles = read["styles"].as_array().unwrap();
        for style in ["Title", "Heading 1", "Heading 2", "Tabell", "Caption"] {
            assert!(
                styles.iter().any(|s| s == style),
                "{name}: no style {style}"
            );
        }
        let header_rows = read["header_rows"].as_array().unwrap();
        assert_eq!(header_rows.len(), tables.len());
        assert!(
            header_rows.iter().all(|n| n == 1),
            "{name}: {header_rows:?}"
        );
        let instr = read["instr"].as_array().unwrap();
        assert!(instr[0].as_str().unwrap().starts_with("TOC \\o \"1-2\""));
        assert_eq!(read["section"]["width"], 7_560_310);
        assert_eq!(read["section"]["height"], 10_692_130);
        let heading_styles: Vec<&str> = read["paragraph_styles"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .filter(|s| s.starts_with("Heading"))
            .collect();
        let doc = build(&plan, &evaluation, &Options::default());
        assert_eq!(heading_styles.len(), doc.contents.entries.len());
        // Every figure is a chart image whose description is the figure's text alternative.
        let images = read["images"].as_array().unwrap();
        let alts: Vec<&str> = doc.figures().map(|f| f.alt.as_str()).collect();
        assert_eq!(images.len(), alts.len(), "{name}: chart images");
        for (image, alt) in images.iter().zip(&alts) {
            assert_eq!(image["descr"], *alt);
        }
    }
}

#[test]
fn python_docx_sees_merged_strategy_cells_and_hostile_text() {
    let (plan, evaluation) = common::hostile();
    let read = read_our_docx("pydocx-merge", &plan, &evaluation);
    let tables = read["tables"].as_array().unwrap();
    let strategies = tables
        .iter()
        .find(|t| t[0][0] == "Strategi")
        .expect("strategy table");
    // The first strategy spans its two projects: python-docx gives the same text for both.
    assert_eq!(strategies[1][0], strategies[2][0]);
    assert!(
        strategies[1][0]
            .as_str()
            .unwrap()
            .starts_with(&format!("A: Strategi {}", common::HOSTILE))
    );
    assert_eq!(strategies[1][1], common::HOSTILE);
    assert!(
        read["vmerge"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_i64() == Some(2))
    );
    let paragraphs: Vec<&str> = read["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(paragraphs.iter().any(|p| p.contains(common::HOSTILE)));
}

/// What each figure's native chart must hold: per series its name, categories and values.
/// One chart series: its name, categories and values.
type Series = (String, Vec<String>, Vec<f64>);

fn expected_charts(doc: &Document) -> Vec<Vec<Series>> {
    let pick = |nb: &str, nn: &str| doc.language.pick(nb, nn).to_owned();
    doc.figures()
        .map(|figure| match &figure.kind {
            FigureKind::JobTargets {
                year,
                years,
                areas,
                per_year,
            } => {
                let categories: Vec<String> = years
                    .iter()
                    .map(|y| {
                        if Some(*y) == *year {
                            format!("{y} (i år)")
                        } else {
                            y.to_string()
                        }
                    })
                    .collect();
                let mut series: Vec<_> = areas
                    .iter()
                    .map(|(name, per)| {
                        (
                            name.clone(),
                            categories.clone(),
                            per.iter().map(|&n| n as f64).collect(),
                        )
                    })
                    .collect();
                series.push((
                    "Sum".to_owned(),
                    categories,
                    per_year.iter().map(|&n| n as f64).collect(),
                ));
                series
            }
            FigureKind::Results { years } => {
                let categories: Vec<String> = years.iter().map(|y| y.year.to_string()).collect();
                vec![
                    (
                        pick("Mål", "Mål"),
                        categories.clone(),
                        years.iter().map(|y| y.target as f64).collect(),
                    ),
                    (
                        pick("Oppnådd", "Oppnådd"),
                        categories,
                        years.iter().map(|y| y.achieved as f64).collect(),
                    ),
                ]
            }
            FigureKind::YearWheel {
                months,
                month_names,
                ..
            } => {
                let categories = month_names
                    .iter()
                    .zip(months)
                    .map(|(name, titles)| {
                        let short: String = name.chars().take(3).collect();
                        if titles.is_empty() {
                            short
                        } else {
                            format!("{short} ({})", titles.len())
                        }
                    })
                    .collect();
                vec![(
                    pick("Aktiviteter", "Aktivitetar"),
                    categories,
                    vec![1.0; 12],
                )]
            }
        })
        .collect()
}

fn read_charts(read: &Value) -> Vec<Vec<Series>> {
    read["charts"]
        .as_array()
        .expect("charts")
        .iter()
        .map(|chart| {
            assert_eq!(
                chart["content_type"],
                "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
            );
            chart["series"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["name"].as_str().unwrap().to_owned(),
                        s["categories"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|c| c.as_str().unwrap().to_owned())
                            .collect(),
                        s["values"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|v| v.as_f64().unwrap())
                            .collect(),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn figures_are_native_word_charts_holding_the_plans_numbers() {
    for (name, (plan, evaluation)) in [
        ("fjordvik", common::fjordvik()),
        ("havbygd", common::havbygd()),
        ("hostile", common::hostile()),
    ] {
        let read = read_our_docx(&format!("charts-{name}"), &plan, &evaluation);
        let doc = build(&plan, &evaluation, &Options::default());
        let expected = expected_charts(&doc);
        assert!(!expected.is_empty(), "{name}: the plan has figures");
        assert_eq!(read_charts(&read), expected, "{name}");
    }
}

#[test]
fn libreoffice_reads_the_charts_and_writes_them_back_with_the_same_data() {
    let (plan, evaluation) = common::fjordvik();
    let dir = scratch("charts-lo");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let bytes = render::docx(&build(&plan, &evaluation, &Options::default())).expect("docx");
    let ours = write(&input, "plan.docx", &bytes);
    // LibreOffice imports the DOCX (charts from their cached values) and exports it anew.
    soffice(&dir, &ours, "docx:MS Word 2007 XML");
    let theirs = dir.join("plan.docx");
    assert!(theirs.exists(), "LibreOffice wrote no DOCX");
    let read = python_json("read_docx.py", &[&theirs], &[]);
    let _ = std::fs::remove_dir_all(&dir);
    let doc = build(&plan, &evaluation, &Options::default());
    assert_eq!(read_charts(&read), expected_charts(&doc));
}

fn html_file(name: &str, plan: &Plan, evaluation: &Evaluation) -> (PathBuf, Value) {
    let dir = scratch(&format!("html-{name}"));
    let bytes = render::html(&build(plan, evaluation, &Options::default())).expect("html");
    let path = write(&dir, "plan.html", &bytes);
    let read = python_json("read_html.py", &[&path], &["--strict"]);
    (dir, read)
}

#[test]
fn html_parses_strictly_with_structure_and_texts() {
    for (name, (plan, evaluation)) in [
        ("fjordvik", common::fjordvik()),
        ("havbygd", common::havbygd()),
        ("hostile", common::hostile()),
    ] {
        let (dir, read) = html_file(name, &plan, &evaluation);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(read["lang"], plan.language.code());
        let (doc, expected) = expected_texts(&plan, &evaluation);
        let text = flat(read["text"].as_str().unwrap());
        for wanted in &expected {
            assert!(
                text.contains(wanted.as_str()),
                "{name}: HTML lacks «{wanted}»"
            );
        }
        let tables = doc.tables().count() as i64;
        let elements = &read["elements"];
        assert_eq!(elements["table"], tables);
        assert_eq!(elements["caption"], tables);
        assert_eq!(elements["h1"], 1);
        assert_eq!(
            elements["h2"].as_i64().unwrap() + elements["h3"].as_i64().unwrap(),
            doc.contents.entries.len() as i64 + 1,
            "{name}: numbered headings and the contents"
        );
        assert!(elements.get("script").is_none(), "{name}: a script element");
        assert_eq!(
            elements.get("svg").and_then(Value::as_i64).unwrap_or(0),
            doc.figures().count() as i64,
            "{name}: one inline SVG chart per figure"
        );
        assert!(elements.get("img").is_none());
        let scopes = read["th_scopes"].as_array().unwrap();
        assert!(
            scopes.iter().all(|s| s.is_string()),
            "{name}: th without scope"
        );
        let ids: Vec<&str> = read["ids"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for link in read["links"].as_array().unwrap() {
            let target = link.as_str().unwrap().trim_start_matches('#');
            assert!(ids.contains(&target), "{name}: link to missing #{target}");
        }
    }
}

#[test]
fn html_shows_hostile_text_literally() {
    let (plan, evaluation) = common::hostile();
    let (dir, read) = html_file("hostile-literal", &plan, &evaluation);
    let _ = std::fs::remove_dir_all(&dir);
    let text = read["text"].as_str().unwrap();
    assert!(text.contains(common::HOSTILE));
    assert!(text.contains("<i>kanal</i>"));
    assert!(text.contains("&amp; &lt;"));
    assert!(read["elements"].get("script").is_none());
    assert!(read["elements"].get("i").is_none());
    assert!(read["elements"].get("b").is_none());
}

#[test]
fn html_shows_the_logo_with_alt_text() {
    let (plan, evaluation) = common::fjordvik();
    let png = std::fs::read(common::own_fixtures().join("logo.png")).expect("logo fixture");
    let options = Options {
        logo: Some(render::Logo {
            png,
            alt: "Fjordvik <logo>".to_owned(),
        }),
    };
    let html =
        String::from_utf8(render::html(&build(&plan, &evaluation, &options)).unwrap()).unwrap();
    assert!(html.contains("alt=\"Fjordvik &lt;logo&gt;\""));
    assert!(html.contains("src=\"data:image/png;base64,iVBORw0KGgo"));
    let docx = render::docx(&build(&plan, &evaluation, &options)).unwrap();
    let dir = scratch("logo");
    let path = write(&dir, "plan.docx", &docx);
    let read = python_json("read_docx.py", &[&path], &[]);
    assert_eq!(read["images"][0]["descr"], "Fjordvik <logo>");
    // LibreOffice places the logo: its PDF holds one raster image (the charts are vector).
    let pdf = soffice(&dir, &path, "pdf");
    let list = run(
        Command::new("pdfimages").arg("-list").arg(&pdf),
        "pdfimages (Debian poppler-utils)",
    );
    let _ = std::fs::remove_dir_all(&dir);
    let listing = String::from_utf8_lossy(&list.stdout);
    let images = listing
        .lines()
        .skip(2)
        .filter(|l| l.contains("image"))
        .count();
    assert_eq!(images, 1, "{listing}");
}

#[test]
fn markdown_read_by_pandoc_keeps_plan_text_literal() {
    for (name, (plan, evaluation)) in [
        ("fjordvik", common::fjordvik()),
        ("havbygd", common::havbygd()),
        ("hostile", common::hostile()),
    ] {
        let dir = scratch(&format!("md-{name}"));
        let bytes = render::markdown(&build(&plan, &evaluation, &Options::default())).expect("md");
        let md = write(&dir, "plan.md", &bytes);
        let html = dir.join("plan.html");
        run(
            Command::new("pandoc")
                .args(["-f", "gfm", "-t", "html5", "-o"])
                .arg(&html)
                .arg(&md),
            "pandoc (Debian pandoc)",
        );
        let read = python_json("read_html.py", &[&html], &[]);
        let _ = std::fs::remove_dir_all(&dir);
        let (doc, expected) = expected_texts(&plan, &evaluation);
        let text = flat(read["text"].as_str().unwrap());
        for wanted in &expected {
            assert!(
                text.contains(wanted.as_str()),
                "{name}: Markdown lacks «{wanted}»"
            );
        }
        let elements = &read["elements"];
        let count = |tag: &str| elements.get(tag).and_then(Value::as_i64).unwrap_or(0);
        assert_eq!(
            count("table"),
            doc.tables().count() as i64,
            "{name}: tables"
        );
        assert_eq!(count("h1"), 1, "{name}");
        assert_eq!(
            count("h2") + count("h3"),
            doc.contents.entries.len() as i64 + 1,
            "{name}: headings"
        );
        let lists = doc
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::NumberedList(_)))
            .count() as i64;
        assert_eq!(count("ol"), lists, "{name}: numbered lists");
        // The contents: one list, and one sub-list under each section with subsections.
        let entries = &doc.contents.entries;
        let sub_lists = entries
            .windows(2)
            .filter(|w| w[0].level == 1 && w[1].level == 2)
            .count() as i64;
        assert_eq!(count("ul"), 1 + sub_lists, "{name}: contents lists");
        assert_eq!(
            count("script") + count("img") + count("blockquote"),
            i64::from(doc.front.draft.is_some())
        );
        if name == "hostile" {
            let raw = read["text"].as_str().unwrap();
            assert!(raw.contains(common::HOSTILE));
            assert!(text.contains(&flat(
                "*stjerne* _strek_ **fet** [lenke](https://example.com) `kode` | rør \\ skråstrek ~~over~~ <b>fet</b> &amp; &lt;"
            )));
            assert!(raw.contains("# ikke overskrift"));
            assert!(raw.contains("1. ikke liste"));
            assert!(raw.contains("| a | b |"));
            assert_eq!(count("del") + count("code") + count("b"), 0);
            // Only the contents link to anchors; no link came from plan text, not
            // even a bare address (GFM autolinks).
            for link in read["links"].as_array().unwrap() {
                let link = link.as_str().unwrap();
                assert!(link.starts_with("#seksjon-"), "unexpected link {link}");
            }
        }
        let strategies = doc
            .tables()
            .filter(|t| t.role == TableRole::Strategies)
            .count();
        assert_eq!(strategies, plan.focus_areas.len());
    }
}

// ---- the Omstillingsplan's document ----

/// `fjordvik.op.json` of `../shared/omstillingsplan-fixtures`, in `language`.
fn fjordvik_op(
    language: plan::Language,
) -> (
    plan::omstillingsplan::Omstillingsplan,
    render::omstillingsplan::Evaluation,
) {
    let path = common::op_fixtures().join("fjordvik.op.json");
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    let mut op = plan::omstillingsplan::file::read(&text, plan::Syntax::Json).expect("reads");
    op.language = language;
    let evaluation = plan::omstillingsplan::evaluate(&op);
    (op, evaluation)
}

/// What every format must show of the Omstillingsplan: the numbered headings, the front
/// page, every strategy and the frame table's sums.
fn op_expected_texts(
    doc: &Document,
    evaluation: &render::omstillingsplan::Evaluation,
) -> Vec<String> {
    let mut texts: Vec<String> = doc
        .contents
        .entries
        .iter()
        .map(|h| h.numbered_text())
        .collect();
    texts.push(doc.front.title.clone());
    texts.push(doc.front.subtitle.clone());
    texts.extend(doc.front.approvals.iter().cloned());
    texts.push(plan::norwegian::integer(evaluation.totals.jobs.total));
    if let Some(frames) = &evaluation.totals.frames {
        texts.push(amount(frames.areas.total));
        for area in &frames.areas.rows {
            texts.push(amount(area.total));
        }
        if let Some(programme) = &frames.programme {
            texts.push(amount(programme.total));
        }
    }
    texts.into_iter().map(|t| flat(&t)).collect()
}

#[test]
fn libreoffice_reads_the_omstillingsplan_in_both_languages() {
    for language in [plan::Language::Bokmal, plan::Language::Nynorsk] {
        let code = language.code();
        let (op, evaluation) = fjordvik_op(language);
        let doc = render::omstillingsplan::document(&op, &evaluation, &Options::default());
        let dir = scratch(&format!("lo-op-{code}"));
        let docx = write(&dir, "op.docx", &render::docx(&doc).expect("docx renders"));
        let pdf_text = flat(&pdf_text(&soffice(&dir, &docx, "pdf")));
        for wanted in op_expected_texts(&doc, &evaluation) {
            assert!(
                pdf_text.contains(&wanted),
                "{code}: LibreOffice's PDF of the DOCX lacks «{wanted}»"
            );
        }
        // Strategies are lettered across the whole plan, with their SDG names.
        assert!(pdf_text.contains("A. Bedriftsrettede tiltak"), "{pdf_text}");
        assert!(pdf_text.contains("D. "), "the second area goes on with D");
        let t = text::catalogue(language);
        for heading in [t.op_h1, t.op_h2, t.op_h3, t.op_h4, t.op_h5, t.op_h6] {
            assert!(pdf_text.contains(&flat(heading)), "{code}: {heading}");
        }
        if language == plan::Language::Nynorsk {
            for bokmal in [
                "Innsatsområder",
                "Sum innsatsområdene",
                "Hovedmål",
                "Beskrivelse",
                "Strategier",
            ] {
                assert!(
                    !pdf_text.contains(bokmal),
                    "bokmål «{bokmal}» in the nynorsk Omstillingsplan"
                );
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn omstillingsplan_html_parses_strictly_and_markdown_reads_as_gfm() {
    for language in [plan::Language::Bokmal, plan::Language::Nynorsk] {
        let code = language.code();
        let (op, evaluation) = fjordvik_op(language);
        let doc = render::omstillingsplan::document(&op, &evaluation, &Options::default());
        let dir = scratch(&format!("html-op-{code}"));
        let html = write(&dir, "op.html", &render::html(&doc).expect("html"));
        let read = python_json("read_html.py", &[&html], &["--strict"]);
        assert_eq!(read["lang"], code);
        let text = flat(read["text"].as_str().unwrap());
        for wanted in op_expected_texts(&doc, &evaluation) {
            assert!(text.contains(&wanted), "{code}: HTML lacks «{wanted}»");
        }
        let elements = &read["elements"];
        assert_eq!(elements["table"], doc.tables().count() as i64);
        assert_eq!(
            elements.get("svg").and_then(Value::as_i64).unwrap_or(0),
            1,
            "{code}: the job-target chart"
        );
        assert!(
            read["th_scopes"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s.is_string())
        );

        let md = write(&dir, "op.md", &render::markdown(&doc).expect("md"));
        let output = run(
            Command::new("pandoc")
                .args(["-f", "gfm", "-t", "plain", "--wrap=none"])
                .arg(&md),
            "pandoc",
        );
        let plain = flat(&String::from_utf8_lossy(&output.stdout));
        for wanted in op_expected_texts(&doc, &evaluation) {
            assert!(plain.contains(&wanted), "{code}: Markdown lacks «{wanted}»");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

// ---- Markdown escaping, read by pandoc ----

/// The text of pandoc's inlines, or `Err` naming the first inline that is markup
/// (emphasis, a link, code, HTML, an emoji …) rather than plain text.
fn plain_inlines(inlines: &[Value]) -> Result<String, String> {
    let mut out = String::new();
    for inline in inlines {
        match inline["t"].as_str().unwrap_or_default() {
            "Str" => out.push_str(inline["c"].as_str().unwrap_or_default()),
            "Space" => out.push(' '),
            "SoftBreak" | "LineBreak" => out.push('\n'),
            other => return Err(format!("{other}: {inline}")),
        }
    }
    Ok(out)
}

/// Pandoc's reading (GitHub-flavoured Markdown) of `markdown`, as its JSON syntax tree.
fn pandoc_ast(dir: &Path, markdown: &str) -> Value {
    let md = write(dir, "case.md", markdown.as_bytes());
    let output = run(
        Command::new("pandoc")
            .args(["-f", "gfm", "-t", "json"])
            .arg(&md),
        "pandoc (Debian pandoc)",
    );
    serde_json::from_slice(&output.stdout).expect("pandoc prints JSON")
}

/// Every plain-text cell of a pandoc table, row by row (header and body).
fn table_cells(table: &Value, out: &mut Vec<Result<String, String>>) {
    match table {
        Value::Object(map) => {
            if map.get("t").and_then(Value::as_str) == Some("Plain") {
                out.push(plain_inlines(map["c"].as_array().unwrap()));
                return;
            }
            for value in map.values() {
                table_cells(value, out);
            }
        }
        Value::Array(values) => values.iter().for_each(|v| table_cells(v, out)),
        _ => {}
    }
}

#[test]
fn markdown_escapes_only_what_would_be_markup() {
    use render::markdown::{escape, escape_block};
    // Punctuation that is no markup in the middle of a line: written as it is.
    let plain = [
        "Mål: 12 nye arbeidsplasser innen 2027.",
        "Ørsta-Volda kl. 10:00 - 12:00",
        "Budsjett for tiltak 3.1: 1 250 000 kr (50 %)",
        "e-post og nett-side: se kommunen.no/omstilling",
        "snake_case og a_b_c, 5 * 3 og a > b",
    ];
    // Text a Markdown reader would otherwise take as markup: must come back literally.
    let markup = [
        "*x*",
        "**fet**",
        "_x_",
        "__y__",
        "# ikke overskrift",
        "## to",
        "1. ikke liste",
        "12) heller ikke",
        "- ikke punkt",
        "+ pluss",
        "> ikke sitat",
        "[a](b)",
        "![bilde](x.png)",
        "<b>fet</b>",
        "<!-- c -->",
        "a | b | c",
        "`kode`",
        "```",
        "~~over~~",
        "&amp; &#42;",
        "https://example.com",
        "www.example.com",
        "post@example.com",
        "mailto:a@b.no",
        "<https://x.no>",
        "Tittel #",
        "---",
        "***",
        "a\\*b",
        "slutt\\",
        "status :smile: ok",
        "første linje\n# andre linje\n1. tredje",
    ];
    let dir = scratch("md-escape");
    for text in plain.iter().chain(&markup) {
        let paragraph = escape_block(text);
        if plain.contains(text) {
            assert_eq!(paragraph, *text, "plain text got a backslash");
        }
        let mut markdown = format!("{paragraph}\n");
        let in_table = !text.contains('\n');
        if in_table {
            markdown.push_str(&format!("\n| tekst |\n| --- |\n| {} |\n", escape(text)));
        }
        let ast = pandoc_ast(&dir, &markdown);
        let blocks = ast["blocks"].as_array().expect("pandoc blocks");
        assert_eq!(blocks[0]["t"], "Para", "{text:?} read as {}", blocks[0]);
        let read = plain_inlines(blocks[0]["c"].as_array().unwrap());
        assert_eq!(
            read.as_deref(),
            Ok(*text),
            "{text:?} as a paragraph: {markdown}"
        );
        if in_table {
            assert_eq!(blocks.len(), 2, "{text:?}: {ast}");
            assert_eq!(blocks[1]["t"], "Table", "{text:?}");
            let mut cells = Vec::new();
            table_cells(&blocks[1], &mut cells);
            assert_eq!(
                cells,
                vec![Ok("tekst".to_owned()), Ok((*text).to_owned())],
                "{text:?} in a table cell: {markdown}"
            );
        } else {
            assert_eq!(blocks.len(), 1, "{text:?}: {ast}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- DOCX table headers through LibreOffice ----

/// The words of a PDF in pdftotext's order (`pdftotext -bbox`: one `<word>` each, in the
/// order they are drawn, so the pieces of a word broken over two lines follow each other).
fn pdf_words(pdf: &Path) -> Vec<String> {
    let output = run(
        Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-"),
        "pdftotext -bbox (Debian poppler-utils)",
    );
    let xml = String::from_utf8(output.stdout).expect("pdftotext prints UTF-8");
    xml.split("<word ")
        .skip(1)
        .filter_map(|part| {
            let text = part.split_once('>')?.1.split_once("</word>")?.0;
            Some(
                text.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}

/// Where `word` is drawn in two or more pieces: the pieces, or `None`.
fn broken(word: &str, words: &[String]) -> Option<Vec<String>> {
    for start in 0..words.len() {
        let mut joined = words[start].clone();
        let mut end = start + 1;
        while joined.len() < word.len() && word.starts_with(joined.as_str()) && end < words.len() {
            joined.push_str(&words[end]);
            end += 1;
        }
        if end > start + 1 && joined == word {
            return Some(words[start..end].to_vec());
        }
    }
    None
}

fn assert_headers_unbroken_in_libreoffice(name: &str, doc: &Document) {
    let dir = scratch(&format!("headers-{name}"));
    let docx = write(&dir, "plan.docx", &render::docx(doc).expect("docx renders"));
    let pdf = soffice(&dir, &docx, "pdf");
    let words = pdf_words(&pdf);
    let mut checked = 0;
    for table in doc.tables() {
        for row in &table.header {
            for cell in &row.cells {
                for word in cell.text_with_marker().split_whitespace() {
                    if word.chars().count() < 2 {
                        continue;
                    }
                    checked += 1;
                    if let Some(pieces) = broken(word, &words) {
                        panic!(
                            "{name}: the header word «{word}» of «{}» is broken over lines as {pieces:?}",
                            table.caption
                        );
                    }
                    if !word.contains('-') {
                        assert!(
                            words.iter().any(|w| w == word),
                            "{name}: the header word «{word}» of «{}» is not in the PDF",
                            table.caption
                        );
                    }
                }
            }
        }
    }
    assert!(checked > 10, "{name}: only {checked} header words");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn libreoffice_breaks_no_table_header_inside_a_word() {
    for (name, (plan, evaluation)) in [
        ("fjordvik", common::fjordvik()),
        ("havbygd", common::havbygd()),
        ("hostile", common::hostile()),
    ] {
        let doc = build(&plan, &evaluation, &Options::default());
        assert_headers_unbroken_in_libreoffice(name, &doc);
    }
    for language in [plan::Language::Bokmal, plan::Language::Nynorsk] {
        let (op, evaluation) = fjordvik_op(language);
        let doc = render::omstillingsplan::document(&op, &evaluation, &Options::default());
        assert_headers_unbroken_in_libreoffice(&format!("op-{}", language.code()), &doc);
    }
}
