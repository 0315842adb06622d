//! A draft belongs to its reporting body until submitted: the audit trail
//! shows the PM office that it was saved, not what it says.

use checkpoint_tracker::db::audit::{self, Actor, Change};
use checkpoint_tracker::domain::user::Role;

use crate::support::{TestApp, texts};

const NARRATIVE: &str = "Сканеры задерживаются на таможне Хоргоса";

#[tokio::test]
async fn the_pm_office_sees_a_draft_save_in_the_trail_but_not_its_contents() {
    let app = TestApp::spawn().await;
    let pm = app.visitor(Role::PmOffice, None).await;
    let staff = Actor::system("ministry-staff-transport");
    let mut tx = app.pool.begin().await.unwrap();
    let change = Change {
        action: "report.save_draft",
        entity: "report_revision",
        entity_id: Some(1),
        before: None,
        after: Some(serde_json::json!({ "entries": [{ "narrative": NARRATIVE }] })),
    };
    audit::record(&mut *tx, &staff, change).await.unwrap();
    tx.commit().await.unwrap();

    let response = pm.get("/audit?action=report.save_draft").await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(!body.contains(NARRATIVE), "the PM office reads a draft's narrative");
    let page = scraper::Html::parse_document(&body);
    assert_eq!(
        texts(&page, "table.audit tbody .action[title='report.save_draft']"),
        ["Report draft saved"],
        "the row itself is shown"
    );
    assert_eq!(texts(&page, "table.audit td.change"), ["Draft saved — contents visible to its body only"]);

    let admin = app.page("/audit?action=report.save_draft", 200).await;
    assert!(texts(&admin, "table.audit td.change").iter().any(|t| t.contains(NARRATIVE)));
}
