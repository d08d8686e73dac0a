//! Static files, embedded in the binary. `/static/<hash>/...` is cached for a
//! year (the hash changes when any file does); `/assets/...` is the NHS
//! frontend's own fixed path for icons, cached for a day.

use actix_web::{HttpResponse, web};
use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

use crate::error::AppError;

#[derive(RustEmbed)]
#[folder = "static/"]
struct Static;

/// "/static/3f9a0c1b2d4e" — computed once from every embedded file.
pub fn prefix() -> &'static str {
    static P: OnceLock<String> = OnceLock::new();
    P.get_or_init(|| {
        let mut names: Vec<_> = Static::iter().collect();
        names.sort();
        let mut h = Sha256::new();
        for n in names {
            h.update(n.as_bytes());
            if let Some(f) = Static::get(&n) {
                h.update(f.metadata.sha256_hash());
            }
        }
        let hex: String = h
            .finalize()
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("/static/{hex}")
    })
}

fn serve(path: &str, cache: &str) -> Result<HttpResponse, AppError> {
    // Source maps, licences and notes stay out of the public paths' way only by name.
    let file = Static::get(path).ok_or_else(AppError::not_found)?;
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    Ok(HttpResponse::Ok()
        .content_type(mime.as_ref())
        .insert_header(("Cache-Control", cache))
        .body(file.data.into_owned()))
}

pub async fn versioned(path: web::Path<(String, String)>) -> Result<HttpResponse, AppError> {
    let (version, file) = path.into_inner();
    if format!("/static/{version}") != prefix() {
        // An old page asking for old assets: serve the current ones, briefly cached.
        return serve(&file, "public, max-age=300");
    }
    serve(&file, "public, max-age=31536000, immutable")
}

pub async fn nhs_assets(path: web::Path<String>) -> Result<HttpResponse, AppError> {
    serve(
        &format!("assets/{}", path.into_inner()),
        "public, max-age=86400",
    )
}

pub async fn favicon() -> Result<HttpResponse, AppError> {
    serve("assets/images/favicon.ico", "public, max-age=86400")
}

/// The service worker, at the root so that its scope is every page. The
/// asset prefix goes in front of static/sw.js: the worker's bytes change with
/// every release, so browsers install the new one and drop the old caches.
pub async fn service_worker() -> Result<HttpResponse, AppError> {
    let file = Static::get("sw.js").ok_or_else(AppError::not_found)?;
    let mut body = format!("const ASSETS = {:?};\n", prefix()).into_bytes();
    body.extend_from_slice(&file.data);
    Ok(HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        // Always checked with the server (browsers cap it at a day anyway).
        .insert_header(("Cache-Control", "no-cache"))
        .body(body))
}

#[cfg(test)]
mod tests {
    use super::Static;

    /// Our style sheets close every block they open: one missing brace
    /// (two merges once lost theirs) silently nests every later rule.
    #[test]
    fn our_style_sheets_are_balanced() {
        for name in ["app.css", "print.css"] {
            let file = Static::get(name).unwrap();
            let css = String::from_utf8(file.data.to_vec()).unwrap();
            let (mut depth, mut rest) = (0i32, css.as_str());
            while !rest.is_empty() {
                if let Some(after) = rest.strip_prefix("/*") {
                    rest = after.split_once("*/").map_or("", |(_, r)| r);
                    continue;
                }
                let c = rest.chars().next().unwrap();
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                assert!(depth >= 0, "{name}: a closing brace too many");
                rest = &rest[c.len_utf8()..];
            }
            assert_eq!(depth, 0, "{name}: a block left open");
        }
    }
}
