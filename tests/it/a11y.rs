//! The project's HTML and accessibility checks, on every kind of page: the
//! test walks the site from the overview as an administrator and as the PM
//! office (following every link on the site, one page per kind of path, so
//! a new page is checked without being listed here) and checks each page
//! the way an assistive technology would read it.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use checkpoint_tracker::domain::user::Role;
use scraper::{ElementRef, Html, Selector};

use crate::support::{TestApp, Visitor};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The kind of a path: its numbers and weeks replaced, without its query
/// unless the query changes the page's kind (`as_of`, `view`).
fn kind_of(href: &str) -> String {
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    let digits = regex::Regex::new(r"\d{4}-W\d{2}|\d+").unwrap();
    let mut kind = digits.replace_all(path, "N").into_owned();
    for key in ["as_of", "view", "edit", "dataset", "from"] {
        if query.split('&').any(|p| p.starts_with(&format!("{key}="))) {
            kind.push_str(&format!("?{key}"));
        }
    }
    kind
}

/// What is wrong with one page, in words.
fn problems(html: &Html) -> Vec<String> {
    let mut out = Vec::new();
    let root = html.root_element();
    if root.select(&sel("html[lang]")).next().is_none() && root.value().attr("lang").is_none() {
        out.push("no lang on <html>".into());
    }
    if html.select(&sel("title")).next().is_none_or(|t| t.text().collect::<String>().trim().is_empty()) {
        out.push("no <title>".into());
    }
    let h1 = html.select(&sel("h1")).count();
    if h1 != 1 {
        out.push(format!("{h1} <h1> (one expected)"));
    }
    let mut ids = BTreeSet::new();
    for e in html.select(&sel("[id]")) {
        let id = e.value().attr("id").unwrap_or_default();
        if !ids.insert(id.to_owned()) {
            out.push(format!("id {id:?} twice"));
        }
    }
    let labelled = |e: &ElementRef| {
        let v = e.value();
        v.attr("aria-label").is_some_and(|l| !l.trim().is_empty())
            || v.attr("aria-labelledby").is_some()
            || v.attr("id").is_some_and(|id| html.select(&sel(&format!("label[for='{id}']"))).next().is_some())
            || e.ancestors().any(|a| a.value().as_element().is_some_and(|a| a.name() == "label"))
    };
    for e in html.select(&sel("input, select, textarea")) {
        let kind = e.value().attr("type").unwrap_or("text");
        if matches!(kind, "hidden" | "submit" | "button" | "reset") {
            continue;
        }
        if !labelled(&e) {
            out.push(format!("unlabelled {} {:?}", e.value().name(), e.value().attr("name").unwrap_or_default()));
        }
        if let Some(ids) = e.value().attr("aria-describedby") {
            for id in ids.split_whitespace() {
                if !ids.is_empty() && html.select(&sel(&format!("[id='{id}']"))).next().is_none() {
                    out.push(format!("aria-describedby names a missing {id:?}"));
                }
            }
        }
    }
    for e in html.select(&sel("button, a[href]")) {
        let text: String = e.text().collect();
        let named =
            !text.trim().is_empty() || e.value().attr("aria-label").is_some() || e.value().attr("title").is_some();
        if !named {
            out.push(format!("a {} without a name", e.value().name()));
        }
    }
    for e in html.select(&sel("img")) {
        if e.value().attr("alt").is_none() {
            out.push("an <img> without alt".into());
        }
    }
    for svg in html.select(&sel("svg")) {
        if svg.value().attr("aria-hidden") == Some("true") {
            continue;
        }
        if svg.value().attr("role") != Some("img") || svg.select(&sel("title")).next().is_none() {
            out.push("an <svg> without role=img and a <title>".into());
        }
    }
    for th in html.select(&sel("tbody th")) {
        if th.value().attr("scope").is_none() {
            out.push("a <th> in a body without scope".into());
        }
    }
    for table in html.select(&sel("table")) {
        if table.select(&sel("th")).next().is_none() {
            out.push("a <table> without headers".into());
        }
    }
    out
}

/// Walks the site from `/` as `visitor`, checking one page of each kind.
async fn walk(visitor: &Visitor, start: &[&str]) -> BTreeMap<String, Vec<String>> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<String> = start.iter().map(|s| (*s).to_owned()).collect();
    let mut found = BTreeMap::new();
    while let Some(href) = queue.pop_front() {
        let kind = kind_of(&href);
        if !seen.insert(kind.clone()) {
            continue;
        }
        let response = visitor.get(&href).await;
        let status = response.status().as_u16();
        let is_html = response
            .headers()
            .get("content-type")
            .is_some_and(|t| t.to_str().unwrap_or_default().starts_with("text/html"));
        assert!(status < 500, "GET {href}: {status}");
        if !is_html {
            continue;
        }
        let html = Html::parse_document(&response.text().await.unwrap());
        found.insert(format!("{kind} ({href})"), problems(&html));
        // A download (`a[download]`) is a file, not a page to check.
        for a in html.select(&sel("a[href]:not([download])")) {
            let next = a.value().attr("href").unwrap_or_default();
            let next = next.split('#').next().unwrap_or_default();
            if next.starts_with('/')
                && !next.starts_with("//")
                && !next.starts_with("/static/")
                && !next.starts_with("/api/")
            {
                queue.push_back(next.to_owned());
            }
        }
    }
    found
}

#[tokio::test]
async fn every_kind_of_page_has_labels_one_heading_unique_ids_and_named_controls() {
    let app = TestApp::spawn().await;
    let last_week = checkpoint_tracker::domain::week::IsoWeek::at(chrono::Utc::now()).previous();
    let extra = [
        format!("/?as_of={last_week}"),
        "/?view=print".to_owned(),
        "/export?dataset=report_entries&border=CN".to_owned(),
        "/export?dataset=checkpoints&from=2026-W05".to_owned(),
    ];
    let mut pages = BTreeMap::new();
    // Ministry staff with a report filed and a draft open, so that the
    // report's pages and the form are reached too.
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let week = crate::reports::this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    crate::reports::file(&staff, "transport", week.previous(), crate::reports::entry(kordai, &[("percent", "10")]))
        .await;
    pages.extend(walk(&staff, &["/", &format!("/reports/transport/{week}/draft")]).await);
    for role in [Role::Admin, Role::PmOffice] {
        let visitor = app.visitor(role, None).await;
        let start: Vec<&str> = std::iter::once("/").chain(extra.iter().map(String::as_str)).collect();
        pages.extend(walk(&visitor, &start).await);
    }
    for must in [
        "/ (/)",
        "/checkpoints",
        "/checkpoints/N",
        "/officials",
        "/reports/compliance",
        "/?as_of",
        "/export ",
        "/export?dataset",
    ] {
        assert!(pages.keys().any(|k| k.starts_with(must)), "{must} was not reached: {:?}", pages.keys());
    }
    assert!(pages.len() >= 20, "only {} kinds of page: {:?}", pages.len(), pages.keys());
    let wrong: Vec<String> = pages
        .iter()
        .filter(|(_, problems)| !problems.is_empty())
        .map(|(page, problems)| format!("{page}: {}", problems.join("; ")))
        .collect();
    assert!(wrong.is_empty(), "{} of {} kinds of page:\n{}", wrong.len(), pages.len(), wrong.join("\n"));
}

#[test]
fn the_checks_see_a_missing_label_a_second_heading_and_a_duplicate_id() {
    let page = Html::parse_document(
        r#"<html lang="en"><head><title>t</title></head><body><h1>a</h1><h1 id="x">b</h1><p id="x"></p>
        <input name="q"><svg></svg><a href="/"></a></body></html>"#,
    );
    let found = problems(&page);
    assert_eq!(
        found,
        [
            "2 <h1> (one expected)",
            "id \"x\" twice",
            "unlabelled input \"q\"",
            "a a without a name",
            "an <svg> without role=img and a <title>"
        ]
    );
}

/// WCAG 2.1 contrast ratio of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let hex = hex.trim_start_matches('#');
        let hex = if hex.len() == 3 { hex.chars().flat_map(|c| [c, c]).collect() } else { hex.to_owned() };
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// `#rrggbb` of `text` laid with `alpha` over `under`, as a browser composites
/// a faded (`opacity`) element onto what is behind it.
fn blend(text: &str, under: &str, alpha: f64) -> String {
    let rgb = |hex: &str| {
        let hex = hex.trim_start_matches('#');
        let hex = if hex.len() == 3 { hex.chars().flat_map(|c| [c, c]).collect() } else { hex.to_owned() };
        [0, 2, 4].map(|i| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()))
    };
    let (t, u) = (rgb(text), rgb(under));
    let mix = |i: usize| (alpha * t[i] + (1.0 - alpha) * u[i]).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(0), mix(1), mix(2))
}

/// The stylesheet's text on background pairs below 4.5:1, in words: the
/// palette's text colours on the page's and the panels' backgrounds, every
/// rule that sets both a colour and a background (badges, grid cells), and
/// every rule that fades an element (`opacity`), its text composited onto
/// its background as the browser shows it.
fn low_contrast(css: &str) -> (usize, Vec<String>) {
    let var = regex::Regex::new(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})").unwrap();
    let vars: BTreeMap<String, String> = var.captures_iter(css).map(|c| (c[1].to_owned(), c[2].to_owned())).collect();
    let resolve = |v: &str| -> Option<String> {
        let v = v.trim();
        if v.starts_with('#') {
            return Some(v.to_owned());
        }
        let name = v.strip_prefix("var(--")?.split([')', ',']).next()?;
        vars.get(name).cloned()
    };
    let mut pairs: Vec<(String, String, String)> = Vec::new();
    for text in ["fg", "muted", "accent", "error", "green", "amber", "red", "grey"] {
        for background in ["bg", "panel"] {
            pairs.push((format!("--{text} on --{background}"), vars[text].clone(), vars[background].clone()));
        }
    }
    let rule = regex::Regex::new(r"([^{}]+)\{([^{}]*)\}").unwrap();
    let colour = regex::Regex::new(r"(?:^|[;\s])color:\s*([^;]+)").unwrap();
    let background = regex::Regex::new(r"background(?:-color)?:\s*([^;]+)").unwrap();
    let opacity = regex::Regex::new(r"(?:^|[;\s])opacity:\s*([0-9.]+)(%?)").unwrap();
    for r in rule.captures_iter(css) {
        let what = r[1].trim().to_owned();
        let c = colour.captures(&r[2]).and_then(|c| resolve(&c[1]));
        let b = background.captures(&r[2]).and_then(|b| resolve(&b[1]));
        if let Some(o) = opacity.captures(&r[2]) {
            let alpha = o[1].parse::<f64>().unwrap() / if &o[2] == "%" { 100.0 } else { 1.0 };
            let (page, panel) = (vars["bg"].clone(), vars["panel"].clone());
            let text = c.clone().unwrap_or_else(|| vars["fg"].clone());
            // The faded element (its background too) over the page or a panel.
            for under in [page, panel] {
                let shown = b.as_deref().map_or_else(|| under.clone(), |b| blend(b, &under, alpha));
                pairs.push((format!("{what} (opacity {alpha})"), blend(&text, &under, alpha), shown));
            }
        } else if let (Some(c), Some(b)) = (c, b) {
            pairs.push((what, c, b));
        }
    }
    let low = pairs
        .iter()
        .filter(|(_, c, b)| contrast(c, b) < 4.5)
        .map(|(what, c, b)| format!("{what}: {c} on {b} is {:.2}:1", contrast(c, b)))
        .collect();
    (pairs.len(), low)
}

#[test]
fn the_stylesheet_s_text_colours_have_aa_contrast_on_their_backgrounds() {
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/css/app.css")).unwrap();
    let (pairs, low) = low_contrast(&css);
    assert!(pairs > 20, "the check reads the stylesheet: {pairs} pairs");
    assert!(low.is_empty(), "below 4.5:1:\n{}", low.join("\n"));
    assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 0.01);
}

#[test]
fn the_contrast_check_sees_a_pale_badge_and_a_faded_row() {
    let palette = ":root { --fg: #1b1f24; --muted: #5b6470; --bg: #ffffff; --panel: #f5f7f9; --accent: #0b5cad; \
        --error: #b3261e; --green: #1e7a34; --amber: #875a00; --red: #b3261e; --grey: #5b6470; }";
    let css = format!(
        "{palette}\n.rag-at_risk {{ background: #fff4e0; color: #9a6700; }}\n\
         .report-form .entry:not(.included) {{ opacity: .6; }}\n.fine {{ opacity: 1; }}"
    );
    let (_, low) = low_contrast(&css);
    assert_eq!(low.len(), 3, "{low:?}");
    assert!(low[0].starts_with(".rag-at_risk: #9a6700 on #fff4e0 is 4.47:1"), "{low:?}");
    assert!(low[1].starts_with(".report-form .entry:not(.included) (opacity 0.6): "), "{low:?}");
}
