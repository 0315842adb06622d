//! Exports as workbooks: the same rows as the CSV, typed cells (numbers,
//! dates, text), text that never becomes a formula, and filters.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::export::{Kind, datasets, neutralise};

use crate::reports::{entry, file, this_week};
use crate::support::{TestApp, Visitor};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A workbook download, read back.
struct Workbook {
    book: Xlsx<Cursor<Vec<u8>>>,
    sheet: String,
}

impl Workbook {
    async fn download(visitor: &Visitor, path: &str) -> Workbook {
        let response = visitor.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], XLSX);
        let bytes = response.bytes().await.unwrap().to_vec();
        let book = Xlsx::new(Cursor::new(bytes)).expect("a workbook calamine reads");
        let sheet = book.sheet_names()[0].clone();
        Workbook { book, sheet }
    }

    /// The first sheet's rows, the header first.
    fn rows(&mut self) -> Vec<Vec<Data>> {
        let range = self.book.worksheet_range(&self.sheet).unwrap();
        range.rows().map(<[Data]>::to_vec).collect()
    }

    /// The cells of the first sheet that hold a formula.
    fn formulas(&mut self) -> Vec<String> {
        let formulas = self.book.worksheet_formula(&self.sheet).unwrap();
        formulas.used_cells().filter(|(_, _, f)| !f.is_empty()).map(|(r, c, f)| format!("{r},{c}: {f}")).collect()
    }
}

/// A CSV download's header and records.
async fn csv(visitor: &Visitor, path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let response = visitor.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let bytes = response.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

/// A cell as the CSV writes its value, checking that its type is its
/// column's (text is neutralised as in the CSV).
fn as_csv(kind: Kind, cell: &Data) -> String {
    match (kind, cell) {
        (_, Data::Empty) => String::new(),
        (Kind::Integer, Data::Float(n)) if n.fract() == 0.0 => format!("{}", *n as i64),
        (Kind::Integer, Data::Int(n)) => n.to_string(),
        (Kind::Date, Data::DateTime(d)) => d.as_datetime().unwrap().format("%Y-%m-%d").to_string(),
        (Kind::Timestamp, Data::DateTime(d)) => d.as_datetime().unwrap().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        (Kind::Boolean, Data::Bool(b)) => b.to_string(),
        (Kind::Text, Data::String(s)) => neutralise(s).into_owned(),
        (kind, cell) => panic!("a {kind:?} column holds {cell:?}"),
    }
}

/// Asserts that the workbook holds the CSV's rows, typed by `dataset`.
fn assert_same_as_csv(dataset: &str, rows: &[Vec<Data>], csv: &(Vec<String>, Vec<Vec<String>>)) {
    let kinds: Vec<Kind> = datasets::find(dataset).unwrap().columns.iter().map(|c| c.kind).collect();
    let header: Vec<String> = rows[0].iter().map(|h| as_csv(Kind::Text, h)).collect();
    assert_eq!(header, csv.0);
    assert_eq!(rows.len() - 1, csv.1.len(), "as many rows as the CSV");
    for (row, expected) in rows[1..].iter().zip(&csv.1) {
        let got: Vec<String> = row.iter().zip(&kinds).map(|(cell, kind)| as_csv(*kind, cell)).collect();
        assert_eq!(&got, expected);
    }
}

#[tokio::test]
async fn the_register_downloads_as_a_workbook_with_the_csvs_values_typed() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;

    let response = analyst.get("/export/checkpoints.xlsx").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], XLSX);
    let expected = format!("attachment; filename=\"checkpoint-tracker_checkpoints_{}.xlsx\"", app.clock.today());
    assert_eq!(response.headers()["content-disposition"], expected.as_str());

    let mut workbook = Workbook::download(&analyst, "/export/checkpoints.xlsx").await;
    assert_eq!(workbook.sheet, "checkpoints");
    let rows = workbook.rows();
    assert_eq!(rows.len(), 1 + 48, "the header and 48 checkpoints");
    assert_same_as_csv("checkpoints", &rows, &csv(&analyst, "/export/checkpoints.csv").await);

    let column = |name: &str| rows[0].iter().position(|h| *h == Data::String(name.into())).unwrap();
    let (id, planned, name_ru) = (column("id"), column("planned_completion"), column("name_ru"));
    assert!(rows[1..].iter().all(|r| matches!(r[id], Data::Float(_) | Data::Int(_))), "ids are numbers");
    assert!(rows[1..].iter().any(|r| matches!(r[planned], Data::DateTime(_))), "planned dates are dates");
    assert!(
        rows[1..].iter().all(|r| matches!(r[planned], Data::DateTime(_) | Data::Empty)),
        "a planned date is a date or nothing"
    );
    assert!(rows[1..].iter().any(|r| r[name_ru] == Data::String("Кордай".into())), "Cyrillic intact");
    assert!(workbook.formulas().is_empty());
}

#[tokio::test]
async fn text_that_looks_like_a_formula_stays_the_stored_text() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;
    let notes = "=HYPERLINK(\"http://x\",\"y\")";
    sqlx::query("update checkpoints set notes = $1, name_en = '-Kordai', name_ru = '@Кордай' where name_en = 'Kordai'")
        .bind(notes)
        .execute(&app.pool)
        .await
        .unwrap();

    let mut workbook = Workbook::download(&analyst, "/export/checkpoints.xlsx").await;
    let rows = workbook.rows();
    let column = |name: &str| rows[0].iter().position(|h| *h == Data::String(name.into())).unwrap();
    let kordai = rows.iter().find(|r| r[column("name_en")] == Data::String("-Kordai".into())).expect("Kordai's row");
    assert_eq!(kordai[column("notes")], Data::String(notes.into()));
    assert_eq!(kordai[column("name_ru")], Data::String("@Кордай".into()));
    assert!(workbook.formulas().is_empty(), "no formula anywhere: {:?}", workbook.formulas());

    // The CSV carries the same text neutralised.
    let (header, records) = csv(&analyst, "/export/checkpoints.csv").await;
    let notes_at = header.iter().position(|h| h == "notes").unwrap();
    assert!(records.iter().any(|r| r[notes_at] == format!("'{notes}")));
    assert_same_as_csv("checkpoints", &rows, &(header, records));
}

#[tokio::test]
async fn report_entries_carry_the_percent_as_a_number_and_the_week_as_text() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    file(&staff, "transport", week, entry(kordai, &[("percent", "35"), ("narrative", "=1+1 Фундамент")])).await;
    let analyst = app.visitor(Role::Analyst, None).await;

    let mut workbook = Workbook::download(&analyst, "/export/report_entries.xlsx").await;
    assert_eq!(workbook.sheet, "report_entries");
    let rows = workbook.rows();
    assert_eq!(rows.len(), 2, "the header and Kordai's entry");
    let column = |name: &str| rows[0].iter().position(|h| *h == Data::String(name.into())).unwrap();
    let row = &rows[1];
    assert!(matches!(row[column("percent_complete")], Data::Float(n) if n == 35.0), "{:?}", row);
    assert_eq!(row[column("week")], Data::String(week.to_string()));
    assert_eq!(row[column("narrative")], Data::String("=1+1 Фундамент".into()));
    assert!(matches!(row[column("revision_id")], Data::Float(_)));
    assert_same_as_csv("report_entries", &rows, &csv(&analyst, "/export/report_entries.csv").await);
    assert!(workbook.formulas().is_empty());
}

#[tokio::test]
async fn filters_apply_to_workbooks() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;
    let mut workbook = Workbook::download(&analyst, "/export/checkpoints.xlsx?border=CN").await;
    let rows = workbook.rows();
    assert_eq!(rows.len(), 1 + 5);
    let border = rows[0].iter().position(|h| *h == Data::String("border_country".into())).unwrap();
    assert!(rows[1..].iter().all(|r| r[border] == Data::String("CN".into())));
    assert_same_as_csv("checkpoints", &rows, &csv(&analyst, "/export/checkpoints.csv?border=CN").await);
}

#[tokio::test]
async fn the_audit_workbook_is_the_administrators_with_instants_as_dates() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;
    assert_eq!(analyst.get("/export/audit.xlsx").await.status(), 403);

    let mut workbook = Workbook::download(&app.admin, "/export/audit.xlsx").await;
    assert_eq!(workbook.sheet, "audit");
    let rows = workbook.rows();
    assert!(rows.len() > 1, "signing in is audited");
    let at = rows[0].iter().position(|h| *h == Data::String("at".into())).unwrap();
    assert!(rows[1..].iter().all(|r| matches!(r[at], Data::DateTime(_))), "instants are dates");

    // The CSV, asked for after, ends with the workbook's own download
    // (once its audit entry is written).
    let (header, mut records) = csv(&app.admin, "/export/audit.csv").await;
    let action = header.iter().position(|h| h == "action").unwrap();
    let later = records.split_off(rows.len() - 1);
    assert!(later.len() <= 1 && later.iter().all(|r| r[action] == "export.download"), "{later:?}");
    assert_same_as_csv("audit", &rows, &(header, records));
}
