//! The official terminology (issue 12): the wrong forms listed in
//! `locales/GLOSSARY.md` appear neither in a locale's files nor on any page
//! shown in that language. The glossary is the single source of the list.
//! (That every key of `en` exists in `ru` and `kk`, file by file, is
//! `i18n::every_key_exists_in_all_three_locales_with_the_same_placeables`.)

use std::path::PathBuf;

use checkpoint_tracker::domain::user::Role;

use crate::support::{TestApp, page_paths, value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A form that must never appear, in the language where it is wrong.
#[derive(Debug)]
struct WrongForm {
    form: String,
    lang: String,
}

/// The rows of the glossary's "Wrong forms" table: the form between
/// backticks in the first column, the language in the second.
fn wrong_forms() -> Vec<WrongForm> {
    let glossary = std::fs::read_to_string(root().join("locales/GLOSSARY.md")).unwrap();
    let section = glossary.split("## Wrong forms").nth(1).expect("GLOSSARY.md has a \"Wrong forms\" section");
    let forms: Vec<WrongForm> = section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            WrongForm { form: cells[0].trim_matches('`').to_owned(), lang: cells[1].to_owned() }
        })
        .collect();
    assert!(forms.len() >= 10, "the wrong-forms table was not read: {forms:?}");
    for f in &forms {
        assert!(["en", "ru", "kk"].contains(&f.lang.as_str()), "{f:?}: unknown language");
        assert!(!f.form.trim().is_empty(), "{f:?}: empty form");
    }
    forms
}

#[test]
fn no_locale_file_holds_a_wrong_form() {
    let mut problems = Vec::new();
    for wrong in wrong_forms() {
        let dir = root().join("locales").join(&wrong.lang);
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|x| x != "ftl") {
                continue;
            }
            for (n, line) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
                // A comment may name a wrong form to warn against it.
                if !line.trim_start().starts_with('#') && line.contains(&wrong.form) {
                    problems.push(format!("{}:{}: «{}»", path.display(), n + 1, wrong.form));
                }
            }
        }
    }
    assert!(problems.is_empty(), "wrong forms in the locales:\n{}", problems.join("\n"));
}

/// What a reader sees of a page: its text and the attributes read aloud or
/// shown on hover, with runs of white space made one space.
fn visible_text(html: &str) -> String {
    let page = scraper::Html::parse_document(html);
    let mut parts = Vec::new();
    for node in page.root_element().descendants() {
        if let Some(text) = node.value().as_text() {
            parts.push(text.to_string());
        } else if let Some(element) = node.value().as_element() {
            if matches!(element.name(), "script" | "style") {
                continue;
            }
            for attribute in ["title", "aria-label", "alt", "placeholder"] {
                if let Some(v) = element.attr(attribute) {
                    parts.push(v.to_owned());
                }
            }
        }
    }
    parts.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn no_page_shows_a_wrong_form_in_any_language() {
    let forms = wrong_forms();
    let app = TestApp::spawn().await;
    let week = checkpoint_tracker::domain::week::IsoWeek::at(chrono::Utc::now());
    let kordai = app.checkpoint_id("Kordai").await;
    let milestone = app
        .add_milestone(kordai, &[("title", "Сканеры"), ("kind", "equipment"), ("planned_finish", "2026-12-01")])
        .await;
    // A submitted report with an issue, so that statuses, categories and
    // the body's names are on the report, queue and overview pages.
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let version = value(&staff.page(&format!("/reports/transport/{week}/draft"), 200).await, "input[name=version]");
    let fields: Vec<(String, String)> = vec![
        ("version".into(), version),
        ("action".into(), "submit".into()),
        (format!("c{kordai}.include"), "on".into()),
        (format!("c{kordai}.percent"), "40".into()),
        (format!("c{kordai}.status"), "at_risk".into()),
        (format!("c{kordai}.issue0.category"), "customs_staffing".into()),
        (format!("c{kordai}.issue0.severity"), "high".into()),
        (format!("c{kordai}.issue0.text"), "Нет кадров".into()),
    ];
    assert_eq!(staff.post_pairs(&format!("/reports/transport/{week}/draft"), fields).await.status(), 303);
    let user_id: i64 =
        sqlx::query_scalar("select id from users where username = 'admin'").fetch_one(&app.pool).await.unwrap();
    let visitors = [
        ("admin", &app.admin),
        ("staff", &staff),
        ("pm", &app.visitor(Role::PmOffice, None).await),
        ("analyst", &app.visitor(Role::Analyst, None).await),
    ];
    let paths = page_paths(kordai, milestone, user_id, week);
    let mut problems = Vec::new();
    for lang in ["ru", "kk", "en"] {
        let wrong: Vec<&str> = forms.iter().filter(|f| f.lang == lang).map(|f| f.form.as_str()).collect();
        for (who, visitor) in &visitors {
            for path in &paths {
                let separator = if path.contains('?') { '&' } else { '?' };
                let response = visitor.get(&format!("{path}{separator}lang={lang}")).await;
                let is_page = response
                    .headers()
                    .get("content-type")
                    .is_some_and(|t| t.to_str().unwrap_or_default().starts_with("text/html"));
                if response.status().is_redirection() || response.status() == 403 || !is_page {
                    continue;
                }
                let text = visible_text(&response.text().await.unwrap());
                for form in &wrong {
                    if text.contains(form) {
                        problems.push(format!("{lang} {who} {path}: «{form}»"));
                    }
                }
            }
        }
    }
    // Leave the sessions' language as the other tests expect it.
    for (_, visitor) in &visitors {
        visitor.get("/checkpoints?lang=en").await;
    }
    assert!(problems.is_empty(), "wrong forms on pages:\n{}", problems.join("\n"));
}
