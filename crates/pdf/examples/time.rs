//! Renders a plan to PDF a few times and prints how long each render took:
//! `cargo run -p pdf --example time -- ../shared/fixtures/fjordvik-2027.json [OUT.pdf]`

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = args.next().ok_or("usage: time PLAN_FILE [OUT.pdf]")?;
    let text = std::fs::read_to_string(&file)?;
    let syntax =
        plan::Syntax::from_path(&file).ok_or("the plan file must end in .json or .toml")?;
    let plan = plan::file::read(&text, syntax)?;
    let evaluation = plan::evaluate(&plan);
    let mut bytes = Vec::new();
    for round in 1..=4 {
        let start = Instant::now();
        bytes = pdf::pdf(
            &render::handlingsplan::document(&plan, &evaluation, &render::Options::default()),
            &pdf::Options::default(),
        )?;
        println!(
            "render {round}: {:.1} ms",
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
    if let Some(out) = args.next() {
        std::fs::write(out, &bytes)?;
    }
    Ok(())
}
