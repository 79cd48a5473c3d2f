//! `omstilling serve --demo`: the Fjordvik programme with its Omstillingsplan, its 2027
//! plan and a demo account.
//!
//! The plan and the Omstillingsplan are embedded in the binary (`demo/fjordvik-2027.json`
//! and `demo/fjordvik.op.json`, copies of the shared fixtures), so the demo needs no files
//! at run time. Both are stored as drafts (their approval dates removed) so that the demo
//! account can edit them and walk through the approvals.

use plan::Syntax;
use store::{NewProgramme, Programme, ProgrammeRole, Store, StoreError, User};

/// The embedded demo plan.
pub const FJORDVIK_2027: &str = include_str!("../demo/fjordvik-2027.json");

/// The embedded demo Omstillingsplan (Fjordvik's, 2025–2030).
pub const FJORDVIK_OMSTILLINGSPLAN: &str = include_str!("../demo/fjordvik.op.json");

/// How to log in to the demo.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub user: String,
    pub password: String,
    pub token: String,
    pub programme: String,
}

/// Seeds the demo programme, plan and account; reuses them when they exist (a new
/// password and token are set each time, since only hashes are stored).
pub async fn seed(store: &Store) -> anyhow::Result<DemoLogin> {
    let plan = plan::handlingsplan::file::read(FJORDVIK_2027, Syntax::Json)
        .map_err(|e| anyhow::anyhow!("the embedded demo plan does not read: {e}"))?;
    let slug = store::Slug::parse("fjordvik")?;
    let programme = match store.programme(&slug).await? {
        Some(programme) => programme,
        None => {
            store
                .create_programme(
                    &NewProgramme {
                        slug: slug.clone(),
                        name: plan.programme.name.clone(),
                        area: plan.programme.area.clone(),
                        county: plan.programme.county.clone(),
                        period_from: plan.programme.period.from,
                        period_to: plan.programme.period.to,
                    },
                    None,
                    crate::clock::now(),
                )
                .await?
        }
    };
    let password = crate::auth::random_secret()?
        .chars()
        .take(16)
        .collect::<String>();
    let hash = {
        let password = password.clone();
        tokio::task::spawn_blocking(move || crate::auth::hash_password(&password)).await??
    };
    let name = "demo";
    let user = match store.user_by_name(name).await? {
        Some((user, _)) => {
            store.set_password(user.id, &hash).await?;
            user
        }
        None => {
            store
                .create_user(name, Some(&hash), None, crate::clock::now())
                .await?
        }
    };
    let token = make_editor(store, &programme, &user).await?;
    if store
        .current(programme.id, &store::DocKey::handlingsplan(plan.year))
        .await?
        .is_none()
    {
        let mut draft = plan.clone();
        draft.approval = plan::Approval::default();
        match store
            .put(
                programme.id,
                &store::DocKey::handlingsplan(plan.year),
                None,
                &plan::handlingsplan::file::to_json(&draft),
                user.id,
                crate::clock::now(),
            )
            .await
        {
            Ok(_) | Err(StoreError::PreconditionRequired) => {}
            Err(other) => return Err(other.into()),
        }
    }
    let mut omstillingsplan =
        plan::omstillingsplan::file::read(FJORDVIK_OMSTILLINGSPLAN, Syntax::Json)
            .map_err(|e| anyhow::anyhow!("the embedded demo omstillingsplan does not read: {e}"))?;
    omstillingsplan.approval = plan::Approval::default();
    match store
        .put(
            programme.id,
            &store::DocKey::single(store::OMSTILLINGSPLAN),
            None,
            &plan::omstillingsplan::file::to_json(&omstillingsplan),
            user.id,
            crate::clock::now(),
        )
        .await
    {
        // Already there (a demo started before): kept as it is.
        Ok(_) | Err(StoreError::PreconditionRequired | StoreError::WrongStatus { .. }) => {}
        Err(other) => return Err(other.into()),
    }
    Ok(DemoLogin {
        user: name.to_owned(),
        password,
        token,
        programme: slug.to_string(),
    })
}

/// A new user `name` who edits the programme `slug` (created as a small Fjordvik-like
/// programme when missing), with a new API token: the writer that process tests and the
/// benchmark harness seed before they start a server.
pub async fn editor_with_token(
    store: &Store,
    slug: &str,
    name: &str,
) -> anyhow::Result<(Programme, User, String)> {
    let slug = store::Slug::parse(slug)?;
    let programme = match store.programme(&slug).await? {
        Some(programme) => programme,
        None => {
            store
                .create_programme(
                    &NewProgramme {
                        slug: slug.to_owned(),
                        name: "Fjordvik Vekst".into(),
                        area: "Fjordvik kommune".into(),
                        county: None,
                        period_from: 2025,
                        period_to: 2030,
                    },
                    None,
                    crate::clock::now(),
                )
                .await?
        }
    };
    let user = store
        .create_user(name, None, None, crate::clock::now())
        .await?;
    let token = make_editor(store, &programme, &user).await?;
    Ok((programme, user, token))
}

/// Makes `user` an editor of `programme` and gives them a new API token.
async fn make_editor(store: &Store, programme: &Programme, user: &User) -> anyhow::Result<String> {
    store
        .set_member(
            programme.id,
            user.id,
            ProgrammeRole::Editor,
            None,
            crate::clock::now(),
        )
        .await?;
    let token = crate::auth::new_api_token()?;
    store
        .add_token(
            user.id,
            &crate::auth::token_hash(&token),
            crate::clock::now(),
        )
        .await?;
    Ok(token)
}
