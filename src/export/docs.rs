//! `docs/EXPORTS.md`, written from the datasets' declarations: the test
//! below fails when the document and the code disagree, and
//! `BLESS=1 cargo test --lib export::docs` rewrites it.

use std::fmt::Write as _;

use super::datasets::{DATASETS, Dataset, Period};
use crate::auth::Permission;

const INTRO: &str = "# Exports

Every dataset below can be downloaded by a signed-in reader as CSV or XLSX, and read by a
personal API token as JSON pages (see `docs/API.md`). The page **Export** (`/export`) builds
the links and shows how many rows match before the download.

This document is generated from `src/export/datasets.rs` (`BLESS=1 cargo test --lib
export::docs` rewrites it; the test fails when the two disagree). Column names are an
interface: a column is only ever added, never renamed or removed, within `/api/v1`.

## URLs

- `GET /export/{dataset}.csv`, `GET /export/{dataset}.xlsx` (signed in)
- `GET /api/v1/{dataset}` (API token; keyset pages: `limit`, `cursor`, follow `next`)

## Filters

Query parameters, each optional. A filter a dataset does not take is refused (422, the
message beside the field on the page), never silently ignored.

| Parameter | Values |
|---|---|
| `border` | `CN`, `UZ`, `TM`, `RU`, `KG` |
| `programme` | a programme's code, e.g. `eaeu_external_2025` |
| `status` | the dataset's own status column; its values are listed with the dataset |
| `body` | `transport`, `finance`, `border_service` |
| `checkpoint` | a checkpoint's id |
| `from`, `to` | an ISO week (`2026-W05`) or a date (`2026-02-01`), both ends included; weeks of reports are UTC+5 weeks, instants are compared by their day in Astana time (UTC+5) |
| `revisions` | `current` (default: the latest submitted revision of each report) or `all` (every revision; a body's own drafts only to that body's staff) |
| `delimiter` | CSV only: `comma` (default) or `semicolon` (for Excel in a Russian or Kazakh locale) |
| `bom` | CSV only: `1` to begin the file with a UTF-8 byte order mark (for Excel) |

## CSV format

- UTF-8, with a byte order mark when `bom=1`; `,` or `;` between values.
- RFC 4180: records end in CRLF; a value containing the delimiter, a quote or a line break
  is quoted, and quotes inside it are doubled. Line breaks inside a value are kept.
- A header row of the column names below, always the same, in this order.
- Dates `2026-11-27`; instants `2026-11-27T09:12:03Z` (UTC); `.` for decimals; booleans
  `true` / `false`.
- An empty cell for unknown (never `null` or `None`).
- **Formulas**: a text value that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
  (or with an apostrophe) gets a leading `'`, which Excel and LibreOffice read as \"this is
  text\". Numbers and dates are never changed. The JSON API gives text as stored; XLSX cells
  are typed (text is always a text cell, never a formula).
- The file is named `checkpoint-tracker_{dataset}_{yyyy-mm-dd}.csv` (`.xlsx`).
- A download that fails in the middle ends with a broken connection, never a short file
  that looks complete. Every download is recorded in the audit trail (who, dataset,
  filters, rows).
";

fn who(permission: Permission) -> &'static str {
    match permission {
        Permission::ReadAudit => "administrators and the PM office",
        _ => "every signed-in role",
    }
}

fn filters(d: &Dataset) -> String {
    let f = &d.filters;
    let mut names = Vec::new();
    for (name, has) in [
        ("border", f.border.is_some()),
        ("programme", f.programme.is_some()),
        ("checkpoint", f.checkpoint.is_some()),
        ("body", f.body.is_some()),
        ("status", f.status.is_some()),
    ] {
        if has {
            names.push(format!("`{name}`"));
        }
    }
    match f.period {
        Some(Period::Week(_)) => names.push("`from`/`to` (the report's week)".to_owned()),
        Some(Period::Instant(_)) => names.push("`from`/`to` (the day of the instant)".to_owned()),
        None => {}
    }
    if d.by_revision {
        names.push("`revisions`".to_owned());
    }
    if names.is_empty() { "none".to_owned() } else { names.join(", ") }
}

/// The whole document.
pub fn markdown() -> String {
    let mut out = String::from(INTRO);
    out.push_str("\n## Datasets\n");
    for d in DATASETS {
        let _ = write!(out, "\n### `{}`\n\n{}\n\n", d.name, d.doc);
        let _ = writeln!(out, "- Readers: {}.", who(d.permission));
        let _ = writeln!(out, "- Filters: {}.", filters(d));
        if let Some((_, values)) = d.filters.status {
            let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
            let _ = writeln!(out, "- `status` values: {}.", values.join(", "));
        }
        out.push_str("\n| Column | Type | Meaning | Example |\n|---|---|---|---|\n");
        for c in d.columns {
            let example = if c.example.is_empty() { String::new() } else { format!("`{}`", c.example) };
            let _ =
                writeln!(out, "| `{}` | {} | {} | {} |", c.name, c.kind.as_str(), c.doc.replace('|', "\\|"), example);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_exports_md_matches_the_datasets() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/EXPORTS.md");
        let expected = markdown();
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(path, &expected).unwrap();
        }
        let actual = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            actual == expected,
            "docs/EXPORTS.md disagrees with src/export/datasets.rs; run BLESS=1 cargo test --lib export::docs"
        );
    }

    #[test]
    fn every_column_is_in_the_document_under_its_dataset() {
        let doc = markdown();
        for d in DATASETS {
            let section = doc.split(&format!("### `{}`", d.name)).nth(1).unwrap();
            let section = section.split("\n### ").next().unwrap();
            for c in d.columns {
                assert!(section.contains(&format!("| `{}` | {} |", c.name, c.kind.as_str())), "{}.{}", d.name, c.name);
            }
        }
    }
}
