//! Writes a plan's HTML and Markdown to /tmp for a look (development aid).
fn main() {
    let path = std::env::args().nth(1).expect("plan file");
    let text = std::fs::read_to_string(&path).expect("read");
    let plan = plan::file::read(&text, plan::Syntax::from_path(&path).expect("ext")).expect("plan");
    let evaluation = plan::evaluate(&plan);
    let options = render::Options::default();
    std::fs::write(
        "/tmp/docs-look/out.html",
        render::html(&plan, &evaluation, &options).expect("html"),
    )
    .expect("w");
    std::fs::write(
        "/tmp/docs-look/out.docx",
        render::docx(&plan, &evaluation, &options).expect("docx"),
    )
    .expect("w");
    std::fs::write(
        "/tmp/docs-look/out.md",
        render::markdown(&plan, &evaluation, &options).expect("md"),
    )
    .expect("w");
}
