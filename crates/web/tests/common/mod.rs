//! Shared test story: `spawn_app(backend)` starts the real app on 127.0.0.1:0 with a fresh
//! database (zero2prod), and helpers make users, tokens, programmes and members.
#![allow(dead_code, clippy::unwrap_used)]

pub mod browser;

use reqwest::{Client, Method, Response};
use serde_json::Value;
pub use store::testing::Backend;
use store::{GlobalRole, Programme, ProgrammeRole, Store, User};

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures");

pub fn fixture(name: &str) -> String {
    let path = format!("{FIXTURES}/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

/// A plan fixture with its year replaced.
pub fn fixture_for_year(name: &str, year: i32) -> String {
    let mut value: Value = serde_json::from_str(&fixture(name)).unwrap();
    value["year"] = year.into();
    value.to_string()
}

#[derive(Debug, Clone)]
pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub url: String,
    pub client: Client,
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, web::AppConfig::default()).await
}

pub async fn spawn_app_with(backend: Backend, config: web::AppConfig) -> TestApp {
    let url = store::testing::fresh_url(backend).await;
    spawn_app_on(&url, config).await
}

/// The app on an existing database (migrated on connect).
pub async fn spawn_app_on(url: &str, config: web::AppConfig) -> TestApp {
    let url = url.to_owned();
    let store = store::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("connect {url}: {e:?}"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = web::AppState::new(store.clone(), config);
    tokio::spawn(async move {
        axum_serve(listener, state).await;
    });
    TestApp {
        base,
        store,
        url,
        client: Client::new(),
    }
}

async fn axum_serve(listener: tokio::net::TcpListener, state: web::AppState) {
    let _ = web::serve(listener, state).await;
}

impl TestApp {
    /// A user with an API token.
    pub async fn user(&self, name: &str, global: Option<GlobalRole>) -> (User, String) {
        let user = self
            .store
            .create_user(name, None, global, time::OffsetDateTime::now_utc())
            .await
            .unwrap();
        let token = web::auth::new_api_token().unwrap();
        self.store
            .add_token(
                user.id,
                &web::auth::token_hash(&token),
                time::OffsetDateTime::now_utc(),
            )
            .await
            .unwrap();
        (user, token)
    }

    /// A user with a password (argon2id), for the login tests.
    pub async fn user_with_password(&self, name: &str, password: &str) -> User {
        let hash = web::auth::hash_password(password).unwrap();
        self.store
            .create_user(name, Some(&hash), None, time::OffsetDateTime::now_utc())
            .await
            .unwrap()
    }

    pub async fn programme(&self, slug: &str) -> Programme {
        self.store
            .create_programme(
                &store::NewProgramme {
                    slug: slug.parse().unwrap(),
                    name: format!("Program {slug}"),
                    area: "Fjordvik kommune".to_owned(),
                    county: None,
                    period_from: 2025,
                    period_to: 2030,
                },
                None,
                time::OffsetDateTime::now_utc(),
            )
            .await
            .unwrap()
    }

    pub async fn member(&self, programme: &Programme, user: &User, role: ProgrammeRole) {
        self.store
            .set_member(
                programme.id,
                user.id,
                role,
                None,
                time::OffsetDateTime::now_utc(),
            )
            .await
            .unwrap();
    }

    /// A programme with an editor (token returned) and the Fjordvik 2027 plan saved.
    pub async fn programme_with_plan(&self, slug: &str) -> (Programme, String) {
        let programme = self.programme(slug).await;
        let (editor, token) = self.user(&format!("{slug}-editor"), None).await;
        self.member(&programme, &editor, ProgrammeRole::Editor)
            .await;
        let response = self
            .request(
                Method::PUT,
                &format!("/api/v1/programmes/{slug}/plans/2027"),
                Some(&token),
            )
            .body(fixture("fjordvik-2027.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        (programme, token)
    }

    pub fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let builder = self.client.request(method, format!("{}{path}", self.base));
        match token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, Some(token))
            .send()
            .await
            .unwrap()
    }

    /// `GET` with a token, the answer's body as JSON (whatever the status).
    pub async fn get_json(&self, path: &str, token: &str) -> Value {
        self.get(path, token).await.json().await.unwrap()
    }

    pub async fn put_plan(
        &self,
        path: &str,
        token: &str,
        body: String,
        if_match: Option<&str>,
    ) -> Response {
        let mut builder = self.request(Method::PUT, path, Some(token)).body(body);
        if let Some(tag) = if_match {
            builder = builder.header("If-Match", tag);
        }
        builder.send().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, token: &str, body: Value) -> Response {
        self.request(Method::POST, path, Some(token))
            .json(&body)
            .send()
            .await
            .unwrap()
    }
}

pub fn etag(response: &Response) -> String {
    response
        .headers()
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

/// The Fjordvik Omstillingsplan (the demo's copy of the shared fixture; the Omstillingsplan
/// of `fjordvik-2027.json`).
pub const FJORDVIK_OMSTILLINGSPLAN: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/demo/fjordvik.op.json"
));

impl TestApp {
    /// Stores the Fjordvik Omstillingsplan as the programme's first version (201).
    pub async fn put_omstillingsplan(&self, slug: &str, token: &str) -> Response {
        let response = self
            .put_plan(
                &format!("/api/v1/programmes/{slug}/omstillingsplan"),
                token,
                FJORDVIK_OMSTILLINGSPLAN.to_owned(),
                None,
            )
            .await;
        assert_eq!(response.status(), 201);
        response
    }
}
