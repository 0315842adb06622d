//! Exports for analysts: every dataset as CSV or XLSX and as JSON pages.
//!
//! One exporter serves every dataset. A file is PostgreSQL's own
//! `COPY (query) TO STDOUT (FORMAT csv)`, with formula neutralising done in
//! the query (`export_text`, migration `…_exports`), so rows leave at the
//! database's speed. They go through a [`Spool`]: an unlinked temporary
//! file the download reads as it grows. The database connection is thus
//! released as soon as the rows are produced, however slowly the client
//! reads, and the server's memory stays constant whatever the size.

pub mod datasets;
pub mod docs;
pub mod query;
pub mod run;
pub mod selection;
pub mod spool;
pub mod xlsx;

pub use datasets::{DATASETS, Dataset, Kind};
pub use query::{Context, Cursor, Reader, Shape};
pub use selection::{FileOptions, Params, Selection};

/// Prefixes `'` to text a spreadsheet would read as a formula: the Rust
/// twin of the SQL function `export_text` (a test holds them equal). Text
/// that begins with an apostrophe gets one too: a spreadsheet then shows
/// it as stored, and the import (`import::unneutralise`) can take exactly
/// one off, so an exported file imports back unchanged.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\'') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// The file name of a download: `checkpoint-tracker_{dataset}_{yyyy-mm-dd}.{ext}`.
pub fn file_name(dataset: &Dataset, today: chrono::NaiveDate, extension: &str) -> String {
    format!("checkpoint-tracker_{}_{}.{extension}", dataset.name, today.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_nothing_else() {
        for payload in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(payload), format!("'{payload}"));
        }
        assert_eq!(neutralise("'quoted"), "''quoted");
        for plain in ["Кордай", "", "1=1", "a-b"] {
            assert_eq!(neutralise(plain), plain);
        }
    }
}
