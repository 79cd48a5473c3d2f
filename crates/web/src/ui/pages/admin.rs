//! The admin page: users and memberships.

use crate::ui::*;

// --- admin -----------------------------------------------------------------------------

pub(in crate::ui) async fn admin_page(
    state: &AppState,
    t: &'static Texts,
    current: &CurrentUser,
    notice: Option<String>,
    error: Option<String>,
) -> Response {
    let listed = async {
        Ok::<_, store::StoreError>((
            state.store.programmes().await?,
            state.store.users().await?,
            state.store.all_memberships().await?,
            state.store.all_mail_settings().await?,
        ))
    };
    let (programmes, users, memberships, mail_settings) = match listed.await {
        Ok(found) => found,
        Err(e) => return error_page(t, Some(current), e.into()),
    };
    let mut l = layout(t, Some(current), t.nav_admin.into(), "/admin".into());
    l.notice = notice;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    html(
        status,
        &AdminPage {
            l,
            programmes: programmes
                .into_iter()
                .map(|p| (p.slug.to_string(), p.name))
                .collect(),
            users: users
                .into_iter()
                .map(|u| UserRow {
                    role: match u.global_role {
                        Some(store::GlobalRole::Admin) => t.role_admin,
                        Some(store::GlobalRole::Observer) => t.role_observer,
                        None => t.role_none,
                    },
                    language: match u.language {
                        Some(Language::Nynorsk) => t.language_nn,
                        _ => t.language_nb,
                    },
                    email: mail_settings
                        .iter()
                        .find(|(id, _)| *id == u.id)
                        .and_then(|(_, m)| m.email.clone())
                        .unwrap_or_else(|| "–".to_owned()),
                    name: u.name,
                })
                .collect(),
            mail: mail::mail_texts(t),
            memberships: memberships
                .into_iter()
                .enumerate()
                .map(|(index, m)| MemberRow {
                    index,
                    role_label: t
                        .role_for
                        .replace("{user}", &m.user_name)
                        .replace("{programme}", &m.programme_name),
                    remove_label: t
                        .remove_member_label
                        .replace("{user}", &m.user_name)
                        .replace("{programme}", &m.programme_name),
                    role: m.role.as_str(),
                    role_text: role_text(t, m.role),
                    programme_slug: m.programme_slug,
                    programme_name: m.programme_name,
                    user_name: m.user_name,
                })
                .collect(),
            error,
        },
    )
}

pub(in crate::ui) async fn admin(State(state): State<AppState>, page: Administrator) -> Response {
    let Administrator { t, current } = page;
    admin_page(&state, t, &current, None, None).await
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct UserForm {
    username: String,
    password: String,
    role: Option<String>,
    #[serde(default)]
    email: String,
}

pub(in crate::ui) async fn add_user(
    State(state): State<AppState>,
    client: auth::ClientAddr,
    page: Administrator,
    Form(form): Form<UserForm>,
) -> Response {
    let Administrator { t, current } = page;
    let name = form.username.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return admin_page(
            &state,
            t,
            &current,
            None,
            Some(t.login_failed.replace("Feil", "Ugyldig").to_owned()),
        )
        .await;
    }
    let role = form.role.as_deref().and_then(store::GlobalRole::parse);
    let email = match crate::mail::parse_address(&form.email) {
        Ok(email) => email,
        Err(invalid) => {
            let message = invalid.message(page_language(t)).to_owned();
            return admin_page(&state, t, &current, None, Some(message)).await;
        }
    };
    let owner = crate::password::PasswordOwner {
        name: &name,
        admin: role == Some(store::GlobalRole::Admin),
    };
    if let Err(problem) = crate::password::check(&form.password, owner) {
        let message = problem.message(current.user.language.unwrap_or_default());
        return admin_page(&state, t, &current, None, Some(message)).await;
    }
    let password = form.password.clone();
    let hash = match tokio::task::spawn_blocking(move || auth::hash_password(&password)).await {
        Ok(Ok(hash)) => hash,
        _ => {
            return error_page(
                t,
                Some(&current),
                AppError::internal(anyhow::anyhow!("hashing failed")),
            );
        }
    };
    match state
        .store
        .create_user(&name, Some(&hash), role, crate::clock::now())
        .await
    {
        Ok(made) => {
            if email.is_some() {
                let settings = store::mail::MailSettings {
                    email,
                    reminders: true,
                };
                if let Err(error) = state
                    .store
                    .set_mail_settings(
                        made.id,
                        &settings,
                        Some(current.user.id),
                        crate::clock::now(),
                    )
                    .await
                {
                    return error_page(t, Some(&current), error.into());
                }
            }
            // A security event: who made the account, its role, from where.
            let object = match role {
                Some(role) => format!("{} ({role})", auth::user_object(&name)),
                None => auth::user_object(&name),
            };
            let event = Some(current.user.id);
            if let Err(error) =
                auth::record_event(&state, event, "user.create", &object, client).await
            {
                return error_page(t, Some(&current), error);
            }
            admin_page(&state, t, &current, Some(t.user_added.into()), None).await
        }
        Err(store::StoreError::Conflict(_)) => {
            admin_page(
                &state,
                t,
                &current,
                None,
                Some(format!("«{name}»: {}", t.plan_exists.replace("{year}", ""))),
            )
            .await
        }
        Err(e) => error_page(t, Some(&current), e.into()),
    }
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct MemberForm {
    username: String,
    programme: String,
    role: String,
}

pub(in crate::ui) async fn set_member(
    State(state): State<AppState>,
    page: Administrator,
    Form(form): Form<MemberForm>,
) -> Response {
    let Administrator { t, current } = page;
    let Some(role) = store::ProgrammeRole::parse(&form.role) else {
        return admin_page(&state, t, &current, None, Some(t.forbidden.into())).await;
    };
    let found = match state.store.user_by_name(form.username.trim()).await {
        Ok(found) => found,
        Err(e) => return error_page(t, Some(&current), e.into()),
    };
    let programme = match programme_named(&state, &form.programme).await {
        Ok(p) => p,
        Err(e) => return error_page(t, Some(&current), e.into()),
    };
    let (Some((member, _)), Some(programme)) = (found, programme) else {
        return admin_page(&state, t, &current, None, Some(t.not_found.into())).await;
    };
    match state
        .store
        .set_member(
            programme.id,
            member.id,
            role,
            Some(current.user.id),
            crate::clock::now(),
        )
        .await
    {
        Ok(()) => admin_page(&state, t, &current, Some(t.member_set.into()), None).await,
        Err(e) => error_page(t, Some(&current), e.into()),
    }
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct RemoveMemberForm {
    username: String,
    programme: String,
}

pub(in crate::ui) async fn remove_member(
    State(state): State<AppState>,
    page: Administrator,
    Form(form): Form<RemoveMemberForm>,
) -> Response {
    let Administrator { t, current } = page;
    let found = async {
        Ok::<_, store::StoreError>((
            state.store.user_by_name(form.username.trim()).await?,
            programme_named(&state, &form.programme).await?,
        ))
    };
    let (found, programme) = match found.await {
        Ok(found) => found,
        Err(e) => return error_page(t, Some(&current), e.into()),
    };
    let (Some((member, _)), Some(programme)) = (found, programme) else {
        return admin_page(&state, t, &current, None, Some(t.not_found.into())).await;
    };
    match state
        .store
        .remove_member(
            programme.id,
            member.id,
            Some(current.user.id),
            crate::clock::now(),
        )
        .await
    {
        Ok(()) => admin_page(&state, t, &current, Some(t.member_removed.into()), None).await,
        Err(store::StoreError::NotFound) => {
            admin_page(&state, t, &current, None, Some(t.not_found.into())).await
        }
        Err(e) => error_page(t, Some(&current), e.into()),
    }
}

/// The programme a form names by its slug; `None` when none has it (or the text cannot be
/// a slug).
async fn programme_named(
    state: &AppState,
    slug: &str,
) -> Result<Option<store::Programme>, store::StoreError> {
    match crate::access::slug_of(slug.trim()) {
        Some(slug) => state.store.programme(&slug).await,
        None => Ok(None),
    }
}
