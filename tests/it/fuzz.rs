//! Issue 13, point 5: generated bodies posted to every state-changing route
//! of the router (forms with the session's CSRF token, some without or with
//! a wrong one; the JSON API with a token), signed in with a role that may
//! use each route. No answer may be a server error, nothing may panic, and
//! the database's invariants hold afterwards.
//!
//! The cases come from proptest strategies run by a seeded `TestRunner`
//! (`FUZZ_SEED` picks another seed, `PROPTEST_CASES` the cases per route);
//! they are sent 12 at a time, every route mixed with the others.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use checkpoint_tracker::auth::{Access, Permission};
use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::domain::week::IsoWeek;
use checkpoint_tracker::web::BODY_LIMIT;
use futures_util::StreamExt;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use scraper::{Html, Selector};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::support::{TestApp, Visitor, create_user, text, value};

/// Cases per route unless `PROPTEST_CASES` says otherwise: 25 routes × 400
/// are the 10,000 bodies the issue asks for.
const CASES_PER_ROUTE: u32 = 400;
/// Requests in flight at once.
const CONCURRENCY: usize = 12;

// ---------------------------------------------------------------- values

/// Characters that have broken parsers before: Cyrillic and Kazakh letters,
/// right-to-left scripts and marks, emoji (with joiners and skin tones),
/// NUL and other control characters, combining marks, a BOM, separators.
const TRICKY: &str = concat!(
    "аЖёЁяәӘғқңөұүһіІ",                                        // Cyrillic and Kazakh
    "שלוםمرحب\u{200f}\u{202e}\u{2066}",                        // right to left, and its marks
    "😀🇰🇿\u{200d}👩\u{1f3fd}",                                 // emoji, a flag, a joiner, a skin tone
    "\0\u{1}\u{7}\u{8}\t\n\r\u{1b}\u{7f}\u{85}",               // control characters
    "\u{301}\u{308}\u{36f}\u{feff}\u{fffd}\u{2028}\u{10ffff}", // combining marks, BOM, separators
    "&=%+;\"'<>\\/ .-:[]{}",
);

fn tricky_text(max: usize) -> impl Strategy<Value = String> + Clone {
    let ch = prop_oneof![
        4 => select(TRICKY.chars().collect::<Vec<_>>()),
        2 => proptest::char::range('a', 'z'),
        1 => proptest::char::range('0', '9'),
        1 => any::<char>(),
    ];
    proptest::collection::vec(ch, 0..max).prop_map(|cs| cs.into_iter().collect())
}

/// Numbers in and out of every range the forms have (percent, ids, i32,
/// i64), and things that only look like numbers.
fn number() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        (-5i64..110).prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        select(
            &[
                "2147483647",
                "2147483648",
                "-2147483649",
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775809",
                "340282366920938463463374607431768211456",
                "1e309",
                "-0",
                "0x10",
                "1_000",
                "50.5",
                "NaN",
                "inf",
                "٥٠",
                "５０",
                " 50 ",
                "+50",
                "50%",
            ][..]
        )
        .prop_map(str::to_owned),
    ]
}

/// Dates in every format people type, and impossible ones.
fn date() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        (1i32..10000, 0u32..14, 0u32..33).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        (0u32..33, 0u32..14, -1i64..100000).prop_map(|(d, m, y)| format!("{d}.{m}.{y}")),
        select(
            &[
                "2026-02-29",
                "2028-02-29",
                "2026-02-30",
                "0000-00-00",
                "9999-12-31",
                "+275760-09-13",
                "-0001-01-01",
                "262143-12-31",
                "262144-01-01",
                "31/12/2026",
                "12/31/2026",
                "2026-W48",
                "2026-W48-1",
                "2026-12-31T23:59:59Z",
                "2026-12-31 ",
                "31.12.26",
                "1.1.1",
                "2026--12-31",
                "today",
                "завтра",
            ][..]
        )
        .prop_map(str::to_owned),
    ]
}

/// Up to 8 kB of one piece repeated (bodies near the 2 MiB limit are a
/// case of their own, [`FormCase::oversize`]).
fn long_text() -> impl Strategy<Value = String> + Clone {
    (select(&["x", "Ж", "қ", "😀", "a\u{301}", "\0", "%", "<b>", "ש"][..]), 1usize..8_000)
        .prop_map(|(piece, bytes)| piece.repeat(bytes / piece.len()))
}

/// A value for a field: one the form itself offers (or shows), or junk.
fn field_value(samples: Vec<String>) -> BoxedStrategy<String> {
    let real = if samples.is_empty() { Just(String::new()).boxed() } else { select(samples).boxed() };
    prop_oneof![
        4 => real,
        2 => Just(String::new()),
        3 => tricky_text(40),
        2 => number(),
        2 => date(),
        1 => long_text(),
    ]
    .boxed()
}

// ----------------------------------------------------------------- forms

/// How one pair of a form body is written on the wire.
#[derive(Debug, Clone, Copy)]
enum Encoding {
    /// As a browser does.
    Proper,
    /// Not encoded at all: raw UTF-8, `&` and `=` splitting where they fall.
    Raw,
    /// Encoded, then a `%` escape broken (`%`, `%G1`, a cut UTF-8 sequence).
    Broken(usize, &'static str),
}

fn encoding() -> impl Strategy<Value = Encoding> + Clone {
    prop_oneof![
        8 => Just(Encoding::Proper),
        1 => Just(Encoding::Raw),
        1 => (0usize..64, select(&["%", "%G1", "%e2%82", "%ZZ", "%%", "%0", "%D0", "%ff%fe", "%00"][..]))
            .prop_map(|(at, junk)| Encoding::Broken(at, junk)),
    ]
}

fn encode(text: &str, encoding: Encoding) -> String {
    let proper: String = url::form_urlencoded::byte_serialize(text.as_bytes()).collect();
    match encoding {
        Encoding::Proper => proper,
        Encoding::Raw => text.to_owned(),
        Encoding::Broken(at, junk) => {
            let at = (0..=at.min(proper.len())).rev().find(|i| proper.is_char_boundary(*i)).unwrap_or(0);
            format!("{}{junk}{}", &proper[..at], &proper[at..])
        }
    }
}

/// One change to the form's own default body.
#[derive(Debug, Clone)]
enum Mutation {
    Replace(Index, String),
    Remove(Index),
    /// The same key again, with another value.
    Duplicate(Index, String),
    /// A key the form does not have.
    Unknown(String, String),
}

/// Which CSRF token the body carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Csrf {
    Valid,
    Missing,
    Wrong,
    /// A wrong one and the valid one, in either order.
    Twice(bool),
}

const CONTENT_TYPES: &[&str] = &[
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=koi8-r",
    "multipart/form-data",
    "multipart/form-data; boundary=x",
    "text/plain",
    "application/json",
    "application/x-www-form-urlencoded;;",
    "",
];

#[derive(Debug, Clone)]
struct FormCase {
    /// Start from the form's own fields (as the page sends them) and change
    /// a few; otherwise pairs drawn at random from its field names.
    mutate: bool,
    pairs: Vec<(String, String, Encoding)>,
    mutations: Vec<Mutation>,
    csrf: Csrf,
    /// `None`: the form content type.
    content_type: Option<&'static str>,
    /// A value that brings the body near the 2 MiB limit: just under or over.
    oversize: Option<i64>,
    path: Vec<Segment>,
}

/// A path parameter: the real one, or something else.
#[derive(Debug, Clone)]
enum Segment {
    Real,
    Other(String),
}

const ODD_SEGMENTS: &[&str] = &[
    "0",
    "-1",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999",
    "1e3",
    "1.5",
    "abc",
    "%00",
    "%F0%9F%98%80",
    "%D0%96",
    "%2F",
    "%E2%82",
    "2026-W00",
    "2026-W54",
    "1999-W01",
    "2101-W01",
    "2026-W5",
    "2026W48",
    "2026-w48",
    "+2026-W01",
    "finance",
    "border_service",
    "TRANSPORT",
    "eaeu_internal",
    "additional",
];

fn segment() -> impl Strategy<Value = Segment> + Clone {
    prop_oneof![
        9 => Just(Segment::Real),
        2 => select(ODD_SEGMENTS).prop_map(|s| Segment::Other(s.to_owned())),
        1 => any::<u32>().prop_map(|n| Segment::Other(n.to_string())),
    ]
}

fn form_case(fields: &FormFields) -> impl Strategy<Value = FormCase> + use<> {
    // A form of a token alone (logging out) gets names other forms have.
    let mut names: Vec<String> = fields.names.iter().cloned().collect();
    if names.is_empty() {
        names = ["next", "version", "id"].map(str::to_owned).to_vec();
    }
    let samples: Vec<String> = fields.samples.iter().cloned().collect();
    let value = field_value(samples);
    let key = prop_oneof![
        8 => select(names),
        1 => tricky_text(12),
        1 => select(&["csrf_token", "version", "number", "id", "_method", "[]", "a[b]", "", "="][..]).prop_map(str::to_owned),
    ];
    let pairs = proptest::collection::vec((key.clone(), value.clone(), encoding()), 0..12);
    let mutation = prop_oneof![
        4 => (any::<Index>(), value.clone()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        1 => any::<Index>().prop_map(Mutation::Remove),
        1 => (any::<Index>(), value.clone()).prop_map(|(i, v)| Mutation::Duplicate(i, v)),
        1 => (tricky_text(12), value).prop_map(|(k, v)| Mutation::Unknown(k, v)),
    ];
    let csrf = prop_oneof![
        90 => Just(Csrf::Valid),
        4 => Just(Csrf::Missing),
        3 => Just(Csrf::Wrong),
        3 => any::<bool>().prop_map(Csrf::Twice),
    ];
    let content_type = prop_oneof![
        92 => Just(None),
        8 => select(CONTENT_TYPES).prop_map(Some),
    ];
    let oversize = prop_oneof![
        99 => Just(None),
        1 => (-4096i64..4096).prop_map(Some),
    ];
    (
        any::<bool>(),
        pairs,
        proptest::collection::vec(mutation, 0..5),
        csrf,
        content_type,
        oversize,
        proptest::collection::vec(segment(), 3),
    )
        .prop_map(|(mutate, pairs, mutations, csrf, content_type, oversize, path)| FormCase {
            mutate,
            pairs,
            mutations,
            csrf,
            content_type,
            oversize,
            path,
        })
}

impl FormCase {
    /// The body's bytes; `token` is the session's CSRF token.
    fn body(&self, fields: &FormFields, token: &str) -> String {
        let mut pairs: Vec<(String, String, Encoding)> = if self.mutate {
            let mut pairs: Vec<_> =
                fields.defaults.iter().map(|(k, v)| (k.clone(), v.clone(), Encoding::Proper)).collect();
            for mutation in &self.mutations {
                match mutation {
                    Mutation::Replace(i, v) if !pairs.is_empty() => {
                        let at = i.index(pairs.len());
                        pairs[at].1 = v.clone();
                    }
                    Mutation::Remove(i) if !pairs.is_empty() => {
                        pairs.remove(i.index(pairs.len()));
                    }
                    Mutation::Duplicate(i, v) if !pairs.is_empty() => {
                        let key = pairs[i.index(pairs.len())].0.clone();
                        pairs.push((key, v.clone(), Encoding::Proper));
                    }
                    Mutation::Unknown(k, v) => pairs.push((k.clone(), v.clone(), Encoding::Proper)),
                    _ => {}
                }
            }
            pairs
        } else {
            self.pairs.clone()
        };
        if let Some(delta) = self.oversize {
            let size = (BODY_LIMIT as i64 + delta).max(0) as usize;
            pairs.push(("narrative".into(), "ж".repeat(size / 2), Encoding::Raw));
        }
        let wrong =
            ("csrf_token".to_owned(), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned(), Encoding::Proper);
        let valid = ("csrf_token".to_owned(), token.to_owned(), Encoding::Proper);
        match self.csrf {
            Csrf::Valid => pairs.push(valid),
            Csrf::Missing => {}
            Csrf::Wrong => pairs.push(wrong),
            Csrf::Twice(true) => pairs.extend([wrong, valid]),
            Csrf::Twice(false) => pairs.extend([valid, wrong]),
        }
        pairs.iter().map(|(k, v, e)| format!("{}={}", encode(k, *e), encode(v, *e))).collect::<Vec<_>>().join("&")
    }
}

// ------------------------------------------------------------------ JSON

/// Any JSON value, nested a little.
fn any_json() -> impl Strategy<Value = Value> + Clone {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        tricky_text(30).prop_map(Value::String),
        number().prop_map(Value::String),
        date().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(tricky_text(8), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A value for a JSON field: a plausible one as text or as number, or any.
fn json_value(plausible: Vec<Value>) -> BoxedStrategy<Value> {
    prop_oneof![
        4 => select(plausible),
        1 => number().prop_map(Value::String),
        1 => date().prop_map(Value::String),
        1 => long_text().prop_map(Value::String),
        2 => any_json(),
    ]
    .boxed()
}

/// A draft as `PUT …/draft` takes it, each key there or not, each value
/// plausible or not (`ids`: real checkpoint and milestone ids).
fn near_valid_draft(ids: Vec<i64>) -> impl Strategy<Value = Value> {
    let id = prop_oneof![
        4 => select(ids).prop_map(Value::from),
        1 => any_json(),
    ];
    let text = || json_value(vec![json!(""), json!("Работы идут"), json!("Жұмыс жүріп жатыр"), json!(" ")]);
    let issue = (
        json_value(vec![json!("equipment"), json!("internet"), json!("other"), json!("x")]),
        json_value(vec![json!("low"), json!("high"), json!("")]),
        text(),
    )
        .prop_map(|(category, severity, text)| json!({ "category": category, "severity": severity, "text": text }));
    let milestone = (
        id.clone(),
        json_value(vec![json!(true), json!(false), json!("on")]),
        json_value(vec![json!("2026-11-20"), json!("")]),
    )
        .prop_map(|(id, done, date)| json!({ "milestone_id": id, "done": done, "actual_date": date }));
    let entry = (
        id,
        json_value(vec![json!("70"), json!(70), json!(0), json!(100), json!(101), json!("")]),
        json_value(vec![json!("on_track"), json!("at_risk"), json!("delayed"), json!("commissioned"), json!("")]),
        (text(), text(), text()),
        (json_value(vec![json!("2027-01-31"), json!("31.01.2027"), json!("")]), text()),
        proptest::collection::vec(issue, 0..3),
        proptest::collection::vec(milestone, 0..2),
        any::<u8>(),
    )
        .prop_map(
            |(id, percent, status, (narrative, next, decrease), (date, reason), issues, milestones, keep)| {
                let full = json!({
                    "checkpoint_id": id, "percent_complete": percent, "status": status, "narrative": narrative,
                    "next_week_plan": next, "decrease_explanation": decrease, "proposed_date": date,
                    "proposed_date_reason": reason, "issues": issues, "milestones": milestones,
                });
                drop_keys(full, keep)
            },
        );
    (
        json_value(vec![json!(""), json!(0), json!(1), json!("1"), json!(2)]),
        json_value(vec![json!(false), json!(true)]),
        proptest::collection::vec(entry, 0..4),
        any::<u8>(),
    )
        .prop_map(|(version, no_change, entries, keep)| {
            drop_keys(json!({ "version": version, "no_change": no_change, "entries": entries }), keep)
        })
}

/// The object without the keys whose bit in `keep` is 0 (one in four).
fn drop_keys(value: Value, keep: u8) -> Value {
    let Value::Object(map) = value else { return value };
    Value::Object(map.into_iter().enumerate().filter(|(i, _)| keep >> (i % 8) & 3 != 0).map(|(_, kv)| kv).collect())
}

/// How the JSON text is spoiled, if at all.
#[derive(Debug, Clone)]
enum Spoil {
    None,
    /// Cut off after this many bytes.
    Truncate(Index),
    /// Raw text spliced in (a number JSON cannot hold, a lone surrogate…).
    Splice(Index, &'static str),
    /// Not JSON at all.
    Replace(String),
}

#[derive(Debug, Clone)]
struct ApiCase {
    json: Value,
    spoil: Spoil,
    content_type: Option<&'static str>,
    /// Whether to send the valid token (else none, or a made-up one).
    token: Option<bool>,
    path: Vec<Segment>,
}

fn api_case(ids: Vec<i64>, submit: bool) -> impl Strategy<Value = ApiCase> {
    let json = if submit {
        prop_oneof![
            3 => json_value(vec![json!(""), json!(1), json!("1"), json!(2), json!(-1)]).prop_map(|v| json!({ "version": v })),
            1 => any_json(),
        ]
        .boxed()
    } else {
        prop_oneof![4 => near_valid_draft(ids), 1 => any_json()].boxed()
    };
    let spoil = prop_oneof![
        16 => Just(Spoil::None),
        1 => any::<Index>().prop_map(Spoil::Truncate),
        2 => (any::<Index>(), select(&["1e400", "-1e400", "123456789012345678901234567890", "\"\\ud800\"", "\u{0}", "NaN", "}", ",,", "\"\\u0000\""][..]))
            .prop_map(|(i, s)| Spoil::Splice(i, s)),
        1 => tricky_text(40).prop_map(Spoil::Replace),
    ];
    let content_type = prop_oneof![
        16 => Just(Some("application/json")),
        1 => Just(Some("application/merge-patch+json; charset=utf-8")),
        1 => Just(None),
        2 => select(CONTENT_TYPES).prop_map(Some),
    ];
    let token = prop_oneof![95 => Just(Some(true)), 3 => Just(None), 2 => Just(Some(false))];
    (json, spoil, content_type, token, proptest::collection::vec(segment(), 3))
        .prop_map(|(json, spoil, content_type, token, path)| ApiCase { json, spoil, content_type, token, path })
}

impl ApiCase {
    fn body(&self) -> Vec<u8> {
        let text = self.json.to_string();
        let cut = |i: &Index| (0..=i.index(text.len() + 1)).rev().find(|at| text.is_char_boundary(*at)).unwrap_or(0);
        match &self.spoil {
            Spoil::None => text.into_bytes(),
            // Anywhere, a UTF-8 sequence too.
            Spoil::Truncate(i) => text.as_bytes()[..i.index(text.len() + 1)].to_vec(),
            Spoil::Splice(i, s) => format!("{}{s}{}", &text[..cut(i)], &text[cut(i)..]).into_bytes(),
            Spoil::Replace(s) => s.clone().into_bytes(),
        }
    }
}

// ---------------------------------------------------------------- setup

/// A form as its page offers it: the pairs it sends untouched, every field
/// name, and every value it shows or offers (options, buttons).
#[derive(Debug, Default, Clone)]
struct FormFields {
    defaults: Vec<(String, String)>,
    names: BTreeSet<String>,
    samples: BTreeSet<String>,
}

/// The post forms of a page, by action.
fn forms(html: &Html) -> BTreeMap<String, FormFields> {
    let form_selector = Selector::parse("form").unwrap();
    let field_selector = Selector::parse("input[name], select[name], textarea[name], button[name]").unwrap();
    let option_selector = Selector::parse("option").unwrap();
    let mut found = BTreeMap::new();
    for form in html.select(&form_selector) {
        if !form.value().attr("method").is_some_and(|m| m.eq_ignore_ascii_case("post")) {
            continue;
        }
        let action = form.value().attr("action").unwrap_or_default();
        let fields: &mut FormFields = found.entry(action.split(['?', '#']).next().unwrap().to_owned()).or_default();
        for field in form.select(&field_selector) {
            let el = field.value();
            let name = el.attr("name").unwrap().to_owned();
            if name == "csrf_token" {
                continue;
            }
            fields.names.insert(name.clone());
            let sent = match (el.name(), el.attr("type")) {
                ("textarea", _) => Some(field.text().collect::<String>()),
                ("select", _) => {
                    let options: Vec<_> = field.select(&option_selector).collect();
                    for o in &options {
                        fields.samples.insert(o.value().attr("value").unwrap_or_default().to_owned());
                    }
                    let chosen = options.iter().find(|o| o.value().attr("selected").is_some()).or(options.first());
                    chosen.map(|o| o.value().attr("value").unwrap_or_default().to_owned())
                }
                ("button", _) => None,
                (_, Some("checkbox" | "radio")) if el.attr("checked").is_none() => None,
                _ => Some(el.attr("value").unwrap_or_default().to_owned()),
            };
            let shown = el.attr("value").map(str::to_owned).or_else(|| sent.clone()).unwrap_or_default();
            fields.samples.insert(shown);
            if let Some(value) = sent {
                fields.defaults.push((name, value));
            }
        }
    }
    found
}

/// Who posts, and the CSRF token of their session.
struct Poster {
    client: reqwest::Client,
    csrf: String,
}

impl From<&Visitor> for Poster {
    fn from(v: &Visitor) -> Poster {
        Poster { client: v.client.clone(), csrf: v.csrf.clone() }
    }
}

/// One state-changing route, ready to fuzz.
struct Target {
    method: &'static str,
    pattern: &'static str,
    /// The real values of its path parameters, in order.
    real: Vec<String>,
    poster: Poster,
    /// Form routes: the form's fields. API routes: `None`.
    fields: Option<FormFields>,
}

impl Target {
    fn path(&self, segments: &[Segment]) -> String {
        let mut path = String::new();
        let mut n = 0;
        for part in self.pattern.split_inclusive('/') {
            if part.starts_with('{') {
                let slash = if part.ends_with('/') { "/" } else { "" };
                match &segments[n] {
                    Segment::Real => path.push_str(&self.real[n]),
                    Segment::Other(s) => path.push_str(s),
                }
                path.push_str(slash);
                n += 1;
            } else {
                path.push_str(part);
            }
        }
        path
    }
}

/// A case ready to send.
#[derive(Debug, Clone)]
enum Case {
    Form(FormCase),
    Api(ApiCase),
}

struct Outcome {
    route: usize,
    status: Result<u16, String>,
    request: String,
}

// ------------------------------------------------------------ invariants

/// Each query returns one line per violation.
const INVARIANTS: &[(&str, &str)] = &[
    (
        "revisions are numbered 1..n",
        "select format('report %s: %s revisions numbered %s..%s', report_id, count(*), min(number), max(number))
         from report_revisions group by report_id having min(number) <> 1 or max(number) <> count(*)",
    ),
    (
        "a report has revisions",
        "select format('report %s has none', r.id) from reports r
         where not exists (select 1 from report_revisions v where v.report_id = r.id)",
    ),
    (
        "one current revision per report: at most one draft, and only as the latest",
        "select format('report %s: draft %s below revision %s', d.report_id, d.number, v.number)
         from report_revisions d join report_revisions v on v.report_id = d.report_id and v.number > d.number
         where d.status = 'draft'",
    ),
    (
        "a checkpoint's planned date is its latest date revision",
        "select format('checkpoint %s: plan %s, latest revision %s', c.id, c.planned_commissioning, r.new_date)
         from checkpoints c left join lateral (
             select new_date from date_revisions d
             where d.checkpoint_id = c.id and d.milestone_id is null and d.field = 'commissioning'
             order by d.id desc limit 1) r on true
         where c.planned_commissioning is distinct from r.new_date",
    ),
    (
        "a milestone's planned start and finish are its latest date revisions",
        "select format('milestone %s: plan %s..%s, latest revisions %s..%s', m.id, m.planned_start,
                       m.planned_finish, s.new_date, f.new_date)
         from milestones m
         left join lateral (select new_date from date_revisions d where d.milestone_id = m.id and d.field = 'start'
                            order by d.id desc limit 1) s on true
         left join lateral (select new_date from date_revisions d where d.milestone_id = m.id and d.field = 'finish'
                            order by d.id desc limit 1) f on true
         where m.planned_start is distinct from s.new_date or m.planned_finish is distinct from f.new_date",
    ),
    (
        "each date revision starts from the date the one before set",
        "select format('date revision %s: from %s, the one before set %s', id, old_date, before)
         from (select id, old_date,
                      lag(new_date) over (partition by checkpoint_id, milestone_id, field order by id) as before
               from date_revisions) d
         where old_date is distinct from before",
    ),
];

async fn violations(pool: &PgPool) -> Vec<String> {
    let mut found = Vec::new();
    for (name, query) in INVARIANTS {
        let rows: Vec<String> = sqlx::query_scalar(query).fetch_all(pool).await.unwrap();
        found.extend(rows.into_iter().map(|row| format!("{name}: {row}")));
    }
    found
}

/// Every submitted revision (id, report, number, submitted at): append-only
/// history means each is still there afterwards, unchanged.
async fn submitted(pool: &PgPool) -> Vec<(i64, i64, i32, String)> {
    sqlx::query_as(
        "select id, report_id, number, submitted_at::text from report_revisions where status <> 'draft' order by id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn revision_counts(pool: &PgPool) -> HashMap<i64, i64> {
    sqlx::query_as("select report_id, count(*) from report_revisions group by report_id")
        .fetch_all(pool)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

// ----------------------------------------------------------------- test

fn panics_logged() -> usize {
    crate::support::captured_logs().matches("panicked").count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_bodies_to_every_state_changing_route_break_nothing() {
    let app = TestApp::spawn().await;
    let started = std::time::Instant::now();
    let week = IsoWeek::at(chrono::Utc::now()).to_string();
    let kordai = app.checkpoint_id("Kordai").await;
    let mid = app
        .add_milestone(
            kordai,
            &[
                ("title", "Сканеры"),
                ("kind", "equipment"),
                ("planned_start", "2026-04-01"),
                ("planned_finish", "2026-12-01"),
            ],
        )
        .await;
    let pm = app.visitor(Role::PmOffice, None).await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let analyst = app.visitor(Role::Analyst, None).await;
    // Logging out ends a session: that route has a session of its own.
    let leaving = app.visitor(Role::Analyst, None).await;
    let victim = create_user(&app.pool, "fuzz-victim", Role::Analyst, None).await;
    let mut anonymous = app.anonymous();
    anonymous.csrf = value(&anonymous.page("/login", 200).await, "input[name=csrf_token]");

    // The report form, read before anything is submitted (opening it writes nothing).
    let draft_form = forms(&staff.page(&format!("/reports/transport/{week}/draft"), 200).await);
    // A submitted report with a proposed date and a milestone done, so that
    // the review and amend forms exist; and tokens to revoke and to use.
    let token = token_of(&staff, "fuzz").await;
    let analyst_token_id = {
        token_of(&analyst, "to revoke").await;
        sqlx::query_scalar::<_, i64>("select max(id) from api_tokens").fetch_one(&app.pool).await.unwrap()
    };
    let draft = json!({ "entries": [{
        "checkpoint_id": kordai, "percent_complete": 40, "status": "at_risk", "narrative": "Сканеры в пути",
        "proposed_date": "2027-03-31", "proposed_date_reason": "Поставка",
        "milestones": [{ "milestone_id": mid, "done": true, "actual_date": "2026-11-20" }]
    }] });
    let api = |method, path: &str| reqwest::Client::new().request(method, app.url(path)).bearer_auth(&token);
    let response = api(reqwest::Method::PUT, &format!("/api/v1/reports/transport/{week}/draft")).json(&draft).send();
    assert_eq!(response.await.unwrap().status(), 200, "saving the setup draft");
    let response = api(reqwest::Method::POST, &format!("/api/v1/reports/transport/{week}/submit")).send();
    assert_eq!(response.await.unwrap().status(), 200, "submitting the setup report");

    // Every post form, read from the pages that show them.
    let mut fields = BTreeMap::new();
    let pages: [(&Visitor, String); 16] = [
        (&app.admin, "/programmes/eaeu_external_2025/target".into()),
        (&app.admin, "/officials".into()),
        (&app.admin, "/checkpoints/new".into()),
        (&app.admin, format!("/checkpoints/{kordai}/edit")),
        (&app.admin, format!("/checkpoints/{kordai}/commissioning-date")),
        (&app.admin, format!("/checkpoints/{kordai}/milestones/new")),
        (&app.admin, format!("/checkpoints/{kordai}/milestones/{mid}/edit")),
        (&app.admin, format!("/checkpoints/{kordai}/milestones/{mid}/dates")),
        (&app.admin, "/users/new".into()),
        (&app.admin, format!("/users/{victim}/edit")),
        (&app.admin, format!("/users/{victim}/password")),
        (&pm, format!("/checkpoints/{kordai}/rag")),
        (&pm, format!("/reports/transport/{week}")),
        (&staff, format!("/reports/transport/{week}")),
        (&analyst, "/tokens".into()),
        (&analyst, "/account/password".into()),
    ];
    for (visitor, path) in &pages {
        fields.extend(forms(&visitor.page(path, 200).await));
    }
    fields.extend(forms(&app.anonymous().page("/login", 200).await));
    fields.extend(draft_form);
    // The lift button's form has only the token; it takes the override form's fields.
    let rag_form = fields.get(&format!("/checkpoints/{kordai}/rag")).cloned();
    let lift = fields.entry(format!("/checkpoints/{kordai}/rag/lift")).or_default();
    if let Some(rag) = rag_form {
        lift.names.extend(rag.names);
        lift.samples.extend(rag.samples);
    }

    // Every state-changing route of the router, with who may use it.
    let mut targets = Vec::new();
    for rule in checkpoint_tracker::web::routes().table() {
        if rule.method == "GET" {
            continue;
        }
        let pattern = rule.path;
        let poster = match (rule.access, pattern) {
            (_, "/logout") => Poster::from(&leaving),
            (Access::Public, _) => Poster::from(&anonymous),
            (Access::Signed(Permission::ReviewReports), _) => Poster::from(&pm),
            (Access::Signed(Permission::WriteReports), _) => Poster::from(&staff),
            (Access::Signed(Permission::EditRegister | Permission::ManageUsers), _) => Poster::from(&app.admin),
            (Access::Signed(_), _) => Poster::from(&analyst),
            (Access::Token(_), _) => Poster { client: reqwest::Client::new(), csrf: String::new() },
        };
        let id = if pattern.starts_with("/users") {
            victim
        } else if pattern.starts_with("/tokens") {
            analyst_token_id
        } else {
            kordai
        };
        let real: Vec<String> = pattern
            .split('/')
            .filter_map(|part| match part {
                "{id}" => Some(id.to_string()),
                "{mid}" => Some(mid.to_string()),
                "{code}" => Some("eaeu_external_2025".to_owned()),
                "{body}" => Some("transport".to_owned()),
                "{week}" => Some(week.clone()),
                p if p.starts_with('{') => panic!("{pattern}: no real value for {p}"),
                _ => None,
            })
            .collect();
        let mut target = Target { method: rule.method, pattern, real, poster, fields: None };
        if !matches!(rule.access, Access::Token(_)) {
            let action = target.path(&[Segment::Real, Segment::Real, Segment::Real]);
            let form = fields.get(&action).unwrap_or_else(|| panic!("no page shows the form of POST {action}"));
            target.fields = Some(form.clone());
        }
        targets.push(target);
    }
    assert!(targets.len() >= 20, "only {} state-changing routes", targets.len());

    let set_up = started.elapsed();
    // The cases, generated by a seeded runner.
    let cases: u32 = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(CASES_PER_ROUTE);
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(13);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config { cases, ..Config::default() },
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    let ids: Vec<i64> = vec![kordai, mid, 1, 48, 0, -1];
    let mut work: Vec<(usize, Case)> = Vec::new();
    for (route, target) in targets.iter().enumerate() {
        // One strategy per route, each case a fresh value tree of it.
        let strategy = match &target.fields {
            Some(fields) => form_case(fields).prop_map(Case::Form).boxed(),
            None => api_case(ids.clone(), target.pattern.ends_with("/submit")).prop_map(Case::Api).boxed(),
        };
        for _ in 0..cases {
            work.push((route, strategy.new_tree(&mut runner).unwrap().current()));
        }
    }
    // Logging out goes last, or every later post of that session fails.
    work.sort_by_key(|(route, _)| targets[*route].pattern == "/logout");
    let panics_before = panics_logged();
    let counts_before = revision_counts(&app.pool).await;
    let submitted_before = submitted(&app.pool).await;
    assert_eq!(violations(&app.pool).await, Vec::<String>::new(), "the invariants hold before the fuzzing");
    let generated = started.elapsed();

    let targets = &targets;
    let token = &token;
    let outcomes = Mutex::new(Vec::new());
    futures_util::stream::iter(work)
        .map(|(route, case)| async move {
            let target = &targets[route];
            let (path, body, content_type, bearer) = match &case {
                Case::Form(c) => {
                    let fields = target.fields.as_ref().unwrap();
                    let content_type = c.content_type.unwrap_or("application/x-www-form-urlencoded");
                    (target.path(&c.path), c.body(fields, &target.poster.csrf).into_bytes(), Some(content_type), None)
                }
                Case::Api(c) => {
                    let bearer = c.token.map(|valid| if valid { token.clone() } else { format!("{token}x") });
                    (target.path(&c.path), c.body(), c.content_type, bearer)
                }
            };
            let url = format!("http://{}{path}", app.addr);
            let method = reqwest::Method::from_bytes(target.method.as_bytes()).unwrap();
            let mut request = target.poster.client.request(method, &url);
            if let Some(content_type) = content_type.filter(|c| !c.is_empty()) {
                request = request.header("content-type", content_type);
            }
            if let Some(bearer) = bearer {
                request = request.bearer_auth(bearer);
            }
            let size = body.len();
            let shown = String::from_utf8_lossy(&body[..size.min(300)]).into_owned();
            // A kept-alive connection the server has just closed (after a 413,
            // say) fails on the client's side: such a request is sent again.
            let retry = request.try_clone().map(|r| r.body(body.clone()));
            let mut status = request.body(body).send().await.map(|r| r.status().as_u16());
            if let (Err(e), Some(retry)) = (&status, retry)
                && e.is_request()
            {
                status = retry.send().await.map(|r| r.status().as_u16());
            }
            let status = status.map_err(|e| format!("{e:?}"));
            Outcome { route, status, request: format!("{} {path} ({size} bytes): {shown:?}", target.method) }
        })
        .buffer_unordered(CONCURRENCY)
        .for_each(|outcome| {
            outcomes.lock().unwrap().push(outcome);
            async {}
        })
        .await;
    let outcomes = outcomes.into_inner().unwrap();

    // What each route answered.
    let mut statuses: BTreeMap<(usize, String), usize> = BTreeMap::new();
    for o in &outcomes {
        let status = o.status.as_ref().map_or_else(|_| "error".to_owned(), u16::to_string);
        *statuses.entry((o.route, status)).or_default() += 1;
    }
    println!("fuzz cases run per route:");
    for (route, target) in targets.iter().enumerate() {
        let answered: Vec<String> =
            statuses.iter().filter(|((r, _), _)| *r == route).map(|((_, s), n)| format!("{s}×{n}")).collect();
        let run = outcomes.iter().filter(|o| o.route == route).count();
        println!("  {:>5} {} {}: {}", run, target.method, target.pattern, answered.join(" "));
    }
    println!(
        "fuzz cases run: {} on {} routes (seed {seed}) in {:.0?}, after {:.0?} setting up and {:.0?} generating",
        outcomes.len(),
        targets.len(),
        started.elapsed() - generated,
        set_up,
        generated - set_up,
    );

    let failures: Vec<&Outcome> =
        outcomes.iter().filter(|o| o.status.as_ref().is_ok_and(|s| *s >= 500) || o.status.is_err()).collect();
    for o in failures.iter().take(20) {
        println!("FAILED {:?}: {}", o.status, o.request);
    }
    assert!(failures.is_empty(), "{} requests failed with a server error or no answer", failures.len());
    assert_eq!(panics_logged(), panics_before, "a handler panicked");

    // The history is append-only: nothing submitted went away or changed…
    let submitted_after = submitted(&app.pool).await;
    for revision in &submitted_before {
        assert!(submitted_after.contains(revision), "submitted revision {revision:?} changed or went away");
    }
    let counts_after = revision_counts(&app.pool).await;
    for (report, before) in &counts_before {
        assert!(counts_after.get(report).is_some_and(|after| after >= before), "report {report} lost revisions");
    }
    // …and every rule that ties the tables together still holds.
    assert_eq!(violations(&app.pool).await, Vec::<String>::new());
    // The fuzzing went past the token and the validation: it changed things.
    let revisions = |counts: &HashMap<i64, i64>| counts.values().sum::<i64>();
    assert!(revisions(&counts_after) > revisions(&counts_before), "no report changed");
    assert!(outcomes.len() >= 10_000 || cases < CASES_PER_ROUTE, "{} cases", outcomes.len());
}

/// Creates a token through the page and returns it (shown once).
async fn token_of(visitor: &Visitor, label: &str) -> String {
    let response = visitor.post_form("/tokens", &[("label", label)]).await;
    assert_eq!(response.status(), 200);
    text(&Html::parse_document(&response.text().await.unwrap()), "#new-token")
}

// What the fuzzing found, kept as plain cases.

#[tokio::test]
async fn a_nul_in_a_login_name_is_refused_not_a_server_error() {
    let app = TestApp::spawn().await;
    let mut visitor = app.anonymous();
    let response = visitor.try_log_in("ad\0min", "wrong").await;
    assert_eq!(response.status(), 401);
    let actor: String = sqlx::query_scalar("select actor from audit_log where action = 'auth.login_failed'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(actor, "ad\u{fffd}min", "the name as typed, its NUL made storable");
}

#[tokio::test]
async fn a_nul_in_a_programme_code_is_not_found_not_a_server_error() {
    let app = TestApp::spawn().await;
    let form = [("version", "1"), ("target_count", "9"), ("target_year", "2025")];
    assert_eq!(app.post_form("/programmes/%00/target", &form).await.status(), 404);
    assert_eq!(app.get("/programmes/eaeu%00/target").await.status(), 404);
}
