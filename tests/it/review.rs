//! The PM office's review: proposals accepted or declined one by one, the
//! queue, returns with a comment, and lateness decided once and stored.

use checkpoint_tracker::clock::Clock;
use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::domain::week::IsoWeek;
use checkpoint_tracker::state::Settings;
use chrono::{DateTime, NaiveDate, Utc};
use scraper::Html;

use crate::reports::{entry, file, open_form, post_draft};
use crate::support::{TestApp, Visitor, text, texts};

async fn planned(app: &TestApp, id: i64) -> Option<NaiveDate> {
    sqlx::query_scalar("select planned_commissioning from checkpoints where id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn review(pm: &Visitor, body: &str, week: IsoWeek, fields: &[(&str, &str)]) -> reqwest::Response {
    pm.post_form(&format!("/reports/{body}/{week}/review"), fields).await
}

#[tokio::test]
async fn a_proposed_date_changes_the_plan_only_when_the_pm_office_accepts_it() {
    let app = TestApp::spawn().await;
    let week = crate::reports::this_week();
    let karasu = app.checkpoint_id("Karasu").await;
    let kordai = app.checkpoint_id("Kordai").await;
    let milestone = app
        .add_milestone(kordai, &[("title", "Сканеры"), ("kind", "equipment"), ("planned_finish", "2027-01-31")])
        .await;
    let (karasu_plan, kordai_plan) = (planned(&app, karasu).await, planned(&app, kordai).await);
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let finance = app.visitor(Role::MinistryStaff, Some("finance")).await;
    let border = app.visitor(Role::MinistryStaff, Some("border_service")).await;
    let today = checkpoint_tracker::domain::dates::local_date(Utc::now()).to_string();
    let proposal = |date: &'static str, why: &'static str| [("proposed_date", date), ("proposed_reason", why)];

    file(&transport, "transport", week, entry(karasu, &proposal("31.12.2027", "Сканеры прибудут в декабре"))).await;
    let mut fields = entry(kordai, &proposal("2027-06-30", "Нет таможенников"));
    fields.extend(entry(kordai, &[(&format!("m{milestone}.date"), today.as_str())]));
    file(&finance, "finance", week, fields).await;
    file(&border, "border_service", week, entry(karasu, &proposal("2028-01-31", "Нет связи"))).await;

    // Submitted: shown as proposed, nothing applied.
    assert_eq!((planned(&app, karasu).await, planned(&app, kordai).await), (karasu_plan, kordai_plan));
    let page = app.page(&format!("/reports/transport/{week}"), 200).await;
    assert!(text(&page, "li.proposal").contains("2027-12-31, proposed by Transport"));
    assert!(text(&page, "li.proposal .fate").starts_with("Waiting for the PM office"));
    let checkpoint = app.page(&format!("/checkpoints/{karasu}"), 200).await;
    assert_eq!(texts(&checkpoint, "li.proposal").len(), 2, "both bodies' proposals on the checkpoint page");

    // The queue, oldest first, counted in the navigation.
    let pm = app.visitor(Role::PmOffice, None).await;
    let queue = pm.page("/reports/queue", 200).await;
    assert_eq!(texts(&queue, "table.queue tbody tr").len(), 3);
    assert_eq!(text(&pm.page("/reports", 200).await, "#nav-queue"), "To review: 3");

    // Marking reviewed needs a decision on every proposal.
    let response = review(&pm, "transport", week, &[("number", "1"), ("decision", "reviewed")]).await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, &format!("[id='p{karasu}.choice-error']")), "Accept or decline.");
    let karasu_choice = format!("p{karasu}.choice");
    let accept = [("number", "1"), ("decision", "reviewed"), (karasu_choice.as_str(), "accept")];
    assert_eq!(review(&pm, "transport", week, &accept).await.status(), 303);
    assert_eq!(planned(&app, karasu).await, NaiveDate::from_ymd_opt(2027, 12, 31));
    let (by, cites): (String, Option<i64>) = sqlx::query_as(
        "select changed_by, report_revision_id from date_revisions where checkpoint_id = $1 order by id desc limit 1",
    )
    .bind(karasu)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(by, "pm-office-all", "made by the reviewer");
    assert!(cites.is_some(), "citing the report revision");

    // Declined, with a reason (required): the plan stays; the milestone
    // progress accepted in the same review is recorded on the milestone.
    let kordai_choice = format!("p{kordai}.choice");
    let kordai_reason = format!("p{kordai}.reason");
    let m_choice = format!("m{milestone}.choice");
    let mut decline = vec![("number", "1"), ("decision", "reviewed"), (kordai_choice.as_str(), "decline")];
    decline.push((m_choice.as_str(), "accept"));
    let response = review(&pm, "finance", week, &decline).await;
    assert_eq!(response.status(), 422, "a decline needs a reason");
    decline.push((kordai_reason.as_str(), "Срок не обоснован"));
    assert_eq!(review(&pm, "finance", week, &decline).await.status(), 303);
    assert_eq!(planned(&app, kordai).await, kordai_plan);
    let page = app.page(&format!("/reports/finance/{week}"), 200).await;
    assert!(text(&page, "li.proposal .fate").ends_with("Срок не обоснован"));
    let done: Option<NaiveDate> = sqlx::query_scalar("select actual_finish from milestones where id = $1")
        .bind(milestone)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let today_again = today.clone();
    assert_eq!(done.map(|d| d.to_string()), Some(today));
    let checkpoint = app.page(&format!("/checkpoints/{kordai}"), 200).await;
    assert!(text(&checkpoint, "li.milestone-report").ends_with("accepted by the PM office and recorded"));
    // An amendment carries the progress over; it is not asked about twice.
    assert_eq!(finance.post_form(&format!("/reports/finance/{week}/amend"), &[]).await.status(), 303);
    let on = open_form(&finance, "finance", week).await;
    let mut again = entry(kordai, &[(&format!("m{milestone}.date"), today_again.as_str())]);
    again.extend(entry(kordai, &[]));
    assert_eq!(post_draft(&finance, "finance", week, &on, "submit", again).await.status(), 303);
    let page = pm.page(&format!("/reports/finance/{week}"), 200).await;
    assert!(text(&page, "li.milestone-update .fate").starts_with("Recorded on the milestone already"));
    assert!(texts(&page, "li.milestone-update input[type=radio]").is_empty());
    let reviewed = [("number", "2"), ("decision", "reviewed")];
    assert_eq!(review(&pm, "finance", week, &reviewed).await.status(), 303, "nothing left to decide");

    // Returned: nothing applied, and a comment is required.
    let response = review(&pm, "border_service", week, &[("number", "1"), ("decision", "returned")]).await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(text(&page, "#comment-error").starts_with("Say what to correct"));
    let returned = [("number", "1"), ("decision", "returned"), ("comment", "Обоснуйте срок")];
    assert_eq!(review(&pm, "border_service", week, &returned).await.status(), 303);
    assert_eq!(planned(&app, karasu).await, NaiveDate::from_ymd_opt(2027, 12, 31), "the return applied nothing");
    let form = border.page(&format!("/reports/border_service/{week}/draft"), 200).await;
    assert!(text(&form, "#returned").contains("Обоснуйте срок"), "the body reads the comment on its form");
    assert_eq!(texts(&pm.page("/reports/queue", 200).await, "table.queue tbody tr").len(), 0);

    // Reviewing the same revision again: a conflict that says so.
    let response = review(&pm, "transport", week, &accept).await;
    assert_eq!(response.status(), 409);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(text(&page, "#review-conflict").contains("nothing was recorded"));
}

#[tokio::test]
async fn the_list_filters_by_state_body_and_week() {
    let app = TestApp::spawn().await;
    let week = crate::reports::this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let finance = app.visitor(Role::MinistryStaff, Some("finance")).await;
    file(&transport, "transport", week, entry(kordai, &[("percent", "10")])).await;
    file(&finance, "finance", week.previous(), entry(kordai, &[("percent", "10")])).await;
    let on = open_form(&finance, "finance", week).await;
    assert_eq!(post_draft(&finance, "finance", week, &on, "save", entry(kordai, &[])).await.status(), 303);

    let rows = |page: Html| texts(&page, "table.reports tbody tr").len();
    assert_eq!(rows(app.page("/reports", 200).await), 3);
    assert_eq!(rows(app.page("/reports?state=submitted", 200).await), 2);
    assert_eq!(rows(app.page("/reports?state=draft", 200).await), 1);
    assert_eq!(rows(app.page("/reports?body=finance", 200).await), 2);
    assert_eq!(rows(app.page(&format!("/reports?week={week}"), 200).await), 2);
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[tokio::test]
async fn lateness_is_decided_once_and_a_return_gets_a_correction_deadline() {
    // 2026-W48: Monday 23 November; its deadline Friday 27 November 18:00
    // in Astana, 13:00 UTC.
    let app = TestApp::spawn_with_clock(Clock::manual(at("2026-11-25T07:00:00Z"))).await;
    let w48: IsoWeek = "2026-W48".parse().unwrap();
    let kordai = app.checkpoint_id("Kordai").await;
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let finance = app.visitor(Role::MinistryStaff, Some("finance")).await;
    let border = app.visitor(Role::MinistryStaff, Some("border_service")).await;
    let pm = app.visitor(Role::PmOffice, None).await;

    let on_t = open_form(&transport, "transport", w48).await;
    let on_f = open_form(&finance, "finance", w48).await;
    let on_b = open_form(&border, "border_service", w48).await;
    app.clock.set(at("2026-11-27T13:00:00Z")); // 18:00:00 sharp: on time
    for (who, body, on) in [(&transport, "transport", &on_t), (&border, "border_service", &on_b)] {
        let response = post_draft(who, body, w48, on, "submit", entry(kordai, &[("percent", "30")])).await;
        assert_eq!(response.status(), 303);
    }
    app.clock.set(at("2026-11-27T13:00:01Z")); // one second late
    let response = post_draft(&finance, "finance", w48, &on_f, "submit", entry(kordai, &[("percent", "30")])).await;
    assert_eq!(response.status(), 303);

    // Monday 30 November, 10:00 Astana: the PM office returns two reports.
    app.clock.set(at("2026-11-30T05:00:00Z"));
    for body in ["transport", "border_service"] {
        let returned = [("number", "1"), ("decision", "returned"), ("comment", "Уточните процент")];
        assert_eq!(review(&pm, body, w48, &returned).await.status(), 303);
    }
    let cell = |grid: &Html, body: &str| text(grid, &format!("tr[data-body={body}] td[data-week='2026-W48']"));
    let grid = app.page("/reports/compliance", 200).await;
    assert_eq!(cell(&grid, "transport"), "Returned, correction due");
    assert_eq!(cell(&grid, "finance"), "Late");

    // Transport corrects on Wednesday: within 3 working days.
    app.clock.set(at("2026-12-02T05:00:00Z"));
    assert_eq!(transport.post_form(&format!("/reports/transport/{w48}/amend"), &[]).await.status(), 303);
    let on = open_form(&transport, "transport", w48).await;
    let response = post_draft(&transport, "transport", w48, &on, "submit", entry(kordai, &[("percent", "35")])).await;
    assert_eq!(response.status(), 303);

    // Thursday 10:00:01: the border service's correction deadline passed.
    app.clock.set(at("2026-12-03T05:00:01Z"));
    let grid = app.page("/reports/compliance", 200).await;
    assert_eq!(cell(&grid, "transport"), "On time", "corrected in time");
    assert_eq!(cell(&grid, "border_service"), "Returned, not corrected");
    assert_eq!(border.post_form(&format!("/reports/border_service/{w48}/amend"), &[]).await.status(), 303);
    let on = open_form(&border, "border_service", w48).await;
    let response = post_draft(&border, "border_service", w48, &on, "submit", entry(kordai, &[("percent", "35")])).await;
    assert_eq!(response.status(), 303);
    let grid = app.page("/reports/compliance", 200).await;
    assert_eq!(cell(&grid, "border_service"), "Corrected late");

    // An amendment nobody asked for is never late.
    assert_eq!(finance.post_form(&format!("/reports/finance/{w48}/amend"), &[]).await.status(), 303);
    let on = open_form(&finance, "finance", w48).await;
    let response = post_draft(&finance, "finance", w48, &on, "submit", entry(kordai, &[("percent", "40")])).await;
    assert_eq!(response.status(), 303);
    let late: Vec<(i32, bool)> = sqlx::query_as(
        "select v.number, v.late from report_revisions v join reports r on r.id = v.report_id
         where r.body = 'finance' order by v.number",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(late, vec![(1, true), (2, false)]);

    // A later deadline setting changes no past verdict.
    let later =
        app.second_server(Settings { report_deadline: "sun 23:00".parse().unwrap(), ..Settings::default() }).await;
    let grid = later.page("/reports/compliance?lang=en", 200).await;
    assert_eq!(cell(&grid, "finance"), "Late");
    let page = later.page(&format!("/reports/finance/{w48}/revisions/1?lang=en"), 200).await;
    assert!(text(&page, "#revision-state").contains("late"));
}
