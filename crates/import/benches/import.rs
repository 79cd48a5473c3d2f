//! Import time of the Fjordvik document (the public import fixture typed into the
//! template) in process: DOCX bytes in, plan and findings out. See docs/benchmarks.md.

use criterion::{Criterion, criterion_group, criterion_main};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../../shared/import-fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn bench(c: &mut Criterion) {
    let template = fixture("fjordvik-template.docx");
    c.bench_function("import fjordvik-template.docx", |b| {
        b.iter(|| import::import(std::hint::black_box(&template)).expect("imports"))
    });
    // This project's own DOCX of the same plan (rendered once, outside the timing).
    let text = std::fs::read_to_string(format!(
        "{}/../../../shared/fixtures/fjordvik-2027.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture plan");
    let plan = plan::handlingsplan::file::read(&text, plan::Syntax::Json).expect("valid plan");
    let evaluation = plan::handlingsplan::evaluate(&plan);
    let document = render::handlingsplan::document(&plan, &evaluation, &render::Options::default());
    let own = render::docx(&document).expect("renders");
    c.bench_function("import own render of fjordvik-2027.json", |b| {
        b.iter(|| import::import(std::hint::black_box(&own)).expect("imports"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
