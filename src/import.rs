//! Import of checkpoints from CSV, all or nothing. The CLI's
//! `import checkpoints FILE.csv` and the first-start load of the shipped
//! reference data both come through here.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::PgPool;

use crate::db::Versioned;
use crate::db::audit::{self, Actor, Change};
use crate::db::checkpoints::Checkpoint;
use crate::db::{self, checkpoints, date_revisions};
use crate::domain::checkpoint::{
    BorderCountry, CheckpointForm, CheckpointInput, CheckpointKind, KnownCodes, LifecycleStatus,
};
use crate::domain::milestone::DateField;
use crate::i18n::{Lang, Tr};

/// The reference data set of 48 real checkpoints, shipped in the binary.
pub const REFERENCE_CSV: &[u8] = include_bytes!("../reference/checkpoints.csv");

/// The columns of the reference file (plus the optional Kazakh name, the
/// responsible body and the actual commissioning date); only the Latin and
/// Russian names are required.
const COLUMNS: [&str; 13] = [
    "name_en",
    "name_ru",
    "name_kk",
    "border_country",
    "region",
    "kind",
    "program",
    "known_status",
    "planned_completion",
    "notes",
    "source",
    "responsible_body",
    "actual_commissioning",
];

/// Columns of the `checkpoints` export that the import reads past: rows
/// match by name, the region is read from its code (`region`), and the time
/// of the last change is the database's.
const READ_ONLY: [&str; 4] = ["id", "region_ru", "region_kk", "updated_at"];

/// A cell as exported: text a spreadsheet would take for a formula, and
/// text that begins with an apostrophe, carries one more apostrophe in
/// front (`export::neutralise`), which is taken off here, so an exported
/// file imports back unchanged.
fn unneutralise(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// A row that cannot be imported: its line in the file and why.
#[derive(Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Nothing was applied; every bad row is listed.
    #[error("{} invalid row(s); nothing was imported", .0.len())]
    Invalid(Vec<RowError>),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

struct Row {
    line: u64,
    input: CheckpointInput,
}

/// Parses and validates the whole file before anything is written.
fn parse(csv_bytes: &[u8], known: &KnownCodes, today: NaiveDate) -> Result<Vec<Row>, Vec<RowError>> {
    let tr = Tr::new(Lang::En);
    let bytes = csv_bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(csv_bytes);
    // A file exported for a Russian- or Kazakh-locale Excel is `;`-separated.
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let semicolons = first_line.iter().filter(|b| **b == b';').count();
    let commas = first_line.iter().filter(|b| **b == b',').count();
    let delimiter = if semicolons > commas { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(bytes);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![RowError { line: 1, reason: format!("unreadable header: {e}") }]),
    };
    let index: HashMap<&str, usize> = headers.iter().enumerate().map(|(i, h)| (h.trim(), i)).collect();
    let missing: Vec<&str> = ["name_en", "name_ru"].into_iter().filter(|c| !index.contains_key(c)).collect();
    let unknown: Vec<&str> =
        headers.iter().filter(|h| !COLUMNS.contains(&h.trim()) && !READ_ONLY.contains(&h.trim())).collect();
    if !missing.is_empty() || !unknown.is_empty() {
        let mut reason = String::new();
        if !missing.is_empty() {
            reason.push_str(&format!("missing column(s): {}", missing.join(", ")));
        }
        if !unknown.is_empty() {
            if !reason.is_empty() {
                reason.push_str("; ");
            }
            reason.push_str(&format!("unknown column(s): {}", unknown.join(", ")));
        }
        return Err(vec![RowError { line: 1, reason }]);
    }

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(RowError { line, reason: e.to_string() });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let get = |column: &str| index.get(column).and_then(|&i| record.get(i)).map_or("", unneutralise).to_owned();
        let form = CheckpointForm {
            name_en: get("name_en"),
            name_ru: get("name_ru"),
            name_kk: get("name_kk"),
            border_country: get("border_country"),
            region: get("region"),
            kind: get("kind"),
            programme: get("program"),
            status: get("known_status"),
            planned_commissioning: get("planned_completion"),
            actual_commissioning: get("actual_commissioning"),
            responsible_body: get("responsible_body"),
            notes: get("notes"),
            sources: get("source"),
            ..Default::default()
        };
        match form.parse(known, today) {
            Ok(input) => {
                let mut duplicate = None;
                for name in [&input.name_en, &input.name_ru] {
                    if let Some(first) = seen.insert(name.to_lowercase(), line) {
                        duplicate.get_or_insert(format!("{name} already appears on line {first}"));
                    }
                }
                match duplicate {
                    Some(reason) => errors.push(RowError { line, reason }),
                    None => rows.push(Row { line, input }),
                }
            }
            Err(field_errors) => {
                let reason = [
                    "name_en",
                    "name_ru",
                    "name_kk",
                    "border_country",
                    "region",
                    "kind",
                    "programme",
                    "status",
                    "planned_commissioning",
                    "actual_commissioning",
                    "responsible_body",
                    "notes",
                    "sources",
                ]
                .into_iter()
                .filter_map(|f| field_errors.get(f).map(|key| format!("{f}: {}", tr.t(key))))
                .collect::<Vec<_>>()
                .join("; ");
                errors.push(RowError { line, reason });
            }
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// Creates or updates checkpoints from `csv_bytes` in one transaction:
/// either every row is applied or none is. A row matches an existing
/// checkpoint by either name form. A planned date that differs from the
/// current plan becomes a date revision whose reason names `source_name`; a
/// blank one leaves the plan as it is (blank means unknown, not "clear").
pub async fn import_checkpoints(
    pool: &PgPool,
    csv_bytes: &[u8],
    source_name: &str,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Summary, ImportError> {
    let known = db::codes::known(pool).await?;
    let rows = parse(csv_bytes, &known, today).map_err(ImportError::Invalid)?;
    let reason = format!("imported from {source_name}");
    let mut tx = pool.begin().await?;
    let mut summary = Summary::default();
    let mut errors = Vec::new();
    for Row { line, input } in rows {
        let existing = checkpoints::find_by_name(&mut *tx, &input.name_en, &input.name_ru).await?;
        match existing.as_slice() {
            [] => {
                checkpoints::create(&mut tx, &input, &reason, actor).await?;
                summary.added += 1;
            }
            [stored] => {
                let input = keep_known(stored, input);
                let mut changed = false;
                if !checkpoints::matches(stored, &input) {
                    // The row is locked (find_by_name), so its version is current.
                    if checkpoints::update(&mut tx, stored.id, stored.version, &input, actor).await? == Versioned::Stale
                    {
                        errors.push(RowError { line, reason: format!("{} changed during the import", input.name_en) });
                    }
                    changed = true;
                }
                if let Some(date) = input.planned_commissioning.filter(|d| stored.planned_commissioning != Some(*d)) {
                    let target = date_revisions::DateTarget::Checkpoint(stored.id);
                    date_revisions::revise(&mut tx, target, DateField::Commissioning, Some(date), &reason, actor)
                        .await?
                        .ok();
                    changed = true;
                }
                if changed {
                    summary.updated += 1;
                } else {
                    summary.unchanged += 1;
                }
            }
            _ => errors.push(RowError {
                line,
                reason: format!("{} / {} match two different existing checkpoints", input.name_en, input.name_ru),
            }),
        }
    }
    if !errors.is_empty() {
        tx.rollback().await?;
        return Err(ImportError::Invalid(errors));
    }
    tx.commit().await?;
    Ok(summary)
}

/// In a file, blank means "not known here", not "clear it": what is stored
/// stays (e.g. a responsible body set on the web, which the file has no
/// column for). "unknown" as a status carries no news either.
fn keep_known(stored: &Checkpoint, mut input: CheckpointInput) -> CheckpointInput {
    input.border_country =
        input.border_country.or_else(|| stored.border_country.as_deref().and_then(BorderCountry::parse));
    input.name_kk = input.name_kk.or_else(|| stored.name_kk.clone());
    input.region = input.region.or_else(|| stored.region.clone());
    input.kind = input.kind.or_else(|| stored.kind.as_deref().and_then(CheckpointKind::parse));
    input.programme = input.programme.or_else(|| stored.programme.clone());
    if input.status == LifecycleStatus::Unknown {
        input.status = LifecycleStatus::parse(&stored.status).unwrap_or(LifecycleStatus::Unknown);
    }
    input.actual_commissioning = input.actual_commissioning.or(stored.actual_commissioning);
    input.responsible_body = input.responsible_body.or_else(|| stored.responsible_body.clone());
    if input.notes.is_empty() {
        input.notes.clone_from(&stored.notes);
    }
    if input.sources.is_empty() {
        input.sources.clone_from(&stored.sources);
    }
    input
}

/// Loads the shipped reference data once, on the first start of an empty
/// database. Returns the summary when it loaded something.
pub async fn load_reference_data(pool: &PgPool, today: NaiveDate) -> Result<Option<Summary>, ImportError> {
    const NAME: &str = "checkpoints-reference";
    let already =
        sqlx::query_scalar!(r#"select exists (select 1 from reference_data_loads where name = $1) as "exists!""#, NAME)
            .fetch_one(pool)
            .await?;
    if already || checkpoints::count(pool).await? > 0 {
        return Ok(None);
    }
    let summary =
        import_checkpoints(pool, REFERENCE_CSV, "the reference data set", &Actor::system("system"), today).await?;
    sqlx::query!("insert into reference_data_loads (name) values ($1) on conflict do nothing", NAME)
        .execute(pool)
        .await?;
    Ok(Some(summary))
}

fn unreadable(e: csv::Error) -> ImportError {
    let line = e.position().map_or(0, |p| p.line());
    ImportError::Invalid(vec![RowError { line, reason: e.to_string() }])
}

/// Gives the checkpoints of the reference data their official Kazakh names
/// (added to the reference file later), once: only where the name is still
/// blank, so that a name an administrator typed stays. Each change is
/// audited as an update by the system. A database loaded from the file with
/// the names already has them, and this only records that it ran.
pub async fn load_kazakh_names(pool: &PgPool) -> Result<usize, ImportError> {
    const NAME: &str = "checkpoints-kazakh-names";
    let mut reader = csv::Reader::from_reader(REFERENCE_CSV);
    let headers = reader.headers().map_err(unreadable)?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(latin), Some(kazakh)) = (column("name_en"), column("name_kk")) else { return Ok(0) };
    let mut names = Vec::new();
    for record in reader.records() {
        let record = record.map_err(unreadable)?;
        if let (Some(en), Some(kk)) = (record.get(latin), record.get(kazakh).filter(|kk| !kk.is_empty())) {
            names.push((en.to_owned(), kk.to_owned()));
        }
    }
    let mut tx = pool.begin().await?;
    // Two instances starting at once: the second waits here, then finds the mark.
    sqlx::query!("lock table reference_data_loads in exclusive mode").execute(&mut *tx).await?;
    let already =
        sqlx::query_scalar!(r#"select exists (select 1 from reference_data_loads where name = $1) as "exists!""#, NAME)
            .fetch_one(&mut *tx)
            .await?;
    if already {
        return Ok(0);
    }
    let actor = Actor::system("system");
    let mut named = 0;
    for (en, kk) in &names {
        let changed = sqlx::query!(
            r#"update checkpoints set name_kk = $2, version = version + 1, updated_at = now()
               where lower(name_en) = lower($1) and name_kk is null
               returning id"#,
            en,
            kk
        )
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = changed {
            let change = Change {
                action: "checkpoint.update",
                entity: "checkpoint",
                entity_id: Some(row.id),
                before: Some(serde_json::json!({ "name_kk": null })),
                after: Some(serde_json::json!({ "name_kk": kk })),
            };
            audit::record(&mut *tx, &actor, change).await?;
            named += 1;
        }
    }
    sqlx::query!("insert into reference_data_loads (name) values ($1)", NAME).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(named)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> KnownCodes {
        KnownCodes {
            programmes: vec!["eaeu_external_2025".into(), "eaeu_internal".into(), "additional".into()],
            bodies: vec![],
            // The regions of the reference file, by code (the database holds
            // their names; tests/it/regions.rs checks the file against it).
            regions: ["Abai", "Aktobe", "Almaty", "Atyrau", "East Kazakhstan", "Kostanay", "Mangystau"]
                .into_iter()
                .chain(["North Kazakhstan", "Pavlodar", "Turkestan", "West Kazakhstan", "Zhambyl", "Zhetysu"])
                .map(crate::domain::region::Region::code_only)
                .collect(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn the_reference_file_is_valid() {
        let rows = parse(REFERENCE_CSV, &known(), today()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(rows.len(), 48);
        let alakol = rows.iter().find(|r| r.input.name_en == "Alakol").unwrap();
        assert_eq!(alakol.input.border_country, None, "unknown stays blank");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let csv = "name_en,name_ru,border_country,known_status\n\
                   Good,Хороший,CN,planned\n\
                   ,Без имени,CN,planned\n\
                   Bad,Плохой,XX,sometimes\n\
                   good,Другой,,\n";
        let errors = parse(csv.as_bytes(), &known(), today()).err().unwrap();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
        assert!(errors[1].reason.contains("border_country"), "{errors:?}");
        assert!(errors[2].reason.contains("line 2"), "{errors:?}");
    }

    #[test]
    fn a_missing_name_column_is_reported() {
        let errors = parse(b"name_en,colour\nX,red\n", &known(), today()).err().unwrap();
        assert_eq!(errors[0].line, 1);
        assert!(errors[0].reason.contains("name_ru") && errors[0].reason.contains("colour"));
    }
}
