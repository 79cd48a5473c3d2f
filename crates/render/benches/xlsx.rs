//! XLSX and chart rendering of the Fjordvik plan.

use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/fjordvik-2027.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    let plan = plan::file::read(&text, plan::Syntax::Json).expect("fixture reads");
    let evaluation = plan::evaluate(&plan);
    c.bench_function("xlsx fjordvik", |b| {
        b.iter(|| render::xlsx::xlsx(&plan, &evaluation).expect("xlsx"))
    });
    c.bench_function("charts fjordvik (3 SVG)", |b| {
        b.iter(|| {
            let results = plan::compute::results_by_year(&plan);
            (
                render::chart::jobs_svg(&plan, &evaluation.totals),
                render::chart::results_svg(&plan, &results),
                render::chart::wheel_svg(&plan),
            )
        })
    });
    let chart = render::chart::jobs_svg(&plan, &evaluation.totals).expect("chart");
    c.bench_function("chart PNG 2x (jobs)", |b| {
        b.iter(|| render::chart::png(&chart, 2.0).expect("png"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
