//! API tokens on the pages: a user's own on `/account` (list, make one, revoke one), every
//! user's on `/admin/tokens` (list, revoke), and the admin's view of the audit with the
//! security events (`/admin/audit`). A revocation asks first: the button posts without
//! `confirm`, which shows what will happen and a second button that posts with it. Access:
//! the user's own tokens by their session; anyone's only for an admin ([`crate::ui::require_admin`]).

use crate::ui::page::{Administrator, SignedIn};
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Redirect, Response};
use plan::Language;
use serde::Deserialize;
use store::{AuditEntry, TokenInfo, UserId};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::tokens::{self, CreateRequest};
use crate::ui::account::account_page;
use crate::ui::texts::Texts;
use crate::ui::views::{
    AdminTokensPage, AuditPage, AuditRow, TokenList, TokenRevokePage, TokenRow,
};
use crate::ui::{error_page, html, layout};

const OWN: &str = "/account/tokens";
const ALL: &str = "/admin/tokens";
/// How many audit entries `/admin/audit` shows (the API gives them all).
const AUDIT_PAGE_ENTRIES: usize = 200;

fn rows(list: Vec<TokenInfo>, language: Language) -> Vec<TokenRow> {
    let now = crate::clock::now();
    list.into_iter()
        .map(|token| TokenRow {
            label: tokens::label_text(&token, language),
            created: tokens::time_text(Some(token.created_at), language),
            last_used: tokens::time_text(token.last_used_at, language),
            expires: tokens::time_text(token.expires_at, language),
            expired: token.is_expired(now),
            owner: token.user_name,
            id: token.id,
        })
        .collect()
}

/// The signed-in user's own tokens, as `/account` lists them.
pub(in crate::ui) async fn own_list(
    state: &AppState,
    t: &'static Texts,
    language: Language,
    current: &CurrentUser,
) -> Result<TokenList, AppError> {
    let list = state.store.tokens(Some(current.user.id)).await?;
    Ok(TokenList {
        base: OWN,
        caption: t.tokens_caption,
        show_owner: false,
        rows: rows(list, language),
        new_token: None,
        error: None,
        label: String::new(),
        expires: String::new(),
    })
}

/// `POST /account/tokens`: makes a token for the signed-in user and shows it once.
pub(in crate::ui) async fn create(
    State(state): State<AppState>,
    page: SignedIn,
    Form(form): Form<CreateRequest>,
) -> Response {
    let SignedIn { t, current } = page;
    let language = crate::ui::page_language(t);
    let parsed = form.parse();
    let created = match &parsed {
        Ok((label, lifetime)) => {
            let now = crate::clock::now();
            let id = Some(current.user.id);
            match tokens::create(
                &state,
                current.user.id,
                label.as_deref(),
                *lifetime,
                id,
                now,
            )
            .await
            {
                Ok(created) => Some(created.token),
                Err(error) => return error_page(t, Some(&current), error),
            }
        }
        Err(_) => None,
    };
    let mut list = match own_list(&state, t, language, &current).await {
        Ok(list) => list,
        Err(error) => return error_page(t, Some(&current), error),
    };
    let status = match parsed {
        Ok(_) => {
            list.new_token = created;
            StatusCode::CREATED
        }
        Err(refusal) => {
            list.error = Some(refusal.message(language).to_owned());
            list.label = form.label;
            list.expires = form.expires;
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    account_page(&state, t, &current, status, None, None, list).await
}

#[derive(Debug, Deserialize)]
pub(in crate::ui) struct RevokeForm {
    token_id: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /account/tokens/revoke`: asks, then revokes one of the user's own tokens.
pub(in crate::ui) async fn revoke_own(
    State(state): State<AppState>,
    page: SignedIn,
    Form(form): Form<RevokeForm>,
) -> Response {
    let SignedIn { t, current } = page;
    let owner = Some(current.user.id);
    revoke(&state, t, &current, owner, OWN, "/account", form).await
}

/// `POST /admin/tokens/revoke`: asks, then revokes anyone's token (admins only).
pub(in crate::ui) async fn revoke_any(
    State(state): State<AppState>,
    page: Administrator,
    Form(form): Form<RevokeForm>,
) -> Response {
    let Administrator { t, current } = page;
    revoke(&state, t, &current, None, ALL, ALL, form).await
}

async fn revoke(
    state: &AppState,
    t: &'static Texts,
    current: &CurrentUser,
    owner: Option<UserId>,
    base: &'static str,
    back: &'static str,
    form: RevokeForm,
) -> Response {
    let language = current.user.language.unwrap_or_default();
    let id = form.token_id.trim();
    let found = match state.store.tokens(owner).await {
        Ok(list) => list.into_iter().find(|token| token.id == id),
        Err(error) => return error_page(t, Some(current), error.into()),
    };
    let Some(token) = found else {
        return error_page(t, Some(current), AppError::NotFound("nøkkelen"));
    };
    if form.confirm != "yes" {
        let text = t
            .token_revoke_confirm
            .replace("{label}", &tokens::label_text(&token, language))
            .replace("{id}", &token.id)
            .replace("{user}", &token.user_name);
        let l = layout(t, Some(current), t.token_revoke_title.into(), back.into());
        let page = TokenRevokePage {
            l,
            base,
            id: token.id,
            text,
        };
        return html(StatusCode::OK, &page);
    }
    let now = crate::clock::now();
    match state
        .store
        .revoke_token(owner, &token.id, Some(current.user.id), now)
        .await
    {
        Ok(_) => {
            tracing::info!(user_id = current.user.id, "api token revoked");
            Redirect::to(back).into_response()
        }
        Err(store::StoreError::NotFound) => {
            error_page(t, Some(current), AppError::NotFound("nøkkelen"))
        }
        Err(error) => error_page(t, Some(current), error.into()),
    }
}

/// `GET /admin/tokens`: every user's tokens (admins only).
pub(in crate::ui) async fn admin_list(
    State(state): State<AppState>,
    page: Administrator,
) -> Response {
    let Administrator { t, current } = page;
    let language = crate::ui::page_language(t);
    let list = match state.store.tokens(None).await {
        Ok(list) => list,
        Err(error) => return error_page(t, Some(&current), error.into()),
    };
    let l = layout(t, Some(&current), t.admin_tokens_link.into(), ALL.into());
    let tokens = TokenList {
        base: ALL,
        caption: t.tokens_all_caption,
        show_owner: true,
        rows: rows(list, language),
        new_token: None,
        error: None,
        label: String::new(),
        expires: String::new(),
    };
    html(StatusCode::OK, &AdminTokensPage { l, tokens })
}

/// What an audit action reads as on the page (the code itself for the rest).
fn action_text(t: &'static Texts, action: &str) -> String {
    match action {
        "auth.login" => t.event_login.to_owned(),
        "auth.login-failed" => t.event_login_failed.to_owned(),
        "auth.logout" => t.event_logout.to_owned(),
        "user.password" => t.event_password.to_owned(),
        "user.create" => t.event_user_create.to_owned(),
        "token.create" => t.event_token_create.to_owned(),
        "token.revoke" => t.event_token_revoke.to_owned(),
        other => other.to_owned(),
    }
}

/// `GET /admin/audit`: the latest audit entries, security events included (admins only).
pub(in crate::ui) async fn audit(State(state): State<AppState>, page: Administrator) -> Response {
    let Administrator { t, current } = page;
    let language = crate::ui::page_language(t);
    let entries: Vec<AuditEntry> = match state.store.audit(None).await {
        Ok(entries) => entries,
        Err(error) => return error_page(t, Some(&current), error.into()),
    };
    let rows = entries
        .into_iter()
        .rev()
        .take(AUDIT_PAGE_ENTRIES)
        .map(|entry| AuditRow {
            at: tokens::time_text(Some(entry.at), language),
            action: action_text(t, &entry.action),
            actor: entry
                .actor
                .unwrap_or_else(|| t.audit_unknown_actor.to_owned()),
            programme: entry.programme.unwrap_or_else(|| "–".to_owned()),
            object: entry.object,
            client: entry.client.unwrap_or_else(|| "–".to_owned()),
        })
        .collect();
    let l = layout(
        t,
        Some(&current),
        t.audit_title.into(),
        "/admin/audit".into(),
    );
    html(StatusCode::OK, &AuditPage { l, rows })
}
