//! Exports: every dataset as CSV and as JSON pages, the file format
//! (quoting, BOM, delimiter, CRLF, no formula), filters and access.

use checkpoint_tracker::domain::user::Role;

use crate::support::TestApp;

/// Reads a CSV download back: the header and the records.
fn parse(bytes: &[u8], delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(bytes);
    let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

#[tokio::test]
async fn the_register_downloads_as_csv_with_cyrillic_intact() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;
    let response = analyst.get("/export/checkpoints.csv").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8; header=present");
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"checkpoint-tracker_checkpoints_20"), "{disposition}");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.ends_with(b"\r\n"), "RFC 4180 records");
    let (header, rows) = parse(&bytes, b',');
    assert_eq!(header[..3], ["id", "name_en", "name_ru"]);
    assert_eq!(rows.len(), 48);
    assert!(rows.iter().any(|r| r[2] == "Кордай"));

    let response = analyst.get("/export/checkpoints.csv?bom=1&delimiter=semicolon&border=CN").await;
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFid;name_en;"));
    let (_, rows) = parse(&bytes[3..], b';');
    assert_eq!(rows.len(), 5);
}
