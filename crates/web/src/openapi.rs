//! `GET /api/v1/openapi.json`: the OpenAPI 3.0 description of the API (written by hand,
//! kept next to the routes in [`crate::api`]).

use axum::Json;
use serde_json::Value;

/// The OpenAPI document.
pub fn document() -> Value {
    serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "omstilling", "version": "1" },
        "paths": {}
    })
}

pub(crate) async fn openapi_json() -> Json<Value> {
    Json(document())
}
