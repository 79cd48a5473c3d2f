//! The archive package of an approved version of a Handlingsplan and of the programme's
//! Omstillingsplan (issue #16, `../shared/spec/arkiv.md`),
//! read back with the tools an archivist would use: `sha256sum -c` for the manifest,
//! pikepdf and `pdffonts` for the PDF/A copy, an XML parser for the arkivmelding
//! (`tests/inspect_archive.py`; pikepdf and poppler come with .ci/install.d/40-pdf.sh).
//! On both backends.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Backend, TestApp, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};
use store::ProgrammeRole;

const PLAN: &str = "/api/v1/programmes/fjordvik/plans/2027";

/// Unpacks and inspects a package with `inspect_archive.py`.
pub fn inspect(bytes: &[u8], name: &str) -> Value {
    let dir =
        std::env::temp_dir().join(format!("omstilling-archive-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let zip = dir.join("package.zip");
    std::fs::write(&zip, bytes).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inspect_archive.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg(&zip)
        .arg(dir.join("unpacked"))
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "inspect_archive.py failed (pikepdf, sha256sum and pdffonts are needed: .ci/install.d/40-pdf.sh): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// What the record of a package names: differs by the kind of document.
#[derive(Debug)]
pub struct Expected<'a> {
    /// The version's external key: `programmes/fjordvik/plans/2027/versions/3`.
    pub record_key: String,
    /// The journal entry's and the document's title.
    pub title: &'a str,
    /// The document type's name (`Handlingsplan`, `Omstillingsplan`).
    pub document_type: &'a str,
    /// The readable file name of the PDF.
    pub file_name: &'a str,
    /// The decisions with dates and references.
    pub decisions: &'a str,
    /// The council's date (`dokumentetsDato`, the PDF's creation date).
    pub council_date: &'a str,
    /// Texts the PDF's XMP description names besides the decisions and the SHA-256.
    pub described: &'a [&'a str],
    /// The case references among the PDF's keywords.
    pub references: &'a [&'a str],
}

impl Expected<'_> {
    /// The Fjordvik 2027 Handlingsplan, approved as `version` with the decisions of
    /// [`archive_package`].
    pub fn handlingsplan(version: i64) -> Expected<'static> {
        Expected {
            record_key: format!("programmes/fjordvik/plans/2027/versions/{version}"),
            title: "Handlingsplan 2027 – Omstilling i Fjordvik kommune",
            document_type: "Handlingsplan",
            file_name: "Handlingsplan 2027 Fjordvik kommune.pdf",
            decisions: "Behandlet av styret 27. november 2026 (sak 21/39). Godkjent av kommunestyret 10. desember 2026 (PS 88/26).",
            council_date: "2026-12-10",
            described: &[
                "Handlingsplan 2027",
                "27. november 2026 (sak 21/39)",
                "10. desember 2026 (PS 88/26)",
            ],
            references: &["sak 21/39", "PS 88/26"],
        }
    }
}

/// What every package of an approved version must satisfy; `sha256` is the version's
/// SHA-256, `body` its stored JSON and `check` its check object.
pub fn assert_package(
    facts: &Value,
    expected: &Expected<'_>,
    version: i64,
    sha256: &str,
    body: &[u8],
    check: &Value,
) {
    let names: Vec<&str> = facts["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "document.pdf",
            "plan.json",
            "check.json",
            "metadata.xml",
            "manifest-sha256.txt"
        ]
    );
    assert!(
        facts["manifest_ok"].as_bool().unwrap(),
        "sha256sum -c: {}",
        facts["manifest_output"]
    );
    assert_eq!(facts["manifest"].as_str().unwrap().lines().count(), 4);
    // plan.json is the stored version, byte for byte.
    assert_eq!(facts["sha256"]["plan.json"], sha256);
    assert_eq!(store::sha256_hex(body), sha256);
    assert_eq!(facts["sizes"]["plan.json"], body.len());
    assert_eq!(
        &facts["check_json"], check,
        "check.json is the version's check object"
    );

    let m = &facts["metadata"];
    assert_eq!(m["well_formed"], true, "{m}");
    assert_eq!(
        m["root"],
        "{https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1}arkivmelding"
    );
    let order = |key: &str| -> Vec<String> {
        m["order"][key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} missing: {m}"))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        order("arkivmelding"),
        ["system", "antallFiler", "mappe", "registrering"]
    );
    assert_eq!(order("mappe"), ["tittel", "referanseEksternNoekkel"]);
    assert_eq!(
        order("mappe/referanseEksternNoekkel"),
        ["n5mdk:fagsystem", "n5mdk:noekkel"]
    );
    assert_eq!(
        order("registrering"),
        [
            "referanseForelderMappe",
            "dokumentbeskrivelse",
            "tittel",
            "beskrivelse",
            "referanseEksternNoekkel",
            "journalposttype",
            "dokumentetsDato"
        ]
    );
    assert_eq!(
        order("registrering/referanseForelderMappe"),
        ["n5mdk:referanseEksternNoekkel"]
    );
    assert_eq!(
        order("referanseForelderMappe/referanseEksternNoekkel"),
        ["n5mdk:fagsystem", "n5mdk:noekkel"]
    );
    assert_eq!(
        order("dokumentbeskrivelse"),
        [
            "dokumenttype",
            "dokumentstatus",
            "tittel",
            "tilknyttetRegistreringSom",
            "dokumentobjekt"
        ]
    );
    assert_eq!(
        order("dokumentobjekt"),
        [
            "versjonsnummer",
            "variantformat",
            "format",
            "mimeType",
            "filnavn",
            "referanseDokumentfil",
            "sjekksum",
            "sjekksumAlgoritme",
            "filstoerrelse"
        ]
    );
    assert_eq!(order("dokumenttype"), ["n5mdk:kode", "n5mdk:beskrivelse"]);
    assert_eq!(
        order("journalposttype"),
        ["n5mdk:kode", "n5mdk:beskrivelse"]
    );
    assert_eq!(m["types"]["mappe"], "saksmappe");
    assert_eq!(m["types"]["registrering"], "journalpost");
    let t = &m["text"];
    assert_eq!(t["system"], "omstilling");
    // The files the message refers to: document.pdf (not counting metadata.xml itself).
    assert_eq!(t["antallFiler"], "2");
    assert_eq!(
        t["mappe/tittel"],
        "Omstillingsprogram Program fjordvik 2025–2030"
    );
    assert_eq!(t["mappe/noekkel"], "programmes/fjordvik");
    assert_eq!(t["forelder/noekkel"], "programmes/fjordvik");
    assert_eq!(t["registrering/noekkel"], expected.record_key.as_str());
    assert_eq!(t["registrering/tittel"], expected.title);
    assert_eq!(t["dokumentbeskrivelse/tittel"], expected.title);
    assert_eq!(t["dokumenttype"], "PLAN");
    assert_eq!(t["dokumenttype/beskrivelse"], expected.document_type);
    assert_eq!(t["filnavn"], expected.file_name);
    assert_eq!(t["registrering/beskrivelse"], expected.decisions);
    assert_eq!(t["journalposttype"], "X");
    assert_eq!(t["dokumentetsDato"], expected.council_date);
    assert_eq!(t["dokumentstatus"], "F");
    assert_eq!(t["tilknyttetRegistreringSom"], "H");
    assert_eq!(t["versjonsnummer"], version.to_string());
    assert_eq!(t["variantformat"], "A");
    assert_eq!(t["format"], "RA-PDF");
    assert_eq!(t["mimeType"], "application/pdf");
    assert_eq!(t["referanseDokumentfil"], "document.pdf");
    assert_eq!(t["sjekksumAlgoritme"], "SHA256");
    // Its checksum and size are those of the file in the package.
    assert_eq!(t["sjekksum"], facts["sha256"]["document.pdf"]);
    assert_eq!(
        t["filstoerrelse"],
        facts["sizes"]["document.pdf"].to_string()
    );

    let pdf = &facts["pdf"];
    assert!(pdf["header"].as_str().unwrap().starts_with("%PDF-"));
    assert_eq!(pdf["pdfa_part"], "2", "PDF/A-2 in the XMP: {pdf}");
    assert_eq!(pdf["pdfa_conformance"], "A");
    assert_eq!(pdf["pdfua_part"], "1", "PDF/UA-1 too: {pdf}");
    assert_eq!(pdf["lang"], "nb-NO");
    assert_eq!(pdf["marked"], true, "tagged");
    assert_eq!(pdf["struct_tree"], true, "tagged");
    assert_eq!(pdf["encrypted"], false);
    assert_eq!(pdf["javascript"], false);
    // Transparency: PDF/A-2 accepts a transparency group only with a blending colour
    // space or a PDF/A output intent.
    for group in pdf["transparency_groups"].as_array().unwrap() {
        assert!(
            group["cs"] == true || !pdf["output_intents"].as_array().unwrap().is_empty(),
            "a transparency group PDF/A-2 would refuse: {pdf}"
        );
    }
    assert_eq!(pdf["pdffonts_ok"], true);
    let fonts = pdf["fonts"].as_array().unwrap();
    assert!(!fonts.is_empty());
    for font in fonts {
        assert_eq!(font["emb"], "yes", "every font embedded: {font}");
    }
    // The XMP names the programme, the year, the decisions and the plan's SHA-256.
    let description = pdf["description"].as_str().unwrap_or_default();
    for part in expected.described.iter().copied().chain([
        "Omstillingsprogram Program fjordvik 2025–2030",
        expected.title,
        sha256,
    ]) {
        assert!(
            description.contains(part),
            "the XMP description names {part:?}: {description:?}"
        );
    }
    let keywords = pdf["keywords"].as_str().unwrap_or_default();
    assert!(keywords.contains(&format!("sha256:{sha256}")), "{keywords}");
    for reference in expected.references {
        assert!(keywords.contains(reference), "{keywords}");
    }
    assert!(
        pdf["create_date"]
            .as_str()
            .unwrap_or_default()
            .starts_with(expected.council_date),
        "dated with the council's decision: {pdf}"
    );
}

async fn archive_package(backend: Backend) {
    let app: TestApp = spawn_app(backend).await;
    let (programme, editor) = app.programme_with_plan("fjordvik").await;
    let (board_user, board) = app.user("styreleder", None).await;
    app.member(&programme, &board_user, ProgrammeRole::Board)
        .await;
    let (_, outsider) = app.user("utenfor", None).await;
    let approvals = format!("{PLAN}/approvals");
    let board_step = json!({"step": "board", "date": "2026-11-27", "reference": "sak 21/39"});
    let council_step = json!({"step": "council", "date": "2026-12-10", "reference": "PS 88/26"});
    let archive = |n: i64| format!("{PLAN}/versions/{n}/archive.zip");

    // A draft has no package yet; a version that does not exist is 404.
    assert_eq!(app.get(&archive(1), &editor).await.status(), 409);
    assert_eq!(app.get(&archive(7), &editor).await.status(), 404);
    assert_eq!(
        app.post_json(&approvals, &board, board_step).await.status(),
        201
    );
    let not_yet = app.get(&archive(2), &editor).await;
    assert_eq!(not_yet.status(), 409, "board-approved is not approved");
    assert_eq!(
        not_yet.json::<Value>().await.unwrap()["code"],
        "not-approved"
    );
    let approved = app.post_json(&approvals, &editor, council_step).await;
    assert_eq!(approved.status(), 201);
    let approved: Value = approved.json().await.unwrap();
    let version = approved["version"].as_i64().unwrap();
    assert_eq!(version, 3);
    let sha256 = approved["sha256"].as_str().unwrap().to_owned();

    // Non-members see nothing.
    assert_eq!(app.get(&archive(version), &outsider).await.status(), 404);
    assert_eq!(
        app.get(
            "/api/v1/programmes/fjordvik/plans/2027/versions/x/archive.zip",
            &editor
        )
        .await
        .status(),
        404
    );

    let response = app.get(&archive(version), &board).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("arkiv.zip")
    );
    let first = response.bytes().await.unwrap();
    // Two requests for the same version give the same bytes.
    let second = app
        .request(Method::GET, &archive(version), Some(&editor))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(first, second, "the same version gives identical bytes");

    let body = app
        .get(&format!("{PLAN}/versions/{version}"), &editor)
        .await
        .bytes()
        .await
        .unwrap();
    let check = app.get_json(&format!("{PLAN}/check"), &editor).await;
    let facts = inspect(&first, &format!("{}-api", app.store.backend()));
    assert_package(
        &facts,
        &Expected::handlingsplan(version),
        version,
        &sha256,
        &body,
        &check,
    );

    // The package's PDF is the frozen PDF of the council step, byte for byte.
    let frozen = app
        .get(&format!("{PLAN}/document.pdf"), &editor)
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        store::sha256_hex(&frozen),
        facts["sha256"]["document.pdf"].as_str().unwrap()
    );

    // Reopened and changed, the approved version's package stays the same.
    assert_eq!(
        app.request(Method::POST, &format!("{PLAN}/reopen"), Some(&editor))
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(app.get(&archive(4), &editor).await.status(), 409);
    let again = app
        .get(&archive(version), &editor)
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(again, first);
}

const OP: &str = "/api/v1/programmes/fjordvik/omstillingsplan";

/// The Omstillingsplan's package: the same route under its address, built by the same
/// generic code; its record has no year but the programme's period.
async fn omstillingsplan_archive_package(backend: Backend) {
    let app: TestApp = spawn_app(backend).await;
    let (programme, editor) = app.programme_with_plan("fjordvik").await;
    let (board_user, board) = app.user("styreleder", None).await;
    app.member(&programme, &board_user, ProgrammeRole::Board)
        .await;
    let (_, outsider) = app.user("utenfor", None).await;
    let archive = |n: i64| format!("{OP}/versions/{n}/archive.zip");
    // No Omstillingsplan yet: nothing to archive.
    assert_eq!(app.get(&archive(1), &editor).await.status(), 404);
    app.put_omstillingsplan("fjordvik", &editor).await;

    let approvals = format!("{OP}/approvals");
    let board_step = json!({"step": "board", "date": "2024-11-20", "reference": "sak 12/24"});
    let council_step = json!({"step": "council", "date": "2024-12-12", "reference": "sak 40/24"});
    // A draft has no package; a version that does not exist is 404.
    let draft = app.get(&archive(1), &editor).await;
    assert_eq!(draft.status(), 409);
    assert_eq!(draft.json::<Value>().await.unwrap()["code"], "not-approved");
    assert_eq!(app.get(&archive(7), &editor).await.status(), 404);
    assert_eq!(
        app.post_json(&approvals, &board, board_step).await.status(),
        201
    );
    let not_yet = app.get(&archive(2), &editor).await;
    assert_eq!(not_yet.status(), 409, "board-approved is not approved");
    assert_eq!(
        not_yet.json::<Value>().await.unwrap()["code"],
        "not-approved"
    );
    let approved = app.post_json(&approvals, &editor, council_step).await;
    assert_eq!(approved.status(), 201);
    let approved: Value = approved.json().await.unwrap();
    let version = approved["version"].as_i64().unwrap();
    assert_eq!(version, 3);
    let sha256 = approved["sha256"].as_str().unwrap().to_owned();

    // Non-members see nothing; a version that is no number is 404.
    assert_eq!(app.get(&archive(version), &outsider).await.status(), 404);
    assert_eq!(
        app.get(&format!("{OP}/versions/x/archive.zip"), &editor)
            .await
            .status(),
        404
    );
    // The plan's archive route does not reach the Omstillingsplan's versions: the plan
    // (a draft) has no approved version 3.
    assert_eq!(
        app.get(&format!("{PLAN}/versions/{version}/archive.zip"), &editor)
            .await
            .status(),
        404
    );

    let response = app.get(&archive(version), &board).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains("omstillingsplan-2025-2030-fjordvik-v3-arkiv.zip"),
        "{disposition}"
    );
    let first = response.bytes().await.unwrap();
    let second = app
        .get(&archive(version), &editor)
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(first, second, "the same version gives identical bytes");

    let body = app
        .get(&format!("{OP}/versions/{version}"), &editor)
        .await
        .bytes()
        .await
        .unwrap();
    let check = app.get_json(&format!("{OP}/check"), &editor).await;
    assert!(check.get("findings").is_some(), "{check}");
    let facts = inspect(&first, &format!("{}-op", app.store.backend()));
    let title = "Omstillingsplan 2025–2030 – Omstilling i Fjordvik kommune";
    let expected = Expected {
        record_key: format!("programmes/fjordvik/omstillingsplan/versions/{version}"),
        title,
        document_type: "Omstillingsplan",
        file_name: "Omstillingsplan 2025–2030 Fjordvik kommune.pdf",
        decisions: "Behandlet av styret 20. november 2024 (sak 12/24). Godkjent av kommunestyret 12. desember 2024 (sak 40/24).",
        council_date: "2024-12-12",
        described: &[
            "Omstillingsplan 2025–2030",
            "20. november 2024 (sak 12/24)",
            "12. desember 2024 (sak 40/24)",
        ],
        references: &["sak 12/24", "sak 40/24"],
    };
    assert_package(&facts, &expected, version, &sha256, &body, &check);
    // No year anywhere in the Omstillingsplan's record: the programme's period instead.
    let registry = &facts["metadata"]["text"];
    for key in ["registrering/tittel", "filnavn", "registrering/noekkel"] {
        let text = registry[key].as_str().unwrap();
        assert!(
            !text.contains("Handlingsplan") && !text.contains("/plans/"),
            "{key}: {text}"
        );
    }

    // The package's PDF is the frozen PDF of the council step, byte for byte.
    let frozen = app
        .get(&format!("{OP}/document.pdf"), &editor)
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        store::sha256_hex(&frozen),
        facts["sha256"]["document.pdf"].as_str().unwrap()
    );

    // Reopened, the approved version's package stays the same; the new draft has none.
    assert_eq!(
        app.request(Method::POST, &format!("{OP}/reopen"), Some(&editor))
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(app.get(&archive(4), &editor).await.status(), 409);
    let again = app
        .get(&archive(version), &editor)
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(again, first);
}

macro_rules! archive_suite {
    ($module:ident, $backend:expr) => {
        mod $module {
            use super::*;

            #[tokio::test]
            async fn archive_package() {
                super::archive_package($backend).await;
            }
            #[tokio::test]
            async fn omstillingsplan_archive_package() {
                super::omstillingsplan_archive_package($backend).await;
            }
        }
    };
}

archive_suite!(sqlite, Backend::Sqlite);
archive_suite!(postgres, Backend::Postgres);
