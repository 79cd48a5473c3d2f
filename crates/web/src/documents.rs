//! Plan documents for download: which formats exist, their media types and file names,
//! and the bridge to the renderers.
//!
//! The renderers live in their own crates (`render`, `pdf`); a format whose renderer is
//! not in this build answers 501 with a Norwegian message — never made-up bytes.
//! Rendering runs on the blocking pool.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use plan::Plan;

use crate::error::AppError;

/// A downloadable format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Pdf,
    Html,
    Markdown,
    Xlsx,
}

impl Format {
    /// From `document.EXT`.
    pub fn from_file_name(file: &str) -> Option<Format> {
        match file.strip_prefix("document.")? {
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            "html" => Some(Format::Html),
            "md" => Some(Format::Markdown),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Pdf => "application/pdf",
            Format::Html => "text/html; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

fn not_available(format: Format) -> AppError {
    AppError::NotImplemented(format!(
        "Formatet «{}» er ikke tilgjengelig i denne versjonen av omstilling ennå.",
        format.extension()
    ))
}

/// Renders the plan in the format.
pub async fn render(format: Format, plan: Plan) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(move || render_blocking(format, &plan))
        .await
        .map_err(AppError::internal)?
}

fn render_blocking(format: Format, plan: &Plan) -> Result<Vec<u8>, AppError> {
    let _evaluation = plan::evaluate(plan);
    Err(not_available(format))
}

/// The PDF kept with a frozen version, when this build has a PDF renderer.
pub async fn frozen_pdf(plan: &Plan) -> Result<Option<Vec<u8>>, AppError> {
    let _ = plan;
    Ok(None)
}

/// The download response: media type and a file name.
pub fn response(format: Format, slug: &str, year: i32, bytes: Vec<u8>) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.media_type()),
    );
    let safe_slug: String = slug
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let name = format!(
        "attachment; filename=\"handlingsplan-{safe_slug}-{year}.{}\"",
        format.extension()
    );
    if let Ok(value) = HeaderValue::from_str(&name) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
