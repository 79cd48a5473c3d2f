//! Writes the Typst project our PDF renderer compiles in memory to a directory, so the
//! Typst CLI can compile the same markup with the same fonts for the benchmark in
//! `docs/benchmarks.md`:
//!
//! ```text
//! cargo run --release -p pdf --example typst_project -- PLAN_FILE DIR
//! typst compile --root DIR --font-path DIR/fonts --ignore-system-fonts \
//!     --features a11y-extras --pdf-standard ua-1 DIR/main.typ out.pdf
//! ```

use std::path::Path;

use render::chart;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = args.next().ok_or("usage: typst_project PLAN_FILE DIR")?;
    let dir = args.next().ok_or("usage: typst_project PLAN_FILE DIR")?;
    let dir = Path::new(&dir);
    let text = std::fs::read_to_string(&file)?;
    let syntax =
        plan::Syntax::from_path(&file).ok_or("the plan file must end in .json or .toml")?;
    let plan = plan::handlingsplan::file::read(&text, syntax)?;
    let evaluation = plan::handlingsplan::evaluate(&plan);
    // The same project as `pdf::pdf` compiles (no logo).
    let document = render::handlingsplan::document(&plan, &evaluation, &render::Options::default());
    let project = pdf::project(&document)?;
    for (path, data) in &project.files {
        let path = dir.join(path.trim_start_matches('/'));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, data)?;
    }
    std::fs::create_dir_all(dir.join("fonts"))?;
    std::fs::write(dir.join("main.typ"), project.markup)?;
    let names = ["Regular", "Bold", "Italic", "BoldItalic"];
    for (data, name) in chart::FONTS.iter().zip(names) {
        std::fs::write(dir.join(format!("fonts/NotoSans-{name}.ttf")), data)?;
    }
    Ok(())
}
