//! Logging in and out, and the language of the pages.

use crate::ui::*;

// --- log in and out, language ---------------------------------------------------------

pub(in crate::ui) async fn root(user: MaybeUser) -> Redirect {
    if user.0.is_some() {
        Redirect::to("/programmes")
    } else {
        Redirect::to("/login")
    }
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct NextQuery {
    next: Option<String>,
}

pub(in crate::ui) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/programmes".to_owned(),
    }
}

pub(in crate::ui) async fn login_page(
    headers: HeaderMap,
    user: MaybeUser,
    Query(query): Query<NextQuery>,
) -> Response {
    if user.0.is_some() {
        return Redirect::to("/programmes").into_response();
    }
    let t = texts(language(&headers, &user));
    let page = LoginPage {
        l: layout(t, None, t.login_title.into(), "/login".into()),
        error: None,
        username: String::new(),
        next: safe_next(query.next.as_deref()),
    };
    html(StatusCode::OK, &page)
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub(in crate::ui) async fn login_post(
    State(state): State<AppState>,
    client: auth::ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let t = texts(cookie_language(&headers).unwrap_or_default());
    match auth::login(
        &state,
        &form.username,
        &form.password,
        auth::cookie(&headers, auth::SESSION_COOKIE),
        client,
    )
    .await
    {
        Ok(outcome) => {
            // The choice made on the login page becomes the account's, if it has none.
            if outcome.user.language.is_none()
                && let Some(chosen) = cookie_language(&headers)
                && let Err(error) = state.store.set_language(outcome.user.id, chosen).await
            {
                tracing::warn!(%error, "could not store the language");
            }
            let mut response = Redirect::to(&safe_next(form.next.as_deref())).into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, outcome.set_cookie);
            response
        }
        Err(error) => {
            let (status, message) = match error {
                AppError::TooManyLogins { .. } => (StatusCode::TOO_MANY_REQUESTS, t.login_limited),
                AppError::Unauthorized => (StatusCode::UNAUTHORIZED, t.login_failed),
                other => return error_page(t, None, other),
            };
            let page = LoginPage {
                l: layout(t, None, t.login_title.into(), "/login".into()),
                error: Some(message.into()),
                username: form.username.chars().take(200).collect(),
                next: safe_next(form.next.as_deref()),
            };
            html(status, &page)
        }
    }
}

pub(in crate::ui) async fn logout_post(State(state): State<AppState>, user: MaybeUser) -> Response {
    let mut response = Redirect::to("/login").into_response();
    if let Some(current) = user.0
        && let Ok(clear) = auth::logout(&state, &current).await
    {
        response.headers_mut().insert(header::SET_COOKIE, clear);
    }
    response
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct LanguageForm {
    back: Option<String>,
}

/// Switches the language: on the account when someone is signed in, and in the cookie
/// (the login page's fallback).
pub(in crate::ui) async fn language_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: MaybeUser,
    Form(form): Form<LanguageForm>,
) -> Response {
    let next = match language(&headers, &user) {
        Language::Bokmal => Language::Nynorsk,
        Language::Nynorsk => Language::Bokmal,
    };
    if let Some(current) = &user.0
        && let Err(error) = state.store.set_language(current.user.id, next).await
    {
        return error_page(
            texts(language(&headers, &user)),
            Some(current),
            error.into(),
        );
    }
    let mut response = Redirect::to(&safe_next(form.back.as_deref())).into_response();
    if let Ok(value) = HeaderValue::from_str(&format!(
        "{LANGUAGE_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
        next.code()
    )) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
