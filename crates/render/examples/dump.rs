//! Writes a plan's DOCX, HTML and Markdown into a directory, to look at them
//! (development aid): `cargo run -p render --example dump -- PLAN OUT_DIR`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: dump PLAN_FILE OUT_DIR".into());
    };
    let text = std::fs::read_to_string(&path)?;
    let syntax =
        plan::Syntax::from_path(&path).ok_or("the plan file must end in .json or .toml")?;
    let plan = plan::handlingsplan::file::read(&text, syntax)?;
    let evaluation = plan::handlingsplan::evaluate(&plan);
    let doc = render::handlingsplan::document(&plan, &evaluation, &render::Options::default());
    let out = std::path::Path::new(&out);
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("out.docx"), render::docx(&doc)?)?;
    std::fs::write(out.join("out.html"), render::html(&doc)?)?;
    std::fs::write(out.join("out.md"), render::markdown(&doc)?)?;
    Ok(())
}
