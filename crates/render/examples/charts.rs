//! Writes a plan's three charts as SVG and PNG (2× scale), for the docs:
//! `cargo run -p render --example charts -- ../shared/fixtures/fjordvik-2027.json docs/charts`

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(file), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: charts PLAN_FILE OUT_DIR".into());
    };
    let text = std::fs::read_to_string(&file)?;
    let syntax =
        plan::Syntax::from_path(&file).ok_or("the plan file must end in .json or .toml")?;
    let plan = plan::handlingsplan::file::read(&text, syntax)?;
    let evaluation = plan::handlingsplan::evaluate(&plan);
    let doc = render::handlingsplan::document(&plan, &evaluation, &render::Options::default());
    std::fs::create_dir_all(&out)?;
    for chart in doc
        .figures()
        .filter_map(|figure| render::chart::for_figure(figure, doc.language))
    {
        let base = Path::new(&out).join(chart.name);
        std::fs::write(base.with_extension("svg"), &chart.svg)?;
        std::fs::write(base.with_extension("png"), render::chart::png(&chart, 2.0)?)?;
        println!("{}: {}", chart.name, chart.alt);
    }
    Ok(())
}
