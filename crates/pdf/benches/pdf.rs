//! In-process PDF render of the Fjordvik plan, warm (fonts and library loaded,
//! Typst's caches and the finished PDFs as a server would have them after a first
//! render), compiled again with the finished PDFs forgotten, and with new data each time.

use criterion::{Criterion, criterion_group, criterion_main};

fn fjordvik() -> plan::handlingsplan::Plan {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/fjordvik-2027.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    plan::handlingsplan::file::read(&text, plan::Syntax::Json).expect("fixture reads")
}

/// The plan's document; built inside each iteration, as a server does per request.
fn document(plan: &plan::handlingsplan::Plan, evaluation: &plan::Evaluation) -> render::Document {
    render::handlingsplan::document(plan, evaluation, &render::Options::default())
}

fn bench(c: &mut Criterion) {
    let plan = fjordvik();
    let evaluation = plan::handlingsplan::evaluate(&plan);
    let options = pdf::Options::default();
    pdf::warm_up();
    // The same plan again: its finished PDF is kept (`pdf::finished`).
    c.bench_function("pdf fjordvik (warm)", |b| {
        b.iter(|| pdf::pdf(&document(&plan, &evaluation), &options).expect("pdf"))
    });
    // The same plan again with the finished PDFs forgotten: typeset (Typst's memo cache
    // answers the layout) and exported again.
    c.bench_function("pdf fjordvik (warm, compiled again)", |b| {
        b.iter(|| {
            pdf::finished::clear();
            pdf::pdf(&document(&plan, &evaluation), &options).expect("pdf")
        })
    });
    // A different plan each time: nothing of the document can come from Typst's cache.
    let mut changed = plan.clone();
    let mut n = 0i64;
    c.bench_function("pdf fjordvik (new data each time)", |b| {
        b.iter(|| {
            n += 1;
            changed.admin_costs = plan::Kroner(900_000 + n);
            let evaluation = plan::handlingsplan::evaluate(&changed);
            pdf::pdf(&document(&changed, &evaluation), &options).expect("pdf")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
