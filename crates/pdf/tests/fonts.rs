//! The font book written ahead of time (`crates/pdf/src/font-book.json`) matches the
//! fonts compiled in, and every face it lists parses to what it says.
//! After a font or Typst update: `UPDATE_FONT_BOOK=1 cargo test -p pdf --test fonts`.

use pdf::fonts::{self, BookFile};

const BOOK_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/font-book.json");

#[test]
fn font_book_is_current() {
    let made = fonts::book_file();
    if std::env::var_os("UPDATE_FONT_BOOK").is_some() {
        let json = serde_json::to_string(&made).expect("the book serializes") + "\n";
        std::fs::write(BOOK_PATH, json).expect("font-book.json is writable");
    }
    let committed = std::fs::read_to_string(BOOK_PATH).expect("font-book.json exists");
    let committed: BookFile = serde_json::from_str(&committed).expect("font-book.json reads");
    assert!(
        committed == made,
        "src/font-book.json does not match the fonts compiled in: \
         run `UPDATE_FONT_BOOK=1 cargo test -p pdf --test fonts` and commit it"
    );
    // Noto Sans and Typst's 17 faces.
    assert_eq!(made.faces.len(), 21, "{:?}", made.sources);
}

#[test]
fn every_face_parses_to_what_the_book_says() {
    let faces = fonts::faces();
    let infos = fonts::infos();
    assert_eq!(faces.len(), infos.len());
    for (face, info) in faces.iter().zip(&infos) {
        let font = face.font().expect("every face in the book parses");
        assert_eq!(font.info(), info);
    }
    assert!(infos.iter().any(|info| info.family == "Noto Sans"));
}

#[test]
fn a_plan_parses_only_the_faces_it_uses() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/fjordvik-2027.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    let plan = plan::handlingsplan::file::read(&text, plan::Syntax::Json).expect("fixture reads");
    let evaluation = plan::handlingsplan::evaluate(&plan);
    let document = render::handlingsplan::document(&plan, &evaluation, &render::Options::default());
    let bytes = pdf::pdf(&document, &pdf::Options::default()).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let parsed = pdf::world::parsed_faces();
    let all = fonts::faces().len();
    // Noto Sans' regular, bold and italic faces at most, never the 17 fallback faces.
    assert!(
        (1..=4).contains(&parsed),
        "the Fjordvik plan parsed {parsed} of {all} faces"
    );
}
