//! The e-mail section of `/account` (issue 14): the user's own address and whether they
//! want deadline reminders (`POST /account/mail`), and on the admin page a new user's
//! address and a change of anyone's (`POST /admin/users/email`, their reminder setting
//! kept). Addresses are checked by [`crate::mail::parse_address`]; a malformed
//! one is refused at its field with a message in the page's målform.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use store::mail::MailSettings;

use crate::AppState;
use crate::error::AppError;
use crate::ui::page::{Administrator, SignedIn};
use crate::ui::texts::Texts;
use crate::ui::{error_page, page_language};

/// The section's route.
pub(in crate::ui) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/account/mail", post(save))
        .route("/admin/users/email", post(admin_set))
}

macro_rules! mail_texts {
    ($($key:ident : $nb:literal, $nn:literal;)*) => {
        /// The e-mail section's texts of one language.
        #[derive(Debug)]
        pub struct MailTexts { $(pub $key: &'static str,)* }
        const NB: MailTexts = MailTexts { $($key: $nb,)* };
        const NN: MailTexts = MailTexts { $($key: $nn,)* };
    };
}

mail_texts! {
    title: "E-post", "E-post";
    intro: "Påminnelser om fristene i årshjulet og varsler om vedtak og gjenåpnede planer sendes til denne adressen. Uten adresse får du ingen e-post.", "Påminningar om fristane i årshjulet og varsel om vedtak og gjenopna planar blir sende til denne adressa. Utan adresse får du ingen e-post.";
    address: "E-postadresse", "E-postadresse";
    reminders: "Send meg påminnelser før fristene", "Send meg påminningar før fristane";
    reminders_hint: "Redaktører får påminnelse om hver frist, styremedlemmer om styrets behandling. Varsler om vedtak sendes uansett.", "Redaktørar får påminning om kvar frist, styremedlemer om handsaminga i styret. Varsel om vedtak blir sende uansett.";
    save: "Lagre e-postinnstillingene", "Lagre e-postinnstillingane";
    saved: "E-postinnstillingene er lagret.", "E-postinnstillingane er lagra.";
    error_title: "E-postinnstillingene ble ikke lagret", "E-postinnstillingane vart ikkje lagra";
    admin_address: "E-postadresse (valgfri)", "E-postadresse (valfri)";
    admin_change: "Endre e-postadressen til en bruker", "Endre e-postadressa til ein brukar";
    admin_new_address: "Ny e-postadresse (tomt felt: ingen)", "Ny e-postadresse (tomt felt: inga)";
    admin_save: "Lagre e-postadressen", "Lagre e-postadressa";
    admin_saved: "E-postadressen er lagret.", "E-postadressa er lagra.";
}

/// The section's texts in the page's language.
pub fn mail_texts(t: &Texts) -> &'static MailTexts {
    if t.lang == "nn" { &NN } else { &NB }
}

/// The e-mail section of `/account`.
#[derive(Debug, Clone)]
pub struct MailView {
    pub w: &'static MailTexts,
    /// The address as stored, or as typed when refused.
    pub email: String,
    pub reminders: bool,
    /// Why the form was refused.
    pub error: Option<String>,
    /// The form was just saved.
    pub saved: bool,
}

/// What the section shows beside the stored settings: a refused form or a saved one.
#[derive(Debug, Clone, Default)]
pub(in crate::ui) struct MailForm {
    pub typed: Option<(String, bool)>,
    pub error: Option<String>,
    pub saved: bool,
}

/// The section, from the store (or the refused form).
pub(in crate::ui) async fn section(
    state: &AppState,
    user: &store::User,
    t: &'static Texts,
    form: MailForm,
) -> Result<MailView, AppError> {
    let w = mail_texts(t);
    let (email, reminders) = match form.typed {
        Some(typed) => typed,
        None => {
            let settings = state.store.mail_settings(user.id).await?;
            (settings.email.unwrap_or_default(), settings.reminders)
        }
    };
    Ok(MailView {
        w,
        email,
        reminders,
        error: form.error,
        saved: form.saved,
    })
}

#[derive(Debug, serde::Deserialize)]
struct MailPost {
    #[serde(default)]
    email: String,
    /// Present (`on`) when the box is ticked.
    reminders: Option<String>,
}

async fn save(
    State(state): State<AppState>,
    page: SignedIn,
    Form(form): Form<MailPost>,
) -> Response {
    let SignedIn { t, current } = page;
    let reminders = form.reminders.is_some();
    let email = match crate::mail::parse_address(&form.email) {
        Ok(email) => email,
        Err(invalid) => {
            let refused = MailForm {
                typed: Some((form.email.clone(), reminders)),
                error: Some(invalid.message(page_language(t)).to_owned()),
                saved: false,
            };
            return crate::ui::account::page_with_mail(
                &state,
                t,
                &current,
                StatusCode::UNPROCESSABLE_ENTITY,
                refused,
            )
            .await;
        }
    };
    let settings = MailSettings { email, reminders };
    match state
        .store
        .set_mail_settings(
            current.user.id,
            &settings,
            Some(current.user.id),
            crate::clock::now(),
        )
        .await
    {
        Ok(()) => {
            tracing::info!(user_id = current.user.id, "e-mail settings changed");
            Redirect::to("/account?mail=saved#mail").into_response()
        }
        Err(error) => error_page(t, Some(&current), error.into()),
    }
}

#[derive(Debug, serde::Deserialize)]
struct AdminMailPost {
    username: String,
    #[serde(default)]
    email: String,
}

/// An admin sets (or with an empty field removes) a user's address.
async fn admin_set(
    State(state): State<AppState>,
    page: Administrator,
    Form(form): Form<AdminMailPost>,
) -> Response {
    let Administrator { t, current } = page;
    let w = mail_texts(t);
    let email = match crate::mail::parse_address(&form.email) {
        Ok(email) => email,
        Err(invalid) => {
            let message = invalid.message(page_language(t)).to_owned();
            return crate::ui::admin_page(&state, t, &current, None, Some(message)).await;
        }
    };
    let found = match state.store.user_by_name(form.username.trim()).await {
        Ok(found) => found,
        Err(error) => return error_page(t, Some(&current), error.into()),
    };
    let Some((target, _)) = found else {
        return crate::ui::admin_page(&state, t, &current, None, Some(t.not_found.into())).await;
    };
    let saved = async {
        let mut settings = state.store.mail_settings(target.id).await?;
        settings.email = email;
        state
            .store
            .set_mail_settings(
                target.id,
                &settings,
                Some(current.user.id),
                crate::clock::now(),
            )
            .await
    }
    .await;
    match saved {
        Ok(()) => {
            tracing::info!(
                user_id = target.id,
                actor = current.user.id,
                "e-mail address set by an admin"
            );
            crate::ui::admin_page(&state, t, &current, Some(w.admin_saved.into()), None).await
        }
        Err(error) => error_page(t, Some(&current), error.into()),
    }
}
