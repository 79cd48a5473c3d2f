//! Renders a plan to PDF a few times and prints how long each render took:
//! `cargo run -p pdf --example time -- ../shared/fixtures/fjordvik-2027.json [OUT.pdf]`
//!
//! `ROUNDS=n` sets the number of renders (4 by default); `NEW_DATA=1` changes a number
//! in the plan before each render after the first, as `pdf fjordvik (new data each time)`
//! of the criterion bench does; `CLEAR=1` forgets the finished PDFs before each render
//! (`pdf::finished::clear`), so the same plan is compiled again. `crates/pdf/benches/instructions.sh` counts the
//! instructions of each render under callgrind with it.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = args.next().ok_or("usage: time PLAN_FILE [OUT.pdf]")?;
    let rounds: i64 = match std::env::var("ROUNDS") {
        Ok(rounds) => rounds.parse()?,
        Err(_) => 4,
    };
    let new_data = std::env::var("NEW_DATA").is_ok_and(|value| value == "1");
    let clear = std::env::var("CLEAR").is_ok_and(|value| value == "1");
    let text = std::fs::read_to_string(&file)?;
    let syntax =
        plan::Syntax::from_path(&file).ok_or("the plan file must end in .json or .toml")?;
    let mut plan = plan::handlingsplan::file::read(&text, syntax)?;
    let mut bytes = Vec::new();
    for round in 1..=rounds {
        if new_data && round > 1 {
            plan.admin_costs = plan::Kroner(plan.admin_costs.0 + 1);
        }
        if clear {
            pdf::finished::clear();
        }
        let start = Instant::now();
        let evaluation = plan::handlingsplan::evaluate(&plan);
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
