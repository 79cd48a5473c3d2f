//! `/account`: the signed-in user's own page, where they change their password. The
//! current password is asked for (a wrong one counts as a failed login, under the same
//! limits), the new one must pass [`crate::password::check`], and the change ends the
//! user's other sessions (this one stays). The page also lists the user's API tokens,
//! makes and revokes them ([`crate::ui::tokens`]), and makes and revokes the calendar
//! subscription address ([`crate::ui::yearwheel::subscription`]), and holds the e-mail
//! address and the reminder setting ([`crate::ui::mail`]).

use crate::ui::page::SignedIn;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::AppState;
use crate::auth::{self, AuthMethod, ClientAddr, CurrentUser};
use crate::error::AppError;
use crate::password::{self, PasswordOwner};
use crate::ui::texts::Texts;
use crate::ui::views::AccountPage;
use crate::ui::{error_page, html, layout};

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct AccountQuery {
    calendar: Option<String>,
    mail: Option<String>,
}

pub(in crate::ui) async fn page(
    State(state): State<AppState>,
    page: SignedIn,
    Query(query): Query<AccountQuery>,
) -> Response {
    let SignedIn { t, current } = page;
    let language = crate::ui::page_language(t);
    let tokens = match crate::ui::tokens::own_list(&state, t, language, &current).await {
        Ok(tokens) => tokens,
        Err(error) => return error_page(t, Some(&current), error),
    };
    let revoked = query.calendar.as_deref() == Some("revoked");
    render(
        &state,
        t,
        &current,
        StatusCode::OK,
        None,
        None,
        tokens,
        Calendar {
            created: None,
            revoked,
        },
        crate::ui::mail::MailForm {
            saved: query.mail.as_deref() == Some("saved"),
            ..Default::default()
        },
    )
    .await
}

/// The page answering a refused e-mail form (the typed values and the reason).
pub(super) async fn page_with_mail(
    state: &AppState,
    t: &'static Texts,
    current: &CurrentUser,
    status: StatusCode,
    mail: crate::ui::mail::MailForm,
) -> Response {
    let language = crate::ui::page_language(t);
    let tokens = match crate::ui::tokens::own_list(state, t, language, current).await {
        Ok(tokens) => tokens,
        Err(error) => return error_page(t, Some(current), error),
    };
    let calendar = Calendar {
        created: None,
        revoked: false,
    };
    render(
        state, t, current, status, None, None, tokens, calendar, mail,
    )
    .await
}

/// The page answering the calendar subscription's form: with the new address (shown
/// this once).
pub(in crate::ui) async fn page_with_subscription(
    state: &AppState,
    t: &'static Texts,
    current: &CurrentUser,
    created: Option<String>,
    revoked: bool,
) -> Response {
    let language = crate::ui::page_language(t);
    let tokens = match crate::ui::tokens::own_list(state, t, language, current).await {
        Ok(tokens) => tokens,
        Err(error) => return error_page(t, Some(current), error),
    };
    let status = if created.is_some() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    render(
        state,
        t,
        current,
        status,
        None,
        None,
        tokens,
        Calendar { created, revoked },
        crate::ui::mail::MailForm::default(),
    )
    .await
}

/// What the calendar section shows beside the subscription's state.
struct Calendar {
    created: Option<String>,
    revoked: bool,
}

/// The page, with the token list as given (the token section may carry a new token or
/// a refused form).
pub(in crate::ui) async fn account_page(
    state: &AppState,
    t: &'static Texts,
    current: &CurrentUser,
    status: StatusCode,
    notice: Option<&'static str>,
    error: Option<(String, &'static str)>,
    tokens: crate::ui::views::TokenList,
) -> Response {
    let calendar = Calendar {
        created: None,
        revoked: false,
    };
    render(
        state,
        t,
        current,
        status,
        notice,
        error,
        tokens,
        calendar,
        crate::ui::mail::MailForm::default(),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    t: &'static Texts,
    current: &CurrentUser,
    status: StatusCode,
    notice: Option<&'static str>,
    error: Option<(String, &'static str)>,
    tokens: crate::ui::views::TokenList,
    calendar: Calendar,
    mail: crate::ui::mail::MailForm,
) -> Response {
    let mail = match crate::ui::mail::section(state, &current.user, t, mail).await {
        Ok(view) => view,
        Err(error) => return error_page(t, Some(current), error),
    };
    let calendar = match crate::ui::yearwheel::subscription(
        state,
        &current.user,
        t,
        calendar.created,
        calendar.revoked,
    )
    .await
    {
        Ok(view) => view,
        Err(error) => return error_page(t, Some(current), error),
    };
    let mut l = layout(t, Some(current), t.account_title.into(), "/account".into());
    l.notice = notice.map(str::to_owned);
    let (error, error_field) = match error {
        Some((message, field)) => (Some(message), field),
        None => (None, ""),
    };
    html(
        status,
        &AccountPage {
            l,
            tokens,
            error,
            error_field,
            calendar,
            mail,
        },
    )
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct PasswordForm {
    current_password: String,
    new_password: String,
    repeat_password: String,
}

pub(in crate::ui) async fn change_password(
    State(state): State<AppState>,
    client: ClientAddr,
    page: SignedIn,
    Form(form): Form<PasswordForm>,
) -> Response {
    let SignedIn { t, current } = page;
    let language = crate::ui::page_language(t);
    let AuthMethod::Session { id_hash, .. } = &current.method else {
        return error_page(
            t,
            Some(&current),
            AppError::Forbidden("bytte passord uten å være logget inn i nettleseren"),
        );
    };
    let tokens = match crate::ui::tokens::own_list(&state, t, language, &current).await {
        Ok(tokens) => tokens,
        Err(error) => return error_page(t, Some(&current), error),
    };
    let refuse = |message: String, field| {
        account_page(
            &state,
            t,
            &current,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some((message, field)),
            tokens.clone(),
        )
    };
    if form.new_password != form.repeat_password {
        return refuse(t.password_mismatch.to_owned(), "new_password").await;
    }
    let owner = PasswordOwner {
        name: &current.user.name,
        admin: crate::access::administers(&current.user),
    };
    if let Err(problem) = password::check(&form.new_password, owner) {
        return refuse(problem.message(language), "new_password").await;
    }
    match auth::check_credentials(&state, &current.user.name, &form.current_password, client).await
    {
        Ok(_) => {}
        Err(AppError::Unauthorized) => {
            return refuse(t.password_current_wrong.to_owned(), "current_password").await;
        }
        Err(AppError::TooManyLogins { .. }) => {
            return account_page(
                &state,
                t,
                &current,
                StatusCode::TOO_MANY_REQUESTS,
                None,
                Some((t.login_limited.to_owned(), "current_password")),
                tokens,
            )
            .await;
        }
        Err(other) => return error_page(t, Some(&current), other),
    }
    let new_password = form.new_password;
    let hash = match tokio::task::spawn_blocking(move || auth::hash_password(&new_password)).await {
        Ok(Ok(hash)) => hash,
        Ok(Err(error)) => return error_page(t, Some(&current), AppError::internal(error)),
        Err(error) => return error_page(t, Some(&current), AppError::internal(error)),
    };
    if let Err(error) = state.store.set_password(current.user.id, &hash).await {
        return error_page(t, Some(&current), error.into());
    }
    match state
        .store
        .delete_other_sessions(current.user.id, id_hash)
        .await
    {
        Ok(ended) => {
            tracing::info!(user_id = current.user.id, ended, "password changed");
            let object = auth::user_object(&current.user.name);
            let event = Some(current.user.id);
            if let Err(error) =
                auth::record_event(&state, event, "user.password", &object, client).await
            {
                return error_page(t, Some(&current), error);
            }
            account_page(
                &state,
                t,
                &current,
                StatusCode::OK,
                Some(t.password_changed),
                None,
                tokens,
            )
            .await
        }
        Err(error) => error_page(t, Some(&current), error.into()),
    }
}
