//! The offline query data in `.sqlx/` is what the builds check the queries
//! against (`SQLX_OFFLINE=true` in `.cargo/config.toml`), so it must say what
//! the migrations say: each file is the query's own (its name is the SHA-256
//! of its text), describes the same columns, nullability and parameters as
//! PostgreSQL does today after the migrations, and belongs to a query that is
//! still in the source. A query without data fails the build itself.

use std::path::{Path, PathBuf};

use checkpoint_tracker::db;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::Executor;

use crate::support::TestDb;

const FIX: &str = "run scripts/sqlx-prepare and commit .sqlx/";

/// One `.sqlx/query-<hash>.json`, as sqlx's query macros write it.
struct QueryData {
    file: String,
    hash_in_name: String,
    json: Value,
}

impl QueryData {
    fn query(&self) -> &str {
        self.json["query"].as_str().unwrap_or_default()
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn query_data() -> Vec<QueryData> {
    let dir = root().join(".sqlx");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}; {FIX}", dir.display()));
    let mut data: Vec<QueryData> = entries
        .map(|entry| entry.unwrap().path())
        .filter_map(|path| {
            let file = path.file_name()?.to_str()?.to_owned();
            let hash = file.strip_prefix("query-")?.strip_suffix(".json")?.to_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} is not JSON ({e}); {FIX}"));
            Some(QueryData { file, hash_in_name: hash, json })
        })
        .collect();
    data.sort_by(|a, b| a.file.cmp(&b.file));
    assert!(!data.is_empty(), "no query data in .sqlx/; {FIX}");
    data
}

fn failures(problems: &[String]) -> String {
    format!("{} problem(s) with .sqlx/, {FIX}:\n{}", problems.len(), problems.join("\n"))
}

#[test]
fn each_file_is_named_by_the_hash_of_its_query() {
    let mut problems = Vec::new();
    for data in query_data() {
        let hash = hex::encode(Sha256::digest(data.query().as_bytes()));
        if hash != data.hash_in_name || data.json["hash"] != hash.as_str() {
            problems.push(format!("{}: the query's SHA-256 is {hash} (edited by hand?)", data.file));
        }
        if data.json["db_name"] != "PostgreSQL" {
            problems.push(format!("{}: db_name is {}, not PostgreSQL", data.file, data.json["db_name"]));
        }
    }
    assert!(problems.is_empty(), "{}", failures(&problems));
}

/// Describes every query against a freshly migrated database, as the
/// macros do when they write the data, and compares the two.
#[tokio::test]
async fn each_query_still_describes_the_same_after_the_migrations() {
    let test_db = TestDb::create().await;
    let pool = test_db.pool().await;
    db::MIGRATOR.run(&pool).await.expect("the migrations apply");
    let mut problems = Vec::new();
    for data in query_data() {
        let now = match pool.describe(data.query()).await {
            Ok(describe) => serde_json::to_value(&describe).expect("a description serializes"),
            Err(e) => {
                problems.push(format!("{}: the query no longer prepares: {e}", data.file));
                continue;
            }
        };
        let stored = &data.json["describe"];
        // Column names and types, their nullability, the parameters' types.
        let changed: Vec<&str> =
            ["columns", "nullable", "parameters"].into_iter().filter(|part| now[part] != stored[part]).collect();
        for part in &changed {
            let (now, stored) = (readable(part, &now[part]), readable(part, &stored[part]));
            problems.push(format!("{}: {part} are now {now} but .sqlx/ says {stored}", data.file));
        }
        if changed.is_empty() && now != *stored {
            problems.push(format!("{}: the description is now {now} but .sqlx/ says {stored}", data.file));
        }
    }
    pool.close().await;
    assert!(problems.is_empty(), "{}", failures(&problems));
}

/// Columns as `name type`, the rest as JSON.
fn readable(part: &str, value: &Value) -> String {
    match (part, value.as_array()) {
        ("columns", Some(columns)) => {
            let columns: Vec<String> =
                columns.iter().map(|c| format!("{} {}", c["name"].as_str().unwrap_or("?"), c["type_info"])).collect();
            format!("[{}]", columns.join(", "))
        }
        _ => value.to_string(),
    }
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// Data whose query has gone from the source is stale: nothing checks it.
#[test]
fn each_query_is_still_in_the_source() {
    let mut files = Vec::new();
    for dir in ["src", "benches", "tests"] {
        rust_files(&root().join(dir), &mut files);
    }
    let source: String = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
    let mut problems = Vec::new();
    for data in query_data() {
        let query = data.query();
        // As a raw string literal, or as a plain one with its escapes.
        let escaped = query.replace('\\', "\\\\").replace('"', "\\\"");
        if !source.contains(query) && !source.contains(&escaped) {
            problems.push(format!("{}: no query in src/, benches/ or tests/ reads {query:?}", data.file));
        }
    }
    assert!(problems.is_empty(), "{}", failures(&problems));
}
