//! The translation layer: complete locales, no bare text in templates,
//! plural rules, and the language a person gets.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use checkpoint_tracker::i18n::{Lang, Tr};
use fluent_syntax::ast;
use regex::Regex;

use crate::support::{TestApp, page_paths, text, value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Each message id of a locale with the variables it uses.
fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for path in ftl_files(lang) {
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut vars = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    collect_vars(pattern, &mut vars);
                }
                let duplicate = out.insert(message.id.name.to_owned(), vars).is_some();
                assert!(!duplicate, "{lang}: {} is defined twice", message.id.name);
            }
        }
    }
    out
}

/// Every `.ftl` file of a locale (the loader reads them all), by name; the
/// same names in every locale.
fn ftl_files(lang: &str) -> Vec<PathBuf> {
    let dir = root().join("locales").join(lang);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{lang}: no .ftl file");
    files
}

fn collect_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            collect_expression(expression, vars);
        }
    }
}

fn collect_expression(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            if let ast::InlineExpression::VariableReference { id } = selector {
                vars.insert(id.name.to_owned());
            }
            for v in variants {
                collect_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(ast::InlineExpression::VariableReference { id }) => {
            vars.insert(id.name.to_owned());
        }
        ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => {
            collect_expression(expression, vars)
        }
        ast::Expression::Inline(_) => {}
    }
}

#[test]
fn every_key_exists_in_all_three_locales_with_the_same_placeables() {
    let en = messages("en");
    for lang in ["kk", "ru"] {
        let other = messages(lang);
        let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{lang}: missing {missing:?}, extra {extra:?}");
        for (key, vars) in &en {
            assert_eq!(&other[key], vars, "{lang}: {key} uses other placeables");
        }
    }
}

/// Every file under `dir` with extension `ext`.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out
}

#[test]
fn no_key_is_unused() {
    let sources: String = files(&root().join("src"), "rs")
        .into_iter()
        .chain(files(&root().join("templates"), "html"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    // Families looked up by code: tr.code("status", …) reads status-*.
    let prefix = Regex::new(r#"(?:code|opt_code|code_or_raw)\(\s*"([a-z-]+)""#).unwrap();
    let mut families: BTreeSet<String> = prefix.captures_iter(&sources).map(|c| c[1].to_owned()).collect();
    // Built with format!: the sortable columns' headers, the regions' names.
    families.insert("column".into());
    families.insert("region".into());
    let unused: Vec<String> = messages("en")
        .into_keys()
        .filter(|key| !sources.contains(&format!("\"{key}\"")))
        .filter(|key| !families.iter().any(|f| key.starts_with(&format!("{f}-"))))
        .collect();
    assert!(unused.is_empty(), "keys no code uses: {unused:?}");
}

#[test]
fn no_template_holds_bare_user_visible_text() {
    let expression = Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}").unwrap();
    let tag = Regex::new(r"(?s)<[^>]*>").unwrap();
    let attribute = Regex::new(r#"(?:title|aria-label|placeholder|alt)="([^"]*)""#).unwrap();
    let letters = Regex::new(r"\p{L}{2,}").unwrap();
    let mut found = Vec::new();
    for path in files(&root().join("templates"), "html") {
        let source = std::fs::read_to_string(&path).unwrap();
        // Expressions first: their quotes would confuse the attribute match.
        let plain = expression.replace_all(&source, " ").into_owned();
        for value in attribute.captures_iter(&plain) {
            if letters.is_match(&value[1]) {
                found.push(format!("{}: attribute {:?}", path.display(), &value[1]));
            }
        }
        let text = tag.replace_all(&plain, " ").into_owned();
        for word in letters.find_iter(&text) {
            found.push(format!("{}: {:?}", path.display(), word.as_str()));
        }
    }
    assert!(found.is_empty(), "text outside the translation layer:\n{}", found.join("\n"));
}

#[test]
fn plural_forms_in_russian_and_kazakh() {
    let ru = Tr::new(Lang::Ru);
    let forms: Vec<String> = [0, 1, 2, 5, 11, 21, 22, 25].into_iter().map(|n| ru.count("reports-count", n)).collect();
    let word = |s: &String| s.split_whitespace().nth(1).unwrap_or_default().to_owned();
    let words: Vec<String> = forms.iter().map(word).collect();
    assert_eq!(words, ["отчётов", "отчёт", "отчёта", "отчётов", "отчётов", "отчёт", "отчёта", "отчётов"], "{forms:?}");
    let kk = Tr::new(Lang::Kk);
    for n in [0, 1, 2, 5, 11, 21, 22, 25] {
        let form = kk.count("reports-count", n);
        assert!(form.starts_with(&n.to_string()) && form.contains("есеп"), "{form}");
    }
}

#[tokio::test]
async fn the_language_comes_from_the_query_then_the_user_then_the_cookie_then_the_header() {
    let app = TestApp::spawn().await;
    let mut anonymous = app.anonymous();

    // The header, when nothing else says.
    let response =
        anonymous.client.get(app.url("/login")).header("accept-language", "kk-KZ, ru;q=0.8").send().await.unwrap();
    assert_eq!(response.headers()["content-language"], "kk");
    assert!(response.headers()["vary"].to_str().unwrap().contains("Accept-Language"));
    let page = scraper::Html::parse_document(&response.text().await.unwrap());
    assert_eq!(page.root_element().value().attr("lang"), Some("kk"));

    // ?lang= beats the header and is remembered (cookie) for the next page.
    let response =
        anonymous.client.get(app.url("/login?lang=ru")).header("accept-language", "kk").send().await.unwrap();
    assert_eq!(response.headers()["content-language"], "ru");
    let response = anonymous.client.get(app.url("/login")).header("accept-language", "kk").send().await.unwrap();
    assert_eq!(response.headers()["content-language"], "ru", "the cookie beats the header");

    // The login page's switcher works before signing in, and comes back.
    let login = anonymous.page("/login?next=%2Freports", 200).await;
    anonymous.csrf = value(&login, "input[name=csrf_token]");
    assert_eq!(value(&login, "nav.languages form input[name=next]"), "/login?next=%2Freports");
    let response = anonymous.post_form("/language", &[("lang", "en"), ("next", "/login?next=%2Freports")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login?next=%2Freports");
    let response = anonymous.client.get(app.url("/login")).header("accept-language", "kk").send().await.unwrap();
    assert_eq!(response.headers()["content-language"], "en");

    // Signed in, the switcher stores the choice on the account; it comes
    // back at the next login.
    let response = app.post_form("/language", &[("lang", "kk"), ("next", "/checkpoints?border=CN")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/checkpoints?border=CN");
    let page = app.page("/checkpoints?border=CN", 200).await;
    assert_eq!(page.root_element().value().attr("lang"), Some("kk"));
    let stored: Option<String> =
        sqlx::query_scalar("select language from users where username = 'admin'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored.as_deref(), Some("kk"));
    let mut elsewhere = app.anonymous();
    elsewhere.log_in("admin", crate::support::PASSWORD).await;
    let response = elsewhere.client.get(app.url("/checkpoints")).header("accept-language", "en").send().await.unwrap();
    assert_eq!(response.headers()["content-language"], "kk", "the account's choice beats the browser's");
    // Back to English for the assertions below.
    assert_eq!(app.post_form("/language", &[("lang", "en"), ("next", "/checkpoints")]).await.status(), 303);

    // The switcher is a form per language that keeps the page and its
    // filters, and goes nowhere but this site.
    let page = app.page("/checkpoints?border=CN&status=commissioned&lang=en", 200).await;
    let buttons =
        scraper::Selector::parse("nav.languages form[method=post][action='/language'] button[name=lang]").unwrap();
    let codes: Vec<_> = page.select(&buttons).filter_map(|b| b.value().attr("value")).collect();
    assert_eq!(codes, ["kk", "ru", "en"]);
    assert_eq!(value(&page, "nav.languages form input[name=next]"), "/checkpoints?border=CN&status=commissioned");
    for elsewhere in ["https://evil.example/", "//evil.example/", "/\\evil.example"] {
        let response = app.post_form("/language", &[("lang", "ru"), ("next", elsewhere)]).await;
        assert_eq!(response.headers()["location"], "/", "{elsewhere}");
    }
    assert_eq!(app.post_form("/language", &[("lang", "de"), ("next", "/checkpoints")]).await.status(), 422);
}

#[tokio::test]
async fn a_get_with_a_language_changes_no_account() {
    let app = TestApp::spawn().await;
    let users = || async {
        sqlx::query_scalar::<_, String>("select string_agg(row_to_json(u)::text, ';' order by id) from users u")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let before = users().await;
    let response = app.get("/checkpoints?border=CN&lang=kk").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-language"], "kk");
    let cookies: Vec<_> = response.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("lang=kk;")), "the browser remembers it: {cookies:?}");
    assert_eq!(users().await, before, "a GET changed the users table");
}

#[tokio::test]
async fn a_date_typed_the_kazakh_way_is_accepted_and_shown_per_locale() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Karasu").await;
    let response = app
        .post_form(&format!("/checkpoints/{id}/commissioning-date"), &[("new_date", "31.07.2026"), ("reason", "КГД")])
        .await;
    assert_eq!(response.status(), 303);
    for (lang, shown) in [("en", "2026-07-31"), ("ru", "31.07.2026"), ("kk", "31.07.2026")] {
        let page = app.page(&format!("/checkpoints/{id}?lang={lang}"), 200).await;
        assert!(text(&page, "#planned-commissioning").starts_with(shown), "{lang}");
    }
}

/// Whether a response is a page; files (the exports) are data, in English.
fn is_page(response: &reqwest::Response) -> bool {
    response.headers().get("content-type").is_some_and(|t| t.to_str().unwrap_or_default().starts_with("text/html"))
}

/// The words of `script` a page shows outside data, codes and names.
fn foreign_words(html: &str, script: &Regex, allowed: &BTreeSet<String>) -> BTreeSet<String> {
    let page = scraper::Html::parse_document(html);
    let skip =
        scraper::Selector::parse("code, .prose, .alt-name, .request-id, nav.languages, script, style, title").unwrap();
    let skipped: BTreeSet<_> = page.select(&skip).flat_map(|e| e.descendants().map(|n| n.id())).collect();
    let word = script;
    let body = scraper::Selector::parse("body").unwrap();
    let mut found = BTreeSet::new();
    for node in page.select(&body).flat_map(|b| b.descendants()) {
        if skipped.contains(&node.id()) {
            continue;
        }
        if let Some(text) = node.value().as_text() {
            for w in word.find_iter(text) {
                if !allowed.contains(w.as_str()) {
                    found.insert(w.as_str().to_owned());
                }
            }
        }
    }
    found
}

#[tokio::test]
async fn every_page_in_each_language_shows_no_other_script_outside_data_and_codes() {
    use checkpoint_tracker::domain::user::Role;
    let app = TestApp::spawn().await;
    let week = checkpoint_tracker::domain::week::IsoWeek::at(chrono::Utc::now());
    let kordai = app.checkpoint_id("Kordai").await;
    let milestone = app
        .add_milestone(kordai, &[("title", "Сканеры"), ("kind", "equipment"), ("planned_finish", "2026-12-01")])
        .await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let version = value(&staff.page(&format!("/reports/transport/{week}/draft"), 200).await, "input[name=version]");
    let fields: Vec<(String, String)> = vec![
        ("version".into(), version),
        ("action".into(), "submit".into()),
        (format!("c{kordai}.include"), "on".into()),
        (format!("c{kordai}.percent"), "40".into()),
        (format!("c{kordai}.status"), "at_risk".into()),
        (format!("c{kordai}.issue0.category"), "internet".into()),
        (format!("c{kordai}.issue0.severity"), "high".into()),
        (format!("c{kordai}.issue0.text"), "Нет связи".into()),
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
    // The data may be in any language: checkpoint names, regions, notes,
    // people's names and the audit trail's actors.
    let data: Vec<String> = sqlx::query_scalar(
        "select concat_ws(' ', name_en, region, notes, sources) from checkpoints
         union all select username || ' ' || display_name from users
         union all select distinct actor from audit_log",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let latin = Regex::new(r"[A-Za-z]{3,}").unwrap();
    let cyrillic = Regex::new(r"\p{Cyrillic}{2,}").unwrap();
    let words_of = |script: &Regex, texts: &[String]| -> BTreeSet<String> {
        texts.iter().flat_map(|s| script.find_iter(s).map(|w| w.as_str().to_owned()).collect::<Vec<_>>()).collect()
    };
    let mut allowed = words_of(&latin, &data);
    // Abbreviations and paths that stay Latin in every language.
    allowed.extend(["API", "UTC", "docs", "CSV", "XLSX", "Excel", "ISO", "UTF"].map(String::from));
    let paths = page_paths(kordai, milestone, user_id, week);
    // In English, Cyrillic may only come from the data (names, notes, reports).
    let cyrillic_data: Vec<String> = sqlx::query_scalar(
        "select concat_ws(' ', name_ru, name_kk, notes) from checkpoints
         union all select concat_ws(' ', narrative, next_week_plan) from report_entries
         union all select text from report_issues union all select title from milestones",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let allowed_cyrillic = words_of(&cyrillic, &cyrillic_data);
    let mut problems = Vec::new();
    for (who, visitor) in &visitors {
        for path in &paths {
            let separator = if path.contains('?') { '&' } else { '?' };
            let response = visitor.get(&format!("{path}{separator}lang=en")).await;
            if response.status().is_redirection() || response.status() == 403 || !is_page(&response) {
                continue;
            }
            let words = foreign_words(&response.text().await.unwrap(), &cyrillic, &allowed_cyrillic);
            if !words.is_empty() {
                problems.push(format!("en {who} {path}: {words:?}"));
            }
        }
    }
    for lang in ["kk", "ru"] {
        for (who, visitor) in &visitors {
            for path in &paths {
                let separator = if path.contains('?') { '&' } else { '?' };
                let response = visitor.get(&format!("{path}{separator}lang={lang}")).await;
                if response.status().is_redirection() || response.status() == 403 || !is_page(&response) {
                    continue;
                }
                let words = foreign_words(&response.text().await.unwrap(), &latin, &allowed);
                if !words.is_empty() {
                    problems.push(format!("{lang} {who} {path}: {words:?}"));
                }
            }
        }
    }
    // Leave the session's language as the other tests expect it.
    for (_, visitor) in &visitors {
        visitor.get("/checkpoints?lang=en").await;
    }
    assert!(problems.is_empty(), "English on pages:\n{}", problems.join("\n"));
}
