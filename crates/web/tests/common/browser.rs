//! A browser without JavaScript, for the page tests: a cookie jar, no redirects
//! followed, forms posted with the session's CSRF token, multipart uploads as a page's
//! file form sends them.

use reqwest::{Client, Response, StatusCode, redirect};

use super::TestApp;

/// The password-login form's `next` when a test does not name one.
const NEXT: &str = "/programmes";

#[derive(Debug, Clone)]
pub struct Browser {
    pub client: Client,
    pub base: String,
}

/// A file in a multipart upload: its field name, file name, media type and bytes.
#[derive(Debug, Clone, Copy)]
pub struct Upload<'a> {
    pub field: &'a str,
    pub file_name: &'a str,
    pub media_type: &'a str,
    pub bytes: &'a [u8],
}

impl Browser {
    /// A browser with an empty cookie jar (nobody logged in).
    pub fn new(app: &TestApp) -> Browser {
        let client = Client::builder()
            .cookie_store(true)
            .redirect(redirect::Policy::none())
            .build()
            .unwrap();
        Browser {
            client,
            base: app.base.clone(),
        }
    }

    /// A browser logged in as `name` (the login must succeed).
    pub async fn login(app: &TestApp, name: &str, password: &str) -> Browser {
        Browser::login_with(app, name, password, None).await
    }

    /// As [`Browser::login`], with the login page's language cookie.
    pub async fn login_with(
        app: &TestApp,
        name: &str,
        password: &str,
        language_cookie: Option<&str>,
    ) -> Browser {
        let browser = Browser::new(app);
        let status = browser.sign_in(name, password, language_cookie).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "login of {name}");
        browser
    }

    /// Posts the login form; the answer's status (303 when it worked).
    pub async fn sign_in(
        &self,
        name: &str,
        password: &str,
        language_cookie: Option<&str>,
    ) -> StatusCode {
        let mut request = self
            .client
            .post(format!("{}/login", self.base))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(encode(&[
                ("username", name),
                ("password", password),
                ("next", NEXT),
            ]));
        if let Some(code) = language_cookie {
            request = request.header("Cookie", format!("omstilling_lang={code}"));
        }
        request.send().await.unwrap().status()
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }

    /// The session's CSRF token, from a page's hidden input.
    pub async fn csrf(&self) -> String {
        let (_, page) = self.get("/programmes").await;
        hidden(&page, "csrf_token").expect("a csrf token on the page")
    }

    /// Posts a form with the session's CSRF token added: status, Location and body.
    pub async fn post(
        &self,
        path: &str,
        form: &[(String, String)],
    ) -> (StatusCode, String, String) {
        let mut form = form.to_vec();
        form.push(("csrf_token".into(), self.csrf().await));
        self.post_form(path, &form).await
    }

    /// As [`Browser::post`], the form as borrowed pairs.
    pub async fn post_pairs(
        &self,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, String, String) {
        self.post(path, &pairs(form)).await
    }

    /// Posts a form exactly as given (no token added): status, Location and body.
    pub async fn post_form(
        &self,
        path: &str,
        form: &[(String, String)],
    ) -> (StatusCode, String, String) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(encode(form))
            .send()
            .await
            .unwrap();
        answer(response).await
    }

    /// Posts a multipart form: the text fields in order, then the file (status,
    /// Location and body).
    pub async fn upload(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Upload<'_>,
    ) -> (StatusCode, String, String) {
        let boundary = "----omstilling-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                file.field, file.file_name, file.media_type
            )
            .as_bytes(),
        );
        body.extend_from_slice(file.bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        answer(response).await
    }
}

/// Status, Location (empty without one) and body.
pub async fn answer(response: Response) -> (StatusCode, String, String) {
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

/// A form as `application/x-www-form-urlencoded`.
pub fn encode<K: AsRef<str>, V: AsRef<str>>(form: &[(K, V)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form {
        out.append_pair(k.as_ref(), v.as_ref());
    }
    out.finish()
}

/// The value of the hidden input `name` on a page.
pub fn hidden(page: &str, name: &str) -> Option<String> {
    let marker = format!("type=\"hidden\" name=\"{name}\" value=\"");
    let at = page.find(&marker)? + marker.len();
    Some(page[at..].split('"').next()?.to_owned())
}

/// Owned pairs for [`Browser::post`].
pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}
