//! Regions and checkpoint names in the reader's language (issue 12, point 5):
//! every region has its official names in three languages, shown on the
//! pages in the reader's and exported in all three; checkpoints have their
//! Kazakh names where one is used officially.

use checkpoint_tracker::db::audit::Actor;
use checkpoint_tracker::i18n::{Lang, Tr};
use checkpoint_tracker::import;

use crate::support::{TestApp, text, texts};

/// The names of the `regions` table and of `locales/*/regions.ftl` are two
/// copies (SQL needs them for exports, the pages for display): they agree.
#[tokio::test]
async fn the_database_and_the_translations_name_each_region_alike() {
    let app = TestApp::spawn().await;
    let regions: Vec<(String, String, String, String)> =
        sqlx::query_as("select code, name_en, name_ru, name_kk from regions where name_en is not null order by code")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(regions.len(), 17, "the seventeen regions of Kazakhstan");
    for (code, en, ru, kk) in &regions {
        assert_eq!(&Tr::new(Lang::En).region_name(code), en);
        assert_eq!(&Tr::new(Lang::Ru).region_name(code), ru);
        assert_eq!(&Tr::new(Lang::Kk).region_name(code), kk);
    }
    // And every checkpoint of the reference data is in one of them.
    let outside: Vec<String> = sqlx::query_scalar(
        "select c.name_en from checkpoints c join regions g on g.code = c.region where g.name_kk is null",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(outside.is_empty(), "{outside:?}");
    let placed: i64 = sqlx::query_scalar("select count(*) from checkpoints where region is not null")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(placed, 45, "three reference checkpoints have no region yet");
}

#[tokio::test]
async fn a_checkpoint_page_names_its_region_and_itself_in_the_readers_language() {
    let app = TestApp::spawn().await;
    let kordai = app.checkpoint_id("Kordai").await;
    for (lang, title, region) in
        [("kk", "Қордай", "Жамбыл облысы"), ("ru", "Кордай", "Жамбылская область"), ("en", "Kordai", "Zhambyl Region")]
    {
        let page = app.page(&format!("/checkpoints/{kordai}?lang={lang}"), 200).await;
        assert!(text(&page, "h1").starts_with(title), "{lang}: {}", text(&page, "h1"));
        assert!(texts(&page, "dl.facts dd").contains(&region.to_owned()), "{lang}");
    }
    // Blank where no Kazakh name is used officially: the Russian one shows.
    let tselinny = app.checkpoint_id("Tselinny").await;
    let page = app.page(&format!("/checkpoints/{tselinny}?lang=kk"), 200).await;
    assert!(text(&page, "h1").starts_with("Целинный"), "{}", text(&page, "h1"));

    let register = app.page("/checkpoints?border=CN&lang=kk", 200).await;
    let names = texts(&register, "a.name");
    assert!(names.contains(&"Қорғас".to_owned()), "{names:?}");
    let cells = texts(&register, "td");
    assert!(cells.contains(&"Жетісу облысы".to_owned()), "{cells:?}");
}

#[tokio::test]
async fn the_register_form_offers_the_regions_by_name_and_refuses_any_other() {
    let app = TestApp::spawn().await;
    let kordai = app.checkpoint_id("Kordai").await;
    let form = app.page(&format!("/checkpoints/{kordai}/edit?lang=ru"), 200).await;
    assert_eq!(text(&form, "select#region option[selected]"), "Жамбылская область");
    let options = texts(&form, "select#region option");
    assert_eq!(options.len(), 18, "unknown, then the seventeen: {options:?}");
    let mut sorted = options[1..].to_vec();
    sorted.sort_by_key(|o| o.to_lowercase());
    assert_eq!(options[1..], sorted, "in the reader's alphabetical order");

    let edit = |region: &'static str| {
        let app = &app;
        async move {
            let version = app.edit_version(kordai).await;
            let form = [
                ("version", version.as_str()),
                ("name_en", "Kordai"),
                ("name_ru", "Кордай"),
                ("status", "commissioned"),
                ("region", region),
            ];
            app.post_form(&format!("/checkpoints/{kordai}/edit"), &form).await
        }
    };
    let refused = edit("Жамбылская").await;
    assert_eq!(refused.status(), 422);
    let page = scraper::Html::parse_document(&refused.text().await.unwrap());
    assert!(!text(&page, "#region-error").is_empty(), "the message stands by the field");
    let region: Option<String> = sqlx::query_scalar("select region from checkpoints where id = $1")
        .bind(kordai)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(region.as_deref(), Some("Zhambyl"), "nothing saved");

    assert_eq!(edit("Abai").await.status(), 303);
    let region: Option<String> = sqlx::query_scalar("select region from checkpoints where id = $1")
        .bind(kordai)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(region.as_deref(), Some("Abai"));
}

#[tokio::test]
async fn a_file_may_name_a_region_in_any_language_and_exports_name_it_in_all_three() {
    let app = TestApp::spawn().await;
    let file =
        "name_en,name_ru,region\nNew Post,Новый пост,Түркістан облысы\nOther Post,Другой пост,Туркестанская область\n";
    let today = app.clock.today();
    import::import_checkpoints(&app.pool, file.as_bytes(), "f.csv", &Actor::system("test"), today).await.unwrap();
    let regions: Vec<Option<String>> =
        sqlx::query_scalar("select region from checkpoints where name_en in ('New Post', 'Other Post')")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(regions, [Some("Turkestan".to_owned()), Some("Turkestan".to_owned())]);

    let bad = "name_en,name_ru,region\nThird Post,Третий пост,Туркестан\n";
    let refused = import::import_checkpoints(&app.pool, bad.as_bytes(), "f.csv", &Actor::system("test"), today).await;
    assert!(refused.unwrap_err().to_string().contains("invalid row"), "an unknown region is a bad row");

    let response = app.get("/export/checkpoints.csv").await;
    assert_eq!(response.status(), 200);
    let csv = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (region, ru, kk) = (at("region"), at("region_ru"), at("region_kk"));
    let kordai = reader.records().map(Result::unwrap).find(|r| &r[0] == "16" || &r[1] == "Kordai").unwrap();
    assert_eq!([&kordai[region], &kordai[ru], &kordai[kk]], ["Zhambyl", "Жамбылская область", "Жамбыл облысы"]);

    // The exported file imports back unchanged: the names are read past.
    let summary = import::import_checkpoints(&app.pool, csv.as_bytes(), "export.csv", &Actor::system("test"), today)
        .await
        .unwrap();
    assert_eq!((summary.added, summary.updated), (0, 0));
}

/// A database loaded before the reference file had Kazakh names gets them
/// once, where nobody has typed one, audited.
#[tokio::test]
async fn kazakh_names_come_once_to_a_register_loaded_without_them() {
    let app = TestApp::spawn().await;
    sqlx::query("update checkpoints set name_kk = null").execute(&app.pool).await.unwrap();
    sqlx::query("update checkpoints set name_kk = 'Қорғас-1' where name_en = 'Khorgos'")
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("delete from reference_data_loads where name = 'checkpoints-kazakh-names'")
        .execute(&app.pool)
        .await
        .unwrap();

    assert_eq!(import::load_kazakh_names(&app.pool).await.unwrap(), 43, "44 names, one already typed");
    assert_eq!(import::load_kazakh_names(&app.pool).await.unwrap(), 0, "once");
    let names: Vec<(String, Option<String>)> = sqlx::query_as(
        "select name_en, name_kk from checkpoints where name_en in ('Khorgos', 'Dostyk', 'Ubagan') order by name_en",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let names: Vec<(&str, Option<&str>)> = names.iter().map(|(en, kk)| (en.as_str(), kk.as_deref())).collect();
    assert_eq!(names, [("Dostyk", Some("Достық")), ("Khorgos", Some("Қорғас-1")), ("Ubagan", None)]);
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'checkpoint.update' and actor = 'system' and after ? 'name_kk'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, 43);
}

/// The reporting bodies' names in the database are their official ones,
/// as the pages give them (not "Ministry — Committee").
#[tokio::test]
async fn the_database_names_the_bodies_as_the_pages_do() {
    let app = TestApp::spawn().await;
    let bodies: Vec<(String, String, String, String)> =
        sqlx::query_as("select code, name_en, name_ru, name_kk from reporting_bodies order by code")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(bodies.len(), 3);
    for (code, en, ru, kk) in &bodies {
        assert_eq!(&Tr::new(Lang::En).code("body", code), en);
        assert_eq!(&Tr::new(Lang::Ru).code("body", code), ru);
        assert_eq!(&Tr::new(Lang::Kk).code("body", code), kk);
    }
}
