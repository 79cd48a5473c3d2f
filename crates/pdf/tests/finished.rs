//! Renders one after another in one process: the cache of finished PDFs
//! (`pdf::finished`) and what Typst keeps between compilations. A test binary of its own,
//! and its tests take turns ([`one_at_a_time`]), so no other render comes between two
//! renders of a test and the cache's counts are this file's alone.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use plan::handlingsplan::Plan;

static TURN: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(PoisonError::into_inner)
}

fn read_plan(name: &str) -> Plan {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures"
    ))
    .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    let syntax = plan::Syntax::from_path(name).expect("known extension");
    plan::handlingsplan::file::read(&text, syntax).expect("fixture reads")
}

fn render(plan: &Plan, options: &pdf::Options) -> Vec<u8> {
    let evaluation = plan::handlingsplan::evaluate(plan);
    let document = render::handlingsplan::document(plan, &evaluation, &render::Options::default());
    pdf::pdf(&document, options).expect("pdf renders")
}

/// A render that cannot come from the cache.
fn render_afresh(plan: &Plan, options: &pdf::Options) -> Vec<u8> {
    pdf::finished::clear();
    render(plan, options)
}

/// The options of a PDF dated `year`-`month`-`day`.
fn dated(year: i32, month: u8, day: u8) -> pdf::Options {
    pdf::Options {
        today: Some(pdf::Today { year, month, day }),
        ..pdf::Options::default()
    }
}

fn with_admin_costs(plan: &Plan, kroner: i64) -> Plan {
    let mut changed = plan.clone();
    changed.admin_costs = plan::Kroner(kroner);
    changed
}

#[test]
fn the_same_document_again_gets_the_kept_pdf_and_a_changed_one_its_own() {
    let _turn = one_at_a_time();
    let fjordvik = read_plan("fjordvik-2027.json");
    let options = pdf::Options::default();
    let first = render_afresh(&fjordvik, &options);
    let before = pdf::finished::stats();
    assert_eq!(before.entries, 1);

    let again = render(&fjordvik, &options);
    let after = pdf::finished::stats();
    assert_eq!(again, first);
    assert_eq!(
        after.hits,
        before.hits + 1,
        "the second render is the kept PDF"
    );
    assert_eq!(after.misses, before.misses);

    // One number changed: compiled, not the kept PDF, and the same as a fresh render.
    let changed = with_admin_costs(&fjordvik, fjordvik.admin_costs.0 + 1);
    let changed_pdf = render(&changed, &options);
    assert_eq!(pdf::finished::stats().misses, after.misses + 1);
    assert_ne!(changed_pdf, first, "the changed number shows");
    assert_eq!(changed_pdf, render_afresh(&changed, &options));

    // Another date, or the archive copy, of the same document kept: not the kept PDF.
    assert_eq!(render(&fjordvik, &options), first);
    let dated = dated(2026, 12, 4);
    let misses = pdf::finished::stats().misses;
    let dated_pdf = render(&fjordvik, &dated);
    assert_ne!(dated_pdf, first);
    let archived = pdf::Options {
        archive: Some(pdf::Archive {
            date: pdf::Today {
                year: 2026,
                month: 12,
                day: 4,
            },
            description: "Handlingsplan 2027, vedtatt".into(),
            author: "Omstilling Fjordvik".into(),
            keywords: vec!["2027".into()],
            ident: "fjordvik/2027/1".into(),
        }),
        ..pdf::Options::default()
    };
    let archived_pdf = render(&fjordvik, &archived);
    assert_eq!(pdf::finished::stats().misses, misses + 2);
    assert!(String::from_utf8_lossy(&archived_pdf).contains("pdfaid:part"));
    assert!(!String::from_utf8_lossy(&first).contains("pdfaid:part"));
}

#[test]
fn the_cache_stays_within_its_bounds() {
    let _turn = one_at_a_time();
    pdf::finished::clear();
    let minimal = read_plan("valid/minimal.json");
    let options = pdf::Options::default();
    let mut pdfs = Vec::new();
    for n in 0..pdf::finished::MAX_ENTRIES as i64 + 4 {
        pdfs.push(render(&with_admin_costs(&minimal, 100_000 + n), &options));
        let stats = pdf::finished::stats();
        assert!(stats.entries <= pdf::finished::MAX_ENTRIES, "{stats:?}");
        assert!(stats.bytes <= pdf::finished::MAX_BYTES, "{stats:?}");
    }
    // The newest are kept, the oldest forgotten.
    let hits = pdf::finished::stats().hits;
    let newest = pdfs.len() as i64 - 1;
    assert_eq!(
        render(&with_admin_costs(&minimal, 100_000 + newest), &options),
        pdfs[newest as usize]
    );
    assert_eq!(pdf::finished::stats().hits, hits + 1);
    let misses = pdf::finished::stats().misses;
    assert_eq!(
        render(&with_admin_costs(&minimal, 100_000), &options),
        pdfs[0]
    );
    assert_eq!(pdf::finished::stats().misses, misses + 1);
}

#[test]
fn renders_are_reproducible_without_a_date_and_dated_with_one() {
    let _turn = one_at_a_time();
    let plan = read_plan("valid/minimal.json");
    let first = render_afresh(&plan, &pdf::Options::default());
    let second = render_afresh(&plan, &pdf::Options::default());
    assert_eq!(first, second, "same plan, same bytes");
    let dated = dated(2026, 11, 26);
    let text = String::from_utf8_lossy(&render_afresh(&plan, &dated)).into_owned();
    assert!(text.contains("D:20261126"), "the creation date is set");
    assert!(!String::from_utf8_lossy(&first).contains("D:2026"));
}

/// The renderer keeps the last main source and uses it again when the markup is the same
/// text, and Typst keeps its memo cache; the bytes must not depend on what was rendered
/// before.
#[test]
fn a_render_does_not_depend_on_the_render_before_it() {
    let _turn = one_at_a_time();
    let fjordvik = read_plan("fjordvik-2027.json");
    let changed = with_admin_costs(&fjordvik, fjordvik.admin_costs.0 + 7);
    let other = read_plan("havbygd-2026-nn.toml");
    let options = pdf::Options::default();
    // After a different plan.
    render_afresh(&other, &options);
    let after_other = render_afresh(&changed, &options);
    // After the same plan with one number different, and after itself.
    let original = render_afresh(&fjordvik, &options);
    let after_original = render_afresh(&changed, &options);
    assert_ne!(original, after_original, "the changed number shows");
    let again = render_afresh(&changed, &options);
    assert!(
        again == after_original,
        "the same markup again, the same bytes"
    );
    assert!(
        after_other == after_original,
        "the same plan gives the same bytes whatever was rendered before it"
    );
}
