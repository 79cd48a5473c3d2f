//! The document model: order and numbering of §5, sums taken from the evaluation,
//! spans, notes, figures, nynorsk and the draft markers.

mod common;

use render::document::{Block, CellKind, FigureKind, RowKind, TableRole};
use render::handlingsplan::document as build;
use render::{Options, text};

fn headings(doc: &render::Document) -> Vec<String> {
    doc.contents
        .entries
        .iter()
        .map(|h| h.numbered_text())
        .collect()
}

#[test]
fn fjordvik_has_every_section_numbered_in_order() {
    let (plan, evaluation) = common::fjordvik();
    let doc = build(&plan, &evaluation, &Options::default());
    assert_eq!(
        headings(&doc),
        [
            "1 Mål og innsatsområder fra Omstillingsplan",
            "1.1 Resultater fra tidligere omstillingsår",
            "2 Strategier og tiltak for innsatsområdene",
            "2.1 Industri og leverandørnæring",
            "2.2 Reiseliv og opplevelser",
            "2.3 Nytt næringsliv og gründere",
            "2.4 Attraktivitet og kompetanse",
            "2.5 Bærekraft",
            "3 Ressursinnsats og finansiering",
            "3.1 Ressursinnsats fordelt på innsatsområdene",
            "3.2 Finansiering",
            "4 Kommunikasjonsplan",
        ]
    );
    let ids: Vec<&str> = doc.contents.entries.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids[1], "seksjon-1-1");
    assert_eq!(ids[7], "seksjon-2-5");
    assert_eq!(doc.front.title, "Handlingsplan 2027");
    assert_eq!(doc.front.subtitle, "Omstilling i Fjordvik kommune");
    assert_eq!(
        doc.front.approvals,
        [
            "Behandlet av styret i Fjordvik Vekst 27. november 2026",
            "Godkjent av kommunestyret 10. desember 2026"
        ]
    );
    assert_eq!(doc.front.draft, None);
}

#[test]
fn tables_hold_the_computed_totals() {
    let (plan, evaluation) = common::fjordvik();
    let totals = &evaluation.totals;
    let doc = build(&plan, &evaluation, &Options::default());
    let fmt = |k: plan::Kroner| plan::norwegian::amount(k);

    let resources = doc
        .tables()
        .find(|t| t.role == TableRole::Resources)
        .unwrap();
    let last = resources.body.last().unwrap();
    assert_eq!(last.kind, RowKind::Total);
    assert_eq!(last.cells.last().unwrap().text, fmt(totals.total_cost));
    let delsum = resources
        .body
        .iter()
        .find(|r| r.kind == RowKind::Sum)
        .unwrap();
    assert_eq!(delsum.cells[4].text, fmt(totals.subtotal.total_costs));

    let financing = doc
        .tables()
        .find(|t| t.role == TableRole::Financing)
        .unwrap();
    let lines = totals.financing.as_ref().unwrap();
    for (row, line) in financing.body.iter().zip(lines) {
        assert_eq!(row.cells[0].text, line.source);
        assert_eq!(row.cells[2].text, fmt(line.amount));
    }
    assert_eq!(financing.body.last().unwrap().cells[1].text, "100\u{a0}%");

    // One strategy table per area, its strategy cells spanning their projects.
    let strategies: Vec<_> = doc
        .tables()
        .filter(|t| t.role == TableRole::Strategies)
        .collect();
    assert_eq!(strategies.len(), plan.focus_areas.len());
    let first = strategies[0];
    assert_eq!(first.body[0].cells[0].row_span, 2);
    assert!(
        first.body[0].cells[0]
            .text
            .starts_with("A: Bedriftsrettede tiltak – ")
    );
    assert_eq!(first.body[1].cells[0].kind, CellKind::Covered);
    assert!(
        first.body[3].cells[0]
            .text
            .starts_with("C: Kompetanse i industrien")
    );
    assert_eq!(first.body[3].cells[1].text, "Ingen prosjekter i 2027");
    let area_sum = first.body.last().unwrap();
    assert_eq!(area_sum.cells[0].text_with_marker(), "Sum innsatsområde*");
    assert_eq!(area_sum.cells[1].text, fmt(totals.focus_areas[0].area_sum));
    // Letters continue across areas; SDGs are named.
    let last = strategies[4];
    assert!(last.body[0].cells[0].text.starts_with("J: Miljø"));
    assert!(
        last.body[0].cells[0]
            .text
            .ends_with("\n13. Stoppe klimaendringene")
    );

    // Job targets: areas without targets get dashes and a note.
    let jobs = doc
        .tables()
        .find(|t| t.role == TableRole::JobTargets)
        .unwrap();
    let sum = jobs.body.iter().find(|r| r.kind == RowKind::Sum).unwrap();
    assert_eq!(
        sum.cells.last().unwrap().text,
        totals.jobs.total.to_string()
    );
    let without: Vec<_> = jobs
        .body
        .iter()
        .filter(|r| r.cells[1].kind == CellKind::Dash)
        .collect();
    assert_eq!(without.len(), totals.jobs.without_targets.len());
    assert!(
        without
            .iter()
            .all(|r| r.cells[1..].iter().all(|c| c.text == "–"))
    );
    assert_eq!(jobs.notes.len(), 1);
}

#[test]
fn goal_sentence_and_results_use_the_totals() {
    let (plan, evaluation) = common::fjordvik();
    let doc = build(&plan, &evaluation, &Options::default());
    let texts: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            _ => None,
        })
        .collect();
    let goal = format!(
        "skal bidra til å sikre og skape {} arbeidsplasser i perioden 2025 til 2030. For 2027 er målet {} arbeidsplasser.",
        evaluation.totals.jobs.total, evaluation.totals.jobs.this_year
    );
    assert!(texts.iter().any(|t| t.contains(&goal)), "{texts:#?}");
    let overview = doc
        .tables()
        .find(|t| t.role == TableRole::ResultsOverview)
        .unwrap();
    // 2025: target 4+2+3 = 9, achieved 7+1+4 = 12 → 133 %.
    assert_eq!(overview.body[0].cells[1].text, "9");
    assert_eq!(overview.body[0].cells[4].text, "12");
    assert_eq!(overview.body[0].cells[5].text, "133\u{a0}%");
    let figures: Vec<_> = doc.figures().collect();
    assert_eq!(figures.len(), 3);
    match &figures[2].kind {
        FigureKind::YearWheel { months, .. } => {
            assert_eq!(months.len(), 12);
            assert_eq!(months[9], ["Programstatusvurdering"]);
        }
        other => panic!("third figure is {other:?}"),
    }
    assert!(figures[2].alt.contains("oktober: Programstatusvurdering"));
}

#[test]
fn nynorsk_document_uses_nynorsk_texts() {
    let (plan, evaluation) = common::havbygd();
    let doc = build(&plan, &evaluation, &Options::default());
    let h = headings(&doc);
    assert_eq!(h[0], "1 Mål og innsatsområde frå omstillingsplanen");
    assert_eq!(h[2], "2 Strategiar og tiltak for innsatsområda");
    assert_eq!(doc.contents.title, "Innhald");
    assert_eq!(
        doc.front.approvals,
        ["Behandla av styret i Havbygd 2031 2. desember 2025"]
    );
    let first_year = doc
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Paragraph(p) if p.text == text::NYNORSK.first_year));
    assert!(first_year, "first-year text missing");
    let resources = doc
        .tables()
        .find(|t| t.role == TableRole::Resources)
        .unwrap();
    assert_eq!(
        resources.body.last().unwrap().cells[0].text,
        "Samla kostnad"
    );
}

#[test]
fn drafts_are_marked() {
    let (mut plan, _) = common::fjordvik();
    plan.approval.board = None;
    plan.approval.council = None;
    let evaluation = plan::handlingsplan::evaluate(&plan);
    let doc = build(&plan, &evaluation, &Options::default());
    assert_eq!(doc.front.draft.as_deref(), Some("Utkast"));

    let (plan, evaluation) =
        common::load(&common::shared_fixtures().join("invalid/shares-not-100.json"));
    assert!(evaluation.has_errors());
    let doc = build(&plan, &evaluation, &Options::default());
    assert_eq!(doc.front.draft.as_deref(), Some("Utkast – planen har feil"));
    assert!(doc.front.has_errors);
}

#[test]
fn file_names_are_ascii_slugs() {
    let (plan, _) = common::fjordvik();
    assert_eq!(
        render::handlingsplan::file_name(&plan, "docx"),
        "handlingsplan-2027-fjordvik-kommune.docx"
    );
    let (plan, _) = common::havbygd();
    assert_eq!(
        render::handlingsplan::file_name(&plan, "md"),
        "handlingsplan-2026-indre-havbygd.md"
    );
}

// ---- the Omstillingsplan's document ----

fn fjordvik_op() -> (
    plan::omstillingsplan::Omstillingsplan,
    render::omstillingsplan::Evaluation,
) {
    let path = common::op_fixtures().join("fjordvik.op.json");
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    let op = plan::omstillingsplan::file::read(&text, plan::Syntax::Json).expect("reads");
    let evaluation = plan::omstillingsplan::evaluate(&op);
    (op, evaluation)
}

#[test]
fn omstillingsplan_has_the_sections_of_spec_6_in_order() {
    let (op, evaluation) = fjordvik_op();
    let doc = render::omstillingsplan::document(&op, &evaluation, &Options::default());
    let mut expected = vec![
        "1 Bakgrunn".to_owned(),
        "2 Visjon og mål".to_owned(),
        "3 Innsatsområder".to_owned(),
    ];
    for (i, area) in op.focus_areas.iter().enumerate() {
        expected.push(format!("3.{} {}", i + 1, area.name));
    }
    expected.extend([
        "4 Organisering".to_owned(),
        "5 Ressursinnsats og finansiering".to_owned(),
        "6 Kommunikasjonsstrategi".to_owned(),
    ]);
    assert_eq!(headings(&doc), expected);
    assert_eq!(doc.front.title, "Omstillingsplan 2025–2030");
    assert_eq!(doc.front.subtitle, "Omstilling i Fjordvik kommune");
    assert_eq!(
        render::file_name(&doc, "pdf"),
        "omstillingsplan-2025-2030-fjordvik-kommune.pdf"
    );
    assert_eq!(
        render::omstillingsplan::file_name(&op, ".docx"),
        "omstillingsplan-2025-2030-fjordvik-kommune.docx"
    );

    // The job-target table as in the Handlingsplan; its chart marks no year.
    let jobs = doc
        .tables()
        .find(|t| t.role == TableRole::JobTargets)
        .expect("job-target table");
    let sum = jobs.body.iter().find(|r| r.kind == RowKind::Sum).unwrap();
    assert_eq!(
        sum.cells.last().unwrap().text,
        plan::norwegian::integer(evaluation.totals.jobs.total)
    );
    match &doc.figures().next().expect("job chart").kind {
        FigureKind::JobTargets { year, .. } => assert_eq!(*year, None),
        other => panic!("first figure is {other:?}"),
    }

    // Strategies: a lettered list per area, the letters going on across areas.
    let lists: Vec<&Vec<(String, String)>> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::LetteredList(items) => Some(items),
            _ => None,
        })
        .collect();
    assert_eq!(lists.len(), op.focus_areas.len());
    let letters: Vec<&str> = lists
        .iter()
        .flat_map(|l| l.iter().map(|(letter, _)| letter.as_str()))
        .collect();
    assert_eq!(
        letters,
        evaluation
            .totals
            .strategy_letters
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    assert!(lists[0][0].1.starts_with("Bedriftsrettede tiltak – "));

    // The frame table: a row per area with a frame, their sum, the programme's frame.
    let frames = evaluation
        .totals
        .frames
        .as_ref()
        .expect("fjordvik has frames");
    let table = doc
        .tables()
        .find(|t| t.role == TableRole::Frames)
        .expect("frame table");
    assert_eq!(table.sheet.as_deref(), Some("Økonomisk ramme"));
    let sum = table.body.iter().find(|r| r.kind == RowKind::Sum).unwrap();
    assert_eq!(sum.cells[0].text, "Sum innsatsområdene");
    for (i, value) in frames.areas.per_year.iter().enumerate() {
        assert_eq!(sum.cells[1 + i].text, plan::norwegian::amount(*value));
    }
    assert_eq!(
        sum.cells.last().unwrap().text,
        plan::norwegian::amount(frames.areas.total)
    );
    if let Some(programme) = &frames.programme {
        let total = table
            .body
            .iter()
            .find(|r| r.kind == RowKind::Total)
            .unwrap();
        assert_eq!(
            total.cells.last().unwrap().text,
            plan::norwegian::amount(programme.total)
        );
    }
}

#[test]
fn omstillingsplan_leaves_out_empty_optional_sections_and_speaks_nynorsk() {
    let (mut op, _) = fjordvik_op();
    op.background = None;
    op.organisation = Some("  \n ".to_owned());
    op.communication_strategy = None;
    op.language = plan::Language::Nynorsk;
    let evaluation = plan::omstillingsplan::evaluate(&op);
    let doc = render::omstillingsplan::document(&op, &evaluation, &Options::default());
    let numbered: Vec<String> = headings(&doc)
        .into_iter()
        .filter(|h| !h.contains('.'))
        .collect();
    assert_eq!(
        numbered,
        [
            "1 Visjon og mål",
            "2 Innsatsområde",
            "3 Ressursinnsats og finansiering"
        ]
    );
    let texts: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => p.label.as_deref(),
            _ => None,
        })
        .collect();
    for label in ["Hovudmål", "Skildring", "Effektmål", "Strategiar"] {
        assert!(texts.contains(&label), "{label} in {texts:?}");
    }
    assert!(
        doc.front.draft.is_none(),
        "fjordvik's Omstillingsplan is treated by the board"
    );
    assert!(doc.front.approvals[0].starts_with("Behandla av styret i Fjordvik Vekst"));
}
