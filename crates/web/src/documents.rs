//! Documents of every kind ([`Kind`]) for download: which formats exist, their media types and file names,
//! and the bridge to the renderers.
//!
//! The renderers live in their own crates (`render`, `pdf`); a format whose renderer is
//! not in this build answers 404 with a Norwegian message (code `format-not-available`) — never made-up bytes.
//! Rendering runs on the blocking pool.

use crate::error::AppError;
use crate::kinds::Kind;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

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

/// Renders the document in the format (the kind's render builder, then the format's
/// writer), on the blocking pool.
pub async fn render<K: Kind>(format: Format, document: K) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(move || render_blocking(format, &document))
        .await
        .map_err(AppError::internal)?
}

fn cannot_render(error: impl std::fmt::Display) -> AppError {
    AppError::Unprocessable {
        code: "cannot-render",
        message: format!("Dokumentet kan ikke lages: {error}"),
        details: None,
    }
}

fn render_blocking<K: Kind>(format: Format, source: &K) -> Result<Vec<u8>, AppError> {
    let document = source.document(&source.evaluate());
    match format {
        Format::Html => render::html(&document).map_err(cannot_render),
        Format::Markdown => render::markdown(&document).map_err(cannot_render),
        Format::Xlsx => render::xlsx::xlsx(&document).map_err(cannot_render),
        Format::Pdf => pdf::pdf(&document, &pdf::Options::default())
            .map_err(|e| AppError::internal(anyhow::anyhow!("{e}"))),
        Format::Docx => render::docx(&document).map_err(cannot_render),
    }
}

/// The PDF kept with a frozen version (reproducible: no creation date).
pub async fn frozen_pdf<K: Kind>(document: &K) -> Result<Option<Vec<u8>>, AppError> {
    render(Format::Pdf, document.clone()).await.map(Some)
}

/// The download response: media type and the kind's file name.
pub fn response<K: Kind>(format: Format, document: &K, bytes: Vec<u8>) -> Response {
    attachment(
        format.media_type(),
        &document.file_name(format.extension()),
        bytes,
    )
}

/// Any file download: `bytes` with its media type, saved under `file_name`.
pub fn attachment(media_type: &'static str, file_name: &str, bytes: Vec<u8>) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    let disposition = format!("attachment; filename=\"{file_name}\"");
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The media type of an Excel workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type of the CSV exports (UTF-8, with a BOM for Excel).
pub const CSV: &str = "text/csv; charset=utf-8";
