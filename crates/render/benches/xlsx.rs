//! XLSX and chart rendering of the Fjordvik plan.

use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/fjordvik-2027.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    let plan = plan::handlingsplan::file::read(&text, plan::Syntax::Json).expect("fixture reads");
    let evaluation = plan::handlingsplan::evaluate(&plan);
    let doc = render::handlingsplan::document(&plan, &evaluation, &render::Options::default());
    c.bench_function("xlsx fjordvik", |b| {
        b.iter(|| render::xlsx::xlsx(&doc).expect("xlsx"))
    });
    c.bench_function("charts fjordvik (3 SVG)", |b| {
        b.iter(|| render::Charts::draw(&doc))
    });
    let chart = doc
        .figures()
        .find_map(|figure| render::chart::for_figure(figure, doc.language))
        .expect("chart");
    c.bench_function("chart PNG 2x (jobs)", |b| {
        b.iter(|| render::chart::png(&chart, 2.0).expect("png"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
