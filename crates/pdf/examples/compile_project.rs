//! Compiles a Typst project directory written by the example `typst_project` (its
//! `main.typ` and `charts/`) in this crate's world, once: for measuring what a change of
//! the markup costs under callgrind without rebuilding the renderer.
//! `cargo run --release -p pdf --example compile_project -- DIR [OUT.pdf]`

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: compile_project DIR [OUT.pdf]")?;
    let dir = Path::new(&dir);
    let markup = std::fs::read_to_string(dir.join("main.typ"))?;
    let mut files = Vec::new();
    for path in [
        "/charts/jobs.svg",
        "/charts/results.svg",
        "/charts/wheel.svg",
    ] {
        if let Ok(data) = std::fs::read(dir.join(path.trim_start_matches('/'))) {
            files.push((path, data));
        }
    }
    let bytes = pdf::typeset(markup, files, None)?;
    if let Some(out) = args.next() {
        std::fs::write(out, bytes)?;
    }
    Ok(())
}
