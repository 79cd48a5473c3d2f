//! Server-rendered HTML pages. Owned by the web UI work (worktree `webui`): replace this
//! placeholder with the real pages. `routes()` is merged into [`crate::app`].

use crate::AppState;

/// The page routes.
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
}
