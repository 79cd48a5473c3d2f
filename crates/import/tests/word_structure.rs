//! Word's real structure, written by hand the way Word and people produce it: no heading
//! styles, the template's wrong section numbers, text split across runs, fields, tracked
//! changes, hidden text, soft line breaks and no-break spaces in cells, vertically and
//! horizontally merged cells, a table inside a layout table, numbers and dates in every
//! Norwegian shape, and the findings with a `where` a person can follow.

use std::io::Write;

use import::ImportCode;
use plan::handlingsplan::SourceKind;
use plan::{Kroner, Language};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn package(xml: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("_rels/.rels", options).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/main.xml"/></Relationships>"#).unwrap();
    zip.start_file("word/main.xml", options).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// A paragraph: raw XML runs when `text` starts with `<`, else one run.
fn p(text: &str) -> String {
    if text.starts_with('<') {
        format!("<w:p>{text}</w:p>")
    } else {
        format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            esc(text)
        )
    }
}

fn cell(content: &str) -> String {
    if let Some(rest) = content.strip_prefix("@merge") {
        return format!("<w:tc><w:tcPr><w:vMerge/></w:tcPr>{}</w:tc>", p(rest));
    }
    if let Some(rest) = content.strip_prefix("@restart") {
        return format!(
            "<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc>",
            p(rest)
        );
    }
    if let Some(rest) = content.strip_prefix("@span3") {
        return format!(
            "<w:tc><w:tcPr><w:gridSpan w:val=\"3\"/></w:tcPr>{}</w:tc>",
            p(rest)
        );
    }
    if content.starts_with("<w:tbl>") {
        return format!("<w:tc>{content}<w:p/></w:tc>");
    }
    format!("<w:tc>{}</w:tc>", p(content))
}

fn table(rows: &[&[&str]]) -> String {
    let rows: String = rows
        .iter()
        .map(|r| {
            format!(
                "<w:tr>{}</w:tr>",
                r.iter().map(|c| cell(c)).collect::<String>()
            )
        })
        .collect();
    format!("<w:tbl><w:tblPr/><w:tblGrid/>{rows}</w:tbl>")
}

fn body() -> String {
    let nbsp = '\u{a0}';
    let mut b = String::new();
    // Front page: the year split across runs, the vision, the approvals in other shapes.
    b += &p("<w:r><w:t>Handlings</w:t></w:r><w:r><w:t>plan 20</w:t></w:r><w:r><w:t>27</w:t></w:r>");
    b += &p("Omstilling i Fjordvik kommune");
    b += &p("Fjordvik – der ideane blir arbeidsplassar");
    b += &p("Behandlet av styret i Fjordvik Vekst 2026-11-27");
    b += &p("Godkjent av kommunestyret 10. desember 2026");
    b += &p("Veiledning til bruk av malen");
    b += &p("Malen er utformet med [klammer] hvor området selv må fylle inn innhold.");
    // Section 1 with no heading style and no number.
    b += &p("Mål og innsatsområder fra Omstillingsplan");
    b += &p(
        "Omstillingsarbeidet i Fjordvik kommune skal bidra til å sikre og skape 30 arbeidsplasser i perioden 2026 til 2028. For 2027 er målet 11 arbeidsplasser.",
    );
    b += &table(&[
        &["Innsatsområde", "2026", "2027", "2028", "Sum"],
        &["Industri", "4", "6", "6", "16"],
        &["Reiseliv", "2", "5", "6", "12"],
        &["Sum arbeidsplasser pr år", "6", "11", "12", "28"],
        &["Bærekraft*", "–", "–", "–", "–"],
    ]);
    b += &p("* innsatsområdet vil ikke ha arbeidsplasser som målsetting.");
    b += &p("1.1 Resultater fra tidligere omstillingsår");
    b += &p(
        "<w:r><w:t>Første år ga </w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>SKJULT </w:t></w:r><w:r><w:t>gode resultater.</w:t></w:r>",
    );
    b += &p("2. Strategier og tiltak for innsatsområdene");
    b += &p("For hvert innsatsområde er det utviklet strategier.");
    // Areas: heading style in Norwegian Word, then none at all (recognised by what follows).
    b +=
        "<w:p><w:pPr><w:pStyle w:val=\"Overskrift2\"/></w:pPr><w:r><w:t>Industri</w:t></w:r></w:p>";
    b += &p("Beskrivelse: Industri og leverandører.");
    b += &p("Mer om industrien.");
    b += &p("Effektmål: Flere arbeidsplasser.");
    b += &p("Resultatmål 2027: Seks nye arbeidsplasser.");
    b += &table(&[
        &[
            "Strategi [*]",
            "Prosjekter og tiltak",
            "Prosjektmål",
            "Budsjett",
        ],
        // vMerge: the strategy spans two projects; a soft line break before the SDG.
        &[
            "@restart<w:r><w:t>A: Teknologi – Ny teknologi i bedriftene</w:t><w:br/><w:t>9. Industri, innovasjon og infrastruktur</w:t></w:r>",
            "Forprosjekt",
            "Rapport levert",
            // Tracked change: 400 000 deleted, 450 000 inserted.
            &format!(
                "<w:del w:id=\"1\"><w:r><w:delText>400 000</w:delText></w:r></w:del><w:ins w:id=\"2\"><w:r><w:t>450{nbsp}000</w:t></w:r></w:ins>"
            ),
        ],
        &["@merge", "Teknologimodul", "", "kr 1.250.000,-"],
        // The same strategy text repeated instead of merged.
        &["B: Nettverk", "Nettverk A", "-", "100 000 kr"],
        &["B: Nettverk", "Nettverk B", "", "100000"],
        // A strategy without projects this year.
        &["C: Kompetanse – Heve kompetansen", "", "", ""],
        &["@span3Prosjektkostnader", "1 900 000"],
        &["Søkbare midler [**]", "-", "-", "500 000,00"],
        // A wrong sum, and a field whose result is what prints.
        &[
            "Sum innsatsområde",
            "-",
            "-",
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> =SUM(ABOVE) </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>2 500 000</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
        ],
    ]);
    b += &p("2.1 Reiseliv");
    b += &p("Beskrivelse: Reiseliv.");
    b += &p("Effektmål: Lengre sesong.");
    b += &p("Resultatmål 2027: Fem arbeidsplasser.");
    b += &table(&[
        &[
            "Strategi",
            "Prosjekter og tiltak",
            "Prosjektmål",
            "Budsjett (kr)",
        ],
        &[
            "D: Produkter - Nye produkter",
            "Pakker",
            "Fem pakker",
            "ca. 200 000",
        ],
        &["Prosjektkostnader", "-", "-", "0"],
        &["Søkbare midler", "-", "-", "[sum]"],
        &["Sum innsatsområde", "-", "-", "0"],
    ]);
    b += &p("Bærekraft");
    b += &p("Beskrivelse: Grunnlag for alt.");
    b += &table(&[
        &[
            "Strategi",
            "Prosjekter og tiltak",
            "Prosjektmål",
            "Budsjett",
        ],
        &[
            "E: Miljø – 13. Stoppe klimaendringene",
            "Grønn omstilling",
            "Mindre utslipp",
            "50 000",
        ],
        // The template's own example shape: a colon before the SDG.
        &[
            "F: Samarbeid: 17. Samarbeid for å nå målene",
            "Nettverk",
            "",
            "–",
        ],
    ]);
    b += &p("3. Ressursinnsats og finansiering");
    b += &p("3.1 Ressursinnsats fordelt på innsatsområdene");
    b += &table(&[
        &[
            "Innsatsområde",
            "Prosjektkostnader",
            "Søkbare midler",
            "Programmets ressursinnsats*",
            "Sum kostnader",
        ],
        &["Industri", "1 900 000", "500 000", "100 000", "2 500 000"],
        &["Reiseliv", "0", "0", "50 000", "50 000"],
        &["Bærekraft", "50 000", "0", "0", "50 000"],
        &["Turisme", "0", "0", "0", "0"],
        &["Delsum", "1 950 000", "500 000", "150 000", "2 600 000"],
        &[
            "Administrative kostnader til programledelse**",
            "-",
            "-",
            "-",
            "400 000",
        ],
        &["Samlet kostnad", "-", "-", "-", "3 000 000"],
    ]);
    // The template's own wrong number, and the financing table inside a layout table.
    b += &p("2.2 Finansiering");
    let financing = table(&[
        &["Finansieringskilde", "Andel", "Sum"],
        &["KDD", "50%", "1 500 000"],
        &["Vestland fylkeskommune", "25", "750 000"],
        &["Fjordvik kommune", "25,00 %", "750 000"],
        &["Totalt", "100 %", "3 000 000"],
    ]);
    b += &table(&[&[financing.as_str()]]);
    b += &p("4. Kommunikasjonsplan");
    b += &table(&[
        &["Måned", "Aktivitet", "Målgruppe", "Kanal", "Ansvarlig"],
        &["3", "Næringsfrokost", "Bedrifter", "Møte", "Programleder"],
        &["Des.", "Årsoppsummering", "", "", ""],
        &["Sommer", "Festival", "", "", ""],
    ]);
    b
}

#[test]
fn word_structures_and_norwegian_numbers_import() {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{}<w:sectPr/></w:body></w:document>"#,
        body()
    );
    let imported = import::import(&package(&xml)).expect("imports");
    let plan = &imported.plan;
    assert_eq!(plan.language, Language::Bokmal);
    assert_eq!(plan.year, 2027);
    assert_eq!(plan.programme.name, "Fjordvik Vekst");
    assert_eq!(plan.programme.area, "Fjordvik kommune");
    assert_eq!(
        plan.programme.vision.as_deref(),
        Some("Fjordvik – der ideane blir arbeidsplassar")
    );
    assert_eq!(
        (plan.programme.period.from, plan.programme.period.to),
        (2026, 2028)
    );
    assert_eq!(plan.programme.jobs_goal, Some(30));
    assert_eq!(
        plan.approval.board.map(|d| d.to_string()).as_deref(),
        Some("2026-11-27")
    );
    assert_eq!(
        plan.approval.council.map(|d| d.to_string()).as_deref(),
        Some("2026-12-10")
    );
    assert_eq!(
        plan.previous_results
            .as_ref()
            .and_then(|r| r.summary.as_deref()),
        Some("Første år ga gode resultater.")
    );

    let names: Vec<&str> = plan.focus_areas.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Industri", "Reiseliv", "Bærekraft"]);
    let industri = &plan.focus_areas[0];
    assert_eq!(
        industri.description.as_deref(),
        Some("Industri og leverandører.\n\nMer om industrien.")
    );
    assert_eq!(
        industri
            .job_targets
            .as_ref()
            .map(|t| t.values().sum::<i64>()),
        Some(16)
    );
    assert_eq!(industri.strategies.len(), 3);
    let a = &industri.strategies[0];
    assert_eq!(
        (a.name.as_str(), a.content.as_deref(), a.sdg),
        ("Teknologi", Some("Ny teknologi i bedriftene"), Some(9))
    );
    let budgets: Vec<i64> = a.projects.iter().map(|p| p.budget.0).collect();
    assert_eq!(budgets, [450_000, 1_250_000]);
    assert_eq!(a.projects[1].goal, None);
    let b = &industri.strategies[1];
    assert_eq!(
        (b.name.as_str(), b.content.as_deref(), b.projects.len()),
        ("Nettverk", None, 2)
    );
    assert_eq!(b.projects[0].goal, None);
    assert!(industri.strategies[2].projects.is_empty());
    assert_eq!(industri.grant_funds, Kroner(500_000));
    assert_eq!(industri.programme_resources, Kroner(100_000));

    let reiseliv = &plan.focus_areas[1];
    assert_eq!(
        reiseliv.strategies[0].content.as_deref(),
        Some("Nye produkter")
    );
    assert_eq!(reiseliv.strategies[0].projects[0].budget, Kroner(0));
    assert_eq!(reiseliv.grant_funds, Kroner(0));
    let baerekraft = &plan.focus_areas[2];
    assert_eq!(baerekraft.job_targets, None);
    assert_eq!(baerekraft.strategies[0].sdg, Some(13));
    assert_eq!(baerekraft.strategies[0].content, None);
    let f = &baerekraft.strategies[1];
    assert_eq!(
        (f.name.as_str(), f.content.as_deref(), f.sdg),
        ("Samarbeid", None, Some(17))
    );
    assert_eq!(f.projects[0].budget, Kroner(0));

    assert_eq!(plan.admin_costs, Kroner(400_000));
    let financing: Vec<(&str, Option<SourceKind>, Option<i64>)> = plan
        .financing
        .iter()
        .map(|f| (f.source.as_str(), f.kind, f.share.map(|s| s.hundredths())))
        .collect();
    assert_eq!(
        financing,
        [
            ("KDD", Some(SourceKind::State), Some(5000)),
            (
                "Vestland fylkeskommune",
                Some(SourceKind::County),
                Some(2500)
            ),
            (
                "Fjordvik kommune",
                Some(SourceKind::Municipality),
                Some(2500)
            ),
        ]
    );
    let months: Vec<i64> = plan.activities().iter().map(|a| a.month).collect();
    assert_eq!(months, [3, 12]);

    let found = |code: ImportCode| -> Vec<(String, String)> {
        imported
            .findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| (f.place.clone(), f.message.clone()))
            .collect()
    };
    // The job Sum column: 16 and 13 typed as 12; the year sum holds.
    let sums = found(ImportCode::SumDiffers);
    assert!(
        sums.iter()
            .any(|(w, m)| w.contains("tabell 1, rad 3, kolonne «Sum»") && m.contains("13")),
        "{sums:#?}"
    );
    // Industri: projects 450 000 + 1 250 000 + 200 000 = 1 900 000; area sum 2 400 000 typed 2 500 000.
    assert!(
        sums.iter().any(
            |(w, m)| w.starts_with("«Industri», tabell 2, rad 9, kolonne «Budsjett»")
                && m.contains("2\u{a0}500\u{a0}000")
                && m.contains("2\u{a0}400\u{a0}000")
        ),
        "{sums:#?}"
    );
    // Table 3.1: Sum kostnader for Industri is 2 500 000 typed, 2 500 000 computed (1 900 000 + 500 000 + 100 000): no finding there.
    assert!(
        !sums.iter().any(|(w, _)| w.contains("tabell 5, rad 2")),
        "{sums:#?}"
    );
    let numbers = found(ImportCode::Number);
    assert!(
        numbers.iter().any(|(w, m)| w
            .contains("«2.1 Reiseliv», tabell 3, rad 2, kolonne «Budsjett (kr)»")
            && m.contains("ca. 200 000")),
        "{numbers:#?}"
    );
    assert!(
        numbers.iter().any(|(_, m)| m.contains("Sommer")),
        "{numbers:#?}"
    );
    let placeholders = found(ImportCode::Placeholder);
    assert!(
        placeholders
            .iter()
            .any(|(w, _)| w.contains("tabell 3, rad 4")),
        "{placeholders:#?}"
    );
    let mismatches = found(ImportCode::AreaMismatch);
    assert!(
        mismatches.iter().any(|(_, m)| m.contains("Turisme")),
        "{mismatches:#?}"
    );
    assert!(found(ImportCode::Missing).is_empty());
}

#[test]
fn nynorsk_fixed_texts_make_an_nn_plan_and_a_document_without_a_plan_is_no_plan() {
    let body = [
        p("Handlingsplan 2026"),
        p("Behandla av styret i Havbygd 2. desember 2025"),
        p("2. Strategiar og tiltak for innsatsområda"),
        p("2.1 Havbruk"),
        p("Skildring: Havbruk og sjømat."),
        table(&[
            &["Strategi", "Prosjekt og tiltak", "Prosjektmål", "Budsjett"],
            &["A: Foredling", "Forstudie", "Grunnlag", "420 000"],
            &["Søkbare midlar", "-", "-", "1 500 000"],
        ]),
    ]
    .concat();
    let xml = format!(r#"<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#);
    let imported = import::import(&package(&xml)).expect("imports");
    assert_eq!(imported.plan.language, Language::Nynorsk);
    assert_eq!(imported.plan.focus_areas[0].grant_funds, Kroner(1_500_000));
    assert_eq!(
        imported.plan.focus_areas[0].description.as_deref(),
        Some("Havbruk og sjømat.")
    );
    // No job table, no 3.1, no financing, so no period either: each is a finding.
    let missing = imported
        .findings
        .iter()
        .filter(|f| f.code == ImportCode::Missing)
        .count();
    assert_eq!(missing, 4, "{:#?}", imported.findings);
    assert!(
        imported
            .findings
            .iter()
            .all(|f| f.message.contains("finst") || f.code != ImportCode::Missing)
    );
    assert_eq!(imported.plan.programme.area, "[kommune/region]");

    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body>{}</w:body></w:document>"#,
        p("Referat")
    );
    assert!(matches!(
        import::import(&package(&xml)),
        Err(import::ImportError::NoPlan(_))
    ));
}
