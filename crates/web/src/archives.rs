//! The archive copy and the archive package of an approved version (issue #16,
//! `../shared/spec/arkiv.md`): the bridge from the store to the pure `archive` crate.
//!
//! - [`archive_pdf_options`]: what the council step passes to the PDF renderer so the
//!   frozen PDF of the approved version is its archive copy (PDF/A-2a with PDF/UA-1,
//!   XMP naming the programme, year, decisions and the plan's SHA-256, dated with the
//!   council's decision).
//! - [`package`]: the zip of a stored version (used by the API route and by
//!   `omstilling archive`); only an approved version has one.

use axum::extract::State;
use axum::response::Response;
use plan::Date;
use plan::handlingsplan::Plan;
use store::{Decision, DocKey, Programme, ProgrammeId, Store, VersionInfo, VersionStatus};

use crate::AppState;
use crate::access::programme_access;
use crate::api::Params;
use crate::auth::CurrentUser;
use crate::error::AppError;

/// The archive record of a version of the programme's Handlingsplan for `year`.
pub fn record(
    programme: &Programme,
    year: i32,
    version: i64,
    plan: &Plan,
    board: Option<&Decision>,
    council: &Decision,
) -> Result<archive::Record, AppError> {
    record_of(
        programme,
        archive::Kind::Handlingsplan { year },
        version,
        plan.language,
        board,
        council,
    )
}

/// The archive record of a version of a programme's document of any kind.
pub fn record_of(
    programme: &Programme,
    kind: archive::Kind,
    version: i64,
    language: plan::Language,
    board: Option<&Decision>,
    council: &Decision,
) -> Result<archive::Record, AppError> {
    let decision = |d: &Decision| -> Result<archive::Decision, AppError> {
        let date = Date::parse_iso(&d.date).map_err(|_| {
            AppError::internal(anyhow::anyhow!("stored decision date {:?}", d.date))
        })?;
        Ok(archive::Decision {
            date,
            reference: d.reference.clone(),
        })
    };
    Ok(archive::Record {
        programme: archive::Programme {
            slug: programme.slug.to_string(),
            name: programme.name.clone(),
            area: programme.area.clone(),
            period_from: programme.period_from,
            period_to: programme.period_to,
        },
        kind,
        version,
        language,
        board: board.map(decision).transpose()?,
        council: decision(council)?,
    })
}

/// The PDF options that make the render of `plan` the archive copy of `record`;
/// `plan_sha256` is the SHA-256 of the version's stored body.
pub fn archive_pdf_options(record: &archive::Record, plan_sha256: &str) -> pdf::Options {
    let date = record.council.date;
    pdf::Options {
        archive: Some(pdf::Archive {
            date: pdf::Today {
                year: date.year(),
                // A `Date`'s month and day always fit.
                month: u8::try_from(date.month()).unwrap_or(1),
                day: u8::try_from(date.day()).unwrap_or(1),
            },
            description: record.pdf_description(plan_sha256),
            author: record.folder_title(),
            keywords: record.pdf_keywords(plan_sha256),
            ident: record.record_key(),
        }),
        ..pdf::Options::default()
    }
}

/// Renders the archive copy of a document of any kind on the blocking pool.
pub async fn render_archive_pdf<K: crate::kinds::Kind>(
    source: K,
    options: pdf::Options,
) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(move || {
        let document = source.document(&source.evaluate());
        pdf::pdf(&document, &options).map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))
    })
    .await
    .map_err(AppError::internal)?
}

/// Whether a stored PDF declares PDF/A (its XMP names a `pdfaid:part`).
fn is_archive_copy(pdf: &[u8]) -> bool {
    pdf.windows(b"pdfaid:part".len())
        .any(|window| window == b"pdfaid:part")
}

/// The version's number: `Some(n)` exactly, `None` the newest approved version.
/// 404 when there is no such version (or no approved one), 409 when it is not approved.
async fn approved_version(
    store: &Store,
    programme_id: ProgrammeId,
    year: i32,
    number: Option<i64>,
) -> Result<VersionInfo, AppError> {
    let versions = store
        .versions(programme_id, &DocKey::handlingsplan(year))
        .await?;
    let info = match number {
        Some(n) => versions
            .into_iter()
            .find(|v| v.version == n)
            .ok_or(AppError::NotFound("versjonen"))?,
        None => versions
            .into_iter()
            .rev()
            .find(|v| v.status == VersionStatus::Approved)
            .ok_or(AppError::NotFound("en godkjent versjon"))?,
    };
    if info.status != VersionStatus::Approved {
        return Err(AppError::Conflict {
            code: "not-approved",
            message: format!(
                "Versjon {} er ikke godkjent av kommunestyret. Bare en godkjent versjon har en arkivpakke.",
                info.version
            ),
            details: None,
        });
    }
    Ok(info)
}

/// The archive package (zip bytes) of an approved version of the programme's plan for
/// `year`: `number` names the version, `None` the newest approved one. The same version
/// always gives the same bytes.
pub async fn package(
    store: &Store,
    programme: &Programme,
    year: i32,
    number: Option<i64>,
) -> Result<(VersionInfo, Vec<u8>), AppError> {
    let info = approved_version(store, programme.id, year, number).await?;
    let version = store
        .version(programme.id, &DocKey::handlingsplan(year), info.version)
        .await?
        .ok_or(AppError::NotFound("versjonen"))?;
    let plan = crate::api::stored_plan(&version)?;
    let council = info
        .decision("council")
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("approved version without council")))?;
    let record = record(
        programme,
        year,
        info.version,
        &plan,
        info.decision("board"),
        council,
    )?;
    // The frozen PDF of the council step is the archive copy. A version approved before
    // the archive copy existed gets it rendered now (deterministically, so the same each
    // time).
    let stored = store
        .version_pdf(programme.id, &DocKey::handlingsplan(year), info.version)
        .await?
        .filter(|pdf| is_archive_copy(pdf));
    let pdf = match stored {
        Some(pdf) => pdf,
        None => {
            let options = archive_pdf_options(&record, &info.sha256);
            render_archive_pdf(plan.clone(), options).await?
        }
    };
    let evaluation = plan::handlingsplan::evaluate(&plan);
    let check = serde_json::to_vec(&plan::handlingsplan::report::check_json(&evaluation))
        .map_err(AppError::internal)?;
    let files = archive::Files {
        pdf: &pdf,
        plan_json: version.body.as_bytes(),
        check_json: &check,
    };
    let bytes = archive::package(&record, &files).map_err(AppError::internal)?;
    Ok((info, bytes))
}

/// The file name of a package: `handlingsplan-2027-fjordvik-v5-arkiv.zip`.
pub fn file_name(programme: &Programme, year: i32, version: i64) -> String {
    format!(
        "handlingsplan-{year}-{}-v{version}-arkiv.zip",
        programme.slug
    )
}

/// `GET /api/v1/programmes/{slug}/plans/{year}/versions/{n}/archive.zip`.
pub(crate) async fn get_archive(
    State(state): State<AppState>,
    current: CurrentUser,
    Params((slug, year, version)): Params<(String, String, String)>,
) -> Result<Response, AppError> {
    let (programme, _) = programme_access(&state, &current.user, &slug).await?;
    let year = crate::api::parse_year(&year)?;
    let number = crate::api::parse_version(&version)?;
    let (info, bytes) = package(&state.store, &programme, year, Some(number)).await?;
    Ok(crate::documents::attachment(
        "application/zip",
        &file_name(&programme, year, info.version),
        bytes,
    ))
}
