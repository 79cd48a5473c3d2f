//! E-mail (issue 14): deadline reminders and decision/reopen notices, through SMTP.
//!
//! Every message is first recorded in the store's outbox ([`store::mail::Mail`]) under a
//! key that names what it is about and for whom, then delivered by [`run`], the worker
//! `omstilling serve --smtp …` starts:
//!
//! - each tick ([`MailConfig::interval`], a minute) it computes the reminders due today
//!   ([`plan::yearwheel::due_reminders`], `--remind-days`, default 14 and 3) for every
//!   programme with recipients and enqueues one per recipient: the programme's editors,
//!   and its board members for the board's deadline, who have an address and have not
//!   turned reminders off;
//! - then it claims due messages one at a time (atomically, across processes) and sends
//!   each; a failure is retried with exponential backoff ([`MailConfig::retry_base`]
//!   doubled per attempt, at most an hour) up to [`MailConfig::max_attempts`]; a
//!   permanent refusal (5xx) is given up at once. A message stays in the outbox as
//!   `sent` or `failed`.
//!
//! [`notify`] enqueues the notice to the editors right after a decision or a reopen was
//! written ([`crate::approvals::record`], [`crate::workflow::reopen`]), keyed by the
//! version it made. Messages are plain text and HTML (multipart/alternative) in the
//! recipient's målform. Logs name outbox ids and SMTP codes, never an address, a name or
//! a message's text.
//!
//! This module never decides who may do what; it reads the clock only in [`run`] (the
//! edge of the worker), through [`MailConfig::today`] when a test fixes the day.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use plan::yearwheel::{Deadline, DueReminder, SetDates};
use plan::{Date, Language};
use store::mail::{NewMail, Recipient};
use store::{DocKey, Programme, ProgrammeRole, VersionInfo};
use time::OffsetDateTime;

use crate::AppState;

/// How long a claimed message is held before another sender may take it (a sender that
/// died mid-send): longer than an SMTP conversation can take.
const LEASE_SECONDS: i64 = 300;
/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// The e-mail settings of `serve` (`--smtp`, `--mail-from`, `--remind-days`, …).
#[derive(Clone)]
pub struct MailConfig {
    /// `smtp://[user:password@]host[:port][?tls=required]` (STARTTLS) or `smtps://…`.
    pub smtp_url: String,
    /// The sender.
    pub from: Mailbox,
    /// The server's address as users reach it, for links (`https://omstilling.example`).
    pub public_url: String,
    /// Days before a deadline to remind (14 and 3).
    pub remind_days: Vec<u32>,
    /// How often the worker looks for reminders and due messages.
    pub interval: Duration,
    /// The wait after the first failure; doubled after each further one.
    pub retry_base: Duration,
    /// Attempts before a message is given up.
    pub max_attempts: i64,
    /// The day reminders are computed for, when fixed (tests); else today in UTC.
    pub today: Option<Date>,
}

impl fmt::Debug for MailConfig {
    /// Without the SMTP URL (it may hold a password) and the sender's address.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailConfig")
            .field("public_url", &self.public_url)
            .field("remind_days", &self.remind_days)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

impl MailConfig {
    /// Checks the SMTP URL by building a transport from it (no connection is made).
    pub fn transport(
        &self,
    ) -> Result<AsyncSmtpTransport<Tokio1Executor>, lettre::transport::smtp::Error> {
        Ok(
            AsyncSmtpTransport::<Tokio1Executor>::from_url(&self.smtp_url)?
                .timeout(Some(Duration::from_secs(30)))
                .build(),
        )
    }
}

/// Why an address was refused (shown at the field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidAddress;

impl InvalidAddress {
    /// The message in `language`.
    pub fn message(&self, language: Language) -> &'static str {
        language.pick(
            "E-postadressen er ikke gyldig. Skriv den som navn@eksempel.no.",
            "E-postadressa er ikkje gyldig. Skriv ho som namn@døme.no.",
        )
    }
}

/// An address as typed: trimmed; empty is `None` (no e-mail); otherwise it must be one
/// address lettre accepts (`name@domain`, no display name, at most 254 characters).
pub fn parse_address(text: &str) -> Result<Option<String>, InvalidAddress> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.len() > 254 {
        return Err(InvalidAddress);
    }
    text.parse::<lettre::Address>()
        .map(|address| Some(address.to_string()))
        .map_err(|_| InvalidAddress)
}

/// A message's subject and bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice<'a> {
    /// The board treated the plan.
    Board { date: Date, reference: &'a str },
    /// The council approved it.
    Council { date: Date, reference: &'a str },
    /// It was reopened (a new draft).
    Reopened,
}

/// `&`, `<`, `>`, `"` and `'` as entities.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The plain text and HTML of a message from its paragraphs (each plain text) and the
/// link it points to.
fn compose(
    language: Language,
    subject: String,
    paragraphs: &[String],
    link: &str,
    footer: &str,
) -> Composed {
    let mut text = String::new();
    for paragraph in paragraphs {
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    text.push_str(link);
    text.push_str("\n\n-- \n");
    text.push_str(footer);
    text.push('\n');
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>\n",
        language.code(),
        escape(&subject)
    );
    for paragraph in paragraphs {
        html.push_str(&format!("<p>{}</p>\n", escape(paragraph)));
    }
    html.push_str(&format!(
        "<p><a href=\"{0}\">{0}</a></p>\n<hr>\n<p><small>{1}</small></p>\n</body></html>\n",
        escape(link),
        escape(footer)
    ));
    Composed {
        subject,
        text,
        html,
    }
}

/// When the deadline is, from today: `i dag`, `i morgen`, `om 3 dager`.
fn days_left_text(days: i64, language: Language) -> String {
    match days {
        0 => language.pick("i dag", "i dag").to_owned(),
        1 => language.pick("i morgen", "i morgon").to_owned(),
        n => format!("om {n} {}", language.pick("dager", "dagar")),
    }
}

/// A reminder of a deadline.
pub fn reminder(
    language: Language,
    programme: &Programme,
    due: &DueReminder,
    role: ProgrammeRole,
    public_url: &str,
) -> Composed {
    let (deadline, year, date, days_left) = (due.deadline, due.year, due.date, due.days_left);
    let title = deadline.title(language, year);
    let when = plan::norwegian::date(date, language);
    let left = days_left_text(days_left, language);
    let subject = format!(
        "{}: {title} ({when}) – {}",
        language.pick("Påminnelse", "Påminning"),
        programme.name
    );
    let role_text = match role {
        ProgrammeRole::Board => language.pick("styremedlem", "styremedlem"),
        _ => language.pick("redaktør", "redaktør"),
    };
    let paragraphs = vec![
        format!(
            "{} «{title}» for {} {} {when} ({left}).",
            language.pick("Fristen", "Fristen"),
            programme.name,
            language.pick("er", "er"),
        ),
        language
            .pick(
                "Årshjulet til programmet viser alle fristene:",
                "Årshjulet til programmet viser alle fristane:",
            )
            .to_owned(),
    ];
    let footer = format!(
        "{} {role_text} {} {public_url}/account",
        language.pick(
            "Du får denne påminnelsen fordi du er",
            "Du får denne påminninga fordi du er"
        ),
        language.pick(
            "i programmet. Påminnelser slår du av på",
            "i programmet. Påminningar slår du av på"
        ),
    );
    let link = format!("{public_url}/programmes/{}?year={year}", programme.slug);
    compose(language, subject, &paragraphs, &link, &footer)
}

/// `Omstillingsplanen` from `omstillingsplanen`.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The document a notice is about, as its text names it and where its page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noticed {
    /// The Handlingsplan for a year.
    Handlingsplan(i32),
    /// The programme's Omstillingsplan.
    Omstillingsplan,
}

impl Noticed {
    /// The document of a store key, when it is one a notice can name.
    pub fn of(doc: &DocKey) -> Option<Noticed> {
        if doc.kind == store::HANDLINGSPLAN {
            doc.key.parse().ok().map(Noticed::Handlingsplan)
        } else if doc.kind == store::OMSTILLINGSPLAN {
            Some(Noticed::Omstillingsplan)
        } else {
            None
        }
    }

    /// `handlingsplanen for 2027`, `omstillingsplanen` (the same in both målformer).
    fn name(self) -> String {
        match self {
            Noticed::Handlingsplan(year) => format!("handlingsplanen for {year}"),
            Noticed::Omstillingsplan => "omstillingsplanen".to_owned(),
        }
    }

    fn path(self, slug: &str) -> String {
        match self {
            Noticed::Handlingsplan(year) => format!("/programmes/{slug}/plans/{year}"),
            Noticed::Omstillingsplan => format!("/programmes/{slug}"),
        }
    }
}

/// A notice of a decision on, or a reopen of, a document.
pub fn notice(
    language: Language,
    programme: &Programme,
    document: Noticed,
    what: Notice<'_>,
    version: i64,
    public_url: &str,
) -> Composed {
    let (headline, detail) = match what {
        Notice::Board { date, reference } | Notice::Council { date, reference } => {
            let headline = if matches!(what, Notice::Board { .. }) {
                format!(
                    "{} {}",
                    language.pick("Styret har behandlet", "Styret har handsama"),
                    document.name()
                )
            } else {
                format!("Kommunestyret har godkjent {}", document.name())
            };
            let mut detail = format!(
                "{} {}",
                language.pick("Vedtaksdato:", "Vedtaksdato:"),
                plan::norwegian::date(date, language)
            );
            if !reference.is_empty() {
                detail.push_str(&format!(", {reference}"));
            }
            detail.push_str(&format!(
                ". {} {version}.",
                language.pick(
                    "Vedtaket er ført som versjon",
                    "Vedtaket er ført som versjon"
                )
            ));
            (headline, detail)
        }
        Notice::Reopened => (
            format!(
                "{} {}",
                capitalised(&document.name()),
                language.pick("er åpnet igjen", "er opna att")
            ),
            format!(
                "{} {version}.",
                language.pick(
                    "Planen kan endres igjen og må behandles på nytt. Utkastet er versjon",
                    "Planen kan endrast att og må handsamast på nytt. Utkastet er versjon"
                )
            ),
        ),
    };
    let subject = format!("{headline} – {}", programme.name);
    let paragraphs = vec![format!("{headline} ({}).", programme.name), detail];
    let footer = language
        .pick(
            "Du får denne meldingen fordi du er redaktør i programmet.",
            "Du får denne meldinga fordi du er redaktør i programmet.",
        )
        .to_owned();
    let link = format!("{public_url}{}", document.path(&programme.slug));
    compose(language, subject, &paragraphs, &link, &footer)
}

/// Enqueues the notice of a decision or reopen (the version it made) to the programme's
/// editors who have an address, when e-mail is configured. Called after the transition
/// was written; a failure here is logged, never undoes or refuses the step.
pub async fn notify(
    state: &AppState,
    programme: &Programme,
    doc: &DocKey,
    what: Notice<'_>,
    made: &VersionInfo,
) {
    let Some(config) = &state.config.mail else {
        return;
    };
    let Some(document) = Noticed::of(doc) else {
        return;
    };
    let result = async {
        let recipients = state.store.mail_recipients(Some(programme.id)).await?;
        let mails: Vec<NewMail> = recipients
            .iter()
            .filter(|r| r.role == ProgrammeRole::Editor)
            .map(|r| {
                let language = r.language.unwrap_or(Language::Bokmal);
                let composed = notice(
                    language,
                    programme,
                    document,
                    what,
                    made.version,
                    &config.public_url,
                );
                NewMail {
                    key: format!(
                        "notice/{}/{}/{}/{}/{}",
                        programme.id, doc.kind.name, doc.key, made.version, r.user_id
                    ),
                    user_id: r.user_id,
                    address: r.email.clone(),
                    subject: composed.subject,
                    text: composed.text,
                    html: composed.html,
                }
            })
            .collect();
        state.store.enqueue_mail(&mails, crate::clock::now()).await
    }
    .await;
    match result {
        Ok(count) => tracing::info!(
            programme = programme.id,
            version = made.version,
            count,
            "notices enqueued"
        ),
        Err(error) => {
            tracing::error!(programme = programme.id, version = made.version, %error, "notices not enqueued")
        }
    }
}

/// Who is reminded of `deadline`: editors, and board members for the board's step; only
/// those who want reminders.
fn reminded(recipient: &Recipient, deadline: Deadline) -> bool {
    recipient.reminders
        && match recipient.role {
            ProgrammeRole::Editor => true,
            ProgrammeRole::Board => deadline.is_board_step(),
            ProgrammeRole::Viewer => false,
        }
}

/// Enqueues the reminders due on `today` for every programme; returns how many were new.
pub async fn enqueue_reminders(
    store: &store::Store,
    config: &MailConfig,
    today: Date,
    now: OffsetDateTime,
) -> Result<u64, store::StoreError> {
    let recipients = store.mail_recipients(None).await?;
    if recipients.is_empty() {
        return Ok(0);
    }
    let programmes = store.programmes().await?;
    let mut mails = Vec::new();
    for programme in &programmes {
        let members: Vec<&Recipient> = recipients
            .iter()
            .filter(|r| r.programme_id == programme.id && r.reminders)
            .collect();
        if members.is_empty() {
            continue;
        }
        let set = store.year_wheel_dates(programme.id).await?;
        for year in (today.year() - 1)..=(today.year() + 1) {
            if year < programme.period_from || year > programme.period_to {
                continue;
            }
            let dates = SetDates {
                dates: set
                    .iter()
                    .filter(|s| s.year == year)
                    .map(|s| (s.deadline, s.date))
                    .collect(),
            };
            for due in plan::yearwheel::due_reminders(year, &dates, today, &config.remind_days) {
                for recipient in members.iter().filter(|r| reminded(r, due.deadline)) {
                    let language = recipient.language.unwrap_or(Language::Bokmal);
                    let composed = reminder(
                        language,
                        programme,
                        &due,
                        recipient.role,
                        &config.public_url,
                    );
                    mails.push(NewMail {
                        key: format!(
                            "reminder/{}/{year}/{}/{}/{}/{}",
                            programme.id,
                            due.deadline.key(),
                            due.date,
                            due.days_before,
                            recipient.user_id
                        ),
                        user_id: recipient.user_id,
                        address: recipient.email.clone(),
                        subject: composed.subject,
                        text: composed.text,
                        html: composed.html,
                    });
                }
            }
        }
    }
    store.enqueue_mail(&mails, now).await
}

/// What one delivery round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: u64,
    pub failed: u64,
}

/// The wait before attempt `attempts + 1`.
fn backoff(config: &MailConfig, attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    config
        .retry_base
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(MAX_BACKOFF)
}

/// Sends every message due now, one claim at a time.
pub async fn deliver_due(
    store: &store::Store,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    config: &MailConfig,
) -> Result<Delivered, store::StoreError> {
    let mut done = Delivered::default();
    while let Some(mail) = store.claim_mail(crate::clock::now(), LEASE_SECONDS).await? {
        let message = mail
            .address
            .parse::<lettre::Address>()
            .map_err(|e| e.to_string())
            .and_then(|to| {
                Message::builder()
                    .from(config.from.clone())
                    .to(Mailbox::new(None, to))
                    .subject(mail.subject.clone())
                    .multipart(MultiPart::alternative_plain_html(
                        mail.text.clone(),
                        mail.html.clone(),
                    ))
                    .map_err(|e| e.to_string())
            });
        let message = match message {
            Ok(message) => message,
            Err(error) => {
                tracing::error!(mail = mail.id, "e-mail could not be built; given up");
                store.mail_failed(mail.id, &error, None).await?;
                done.failed += 1;
                continue;
            }
        };
        match transport.send(message).await {
            Ok(_) => {
                store.mail_sent(mail.id, crate::clock::now()).await?;
                tracing::info!(mail = mail.id, attempt = mail.attempts, "e-mail sent");
                done.sent += 1;
            }
            Err(error) => {
                let code = error.status().map(|code| code.to_string());
                let give_up = error.is_permanent() || mail.attempts >= config.max_attempts;
                let retry_at =
                    (!give_up).then(|| crate::clock::now() + backoff(config, mail.attempts));
                store
                    .mail_failed(mail.id, &error.to_string(), retry_at)
                    .await?;
                if give_up {
                    tracing::error!(
                        mail = mail.id,
                        attempt = mail.attempts,
                        code,
                        "e-mail not sent; given up"
                    );
                } else {
                    tracing::warn!(
                        mail = mail.id,
                        attempt = mail.attempts,
                        code,
                        "e-mail not sent; will retry"
                    );
                }
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

/// The day in UTC, or the fixed one.
fn today(config: &MailConfig, now: OffsetDateTime) -> Option<Date> {
    config.today.or_else(|| {
        Date::new(
            now.year(),
            u32::from(u8::from(now.month())),
            u32::from(now.day()),
        )
    })
}

/// The worker: every [`MailConfig::interval`], enqueue today's reminders and send what is
/// due. Runs until the task is dropped; a round that fails is logged and the next one
/// tries again.
pub async fn run(
    store: store::Store,
    config: Arc<MailConfig>,
    transport: AsyncSmtpTransport<Tokio1Executor>,
) {
    let mut tick = tokio::time::interval(config.interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let now = crate::clock::now();
        if let Some(today) = today(&config, now) {
            match enqueue_reminders(&store, &config, today, now).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "reminders enqueued"),
                Err(error) => tracing::error!(%error, "reminders not enqueued"),
            }
        }
        if let Err(error) = deliver_due(&store, &transport, &config).await {
            tracing::error!(%error, "e-mail delivery round failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn programme() -> Programme {
        Programme {
            id: 1,
            slug: "fjordvik".parse().unwrap(),
            name: "Fjordvik <&> \"omstilling\"".into(),
            area: "Fjordvik".into(),
            county: None,
            period_from: 2025,
            period_to: 2030,
        }
    }

    #[test]
    fn addresses_are_checked_and_empty_is_none() {
        assert_eq!(
            parse_address("  kari@example.no "),
            Ok(Some("kari@example.no".into()))
        );
        assert_eq!(parse_address(""), Ok(None));
        assert_eq!(parse_address("   "), Ok(None));
        for bad in [
            "kari",
            "kari@",
            "@example.no",
            "kari @example.no",
            "Kari <kari@example.no>",
        ] {
            assert_eq!(parse_address(bad), Err(InvalidAddress), "{bad}");
        }
    }

    #[test]
    fn a_reminder_reads_in_both_forms_and_escapes_its_html() {
        let due = |days_left| DueReminder {
            deadline: Deadline::BoardNextPlan,
            year: 2026,
            date: Date::new(2026, 12, 4).unwrap(),
            days_before: 3,
            days_left,
        };
        let nb = reminder(
            Language::Bokmal,
            &programme(),
            &due(3),
            ProgrammeRole::Board,
            "https://o.example",
        );
        assert!(nb.subject.starts_with("Påminnelse: Styret behandler handlingsplanen for 2027 (4. desember 2026) – Fjordvik"), "{}", nb.subject);
        assert!(nb.text.contains("om 3 dager"), "{}", nb.text);
        assert!(
            nb.text
                .contains("https://o.example/programmes/fjordvik?year=2026")
        );
        assert!(nb.text.contains("Fjordvik <&> \"omstilling\""));
        assert!(
            nb.html
                .contains("Fjordvik &lt;&amp;&gt; &quot;omstilling&quot;")
        );
        assert!(!nb.html.contains("<&>"));
        let nn = reminder(
            Language::Nynorsk,
            &programme(),
            &due(1),
            ProgrammeRole::Editor,
            "https://o.example",
        );
        assert!(
            nn.subject.starts_with("Påminning: Styret handsamar"),
            "{}",
            nn.subject
        );
        assert!(nn.text.contains("i morgon"));
        assert!(nn.html.contains("lang=\"nn\""));
    }

    #[test]
    fn notices_name_the_step_the_date_and_the_version() {
        let date = Date::new(2026, 12, 4).unwrap();
        let board = notice(
            Language::Bokmal,
            &programme(),
            Noticed::Handlingsplan(2027),
            Notice::Board {
                date,
                reference: "sak 21/39",
            },
            3,
            "http://x",
        );
        assert!(
            board
                .subject
                .starts_with("Styret har behandlet handlingsplanen for 2027")
        );
        assert!(
            board.text.contains(
                "Vedtaksdato: 4. desember 2026, sak 21/39. Vedtaket er ført som versjon 3."
            ),
            "{}",
            board.text
        );
        let reopened = notice(
            Language::Nynorsk,
            &programme(),
            Noticed::Handlingsplan(2027),
            Notice::Reopened,
            5,
            "http://x",
        );
        assert!(
            reopened
                .subject
                .starts_with("Handlingsplanen for 2027 er opna att")
        );
        assert!(
            reopened
                .text
                .contains("http://x/programmes/fjordvik/plans/2027")
        );
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let config = MailConfig {
            smtp_url: "smtp://localhost".into(),
            from: "a@b.no".parse().unwrap(),
            public_url: String::new(),
            remind_days: vec![14, 3],
            interval: Duration::from_secs(60),
            retry_base: Duration::from_secs(60),
            max_attempts: 10,
            today: None,
        };
        assert_eq!(backoff(&config, 1), Duration::from_secs(60));
        assert_eq!(backoff(&config, 2), Duration::from_secs(120));
        assert_eq!(backoff(&config, 3), Duration::from_secs(240));
        assert_eq!(backoff(&config, 9), MAX_BACKOFF);
    }

    #[test]
    fn notices_of_the_omstillingsplan_name_it_and_link_the_programme() {
        let doc = DocKey::single(store::OMSTILLINGSPLAN);
        let document = Noticed::of(&doc).unwrap();
        assert_eq!(document, Noticed::Omstillingsplan);
        assert_eq!(
            Noticed::of(&DocKey::handlingsplan(2027)),
            Some(Noticed::Handlingsplan(2027))
        );
        let reopened = notice(
            Language::Bokmal,
            &programme(),
            document,
            Notice::Reopened,
            4,
            "http://x",
        );
        assert!(
            reopened
                .subject
                .starts_with("Omstillingsplanen er åpnet igjen"),
            "{}",
            reopened.subject
        );
        let council = notice(
            Language::Nynorsk,
            &programme(),
            document,
            Notice::Council {
                date: Date::new(2026, 12, 10).unwrap(),
                reference: "",
            },
            5,
            "http://x",
        );
        assert!(
            council
                .subject
                .starts_with("Kommunestyret har godkjent omstillingsplanen"),
            "{}",
            council.subject
        );
        let slug = programme().slug;
        assert!(
            council
                .text
                .contains(&format!("http://x/programmes/{slug}"))
        );
        assert!(!council.text.contains("/plans/"));
    }
}
