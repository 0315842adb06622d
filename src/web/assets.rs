//! Static assets, compiled into the binary and served with long caching
//! under URLs that change whenever their content does.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

static ASSETS: &[Asset] = &[Asset {
    path: "css/app.css",
    content_type: "text/css; charset=utf-8",
    body: include_bytes!("../../static/css/app.css"),
}];

/// A hash of every asset: it changes when any asset does.
static VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut hasher = DefaultHasher::new();
    for asset in ASSETS {
        asset.path.hash(&mut hasher);
        asset.body.hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
});

/// The versioned URL of an asset.
pub fn url(path: &str) -> String {
    format!("/static/{path}?v={}", *VERSION)
}

pub async fn serve(Path(path): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.path == path) {
        Some(asset) => (
            [
                (header::CONTENT_TYPE, asset.content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            asset.body,
        )
            .into_response(),
        None => crate::error::error_page(StatusCode::NOT_FOUND),
    }
}
