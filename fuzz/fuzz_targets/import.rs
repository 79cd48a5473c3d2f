//! Fuzz target for the Word importer (`crates/import`). The first byte chooses the shape:
//!
//! - even: the rest is the whole file, as arbitrary bytes or a mutated DOCX package;
//! - odd: the rest is `word/document.xml`, packed into a valid ZIP package first, so that
//!   mutations reach the XML reader and the plan reader instead of dying at the ZIP's CRC.
//!
//! Whatever comes in: no panic, an answer under the limits (a readable import or a
//! Norwegian error), and an imported plan evaluates and writes as a normal plan.

#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fn package(document: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", options).expect("start");
    zip.write_all(document).expect("write");
    zip.finish().expect("finish").into_inner()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        package(rest)
    };
    match import::import(&bytes) {
        Ok(imported) => {
            let evaluation = plan::handlingsplan::evaluate(&imported.plan);
            let _ = plan::handlingsplan::report::check_json(&evaluation);
            let _ = imported.to_json();
            let json = plan::handlingsplan::file::to_json(&imported.plan);
            plan::handlingsplan::file::read(&json, plan::Syntax::Json)
                .unwrap_or_else(|e| panic!("an imported plan does not read back: {e}\n{json}"));
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
});
