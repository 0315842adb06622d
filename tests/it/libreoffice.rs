//! A file exported for Excel in a Russian or Kazakh locale (`;`, BOM)
//! opened by LibreOffice (Debian's `soffice`, converting it to XLSX as a
//! user's import would): Cyrillic intact, numbers as numbers, and no
//! formula evaluated.

use calamine::{Data, Reader, Xlsx, open_workbook};
use checkpoint_tracker::domain::user::Role;

use crate::support::TestApp;

#[tokio::test]
async fn a_semicolon_file_with_a_bom_opens_in_libreoffice_with_cyrillic_intact_and_no_formula() {
    let app = TestApp::spawn().await;
    sqlx::query(
        "update checkpoints set notes = '=1+1', sources = '=HYPERLINK(\"http://x\";\"y\")' where name_en = 'Kordai'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let analyst = app.visitor(Role::Analyst, None).await;
    let bytes = analyst.get("/export/checkpoints.csv?bom=1&delimiter=semicolon").await.bytes().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("checkpoints.csv");
    std::fs::write(&csv, &bytes).unwrap();

    // Its own profile, so that parallel runs never share one. The filter
    // options say what the import dialog would: `;`, `"`, UTF-8 (76).
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let output = tokio::process::Command::new("soffice")
        .args([&profile, "--headless", "--infilter=CSV:59,34,76,1", "--convert-to", "xlsx", "--outdir"])
        .arg(dir.path())
        .arg(&csv)
        .output()
        .await
        .expect("soffice (Debian: libreoffice-calc-nogui) runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));

    let mut workbook: Xlsx<_> = open_workbook(dir.path().join("checkpoints.xlsx")).unwrap();
    let sheet = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&sheet).unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 49, "the header and 48 checkpoints");
    let kordai = rows.iter().find(|r| r[at("name_en")] == Data::String("Kordai".into())).unwrap();
    assert_eq!(kordai[at("name_ru")], Data::String("Кордай".into()), "Cyrillic intact");
    assert!(matches!(kordai[at("id")], Data::Float(_) | Data::Int(_)), "an id is a number: {:?}", kordai[at("id")]);
    for column in ["notes", "source"] {
        let cell = &kordai[at(column)];
        assert!(matches!(cell, Data::String(s) if s.contains('=')), "{column} stays text: {cell:?}");
    }
    assert_ne!(kordai[at("notes")], Data::Float(2.0));
    let formulas = workbook.worksheet_formula(&sheet).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula in the sheet");
}
