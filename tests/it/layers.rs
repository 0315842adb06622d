//! The layers depend downwards only: `auth` takes nothing from `web`, and
//! `db` nothing from `i18n` (see the architecture in the README).

use std::path::PathBuf;

use regex::Regex;

/// The Rust sources directly under `src/{dir}`, and `src/{dir}.rs`.
fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = vec![src.join(format!("{dir}.rs"))];
    for entry in std::fs::read_dir(src.join(dir)).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "rs") {
            paths.push(entry.path());
        }
    }
    paths.into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap())).collect()
}

/// Matches `crate::{module}`, also inside a grouped `use crate::{…, module, …}`.
fn naming(module: &str) -> Regex {
    Regex::new(&format!(r"crate::(\{{[^}}]*\b)?{module}\b")).unwrap()
}

/// Every line in `dir` that names `crate::{module}`.
fn uses_of(dir: &str, module: &str) -> Vec<String> {
    let pattern = naming(module);
    let mut found = Vec::new();
    for (path, source) in sources(dir) {
        for (n, line) in source.lines().enumerate() {
            if pattern.is_match(line) {
                found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn auth_takes_nothing_from_web_and_db_nothing_from_i18n() {
    let auth = uses_of("auth", "web");
    assert!(auth.is_empty(), "auth uses web:\n{}", auth.join("\n"));
    let db = uses_of("db", "i18n");
    assert!(db.is_empty(), "db uses i18n:\n{}", db.join("\n"));
}

#[test]
fn the_layer_check_sees_a_slip() {
    let pattern = naming("web");
    assert!(pattern.is_match("let n = crate::web::BODY_LIMIT;"));
    assert!(pattern.is_match("use crate::{db, web::page};"));
    assert!(!pattern.is_match("use crate::webhooks;"));
}
