//! `import checkpoints FILE.csv`: create or update, all or nothing.

use std::process::Command;

use checkpoint_tracker::db::audit::Actor;
use checkpoint_tracker::import::{self, ImportError, Summary};

use crate::support::{TestApp, binary};

const GOOD_AND_BAD: &str =
    "name_en,name_ru,border_country,region,kind,program,known_status,planned_completion,notes,source
Kordai,Кордай,KG,Zhambyl,road,eaeu_internal,commissioned,,lanes 4 to 8,Government
Nur Zholy,Нур Жолы,CN,Zhetysu,road,eaeu_external_2025,planned,2027-03-31,,
Broken,Сломанный,KZ,,road,,done,someday,,
";

fn today() -> chrono::NaiveDate {
    checkpoint_tracker::clock::Clock::System.today()
}

async fn count(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from checkpoints").fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn one_bad_row_means_nothing_is_imported_and_every_bad_row_is_named() {
    let app = TestApp::spawn().await;
    let notes_before: String = sqlx::query_scalar("select notes from checkpoints where name_en = 'Kordai'")
        .fetch_one(&app.pool)
        .await
        .unwrap();

    let result =
        import::import_checkpoints(&app.pool, GOOD_AND_BAD.as_bytes(), "test.csv", &Actor::system("test"), today())
            .await;
    let Err(ImportError::Invalid(errors)) = result else { panic!("expected invalid rows, got {result:?}") };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 4);
    for field in ["border_country", "status", "planned_commissioning"] {
        assert!(errors[0].reason.contains(field), "{}", errors[0].reason);
    }
    assert_eq!(count(&app).await, 48);
    let notes_after: String = sqlx::query_scalar("select notes from checkpoints where name_en = 'Kordai'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(notes_after, notes_before);
}

#[tokio::test]
async fn a_valid_file_adds_updates_and_leaves_the_rest_and_revises_dates() {
    let app = TestApp::spawn().await;
    let good: String = GOOD_AND_BAD.lines().take(3).collect::<Vec<_>>().join("\n");
    let summary = import::import_checkpoints(&app.pool, good.as_bytes(), "good.csv", &Actor::system("test"), today())
        .await
        .unwrap();
    assert_eq!(summary, Summary { added: 1, updated: 1, unchanged: 0 });
    assert_eq!(count(&app).await, 49);

    // The same file again changes nothing.
    let summary = import::import_checkpoints(&app.pool, good.as_bytes(), "good.csv", &Actor::system("test"), today())
        .await
        .unwrap();
    assert_eq!(summary, Summary { added: 0, updated: 0, unchanged: 2 });

    // A new planned date becomes a revision that names the file.
    let moved = good.replace("2027-03-31", "2027-06-30");
    let summary = import::import_checkpoints(&app.pool, moved.as_bytes(), "moved.csv", &Actor::system("test"), today())
        .await
        .unwrap();
    assert_eq!(summary, Summary { added: 0, updated: 1, unchanged: 1 });
    let reasons: Vec<String> = sqlx::query_scalar(
        "select r.reason from date_revisions r join checkpoints c on c.id = r.checkpoint_id
         where c.name_en = 'Nur Zholy' order by r.id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(reasons, vec!["imported from good.csv", "imported from moved.csv"]);
}

#[tokio::test]
async fn the_command_line_reports_bad_rows_by_line_and_counts_on_success() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, GOOD_AND_BAD).unwrap();

    let output = Command::new(binary())
        .args(["import", "checkpoints"])
        .arg(&bad)
        .env("DATABASE_URL", app.db.url())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert!(stderr.contains("line 4: border_country"), "{stderr}");
    assert_eq!(count(&app).await, 48);

    let good = dir.path().join("good.csv");
    std::fs::write(&good, GOOD_AND_BAD.lines().take(3).collect::<Vec<_>>().join("\n")).unwrap();
    let output = Command::new(binary())
        .args(["import", "checkpoints"])
        .arg(&good)
        .env("DATABASE_URL", app.db.url())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("1 added, 1 updated, 0 unchanged"), "{stdout}");
    assert_eq!(count(&app).await, 49);
}

#[tokio::test]
async fn blanks_in_a_file_keep_what_was_entered_on_the_web() {
    let app = TestApp::spawn().await;
    sqlx::query(
        "update checkpoints set responsible_body = 'transport', actual_commissioning = '2021-07-31', region = 'Zhambyl'
         where name_en = 'Kordai'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let file = "name_en,name_ru,known_status,notes\nKordai,Кордай,,lanes 4 to 8\n";
    let summary =
        import::import_checkpoints(&app.pool, file.as_bytes(), "f.csv", &Actor::system("test"), today()).await.unwrap();
    assert_eq!(summary, Summary { added: 0, updated: 1, unchanged: 0 });

    let row: (Option<String>, Option<chrono::NaiveDate>, Option<String>, String, String) = sqlx::query_as(
        "select responsible_body, actual_commissioning, region, status, notes from checkpoints where name_en = 'Kordai'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(row.0.as_deref(), Some("transport"));
    assert_eq!(row.1, "2021-07-31".parse().ok());
    assert_eq!(row.2.as_deref(), Some("Zhambyl"));
    assert_eq!(row.3, "commissioned");
    assert_eq!(row.4, "lanes 4 to 8");
}
