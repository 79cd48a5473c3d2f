//! Norwegian error pages for the page routes: whatever refuses a request to a page (an
//! unknown address, a method the address does not take, a query string or form the
//! extractors cannot read, a body over its limit, the CSRF guard) answers with the layout,
//! a message in the user's language and a way back, never a framework's English text or an
//! empty body. API routes (`/api/…`) and static files keep their own answers, and so does a
//! page's JSON answer to the script (`Accept: application/json`: autosave, live check).
//!
//! Must never: decide access or change a status code; only the body of an error becomes a
//! page, and the headers the security guard set are kept.

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::Response;

use super::texts::texts;
use super::views::MessagePage;
use super::{cookie_language, html, layout};
use crate::AppState;
use crate::auth::MaybeUser;

/// The texts of the error pages, bokmål and nynorsk.
struct ErrorTexts {
    bad_request_title: &'static str,
    bad_request: &'static str,
    bad_query: &'static str,
    not_found: &'static str,
    method_title: &'static str,
    method: &'static str,
    too_large_title: &'static str,
    too_large: &'static str,
    timeout_title: &'static str,
    timeout: &'static str,
    busy_title: &'static str,
    busy: &'static str,
    forbidden: &'static str,
    back_overview: &'static str,
    back_login: &'static str,
}

const NB: ErrorTexts = ErrorTexts {
    bad_request_title: "Forespørselen kunne ikke leses",
    bad_request: "Skjemaet eller adressen inneholder noe som ikke kan leses. Gå tilbake og prøv igjen; sjekk at adressen er skrevet riktig.",
    bad_query: "Adressen har et søk (delen etter «?») som ikke kan leses: {query}. Sjekk adressen, eller gå tilbake og bruk lenkene på siden.",
    not_found: "Adressen {path} finnes ikke, eller du har ikke tilgang til den. Sjekk at den er skrevet riktig.",
    method_title: "Adressen kan ikke brukes slik",
    method: "Adressen {path} kan ikke brukes på denne måten (for eksempel åpnet direkte i stedet for sendt fra et skjema). Gå tilbake og bruk knappene på siden.",
    too_large_title: "For mye på én gang",
    too_large: "Det som ble sendt er større enn serveren tar imot. Del det opp, eller gjør filen mindre, og prøv igjen.",
    timeout_title: "Det tok for lang tid",
    timeout: "Det tok for lang tid å sende skjemaet. Prøv igjen.",
    busy_title: "Serveren er opptatt",
    busy: "Serveren har mye å gjøre akkurat nå. Vent litt og prøv igjen.",
    forbidden: "Du har ikke tilgang til å gjøre dette, eller siden var for gammel (last den inn på nytt og prøv igjen).",
    back_overview: "Til programoversikten",
    back_login: "Til innloggingen",
};

const NN: ErrorTexts = ErrorTexts {
    bad_request_title: "Førespurnaden kunne ikkje lesast",
    bad_request: "Skjemaet eller adressa inneheld noko som ikkje kan lesast. Gå tilbake og prøv igjen; sjekk at adressa er skriven rett.",
    bad_query: "Adressa har eit søk (delen etter «?») som ikkje kan lesast: {query}. Sjekk adressa, eller gå tilbake og bruk lenkjene på sida.",
    not_found: "Adressa {path} finst ikkje, eller du har ikkje tilgang til henne. Sjekk at ho er skriven rett.",
    method_title: "Adressa kan ikkje brukast slik",
    method: "Adressa {path} kan ikkje brukast på denne måten (til dømes opna direkte i staden for sendt frå eit skjema). Gå tilbake og bruk knappane på sida.",
    too_large_title: "For mykje på ein gong",
    too_large: "Det som vart sendt, er større enn tenaren tek imot. Del det opp, eller gjer fila mindre, og prøv igjen.",
    timeout_title: "Det tok for lang tid",
    timeout: "Det tok for lang tid å sende skjemaet. Prøv igjen.",
    busy_title: "Tenaren er oppteken",
    busy: "Tenaren har mykje å gjere akkurat no. Vent litt og prøv igjen.",
    forbidden: "Du har ikkje tilgang til å gjere dette, eller sida var for gammal (last henne inn på nytt og prøv igjen).",
    back_overview: "Til programoversikta",
    back_login: "Til innlogginga",
};

/// Whether a path belongs to the pages (not the API, not a static file).
pub fn is_page_path(path: &str) -> bool {
    !(path == "/api" || path.starts_with("/api/") || path.starts_with("/static/"))
}

/// The middleware: an error answer to a page request without an HTML body becomes a page.
pub async fn pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let uri = request.uri().clone();
    let headers = request.headers().clone();
    let response = next.run(request).await;
    if !needs_page(&method, &uri, &headers, &response) {
        return response;
    }
    let mut parts = Request::new(()).into_parts().0;
    parts.method = method.clone();
    parts.uri = uri.clone();
    parts.headers = headers.clone();
    let user = MaybeUser::from_request_parts(&mut parts, &state)
        .await
        .unwrap_or(MaybeUser(None));
    let language = match &user.0 {
        Some(current) => current.user.language.unwrap_or_default(),
        None => cookie_language(&headers).unwrap_or_default(),
    };
    let page = error_page(
        language,
        user.0.as_ref(),
        response.status(),
        &method,
        &uri,
        &response,
    );
    let mut page = html(response.status(), &page);
    // Keep what the guard and the handler said about the answer (security headers,
    // `Connection: close`, `Allow`), but not the old body's type and length.
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            page.headers_mut().insert(name.clone(), value.clone());
        }
    }
    if method == Method::HEAD {
        *page.body_mut() = Body::empty();
    }
    page
}

fn needs_page(method: &Method, uri: &Uri, headers: &HeaderMap, response: &Response) -> bool {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || status == StatusCode::UNAUTHORIZED
        || !is_page_path(uri.path())
    {
        return false;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("text/html") {
        return false;
    }
    // A JSON answer goes to the script unless a browser asked for a page.
    if content_type.starts_with("application/json") {
        let accept = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        return accept.contains("text/html") && *method != Method::OPTIONS;
    }
    true
}

fn error_page(
    language: plan::Language,
    user: Option<&crate::auth::CurrentUser>,
    status: StatusCode,
    _method: &Method,
    uri: &Uri,
    response: &Response,
) -> MessagePage {
    let t = texts(language);
    let e = match language {
        plan::Language::Bokmal => &NB,
        plan::Language::Nynorsk => &NN,
    };
    let path = shorten(uri.path());
    let from_query = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/plain"))
        && uri.query().is_some()
        && status == StatusCode::BAD_REQUEST;
    let (title, text) = match status {
        StatusCode::NOT_FOUND => (t.not_found_title, e.not_found.replace("{path}", &path)),
        StatusCode::METHOD_NOT_ALLOWED => (e.method_title, e.method.replace("{path}", &path)),
        StatusCode::PAYLOAD_TOO_LARGE => (e.too_large_title, e.too_large.to_owned()),
        StatusCode::REQUEST_TIMEOUT => (e.timeout_title, e.timeout.to_owned()),
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
            (e.busy_title, e.busy.to_owned())
        }
        StatusCode::FORBIDDEN => (t.forbidden_title, e.forbidden.to_owned()),
        _ if from_query => (
            e.bad_request_title,
            e.bad_query
                .replace("{query}", &shorten(uri.query().unwrap_or(""))),
        ),
        s if s.is_client_error() => (e.bad_request_title, e.bad_request.to_owned()),
        _ => (t.error_title, t.error_text.to_owned()),
    };
    let back = if user.is_some() {
        "/programmes"
    } else {
        "/login"
    };
    let mut l = layout(t, user, title.to_owned(), "/programmes".to_owned());
    l.breadcrumbs = vec![(
        if user.is_some() {
            e.back_overview
        } else {
            e.back_login
        }
        .to_owned(),
        back.to_owned(),
    )];
    MessagePage {
        l,
        kind: "danger",
        text,
        back: back.to_owned(),
    }
}

/// A path or query as the page quotes it: decoded where it is UTF-8, at most 80 characters.
fn shorten(text: &str) -> String {
    let decoded: String = percent_decode(text);
    let mut out: String = decoded.chars().take(80).collect();
    if decoded.chars().count() > 80 {
        out.push('…');
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_leave_the_api_and_static_files_alone() {
        assert!(is_page_path("/programmes/x"));
        assert!(is_page_path("/nowhere"));
        assert!(!is_page_path("/api/v1/programmes"));
        assert!(!is_page_path("/static/app.css"));
    }

    #[test]
    fn quoted_paths_are_decoded_and_short() {
        assert_eq!(shorten("/programmes/bl%C3%A5"), "/programmes/blå");
        assert_eq!(shorten("page=%ZZ"), "page=%ZZ");
        assert_eq!(shorten(&"a".repeat(100)).chars().count(), 81);
    }
}
