//! The PM office's override of a checkpoint's RAG colour: set with a reason,
//! shown with who and when on the overview and the checkpoint page, refused
//! without a reason or to other roles, lifted, and audited.

use checkpoint_tracker::domain::user::Role;
use scraper::Html;

use crate::support::{TestApp, Visitor, text, texts};

/// A checkpoint planned far ahead, with no report: it computes green.
async fn green_checkpoint(app: &TestApp) -> i64 {
    let form = [
        ("name_en", "Ak Bulak Test"),
        ("name_ru", "Ак Булак Тест"),
        ("border_country", "CN"),
        ("status", "in_reconstruction"),
        ("programme", "eaeu_external_2025"),
        ("planned_commissioning", "2099-12-31"),
        ("responsible_body", "transport"),
    ];
    assert_eq!(app.post_form("/checkpoints", &form).await.status(), 303);
    app.checkpoint_id("Ak Bulak Test").await
}

async fn override_rag(visitor: &Visitor, id: i64, rag: &str, reason: &str) -> reqwest::Response {
    visitor.post_form(&format!("/checkpoints/{id}/rag"), &[("rag", rag), ("reason", reason)]).await
}

fn slipping_row(page: &Html, id: i64) -> Vec<String> {
    texts(page, &format!("table.slipping tr[data-checkpoint='{id}'] td.rag-cell"))
}

#[tokio::test]
async fn the_pm_office_overrides_a_colour_with_a_reason_then_lifts_it_and_the_audit_trail_holds_both() {
    let app = TestApp::spawn().await;
    let id = green_checkpoint(&app).await;
    let pm = app.visitor(Role::PmOffice, None).await;
    let analyst = app.visitor(Role::Analyst, None).await;
    assert!(slipping_row(&analyst.page("/", 200).await, id).is_empty(), "green by rule: not slipping");

    let form = pm.page(&format!("/checkpoints/{id}/rag"), 200).await;
    assert_eq!(texts(&form, "select[name=rag] option").len(), 4, "a blank choice and three colours");
    let response = override_rag(&pm, id, "amber", "  Подрядчик не вышел на объект ").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], format!("/checkpoints/{id}#rag").as_str());

    // The overview: amber now, marked as the PM office's, the computed colour in words.
    let page = analyst.page("/", 200).await;
    assert_eq!(slipping_row(&page, id), ["Amber set by the PM office computed: Green"]);
    // The checkpoint page: the colour in words, the reason, who by display name.
    let show = analyst.page(&format!("/checkpoints/{id}"), 200).await;
    let current = text(&show, "#rag-current");
    assert!(current.starts_with("Amber Set by Test pm-office-all, "), "{current}");
    assert!(current.ends_with("Подрядчик не вышел на объект"), "the reason, trimmed: {current}");
    assert!(texts(&show, "form[action$='/rag/lift']").is_empty(), "an analyst cannot lift it");
    assert!(!texts(&pm.page(&format!("/checkpoints/{id}"), 200).await, "form[action$='/rag/lift']").is_empty());
    let ru = analyst.page(&format!("/checkpoints/{id}?lang=ru"), 200).await;
    assert!(text(&ru, "#rag-current").starts_with("Жёлтый Установил(а) Test pm-office-all, "));
    analyst.page("/?lang=en", 200).await;

    // Lifted: the computed colour again, and off the slipping list.
    let lift = pm.post_form(&format!("/checkpoints/{id}/rag/lift"), &[("reason", "")]).await;
    assert_eq!(lift.status(), 303);
    assert!(slipping_row(&analyst.page("/", 200).await, id).is_empty(), "green by rule again");
    let show = analyst.page(&format!("/checkpoints/{id}"), 200).await;
    assert_eq!(text(&show, "#rag-current"), "The colour is computed by the rules; the PM office has not set one.");
    // Lifting again when nothing is in force records nothing.
    assert_eq!(pm.post_form(&format!("/checkpoints/{id}/rag/lift"), &[]).await.status(), 303);

    let trail: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "select action, actor, coalesce(after->>'rag', before->>'rag') from audit_log
         where entity = 'checkpoint' and entity_id = $1 and action like 'checkpoint.rag%' order by id",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let pm_office = "pm-office-all".to_owned();
    assert_eq!(
        trail,
        [
            ("checkpoint.rag_override".to_owned(), pm_office.clone(), Some("amber".to_owned())),
            ("checkpoint.rag_lift".to_owned(), pm_office, Some("amber".to_owned())),
        ]
    );
    // The history is append-only: a set row and a lifting row.
    let history: Vec<Option<String>> =
        sqlx::query_scalar("select rag from rag_overrides where checkpoint_id = $1 order by id")
            .bind(id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(history, [Some("amber".to_owned()), None]);
    for sql in ["update rag_overrides set rag = 'red'", "delete from rag_overrides"] {
        assert!(sqlx::query(sql).execute(&app.pool).await.is_err(), "{sql}");
    }
}

#[tokio::test]
async fn an_override_without_a_reason_or_colour_is_refused_beside_the_field_with_the_input_kept() {
    let app = TestApp::spawn().await;
    let id = green_checkpoint(&app).await;
    let pm = app.visitor(Role::PmOffice, None).await;

    let response = override_rag(&pm, id, "red", "   ").await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "#reason-error"), "Say why the colour is set.");
    assert_eq!(text(&page, "select[name=rag] option[selected]"), "Red", "the choice is kept");

    let response = override_rag(&pm, id, "", "Equipment delayed").await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "#rag-error"), "Choose a colour.");
    assert_eq!(text(&page, "textarea[name=reason]"), "Equipment delayed", "the reason is kept");

    let long = "x".repeat(10_001);
    assert_eq!(override_rag(&pm, id, "red", &long).await.status(), 422);
    assert_eq!(override_rag(&pm, id, "red", &"x".repeat(10_000)).await.status(), 303, "10,000 is allowed");

    let overrides: i64 = sqlx::query_scalar("select count(*) from rag_overrides where checkpoint_id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(overrides, 1, "only the valid override is stored");
}

#[tokio::test]
async fn an_analyst_and_ministry_staff_may_not_override_or_lift() {
    let app = TestApp::spawn().await;
    let id = green_checkpoint(&app).await;
    for visitor in [app.visitor(Role::Analyst, None).await, app.visitor(Role::MinistryStaff, Some("transport")).await] {
        assert_eq!(visitor.get(&format!("/checkpoints/{id}/rag")).await.status(), 403);
        assert_eq!(override_rag(&visitor, id, "red", "Not mine to set").await.status(), 403);
        assert_eq!(visitor.post_form(&format!("/checkpoints/{id}/rag/lift"), &[]).await.status(), 403);
        let show = visitor.page(&format!("/checkpoints/{id}"), 200).await;
        assert!(texts(&show, "a[href$='/rag']").is_empty(), "no link to the form");
    }
    let overrides: i64 = sqlx::query_scalar("select count(*) from rag_overrides").fetch_one(&app.pool).await.unwrap();
    assert_eq!(overrides, 0);
}
