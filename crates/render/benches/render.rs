//! In-process render time per format for the Fjordvik plan (`../shared/fixtures`):
//! `cargo bench -p render --bench render`. The plan is read and evaluated once; each
//! iteration builds the document and renders it to bytes. Figures go to
//! `docs/benchmarks.md`; no timing is asserted anywhere.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use render::Options;

fn fjordvik() -> (plan::handlingsplan::Plan, plan::Evaluation) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/fjordvik-2027.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    let plan = plan::handlingsplan::file::read(&text, plan::Syntax::Json).expect("plan");
    let evaluation = plan::handlingsplan::evaluate(&plan);
    (plan, evaluation)
}

fn formats(c: &mut Criterion) {
    let (plan, evaluation) = fjordvik();
    let options = Options::default();
    let mut group = c.benchmark_group("fjordvik");
    group.bench_function("document", |b| {
        b.iter(|| render::handlingsplan::document(black_box(&plan), &evaluation, &options))
    });
    let doc = |plan: &plan::handlingsplan::Plan| {
        render::handlingsplan::document(plan, &evaluation, &options)
    };
    group.bench_function("docx", |b| {
        b.iter(|| render::docx(&doc(black_box(&plan))).expect("docx"))
    });
    group.bench_function("html", |b| {
        b.iter(|| render::html(&doc(black_box(&plan))).expect("html"))
    });
    group.bench_function("markdown", |b| {
        b.iter(|| render::markdown(&doc(black_box(&plan))).expect("md"))
    });
    group.finish();
}

criterion_group!(benches, formats);
criterion_main!(benches);
