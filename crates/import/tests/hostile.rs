//! Hostile and broken input: a zip bomb, a lying size header, too many entries, deep
//! nesting, a DTD with external or expanding entities, an undeclared entity, a huge
//! table, truncated and bit-flipped packages, plain garbage. Each gets an
//! `ImportError::Unreadable` with a Norwegian message (or, for a mutated but still
//! readable package, an import), never a panic; memory stays bounded by the limits.

mod common;

use std::io::Write;

use import::{ImportError, Limits, import, import_with};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A DOCX package with these parts, deflated.
fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for (name, data) in parts {
        zip.start_file(*name, options).expect("start");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

fn document(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
    );
    package(&[("word/document.xml", xml.as_bytes())])
}

fn unreadable(result: Result<import::Import, ImportError>) -> String {
    match result {
        Err(ImportError::Unreadable(message)) => message,
        other => panic!("expected an unreadable-file error, got {other:?}"),
    }
}

#[test]
fn a_zip_bomb_is_refused_without_inflating_it() {
    // 64 MiB of spaces inside the document part: a few hundred KiB deflated.
    let mut xml = format!(r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>"#).into_bytes();
    xml.extend(std::iter::repeat_n(b' ', 64 * 1024 * 1024));
    xml.extend(b"</w:t></w:r></w:p></w:body></w:document>");
    let bomb = package(&[("word/document.xml", &xml)]);
    drop(xml);
    assert!(
        bomb.len() < 2 * 1024 * 1024,
        "the bomb is small: {}",
        bomb.len()
    );
    let message = unreadable(import(&bomb));
    assert!(message.contains("zip-bombe"), "{message}");
}

#[test]
fn the_decompressed_limit_holds_whatever_the_header_says() {
    // The same check with a small limit, so it is cheap; the header's size is honest
    // here, and the reader also stops at the limit when it is not (Read::take).
    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>"#,
        "x".repeat(2 * 1024 * 1024)
    );
    let docx = package(&[("word/document.xml", xml.as_bytes())]);
    let limits = Limits {
        max_part: 1024 * 1024,
        ..Limits::default()
    };
    let message = unreadable(import_with(&docx, &limits));
    assert!(message.contains("pakkes ut"), "{message}");
}

#[test]
fn too_large_files_and_too_many_entries_are_refused() {
    let limits = Limits {
        max_file: 100,
        ..Limits::default()
    };
    let docx = document(&"<w:p/>".repeat(1000));
    assert!(unreadable(import_with(&docx, &limits)).contains("MB"));

    let names: Vec<String> = (0..3000).map(|i| format!("junk/{i}.xml")).collect();
    let parts: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), b"<a/>".as_slice()))
        .collect();
    let message = unreadable(import(&package(&parts)));
    assert!(message.contains("deler"), "{message}");
}

#[test]
fn deep_nesting_is_refused() {
    let depth = 100_000;
    let body = format!(
        "{}{}",
        "<w:tbl><w:tr><w:tc>".repeat(depth),
        "</w:tc></w:tr></w:tbl>".repeat(depth)
    );
    let message = unreadable(import(&document(&body)));
    assert!(message.contains("nøstet"), "{message}");

    let body = format!(
        "<w:p>{}{}</w:p>",
        "<w:r>".repeat(depth),
        "</w:r>".repeat(depth)
    );
    assert!(unreadable(import(&document(&body))).contains("nøstet"));
}

#[test]
fn entities_are_never_expanded() {
    let external = format!(
        r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let message = unreadable(import(&package(&[(
        "word/document.xml",
        external.as_bytes(),
    )])));
    assert!(message.contains("DOCTYPE"), "{message}");

    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#
    );
    assert!(
        unreadable(import(&package(&[(
            "word/document.xml",
            laughs.as_bytes()
        )])))
        .contains("DOCTYPE")
    );

    let undeclared = document("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>");
    assert!(unreadable(import(&undeclared)).contains("&xxe;"));
}

#[test]
fn a_huge_table_is_refused_quickly() {
    let row =
        "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>";
    let body = format!("<w:tbl>{}</w:tbl>", row.repeat(60_000));
    let message = unreadable(import(&document(&body)));
    assert!(message.contains("celler"), "{message}");
}

#[test]
fn garbage_truncation_and_bit_flips_never_panic() {
    assert!(unreadable(import(b"")).contains("ZIP"));
    assert!(unreadable(import(b"PK\x03\x04 not really")).contains("skadet"));
    assert!(unreadable(import(&package(&[("hello.txt", b"hei")]))).contains("mangler"));
    assert!(unreadable(import(&document("<w:p><w:r><w:t>open"))).contains("XML"));

    let plan = &common::fixture_plans()[0].1;
    let valid = common::docx(plan);
    for cut in (0..valid.len()).step_by(valid.len() / 97 + 1) {
        let _ = import(&valid[..cut]);
    }
    let mut state = 0x2545_f491_u32;
    for _ in 0..200 {
        let mut mutated = valid.clone();
        for _ in 0..4 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let at = state as usize % mutated.len();
            mutated[at] ^= (state >> 24) as u8 | 1;
        }
        let _ = import(&mutated);
    }
}
