//! The fuzz cases: proptest strategies for form bodies, JSON bodies and
//! path parameters, and the forms they start from, read from the pages.

use std::collections::{BTreeMap, BTreeSet};

use checkpoint_tracker::web::BODY_LIMIT;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use scraper::{Html, Selector};
use serde_json::{Value, json};

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
pub struct FormCase {
    /// Start from the form's own fields (as the page sends them) and change
    /// a few; otherwise pairs drawn at random from its field names.
    mutate: bool,
    pairs: Vec<(String, String, Encoding)>,
    mutations: Vec<Mutation>,
    csrf: Csrf,
    /// `None`: the form content type.
    pub content_type: Option<&'static str>,
    /// A value that brings the body near the 2 MiB limit: just under or over.
    oversize: Option<i64>,
    pub path: Vec<Segment>,
}

/// A path parameter: the real one, or something else.
#[derive(Debug, Clone)]
pub enum Segment {
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

pub fn form_case(fields: &FormFields) -> impl Strategy<Value = FormCase> + use<> {
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
    pub fn body(&self, fields: &FormFields, token: &str) -> String {
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
pub struct ApiCase {
    json: Value,
    spoil: Spoil,
    pub content_type: Option<&'static str>,
    /// Whether to send the valid token (else none, or a made-up one).
    pub token: Option<bool>,
    pub path: Vec<Segment>,
}

pub fn api_case(ids: Vec<i64>, submit: bool) -> impl Strategy<Value = ApiCase> {
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
    pub fn body(&self) -> Vec<u8> {
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
pub struct FormFields {
    pub defaults: Vec<(String, String)>,
    pub names: BTreeSet<String>,
    pub samples: BTreeSet<String>,
}

/// The post forms of a page, by action.
pub fn forms(html: &Html) -> BTreeMap<String, FormFields> {
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
                // As if the first of a form's named buttons were clicked.
                ("button", _) => (!fields.defaults.iter().any(|(n, _)| *n == name))
                    .then(|| el.attr("value").unwrap_or_default().to_owned()),
                // A choice nobody made sends nothing, except that a radio
                // group is answered with its first option, as a user would,
                // so that the form's own body can pass (a review's fates).
                (_, Some("radio")) if el.attr("checked").is_none() => {
                    let checked = Selector::parse(&format!("input[name=\"{name}\"][checked]")).unwrap();
                    let answered = fields.defaults.iter().any(|(n, _)| *n == name);
                    (!answered && form.select(&checked).next().is_none())
                        .then(|| el.attr("value").unwrap_or_default().to_owned())
                }
                (_, Some("checkbox")) if el.attr("checked").is_none() => None,
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

/// A case ready to send.
#[derive(Debug, Clone)]
pub enum Case {
    Form(FormCase),
    Api(ApiCase),
}
